"""Applying a clinic file to the database: all of it in one transaction, or nothing.

Objects are matched by their key (sessions by reference, users by username): a match is
updated with the fields the file gives, anything else is created. Clients are also matched
by phone, then email, so the same person is never entered twice.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from app.audit import record_change
from app.auth.passwords import hash_password, verify_password
from app.clinic_file.document import (
    ClinicDocument,
    KnownKeys,
    TherapistSpec,
    parse_document,
)
from app.clinic_file.errors import ClinicFileError, Problem
from app.clinic_file.fields import RECEIPT_PATTERN, REFERENCE_PATTERN
from app.clinic_file.placements import Placed, overlap_problems
from app.clinic_file.schema import CALENDAR_PARTS
from app.clock import shared_clock
from app.i18n import desk_formats, translate
from app.money.amounts import currency_decimals
from app.money.payments import release_excess
from app.scheduling.intervals import seconds
from app.scheduling.placement import room_lacks
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod, SessionStatus
from db.guards import OCCUPANCY_GUARDS, guard_in
from db.legacy_payments import (
    LEGACY_METHOD,
    PAID_REFERENCE,
    REFUND_REASON,
    LegacyPayment,
    LegacySession,
    legacy_payments,
)
from db.models import (
    BlockedTime,
    Client,
    ClientAlias,
    ClinicSettings,
    DateException,
    ExceptionHours,
    Payment,
    PaymentAllocation,
    ReceiptCounter,
    RecurringSeries,
    ReferenceCounter,
    Room,
    Service,
    Therapist,
    TherapySession,
    User,
    WorkingHours,
)

IMPORT_SOURCE = "clinic file import"


def source_words(reason: str) -> str:
    """An audit entry's reason in the desk's language when it is the import's own mark of
    where a change came from (`IMPORT_SOURCE`); what a person typed is theirs."""
    if reason == IMPORT_SOURCE:
        return translate("ClinicImport", "clinic file import")
    return reason


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1

    def describe(self) -> str:
        """What changed, one part per kind ("rooms: 1 new, 0 updated; …"), in the desk's
        language; the command line prints it in English as CONTRACTS shows it."""
        kinds = sorted(set(self.created) | set(self.updated))
        part = translate("ClinicImport", "{kind}: {created} new, {updated} updated")
        parts = [
            part.format(
                kind=_kind_word(kind),
                created=self.created.get(kind, 0),
                updated=self.updated.get(kind, 0),
            )
            for kind in kinds
        ]
        if not parts:
            return translate(
                "ClinicImport", "nothing changed (the database already matches the file)"
            )
        return "; ".join(parts)


def _same_person(key: str, twin: str, via: str) -> str:
    """The note of a client the file repeats under another key (same phone or email)."""
    sentence = (
        translate(
            "ClinicImport", 'client "{key}" is the same person as "{twin}" (same phone): merged'
        )
        if via == "phone"
        else translate(
            "ClinicImport", 'client "{key}" is the same person as "{twin}" (same email): merged'
        )
    )
    return sentence.format(key=key, twin=twin)


def _kind_word(kind: str) -> str:
    """A part of the clinic file as the import's summary names it."""
    words = {
        "clinic": translate("ClinicImport", "clinic"),
        "rooms": translate("ClinicImport", "rooms"),
        "services": translate("ClinicImport", "services"),
        "therapists": translate("ClinicImport", "therapists"),
        "clients": translate("ClinicImport", "clients"),
        "users": translate("ClinicImport", "users"),
        "series": translate("ClinicImport", "series"),
        "sessions": translate("ClinicImport", "sessions"),
        "payments": translate("ClinicImport", "payments"),
    }
    return words.get(kind, kind)


def import_clinic(
    database: Database,
    data: Any,
    actor: str = "import",
    source: str = IMPORT_SOURCE,
    *,
    demo: bool = False,
) -> ImportSummary:
    """Check and apply a parsed clinic file (a JSON value); raise ClinicFileError if refused.
    `source` says in the audit log where the change came from (a file, an editor).

    `demo` (only `frontdesk demo` says so) marks the clinic as the demo, in the same
    transaction; any other clinic file makes it a real clinic again, whose sign-in dialog
    must not name the demo's passwords. An editor's save leaves the mark as it is."""
    now = shared_clock(database).now()  # a cancelled session's stamp when the file has none
    try:
        with database.write(lengthy=True) as session:  # the file is checked in it
            known = known_keys(session)
            document = parse_document(data, known)
            applier = _Applier(session, document, now, actor)
            summary = applier.apply()
            session.flush()
            if demo or source == IMPORT_SOURCE:
                _mark_demo(session, demo)
            applier.audit(actor, source)
            record_change(
                session,
                actor=actor,
                action="clinic.import" if source == IMPORT_SOURCE else "clinic.edit",
                entity_type="clinic",
                entity_id=None,
                after={"created": summary.created, "updated": summary.updated},
            )
    except (IntegrityError, DataError) as error:
        # A rule the parser cannot see (e.g. an overlap guard): report it, nothing was saved.
        detail = str(error.orig).splitlines()[0] if error.orig else str(error)
        guard = guard_in(detail)
        if guard is not None:
            detail = f"{OCCUPANCY_GUARDS[guard]} (sessions must not overlap)"
        raise ClinicFileError(
            [
                Problem(
                    "database",
                    translate("ClinicFile", "refused the file: {detail}").format(detail=detail),
                )
            ]
        ) from None
    # Hours added, a block removed, a session cancelled: the waitlist looks at every day.
    from app.booking.freed import offer_freed_time  # here: reading a file needs no booking

    offer_freed_time(database, now, None)
    return summary


