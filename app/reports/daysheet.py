"""The day sheet (SPEC F8, docs/reports.md): one clinic date's sessions in time order, for the
whole clinic, one therapist or one room, with what each still has due. The desk prints it
(`Ctrl+Shift+P`) and `frontdesk daysheet --pdf` writes it; both read it here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.i18n import translate
from app.money.ledger import SessionCharge, session_charges
from app.reports.figures import no_clinic
from app.reports.model import ReportInputError
from app.session_rows import with_names
from app.timezones import clinic_zone, day_start_utc
from db.engine import Database
from db.enums import SessionStatus
from db.models import ClinicSettings, Room, Therapist
from db.models import TherapySession as S


@dataclass(frozen=True)
class DaySheetRow:
    reference: str
    starts_at: datetime  # local
    ends_at: datetime  # local
    client: str
    service: str
    therapist_key: str
    therapist: str
    room: str | None
    status: SessionStatus
    late_cancellation: bool
    due_cents: int  # what the session still asks to be paid (its price ahead of time)


@dataclass(frozen=True)
class DaySheet:
    day: date
    clinic_name: str
    currency: str
    # "" for the whole clinic, else the therapist's or room's name
    scope: str
    rows: tuple[DaySheetRow, ...]
    # what `scope` names: "" (the whole clinic), "therapist" or "room" (the paper says which)
    scope_kind: str = ""

    def by_therapist(self) -> list[tuple[str, list[DaySheetRow]]]:
        """The rows per therapist (name order), each in time order: one page each."""
        groups: dict[str, list[DaySheetRow]] = {}  # by key: two therapists may share a name
        for row in self.rows:
            groups.setdefault(row.therapist_key, []).append(row)
        ordered = sorted(
            groups.items(), key=lambda item: (item[1][0].therapist.casefold(), item[0])
        )
        return [(rows[0].therapist, rows) for _key, rows in ordered]


def day_sheet(
    database: Database,
    day: date,
    *,
    therapist_key: str | None = None,
    room_key: str | None = None,
) -> DaySheet:
    """Every session starting on the clinic's local date `day` (cancelled ones too, marked),
    ordered by start, then therapist. ReportInputError for an unknown therapist or room,
    or both asked at once; LookupError when the database holds no clinic."""
    if therapist_key is not None and room_key is not None:
        raise ReportInputError(
            translate("Reports", "A day sheet is for one therapist or one room, not both.")
        )
    with database.snapshot_read() as session:
        settings = session.get(ClinicSettings, 1)
        if settings is None:
            raise LookupError(no_clinic())
        zone = clinic_zone(settings.timezone)
        start, end = day_start_utc(day, zone), day_start_utc(day + timedelta(days=1), zone)
        query = with_names(
            select(
                S.id,
                S.reference,
                S.starts_at,
                S.ends_at,
                S.status,
                S.late_cancellation,
                Therapist.key,
            ).select_from(S)
        ).where(S.starts_at >= start, S.starts_at < end)
        scope, scope_kind = "", ""
        if therapist_key is not None:
            found = session.execute(
                select(Therapist.id, Therapist.name).where(Therapist.key == therapist_key)
            ).first()
            if found is None:
                raise ReportInputError(
                    translate("Reports", "There is no therapist {key}.").format(
                        key=repr(therapist_key)
                    )
                )
            query, scope = query.where(S.therapist_id == found.id), found.name
            scope_kind = "therapist"
        if room_key is not None:
            found = session.execute(select(Room.id, Room.name).where(Room.key == room_key)).first()
            if found is None:
                raise ReportInputError(
                    translate("Reports", "There is no room {key}.").format(key=repr(room_key))
                )
            query, scope = query.where(S.room_id == found.id), found.name
            scope_kind = "room"
        rows = session.execute(query.order_by(S.starts_at, Therapist.name, S.id)).all()
        charges = session_charges(session, [row[0] for row in rows])
        sheet = DaySheet(
            day=day,
            clinic_name=settings.name,
            currency=settings.currency,
            scope=scope,
            rows=tuple(_row(tuple(row), charges, zone) for row in rows),
            scope_kind=scope_kind,
        )
    return sheet


def _row(row: tuple[Any, ...], charges: dict[int, SessionCharge], zone: ZoneInfo) -> DaySheetRow:
    session_id, reference, starts, ends, status, late, key, service, room, therapist, client = row
    return DaySheetRow(
        reference=reference,
        starts_at=starts.astimezone(zone),
        ends_at=ends.astimezone(zone),
        client=client,
        service=service,
        therapist_key=key,
        therapist=therapist,
        room=room,
        status=status,
        late_cancellation=late,
        due_cents=charges[session_id].outstanding_cents,
    )
