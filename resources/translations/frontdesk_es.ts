<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AdminActionDialog</name>
    <message>
        <source>Enter an admin&apos;s username and password first.</source>
        <translation>Introduzca primero el usuario y la contraseña de un administrador.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Kept in the audit log</source>
        <translation>Se guarda en el registro de auditoría</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Motivo</translation>
    </message>
    <message>
        <source>Admin &amp;username</source>
        <translation>&amp;Usuario del administrador</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>Say why (it is kept in the audit log).</source>
        <translation>Indique el motivo (se guarda en el registro de auditoría).</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
</context>
<context>
    <name>AgendaModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagada</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>backups here are for the one-PC SQLite database; back up a shared PostgreSQL database on its server (pg_dump)</source>
        <translation>estas copias de seguridad son para la base de datos SQLite de un solo PC; haga la copia de seguridad de una base de datos PostgreSQL compartida en su servidor (pg_dump)</translation>
    </message>
    <message>
        <source>{backup}: no such file</source>
        <translation>{backup}: no existe el archivo</translation>
    </message>
    <message>
        <source>{backup} is damaged or is not a database ({error})</source>
        <translation>{backup} está dañado o no es una base de datos ({error})</translation>
    </message>
    <message>
        <source>{backup} is damaged (SQLite&apos;s integrity check: {problem})</source>
        <translation>{backup} está dañado (comprobación de integridad de SQLite: {problem})</translation>
    </message>
    <message>
        <source>{backup} is not a Clinic Front Desk backup</source>
        <translation>{backup} no es una copia de seguridad de Clinic Front Desk</translation>
    </message>
    <message>
        <source>{backup} was made by a newer version of Clinic Front Desk (schema {revision})</source>
        <translation>{backup} se creó con una versión más reciente de Clinic Front Desk (esquema {revision})</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> y {count} más</translation>
    </message>
    <message>
        <source>{backup} is not a complete backup (schema {revision}): missing {named}{more}</source>
        <translation>{backup} no es una copia de seguridad completa (esquema {revision}): faltan {named}{more}</translation>
    </message>
</context>
<context>
    <name>BlockRule</name>
    <message>
        <source>this rule never happens (e.g. 30 February)</source>
        <translation>esta regla no se cumple nunca (p. ej., 30 de febrero)</translation>
    </message>
    <message>
        <source>INTERVAL must be a whole number of 1 or more (INTERVAL=2: every other period)</source>
        <translation>INTERVAL debe ser un número entero de 1 o más (INTERVAL=2: un periodo sí y otro no)</translation>
    </message>
    <message>
        <source>a recurring block can repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); for several times a day add one block per time</source>
        <translation>un bloqueo periódico se repite como mucho una vez al día (FREQ=DAILY, WEEKLY, MONTHLY o YEARLY); para varias veces al día, añada un bloqueo por cada hora</translation>
    </message>
    <message>
        <source>a recurring block can start at most once a day (BYHOUR, BYMINUTE and BYSECOND take one value each); for several times a day add one block per time</source>
        <translation>un bloqueo periódico empieza como mucho una vez al día (BYHOUR, BYMINUTE y BYSECOND admiten un valor cada uno); para varias veces al día, añada un bloqueo por cada hora</translation>
    </message>
</context>
<context>
    <name>BlockType</name>
    <message>
        <source>vacation</source>
        <translation>vacaciones</translation>
    </message>
    <message>
        <source>meeting</source>
        <translation>reunión</translation>
    </message>
    <message>
        <source>sick leave</source>
        <translation>baja por enfermedad</translation>
    </message>
    <message>
        <source>personal</source>
        <translation>asunto personal</translation>
    </message>
    <message>
        <source>training</source>
        <translation>formación</translation>
    </message>
    <message>
        <source>other</source>
        <translation>otro</translation>
    </message>
</context>
<context>
    <name>BlocksPage</name>
    <message>
        <source>Recurring blocks keep their local times across daylight saving. Sessions already booked inside a new block are listed before saving.</source>
        <translation>Los bloqueos recurrentes mantienen su hora local aunque cambie el horario de verano. Las sesiones ya reservadas dentro de un nuevo bloqueo se enumeran antes de guardar.</translation>
    </message>
    <message>
        <source> and %d more</source>
        <translation> y %d más</translation>
    </message>
    <message numerus="yes">
        <source>%n booked session(s) fall inside the new block: %s.</source>
        <translation>
            <numerusform>%n sesión reservada cae dentro del nuevo bloqueo: %s.</numerusform>
            <numerusform>%n sesiones reservadas caen dentro del nuevo bloqueo: %s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking booked sessions…</source>
        <translation>Comprobando sesiones reservadas…</translation>
    </message>
    <message>
        <source>Sessions inside the block</source>
        <translation>Sesiones dentro del bloqueo</translation>
    </message>
    <message>
        <source>

They stay booked. Save the block anyway?</source>
        <translation>

Seguirán reservadas. ¿Guardar el bloqueo de todos modos?</translation>
    </message>
</context>
<context>
    <name>Booking</name>
    <message>
        <source>a cancellation needs a reason</source>
        <translation>una cancelación requiere un motivo</translation>
    </message>
    <message>
        <source>the cancellation&apos;s reason</source>
        <translation>el motivo de la cancelación</translation>
    </message>
    <message>
        <source>{reference} is {status}; only scheduled or confirmed sessions can be cancelled</source>
        <translation>{reference} está en estado «{status}»; solo se pueden cancelar las sesiones programadas o confirmadas</translation>
    </message>
    <message>
        <source>cancel a session with its reason (frontdesk cancel)</source>
        <translation>cancele la sesión indicando el motivo (frontdesk cancel)</translation>
    </message>
    <message>
        <source>nothing (it is final)</source>
        <translation>nada (es un estado final)</translation>
    </message>
    <message>
        <source>{reference} cannot go from {current} to {status}; allowed: {options}</source>
        <translation>{reference} no puede pasar del estado «{current}» a «{status}»; permitidos: {options}</translation>
    </message>
    <message>
        <source>{reference} has not started yet ({status})</source>
        <translation>{reference} aún no ha comenzado (estado: {status})</translation>
    </message>
    <message>
        <source>the database holds no clinic yet (import one or run `frontdesk demo`)</source>
        <translation>la base de datos aún no contiene ninguna clínica (importe una o ejecute `frontdesk demo`)</translation>
    </message>
    <message>
        <source>no therapist with key {key!r}</source>
        <translation>no hay ningún terapeuta con la clave {key!r}</translation>
    </message>
    <message>
        <source>therapist {key!r} is inactive</source>
        <translation>el terapeuta {key!r} está inactivo</translation>
    </message>
    <message>
        <source>no client with key {key!r}</source>
        <translation>no hay ningún cliente con la clave {key!r}</translation>
    </message>
    <message>
        <source>client {key!r} is inactive</source>
        <translation>el cliente {key!r} está inactivo</translation>
    </message>
    <message>
        <source>no service with key {key!r}</source>
        <translation>no hay ningún servicio con la clave {key!r}</translation>
    </message>
    <message>
        <source>service {key!r} is inactive</source>
        <translation>el servicio {key!r} está inactivo</translation>
    </message>
    <message>
        <source>no room with key {key!r}</source>
        <translation>no hay ninguna sala con la clave {key!r}</translation>
    </message>
    <message>
        <source>room {key!r} is inactive</source>
        <translation>la sala {key!r} está inactiva</translation>
    </message>
    <message>
        <source>no session with reference {reference!r}</source>
        <translation>no hay ninguna sesión con la referencia {reference!r}</translation>
    </message>
    <message>
        <source>no client with key {client!r}</source>
        <translation>no hay ningún cliente con la clave {client!r}</translation>
    </message>
    <message>
        <source>no therapist with key {therapist!r}</source>
        <translation>no hay ningún terapeuta con la clave {therapist!r}</translation>
    </message>
    <message>
        <source>no service with key {service!r}</source>
        <translation>no hay ningún servicio con la clave {service!r}</translation>
    </message>
    <message>
        <source>a start must carry its offset or be read in the clinic zone</source>
        <translation>la hora de inicio debe llevar su desfase horario o interpretarse en la zona horaria de la clínica</translation>
    </message>
    <message>
        <source>a start must be on a whole minute</source>
        <translation>la hora de inicio debe caer en un minuto exacto</translation>
    </message>
    <message>
        <source>{what} {problem}</source>
        <translation>{what} {problem}</translation>
    </message>
    <message>
        <source>the notes</source>
        <translation>el texto de las notas</translation>
    </message>
    <message>
        <source>the special requests</source>
        <translation>el texto de las peticiones especiales</translation>
    </message>
    <message>
        <source>an override needs a reason</source>
        <translation>una excepción de supervisor requiere un motivo</translation>
    </message>
    <message>
        <source>the override&apos;s reason</source>
        <translation>el motivo de la excepción de supervisor</translation>
    </message>
    <message>
        <source>override needs the valid credentials of an active supervisor or admin</source>
        <translation>la excepción de supervisor requiere las credenciales válidas de un supervisor o administrador activo</translation>
    </message>
    <message>
        <source>no therapist with key {therapist_key!r}</source>
        <translation>no hay ningún terapeuta con la clave {therapist_key!r}</translation>
    </message>
    <message>
        <source>no service with key {service_key!r}</source>
        <translation>no hay ningún servicio con la clave {service_key!r}</translation>
    </message>
    <message>
        <source>--days must be between 1 and {max_days}</source>
        <translation>--days debe estar entre 1 y {max_days}</translation>
    </message>
    <message>
        <source>the time must be between 00:00 and 23:59</source>
        <translation>la hora debe estar entre 00:00 y 23:59</translation>
    </message>
    <message>
        <source>the end date is before the start date</source>
        <translation>la fecha de fin es anterior a la fecha de inicio</translation>
    </message>
    <message>
        <source>every N days needs N between 1 and 365</source>
        <translation>«cada N días» requiere un N entre 1 y 365</translation>
    </message>
    <message>
        <source>only an every-N-days series has a number of days</source>
        <translation>solo una serie «cada N días» tiene un número de días</translation>
    </message>
    <message>
        <source>the price cannot be negative</source>
        <translation>el precio no puede ser negativo</translation>
    </message>
    <message>
        <source>no series with key {key!r}</source>
        <translation>no hay ninguna serie con la clave {key!r}</translation>
    </message>
    <message>
        <source>the series has ended; it cannot be paused</source>
        <translation>la serie ha terminado; no se puede pausar</translation>
    </message>
    <message>
        <source>the series has ended; create a new one instead</source>
        <translation>la serie ha terminado; cree una nueva en su lugar</translation>
    </message>
    <message>
        <source>a series belongs to one client; create a new one instead</source>
        <translation>una serie pertenece a un solo cliente; cree una nueva en su lugar</translation>
    </message>
    <message>
        <source>{reference} is paid in advance and was left as it was</source>
        <translation>{reference} está pagada por adelantado y se dejó como estaba</translation>
    </message>
    <message>
        <source>{reference} has no date in the series; left</source>
        <translation>{reference} no tiene fecha en la serie; se dejó como estaba</translation>
    </message>
    <message>
        <source>{reference} is not on a date of the new rule; left</source>
        <translation>{reference} no cae en una fecha de la nueva regla; se dejó como estaba</translation>
    </message>
    <message>
        <source>{reference} could not move: {error}</source>
        <translation>{reference} no se pudo mover: {error}</translation>
    </message>
    <message>
        <source>another workstation booked that time first; try again</source>
        <translation>otro puesto reservó esa hora antes; vuelva a intentarlo</translation>
    </message>
    <message>
        <source>that occurrence is booked already</source>
        <translation>esa fecha de la serie ya está reservada</translation>
    </message>
    <message>
        <source>no session with reference {reference}</source>
        <translation>no hay ninguna sesión con la referencia {reference}</translation>
    </message>
</context>
<context>
    <name>BookingDialog</name>
    <message>
        <source>New booking</source>
        <translation>Nueva reserva</translation>
    </message>
    <message>
        <source>Client balance</source>
        <translation>Saldo del cliente</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Administrative notes (never clinical)</source>
        <translation>Notas administrativas (nunca clínicas)</translation>
    </message>
    <message>
        <source>Special requests</source>
        <translation>Peticiones especiales</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>&amp;Servicio</translation>
    </message>
    <message>
        <source>&amp;Therapist</source>
        <translation>&amp;Terapeuta</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Fecha</translation>
    </message>
    <message>
        <source>T&amp;ype</source>
        <translation>T&amp;ipo</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>&amp;Notas</translation>
    </message>
    <message>
        <source>Special re&amp;quests</source>
        <translation>&amp;Peticiones especiales</translation>
    </message>
    <message>
        <source>Available starts</source>
        <translation>Horas disponibles</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>&amp;Room</source>
        <translation>Sa&amp;la</translation>
    </message>
    <message>
        <source>New client warning</source>
        <translation>Aviso de cliente nuevo</translation>
    </message>
    <message>
        <source>Add to &amp;waitlist…</source>
        <translation>Añadir a la lista de &amp;espera…</translation>
    </message>
    <message>
        <source>Put the client on the waitlist for this service and therapist</source>
        <translation>Poner al cliente en la lista de espera para este servicio y terapeuta</translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>&amp;Reservar</translation>
    </message>
    <message>
        <source>Client added.</source>
        <translation>Cliente añadido.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automática</translation>
    </message>
    <message>
        <source>Automatic — %s</source>
        <translation>Automática — %s</translation>
    </message>
    <message>
        <source>no room free</source>
        <translation>ninguna sala libre</translation>
    </message>
    <message>
        <source>%s; Book asks for an override.</source>
        <translation>%s; Reservar pedirá una excepción de supervisor.</translation>
    </message>
    <message>
        <source>%s; a supervisor may override.</source>
        <translation>%s; un supervisor puede autorizar una excepción.</translation>
    </message>
    <message>
        <source>Held for you until %s</source>
        <translation>Reservada provisionalmente para usted hasta las %s</translation>
    </message>
    <message>
        <source>Not held: %s.</source>
        <translation>Sin reserva provisional: %s.</translation>
    </message>
    <message>
        <source>That start was just taken: %s.</source>
        <translation>Esa hora acaba de ocuparse: %s.</translation>
    </message>
    <message>
        <source>Holding the start…</source>
        <translation>Reservando provisionalmente la hora…</translation>
    </message>
    <message>
        <source>Choose the client first (search, or New client…).</source>
        <translation>Elija primero el cliente (búsquelo o use Nuevo cliente…).</translation>
    </message>
    <message>
        <source>Choose one of the available starts.</source>
        <translation>Elija una de las horas disponibles.</translation>
    </message>
    <message>
        <source>That start is not available.</source>
        <translation>Esa hora no está disponible.</translation>
    </message>
    <message>
        <source>This start breaks the rules shown. Book it anyway as an emergency?</source>
        <translation>Esta hora incumple las reglas indicadas. ¿Reservarla de todos modos como urgencia?</translation>
    </message>
    <message>
        <source>%s. Book anyway?</source>
        <translation>%s. ¿Reservar de todos modos?</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Excepción de supervisor</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Reservando…</translation>
    </message>
    <message>
        <source>Not booked: %s.</source>
        <translation>No se reservó: %s.</translation>
    </message>
    <message>
        <source>Book at %s instead</source>
        <translation>Reservar a las %s en su lugar</translation>
    </message>
    <message>
        <source>Added to the waitlist.</source>
        <translation>Añadido a la lista de espera.</translation>
    </message>
</context>
<context>
    <name>BookingRefusal</name>
    <message>
        <source>{therapist} is on leave</source>
        <translation>{therapist} está de baja</translation>
    </message>
    <message>
        <source>{therapist} does not work at {start}</source>
        <translation>{therapist} no trabaja el {start}</translation>
    </message>
    <message>
        <source>{start} is inside {therapist}&apos;s minimum notice</source>
        <translation>{start} está dentro del plazo mínimo de antelación de {therapist}</translation>
    </message>
    <message>
        <source>{start} is further ahead than {therapist} takes bookings</source>
        <translation>{start} supera la antelación máxima con la que {therapist} acepta reservas</translation>
    </message>
    <message>
        <source>{therapist} already has the most sessions allowed that day</source>
        <translation>{therapist} ya tiene el máximo de sesiones permitidas ese día</translation>
    </message>
    <message>
        <source>{therapist} is blocked at {start} ({detail})</source>
        <translation>{therapist} tiene tiempo bloqueado el {start} ({detail})</translation>
    </message>
    <message>
        <source>{therapist}&apos;s own calendar is busy at {start}</source>
        <translation>el calendario propio de {therapist} está ocupado el {start}</translation>
    </message>
    <message>
        <source>{therapist} already has a session at {start} (buffers included)</source>
        <translation>{therapist} ya tiene una sesión el {start} (contando los márgenes entre sesiones)</translation>
    </message>
    <message>
        <source>{start} is being held for another booking</source>
        <translation>{start} está en reserva provisional para otra reserva</translation>
    </message>
    <message>
        <source>no suitable room is free at {start}, even after moving other sessions</source>
        <translation>no hay ninguna sala adecuada libre el {start}, ni siquiera moviendo otras sesiones</translation>
    </message>
    <message>
        <source>the client already has a session at that time</source>
        <translation>el cliente ya tiene una sesión a esa hora</translation>
    </message>
    <message>
        <source>another workstation booked that time first</source>
        <translation>otro puesto reservó esa hora antes</translation>
    </message>
    <message>
        <source>{room} lacks what {service} needs: {features}</source>
        <translation>{room} no tiene lo que necesita {service}: {features}</translation>
    </message>
    <message>
        <source>{room} is taken at that time</source>
        <translation>{room} está ocupada a esa hora</translation>
    </message>
    <message>
        <source>{therapist} is not taking new clients (this is an initial session)</source>
        <translation>{therapist} no acepta clientes nuevos (es una sesión inicial)</translation>
    </message>
    <message>
        <source>{therapist} is not taking new clients</source>
        <translation>{therapist} no acepta clientes nuevos</translation>
    </message>
    <message>
        <source>{reference} is {status} and cannot be moved</source>
        <translation>{reference} (estado: {status}) no se puede mover</translation>
    </message>
    <message>
        <source>that therapist is not shown here</source>
        <translation>ese terapeuta no se muestra aquí</translation>
    </message>
    <message>
        <source>that day is not loaded; change the view</source>
        <translation>ese día no está cargado; cambie la vista</translation>
    </message>
    <message>
        <source>that room is not in use</source>
        <translation>esa sala no está en uso</translation>
    </message>
