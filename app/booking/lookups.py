"""Finding what a booking request names (therapist, client, service, room, session) and
checking the request's own input; anything missing or inactive is bad input (exit 2)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.booking.errors import BookingInputError
from app.booking.loader import Clinic, ServiceRow, TherapistRow, load_clinic
from app.booking.model import BookingRequest
from app.i18n import translate
from app.scheduling import RoomInfo
from db import statements
from db.enums import ContactChannel
from db.models import ChangeStamp, Client, ClientAlias, Room, Service, Therapist, TherapySession

TherapistLike = Therapist | TherapistRow
ServiceLike = Service | ServiceRow


def by_key(
    session: Session, model: type[Therapist | Client | Service | Room], key: str, what: str
) -> object:
    """The active row of `model` with this key, or BookingInputError naming what is missing."""
    obj = session.scalar(select(model).where(model.key == key))
    if obj is None:
        raise BookingInputError(_sentences(what)[0].format(key=key))
    must_be_active(obj, what, key)
    return obj


def must_be_active(obj: object, what: str, key: str) -> None:
    if not getattr(obj, "active", True):
        raise BookingInputError(_sentences(what)[1].format(key=key))


def _sentences(what: str) -> tuple[str, str]:
    """Missing and inactive, whole sentences per kind of thing (`what` is a word of the code,
    so a translation never has to fit an English noun into its own sentence)."""
    sentences = {
        "therapist": (
            translate("Booking", "no therapist with key {key!r}"),
            translate("Booking", "therapist {key!r} is inactive"),
        ),
        "client": (
            translate("Booking", "no client with key {key!r}"),
            translate("Booking", "client {key!r} is inactive"),
        ),
        "service": (
            translate("Booking", "no service with key {key!r}"),
            translate("Booking", "service {key!r} is inactive"),
        ),
        "room": (
            translate("Booking", "no room with key {key!r}"),
            translate("Booking", "room {key!r} is inactive"),
        ),
    }
    return sentences[what]


def named_room(session: Session, key: str) -> tuple[Room, RoomInfo]:
    """The active room with this key, and what the placement rule reads of it."""
    room = by_key(session, Room, key, "room")
    assert isinstance(room, Room)
    return room, RoomInfo(room.id, room.capacity, frozenset(room.features or ()), room.name)


def therapist_for_booking(session: Session, key: str) -> Therapist:
    """The active therapist with this key, locked for the turn where that is needed."""
    therapist = statements.therapist_for_booking(session, key)
    if therapist is None:
        raise BookingInputError(
            translate("Booking", "no therapist with key {key!r}").format(key=key)
        )
    must_be_active(therapist, "therapist", key)
    return therapist


def session_for_change(session: Session, reference: str) -> TherapySession:
    """The session with this reference, locked for the turn where that is needed."""
    found = statements.session_for_change(session, reference.strip().upper())
    if found is None:
        raise BookingInputError(
            translate("Booking", "no session with reference {reference!r}").format(
                reference=reference
            )
        )
    return found


class ClientRow(NamedTuple):
    """The client columns a booking reads (named as on `Client`)."""

    id: int
    key: str
    name: str
    email: str | None
    preferred_channel: ContactChannel | None


_CLIENT_COLUMNS = (Client.id, Client.key, Client.name, Client.email, Client.preferred_channel)
# The setup's stamp and the client in one round trip (no row: no stamp row, so no setup).
_STAMP_AND_CLIENT = (
    select(ChangeStamp.stamp, *_CLIENT_COLUMNS)
    .select_from(ChangeStamp)
    .outerjoin(Client, Client.key == bindparam("key"))
    .where(ChangeStamp.scope == "setup")
)


# A key merged into another client names the kept one (docs/clients.md, Merging).
_CLIENT_BY_ALIAS = (
    select(*_CLIENT_COLUMNS)
    .join(ClientAlias, ClientAlias.client_id == Client.id)
    .where(ClientAlias.key == bindparam("key"))
)


def booking_parties(
    session: Session, clinic: Clinic | None, request: BookingRequest
) -> tuple[Clinic, TherapistRow, ClientRow, ServiceRow]:
    """The clinic (unless given), therapist and service from the setup as this transaction
    reads it, and the client, which staff add and edit all day, from its row."""
    row = session.connection().execute(_STAMP_AND_CLIENT, {"key": request.client}).first()
    clinic = clinic or load_clinic(session, row.stamp if row is not None else None)
    therapist, service = setup_parties(clinic, request)
    if row is not None and row.id is not None:
        return clinic, therapist, ClientRow(*row[1:]), service
    merged_into = session.execute(_CLIENT_BY_ALIAS, {"key": request.client}).first()
    if merged_into is None:
        raise BookingInputError(
            translate("Booking", "no client with key {client!r}").format(client=request.client)
        )
    return clinic, therapist, ClientRow(*merged_into), service


def setup_parties(clinic: Clinic, request: BookingRequest) -> tuple[TherapistRow, ServiceRow]:
    therapist = clinic.setup.therapists.get(request.therapist)
    if therapist is None:
        raise BookingInputError(
            translate("Booking", "no therapist with key {therapist!r}").format(
                therapist=request.therapist
            )
        )
    must_be_active(therapist, "therapist", request.therapist)
    service = clinic.setup.services.get(request.service)
    if service is None:
        raise BookingInputError(
            translate("Booking", "no service with key {service!r}").format(service=request.service)
        )
    must_be_active(service, "service", request.service)
    return therapist, service


def on_the_minute(start: datetime) -> datetime:
    """The start, if it is an instant on a whole minute."""
    if start.tzinfo is None:
        raise BookingInputError(
            translate("Booking", "a start must carry its offset or be read in the clinic zone")
        )
    if start.second or start.microsecond:
        raise BookingInputError(translate("Booking", "a start must be on a whole minute"))
    return start