def _mark_demo(session: Session, demo: bool) -> None:
    settings = session.get(ClinicSettings, 1)
    if settings is not None and settings.demo != demo:
        settings.demo = demo


def known_keys(session: Session) -> KnownKeys:
    """What a file may refer to that the database already holds (keys, zone, region)."""
    settings = session.get(ClinicSettings, 1)
    return KnownKeys(
        timezone=settings.timezone if settings else None,
        phone_region=settings.phone_region if settings else "US",
        rooms=set(session.scalars(select(Room.key))),
        services=dict(session.execute(select(Service.key, Service.duration_minutes)).all()),
        therapists=set(session.scalars(select(Therapist.key))),
        # a merged client's old key still names the kept client
        clients=set(session.scalars(select(Client.key)))
        | set(session.scalars(select(ClientAlias.key))),
        series=set(session.scalars(select(RecurringSeries.key))),
        references=set(session.scalars(select(TherapySession.reference))),
        currency=settings.currency if settings else KnownKeys.currency,
        payments=dict(session.execute(select(Payment.receipt, Payment.kind)).all()),
    )


def _identity(obj: Any) -> Hashable:
    """A saved object's id (as its sessions' foreign keys hold it), else the new object."""
    return obj if obj is None or isinstance(obj, int) or obj.id is None else obj.id


def _placed(session: TherapySession, therapist: Any, room: Any, client: Any) -> Placed:
    """`therapist`, `room`, `client`: objects for the file's sessions (whose keys the
    problems name), ids for the others."""
    names = None
    if isinstance(therapist, Therapist):
        names = (therapist.key, room.key if isinstance(room, Room) else None, client.key)
    return Placed(
        session.reference,
        seconds(session.starts_at),
        seconds(session.ends_at),
        seconds(session.busy_from),
        seconds(session.busy_until),
        _identity(therapist),
        _identity(room),
        _identity(client),
        names,
    )


def _by_key(session: Session, model: Any, column: Any) -> dict[Any, Any]:
    return {getattr(obj, column.key): obj for obj in session.scalars(select(model))}


def _find_or_create(session: Session, existing: dict[Any, Any], model: Any, key: Any) -> Any:
    """The object filed under `key`, or a new one added to the session and to `existing`."""
    obj = existing.get(key)
    if obj is None:
        obj = model()
        session.add(obj)
        existing[key] = obj
    return obj


def _describe(value: Any) -> Any:
    """A JSON-friendly, key-based rendering of a value for the audit log."""
    if isinstance(value, TherapySession):
        return value.reference
    if isinstance(value, Room | Service | Therapist | Client | RecurringSeries):
        return value.key
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_describe(item) for item in value]
    if isinstance(value, dict):
        return {key: _describe(item) for key, item in value.items()}
    return value


def _snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: _describe(getattr(obj, name)) for name in names}


ENTITY_NAMES = {
    "clinic": "clinic",
    "rooms": "room",
    "services": "service",
    "therapists": "therapist",
    "clients": "client",
    "users": "user",
    "series": "series",
    "sessions": "session",
    "payments": "payment",
}


def _calendar(therapist: Therapist, parts: Iterable[str]) -> dict[str, Any]:
    """A therapist's hours, exceptions and blocks as plain lists, for the audit log."""
    views = {
        "working_hours": lambda: [
            [h.weekday, h.start_minute, h.end_minute] for h in therapist.working_hours
        ],
        "exceptions": lambda: [
            [_describe(e.on_date), e.available, [[h.start_minute, h.end_minute] for h in e.hours]]
            for e in therapist.exceptions
        ],
        "blocks": lambda: [
            [_describe(b.starts_at), _describe(b.ends_at), _describe(b.block_type), b.all_day,
             b.rrule, b.reason, b.active]
            for b in therapist.blocks
        ],
    }  # fmt: skip
    return {part: views[part]() for part in parts}


@dataclass
class _Change:
    obj: Any
    entity_type: str
    created: bool
    before: dict[str, Any]
    after: dict[str, Any]