</context>
<context>
    <name>CalendarFeedsDialog</name>
    <message>
        <source>Enter an admin&apos;s username and password first.</source>
        <translation>Introduzca primero el usuario y la contraseña de un administrador.</translation>
    </message>
    <message>
        <source>Calendar feeds</source>
        <translation>Calendarios publicados</translation>
    </message>
    <message>
        <source>Admin sign-in (needed for any change)</source>
        <translation>Acceso de administrador (necesario para cualquier cambio)</translation>
    </message>
    <message>
        <source>username</source>
        <translation>usuario</translation>
    </message>
    <message>
        <source>Admin username</source>
        <translation>Usuario de administrador</translation>
    </message>
    <message>
        <source>password</source>
        <translation>contraseña</translation>
    </message>
    <message>
        <source>Admin password</source>
        <translation>Contraseña de administrador</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Subscription URLs</source>
        <translation>URL de suscripción</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Calendario</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Feed to publish</source>
        <translation>Calendario que publicar</translation>
    </message>
    <message>
        <source>&amp;New feed URL</source>
        <translation>&amp;Nueva URL de calendario</translation>
    </message>
    <message>
        <source>&amp;Revoke selected</source>
        <translation>&amp;Revocar la seleccionada</translation>
    </message>
    <message>
        <source>A new URL is shown here once</source>
        <translation>Aquí se muestra una nueva URL una sola vez</translation>
    </message>
    <message>
        <source>New feed URL</source>
        <translation>Nueva URL de calendario</translation>
    </message>
    <message>
        <source>&amp;Copy URL</source>
        <translation>&amp;Copiar URL</translation>
    </message>
    <message>
        <source>Anyone holding a feed URL can read that calendar. It is shown only once; if it leaks, revoke it and make a new one.</source>
        <translation>Cualquiera que tenga la URL de un calendario puede leer ese calendario. Se muestra solo una vez; si se filtra, revóquela y cree una nueva.</translation>
    </message>
    <message>
        <source>What feeds show</source>
        <translation>Qué muestran los calendarios</translation>
    </message>
    <message>
        <source>Full client names (otherwise initials)</source>
        <translation>Nombres completos de los clientes (si no, iniciales)</translation>
    </message>
    <message>
        <source>Blocked times as busy (by type only)</source>
        <translation>Tiempos bloqueados como ocupado (solo por tipo)</translation>
    </message>
    <message>
        <source>Days back</source>
        <translation>Días hacia atrás</translation>
    </message>
    <message>
        <source>Days ahead</source>
        <translation>Días hacia adelante</translation>
    </message>
    <message>
        <source>Keep cancelled sessions (0 = drop at once)</source>
        <translation>Conservar sesiones canceladas (0 = quitarlas de inmediato)</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>&amp;Guardar configuración</translation>
    </message>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>Publishing from this computer</source>
        <translation>Publicación desde este equipo</translation>
    </message>
    <message>
        <source>Address to listen on</source>
        <translation>Dirección de escucha</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Publish whenever the app runs on this computer</source>
        <translation>Publicar siempre que la aplicación se ejecute en este equipo</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Feeds will be published whenever the app runs here.</source>
        <translation>Los calendarios se publicarán siempre que la aplicación se ejecute aquí.</translation>
    </message>
    <message>
        <source>Feeds will not be published when the app starts.</source>
        <translation>Los calendarios no se publicarán al iniciar la aplicación.</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>revocada</translation>
    </message>
    <message>
        <source>live</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>New feed URL for %s. Copy it now: it is not shown again.</source>
        <translation>Nueva URL de calendario para %s. Cópiela ahora: no se volverá a mostrar.</translation>
    </message>
    <message>
        <source>URL copied.</source>
        <translation>URL copiada.</translation>
    </message>
    <message>
        <source>Select the feed URL to revoke.</source>
        <translation>Seleccione la URL de calendario que desea revocar.</translation>
    </message>
    <message>
        <source>Revoked: that URL stops working now.</source>
        <translation>Revocada: esa URL deja de funcionar desde ahora.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configuración guardada.</translation>
    </message>
    <message>
        <source>Enter the address to listen on (127.0.0.1: this computer only).</source>
        <translation>Introduzca la dirección de escucha (127.0.0.1: solo este equipo).</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Feeds are no longer published from this computer.</source>
        <translation>Los calendarios ya no se publican desde este equipo.</translation>
    </message>
    <message>
        <source>Publishing on %s: other computers that can reach it and hold a feed URL can read that feed.</source>
        <translation>Publicando en %s: otros equipos que puedan acceder a esa dirección y tengan la URL de un calendario pueden leer ese calendario.</translation>
    </message>
    <message>
        <source>Publishing feeds on this computer only.</source>
        <translation>Publicando los calendarios solo en este equipo.</translation>
    </message>
    <message>
        <source>Cannot listen on %s:%d: %s</source>
        <translation>No se puede escuchar en %s:%d: %s</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>Not publishing</source>
        <translation>Sin publicar</translation>
    </message>
    <message>
        <source>Publishing at %s</source>
        <translation>Publicando en %s</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>&amp;Therapist</source>
        <translation>&amp;Terapeuta</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Saved together with the other two tabs of this therapist.</source>
        <translation>Se guarda junto con las otras dos pestañas de este terapeuta.</translation>
    </message>
    <message>
        <source>Several blocks a day are fine; they must not overlap. </source>
        <translation>Se admiten varios bloques al día; no deben superponerse. </translation>
    </message>
    <message>
        <source>A date&apos;s own hours replace its weekday&apos;s; untick Works for a day off. </source>
        <translation>El horario propio de una fecha reemplaza al de su día de la semana; desmarque Trabaja para un día libre. </translation>
    </message>
    <message>
        <source>Working &amp;hours</source>
        <translation>&amp;Horario de trabajo</translation>
    </message>
    <message>
        <source>Date &amp;exceptions</source>
        <translation>&amp;Excepciones por fecha</translation>
    </message>
    <message>
        <source>&amp;Blocked times</source>
        <translation>Tiempos &amp;bloqueados</translation>
    </message>
</context>
<context>
    <name>CalendarScene</name>
    <message>
        <source>Vacation</source>
        <translation>Vacaciones</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>Reunión</translation>
    </message>
    <message>
        <source>Sick leave</source>
        <translation>Baja por enfermedad</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Asunto personal</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Formación</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Busy (own calendar)</source>
        <translation>Ocupado (calendario propio)</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Reserva provisional</translation>
    </message>
    <message>
        <source>Held for a booking in progress</source>
        <translation>Reserva provisional para una reserva en curso</translation>
    </message>
    <message>
        <source>%d/%d booked</source>
        <translation>%d/%d reservadas</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>&amp;Cancel…</source>
        <translation>&amp;Cancelar…</translation>
    </message>
    <message>
        <source>Take &amp;payment…</source>
        <translation>Registrar &amp;cobro…</translation>
    </message>
    <message>
        <source>&amp;Waive fee…</source>
        <translation>C&amp;ondonar el cargo…</translation>
    </message>
    <message>
        <source>Change &amp;price…</source>
        <translation>Cambiar el &amp;precio…</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>That session was changed at another desk</source>
        <translation>Esa sesión se modificó en otro puesto</translation>
    </message>
    <message>
        <source>No room</source>
        <translation>Sin sala</translation>
    </message>
    <message>
        <source>Choose a room column</source>
        <translation>Elija una columna de sala</translation>
    </message>
    <message>
        <source>%s is %s and cannot be moved</source>
        <translation>%s (%s) no se puede mover</translation>
    </message>
    <message>
        <source>Drop on a column of the schedule</source>
        <translation>Suelte sobre una columna de la agenda</translation>
    </message>
    <message>
        <source>%s: free — drop to move here</source>
        <translation>%s: libre — suelte para moverla aquí</translation>
    </message>
    <message>
        <source> (a supervisor may override)</source>
        <translation> (un supervisor puede autorizar una excepción)</translation>
    </message>
    <message>
        <source>New booking %s</source>
        <translation>Nueva reserva %s</translation>
    </message>
    <message>
        <source>Release to book at %s</source>
        <translation>Suelte para reservar: %s</translation>
    </message>
    <message>
        <source>Move cancelled</source>
        <translation>Movimiento cancelado</translation>
    </message>
    <message>
        <source>no room</source>
        <translation>sin sala</translation>
    </message>
    <message>
        <source>Booked by override</source>
        <translation>Reservada con excepción de supervisor</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagada</translation>
    </message>
    <message>
        <source>⚑ overridden</source>
        <translation>⚑ con excepción</translation>
    </message>
</context>
<context>
    <name>CashUp</name>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolso</translation>
    </message>
    <message>
        <source>Reversal</source>
        <translation>Anulación</translation>
    </message>
    <message>
        <source>Cash-up %s</source>
        <translation>Cierre de caja %s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>No payments taken.</source>
        <translation>No se registró ningún cobro.</translation>
    </message>
    <message>
        <source>Nothing was paid or given back this day.</source>
        <translation>Este día no se cobró ni se devolvió nada.</translation>
    </message>
    <message>
        <source>Cash-up — %s</source>
        <translation>Cierre de caja — %s</translation>
    </message>
    <message>
        <source>Amounts in %s. Taken: payments net of reversals.</source>
        <translation>Importes en %s. Cobrado: pagos menos anulaciones.</translation>
    </message>
    <message>
        <source>Expected cash in the drawer:</source>
        <translation>Efectivo esperado en caja:</translation>
    </message>
    <message>
        <source>(cash taken %s − cash refunded %s)</source>
        <translation>(efectivo cobrado %s − efectivo reembolsado %s)</translation>
    </message>
    <message>
        <source>Entries (%d)</source>
        <translation>Movimientos (%d)</translation>
    </message>
    <message>
        <source>Counted by: ____________________</source>
        <translation>Contado por: ____________________</translation>
    </message>
    <message>
        <source>Cash counted: ____________</source>
        <translation>Efectivo contado: ____________</translation>
    </message>
    <message>
        <source>By method</source>
        <translation>Por método</translation>
    </message>
    <message>
        <source>Taken by desk user</source>
        <translation>Cobrado por usuario de recepción</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Cobrado</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>Cobrado por</translation>
    </message>
</context>
<context>
    <name>CashUpWindow</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>Cobrado por</translation>
    </message>
    <message>
        <source>Cash-up</source>
        <translation>Cierre de caja</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>&amp;Día:</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Guardar como P&amp;DF…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Expected cash in the drawer&lt;/b&gt;</source>
        <translation>&lt;b&gt;Efectivo esperado en caja&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Expected cash in the drawer</source>
        <translation>Efectivo esperado en caja</translation>
    </message>
    <message>
        <source>By method</source>
        <translation>Por método</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Cobrado</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Total taken</source>
        <translation>Total cobrado</translation>
    </message>
    <message>
        <source>Total refunded</source>
        <translation>Total reembolsado</translation>
    </message>
    <message>
        <source>Taken by desk user</source>
        <translation>Cobrado por usuario de recepción</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Entries of the day</source>
        <translation>Movimientos del día</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Cash-up — %s</source>
        <translation>Cierre de caja — %s</translation>
    </message>
    <message>
        <source>cash taken %s − cash refunded %s</source>
        <translation>efectivo cobrado %s − efectivo reembolsado %s</translation>
    </message>
    <message>
        <source>Entries of the day: %d</source>
        <translation>Movimientos del día: %d</translation>
    </message>
    <message>
        <source>Nothing was paid or given back this day.</source>
        <translation>Este día no se cobró ni se devolvió nada.</translation>
    </message>
    <message>
        <source>Save the cash-up as PDF</source>
        <translation>Guardar el cierre de caja como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation>Guardado en %s</translation>
    </message>
</context>
<context>
    <name>ChargeDialog</name>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Supervisor &amp;waives the lateness (no fee)…</source>
        <translation>&amp;Condonar la cancelación tardía (supervisor, sin cargo)…</translation>
    </message>
    <message>
        <source>Not marked late and no fee: a supervisor&apos;s credentials and a reason</source>
        <translation>No se marca como tardía ni se aplica cargo: requiere las credenciales de un supervisor y un motivo</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Volver</translation>
    </message>
    <message>
        <source>Waived by %s, so not late. %s</source>
        <translation>Condonada por %s, por lo que no es tardía. %s</translation>
    </message>
    <message>
        <source>Late cancellation</source>
        <translation>Cancelación tardía</translation>
    </message>
    <message>
        <source>This is inside the clinic&apos;s cancellation notice, so it will be marked late and charged the policy&apos;s fee. A supervisor can waive that now.</source>
        <translation>Está dentro del plazo de preaviso de cancelación de la clínica, así que se marcará como tardía y se aplicará el cargo de la política. Un supervisor puede condonarlo ahora.</translation>
    </message>
    <message>
        <source>Why &amp;waive</source>
        <translation>&amp;Motivo de la condonación</translation>
    </message>
    <message>
        <source>A cancellation needs a reason.</source>
        <translation>Indique el motivo de la cancelación.</translation>
    </message>
</context>
<context>
    <name>ClientAdminButtons</name>
    <message>
        <source>Archive…</source>
        <translation>Archivar…</translation>
    </message>
    <message>
        <source>Take the client out of search; history stays</source>
        <translation>Quitar al cliente de las búsquedas; el historial se conserva</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Fusionar…</translation>
    </message>
    <message>
        <source>Merge another record of this client into this one</source>
        <translation>Fusionar otro registro de este cliente en este</translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation>Borrar…</translation>
    </message>
    <message>
        <source>Erase this client&apos;s personal data on request</source>
        <translation>Borrar los datos personales de este cliente a petición suya</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>Desarchivar</translation>
    </message>
    <message>
        <source>Erase again…</source>
        <translation>Borrar de nuevo…</translation>
    </message>
    <message>
        <source>Archive client</source>
        <translation>Archivar cliente</translation>
    </message>
    <message>
        <source>Archive &lt;b&gt;%s&lt;/b&gt;? The client leaves search and the clients list (unless archived ones are shown); sessions and history stay. Unarchive brings the client back.</source>
        <translation>¿Archivar a &lt;b&gt;%s&lt;/b&gt;? El cliente deja de aparecer en las búsquedas y en la lista de clientes (salvo que se muestren los archivados); las sesiones y el historial se conservan. Desarchivar devuelve al cliente.</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>&amp;Archivar</translation>
    </message>
    <message>
        <source>Unarchived.</source>
        <translation>Desarchivado.</translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation>Archivado.</translation>
    </message>
    <message>
        <source>Merged %s into %s: %s moved.</source>
        <translation>Se fusionó %s en %s; se trasladaron: %s.</translation>
    </message>
    <message>
        <source>Erased, but the database file still holds old copies of the data (another desk was writing). Erase again later to clear them.</source>
        <translation>Borrado, pero el archivo de la base de datos aún guarda copias antiguas de los datos (otro puesto estaba escribiendo). Vuelva a borrar más tarde para eliminarlas.</translation>
    </message>
    <message>
        <source>Erased. %s kept without personal data; %s cleaned.</source>
        <translation>Borrado. Se conservan sin datos personales: %s; se limpiaron: %s.</translation>
    </message>
</context>
<context>
    <name>ClientForm</name>
    <message>
        <source>Mon</source>
        <translation>Lun</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mié</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Jue</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Vie</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sáb</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Dom</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>e.g. (555) 123-4567 or +34 600 000 000</source>
        <translation>p. ej., (555) 123-4567 o +34 600 000 000</translation>
    </message>
    <message>
        <source>known</source>
        <translation>conocida</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation>Contacto de emergencia</translation>
    </message>
    <message>
        <source>name and phone</source>
        <translation>nombre y teléfono</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Canal preferido</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Referral source</source>
        <translation>Origen de la derivación</translation>
    </message>
    <message>
        <source>Prefers %s</source>
        <translation>Prefiere %s</translation>
    </message>
    <message>
        <source>Preferred times</source>
        <translation>Horarios preferidos</translation>
    </message>
    <message>
        <source>e.g. mornings, or 09:00–12:00</source>
        <translation>p. ej., mañanas, o 09:00–12:00</translation>
    </message>
    <message>
        <source>Pinned administrative notes</source>
        <translation>Notas administrativas fijadas</translation>
    </message>
    <message>
        <source>Administrative notes, never clinical</source>
        <translation>Notas administrativas, nunca clínicas</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Teléfono</translation>
    </message>
    <message>
        <source>E&amp;mail</source>
        <translation>Co&amp;rreo electrónico</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>Fecha de &amp;nacimiento</translation>
    </message>
    <message>
        <source>Emer&amp;gency contact</source>
        <translation>Contacto de &amp;emergencia</translation>
    </message>
    <message>
        <source>C&amp;hannel</source>
        <translation>C&amp;anal</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Referral source</source>
        <translation>&amp;Origen de la derivación</translation>
    </message>
    <message>
        <source>Preferred &amp;days</source>
        <translation>&amp;Días preferidos</translation>
    </message>
    <message>
        <source>Preferred &amp;times</source>
        <translation>&amp;Horarios preferidos</translation>
    </message>
    <message>
        <source>Problem with %s</source>
        <translation>Problema con %s</translation>
    </message>
    <message>
        <source>Kept as imported: %s (ticking a day replaces it)</source>
        <translation>Se conserva tal como se importó: %s (marcar un día lo sustituye)</translation>
    </message>
</context>
<context>
    <name>ClientPayments</name>
    <message>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Restante</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>Cobrado por</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Responde a</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolso</translation>
    </message>
    <message>
        <source>Reversal</source>
        <translation>Anulación</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Pagos</translation>
    </message>
    <message>
        <source>No payments yet.</source>
        <translation>Todavía no hay pagos.</translation>
    </message>
    <message>
        <source>Print receipt…</source>
        <translation>Imprimir recibo…</translation>
    </message>
    <message>
        <source>Save receipt as PDF…</source>
        <translation>Guardar recibo como PDF…</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>&amp;Reembolsar…</translation>
    </message>
    <message>
        <source>Give back part or all of it (a supervisor signs)</source>
        <translation>Devolver una parte o la totalidad (con autorización de un supervisor)</translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation>Anular…</translation>
    </message>
    <message>
        <source>Cancel a payment taken by mistake (a supervisor signs)</source>
        <translation>Anular un pago registrado por error (con autorización de un supervisor)</translation>
    </message>
    <message>
        <source>Save the receipt as PDF</source>
        <translation>Guardar el recibo como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation>Se guardó %s</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Anular</translation>
    </message>
    <message>
        <source>Reverse %s, taken by mistake? The %s left goes back on its own method and its sessions are owed again.</source>
        <translation>¿Anular %s, registrado por error? El importe restante de %s se devuelve por su mismo método de pago y sus sesiones vuelven a quedar pendientes.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>Anulado</translation>
    </message>
    <message>
        <source>%s %s of %s: receipt %s.</source>
        <translation>%s %s de %s: recibo %s.</translation>
    </message>
</context>
<context>
    <name>ClientPicker</name>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Name, phone, email or booking reference</source>
        <translation>Nombre, teléfono, correo electrónico o referencia de reserva</translation>
    </message>
    <message>
        <source>Find client</source>
        <translation>Buscar cliente</translation>
    </message>
    <message>
        <source>Matching clients</source>
        <translation>Clientes coincidentes</translation>
    </message>
    <message>
        <source>No client chosen</source>
        <translation>Ningún cliente elegido</translation>
    </message>
    <message>
        <source>&amp;New client…</source>
        <translation>&amp;Nuevo cliente…</translation>
    </message>
    <message>
        <source>Recurring sessions…</source>
        <translation>Sesiones recurrentes…</translation>
    </message>
    <message>
        <source>The chosen client&apos;s recurring series</source>
        <translation>Series recurrentes del cliente elegido</translation>
    </message>
    <message>
        <source>&amp;Profile…</source>
        <translation>&amp;Perfil…</translation>
    </message>
    <message>
        <source>The chosen client&apos;s details and history</source>
        <translation>Datos e historial del cliente elegido</translation>
    </message>
    <message>
        <source>No client found — add one with New client…</source>
        <translation>No se encontró ningún cliente — añada uno con Nuevo cliente…</translation>
    </message>
    <message>
        <source>Client: &lt;b&gt;%s&lt;/b&gt;</source>
        <translation>Cliente: &lt;b&gt;%s&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ClientProfile</name>
    <message>
        <source>owes %s</source>
        <translation>debe %s</translation>
    </message>
    <message>
        <source>in credit %s</source>
        <translation>saldo a favor %s</translation>
    </message>
