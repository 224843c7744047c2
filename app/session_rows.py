"""Sessions read with the names people know them by: service, room, therapist and client.

The day's agenda, the emails and the calendar feeds all read sessions this way. They differ
in the other columns they want and in which sessions they read, so each builds its own
select and lets `with_names` add the names; the joins are written once, here.
"""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import Select

from db.models import Client, Room, Service, Therapist, TherapySession

Columns = TypeVarTuple("Columns")


def with_names(query: Select[*Columns]) -> Select[*Columns, str, str | None, str, str]:
    """`query` (which reads `TherapySession`) with the session's names appended as the
    columns `service`, `room`, `therapist` and `client`, in that order. A session without a
    room yet is kept (room None). The therapist's and client's tables are joined, so their
    other columns may be selected and filtered on too."""
    return (
        query.add_columns(
            Service.name.label("service"),
            Room.name.label("room"),
            Therapist.name.label("therapist"),
            Client.name.label("client"),
        )
        .join(Service, Service.id == TherapySession.service_id)
        .join(Therapist, Therapist.id == TherapySession.therapist_id)
        .join(Client, Client.id == TherapySession.client_id)
        .outerjoin(Room, Room.id == TherapySession.room_id)
    )