class _Applier:
    def __init__(
        self, session: Session, document: ClinicDocument, now: datetime, actor: str
    ) -> None:
        self.session = session
        self.document = document
        self.now = now
        self.actor = actor  # who took a payment the file does not say, or an old status's
        self.summary = ImportSummary()
        self.problems: list[Problem] = []
        self.changes: list[_Change] = []
        # Saved sessions whose price, status or fee the file changes: they may now ask less
        # than they hold.
        self.repriced: list[TherapySession] = []

    def apply(self) -> ImportSummary:
        # No automatic flushes: objects are written when complete (see _therapist_calendar).
        with self.session.no_autoflush:
            self._clinic()
            features_before = self._features()
            rooms = self._upsert(Room, Room.key, self.document.rooms, "rooms")
            services = self._upsert(Service, Service.key, self.document.services, "services")
            self._stranded_sessions(features_before, rooms.values(), services.values())
            therapists = self._therapists(rooms)
            clients = self._clients()
            self._users()
            series = self._series(therapists, clients, services)
            sessions, legacy = self._sessions(therapists, clients, services, rooms, series)
            self._payments(clients, sessions, legacy)
        if self.problems:
            raise ClinicFileError(self.problems)
        return self.summary

    def _assign(self, obj: Any, values: dict[str, Any], kind: str, created: bool) -> None:
        """Set attributes, noting what really changed for the summary and the audit log."""
        before = {} if created else _snapshot(obj, values)
        for name, value in values.items():
            setattr(obj, name, value)
        self._record(obj, kind, created, before, _snapshot(obj, values))

    def _record(
        self, obj: Any, kind: str, created: bool, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        if not created:
            changed = [name for name in after if after[name] != before.get(name)]
            before = {name: before.get(name) for name in changed}
            after = {name: after[name] for name in changed}
        if created or after:
            self.summary.count(kind, created)
            self.changes.append(_Change(obj, kind, created, before, after))

    def audit(self, actor: str, source: str) -> None:
        """One audit entry per object the import created or changed (ids exist after flush)."""
        for change in self.changes:
            entity = ENTITY_NAMES[change.entity_type]
            record_change(
                self.session,
                actor=actor,
                action=f"{entity}.{'create' if change.created else 'update'}",
                entity_type=entity,
                entity_id=change.obj.id,
                before=change.before or None,
                after=change.after,
                reason=source,
            )

    def _clinic(self) -> None:
        values = self.document.clinic
        if values is None:
            return
        settings = self.session.get(ClinicSettings, 1)
        created = settings is None
        if settings is None:
            settings = ClinicSettings(id=1)
            self.session.add(settings)
        elif values.get("currency", settings.currency) != settings.currency:
            self._currency_stays(settings.currency, values["currency"])
        self._assign(settings, values, "clinic", created)

    def _currency_stays(self, saved: str, given: str) -> None:
        """Amounts are kept in minor units of the currency: once money was taken, or when
        the new currency counts its minor units differently, the saved amounts would change
        their meaning."""
        priced = self.session.scalar(
            select(Service.id).where(Service.price_cents > 0).limit(1)
        ) or self.session.scalar(
            select(TherapySession.id).where(TherapySession.price_cents > 0).limit(1)
        )
        if self.session.scalar(select(Payment.id).limit(1)) is not None:
            why = translate("ClinicFile", "the clinic already has payments")
        elif priced is not None and currency_decimals(saved) != currency_decimals(given):
            why = translate(
                "ClinicFile",
                "prices are saved in {saved}, whose amounts {given} would read differently",
            ).format(saved=saved, given=given)
        else:
            return
        self.problems.append(
            Problem(
                "clinic.currency",
                translate("ClinicFile", "{why}: it stays {saved}").format(why=why, saved=saved),
            )
        )

    def _upsert(
        self, model: Any, key_column: Any, items: Iterable[dict[str, Any]], kind: str
    ) -> dict[str, Any]:
        existing = _by_key(self.session, model, key_column)
        for values in items:
            key = values[key_column.key]
            created = key not in existing
            obj = _find_or_create(self.session, existing, model, key)
            self._assign(obj, values, kind, created)
        return existing

    def _therapists(self, rooms: dict[str, Room]) -> dict[str, Therapist]:
        existing = _by_key(self.session, Therapist, Therapist.key)
        for spec in self.document.therapists:
            values = dict(spec.values)
            created = values["key"] not in existing
            obj = _find_or_create(self.session, existing, Therapist, values["key"])
            if "preferred_room" in values:
                room_key = values.pop("preferred_room")
                values["preferred_room"] = rooms[room_key] if room_key else None
            given = [name for name in CALENDAR_PARTS if getattr(spec, name) is not None]
            before = {} if created else {**_snapshot(obj, values), **_calendar(obj, given)}
            for name, value in values.items():
                setattr(obj, name, value)
            self._therapist_calendar(obj, spec)
            after = {**_snapshot(obj, values), **_calendar(obj, given)}
            self._record(obj, "therapists", created, before, after)
        # Written now, so a new therapist's defaults (buffers) are set for its sessions' spans.
        self.session.flush()
        return existing

    def _therapist_calendar(self, therapist: Therapist, spec: TherapistSpec) -> None:
        # Replaced wholesale: flush the removals first so the overlap guards never see the old
        # and the new blocks at once.
        if spec.working_hours is not None:
            therapist.working_hours.clear()
            self.session.flush()
            therapist.working_hours.extend(WorkingHours(**h) for h in spec.working_hours)
        if spec.exceptions is not None:
            therapist.exceptions.clear()
            self.session.flush()
            for values in spec.exceptions:
                hours = [ExceptionHours(**h) for h in values["hours"]]
                fields = {k: v for k, v in values.items() if k != "hours"}
                therapist.exceptions.append(DateException(**fields, hours=hours))
        if spec.blocks is not None:
            therapist.blocks.clear()
            self.session.flush()
            therapist.blocks.extend(BlockedTime(**b) for b in spec.blocks)

    def _clients(self) -> dict[str, Client]:
        by_key = _by_key(self.session, Client, Client.key)
        by_phone = {c.phone: c for c in by_key.values() if c.phone}
        by_email = {c.email: c for c in by_key.values() if c.email}
        aliases: dict[str, Client] = {
            alias: by_key[kept]
            for alias, kept in self.session.execute(
                select(ClientAlias.key, Client.key).join(Client, Client.id == ClientAlias.client_id)
            )
        }
        for values in self.document.clients:
            key = values["key"]
            values = self._archived_at(values, by_key.get(key) or aliases.get(key))
            obj = by_key.get(key)
            if obj is None and key in aliases:  # a merged client's old key: the kept one
                self._fill_missing(aliases[key], values, by_phone, by_email)
                continue
            if obj is None:
                twin, via = self._twin(values, by_phone, by_email)
                if twin is not None:
                    aliases[key] = twin
                    self.summary.notes.append(_same_person(key, twin.key, via))
                    self._fill_missing(twin, values, by_phone, by_email)
                    continue
            conflicts = [
                (contact, owner)
                for contact, index in (("phone", by_phone), ("email", by_email))
                if (owner := index.get(values.get(contact) or "")) is not None and owner is not obj
            ]
            for contact, owner in conflicts:
                self.problems.append(
                    Problem(
                        f"clients[{key}].{contact}",
                        translate("ClinicFile", 'already belongs to client "{key}"').format(
                            key=owner.key
                        ),
                    )
                )
            if conflicts:
                continue
            created = obj is None
            if obj is None:
                obj = Client()
                self.session.add(obj)
                by_key[key] = obj
            self._assign(obj, values, "clients", created)
            if obj.phone:
                by_phone[obj.phone] = obj
            if obj.email:
                by_email[obj.email] = obj
        return {**by_key, **aliases}

    def _archived_at(self, values: dict[str, Any], client: Client | None) -> dict[str, Any]:
        """The file's `archived` flag as the stored moment: kept when already archived."""
        if "archived" not in values:
            return values
        archived = values["archived"]
        values = {k: v for k, v in values.items() if k != "archived"}
        was = client.archived_at if client is not None else None
        values["archived_at"] = (was or self.now) if archived else None
        return values

    @staticmethod
    def _twin(
        values: dict[str, Any], by_phone: dict[str, Client], by_email: dict[str, Client]
    ) -> tuple[Client | None, str]:
        if values.get("phone") and values["phone"] in by_phone:
            return by_phone[values["phone"]], "phone"
        if values.get("email") and values["email"] in by_email:
            return by_email[values["email"]], "email"
        return None, ""

    def _fill_missing(
        self,
        client: Client,
        values: dict[str, Any],
        by_phone: dict[str, Client],
        by_email: dict[str, Client],
    ) -> None:
        """A duplicate record still teaches us what the first one lacked."""
        for name, value in values.items():
            if name in ("key", "archived_at") or value in (None, "", {}):
                continue
            if getattr(client, name) not in (None, {}):
                continue
            if (name == "phone" and value in by_phone) or (name == "email" and value in by_email):
                continue
            setattr(client, name, value)
            if name == "phone":
                by_phone[value] = client
            if name == "email":
                by_email[value] = client

    def _users(self) -> None:
        existing = _by_key(self.session, User, User.username)
        for values in self.document.users:
            values = dict(values)
            created = values["username"] not in existing
            obj = _find_or_create(self.session, existing, User, values["username"])
            password = values.pop("password", None)
            before = {} if created else _snapshot(obj, values)
            for name, value in values.items():
                setattr(obj, name, value)
            after = _snapshot(obj, values)
            if password is not None and not verify_password(password, obj.password_hash):
                obj.password_hash = hash_password(password)
                before["password"], after["password"] = "(hidden)", "(changed)"
            elif created:
                self.summary.notes.append(
                    translate(
                        "ClinicImport",
                        'user "{user}" has no password yet and cannot log in until an admin '
                        "sets one",
                    ).format(user=values["username"])
                )
            self._record(obj, "users", created, before, after)

    def _series(
        self,
        therapists: dict[str, Therapist],
        clients: dict[str, Client],
        services: dict[str, Service],
    ) -> dict[str, RecurringSeries]:
        existing = _by_key(self.session, RecurringSeries, RecurringSeries.key)
        for values in self.document.series:
            values = dict(values)
            created = values["key"] not in existing
            obj = _find_or_create(self.session, existing, RecurringSeries, values["key"])
            values["therapist"] = therapists[values["therapist"]]
            values["client"] = clients[values["client"]]
            values["service"] = services[values["service"]]
            if created and "price_cents" not in values:
                values["price_cents"] = values["service"].price_cents
            self._assign(obj, values, "series", created)
        return existing

    def _sessions(
        self,
        therapists: dict[str, Therapist],
        clients: dict[str, Client],
        services: dict[str, Service],
        rooms: dict[str, Room],
        series: dict[str, RecurringSeries],
    ) -> tuple[dict[str, TherapySession], list[tuple[TherapySession, str]]]:
        """The sessions by reference, and those an old file typed paid or refunded."""
        existing = _by_key(self.session, TherapySession, TherapySession.reference)
        legacy: list[tuple[TherapySession, str]] = []
        new = {v["reference"] for v in self.document.sessions} - set(existing)
        # Every session first exists, so `rescheduled_from` may name one further down the file.
        for reference in sorted(new):
            _find_or_create(self.session, existing, TherapySession, reference)
        now = self.now
        occupying: list[Placed] = []
        for values in self.document.sessions:
            values = dict(values)
            obj = existing[values["reference"]]
            typed = values.pop("legacy_payment_status", None)
            created = values["reference"] in new
            seated = (obj.room_id, obj.service_id)
            values["therapist"] = therapists[values["therapist"]]
            values["client"] = clients[values["client"]]
            values["service"] = services[values["service"]]
            for name, objects in (("room", rooms), ("series", series)):
                if name in values:
                    values[name] = objects[values[name]] if values[name] else None
            if "rescheduled_from" in values:
                earlier = values["rescheduled_from"]
                values["rescheduled_from"] = existing[earlier] if earlier else None
            if created and "price_cents" not in values:
                values["price_cents"] = values["service"].price_cents
            if values.get("status") == SessionStatus.CANCELLED and not values.get("cancelled_at"):
                values["cancelled_at"] = obj.cancelled_at or now
            placed = (obj.starts_at, obj.ends_at, obj.therapist)
            asked = _asking(obj)
            self._assign(obj, values, "sessions", created)
            if not created and _asking(obj) != asked:
                self.repriced.append(obj)
            if typed is not None:
                legacy.append((obj, typed))
            if created or placed != (obj.starts_at, obj.ends_at, obj.therapist):
                obj.occupy_with_buffers(
                    obj.therapist.buffer_before_minutes, obj.therapist.buffer_after_minutes
                )
            room = values.get("room", obj.room_id)
            status = obj.status or SessionStatus.SCHEDULED  # the column's default, once written
            if status != SessionStatus.CANCELLED:
                occupying.append(_placed(obj, values["therapist"], room, values["client"]))
            if (
                status in (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)  # still to happen
                and isinstance(room, Room)
                and (created or seated != (room.id, values["service"].id))
            ):
                self._room_suits(values["reference"], room, values["service"])
        if occupying:
            occupying += self._saved_alongside(existing, occupying)
            self.problems += overlap_problems(occupying)
        self._advance_reference_counters(existing)
        return existing, legacy

    def _saved_alongside(
        self, existing: dict[str, TherapySession], placed: list[Placed]
    ) -> list[Placed]:
        """The saved sessions the file leaves as they are that share a therapist, room or
        client with one it places (the others cannot clash with it)."""
        in_file = {values["reference"] for values in self.document.sessions}
        # Ids of three tables in one set: a coincidence only adds sessions the sweep ignores.
        scopes = {scope for p in placed for scope in (p.therapist, p.room, p.client)}
        return [
            _placed(obj, obj.therapist_id, obj.room_id, obj.client_id)
            for reference, obj in existing.items()
            if reference not in in_file
            and obj.status != SessionStatus.CANCELLED
            and (obj.therapist_id in scopes or obj.room_id in scopes or obj.client_id in scopes)
        ]

    def _features(self) -> dict[tuple[str, int], frozenset[str]]:
        """Each saved room's features and service's required features."""
        rooms = self.session.execute(select(Room.id, Room.features))
        services = self.session.execute(select(Service.id, Service.required_features))
        return {
            **{("room", id_): frozenset(f or ()) for id_, f in rooms},
            **{("service", id_): frozenset(f or ()) for id_, f in services},
        }

    def _stranded_sessions(
        self,
        before: dict[tuple[str, int], frozenset[str]],
        rooms: Iterable[Room],
        services: Iterable[Service],
    ) -> None:
        """A room losing a feature (or a service needing a new one) must not leave a saved
        session still to happen in a room that no longer suits it: the data would then be
        refused by the next import of its own export. Each such session is named (move it or
        close it first)."""

        def changed(kind: str, objects: Iterable[Any], attribute: str) -> list[int]:
            return [
                obj.id
                for obj in objects
                if obj.id is not None
                and before.get((kind, obj.id)) != frozenset(getattr(obj, attribute) or ())
            ]

        changed_rooms = changed("room", rooms, "features")
        changed_services = changed("service", services, "required_features")
        if not changed_rooms and not changed_services:
            return
        in_file = {values["reference"] for values in self.document.sessions}
        live = (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)
        query = select(TherapySession).where(
            TherapySession.status.in_(live),
            TherapySession.room_id.in_(changed_rooms)
            | TherapySession.service_id.in_(changed_services),
        )
        for saved in self.session.scalars(query):
            if saved.reference not in in_file and saved.room is not None:
                self._room_suits(saved.reference, saved.room, saved.service)

    def _room_suits(self, reference: str, room: Room, service: Service) -> None:
        """A session still to happen must suit its room, as a booking must, whether the file
        places it or changes its room's features (docs/interfaces.md, Import)."""
        missing = room_lacks(frozenset(service.required_features or ()),
                             frozenset(room.features or ()))  # fmt: skip
        if missing:
            self.problems.append(
                Problem(
                    f"sessions[{reference}].room",
                    translate(
                        "ClinicFile",
                        'room "{room}" lacks {features}, which service "{service}" requires',
                    ).format(
                        room=room.key, features=", ".join(sorted(missing)), service=service.key
                    ),
                )
            )

    def _advance_reference_counters(self, sessions: dict[str, TherapySession]) -> None:
        """New bookings must never reuse a reference that an import brought in."""
        highest: dict[int, int] = {}
        for reference in sessions:
            match = REFERENCE_PATTERN.match(reference)
            if match:
                year, number = int(match.group(1)), int(match.group(2))
                highest[year] = max(highest.get(year, 0), number)
        counters = {c.year: c for c in self.session.scalars(select(ReferenceCounter))}
        for year, number in highest.items():
            counter = counters.get(year)
            if counter is None:
                self.session.add(ReferenceCounter(year=year, last_number=number))
            elif counter.last_number < number:
                counter.last_number = number

    # -- payments ------------------------------------------------------------------------

    def _payments(
        self,
        clients: dict[str, Client],
        sessions: dict[str, TherapySession],
        legacy: list[tuple[TherapySession, str]],
    ) -> None:
        """The file's payments: new ones written, saved ones only checked (payments are
        never edited; allocations they gained since stay, ones the file adds are added),
        then what an old file's typed statuses stand for (`db.legacy_payments`)."""
        saved = {p.receipt: p for p in self.session.scalars(select(Payment))}
        saved_parts = self._saved_allocations()
        new: dict[str, Payment] = {}
        parts: list[tuple[str, str, int]] = []  # receipt, reference, cents
        # Payments first, so a refund further up the file finds the payment it answers.
        ordered = sorted(self.document.payments, key=lambda v: v["kind"] != PaymentKind.PAYMENT)
        for values in ordered:
            where = f"payments[{values['receipt']}]"
            client = clients[values["client"]]
            allocations = values.get("allocations", [])
            for index, (reference, _cents) in enumerate(allocations):
                if sessions[reference].client is not client:
                    self.problems.append(
                        Problem(
                            f"{where}.allocations[{index + 1}].session",
                            translate(
                                "ClinicFile", 'session {reference} is not client "{client}"\'s'
                            ).format(reference=reference, client=values["client"]),
                        )
                    )
            if values["receipt"] in saved:
                added = self._unchanged(where, saved[values["receipt"]], values, client,
                                        saved_parts.get(values["receipt"], []))  # fmt: skip
                parts += [(values["receipt"], reference, cents) for reference, cents in added]
                continue
            answers = values.get("reverses")
            payment = Payment(
                receipt=values["receipt"],
                kind=values["kind"],
                client=client,
                amount_cents=values["amount_cents"],
                method=values["method"],
                reference=values.get("reference"),
                taken_by=values.get("taken_by", self.actor),
                taken_at=values["taken_at"],
                reverses=None if answers is None else (new.get(answers) or saved[answers]),
                reason=values.get("reason"),
            )
            self.session.add(payment)
            new[payment.receipt] = payment
            parts += [(payment.receipt, reference, cents) for reference, cents in allocations]
        named = {reference for _receipt, reference, _cents in parts}
        named |= {ref for held in saved_parts.values() for ref, _cents in held}
        counters = self._receipt_counters()
        for receipt in new:
            year, number = _receipt_number(receipt)
            counters[year] = max(counters.get(year, 0), number)
        # A move copied the typed status along: the chain's last session stands for it.
        superseded = {s.rescheduled_from.reference for s in sessions.values()
                      if s.rescheduled_from is not None}  # fmt: skip
        typed = [LegacySession(obj.reference, status, obj.price_cents, obj.starts_at,
                               obj.status or SessionStatus.SCHEDULED,
                               obj.reference in superseded)
                 for obj, status in legacy if obj.reference not in named]  # fmt: skip
        for planned in legacy_payments(typed, self.now, self.document.zone, counters):
            parts += self._legacy(planned, sessions[str(planned.session)].client, new)
        self._check_ledger({**saved, **new}, new, saved_parts, parts)
        if self.problems:
            return
        self.session.flush()  # ids for the allocations
        by_receipt = {**saved, **new}
        parts.sort(key=lambda part: part[0])  # in the order of the receipts (stable)
        # A new payment's allocations were made by its taker; ones added to a saved payment
        # by whoever imports.
        rows = [
            {"payment_id": by_receipt[receipt].id, "session_id": sessions[reference].id,
             "amount_cents": cents,
             "created_by": new[receipt].taken_by if receipt in new else self.actor}
            for receipt, reference, cents in parts
        ]  # fmt: skip
        if rows:
            self.session.execute(insert(PaymentAllocation), rows)
        held: dict[str, list[tuple[str, int]]] = {}
        for receipt, reference, cents in parts:
            held.setdefault(receipt, []).append((reference, cents))
        for payment in new.values():
            entry = self._payment_entry(payment, held.get(payment.receipt, []))
            self._record(payment, "payments", True, {}, entry)
        self._set_receipt_counters(counters)
        self._release_excess()

    def _release_excess(self) -> None:
        """A saved session the file cancels, reprices or charges less holds what it no
        longer asks: released to credit, as the desk's own change would (`release_excess`),
        said in the summary and the session's audit entry."""
        currency = self.document.currency
        for obj in self.repriced:
            released = release_excess(self.session, obj.id, self.actor)
            if released == 0:
                continue
            for change in self.changes:
                if change.obj is obj:
                    change.after["credit_released_cents"] = released
            self.summary.notes.append(
                translate(
                    "ClinicImport",
                    "session {reference} now asks less than it held: {amount} became the "
                    "client's credit",
                ).format(reference=obj.reference, amount=desk_formats().amount(released, currency))
            )

    def _check_ledger(
        self,
        payments: dict[str, Payment],
        new: dict[str, Payment],
        saved_parts: dict[str, list[tuple[str, int]]],
        parts: list[tuple[str, str, int]],
    ) -> None:
        """The rules between payments, saved and the file's together (each payment alone
        was checked when the file was read): a refund or reversal is its payment's client's;
        together they give back at most the payment's amount, take from its credit at most
        what it left, and from sessions at most what it set against them; no session holds
        less than nothing."""
        currency = self.document.currency
        allocated: dict[str, int] = {}
        by_session: dict[str, int] = {}
        for receipt, reference, cents in [
            (r, ref, c) for r, held in saved_parts.items() for ref, c in held
        ] + parts:
            allocated[receipt] = allocated.get(receipt, 0) + cents
            by_session[reference] = by_session.get(reference, 0) + cents
        answers: dict[str, list[Payment]] = {}
        for payment in payments.values():
            if payment.reverses is not None:
                answers.setdefault(payment.reverses.receipt, []).append(payment)
        touched = set(new) | {receipt for receipt, _reference, _cents in parts}
        for receipt, answered in answers.items():
            source = payments[receipt]
            if not touched & {receipt, *(a.receipt for a in answered)}:
                continue  # saved as it is: checked when it was made
            where = f"payments[{answered[-1].receipt}]"
            for answer in answered:
                if answer.receipt in new and answer.client is not source.client:
                    self.problems.append(
                        Problem(
                            f"payments[{answer.receipt}].client",
                            translate(
                                "ClinicFile",
                                'the payment it answers, {receipt}, is client "{key}"\'s',
                            ).format(receipt=receipt, key=source.client.key),
                        )
                    )
            returned = sum(a.amount_cents for a in answered)
            taken_back = -sum(allocated.get(a.receipt, 0) for a in answered)
            placed = allocated.get(receipt, 0)
            if returned > source.amount_cents:
                self.problems.append(
                    Problem(
                        f"{where}.amount",
                        translate(
                            "ClinicFile",
                            "with the other refunds and reversals of {receipt} it gives "
                            "back {returned}, more than its {amount}",
                        ).format(
                            receipt=receipt,
                            returned=desk_formats().amount(returned, currency),
                            amount=desk_formats().amount(source.amount_cents, currency),
                        ),
                    )
                )
            elif taken_back > placed:
                self.problems.append(
                    Problem(
                        f"{where}.allocations",
                        translate(
                            "ClinicFile",
                            "the refunds and reversals of {receipt} take back "
                            "{taken_back} from sessions, more than the {placed} it set "
                            "against them",
                        ).format(
                            receipt=receipt,
                            taken_back=desk_formats().amount(taken_back, currency),
                            placed=desk_formats().amount(placed, currency),
                        ),
                    )
                )
            elif returned - taken_back > source.amount_cents - placed:
                self.problems.append(
                    Problem(
                        f"{where}.allocations",
                        translate(
                            "ClinicFile",
                            "the refunds and reversals of {receipt} give back {credit_given} of "
                            "its credit, more than the {credit_left} it left",
                        ).format(
                            receipt=receipt,
                            credit_given=desk_formats().amount(returned - taken_back, currency),
                            credit_left=desk_formats().amount(
                                source.amount_cents - placed, currency
                            ),
                        ),
                    )
                )
        touched_sessions = {reference for _receipt, reference, _cents in parts}
        for reference in sorted(touched_sessions):
            if by_session[reference] < 0:
                self.problems.append(
                    Problem(
                        f"sessions[{reference}]",
                        translate(
                            "ClinicFile",
                            "its payments come to {by_session} after what was taken back: "
                            "less than nothing",
                        ).format(by_session=desk_formats().amount(by_session[reference], currency)),
                    )
                )

    def _legacy(
        self, planned: LegacyPayment, client: Client, new: dict[str, Payment]
    ) -> list[tuple[str, str, int]]:
        """The payment (and refund) an old file's typed status stands for."""
        common = {
            "client": client,
            "amount_cents": planned.amount_cents,
            "method": PaymentMethod(LEGACY_METHOD),
            "taken_by": self.actor,
            "taken_at": planned.taken_at,
        }
        paid = Payment(
            receipt=planned.receipt, kind=PaymentKind.PAYMENT, reference=PAID_REFERENCE, **common
        )
        entries = [(paid, planned.paid_rows)]
        if planned.refund_receipt is not None:
            refund = Payment(receipt=planned.refund_receipt, kind=PaymentKind.REFUND,
                             reverses=paid, reason=REFUND_REASON, **common)  # fmt: skip
            entries.append((refund, planned.refund_rows))
        for payment, _rows in entries:
            self.session.add(payment)
            new[payment.receipt] = payment
        return [(payment.receipt, str(planned.session), cents)
                for payment, rows in entries for cents in rows]  # fmt: skip

    def _unchanged(
        self,
        where: str,
        payment: Payment,
        values: dict[str, Any],
        client: Client,
        held: list[tuple[str, int]],
    ) -> list[tuple[str, int]]:
        """Check a saved payment against the file: the allocations the file adds (none,
        usually), or a problem naming what the file would change."""
        currency = self.document.currency
        stated = {
            "kind": (payment.kind, values["kind"]),
            "client": (payment.client_id, client.id),
            "amount": (payment.amount_cents, values["amount_cents"]),
            "method": (payment.method, values["method"]),
            # the file keeps whole seconds
            "taken_at": (payment.taken_at.replace(microsecond=0),
                         values["taken_at"].replace(microsecond=0)),
            "reverses": (payment.reverses.receipt if payment.reverses else None,
                         values.get("reverses")),
        }  # fmt: skip
        for name in ("reference", "taken_by", "reason"):
            if name in values:
                stated[name] = (getattr(payment, name), values[name])
        changed = [name for name, (was, given) in stated.items() if was != given]
        added: list[tuple[str, int]] = []
        if "allocations" in values:
            given = _multiset(values["allocations"])
            kept = _multiset(held)
            if all(kept.get(part, 0) >= count for part, count in given.items()):
                pass  # the file is older: what was added since stays
            elif all(given.get(part, 0) >= count for part, count in kept.items()):
                for part, count in given.items():
                    added += [part] * (count - kept.get(part, 0))
            else:
                changed.append("allocations")
        if changed:
            amount = desk_formats().amount(payment.amount_cents, currency)
            self.problems.append(
                Problem(
                    where,
                    translate(
                        "ClinicFile",
                        "differs from {the_saved_kind} of {amount} ({fields}): "
                        "payments are never edited, reverse or refund it instead",
                    ).format(
                        the_saved_kind=_the_saved(payment.kind),
                        amount=amount,
                        fields=", ".join(changed),
                    ),
                )
            )
            return []
        if added:
            before = {"allocations": [list(part) for part in held]}
            after = {"allocations": [list(part) for part in held + added]}
            self._record(payment, "payments", False, before, after)
        return added

    def _saved_allocations(self) -> dict[str, list[tuple[str, int]]]:
        """Each saved payment's allocations (session reference, cents), in order."""
        rows = self.session.execute(
            select(Payment.receipt, TherapySession.reference, PaymentAllocation.amount_cents)
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .join(TherapySession, TherapySession.id == PaymentAllocation.session_id)
            .order_by(PaymentAllocation.id)
        )
        result: dict[str, list[tuple[str, int]]] = {}
        for receipt, reference, cents in rows:
            result.setdefault(receipt, []).append((reference, cents))
        return result

    def _payment_entry(self, payment: Payment, held: list[tuple[str, int]]) -> dict[str, Any]:
        """What the audit log says of a payment the file brought."""
        return {
            "receipt": payment.receipt,
            "kind": payment.kind.value,
            "client": payment.client.key,
            "amount_cents": payment.amount_cents,
            "method": payment.method.value,
            "taken_by": payment.taken_by,
            "taken_at": payment.taken_at.isoformat(),
            "reverses": payment.reverses.receipt if payment.reverses else None,
            "allocations": [list(part) for part in held],
        }

    def _receipt_counters(self) -> dict[int, int]:
        return {c.year: c.last_number for c in self.session.scalars(select(ReceiptCounter))}

    def _set_receipt_counters(self, counters: dict[int, int]) -> None:
        """New receipts continue after the file's numbers (and an old status's)."""
        saved = {c.year: c for c in self.session.scalars(select(ReceiptCounter))}
        for year, number in counters.items():
            counter = saved.get(year)
            if counter is None:
                self.session.add(ReceiptCounter(year=year, last_number=number))
            elif counter.last_number < number:
                counter.last_number = number


def _asking(obj: TherapySession) -> tuple[Any, ...]:
    """What decides how much a session asks to be paid (docs/money.md, Due)."""
    return (obj.status, obj.price_cents, obj.fee_cents, obj.fee_waived_by)


def _receipt_number(receipt: str) -> tuple[int, int]:
    match = RECEIPT_PATTERN.match(receipt)
    if match is None:  # the document only holds checked receipts
        raise ValueError(receipt)
    return int(match.group(1)), int(match.group(2))


def _multiset(parts: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = {}
    for part in parts:
        counts[part] = counts.get(part, 0) + 1
    return counts


def _the_saved(kind: PaymentKind) -> str:
    """ "the saved payment" / "refund" / "reversal" as one phrase, so a translation agrees
    its article and adjective with the kind ("la anulación guardada")."""
    words = {
        PaymentKind.PAYMENT: translate("ClinicFile", "the saved payment"),
        PaymentKind.REFUND: translate("ClinicFile", "the saved refund"),
        PaymentKind.REVERSAL: translate("ClinicFile", "the saved reversal"),
    }
    return words[PaymentKind(kind)]