</context>
<context>
    <name>ClientProfileDialog</name>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Próximas</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completadas</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Inasistencia</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Canceladas</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>teléfono</translation>
    </message>
    <message>
        <source>email</source>
        <translation>correo electrónico</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>fecha de nacimiento</translation>
    </message>
    <message>
        <source>emergency contact</source>
        <translation>contacto de emergencia</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>canal</translation>
    </message>
    <message>
        <source>language</source>
        <translation>idioma</translation>
    </message>
    <message>
        <source>referral source</source>
        <translation>origen de la derivación</translation>
    </message>
    <message>
        <source>preferences</source>
        <translation>preferencias</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>notas</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Histor&amp;y</source>
        <translation>&amp;Historial</translation>
    </message>
    <message>
        <source>Seri&amp;es</source>
        <translation>&amp;Series</translation>
    </message>
    <message>
        <source>&amp;Waitlist</source>
        <translation>&amp;Lista de espera</translation>
    </message>
    <message>
        <source>Payme&amp;nts</source>
        <translation>&amp;Pagos</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>P&amp;inned notes (administrative, never clinical)</source>
        <translation>Notas f&amp;ijadas (administrativas, nunca clínicas)</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>Open the other client&apos;s profile</source>
        <translation>Abrir el perfil del otro cliente</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Save the details (Ctrl+S)</source>
        <translation>Guardar los datos (Ctrl+S)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>Forget what was typed since the last save</source>
        <translation>Descartar lo escrito desde la última vez que se guardó</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <source>Attended</source>
        <translation>Asistidas</translation>
    </message>
    <message>
        <source>No-shows</source>
        <translation>Inasistencias</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Asistencia</translation>
    </message>
    <message>
        <source>Last session</source>
        <translation>Última sesión</translation>
    </message>
    <message>
        <source>Next session</source>
        <translation>Próxima sesión</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Take &amp;payment…</source>
        <translation>&amp;Cobrar…</translation>
    </message>
    <message>
        <source>Record money the client pays (Ctrl+P)</source>
        <translation>Registrar el dinero que paga el cliente (Ctrl+P)</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Filtro de estado</translation>
    </message>
    <message>
        <source>Therapist filter</source>
        <translation>Filtro de terapeuta</translation>
    </message>
    <message>
        <source>All therapists</source>
        <translation>Todos los terapeutas</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Fecha de inicio</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Fecha de fin</translation>
    </message>
    <message>
        <source>Show &amp;all</source>
        <translation>Mostrar &amp;todo</translation>
    </message>
    <message>
        <source>Stat&amp;us</source>
        <translation>&amp;Estado</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Recurring series</source>
        <translation>Series recurrentes</translation>
    </message>
    <message>
        <source>Re&amp;curring sessions…</source>
        <translation>Sesiones &amp;recurrentes…</translation>
    </message>
    <message>
        <source>New, change, pause, resume or stop a series</source>
        <translation>Crear, modificar, pausar, reanudar o detener una serie</translation>
    </message>
    <message>
        <source>Show &amp;closed entries</source>
        <translation>&amp;Mostrar entradas cerradas</translation>
    </message>
    <message>
        <source>Waitlist entries</source>
        <translation>Entradas de la lista de espera</translation>
    </message>
    <message>
        <source>This client is no longer in the database.</source>
        <translation>Este cliente ya no está en la base de datos.</translation>
    </message>
    <message>
        <source>This client was merged into another client.</source>
        <translation>Este cliente se fusionó con otro cliente.</translation>
    </message>
    <message>
        <source>Payme&amp;nts (%d)</source>
        <translation>&amp;Pagos (%d)</translation>
    </message>
    <message>
        <source>Client — %s</source>
        <translation>Cliente — %s</translation>
    </message>
    <message>
        <source>Erased</source>
        <translation>Borrado</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archivado</translation>
    </message>
    <message>
        <source>Another desk changed %s while you were typing; Save will replace it with what you typed, Revert shows theirs.</source>
        <translation>Otro puesto cambió %s mientras usted escribía; Guardar lo sustituirá por lo que usted escribió y Revertir muestra lo del otro puesto.</translation>
    </message>
    <message>
        <source> (%d late)</source>
        <translation> (tardías: %d)</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n sesión</numerusform>
            <numerusform>%n sesiones</numerusform>
        </translation>
    </message>
    <message>
        <source>Showing %d of %d sessions</source>
        <translation>Se muestran %d de %d sesiones</translation>
    </message>
    <message>
        <source>Histor&amp;y (%d)</source>
        <translation>&amp;Historial (%d)</translation>
    </message>
    <message>
        <source>%s (ended)</source>
        <translation>%s (finalizada)</translation>
    </message>
    <message>
        <source>No recurring series.</source>
        <translation>No hay series recurrentes.</translation>
    </message>
    <message>
        <source>Seri&amp;es (%d)</source>
        <translation>&amp;Series (%d)</translation>
    </message>
    <message>
        <source> (closed: %s)</source>
        <translation> (cerrada: %s)</translation>
    </message>
    <message>
        <source>Not waiting for anything.</source>
        <translation>No está en ninguna lista de espera.</translation>
    </message>
    <message>
        <source>&amp;Waitlist (%d)</source>
        <translation>&amp;Lista de espera (%d)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Not saved: %s.</source>
        <translation>No se guardó: %s.</translation>
    </message>
    <message>
        <source>Open their profile to compare; an admin can merge the two.</source>
        <translation>Abra el perfil del otro cliente para compararlos; un administrador puede fusionarlos.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Close %s&apos;s profile without saving what was typed?</source>
        <translation>¿Cerrar el perfil de %s sin guardar lo escrito?</translation>
    </message>
    <message>
        <source>the client</source>
        <translation>este cliente</translation>
    </message>
