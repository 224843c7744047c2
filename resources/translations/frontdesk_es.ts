<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AdminActionDialog</name>
    <message>
        <source>an admin&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin &amp;username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why (it is kept in the audit log).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgendaModel</name>
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
    <name>BlocksPage</name>
    <message>
        <source>Recurring blocks keep their local times across daylight saving. Sessions already booked inside a new block are listed before saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and %d more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d booked session(s) fall inside the new block: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking booked sessions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions inside the block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>

They stay booked. Save the block anyway?</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Servicio</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation type="unfinished">Terapeuta</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrative notes (never clinical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special re&amp;quests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished">Sala</translation>
    </message>
    <message>
        <source>&amp;Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to &amp;waitlist…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the client on the waitlist for this service and therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>&amp;Reservar</translation>
    </message>
    <message>
        <source>Client added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic — %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no room free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s; Book asks for an override.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s; a supervisor may override.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held for you until %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not held: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That start was just taken: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding the start…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the client first (search, or New client…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the available starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That start is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This start breaks the rules shown. Book it anyway as an emergency?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s. Book anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not booked: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book at %s instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added to the waitlist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BookingWording</name>
    <message>
        <source>%s is taken at that time</source>
        <translation>%s está ocupada a esa hora</translation>
    </message>
</context>
<context>
    <name>CalendarFeedsDialog</name>
    <message>
        <source>Calendar feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin sign-in (needed for any change)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscription URLs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed to publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New feed URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new URL is shown here once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New feed URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone holding a feed URL can read that calendar. It is shown only once; if it leaks, revoke it and make a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What feeds show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full client names (otherwise initials)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked times as busy (by type only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep cancelled sessions (0 = drop at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing from this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address to listen on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish whenever the app runs on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeds will be published whenever the app runs here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeds will not be published when the app starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New feed URL for %s. Copy it now: it is not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the feed URL to revoke.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked: that URL stops working now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the address to listen on (127.0.0.1: this computer only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeds are no longer published from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing on %s: other computers that can reach it and hold a feed URL can read that feed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing feeds on this computer only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %s:%d: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not publishing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing at %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>&amp;Therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation type="unfinished">Terapeuta</translation>
    </message>
    <message>
        <source>Saved together with the other two tabs of this therapist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several blocks a day are fine; they must not overlap. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A date&apos;s own hours replace its weekday&apos;s; untick Works for a day off. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working &amp;hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date &amp;exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Blocked times</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalendarScene</name>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held for a booking in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d/%d booked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That session was changed at another desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a room column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s is %s and cannot be moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop on a column of the schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s: free — drop to move here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (a supervisor may override)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New booking %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release to book at %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CashUpWindow</name>
    <message>
        <source>Cash-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Expected cash in the drawer&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected cash in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken by desk user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash-up — %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cash taken %s − cash refunded %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries of the day: %d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was paid or given back this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the cash-up as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChargeDialog</name>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor &amp;waives the lateness (no fee)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not marked late and no fee: a supervisor&apos;s credentials and a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waived by %s, so not late. %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late cancellation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is inside the clinic&apos;s cancellation notice, so it will be marked late and charged the policy&apos;s fee. A supervisor can waive that now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why &amp;waive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cancellation needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientAdminButtons</name>
    <message>
        <source>Archive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the client out of search; history stays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge another record of this client into this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase this client&apos;s personal data on request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive &lt;b&gt;%s&lt;/b&gt;? The client leaves search and the clients list (unless archived ones are shown); sessions and history stay. Unarchive brings the client back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unarchived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged %s into %s: %s moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erased, but the database file still holds old copies of the data (another desk was writing). Erase again later to clear them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erased. %s kept without personal data; %s cleaned.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientForm</name>
    <message>
        <source>e.g. (555) 123-4567 or +34 600 000 000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name and phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefers %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. mornings, or 09:00–12:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned administrative notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrative notes, never clinical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred &amp;days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept as imported: %s (ticking a day replaces it)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientPayments</name>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payments yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print receipt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save receipt as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give back part or all of it (a supervisor signs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel a payment taken by mistake (a supervisor signs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the receipt as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverse %s, taken by mistake? The %s left goes back on its own method and its sessions are owed again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s %s of %s: receipt %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientPicker</name>
    <message>
        <source>Client</source>
        <translation type="unfinished">Cliente</translation>
    </message>
    <message>
        <source>Name, phone, email or booking reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New client…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurring sessions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen client&apos;s recurring series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen client&apos;s details and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client found — add one with New client…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client: &lt;b&gt;%s&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientProfile</name>
    <message>
        <source>owes %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in credit %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientProfileDialog</name>
    <message>
        <source>Client</source>
        <translation type="unfinished">Cliente</translation>
    </message>
    <message>
        <source>Histor&amp;y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seri&amp;es</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payme&amp;nts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;inned notes (administrative, never clinical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the other client&apos;s profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the details (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget what was typed since the last save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take &amp;payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record money the client pays (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapist filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All therapists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stat&amp;us</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation type="unfinished">Terapeuta</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurring series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;curring sessions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New, change, pause, resume or stop a series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;closed entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waitlist entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client is no longer in the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client was merged into another client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payme&amp;nts (%d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client — %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another desk changed %s while you were typing; Save will replace it with what you typed, Revert shows theirs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (%d late)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d session(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing %d of %d sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Histor&amp;y (%d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s (ended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recurring series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seri&amp;es (%d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (closed: %s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not waiting for anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Waitlist (%d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open their profile to compare; an admin can merge the two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close %s&apos;s profile without saving what was typed?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientsWindow</name>
    <message>
        <source>Clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, phone, email, key or booking reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show archived clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows shown, in the order shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first %d clients by name; type to find others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d client(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first %d matches; type more to narrow them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d match(es).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %d client(s) to %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClinicPage</name>
    <message>
        <source>&amp;Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClinicSetupDialog</name>
    <message>
        <source>Clinic setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapists&apos; &amp;calendars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Therapists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick Active to retire a therapist (history stays).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick Active to take a room out of use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price like 150.00. Untick Active to stop offering a service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick Active to stop someone signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;linic settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DayBar</name>
    <message>
        <source>Day by therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day by room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week of one therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous day or week (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next day or week (Alt+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapist of the week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book a session (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous week (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous day (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week of %1 – %2</source>
        <translation>Semana del %1 al %2</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Clinic: loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emails and calendar updates (open the Sync panel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts for waiting clients, recurring sessions not booked, failed sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No clinic yet — File ▸ Import clinic file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic: %s · %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: %s (%s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox (%d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (delivered by `frontdesk sync run`)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ahead of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC&apos;s clock is %s %s the database server&apos;s; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the desk uses the server&apos;s time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicateOffer</name>
    <message>
        <source>Client with this phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client with this email address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use this client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book for this client instead of adding a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this client&apos;s profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this phone number and this email address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this email address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%s&lt;/b&gt;%s already has %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditorPage</name>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EraseDialog</name>
    <message>
        <source>Erase client&apos;s personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;This record was erased on %s. Erasing it again takes out anything written since that names the client, and clears old copies the database file may still hold.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#b00020&apos;&gt;&lt;b&gt;This erases %(name)s&apos;s personal data for good. It cannot be undone.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;Erased:&lt;/b&gt; name, phone, email, date of birth, emergency contact, preferred channel and language, referral source, administrative notes and preferences; the notes and special requests of the client&apos;s sessions; these values wherever the audit log or a delivery error holds them; the client&apos;s other keys. Recurring series end, open waitlist entries are closed, held starts given back, emails not yet sent to the client discarded, and calendars updated.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Kept:&lt;/b&gt; the sessions, with their dates, therapists, services, rooms, statuses, prices and the reasons for cancellations and overrides, under &lt;i&gt;%(tombstone)s&lt;/i&gt;; who did what when, and why, in the audit log.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client&apos;s key, typed to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the client&apos;s key, &lt;b&gt;%s&lt;/b&gt;, to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the client&apos;s key exactly to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>Import clinic file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export clinic file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which calendar?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %d events to %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book the selected start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove from waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the client from the waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as &amp;done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d open item(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting since %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %d from the waitlist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <source>The clinic database could not be opened.

%s: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database upgraded; the previous version was backed up to %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>your</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in — Clinic Front Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic Front Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s / %s (%s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo clinic: sign in as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a name to fill it in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed attempts for this name; try again in %s seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown username or wrong password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Calendar feeds are not published: cannot listen on %s:%d (%s)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic Front Desk
Scheduling for therapy clinics.

Database: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge two records of the same person. Everything of the merged record moves to the kept one, and its key keeps finding the kept client. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Kept&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Merged into it&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find: name, phone, email, key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the other client (archived ones too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep the other one instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the merge was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No other client found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find and choose the other record of this client above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%(other)s&lt;/b&gt; (%(other_key)s) is merged into &lt;b&gt;%(kept)s&lt;/b&gt; (%(kept_key)s): %(sessions)s, %(series)s, %(waitlist)s and any held starts move to %(kept_key)s, and %(other_key)s becomes another key of it. The kept record&apos;s empty details are filled from the merged one, a phone or email it cannot take is added to its notes, and both records&apos; notes are kept. The merged record is then removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the other record first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The merge was refused; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Overlapping sessions:&lt;/b&gt; %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MonthPreview</name>
    <message>
        <source>Month preview — what a client could book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation type="unfinished">Terapeuta</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Servicio</translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days of the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d
%d/%d booked
%d free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%d/%d booked
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next free start: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No free start within the booking horizon.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewClientForm</name>
    <message>
        <source>New client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client&apos;s phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client&apos;s email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the client offered above, or change what was typed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptionalDate</name>
    <message>
        <source>%s given</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Take payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished">Cliente</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions this payment goes to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is outstanding: the payment becomes credit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished">Referencia</translation>
    </message>
    <message>
        <source>Optional: card slip, transfer reference…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Becomes credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settle the sessions shown from the client&apos;s credit, oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Take payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print receipt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save receipt as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (after %s credit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &amp;credit (%s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment for %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the client first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the amount paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s has %s outstanding; it cannot take %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sessions&apos; shares add up to %s, more than the amount %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s becomes credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment taken: receipt %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s by %s from %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s to %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s to the client&apos;s credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the receipt as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit used: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credit was left to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment is being recorded. Close anyway?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PriceDialog</name>
    <message>
        <source>Change price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price of %s is %s %s. A supervisor can change it with a reason; what was paid beyond a lower price becomes credit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;price (%s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileWaitlistButtons</name>
    <message>
        <source>&amp;Add to waitlist…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this client on the waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected entry off the waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected waitlist entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived and erased clients do not wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added to the waitlist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed from the waitlist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund part or all of %s (%s %s left), on its own method. The money comes from the client&apos;s credit first, then from the payment&apos;s sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount (%s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundOffer</name>
    <message>
        <source>Money paid in advance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s is now the client&apos;s credit. Refund it now, or keep it as credit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refund now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep as credit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchedulePanel</name>
    <message>
        <source>Sessions of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s, whole clinic: %d sessions (and %d cancelled or no-show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sessions on this day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeriesDialog</name>
    <message>
        <source>Recurring sessions — %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed from today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recurring sessions yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series %s created; the daily job books it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed; %d booked session(s) moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop “%s” from today?

Yes: also cancel its booked future sessions.
No: keep them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped; %d future session(s) cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeriesForm</name>
    <message>
        <source>Change series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same day of the month (31st: last day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same weekday (e.g. 2nd Tuesday; 5th: last)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no end date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service&apos;s price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>also move booked future sessions that are not paid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionMoves</name>
    <message>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s.

Move %s there anyway as an emergency?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving %s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved to %s (%s, was %s). Ctrl+Z undoes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move undone: back at %s (%s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>those are not a supervisor&apos;s or admin&apos;s credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not moved: %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Nearest free: %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <source>moved to %s as %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now at %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now with %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room now %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no room now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished">Referencia</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Estado</translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished">Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation type="unfinished">Terapeuta</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Servicio</translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished">Sala</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (waived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recurring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed at another desk at %s: %s. Showing the latest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session was changed at another desk at %s; showing the latest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client&apos;s recurring sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s&apos;s details, history and statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cance&amp;l session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waive &amp;fee…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change p&amp;rice…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No-show</source>
        <translation type="unfinished">No se presentó</translation>
    </message>
    <message>
        <source>Mark %s as a no-show?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark &amp;no-show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is %s cancelled?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled (marked late).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s became credit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waive fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waive the fee of %s on %s? It is no longer owed; what was paid towards it becomes credit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee waived; %s became credit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee waived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price changed from %s to %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %s of the client&apos;s credit, on the payments&apos; own methods?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded %s (%s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
… and %d more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter %s username and password first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartList</name>
    <message>
        <source>on leave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too far ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day is full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy (own calendar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>booked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no room free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Morning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afternoon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No working hours on this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (supervisor may override)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>a supervisor&apos;s or admin&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor &amp;username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why (it is kept in the audit log).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <source>Waiting for Google&apos;s consent in your browser…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading Google busy times…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undelivered emails and calendar updates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume &amp;email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the rows first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will try again: %d.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded: %d.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email delivery resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email was not paused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitlistDialog</name>
    <message>
        <source>Add to waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Servicio</translation>
    </message>
    <message>
        <source>Therapist</source>
        <translation type="unfinished">Terapeuta</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none ticked: any day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Da&amp;ys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add to waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any therapist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the client first (search, or New client…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Booked %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> in %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; re-seated %d other session(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booked %s; the client&apos;s waitlist entry is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a session first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment taken: receipt %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a session of the client first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic setup is for supervisors and admins.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Import clinic file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export clinic file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;calendar (.ics)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as &amp;another user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel selected session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take &amp;payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo last move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recurring sessions of this client…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Month preview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by therapist / service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ash-up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day&apos;s payments, refunds and cash in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar &amp;feeds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect &amp;Google…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read Google &amp;busy times now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic s&amp;etup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours, blocks, rooms, services, users (supervisors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync status…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