</context>
<context>
    <name>Clients</name>
    <message>
        <source>that phone number already belongs to {name} (archived)</source>
        <translation>ese número de teléfono ya pertenece a {name} (archivado)</translation>
    </message>
    <message>
        <source>that phone number already belongs to {name}</source>
        <translation>ese número de teléfono ya pertenece a {name}</translation>
    </message>
    <message>
        <source>that email address already belongs to {name} (archived)</source>
        <translation>esa dirección de correo electrónico ya pertenece a {name} (archivado)</translation>
    </message>
    <message>
        <source>that email address already belongs to {name}</source>
        <translation>esa dirección de correo electrónico ya pertenece a {name}</translation>
    </message>
    <message>
        <source>the client needs a name</source>
        <translation>el cliente necesita un nombre</translation>
    </message>
    <message>
        <source>the name</source>
        <translation>el nombre</translation>
    </message>
    <message>
        <source>the phone number</source>
        <translation>el número de teléfono</translation>
    </message>
    <message>
        <source>the email address</source>
        <translation>la dirección de correo electrónico</translation>
    </message>
    <message>
        <source>{what} {problem}</source>
        <translation>{what} {problem}</translation>
    </message>
    <message>
        <source>give a phone number or an email address to reach the client</source>
        <translation>indique un número de teléfono o una dirección de correo electrónico para contactar con el cliente</translation>
    </message>
    <message>
        <source>give a reason (it is kept in the audit log)</source>
        <translation>indique un motivo (se guarda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>the reason is longer than {reason_limit} characters ({length})</source>
        <translation>el motivo tiene más de {reason_limit} caracteres ({length})</translation>
    </message>
    <message>
        <source>the reason is not valid text</source>
        <translation>el motivo no es un texto válido</translation>
    </message>
    <message>
        <source>is not a client detail that can be edited</source>
        <translation>no es un dato del cliente que se pueda editar</translation>
    </message>
    <message>
        <source>an erased client&apos;s details cannot be edited</source>
        <translation>los datos de un cliente borrado no se pueden editar</translation>
    </message>
    <message>
        <source>an erased client stays archived</source>
        <translation>un cliente borrado permanece archivado</translation>
    </message>
    <message>
        <source>erasing a client needs an active admin</source>
        <translation>borrar un cliente requiere un administrador activo</translation>
    </message>
    <message>
        <source>there is no client #{client_id}</source>
        <translation>no existe el cliente #{client_id}</translation>
    </message>
    <message>
        <source>a client cannot be merged into itself</source>
        <translation>un cliente no se puede fusionar consigo mismo</translation>
    </message>
    <message>
        <source>merging clients needs an active admin</source>
        <translation>fusionar clientes requiere un administrador activo</translation>
    </message>
    <message>
        <source>client {key} was erased; an erased client cannot be merged</source>
        <translation>el cliente {key} se borró; un cliente borrado no se puede fusionar</translation>
    </message>
    <message>
        <source>{kept} (kept client) with {merged} (merged client)</source>
        <translation>{kept} (cliente que se conserva) con {merged} (cliente fusionado)</translation>
    </message>
    <message>
        <source>the merged client would have overlapping sessions: {pairs}. Cancel or move one of each pair first.</source>
        <translation>el cliente fusionado tendría sesiones que se solapan: {pairs}. Cancele o mueva primero una de cada par.</translation>
    </message>
    <message>
        <source>the two clients&apos; notes together are longer than {limit} characters ({notes}); shorten them first</source>
        <translation>las notas de los dos clientes juntas superan los {limit} caracteres ({notes}); acórtelas primero</translation>
    </message>
    <message>
        <source>the two clients&apos; preferences together are longer than {limit} characters written as JSON ({written}); shorten them first</source>
        <translation>las preferencias de los dos clientes juntas superan los {limit} caracteres escritas como JSON ({written}); acórtelas primero</translation>
    </message>
    <message>
        <source>no client has the key &quot;{key}&quot;</source>
        <translation>ningún cliente tiene la clave &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>no client has the id {client_id}</source>
        <translation>ningún cliente tiene el identificador {client_id}</translation>
    </message>
</context>
<context>
    <name>ClientsWindow</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archivado</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Name, phone, email, key or booking reference</source>
        <translation>Nombre, teléfono, correo electrónico, clave o referencia de reserva</translation>
    </message>
    <message>
        <source>Find client</source>
        <translation>Buscar cliente</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Show &amp;archived</source>
        <translation>Mostrar &amp;archivados</translation>
    </message>
    <message>
        <source>Show archived clients</source>
        <translation>Mostrar clientes archivados</translation>
    </message>
    <message>
        <source>&amp;Open profile</source>
        <translation>Abrir &amp;perfil</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>The rows shown, in the order shown</source>
        <translation>Las filas mostradas, en el orden mostrado</translation>
    </message>
    <message>
        <source>The first %d clients by name; type to find others.</source>
        <translation>Los primeros %d clientes por nombre; escriba para buscar otros.</translation>
    </message>
    <message numerus="yes">
        <source>%n client(s).</source>
        <translation>
            <numerusform>%n cliente.</numerusform>
            <numerusform>%n clientes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n match(es).</source>
        <translation>
            <numerusform>%n coincidencia.</numerusform>
            <numerusform>%n coincidencias.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n client(s) to %s.</source>
        <translation>
            <numerusform>Se exportó %n cliente a %s.</numerusform>
            <numerusform>Se exportaron %n clientes a %s.</numerusform>
        </translation>
    </message>
    <message>
        <source>No client found.</source>
        <translation>No se encontró ningún cliente.</translation>
    </message>
    <message>
        <source>The first %d matches; type more to narrow them.</source>
        <translation>Las primeras %d coincidencias; escriba más para acotarlas.</translation>
    </message>
    <message>
        <source>Export clients</source>
        <translation>Exportar clientes</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>ClinicFile</name>
    <message>
        <source>must be a JSON object with a &quot;clinic&quot; etc.</source>
        <translation>debe ser un objeto JSON con &quot;clinic&quot;, etc.</translation>
    </message>
    <message>
        <source>unknown section &quot;{name}&quot;</source>
        <translation>sección desconocida &quot;{name}&quot;</translation>
    </message>
    <message>
        <source>missing: the database has no clinic yet, so the file needs one</source>
        <translation>falta: la base de datos aún no tiene clínica, así que el archivo debe incluirla</translation>
    </message>
    <message>
        <source>unknown room &quot;{room}&quot;</source>
        <translation>sala desconocida &quot;{room}&quot;</translation>
    </message>
    <message>
        <source>needs at least {min_password_length} characters</source>
        <translation>necesita al menos {min_password_length} caracteres</translation>
    </message>
    <message>
        <source>unknown series &quot;{series}&quot;</source>
        <translation>serie desconocida &quot;{series}&quot;</translation>
    </message>
    <message>
        <source>unknown session &quot;{earlier}&quot;</source>
        <translation>sesión desconocida &quot;{earlier}&quot;</translation>
    </message>
    <message>
        <source>a session cannot replace itself</source>
        <translation>una sesión no puede reemplazarse a sí misma</translation>
    </message>
    <message>
        <source>required when overridden is true</source>
        <translation>obligatorio cuando overridden es true</translation>
    </message>
    <message>
        <source>required with kind &quot;fixed&quot;: an amount like &quot;25.00&quot;</source>
        <translation>obligatorio con kind &quot;fixed&quot;: un importe como &quot;25.00&quot;</translation>
    </message>
    <message>
        <source>required with kind &quot;percent&quot;: a whole number 0–100</source>
        <translation>obligatorio con kind &quot;percent&quot;: un número entero entre 0 y 100</translation>
    </message>
    <message>
        <source>only with kind &quot;fixed&quot; or &quot;percent&quot;</source>
        <translation>solo con kind &quot;fixed&quot; o &quot;percent&quot;</translation>
    </message>
    <message>
        <source>the old name of &quot;price&quot;: give one of them</source>
        <translation>es el nombre antiguo de &quot;price&quot;: indique solo uno de los dos</translation>
    </message>
    <message>
        <source>a waived fee needs the fee it waives</source>
        <translation>un cargo condonado necesita el cargo que condona</translation>
    </message>
    <message>
        <source>a waiver names who waived the fee and why</source>
        <translation>una condonación indica quién condonó el cargo y por qué</translation>
    </message>
    <message>
        <source>an amount of money must be more than zero</source>
        <translation>un importe debe ser mayor que cero</translation>
    </message>
    <message>
        <source>unknown client &quot;{client}&quot;</source>
        <translation>cliente desconocido &quot;{client}&quot;</translation>
    </message>
    <message>
        <source>only a refund or a reversal answers a payment</source>
        <translation>solo un reembolso o una anulación puede referirse a un pago</translation>
    </message>
    <message>
        <source>{a_kind} names the payment it answers</source>
        <translation>{a_kind} debe indicar el pago al que se refiere</translation>
    </message>
    <message>
        <source>{a_kind} says why</source>
        <translation>{a_kind} debe indicar el motivo</translation>
    </message>
    <message>
        <source>together {net} is outside {low}–{high} for {a_kind} of {amount}</source>
        <translation>en conjunto, {net} está fuera de {low}–{high} para {a_kind} de {amount}</translation>
    </message>
    <message>
        <source>a payment</source>
        <translation>un pago</translation>
    </message>
    <message>
        <source>a refund</source>
        <translation>un reembolso</translation>
    </message>
    <message>
        <source>a reversal</source>
        <translation>una anulación</translation>
    </message>
    <message>
        <source>no payment &quot;{answers}&quot;</source>
        <translation>no existe el pago &quot;{answers}&quot;</translation>
    </message>
    <message>
        <source>unknown session &quot;{session}&quot;</source>
        <translation>sesión desconocida &quot;{session}&quot;</translation>
    </message>
    <message>
        <source>unknown {name} &quot;{value}&quot;</source>
        <translation>valor de {name} desconocido: &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>required when frequency is every_n_days</source>
        <translation>obligatorio cuando frequency es every_n_days</translation>
    </message>
    <message>
        <source>only allowed with every_n_days</source>
        <translation>solo se admite con every_n_days</translation>
    </message>
    <message>
        <source>{end} is before start_date {start_date}</source>
        <translation>{end} es anterior a start_date {start_date}</translation>
    </message>
    <message>
        <source>{start_date} is a {weekday_given}, not a {weekday}</source>
        <translation>{start_date} es {weekday_given}, no {weekday}</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… y {count} más</translation>
    </message>
    <message>
        <source>clinic file refused, nothing was changed (1 problem):</source>
        <translation>archivo de clínica rechazado, no se cambió nada (1 problema):</translation>
    </message>
    <message>
        <source>clinic file refused, nothing was changed ({count} problems):</source>
        <translation>archivo de clínica rechazado, no se cambió nada ({count} problemas):</translation>
    </message>
    <message>
        <source>the database has no clinic yet (import a clinic file or run demo)</source>
        <translation>la base de datos aún no tiene clínica (importe un archivo de clínica o ejecute demo)</translation>
    </message>
    <message>
        <source>{value!r} is not a key (1–64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit)</source>
        <translation>{value!r} no es una clave válida (de 1 a 64 letras, dígitos, &apos;.&apos;, &apos;_&apos; o &apos;-&apos;, empezando por una letra o un dígito)</translation>
    </message>
    <message>
        <source>must be a non-empty text</source>
        <translation>debe ser un texto no vacío</translation>
    </message>
    <message>
        <source>{value!r} is not a whole number</source>
        <translation>{value!r} no es un número entero</translation>
    </message>
    <message>
        <source>{value} is outside {low}–{high}</source>
        <translation>{value} está fuera de {low}–{high}</translation>
    </message>
    <message>
        <source>{value} is not a multiple of {multiple_of}</source>
        <translation>{value} no es múltiplo de {multiple_of}</translation>
    </message>
    <message>
        <source>{value!r} is not true or false</source>
        <translation>{value!r} no es true ni false</translation>
    </message>
    <message>
        <source>{value!r} is not one of {allowed}</source>
        <translation>{value!r} no es ninguno de estos valores: {allowed}</translation>
    </message>
    <message>
        <source>{value!r} is not a weekday (monday … sunday)</source>
        <translation>{value!r} no es un día de la semana (monday … sunday)</translation>
    </message>
    <message>
        <source>{value!r} is not a date like 2025-01-20</source>
        <translation>{value!r} no es una fecha como 2025-01-20</translation>
    </message>
    <message>
        <source>{day} is in the future</source>
        <translation>{day} está en el futuro</translation>
    </message>
    <message>
        <source>{day} is before 1900</source>
        <translation>{day} es anterior a 1900</translation>
    </message>
    <message>
        <source>{value!r} is not an amount like &quot;150.00&quot;</source>
        <translation>{value!r} no es un importe como &quot;150.00&quot;</translation>
    </message>
    <message>
        <source>{value!r}: an allocation is never zero</source>
        <translation>{value!r}: una asignación nunca puede ser cero</translation>
    </message>
    <message>
        <source>{value!r} is not a currency code like &quot;USD&quot; or &quot;EUR&quot;</source>
        <translation>{value!r} no es un código de moneda como &quot;USD&quot; o &quot;EUR&quot;</translation>
    </message>
    <message>
        <source>must be a list of feature names like [&quot;family&quot;, &quot;accessible&quot;]</source>
        <translation>debe ser una lista de nombres de características como [&quot;family&quot;, &quot;accessible&quot;]</translation>
    </message>
    <message>
        <source>{item!r} is not a feature name (lower-case letters, digits, &apos;-&apos; or &apos;_&apos;)</source>
        <translation>{item!r} no es un nombre de característica válido (letras minúsculas, dígitos, &apos;-&apos; o &apos;_&apos;)</translation>
    </message>
    <message>
        <source>{value!r} is not a colour like #4e79a7</source>
        <translation>{value!r} no es un color como #4e79a7</translation>
    </message>
    <message>
        <source>{value!r} is not a booking reference like BK-2025-000001</source>
        <translation>{value!r} no es una referencia de reserva como BK-2025-000001</translation>
    </message>
    <message>
        <source>{value!r} is not a receipt number like RC-2025-000001</source>
        <translation>{value!r} no es un número de recibo como RC-2025-000001</translation>
    </message>
    <message>
        <source>must be a list of minutes before the session, e.g. [1440, 120]</source>
        <translation>debe ser una lista de minutos antes de la sesión, p. ej., [1440, 120]</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>debe ser un objeto</translation>
    </message>
    <message>
        <source>is longer than {limit} characters written as JSON ({written})</source>
        <translation>escrito como JSON, supera los {limit} caracteres ({written})</translation>
    </message>
    <message>
        <source>{value!r} is not a two-letter country code like US or ES</source>
        <translation>{value!r} no es un código de país de dos letras como US o ES</translation>
    </message>
    <message>
        <source>refused the file: {detail}</source>
        <translation>se rechazó el archivo: {detail}</translation>
    </message>
    <message>
        <source>the clinic already has payments</source>
        <translation>la clínica ya tiene pagos</translation>
    </message>
    <message>
        <source>prices are saved in {saved}, whose amounts {given} would read differently</source>
        <translation>los precios están guardados en {saved}, cuyos importes se leerían de otro modo en {given}</translation>
    </message>
    <message>
        <source>{why}: it stays {saved}</source>
        <translation>{why}: se mantiene {saved}</translation>
    </message>
    <message>
        <source>already belongs to client &quot;{key}&quot;</source>
        <translation>ya pertenece al cliente &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>room &quot;{room}&quot; lacks {features}, which service &quot;{service}&quot; requires</source>
        <translation>la sala &quot;{room}&quot; no tiene {features}, que el servicio &quot;{service}&quot; requiere</translation>
    </message>
    <message>
        <source>session {reference} is not client &quot;{client}&quot;&apos;s</source>
        <translation>la sesión {reference} no es del cliente &quot;{client}&quot;</translation>
    </message>
    <message>
        <source>the payment it answers, {receipt}, is client &quot;{key}&quot;&apos;s</source>
        <translation>el pago al que se refiere, {receipt}, es del cliente &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>with the other refunds and reversals of {receipt} it gives back {returned}, more than its {amount}</source>
        <translation>junto con los demás reembolsos y anulaciones de {receipt} devuelve {returned}, más que su importe de {amount}</translation>
    </message>
    <message>
        <source>the refunds and reversals of {receipt} take back {taken_back} from sessions, more than the {placed} it set against them</source>
        <translation>los reembolsos y anulaciones de {receipt} retiran {taken_back} de las sesiones, más que los {placed} que ese pago les asignó</translation>
    </message>
    <message>
        <source>the refunds and reversals of {receipt} give back {credit_given} of its credit, more than the {credit_left} it left</source>
        <translation>los reembolsos y anulaciones de {receipt} devuelven {credit_given} de su saldo a favor, más que los {credit_left} que dejó</translation>
    </message>
    <message>
        <source>its payments come to {by_session} after what was taken back: less than nothing</source>
        <translation>sus pagos suman {by_session} después de lo retirado: menos de cero</translation>
    </message>
    <message>
        <source>differs from {the_saved_kind} of {amount} ({fields}): payments are never edited, reverse or refund it instead</source>
        <translation>difiere de {the_saved_kind} por {amount} ({fields}): los pagos nunca se modifican; anúlelo o reembólselo</translation>
    </message>
    <message>
        <source>the saved payment</source>
        <translation>el pago guardado</translation>
    </message>
    <message>
        <source>the saved refund</source>
        <translation>el reembolso guardado</translation>
    </message>
    <message>
        <source>the saved reversal</source>
        <translation>la anulación guardada</translation>
    </message>
    <message>
        <source>{name} is not a number JSON allows</source>
        <translation>{name} no es un número que JSON admita</translation>
    </message>
    <message>
        <source>not valid JSON (line {lineno}, column {colno}: {msg})</source>
        <translation>JSON no válido (línea {lineno}, columna {colno}: {msg})</translation>
    </message>
    <message>
        <source>not a clinic file: nested far too deep to read</source>
        <translation>no es un archivo de clínica: tiene demasiados niveles de anidamiento para leerlo</translation>
    </message>
    <message>
        <source>not valid JSON: {reason}</source>
        <translation>JSON no válido: {reason}</translation>
    </message>
    <message>
        <source>unknown field &quot;{name}&quot;</source>
        <translation>campo desconocido «{name}»</translation>
    </message>
    <message>
        <source>missing field &quot;{name}&quot;</source>
        <translation>falta el campo «{name}»</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>debe ser una lista</translation>
    </message>
    <message>
        <source>{end} is not after start {start}</source>
        <translation>{end} no es posterior al inicio {start}</translation>
    </message>
    <message>
        <source>monday</source>
        <translation>lunes</translation>
    </message>
    <message>
        <source>tuesday</source>
        <translation>martes</translation>
    </message>
    <message>
        <source>wednesday</source>
        <translation>miércoles</translation>
    </message>
    <message>
        <source>thursday</source>
        <translation>jueves</translation>
    </message>
    <message>
        <source>friday</source>
        <translation>viernes</translation>
    </message>
    <message>
        <source>saturday</source>
        <translation>sábado</translation>
    </message>
    <message>
        <source>sunday</source>
        <translation>domingo</translation>
    </message>
    <message>
        <source>{weekday} blocks {first} and {second} overlap</source>
        <translation>los tramos del {weekday} {first} y {second} se solapan</translation>
    </message>
    <message>
        <source>this date has two exceptions</source>
        <translation>esta fecha tiene dos excepciones</translation>
    </message>
    <message>
        <source>a day off (&quot;available&quot;: false) cannot have hours</source>
        <translation>un día libre (&quot;available&quot;: false) no puede tener horario</translation>
    </message>
    <message>
        <source>give &quot;hours&quot; for custom hours or &quot;available&quot;: false for a day off</source>
        <translation>indique &quot;hours&quot; para un horario especial o &quot;available&quot;: false para un día libre</translation>
    </message>
    <message>
        <source>custom hours need at least one block</source>
        <translation>un horario especial necesita al menos un tramo</translation>
    </message>
    <message>
        <source>blocks {first} and {second} overlap</source>
        <translation>los tramos {first} y {second} se solapan</translation>
    </message>
    <message>
        <source>end {last} is before start {first}</source>
        <translation>el fin {last} es anterior al inicio {first}</translation>
    </message>
    <message>
        <source>end is not after start</source>
        <translation>el fin no es posterior al inicio</translation>
    </message>
    <message>
        <source>{items} given more than once</source>
        <translation>{items}: indicado más de una vez</translation>
    </message>
    <message>
        <source>give only the RRULE (its DTSTART is the block&apos;s start)</source>
        <translation>indique solo la RRULE (su DTSTART es el inicio del bloqueo)</translation>
    </message>
    <message>
        <source>COUNT and UNTIL cannot both be given (RFC 5545)</source>
        <translation>no se pueden indicar COUNT y UNTIL a la vez (RFC 5545)</translation>
    </message>
    <message>
        <source>{rule!r} is not a valid RRULE: {error}</source>
        <translation>{rule!r} no es una RRULE válida: {error}</translation>
    </message>
    <message>
        <source>give a single RRULE</source>
        <translation>indique una sola RRULE</translation>
    </message>
    <message>
        <source>{never_happens}: no date from the block&apos;s start ({local_start:%Y-%m-%d}) up to its UNTIL matches it</source>
        <translation>{never_happens}: ninguna fecha desde el inicio del bloqueo ({local_start:%Y-%m-%d}) hasta su UNTIL la cumple</translation>
    </message>
    <message>
        <source>{never_happens}: no date from the block&apos;s start ({local_start:%Y-%m-%d}) matches it</source>
        <translation>{never_happens}: ninguna fecha desde el inicio del bloqueo ({local_start:%Y-%m-%d}) la cumple</translation>
    </message>
</context>
<context>
    <name>ClinicImport</name>
    <message>
        <source>clinic file import</source>
        <translation>importación del archivo de la clínica</translation>
    </message>
    <message>
        <source>{kind}: {created} new, {updated} updated</source>
        <translation>{kind}: {created} nuevos, {updated} actualizados</translation>
    </message>
    <message>
        <source>nothing changed (the database already matches the file)</source>
        <translation>no cambió nada (la base de datos ya coincide con el archivo)</translation>
    </message>
    <message>
        <source>client &quot;{key}&quot; is the same person as &quot;{twin}&quot; (same phone): merged</source>
        <translation>el cliente «{key}» es la misma persona que «{twin}» (mismo teléfono): fusionados</translation>
    </message>
    <message>
        <source>client &quot;{key}&quot; is the same person as &quot;{twin}&quot; (same email): merged</source>
        <translation>el cliente «{key}» es la misma persona que «{twin}» (mismo correo): fusionados</translation>
    </message>
    <message>
        <source>clinic</source>
        <translation>clínica</translation>
    </message>
    <message>
        <source>rooms</source>
        <translation>salas</translation>
    </message>
    <message>
        <source>services</source>
        <translation>servicios</translation>
    </message>
    <message>
        <source>therapists</source>
        <translation>terapeutas</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>clientes</translation>
    </message>
    <message>
        <source>users</source>
        <translation>usuarios</translation>
    </message>
    <message>
        <source>series</source>
        <translation>series</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>sesiones</translation>
    </message>
    <message>
        <source>payments</source>
        <translation>cobros</translation>
    </message>
    <message>
        <source>user &quot;{user}&quot; has no password yet and cannot log in until an admin sets one</source>
        <translation>el usuario «{user}» aún no tiene contraseña y no podrá iniciar sesión hasta que un administrador se la asigne</translation>
    </message>
    <message>
        <source>session {reference} now asks less than it held: {amount} became the client&apos;s credit</source>
        <translation>la sesión {reference} ahora pide menos de lo que tenía: {amount} pasó a saldo a favor del cliente</translation>
    </message>
</context>
<context>
    <name>ClinicPage</name>
    <message>
        <source>&amp;Save settings</source>
        <translation>&amp;Guardar configuración</translation>
    </message>
    <message>
        <source>%s value</source>
        <translation>Valor de %s</translation>
    </message>
    <message>
        <source>No fee</source>
        <translation>Sin cargo</translation>
    </message>
    <message>
        <source>Fixed amount</source>
        <translation>Importe fijo</translation>
    </message>
    <message>
        <source>Percent of the price</source>
        <translation>Porcentaje del precio</translation>
    </message>
    <message>
        <source>e.g. 40.00</source>
        <translation>p. ej. 40.00</translation>
    </message>
    <message>
        <source>e.g. 50 (0–100)</source>
        <translation>p. ej. 50 (0–100)</translation>
    </message>
</context>
<context>
    <name>ClinicSetup</name>
    <message>
        <source>(start or end is not a date/time yet)</source>
        <translation>(el inicio o el fin aún no es una fecha/hora)</translation>
    </message>
    <message>
        <source>{day} (all day)</source>
        <translation>{day} (todo el día)</translation>
    </message>
    <message>
        <source>{first} – {last} (all day)</source>
        <translation>{first} – {last} (todo el día)</translation>
    </message>
    <message>
        <source>all day</source>
        <translation>todo el día</translation>
    </message>
    <message>
        <source>(repeat rule not understood: {rule})</source>
        <translation>(regla de repetición no reconocida: {rule})</translation>
    </message>
    <message>
        <source>Every {days}</source>
        <translation>Cada {days}</translation>
    </message>
    <message>
        <source>Every {interval} weeks on {days}</source>
        <translation>Cada {interval} semanas: {days}</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Todos los días</translation>
    </message>
    <message>
        <source>Every {interval} days</source>
        <translation>Cada {interval} días</translation>
    </message>
    <message>
        <source>Monthly on {the_nth_weekday}</source>
        <translation>Cada mes, {the_nth_weekday}</translation>
    </message>
    <message>
        <source>Every {interval} months on {the_nth_weekday}</source>
        <translation>Cada {interval} meses, {the_nth_weekday}</translation>
    </message>
    <message>
        <source>Monthly on day {day}</source>
        <translation>Cada mes, el día {day}</translation>
    </message>
    <message>
        <source>Every {interval} months on day {day}</source>
        <translation>Cada {interval} meses, el día {day}</translation>
    </message>
    <message>
        <source>Every year on {day}</source>
        <translation>Cada año, el {day}</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Se repite</translation>
    </message>
    <message>
        <source>{repeats} {clock} until {until} from {start}</source>
        <translation>{repeats} {clock} desde el {start} hasta el {until}</translation>
    </message>
    <message>
        <source>{repeats} {clock} ({count} times) from {start}</source>
        <translation>{repeats} {clock} ({count} veces) desde el {start}</translation>
    </message>
    <message>
        <source>{repeats} {clock} from {start}</source>
        <translation>{repeats} {clock} desde el {start}</translation>
    </message>
    <message>
        <source>{names} and {last}</source>
        <translation>{names} y {last}</translation>
    </message>
</context>
<context>
    <name>ClinicSetupDialog</name>
    <message>
        <source>Clinic setup</source>
        <translation>Configuración de la clínica</translation>
    </message>
    <message>
        <source>Therapists&apos; &amp;calendars</source>
        <translation>&amp;Calendarios de los terapeutas</translation>
    </message>
    <message>
        <source>&amp;Therapists</source>
        <translation>&amp;Terapeutas</translation>
    </message>
    <message>
        <source>Untick Active to retire a therapist (history stays).</source>
        <translation>Desmarque Activo para retirar a un terapeuta (el historial se conserva).</translation>
    </message>
    <message>
        <source>&amp;Rooms</source>
        <translation>&amp;Salas</translation>
    </message>
    <message>
        <source>Untick Active to take a room out of use.</source>
        <translation>Desmarque Activo para dejar de usar una sala.</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>Ser&amp;vicios</translation>
    </message>
    <message>
        <source>Price like 150.00. Untick Active to stop offering a service.</source>
        <translation>Precio como 150.00. Desmarque Activo para dejar de ofrecer un servicio.</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Usuarios</translation>
    </message>
    <message>
        <source>Untick Active to stop someone signing in.</source>
        <translation>Desmarque Activo para que alguien ya no pueda entrar.</translation>
    </message>
    <message>
        <source>C&amp;linic settings</source>
        <translation>Configuración de la c&amp;línica</translation>
    </message>
</context>
<context>
    <name>Contact</name>
    <message>
        <source>phone number is empty</source>
        <translation>el número de teléfono está vacío</translation>
    </message>
    <message>
        <source>{text!r} is not a phone number</source>
        <translation>{text!r} no es un número de teléfono</translation>
    </message>
    <message>
        <source>{text!r} is not a possible phone number for its country</source>
        <translation>{text!r} no es un número de teléfono posible para su país</translation>
    </message>
    <message>
        <source>email address is empty</source>
        <translation>la dirección de correo electrónico está vacía</translation>
    </message>
    <message>
        <source>{text!r} is not a valid email address: {error}</source>
        <translation>{text!r} no es una dirección de correo electrónico válida (como nombre@ejemplo.com)</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n sessions</source>
        <translation>
            <numerusform>%n sesión</numerusform>
            <numerusform>%n sesiones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n serie</numerusform>
            <numerusform>%n series</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waitlist entries</source>
        <translation>
            <numerusform>%n entrada de la lista de espera</numerusform>
            <numerusform>%n entradas de la lista de espera</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open waitlist entries</source>
        <translation>
            <numerusform>%n entrada abierta de la lista de espera</numerusform>
            <numerusform>%n entradas abiertas de la lista de espera</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audit entries</source>
        <translation>
            <numerusform>%n registro de auditoría</numerusform>
            <numerusform>%n registros de auditoría</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DayBar</name>
    <message>
        <source>Day by therapist</source>
        <translation>Día por terapeuta</translation>
    </message>
    <message>
        <source>Day by room</source>
        <translation>Día por sala</translation>
    </message>
    <message>
        <source>Week of one therapist</source>
        <translation>Semana de un terapeuta</translation>
    </message>
    <message>
        <source>Day list</source>
        <translation>Lista del día</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Anterior</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Siguiente ▶</translation>
    </message>
    <message>
        <source>Day shown</source>
        <translation>Día mostrado</translation>
    </message>
    <message>
        <source>Previous day or week (Alt+Left)</source>
        <translation>Día o semana anterior (Alt+flecha izquierda)</translation>
    </message>
    <message>
        <source>Next day or week (Alt+Right)</source>
        <translation>Día o semana siguiente (Alt+flecha derecha)</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Vista</translation>
    </message>
    <message>
        <source>Therapist of the week</source>
        <translation>Terapeuta de la semana</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Colorear por</translation>
    </message>
    <message>
        <source>Colour by therapist</source>
        <translation>Colorear por terapeuta</translation>
    </message>
    <message>
        <source>Colour by service</source>
        <translation>Colorear por servicio</translation>
    </message>
    <message>
        <source>New &amp;booking</source>
        <translation>Nueva &amp;reserva</translation>
    </message>
    <message>
        <source>Book a session (Ctrl+N)</source>
        <translation>Reservar una sesión (Ctrl+N)</translation>
    </message>
    <message>
        <source>Previous week (Alt+Left)</source>
        <translation>Semana anterior (Alt+flecha izquierda)</translation>
    </message>
    <message>
        <source>Previous day (Alt+Left)</source>
        <translation>Día anterior (Alt+flecha izquierda)</translation>
    </message>
    <message>
        <source>Week of %1 – %2</source>
        <translation>Semana del %1 al %2</translation>
    </message>
</context>
<context>
    <name>DaySheet</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Day sheet %s</source>
        <translation>Hoja del día %s</translation>
    </message>
    <message>
        <source>Late cancellation</source>
        <translation>Cancelación tardía</translation>
    </message>
    <message>
        <source>1 session (1 cancelled)</source>
        <translation>1 sesión (1 cancelada)</translation>
    </message>
    <message>
        <source>1 session</source>
        <translation>1 sesión</translation>
    </message>
    <message>
        <source>%d sessions (%d cancelled)</source>
        <translation>%d sesiones (%d canceladas)</translation>
    </message>
    <message>
        <source>%d sessions</source>
        <translation>%d sesiones</translation>
    </message>
    <message>
        <source>Therapist: %s</source>
        <translation>Terapeuta: %s</translation>
    </message>
    <message>
        <source>Room: %s</source>
        <translation>Sala: %s</translation>
    </message>
    <message>
        <source>Whole clinic</source>
        <translation>Toda la clínica</translation>
    </message>
    <message>
        <source>Due (%s)</source>
        <translation>Pendiente (%s)</translation>
    </message>
    <message>
        <source>Day sheet — %s</source>
        <translation>Hoja del día — %s</translation>
    </message>
    <message>
        <source>No sessions on this day.</source>
        <translation>No hay sesiones este día.</translation>
    </message>
</context>
<context>
    <name>DaySheetDialog</name>
    <message>
        <source>Print day sheet</source>
        <translation>Imprimir hoja del día</translation>
    </message>
    <message>
        <source>Day sheet</source>
        <translation>Hoja del día</translation>
    </message>
    <message>
        <source>&amp;Whole clinic</source>
        <translation>Toda la &amp;clínica</translation>
    </message>
    <message>
        <source>One &amp;therapist:</source>
        <translation>Un &amp;terapeuta:</translation>
    </message>
    <message>
        <source>One &amp;room:</source>
        <translation>Una &amp;sala:</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>One therapist per &amp;page</source>
        <translation>Un terapeuta por &amp;página</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Guardar como P&amp;DF…</translation>
    </message>
    <message>
        <source>Reading the day&apos;s sessions…</source>
        <translation>Leyendo las sesiones del día…</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Enviado a la impresora.</translation>
    </message>
    <message>
        <source>Save the day sheet as PDF</source>
        <translation>Guardar la hoja del día como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation>Se guardó %s</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Clinic: loading…</source>
        <translation>Clínica: cargando…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Sin usuario</translation>
    </message>
    <message>
        <source>Database: %s</source>
        <translation>Base de datos: %s</translation>
    </message>
    <message>
        <source>Sync: …</source>
        <translation>Sincronización: …</translation>
    </message>
    <message>
        <source>Emails and calendar updates (open the Sync panel)</source>
        <translation>Correos y actualizaciones de calendario (abra el panel de sincronización)</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <source>Starts for waiting clients, recurring sessions not booked, failed sync</source>
        <translation>Horas disponibles para clientes en espera, sesiones recurrentes sin reservar, sincronización fallida</translation>
    </message>
    <message>
        <source>No clinic yet — File ▸ Import clinic file…</source>
        <translation>Aún no hay clínica — Archivo ▸ Importar archivo de clínica…</translation>
    </message>
    <message>
        <source>Clinic: %s · %s</source>
        <translation>Clínica: %s · %s</translation>
    </message>
    <message>
        <source>Signed in: %s (%s)</source>
        <translation>Usuario: %s (%s)</translation>
    </message>
    <message>
        <source>Inbox (%d)</source>
        <translation>Bandeja de entrada (%d)</translation>
    </message>
    <message>
        <source> (delivered by `frontdesk sync run`)</source>
        <translation> (los entrega `frontdesk sync run`)</translation>
    </message>
    <message>
        <source>Sync: %s</source>
        <translation>Sincronización: %s</translation>
    </message>
    <message>
        <source>This PC&apos;s clock is %s behind the database server&apos;s; the desk uses the server&apos;s time</source>
        <translation>El reloj de este PC va %s atrasado respecto al del servidor de la base de datos; la recepción usa la hora del servidor</translation>
    </message>
    <message>
        <source>This PC&apos;s clock is %s ahead of the database server&apos;s; the desk uses the server&apos;s time</source>
        <translation>El reloj de este PC va %s adelantado respecto al del servidor de la base de datos; la recepción usa la hora del servidor</translation>
    </message>
    <message>
        <source>%d days</source>
        <translation>%d días</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 día</translation>
    </message>
    <message>
        <source>%d h %d min</source>
        <translation>%d h %d min</translation>
    </message>
    <message>
        <source>%d h</source>
        <translation>%d h</translation>
    </message>
    <message>
        <source>%d min</source>
        <translation>%d min</translation>
    </message>
</context>
<context>
    <name>DuplicateOffer</name>
    <message>
        <source>Client with this phone number</source>
        <translation>Cliente con este número de teléfono</translation>
    </message>
    <message>
        <source>Client with this email address</source>
        <translation>Cliente con esta dirección de correo electrónico</translation>
    </message>
    <message>
        <source>&amp;Use this client</source>
        <translation>&amp;Usar este cliente</translation>
    </message>
    <message>
        <source>Book for this client instead of adding a new one</source>
        <translation>Reservar para este cliente en lugar de añadir uno nuevo</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Open this client&apos;s profile</source>
        <translation>Abrir el perfil de este cliente</translation>
    </message>
    <message>
        <source>this phone number and this email address</source>
        <translation>este número de teléfono y esta dirección de correo electrónico</translation>
    </message>
    <message>
        <source>this phone number</source>
        <translation>este número de teléfono</translation>
    </message>
    <message>
        <source>this email address</source>
        <translation>esta dirección de correo electrónico</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation> (archivado)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%s&lt;/b&gt;%s already has %s.</source>
        <translation>&lt;b&gt;%s&lt;/b&gt;%s ya tiene %s.</translation>
    </message>
</context>
<context>
    <name>EditorPage</name>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Añadir</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>&amp;Eliminar lo seleccionado</translation>
    </message>
</context>
<context>
    <name>EraseDialog</name>
    <message>
        <source>Erase client&apos;s personal data</source>
        <translation>Borrar los datos personales del cliente</translation>
    </message>
    <message>
        <source>&lt;p&gt;This record was erased on %s. Erasing it again takes out anything written since that names the client, and clears old copies the database file may still hold.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Este registro se borró el %s. Borrarlo de nuevo elimina todo lo escrito desde entonces que nombre al cliente y limpia las copias antiguas que el archivo de la base de datos aún pueda guardar.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#b00020&apos;&gt;&lt;b&gt;This erases %(name)s&apos;s personal data for good. It cannot be undone.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;Erased:&lt;/b&gt; name, phone, email, date of birth, emergency contact, preferred channel and language, referral source, administrative notes and preferences; the notes and special requests of the client&apos;s sessions; these values wherever the audit log or a delivery error holds them; the client&apos;s other keys. Recurring series end, open waitlist entries are closed, held starts given back, emails not yet sent to the client discarded, and calendars updated.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Kept:&lt;/b&gt; the sessions, with their dates, therapists, services, rooms, statuses, prices and the reasons for cancellations and overrides, under &lt;i&gt;%(tombstone)s&lt;/i&gt;; who did what when, and why, in the audit log.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#b00020&apos;&gt;&lt;b&gt;Esto borra definitivamente los datos personales de %(name)s. No se puede deshacer.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;Se borra:&lt;/b&gt; nombre, teléfono, correo electrónico, fecha de nacimiento, contacto de emergencia, canal e idioma preferidos, origen de la derivación, notas administrativas y preferencias; las notas y peticiones especiales de las sesiones del cliente; estos valores dondequiera que los guarden el registro de auditoría o un error de entrega; las otras claves del cliente. Las series recurrentes terminan, las entradas abiertas de la lista de espera se cierran, las horas en reserva provisional se liberan, los correos aún no enviados al cliente se descartan y los calendarios se actualizan.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Se conserva:&lt;/b&gt; las sesiones, con sus fechas, terapeutas, servicios, salas, estados, precios y los motivos de las cancelaciones y de las excepciones de supervisor, bajo &lt;i&gt;%(tombstone)s&lt;/i&gt;; quién hizo qué, cuándo y por qué, en el registro de auditoría.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The client&apos;s key, typed to confirm</source>
        <translation>La clave del cliente, escrita para confirmar</translation>
    </message>
    <message>
        <source>Type the client&apos;s key, &lt;b&gt;%s&lt;/b&gt;, to confirm:</source>
        <translation>Escriba la clave del cliente, &lt;b&gt;%s&lt;/b&gt;, para confirmar:</translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation>&amp;Borrar</translation>
    </message>
    <message>
        <source>Type the client&apos;s key exactly to confirm.</source>
        <translation>Escriba exactamente la clave del cliente para confirmar.</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>The file is not valid JSON (line %1, column %2).</source>
        <translation>El archivo no es JSON válido (línea %1, columna %2).</translation>
    </message>
    <message>
        <source>The file could not be read or written: %1</source>
        <translation>No se pudo leer ni escribir el archivo: %1</translation>
    </message>
    <message>
        <source>Something went wrong: %1. Details are in the log file.</source>
        <translation>Algo salió mal: %1. Los detalles están en el archivo de registro.</translation>
    </message>
</context>
<context>
    <name>Feeds</name>
    <message>
        <source>the whole clinic</source>
        <translation>toda la clínica</translation>
    </message>
    <message>
        <source>therapist {key}</source>
        <translation>terapeuta {key}</translation>
    </message>
    <message>
        <source>room {key}</source>
        <translation>sala {key}</translation>
    </message>
    <message>
        <source>that is not a feed token or feed URL</source>
        <translation>eso no es un token ni una URL de calendario publicado</translation>
    </message>
    <message>
        <source>no therapist with key {key!r}</source>
        <translation>no hay ningún terapeuta con la clave {key!r}</translation>
    </message>
    <message>
        <source>no room with key {key!r}</source>
        <translation>no hay ninguna sala con la clave {key!r}</translation>
    </message>
    <message>
        <source>no such feed token</source>
        <translation>no existe ese token de calendario publicado</translation>
    </message>
    <message>
        <source>days back must be {low}–{high} days</source>
        <translation>los días hacia atrás deben estar entre {low} y {high}</translation>
    </message>
    <message>
        <source>days ahead must be {low}–{high} days</source>
        <translation>los días hacia adelante deben estar entre {low} y {high}</translation>
    </message>
    <message>
        <source>cancelled days must be {low}–{high} days</source>
        <translation>los días que se conservan las sesiones canceladas deben estar entre {low} y {high}</translation>
    </message>
    <message>
        <source>the database holds no clinic yet (import one or run `frontdesk demo`)</source>
        <translation>la base de datos aún no contiene ninguna clínica (importe una o ejecute `frontdesk demo`)</translation>
    </message>
    <message>
        <source>managing calendar feeds needs an active admin&apos;s credentials</source>
        <translation>gestionar los calendarios publicados requiere las credenciales de un administrador activo</translation>
    </message>
    <message>
        <source>Therapist: {name}</source>
        <translation>Terapeuta: {name}</translation>
    </message>
    <message>
        <source>Room: {name}</source>
        <translation>Sala: {name}</translation>
    </message>
    <message>
        <source>Whole clinic</source>
        <translation>Toda la clínica</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>Import clinic file</source>
        <translation>Importar archivo de la clínica</translation>
    </message>
    <message>
        <source>Clinic files (*.json)</source>
        <translation>Archivos de la clínica (*.json)</translation>
    </message>
    <message>
        <source>Importing %s…</source>
        <translation>Importando %s…</translation>
    </message>
    <message>
        <source>Imported: %s</source>
        <translation>Importado: %s</translation>
    </message>
    <message>
        <source>Clinic file imported</source>
        <translation>Archivo de la clínica importado</translation>
    </message>
    <message>
        <source>Export clinic file</source>
        <translation>Exportar archivo de la clínica</translation>
    </message>
    <message>
        <source>Exported to %s</source>
        <translation>Exportado a %s</translation>
    </message>
    <message>
        <source>Export calendar</source>
        <translation>Exportar calendario</translation>
    </message>
    <message>
        <source>Which calendar?</source>
        <translation>¿Qué calendario?</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>Archivos de calendario (*.ics)</translation>
    </message>
    <message>
        <source>Exported %d events to %s</source>
        <translation>Se exportaron %d eventos a %s</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>%s (late)</source>
        <translation>%s (tardía)</translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <source>Not booked: {client} with {therapist} on {when}</source>
        <translation>Sin reservar: {client} con {therapist} el {when}</translation>
    </message>
    <message>
        <source>a client</source>
        <translation>un cliente</translation>
    </message>
    <message>
        <source>Held: {therapist}, {start}</source>
        <translation>Reserva provisional: {therapist}, {start}</translation>
    </message>
    <message>
        <source>by {held_by}, expires in {minutes} min ({expires}) unless booked</source>
        <translation>por {held_by}; caduca en {minutes} min ({expires}) si no se reserva</translation>
    </message>
    <message>
        <source>{failed} email or calendar update(s) failed</source>
        <translation>Error al enviar {failed} correo(s) o actualización(es) de calendario</translation>
    </message>
    <message>
        <source>Open Clinic ▸ Sync status to retry or discard them.</source>
        <translation>Abra Clínica ▸ Estado de sincronización para reintentarlos o descartarlos.</translation>
    </message>
    <message>
        <source>since today</source>
        <translation>desde hoy</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 día</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} días</translation>
    </message>
    <message>
        <source>Waitlist: {client} could have {therapist}, {start}</source>
        <translation>Lista de espera: {client} podría reservar con {therapist}, {start}</translation>
    </message>
    <message>
        <source>{service}; waiting {waiting} ({wish})</source>
        <translation>{service}; en espera: {waiting} ({wish})</translation>
    </message>
    <message>
        <source>that time does not exist on this date (clocks move forward)</source>
        <translation>esa hora no existe en esta fecha (los relojes se adelantan)</translation>
    </message>
    <message>
        <source>client already booked</source>
        <translation>cliente ya ocupado</translation>
    </message>
    <message>
        <source>room taken</source>
        <translation>sala ocupada</translation>
    </message>
    <message>
        <source>not permitted</source>
        <translation>no permitido</translation>
    </message>
    <message>
        <source>not taking new clients</source>
        <translation>no acepta clientes nuevos</translation>
    </message>
    <message>
        <source>database busy</source>
        <translation>base de datos ocupada</translation>
    </message>
    <message>
        <source>clock change</source>
        <translation>cambio de hora</translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <source>Inbox summary</source>
        <translation>Resumen de la bandeja de entrada</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>&amp;Book…</source>
        <translation>&amp;Reservar…</translation>
    </message>
    <message>
        <source>Book the selected start</source>
        <translation>Reservar la hora seleccionada</translation>
    </message>
    <message>
        <source>&amp;Remove from waitlist</source>
        <translation>&amp;Quitar de la lista de espera</translation>
    </message>
    <message>
        <source>Remove the client from the waitlist</source>
        <translation>Quitar al cliente de la lista de espera</translation>
    </message>
    <message>
        <source>Mark as &amp;done</source>
        <translation>Marcar como &amp;hecho</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Nothing to do.</source>
        <translation>Nada que hacer.</translation>
    </message>
    <message numerus="yes">
        <source>%n open item(s)</source>
        <translation>
            <numerusform>%n elemento pendiente</numerusform>
            <numerusform>%n elementos pendientes</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting since %s</source>
        <translation>En espera desde el %s</translation>
    </message>
    <message>
        <source>Removed %d from the waitlist.</source>
        <translation>Se quitaron %d de la lista de espera.</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <source>The clinic database could not be opened.

%s: %s</source>
        <translation>No se pudo abrir la base de datos de la clínica.

%s: %s</translation>
    </message>
    <message>
        <source>Database upgraded; the previous version was backed up to %s</source>
        <translation>Base de datos actualizada; la versión anterior se guardó como copia de seguridad en %s</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Enter your username and password first.</source>
        <translation>Introduzca primero su usuario y su contraseña.</translation>
    </message>
    <message>
        <source>Sign in — Clinic Front Desk</source>
        <translation>Entrar — Clinic Front Desk</translation>
    </message>
    <message>
        <source>Clinic Front Desk</source>
        <translation>Clinic Front Desk</translation>
    </message>
    <message>
        <source>Demo users</source>
        <translation>Usuarios de demostración</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Usuario</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>%s / %s (%s)</source>
        <translation>%s / %s (%s)</translation>
    </message>
    <message>
        <source>Demo clinic: sign in as</source>
        <translation>Clínica de demostración: entre como</translation>
    </message>
    <message>
        <source>Click a name to fill it in.</source>
        <translation>Haga clic en un nombre para rellenarlo.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Entrando…</translation>
    </message>
    <message>
        <source>Too many failed attempts for this name; try again in %s seconds.</source>
        <translation>Demasiados intentos fallidos con este nombre; vuelva a intentarlo dentro de %s segundos.</translation>
    </message>
    <message>
        <source>Unknown username or wrong password.</source>
        <translation>Usuario desconocido o contraseña incorrecta.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Calendar feeds are not published: cannot listen on %s:%d (%s)</source>
        <translation>Los calendarios publicados no están disponibles: no se puede escuchar en %s:%d (%s)</translation>
    </message>
    <message>
        <source>The window opens again in the chosen language. Reopen it now?</source>
        <translation>La ventana se abre de nuevo en el idioma elegido. ¿Reabrirla ahora?</translation>
    </message>
    <message>
        <source>The chosen language is used from the next start.</source>
        <translation>El idioma elegido se usará a partir del próximo inicio.</translation>
    </message>
    <message>
        <source>About Clinic Front Desk</source>
        <translation>Acerca de Clinic Front Desk</translation>
    </message>
    <message>
        <source>Clinic Front Desk
Scheduling for therapy clinics.

Database: %s</source>
        <translation>Clinic Front Desk
Agenda para clínicas de terapia.

Base de datos: %s</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge clients</source>
        <translation>Fusionar clientes</translation>
    </message>
    <message>
        <source>Merge two records of the same person. Everything of the merged record moves to the kept one, and its key keeps finding the kept client. This cannot be undone.</source>
        <translation>Fusione dos registros de la misma persona. Todo lo del registro fusionado pasa al que se conserva, y su clave sigue llevando al cliente conservado. Esta acción no se puede deshacer.</translation>
    </message>
    <message>
        <source>The two records</source>
        <translation>Los dos registros</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kept&lt;/b&gt;</source>
        <translation>&lt;b&gt;Se conserva&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Merged into it&lt;/b&gt;</source>
        <translation>&lt;b&gt;Se fusiona en él&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Find: name, phone, email, key</source>
        <translation>Buscar: nombre, teléfono, correo electrónico, clave</translation>
    </message>
    <message>
        <source>Find the other client (archived ones too)</source>
        <translation>Busque el otro cliente (también los archivados)</translation>
    </message>
    <message>
        <source>Matching clients</source>
        <translation>Clientes coincidentes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Series</translation>
    </message>
    <message>
        <source>Waitlist entries</source>
        <translation>Entradas de la lista de espera</translation>
    </message>
    <message>
        <source>&amp;Keep the other one instead</source>
        <translation>&amp;Conservar el otro en su lugar</translation>
    </message>
    <message>
        <source>What moves</source>
        <translation>Qué se traslada</translation>
    </message>
    <message>
        <source>Why the merge was refused</source>
        <translation>Por qué se rechazó la fusión</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>&amp;Fusionar</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation> (archivado)</translation>
    </message>
    <message>
        <source>No other client found</source>
        <translation>No se encontró ningún otro cliente</translation>
    </message>
    <message>
        <source>Find and choose the other record of this client above.</source>
        <translation>Busque y elija arriba el otro registro de este cliente.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%(other)s&lt;/b&gt; (%(other_key)s) is merged into &lt;b&gt;%(kept)s&lt;/b&gt; (%(kept_key)s): %(sessions)s, %(series)s, %(waitlist)s and any held starts move to %(kept_key)s, and %(other_key)s becomes another key of it. The kept record&apos;s empty details are filled from the merged one, a phone or email it cannot take is added to its notes, and both records&apos; notes are kept. The merged record is then removed.</source>
        <translation>&lt;b&gt;%(other)s&lt;/b&gt; (%(other_key)s) se fusiona en &lt;b&gt;%(kept)s&lt;/b&gt; (%(kept_key)s): %(sessions)s, %(series)s, %(waitlist)s y las horas en reserva provisional pasan a %(kept_key)s, y %(other_key)s pasa a ser otra clave de ese cliente. Los datos vacíos del registro conservado se completan con los del fusionado, un teléfono o correo electrónico que no pueda recibir se añade a sus notas, y se conservan las notas de ambos registros. Después se elimina el registro fusionado.</translation>
    </message>
    <message>
        <source>Choose the other record first.</source>
        <translation>Elija primero el otro registro.</translation>
    </message>
    <message>
        <source>The merge was refused; nothing was changed.</source>
        <translation>Se rechazó la fusión; no se cambió nada.</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Overlapping sessions:&lt;/b&gt; %s</source>
        <translation>&lt;br&gt;&lt;b&gt;Sesiones superpuestas:&lt;/b&gt; %s</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>no session {reference}</source>
        <translation>no existe la sesión {reference}</translation>
    </message>
    <message>
        <source>Owes {amount}</source>
        <translation>Adeuda {amount}</translation>
    </message>
    <message>
        <source>In credit {amount}</source>
        <translation>Saldo a favor {amount}</translation>
    </message>
    <message>
        <source>Nothing owed</source>
        <translation>Nada pendiente</translation>
    </message>
    <message>
        <source>{amount} due</source>
        <translation>{amount} pendiente</translation>
    </message>
    <message>
        <source>{code!r} is not a currency code like &quot;USD&quot; or &quot;EUR&quot;</source>
        <translation>{code!r} no es un código de moneda como &quot;USD&quot; o &quot;EUR&quot;</translation>
    </message>
    <message>
        <source>{value!r} is not an amount like &quot;150.00&quot;</source>
        <translation>{value!r} no es un importe como &quot;150.00&quot;</translation>
    </message>
    <message>
        <source>{value!r} is not an amount of zero or more</source>
        <translation>{value!r} no es un importe igual o mayor que cero</translation>
    </message>
    <message>
        <source>{value!r} has more decimals than {currency} has (no decimals)</source>
        <translation>{value!r} tiene más decimales de los que tiene {currency} (ninguno)</translation>
    </message>
    <message>
        <source>{value!r} has more decimals than {currency} has (at most {places} decimals)</source>
        <translation>{value!r} tiene más decimales de los que tiene {currency} (como máximo {places})</translation>
    </message>
    <message>
        <source>{value!r} is too large (at most {largest})</source>
        <translation>{value!r} es demasiado grande (como máximo {largest})</translation>
    </message>
    <message>
        <source>{value!r}: an amount of money must be more than zero</source>
        <translation>{value!r}: un importe debe ser mayor que cero</translation>
    </message>
    <message>
        <source>the database holds no clinic yet (import one or run `frontdesk demo`)</source>
        <translation>la base de datos aún no contiene ninguna clínica (importe una o ejecute `frontdesk demo`)</translation>
    </message>
    <message>
        <source>No-show: a fee of {fee} will be charged instead of the price.</source>
        <translation>Inasistencia: se cobrará un cargo de {fee} en lugar del precio.</translation>
    </message>
    <message>
        <source>No-show: the policy charges no fee.</source>
        <translation>Inasistencia: la política no aplica ningún cargo.</translation>
    </message>
    <message>
        <source>Late cancellation: a fee of {fee} will be charged.</source>
        <translation>Cancelación tardía: se cobrará un cargo de {fee}.</translation>
    </message>
    <message>
        <source>Late cancellation: the policy charges no fee.</source>
        <translation>Cancelación tardía: la política no aplica ningún cargo.</translation>
    </message>
    <message>
        <source>No fee.</source>
        <translation>Sin cargo.</translation>
    </message>
    <message>
        <source>{fee_sentence} {paid} paid in advance becomes credit.</source>
        <translation>{fee_sentence} Los {paid} pagados por adelantado pasan a saldo a favor.</translation>
    </message>
    <message>
        <source>{fee_sentence} {paid} paid in advance becomes credit ({left} after the fee).</source>
        <translation>{fee_sentence} Los {paid} pagados por adelantado pasan a saldo a favor ({left} después del cargo).</translation>
    </message>
    <message>
        <source>{fee_sentence} {paid} paid in advance goes to the fee.</source>
        <translation>{fee_sentence} Los {paid} pagados por adelantado se aplican al cargo.</translation>
    </message>
    <message>
        <source>waiving a fee</source>
        <translation>condonar un cargo</translation>
    </message>
    <message>
        <source>{reference} has no fee to waive</source>
        <translation>{reference} no tiene ningún cargo que condonar</translation>
    </message>
    <message>
        <source>{reference}&apos;s fee was already waived</source>
        <translation>el cargo de {reference} ya se condonó</translation>
    </message>
    <message>
        <source>a price must be an amount of zero or more</source>
        <translation>un precio debe ser un importe igual o mayor que cero</translation>
    </message>
    <message>
        <source>changing a price</source>
        <translation>cambiar un precio</translation>
    </message>
    <message>
        <source>{reference} is cancelled; its price cannot change</source>
        <translation>{reference} está cancelada; su precio no se puede cambiar</translation>
    </message>
    <message>
        <source>{reference} already has that price</source>
        <translation>{reference} ya tiene ese precio</translation>
    </message>
    <message>
        <source>no session {reference!r}</source>
        <translation>no existe la sesión {reference!r}</translation>
    </message>
    <message>
        <source>an amount of money must be more than zero</source>
        <translation>un importe debe ser mayor que cero</translation>
    </message>
    <message>
        <source>a refund</source>
        <translation>un reembolso</translation>
    </message>
    <message>
        <source>the client has {credit} {currency} of credit, not {amount_cents} {currency}</source>
        <translation>el cliente tiene {credit} {currency} de saldo a favor, no {amount_cents} {currency}</translation>
    </message>
    <message>
        <source>no client {client_key!r}</source>
        <translation>no existe el cliente {client_key!r}</translation>
    </message>
    <message>
        <source>{reference} is named twice</source>
        <translation>{reference} aparece dos veces</translation>
    </message>
    <message>
        <source>the amount for {reference} must be more than zero</source>
        <translation>el importe para {reference} debe ser mayor que cero</translation>
    </message>
    <message>
        <source>{reference} asks for {outstanding_cents} at most, not {amount_cents}</source>
        <translation>{reference} admite como máximo {outstanding_cents}, no {amount_cents}</translation>
    </message>
    <message>
        <source>the sessions&apos; shares add up to more than the payment</source>
        <translation>los importes asignados a las sesiones suman más que el pago</translation>
    </message>
    <message>
        <source>{reference} is a session of another client</source>
        <translation>{reference} es una sesión de otro cliente</translation>
    </message>
    <message>
        <source>no receipt {receipt}</source>
        <translation>no existe el recibo {receipt}</translation>
    </message>
    <message>
        <source>{receipt} is a refund, not a payment</source>
        <translation>{receipt} es un reembolso, no un pago</translation>
    </message>
    <message>
        <source>{receipt} is a reversal, not a payment</source>
        <translation>{receipt} es una anulación, no un pago</translation>
    </message>
    <message>
        <source>a reversal</source>
        <translation>una anulación</translation>
    </message>
    <message>
        <source>{receipt} was already given back in full</source>
        <translation>{receipt} ya se devolvió en su totalidad</translation>
    </message>
    <message>
        <source>{receipt} has {left} left to give back, not {amount}</source>
        <translation>{receipt}: quedan {left} por devolver, no {amount}</translation>
    </message>
    <message>
        <source>{receipt} has {credit} of credit left, not {amount}</source>
        <translation>{receipt}: quedan {credit} de saldo a favor, no {amount}</translation>
    </message>
    <message>
        <source>{method!r} is not a payment method ({options})</source>
        <translation>{method!r} no es un método de pago ({options})</translation>
    </message>
    <message>
        <source>the reference is longer than {reference_limit} characters</source>
        <translation>la referencia tiene más de {reference_limit} caracteres</translation>
    </message>
    <message>
        <source>the reference is not valid text</source>
        <translation>la referencia no es un texto válido</translation>
    </message>
    <message>
        <source>no client {key!r}</source>
        <translation>no existe el cliente {key!r}</translation>
    </message>
    <message>
        <source>{what} needs a supervisor or an admin</source>
        <translation>{what} requiere un supervisor o un administrador</translation>
    </message>
    <message>
        <source>the database holds no clinic yet</source>
        <translation>la base de datos aún no contiene ninguna clínica</translation>
    </message>
</context>
<context>
    <name>MonthPreview</name>
    <message>
        <source>Day off</source>
        <translation>Día libre</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>De baja</translation>
    </message>
    <message>
        <source>Too soon</source>
        <translation>Demasiado pronto</translation>
    </message>
    <message>
        <source>Not open yet</source>
        <translation>Aún no abierto</translation>
    </message>
    <message>
        <source>Day full (cap)</source>
        <translation>Día completo (límite)</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Fully booked</source>
        <translation>Todo reservado</translation>
    </message>
    <message>
        <source>Month preview — what a client could book</source>
        <translation>Vista previa del mes — lo que un cliente podría reservar</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Days of the month</source>
        <translation>Días del mes</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>%d
%d/%d booked
%s</source>
        <translation>%d
%d/%d reservadas
%s</translation>
    </message>
    <message numerus="yes">
        <source>%n free</source>
        <translation>
            <numerusform>%n libre</numerusform>
            <numerusform>%n libres</numerusform>
        </translation>
    </message>
    <message>
        <source>%d/%d booked
</source>
        <translation>%d/%d reservadas
</translation>
    </message>
    <message>
        <source>Next free start: %s</source>
        <translation>Próxima hora libre: %s</translation>
    </message>
    <message>
        <source>No free start within the booking horizon.</source>
        <translation>No hay ninguna hora libre dentro del plazo de reserva.</translation>
    </message>
</context>
<context>
    <name>NewClientForm</name>
    <message>
        <source>New client</source>
        <translation>Nuevo cliente</translation>
    </message>
    <message>
        <source>New client&apos;s name</source>
        <translation>Nombre del nuevo cliente</translation>
    </message>
    <message>
        <source>New client&apos;s phone</source>
        <translation>Teléfono del nuevo cliente</translation>
    </message>
    <message>
        <source>New client&apos;s email</source>
        <translation>Correo electrónico del nuevo cliente</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Add client</source>
        <translation>Añadir cliente</translation>
    </message>
    <message>
        <source>Use the client offered above, or change what was typed</source>
        <translation>Use el cliente propuesto arriba o cambie lo que escribió</translation>
    </message>
</context>
<context>
    <name>OptionalDate</name>
    <message>
        <source>%s given</source>
        <translation>%s indicada</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>This payment</source>
        <translation>Este pago</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Próxima</translation>
    </message>
    <message>
        <source>In session</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>No-show fee</source>
        <translation>Cargo por inasistencia</translation>
    </message>
    <message>
        <source>Late cancellation fee</source>
        <translation>Cargo por cancelación tardía</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>Registrar cobro</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Sessions this payment goes to</source>
        <translation>Sesiones a las que se aplica este pago</translation>
    </message>
    <message>
        <source>Nothing is outstanding: the payment becomes credit.</source>
        <translation>No hay nada pendiente: el pago pasa a saldo a favor.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Optional: card slip, transfer reference…</source>
        <translation>Opcional: comprobante de tarjeta, referencia de transferencia…</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>&amp;Importe</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>&amp;Método</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation>&amp;Referencia</translation>
    </message>
    <message>
        <source>Becomes credit</source>
        <translation>Pasa a saldo a favor</translation>
    </message>
    <message>
        <source>Settle the sessions shown from the client&apos;s credit, oldest first</source>
        <translation>Liquidar las sesiones mostradas con el saldo a favor del cliente, empezando por la más antigua</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>&amp;Take payment</source>
        <translation>&amp;Cobrar</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <source>&amp;Print receipt…</source>
        <translation>&amp;Imprimir recibo…</translation>
    </message>
    <message>
        <source>&amp;Save receipt as PDF…</source>
        <translation>&amp;Guardar recibo como PDF…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <source> (after %s credit)</source>
        <translation> (tras aplicar %s de saldo a favor)</translation>
    </message>
    <message>
        <source>Use &amp;credit (%s)</source>
        <translation>Usar &amp;saldo a favor (%s)</translation>
    </message>
    <message>
        <source>This payment for %s</source>
        <translation>Este pago para %s</translation>
    </message>
    <message>
        <source>Choose the client first.</source>
        <translation>Elija primero el cliente.</translation>
    </message>
    <message>
        <source>Type the amount paid.</source>
        <translation>Escriba el importe pagado.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>El importe debe ser mayor que cero.</translation>
    </message>
    <message>
        <source>%s has %s outstanding; it cannot take %s.</source>
        <translation>%s tiene %s pendiente; no puede recibir %s.</translation>
    </message>
    <message>
        <source>The sessions&apos; shares add up to %s, more than the amount %s.</source>
        <translation>Los importes asignados a las sesiones suman %s, más que el importe de %s.</translation>
    </message>
    <message>
        <source>%s becomes credit</source>
        <translation>%s pasa a saldo a favor</translation>
    </message>
    <message>
        <source>Payment taken: receipt %s</source>
        <translation>Cobro registrado: recibo %s</translation>
    </message>
    <message>
        <source>%s by %s from %s</source>
        <translation>%s (%s) de %s</translation>
    </message>
    <message>
        <source>%s to %s</source>
        <translation>%s a %s</translation>
    </message>
    <message>
        <source>%s to the client&apos;s credit</source>
        <translation>%s al saldo a favor del cliente</translation>
    </message>
    <message>
        <source>Save the receipt as PDF</source>
        <translation>Guardar el recibo como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation>Se guardó %s</translation>
    </message>
    <message>
        <source>Credit used: %s.</source>
        <translation>Saldo a favor aplicado: %s.</translation>
    </message>
    <message>
        <source>No credit was left to use.</source>
        <translation>No quedaba saldo a favor que aplicar.</translation>
    </message>
    <message>
        <source>The payment is being recorded. Close anyway?</source>
        <translation>El pago se está registrando. ¿Cerrar de todos modos?</translation>
    </message>
</context>
<context>
    <name>PriceDialog</name>
    <message>
        <source>Change price</source>
        <translation>Cambiar precio</translation>
    </message>
    <message>
        <source>The price of %s is %s %s. A supervisor can change it with a reason; what was paid beyond a lower price becomes credit.</source>
        <translation>El precio de %s es %s %s. Un supervisor puede cambiarlo indicando un motivo; lo pagado por encima de un precio menor pasa a saldo a favor.</translation>
    </message>
    <message>
        <source>New price</source>
        <translation>Nuevo precio</translation>
    </message>
    <message>
        <source>New &amp;price (%s)</source>
        <translation>Nuevo &amp;precio (%s)</translation>
    </message>
</context>
<context>
    <name>ProfileWaitlistButtons</name>
    <message>
        <source>&amp;Add to waitlist…</source>
        <translation>&amp;Añadir a la lista de espera…</translation>
    </message>
    <message>
        <source>Put this client on the waitlist</source>
        <translation>Poner a este cliente en la lista de espera</translation>
    </message>
    <message>
        <source>Remove entry</source>
        <translation>Quitar entrada</translation>
    </message>
    <message>
        <source>Take the selected entry off the waitlist</source>
        <translation>Quitar de la lista de espera la entrada seleccionada</translation>
    </message>
    <message>
        <source>Remove the selected waitlist entry</source>
        <translation>Quitar la entrada seleccionada de la lista de espera</translation>
    </message>
    <message>
        <source>Archived and erased clients do not wait</source>
        <translation>Los clientes archivados o borrados no pueden estar en lista de espera</translation>
    </message>
    <message>
        <source>Added to the waitlist.</source>
        <translation>Añadido a la lista de espera.</translation>
    </message>
    <message>
        <source>Removed from the waitlist.</source>
        <translation>Quitado de la lista de espera.</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>Receipt %s</source>
        <translation>Recibo %s</translation>
    </message>
    <message>
        <source>Refund %s</source>
        <translation>Reembolso %s</translation>
    </message>
    <message>
        <source>Reversal %s</source>
        <translation>Anulación %s</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Transferencia bancaria</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Gives back on</source>
        <translation>Devolución del recibo</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Credit left</source>
        <translation>Saldo a favor restante</translation>
    </message>
    <message>
        <source>Taken by %s</source>
        <translation>Registrado por %s</translation>
    </message>
    <message>
        <source>All of it was given back (below).</source>
        <translation>Se devolvió todo (ver abajo).</translation>
    </message>
    <message>
        <source>Held as credit on the client&apos;s account.</source>
        <translation>Queda como saldo a favor en la cuenta del cliente.</translation>
    </message>
    <message>
        <source>Given back from the client&apos;s credit; no session changes.</source>
        <translation>Devuelto del saldo a favor del cliente; ninguna sesión cambia.</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Taken back from sessions</source>
        <translation>Retirado de las sesiones</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation>Reembolso</translation>
    </message>
    <message>
        <source>Refund part or all of %s (%s %s left), on its own method. The money comes from the client&apos;s credit first, then from the payment&apos;s sessions.</source>
        <translation>Reembolse una parte o la totalidad de %s (quedan %s %s), por su mismo método. El dinero sale primero del saldo a favor del cliente y después de las sesiones del pago.</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>Importe a reembolsar</translation>
    </message>
    <message>
        <source>&amp;Amount (%s)</source>
        <translation>&amp;Importe (%s)</translation>
    </message>
</context>
<context>
    <name>RefundOffer</name>
    <message>
        <source>Money paid in advance</source>
        <translation>Dinero pagado por adelantado</translation>
    </message>
    <message>
        <source>%s is now the client&apos;s credit. Refund it now, or keep it as credit?</source>
        <translation>%s es ahora saldo a favor del cliente. ¿Reembolsarlo ahora o mantenerlo como saldo a favor?</translation>
    </message>
    <message>
        <source>&amp;Refund now…</source>
        <translation>&amp;Reembolsar ahora…</translation>
    </message>
    <message>
        <source>&amp;Keep as credit</source>
        <translation>&amp;Mantener como saldo a favor</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Utilisation</source>
        <translation>Ocupación</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Asistencia</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ingresos</translation>
    </message>
    <message>
        <source>By therapist</source>
        <translation>Por terapeuta</translation>
    </message>
    <message>
        <source>By room</source>
        <translation>Por sala</translation>
    </message>
    <message>
        <source>By service</source>
        <translation>Por servicio</translation>
    </message>
    <message>
        <source>By payment method</source>
        <translation>Por método de pago</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Método de pago</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Reservado</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completadas</translation>
    </message>
    <message>
        <source>No-shows</source>
        <translation>Inasistencias</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Canceladas</translation>
    </message>
    <message>
        <source>Late cancelled</source>
        <translation>Canceladas tarde</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Próximas</translation>
    </message>
    <message>
        <source>No-show rate</source>
        <translation>Tasa de inasistencia</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Facturado</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Cobrado</translation>
    </message>
    <message>
        <source>Utilisation report</source>
        <translation>Informe de ocupación</translation>
    </message>
    <message>
        <source>Attendance report</source>
        <translation>Informe de asistencia</translation>
    </message>
    <message>
        <source>Revenue report</source>
        <translation>Informe de ingresos</translation>
    </message>
    <message>
        <source>Nothing to show for this period.</source>
        <translation>No hay nada que mostrar en este periodo.</translation>
    </message>
    <message>
        <source>Amounts in %s.</source>
        <translation>Importes en %s.</translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <source>%s by therapist</source>
        <translation>%s por terapeuta</translation>
    </message>
    <message>
        <source>%s by room</source>
        <translation>%s por sala</translation>
    </message>
    <message>
        <source>%s by service</source>
        <translation>%s por servicio</translation>
    </message>
    <message>
        <source>%s by payment method</source>
        <translation>%s por método de pago</translation>
    </message>
    <message>
        <source>Report chart</source>
        <translation>Gráfico del informe</translation>
    </message>
    <message>
        <source>No report yet.</source>
        <translation>Todavía no hay ningún informe.</translation>
    </message>
    <message>
        <source>Nothing to show for this period.</source>
        <translation>No hay nada que mostrar en este periodo.</translation>
    </message>
    <message>
        <source>Week by week</source>
        <translation>Semana a semana</translation>
    </message>
    <message>
        <source>Amount (%s)</source>
        <translation>Importe (%s)</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Week starting</source>
        <translation>Inicio de la semana</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>A day sheet is for one therapist or one room, not both.</source>
        <translation>Una hoja del día es para un terapeuta o para una sala, no para ambos.</translation>
    </message>
    <message>
        <source>There is no therapist {key}.</source>
        <translation>No existe el terapeuta {key}.</translation>
    </message>
    <message>
        <source>There is no room {key}.</source>
        <translation>No existe la sala {key}.</translation>
    </message>
    <message>
        <source>This database holds no clinic yet: import a clinic file or run setup first.</source>
        <translation>Esta base de datos aún no contiene ninguna clínica: primero importe un archivo de clínica o ejecute la configuración.</translation>
    </message>
    <message>
        <source>Credit (not on a session)</source>
        <translation>Saldo a favor (sin sesión)</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferencia</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>El periodo termina antes de empezar.</translation>
    </message>
    <message>
        <source>A report covers at most 10 years.</source>
        <translation>Un informe abarca como máximo 10 años.</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>This week</source>
        <translation>Esta semana</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>La semana pasada</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Este mes</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>El mes pasado</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Este año</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>El año pasado</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Periodo personalizado</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>&amp;Informe:</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <source>&amp;Grouping:</source>
        <translation>&amp;Agrupación:</translation>
    </message>
    <message>
        <source>Grouping</source>
        <translation>Agrupación</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Periodo:</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>D&amp;esde:</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Primer día</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Último día</translation>
    </message>
    <message>
        <source>Reading the report</source>
        <translation>Leyendo el informe</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
    <message>
        <source>Report table</source>
        <translation>Tabla del informe</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exportar &amp;CSV…</translation>
    </message>
    <message>
        <source>Pr&amp;int…</source>
        <translation>Imp&amp;rimir…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Guardar como P&amp;DF…</translation>
    </message>
    <message>
        <source>A report covers at most %d years.</source>
        <translation>Un informe abarca como máximo %d años.</translation>
    </message>
    <message>
        <source>%s — %s — %s</source>
        <translation>%s — %s — %s</translation>
    </message>
    <message>
        <source>Export the report as CSV</source>
        <translation>Exportar el informe como CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation>Se guardó %s</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Guardar el informe como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>SchedulePanel</name>
    <message>
        <source>Sessions of the day</source>
        <translation>Sesiones del día</translation>
    </message>
    <message>
        <source>%s, whole clinic: %d sessions (and %d cancelled or no-show)</source>
        <translation>%s, toda la clínica: %d sesiones (y %d canceladas o inasistencias)</translation>
    </message>
    <message>
        <source>No sessions on this day.</source>
        <translation>No hay sesiones este día.</translation>
    </message>
</context>
<context>
    <name>SchedulingRule</name>
    <message>
        <source>on leave</source>
        <translation>de baja o permiso</translation>
    </message>
    <message>
        <source>outside working hours</source>
        <translation>fuera del horario laboral</translation>
    </message>
    <message>
        <source>inside the minimum notice</source>
        <translation>dentro de la antelación mínima</translation>
    </message>
    <message>
        <source>too far ahead</source>
        <translation>demasiado lejos en el futuro</translation>
    </message>
    <message>
        <source>daily cap reached</source>
        <translation>límite diario alcanzado</translation>
    </message>
    <message>
        <source>blocked time</source>
        <translation>horario bloqueado</translation>
    </message>
    <message>
        <source>own calendar busy</source>
        <translation>calendario propio ocupado</translation>
    </message>
    <message>
        <source>therapist already booked</source>
        <translation>terapeuta ya ocupado</translation>
    </message>
    <message>
        <source>held for another booking</source>
        <translation>reservada provisionalmente para otra cita</translation>
    </message>
    <message>
        <source>no room free</source>
        <translation>ninguna sala libre</translation>
    </message>
</context>
<context>
    <name>Series</name>
    <message>
        <source>the first {weekday}</source>
        <translation>el primer {weekday}</translation>
    </message>
    <message>
        <source>the second {weekday}</source>
        <translation>el segundo {weekday}</translation>
    </message>
    <message>
        <source>the third {weekday}</source>
        <translation>el tercer {weekday}</translation>
    </message>
    <message>
        <source>the fourth {weekday}</source>
        <translation>el cuarto {weekday}</translation>
    </message>
    <message>
        <source>the fifth {weekday}</source>
        <translation>el quinto {weekday}</translation>
    </message>
    <message>
        <source>the last {weekday}</source>
        <translation>el último {weekday}</translation>
    </message>
    <message>
        <source>the {n}th {weekday}</source>
        <translation>el {weekday} n.º {n}</translation>
    </message>
    <message>
        <source>Every {weekday}</source>
        <translation>Cada {weekday}</translation>
    </message>
    <message>
        <source>Every other {weekday}</source>
        <translation>Cada dos semanas, el {weekday}</translation>
    </message>
    <message>
        <source>Every {count} days</source>
        <translation>Cada {count} días</translation>
    </message>
    <message>
        <source>Monthly on {the_nth_weekday}</source>
        <translation>Cada mes, {the_nth_weekday}</translation>
    </message>
    <message>
        <source>Monthly on day {day}</source>
        <translation>Cada mes, el día {day}</translation>
    </message>
    <message>
        <source>{head} {clock} with {therapist}, until {end}</source>
        <translation>{head} a las {clock} con {therapist}, hasta el {end}</translation>
    </message>
    <message>
        <source>{head} {clock} with {therapist}</source>
        <translation>{head} a las {clock} con {therapist}</translation>
    </message>
    <message>
        <source>{series} (paused since {day})</source>
        <translation>{series} (en pausa desde el {day})</translation>
    </message>
</context>
<context>
    <name>SeriesDialog</name>
    <message>
        <source>Recurring sessions — %s</source>
        <translation>Sesiones recurrentes — %s</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Series</translation>
    </message>
    <message>
        <source>&amp;New series…</source>
        <translation>&amp;Nueva serie…</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>&amp;Modificar…</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reanudar</translation>
    </message>
    <message>
        <source>&amp;Stop…</source>
        <translation>&amp;Detener…</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>En pausa.</translation>
    </message>
    <message>
        <source>Resumed from today.</source>
        <translation>Reanudada a partir de hoy.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pausa</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>terminada</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>next: %s</source>
        <translation>próximas: %s</translation>
    </message>
    <message>
        <source>No recurring sessions yet.</source>
        <translation>Todavía no hay sesiones recurrentes.</translation>
    </message>
    <message>
        <source>Series %s created; the daily job books it.</source>
        <translation>Serie %s creada; el proceso diario reserva sus sesiones.</translation>
    </message>
    <message numerus="yes">
        <source>Changed; %n booked session(s) moved.</source>
        <translation>
            <numerusform>Cambiada; se movió %n sesión reservada.</numerusform>
            <numerusform>Cambiada; se movieron %n sesiones reservadas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped; %n future session(s) cancelled.</source>
        <translation>
            <numerusform>Detenida; se canceló %n sesión futura.</numerusform>
            <numerusform>Detenida; se cancelaron %n sesiones futuras.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop series</source>
        <translation>Detener serie</translation>
    </message>
    <message>
        <source>Stop “%s” from today?

Yes: also cancel its booked future sessions.
No: keep them.</source>
        <translation>¿Detener «%s» a partir de hoy?

Sí: cancelar también sus sesiones futuras reservadas.
No: conservarlas.</translation>
    </message>
</context>
<context>
    <name>SeriesForm</name>
    <message>
        <source>Every week</source>
        <translation>Cada semana</translation>
    </message>
    <message>
        <source>Every other week</source>
        <translation>Cada dos semanas</translation>
    </message>
    <message>
        <source>Every month</source>
        <translation>Cada mes</translation>
    </message>
    <message>
        <source>Every N days</source>
        <translation>Cada N días</translation>
    </message>
    <message>
        <source>Change series</source>
        <translation>Cambiar serie</translation>
    </message>
    <message>
        <source>New series</source>
        <translation>Nueva serie</translation>
    </message>
    <message>
        <source>same day of the month (31st: last day)</source>
        <translation>mismo día del mes (31: último día)</translation>
    </message>
    <message>
        <source>same weekday (e.g. 2nd Tuesday; 5th: last)</source>
        <translation>mismo día de la semana (p. ej., 2.º martes; 5.º: último)</translation>
    </message>
    <message>
        <source>no end date</source>
        <translation>sin fecha de fin</translation>
    </message>
    <message>
        <source>the service&apos;s price</source>
        <translation>el precio del servicio</translation>
    </message>
    <message>
        <source>also move booked future sessions that are not paid</source>
        <translation>mover también las sesiones futuras reservadas que no estén pagadas</translation>
    </message>
    <message>
        <source>&amp;Therapist</source>
        <translation>&amp;Terapeuta</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>&amp;Servicio</translation>
    </message>
    <message>
        <source>&amp;Repeats</source>
        <translation>&amp;Repetición</translation>
    </message>
    <message>
        <source>Monthly &amp;by</source>
        <translation>Mensual &amp;por</translation>
    </message>
    <message>
        <source>Every N &amp;days</source>
        <translation>Cada N &amp;días</translation>
    </message>
    <message>
        <source>&amp;First date</source>
        <translation>&amp;Primera fecha</translation>
    </message>
    <message>
        <source>&amp;Time</source>
        <translation>&amp;Hora</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>Has&amp;ta</translation>
    </message>
    <message>
        <source>&amp;Price</source>
        <translation>Pre&amp;cio</translation>
    </message>
</context>
<context>
    <name>SessionHistory</name>
    <message>
        <source>booked</source>
        <translation>reservada</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importada</translation>
    </message>
    <message>
        <source>updated by an import</source>
        <translation>actualizada por una importación</translation>
    </message>
    <message>
        <source>moved here</source>
        <translation>movida aquí</translation>
    </message>
    <message>
        <source>moved away</source>
        <translation>movida a otra hora</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelada</translation>
    </message>
    <message>
        <source>status</source>
        <translation>estado</translation>
    </message>
    <message>
        <source>room changed</source>
        <translation>cambio de sala</translation>
    </message>
    <message>
        <source>fee waived</source>
        <translation>cargo condonado</translation>
    </message>
    <message>
        <source>price changed</source>
        <translation>cambio de precio</translation>
    </message>
    <message>
        <source>status {value}</source>
        <translation>estado {value}</translation>
    </message>
    <message>
        <source>room {value}</source>
        <translation>sala {value}</translation>
    </message>
    <message>
        <source>therapist {value}</source>
        <translation>terapeuta {value}</translation>
    </message>
    <message>
        <source>rescheduled to {value}</source>
        <translation>reprogramada como {value}</translation>
    </message>
    <message>
        <source>fee {value}</source>
        <translation>cargo {value}</translation>
    </message>
    <message>
        <source>price {value}</source>
        <translation>precio {value}</translation>
    </message>
    <message>
        <source>{value} to credit</source>
        <translation>{value} a saldo a favor</translation>
    </message>
    <message>
        <source>late</source>
        <translation>tardía</translation>
    </message>
    <message>
        <source>notice waived by {user}</source>
        <translation>preaviso dispensado por {user}</translation>
    </message>
    <message>
        <source>fee waived by {user}</source>
        <translation>cargo condonado por {user}</translation>
    </message>
    <message>
        <source>override by {user}: {rules}</source>
        <translation>excepción autorizada por {user}: {rules}</translation>
    </message>
</context>
<context>
    <name>SessionMoves</name>
    <message>
        <source>Override</source>
        <translation>Excepción de supervisor</translation>
    </message>
    <message>
        <source>%s.

Move %s there anyway as an emergency?</source>
        <translation>%s.

¿Mover %s allí de todos modos como urgencia?</translation>
    </message>
    <message>
        <source>Moving %s…</source>
        <translation>Moviendo %s…</translation>
    </message>
    <message>
        <source>Moved to %s (%s, was %s). Ctrl+Z undoes.</source>
        <translation>Movida a %s (%s, antes %s). Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <source>Move undone: back at %s (%s).</source>
        <translation>Movimiento deshecho: de vuelta a %s (%s).</translation>
    </message>
    <message>
        <source>those are not a supervisor&apos;s or admin&apos;s credentials</source>
        <translation>esas no son credenciales de un supervisor o administrador</translation>
    </message>
    <message>
        <source>Not moved: %s.</source>
        <translation>No se movió: %s.</translation>
    </message>
    <message>
        <source> Nearest free: %s.</source>
        <translation> Horas libres más cercanas: %s.</translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <source>moved to %s as %s</source>
        <translation>movida a %s como %s</translation>
    </message>
    <message>
        <source>now at %s</source>
        <translation>ahora a las %s</translation>
    </message>
    <message>
        <source>now with %s</source>
        <translation>ahora con %s</translation>
    </message>
    <message>
        <source>room now %s</source>
        <translation>sala ahora: %s</translation>
    </message>
    <message>
        <source>no room now</source>
        <translation>ahora sin sala</translation>
    </message>
    <message>
        <source>Session %s</source>
        <translation>Sesión %s</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Booking</source>
        <translation>Reserva</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Special requests</source>
        <translation>Peticiones especiales</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source> (waived)</source>
        <translation> (condonado)</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Excepción de supervisor</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>recurring</source>
        <translation>recurrente</translation>
    </message>
    <message>
        <source>Changed at another desk at %s: %s. Showing the latest.</source>
        <translation>Cambiada en otro puesto a las %s: %s. Se muestra lo más reciente.</translation>
    </message>
    <message>
        <source>This session was changed at another desk at %s; showing the latest.</source>
        <translation>Esta sesión se cambió en otro puesto a las %s; se muestra lo más reciente.</translation>
    </message>
    <message>
        <source>Open %s</source>
        <translation>Abrir %s</translation>
    </message>
    <message>
        <source>Recurring…</source>
        <translation>Recurrentes…</translation>
    </message>
    <message>
        <source>This client&apos;s recurring sessions</source>
        <translation>Sesiones recurrentes de este cliente</translation>
    </message>
    <message>
        <source>Client &amp;profile…</source>
        <translation>&amp;Perfil del cliente…</translation>
    </message>
    <message>
        <source>%s&apos;s details, history and statistics</source>
        <translation>Datos, historial y estadísticas de %s</translation>
    </message>
    <message>
        <source>Cance&amp;l session…</source>
        <translation>Cance&amp;lar sesión…</translation>
    </message>
    <message>
        <source>Waive &amp;fee…</source>
        <translation>Condonar el &amp;cargo…</translation>
    </message>
    <message>
        <source>Change p&amp;rice…</source>
        <translation>Cambiar p&amp;recio…</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Inasistencia</translation>
    </message>
    <message>
        <source>Mark %s as a no-show?</source>
        <translation>¿Marcar %s como inasistencia?</translation>
    </message>
    <message>
        <source>Mark &amp;no-show</source>
        <translation>Marcar &amp;inasistencia</translation>
    </message>
    <message>
        <source>Mark &amp;confirmed</source>
        <translation>Marcar &amp;confirmada</translation>
    </message>
    <message>
        <source>&amp;Start session</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <source>Mark co&amp;mpleted</source>
        <translation>Marcar co&amp;mpletada</translation>
    </message>
    <message>
        <source>Cancel session</source>
        <translation>Cancelar sesión</translation>
    </message>
    <message>
        <source>Why is %s cancelled?</source>
        <translation>¿Por qué se cancela %s?</translation>
    </message>
    <message>
        <source>Cancel &amp;session</source>
        <translation>Cancelar &amp;sesión</translation>
    </message>
    <message>
        <source>Cancelled (marked late).</source>
        <translation>Cancelada (marcada como tardía).</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelada.</translation>
    </message>
    <message>
        <source>Fee %s.</source>
        <translation>Cargo: %s.</translation>
    </message>
    <message>
        <source>%s became credit.</source>
        <translation>%s pasó a saldo a favor.</translation>
    </message>
    <message>
        <source>Waive fee</source>
        <translation>Condonar cargo</translation>
    </message>
    <message>
        <source>Waive the fee of %s on %s? It is no longer owed; what was paid towards it becomes credit.</source>
        <translation>¿Condonar el cargo de %s de %s? Ya no se adeuda; lo pagado a cuenta de él pasa a saldo a favor.</translation>
    </message>
    <message>
        <source>Fee waived; %s became credit.</source>
        <translation>Cargo condonado; %s pasó a saldo a favor.</translation>
    </message>
    <message>
        <source>Fee waived.</source>
        <translation>Cargo condonado.</translation>
    </message>
    <message>
        <source>Price changed from %s to %s.</source>
        <translation>Precio cambiado de %s a %s.</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolso</translation>
    </message>
    <message>
        <source>Refund %s of the client&apos;s credit, on the payments&apos; own methods?</source>
        <translation>¿Reembolsar %s del saldo a favor del cliente, por los mismos métodos de los pagos?</translation>
    </message>
    <message>
        <source>Refunded %s (%s).</source>
        <translation>Se reembolsó %s (%s).</translation>
    </message>
</context>
<context>
    <name>SessionStatus</name>
    <message>
        <source>scheduled</source>
        <translation>programada</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>confirmada</translation>
    </message>
    <message>
        <source>in_progress</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completada</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelada</translation>
    </message>
    <message>
        <source>no_show</source>
        <translation>no se presentó</translation>
    </message>
</context>
<context>
    <name>SetupFields</name>
    <message>
        <source>front desk</source>
        <translation>recepción</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrador</translation>
    </message>
    <message>
        <source>vacation</source>
        <translation>vacaciones</translation>
    </message>
    <message>
        <source>meeting</source>
        <translation>reunión</translation>
    </message>
    <message>
        <source>sick leave</source>
        <translation>baja por enfermedad</translation>
    </message>
    <message>
        <source>personal</source>
        <translation>asunto personal</translation>
    </message>
    <message>
        <source>training</source>
        <translation>formación</translation>
    </message>
    <message>
        <source>other</source>
        <translation>otro</translation>
    </message>
    <message>
        <source>available</source>
        <translation>disponible</translation>
    </message>
    <message>
        <source>on leave</source>
        <translation>de baja</translation>
    </message>
    <message>
        <source>limited</source>
        <translation>limitado</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Lunes</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Martes</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Miércoles</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Jueves</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Viernes</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Sábado</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Domingo</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>Features (comma separated)</source>
        <translation>Características (separadas por comas)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Needs room features</source>
        <translation>Necesita características de sala</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>New password (blank: unchanged)</source>
        <translation>Nueva contraseña (en blanco: sin cambios)</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>From (HH:MM)</source>
        <translation>Desde (HH:MM)</translation>
    </message>
    <message>
        <source>To (HH:MM)</source>
        <translation>Hasta (HH:MM)</translation>
    </message>
    <message>
        <source>Date (YYYY-MM-DD)</source>
        <translation>Fecha (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>Works</source>
        <translation>Trabaja</translation>
    </message>
    <message>
        <source>Hours that day (09:00-12:00, …)</source>
        <translation>Horario ese día (09:00-12:00, …)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Does not repeat</source>
        <translation>No se repite</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Cada día</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>Cada semana</translation>
    </message>
    <message>
        <source>Every 2 weeks</source>
        <translation>Cada 2 semanas</translation>
    </message>
    <message>
        <source>Every month</source>
        <translation>Cada mes</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Start (YYYY-MM-DDTHH:MM or date)</source>
        <translation>Inicio (AAAA-MM-DDTHH:MM o fecha)</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>Todo el día</translation>
    </message>
    <message>
        <source>Repeats (or an RRULE)</source>
        <translation>Repetición (o una RRULE)</translation>
    </message>
    <message>
        <source>In words</source>
        <translation>En palabras</translation>
    </message>
    <message>
        <source>Clinic name</source>
        <translation>Nombre de la clínica</translation>
    </message>
    <message>
        <source>Time zone (IANA)</source>
        <translation>Zona horaria (IANA)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Phone region (e.g. US)</source>
        <translation>Región telefónica (p. ej. US)</translation>
    </message>
    <message>
        <source>Slot interval (minutes)</source>
        <translation>Intervalo entre inicios (minutos)</translation>
    </message>
    <message>
        <source>Hold a start while booking (minutes)</source>
        <translation>Reserva provisional de una hora al reservar (minutos)</translation>
    </message>
    <message>
        <source>Cancellation notice (hours)</source>
        <translation>Preaviso de cancelación (horas)</translation>
    </message>
    <message>
        <source>Reminders (minutes before, comma separated)</source>
        <translation>Recordatorios (minutos antes, separados por comas)</translation>
    </message>
    <message>
        <source>Generate recurring sessions (days ahead)</source>
        <translation>Generar sesiones recurrentes (días de antelación)</translation>
    </message>
    <message>
        <source>Backups kept</source>
        <translation>Copias de seguridad conservadas</translation>
    </message>
    <message>
        <source>Currency (ISO 4217, e.g. USD, EUR)</source>
        <translation>Moneda (ISO 4217, p. ej. USD, EUR)</translation>
    </message>
    <message>
        <source>Late cancellation fee</source>
        <translation>Cargo por cancelación tardía</translation>
    </message>
    <message>
        <source>No-show fee</source>
        <translation>Cargo por inasistencia</translation>
    </message>
    <message>
        <source>Colour (#rrggbb)</source>
        <translation>Color (#rrggbb)</translation>
    </message>
    <message>
        <source>Session min</source>
        <translation>Min. por sesión</translation>
    </message>
    <message>
        <source>Cap per day</source>
        <translation>Máximo por día</translation>
    </message>
    <message>
        <source>Buffer before</source>
        <translation>Margen antes</translation>
    </message>
    <message>
        <source>Buffer after</source>
        <translation>Margen después</translation>
    </message>
    <message>
        <source>Notice (min)</source>
        <translation>Preaviso (min)</translation>
    </message>
    <message>
        <source>Books ahead (days)</source>
        <translation>Reserva con antelación (días)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Preferred room</source>
        <translation>Sala preferida</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>
… and %d more</source>
        <translation>
… y %d más</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved: %s</source>
        <translation>Guardado: %s</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>too many failed attempts for this name; try again in {seconds} seconds</source>
        <translation>demasiados intentos fallidos con este nombre; vuelva a intentarlo dentro de {seconds} segundos</translation>
    </message>
    <message>
        <source>a password needs at least {min_password_length} characters</source>
        <translation>la contraseña debe tener al menos {min_password_length} caracteres</translation>
    </message>
    <message>
        <source>unknown username or wrong password</source>
        <translation>usuario desconocido o contraseña incorrecta</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
</context>
<context>
    <name>StartList</name>
    <message>
        <source>on leave</source>
        <translation>de baja</translation>
    </message>
    <message>
        <source>too soon</source>
        <translation>demasiado pronto</translation>
    </message>
    <message>
        <source>too far ahead</source>
        <translation>demasiado lejos</translation>
    </message>
    <message>
        <source>day is full</source>
        <translation>día completo</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
    <message>
        <source>busy (own calendar)</source>
        <translation>ocupado (calendario propio)</translation>
    </message>
    <message>
        <source>booked</source>
        <translation>reservado</translation>
    </message>
    <message>
        <source>held</source>
        <translation>reserva provisional</translation>
    </message>
    <message>
        <source>no room free</source>
        <translation>sin sala libre</translation>
    </message>
    <message>
        <source>Morning</source>
        <translation>Mañana</translation>
    </message>
    <message>
        <source>Afternoon</source>
        <translation>Tarde</translation>
    </message>
    <message>
        <source>Evening</source>
        <translation>Noche</translation>
    </message>
    <message>
        <source>Starts of the day</source>
        <translation>Horas de inicio del día</translation>
    </message>
    <message>
        <source>No working hours on this day.</source>
        <translation>Sin horario de trabajo este día.</translation>
    </message>
    <message>
        <source> (supervisor may override)</source>
        <translation> (el supervisor puede autorizar una excepción)</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Enter a supervisor&apos;s or admin&apos;s username and password first.</source>
        <translation>Introduzca primero el usuario y la contraseña de un supervisor o administrador.</translation>
    </message>
    <message>
        <source>Supervisor &amp;username</source>
        <translation>&amp;Usuario del supervisor</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Motivo</translation>
    </message>
    <message>
        <source>Say why (it is kept in the audit log).</source>
        <translation>Indique el motivo (se guarda en el registro de auditoría).</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Email paused: {email_paused}</source>
        <translation>Correo en pausa: {email_paused}</translation>
    </message>
    <message>
        <source>Google paused: reconnect Google</source>
        <translation>Google en pausa: vuelva a conectar Google</translation>
    </message>
    <message>
        <source>{failed} failed, {pending} pending</source>
        <translation>con error: {failed}, pendientes: {pending}</translation>
    </message>
    <message>
        <source>{pending} pending</source>
        <translation>pendientes: {pending}</translation>
    </message>
    <message>
        <source>All delivered</source>
        <translation>Todo entregado</translation>
    </message>
    <message>
        <source>this needs an active supervisor&apos;s or admin&apos;s credentials</source>
        <translation>esto requiere las credenciales de un supervisor o administrador activo</translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <source>Waiting for Google&apos;s consent in your browser…</source>
        <translation>Esperando la autorización de Google en su navegador…</translation>
    </message>
    <message>
        <source>Google connected.</source>
        <translation>Google conectado.</translation>
    </message>
    <message>
        <source>Reading Google busy times…</source>
        <translation>Leyendo las horas ocupadas de Google…</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Email to client</source>
        <translation>Correo al cliente</translation>
    </message>
    <message>
        <source>Email to therapist</source>
        <translation>Correo al terapeuta</translation>
    </message>
    <message>
        <source>Google Calendar</source>
        <translation>Google Calendar</translation>
    </message>
    <message>
        <source>Enter a supervisor&apos;s username and password first.</source>
        <translation>Introduzca primero el usuario y la contraseña de un supervisor.</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Estado de sincronización</translation>
    </message>
    <message>
        <source>Booking</source>
        <translation>Reserva</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Destinatario</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Undelivered emails and calendar updates</source>
        <translation>Correos y actualizaciones de calendario no entregados</translation>
    </message>
    <message>
        <source>supervisor username</source>
        <translation>usuario de supervisor</translation>
    </message>
    <message>
        <source>password</source>
        <translation>contraseña</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>&amp;Retry selected</source>
        <translation>&amp;Reintentar los seleccionados</translation>
    </message>
    <message>
        <source>&amp;Discard selected</source>
        <translation>&amp;Descartar los seleccionados</translation>
    </message>
    <message>
        <source>Resume &amp;email</source>
        <translation>Reanudar el &amp;correo</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Act&amp;ualizar</translation>
    </message>
    <message>
        <source>Select the rows first.</source>
        <translation>Seleccione primero las filas.</translation>
    </message>
    <message>
        <source>Will try again: %d.</source>
        <translation>Se volverá a intentar: %d.</translation>
    </message>
    <message>
        <source>Discarded: %d.</source>
        <translation>Descartados: %d.</translation>
    </message>
    <message>
        <source>Email delivery resumed.</source>
        <translation>Se reanudó el envío de correo.</translation>
    </message>
    <message>
        <source>Email was not paused.</source>
        <translation>El correo no estaba en pausa.</translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <source>is longer than {limit} characters ({length})</source>
        <translation>supera los {limit} caracteres ({length})</translation>
    </message>
    <message>
        <source>is not valid text (a lone surrogate or a byte that is not UTF-8)</source>
        <translation>no es un texto válido (un carácter sustituto aislado o un byte que no es UTF-8)</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <translation>contiene un carácter NUL</translation>
    </message>
    <message>
        <source>is nested more than {max_nesting} levels deep</source>
        <translation>tiene más de {max_nesting} niveles de anidamiento</translation>
    </message>
    <message>
        <source>is not valid text (a lone surrogate)</source>
        <translation>no es un texto válido (un carácter sustituto aislado)</translation>
    </message>
    <message>
        <source>{item} is not a finite number</source>
        <translation>{item} no es un número finito</translation>
    </message>
    <message>
        <source>the name is not valid text (a lone surrogate)</source>
        <translation>el nombre no es un texto válido (un carácter sustituto aislado)</translation>
    </message>
    <message>
        <source>the name contains a NUL character</source>
        <translation>el nombre contiene un carácter NUL</translation>
    </message>
</context>
<context>
    <name>Times</name>
    <message>
        <source>{day} is outside the years {first_year}–{last_year}</source>
        <translation>{day} está fuera de los años {first_year}–{last_year}</translation>
    </message>
    <message>
        <source>{name!r} is not an IANA timezone name (e.g. America/New_York)</source>
        <translation>{name!r} no es un nombre de zona horaria IANA (p. ej., America/New_York)</translation>
    </message>
    <message>
        <source>{naive:%Y-%m-%d %H:%M} does not exist in {key} (clocks move forward)</source>
        <translation>{naive:%Y-%m-%d %H:%M} no existe en {key} (los relojes se adelantan)</translation>
    </message>
    <message>
        <source>expected a date and time like 2025-01-15T14:00, got {text!r}</source>
        <translation>se esperaba una fecha y hora como 2025-01-15T14:00, pero se recibió {text!r}</translation>
    </message>
    <message>
        <source>{text!r} is not a date and time like 2025-01-15T14:00 (optionally with an offset)</source>
        <translation>{text!r} no es una fecha y hora como 2025-01-15T14:00 (opcionalmente con desfase horario)</translation>
    </message>
    <message>
        <source>{text!r} is not a time like 09:30</source>
        <translation>{text!r} no es una hora como 09:30</translation>
    </message>
    <message>
        <source>{text!r} is not a time of day (00:00–23:59)</source>
        <translation>{text!r} no es una hora del día (00:00–23:59)</translation>
    </message>
</context>
<context>
    <name>Waitlist</name>
    <message>
        <source>name at least one weekday (or any)</source>
        <translation>indique al menos un día de la semana (o cualquier día)</translation>
    </message>
    <message>
        <source>a time range needs both its start and its end</source>
        <translation>una franja horaria necesita tanto su inicio como su fin</translation>
    </message>
    <message>
        <source>the time range must lie within one day and end after it starts</source>
        <translation>la franja horaria debe estar dentro de un mismo día y terminar después de empezar</translation>
    </message>
    <message>
        <source>the date range ends ({to_date}) before it starts ({from_date})</source>
        <translation>el intervalo de fechas termina ({to_date}) antes de empezar ({from_date})</translation>
    </message>
    <message>
        <source>a waitlist entry covers at most a year; add another one later</source>
        <translation>una entrada de la lista de espera abarca como máximo un año; añada otra más adelante</translation>
    </message>
    <message>
        <source>none of the days from {first} to {last} falls on {days}</source>
        <translation>ninguno de los días del {first} al {last} cae en {days}</translation>
    </message>
    <message>
        <source>the date range ended on {to_date}, before today</source>
        <translation>el intervalo de fechas terminó el {to_date}, antes de hoy</translation>
    </message>
    <message>
        <source>no client with id {client_id}</source>
        <translation>no existe ningún cliente con el identificador {client_id}</translation>
    </message>
    <message>
        <source>this client&apos;s record was erased; they cannot wait</source>
        <translation>el registro de este cliente se borró; no puede estar en la lista de espera</translation>
    </message>
    <message>
        <source>this client is archived: bring them back first, then add them to the waitlist</source>
        <translation>este cliente está archivado: desarchívelo primero y después añádalo a la lista de espera</translation>
    </message>
    <message>
        <source>no active service with id {service_id}</source>
        <translation>no existe ningún servicio activo con el identificador {service_id}</translation>
    </message>
    <message>
        <source>no active therapist with id {therapist_id}</source>
        <translation>no existe ningún terapeuta activo con el identificador {therapist_id}</translation>
    </message>
    <message>
        <source>{between} is shorter than the service ({name}: {duration_minutes} minutes)</source>
        <translation>{between} es más corto que el servicio ({name}: {duration_minutes} minutos)</translation>
    </message>
    <message>
        <source>no waitlist entry {entry_id}</source>
        <translation>no existe la entrada {entry_id} de la lista de espera</translation>
    </message>
    <message>
        <source>no live session with id {session_id}</source>
        <translation>no existe ninguna sesión vigente con el identificador {session_id}</translation>
    </message>
    <message>
        <source>that session is another client&apos;s</source>
        <translation>esa sesión es de otro cliente</translation>
    </message>
    <message>
        <source>waitlist entry {entry_id} is closed already ({was})</source>
        <translation>la entrada {entry_id} de la lista de espera ya está cerrada ({was})</translation>
    </message>
    <message>
        <source>booked</source>
        <translation>reservada</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>caducada</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retirada</translation>
    </message>
    <message>
        <source>{part!r} is not a weekday (use {items})</source>
        <translation>{part!r} no es un día de la semana (use {items})</translation>
    </message>
    <message>
        <source>name at least one weekday, like mon,wed</source>
        <translation>indique al menos un día de la semana, por ejemplo mon,wed</translation>
    </message>
    <message>
        <source>{text!r} is not a time range like 09:00-12:00</source>
        <translation>{text!r} no es una franja horaria como 09:00-12:00</translation>
    </message>
    <message>
        <source>the time range {text!r} must end after it starts</source>
        <translation>la franja horaria {text!r} debe terminar después de empezar</translation>
    </message>
    <message>
        <source>Any day</source>
        <translation>Cualquier día</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Cualquier hora</translation>
    </message>
    <message>
        <source>Any therapist</source>
        <translation>Cualquier terapeuta</translation>
    </message>
</context>
<context>
    <name>WaitlistDialog</name>
    <message>
        <source>Mon</source>
        <translation>Lun</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Lunes</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Martes</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mié</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Miércoles</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Jue</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Jueves</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Vie</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Viernes</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sáb</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Sábado</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Dom</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Domingo</translation>
    </message>
    <message>
        <source>Add to waitlist</source>
        <translation>Añadir a la lista de espera</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation>Terapeuta</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>&amp;Servicio</translation>
    </message>
    <message>
        <source>&amp;Therapist</source>
        <translation>&amp;Terapeuta</translation>
    </message>
    <message>
        <source>(none ticked: any day)</source>
        <translation>(ninguno marcado: cualquier día)</translation>
    </message>
    <message>
        <source>Da&amp;ys</source>
        <translation>&amp;Días</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Cualquier hora</translation>
    </message>
    <message>
        <source>Any time of day</source>
        <translation>A cualquier hora del día</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>Hora de inicio</translation>
    </message>
    <message>
        <source>To time</source>
        <translation>Hora de fin</translation>
    </message>
    <message>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>T&amp;ime</source>
        <translation>&amp;Hora</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Fecha de inicio</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Fecha de fin</translation>
    </message>
    <message>
        <source>&amp;Dates</source>
        <translation>&amp;Fechas</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>&amp;Add to waitlist</source>
        <translation>&amp;Añadir a la lista de espera</translation>
    </message>
    <message>
        <source>Any therapist</source>
        <translation>Cualquier terapeuta</translation>
    </message>
    <message>
        <source>Choose the client first (search, or New client…).</source>
        <translation>Elija primero el cliente (búsquelo o use Nuevo cliente…).</translation>
    </message>
    <message>
        <source>Choose the service.</source>
        <translation>Elija el servicio.</translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation>Añadiendo…</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Booked %s</source>
        <translation>Reserva %s creada</translation>
    </message>
    <message>
        <source> in %s</source>
        <translation> en %s</translation>
    </message>
    <message numerus="yes">
        <source>; re-seated %n other session(s)</source>
        <translation>
            <numerusform>; se recolocó %n sesión más</numerusform>
            <numerusform>; se recolocaron %n sesiones más</numerusform>
        </translation>
    </message>
    <message>
        <source>Booked %s; the client&apos;s waitlist entry is closed</source>
        <translation>Reserva %s creada; la entrada del cliente en la lista de espera queda cerrada</translation>
    </message>
    <message>
        <source>Select a session first</source>
        <translation>Seleccione primero una sesión</translation>
    </message>
    <message>
        <source>Payment taken: receipt %s</source>
        <translation>Cobro registrado: recibo %s</translation>
    </message>
    <message>
        <source>Select a session of the client first</source>
        <translation>Seleccione primero una sesión del cliente</translation>
    </message>
    <message>
        <source>Clinic setup is for supervisors and admins.</source>
        <translation>La configuración de la clínica es solo para supervisores y administradores.</translation>
    </message>
    <message>
        <source>Reports are for supervisors and admins.</source>
        <translation>Los informes son solo para supervisores y administradores.</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Clinic Front Desk</source>
        <translation>&amp;Acerca de Clinic Front Desk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Import clinic file…</source>
        <translation>&amp;Importar archivo de clínica…</translation>
    </message>
    <message>
        <source>&amp;Export clinic file…</source>
        <translation>&amp;Exportar archivo de clínica…</translation>
    </message>
    <message>
        <source>Export &amp;calendar (.ics)…</source>
        <translation>Exportar &amp;calendario (.ics)…</translation>
    </message>
    <message>
        <source>&amp;Print day sheet…</source>
        <translation>Imprimir &amp;hoja del día…</translation>
    </message>
    <message>
        <source>The day&apos;s sessions in time order, on paper</source>
        <translation>Las sesiones del día por orden de hora, en papel</translation>
    </message>
    <message>
        <source>Sign in as &amp;another user…</source>
        <translation>Entrar como &amp;otro usuario…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sesión</translation>
    </message>
    <message>
        <source>&amp;New booking…</source>
        <translation>&amp;Nueva reserva…</translation>
    </message>
    <message>
        <source>&amp;Open selected session</source>
        <translation>&amp;Abrir la sesión seleccionada</translation>
    </message>
    <message>
        <source>&amp;Cancel selected session…</source>
        <translation>&amp;Cancelar la sesión seleccionada…</translation>
    </message>
    <message>
        <source>Take &amp;payment…</source>
        <translation>Registrar co&amp;bro…</translation>
    </message>
    <message>
        <source>&amp;Undo last move</source>
        <translation>&amp;Deshacer el último movimiento</translation>
    </message>
    <message>
        <source>&amp;Recurring sessions of this client…</source>
        <translation>Sesiones &amp;recurrentes de este cliente…</translation>
    </message>
    <message>
        <source>&amp;Month preview…</source>
        <translation>Vista previa del &amp;mes…</translation>
    </message>
    <message>
        <source>&amp;Inbox…</source>
        <translation>Bandeja de &amp;entrada…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Colour by therapist / service</source>
        <translation>Colorear por terapeuta / servicio</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ace&amp;rcar</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>The computer&apos;s language</source>
        <translation>El idioma del equipo</translation>
    </message>
    <message>
        <source>&amp;Clinic</source>
        <translation>&amp;Clínica</translation>
    </message>
    <message>
        <source>C&amp;lients…</source>
        <translation>C&amp;lientes…</translation>
    </message>
    <message>
        <source>C&amp;ash-up…</source>
        <translation>Cierre de c&amp;aja…</translation>
    </message>
    <message>
        <source>The day&apos;s payments, refunds and cash in the drawer</source>
        <translation>Pagos, reembolsos y efectivo en caja del día</translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation>&amp;Informes…</translation>
    </message>
    <message>
        <source>Utilisation, attendance and revenue over a period (supervisors)</source>
        <translation>Ocupación, asistencia e ingresos de un periodo (supervisores)</translation>
    </message>
    <message>
        <source>Calendar &amp;feeds…</source>
        <translation>Calendarios &amp;publicados…</translation>
    </message>
    <message>
        <source>Connect &amp;Google…</source>
        <translation>Conectar &amp;Google…</translation>
    </message>
    <message>
        <source>Read Google &amp;busy times now</source>
        <translation>Leer ahora los periodos &amp;ocupados de Google</translation>
    </message>
    <message>
        <source>Clinic s&amp;etup…</source>
        <translation>Con&amp;figuración de la clínica…</translation>
    </message>
    <message>
        <source>Hours, blocks, rooms, services, users (supervisors)</source>
        <translation>Horario, bloqueos, salas, servicios, usuarios (supervisores)</translation>
    </message>
    <message>
        <source>&amp;Sync status…</source>
        <translation>Estado de &amp;sincronización…</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Scheduled</source>
        <translation>Programada</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmada</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No se presentó</translation>
    </message>
    <message>
        <source>In session</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>programada</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>confirmada</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completada</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelada</translation>
    </message>
    <message>
        <source>no show</source>
        <translation>no se presentó</translation>
    </message>
    <message>
        <source>Marked scheduled.</source>
        <translation>Marcada como programada.</translation>
    </message>
    <message>
        <source>Marked confirmed.</source>
        <translation>Marcada como confirmada.</translation>
    </message>
    <message>
        <source>Marked in progress.</source>
        <translation>Marcada como en curso.</translation>
    </message>
    <message>
        <source>Marked completed.</source>
        <translation>Marcada como completada.</translation>
    </message>
    <message>
        <source>Marked cancelled.</source>
        <translation>Marcada como cancelada.</translation>
    </message>
    <message>
        <source>Marked no show.</source>
        <translation>Marcada como inasistencia.</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <source>Initial</source>
        <translation>Inicial</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>Urgencia</translation>
    </message>
    <message>
        <source>follow up</source>
        <translation>seguimiento</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>inicial</translation>
    </message>
    <message>
        <source>emergency</source>
        <translation>urgencia</translation>
    </message>
    <message>
        <source>front desk</source>
        <translation>recepción</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrador</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferencia</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>confirmation</source>
        <translation>confirmación</translation>
    </message>
    <message>
        <source>change</source>
        <translation>cambio</translation>
    </message>
    <message>
        <source>cancellation</source>
        <translation>cancelación</translation>
    </message>
    <message>
        <source>status</source>
        <translation>estado</translation>
    </message>
    <message>
        <source>reminder</source>
        <translation>recordatorio</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>reemplazado</translation>
    </message>
</context>
</TS>
