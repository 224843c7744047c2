"""The demo clinic's waitlist: a few clients waiting for a start, so the inbox and the
profile show what the waitlist looks like (docs/clients.md, Waitlist). Added after the
clinic file, through the same use case as the desk, so the entries are matched at once."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from app.demo.plans import DEMO_TIMEZONE
from app.timezones import clinic_zone
from app.waitlist import WaitlistRequest, add_entry
from db.engine import Database
from db.models import Client, Service, Therapist

WAITING_CLIENTS = 8
# (weekdays bit mask, earliest, latest minute): mornings, Mon/Wed, late afternoons, any time
_WISHES = ((0b11111, 9 * 60, 12 * 60), (0b00101, None, None), (0b11111, 15 * 60, 19 * 60))


def add_demo_waitlist(database: Database, seed: int, now: datetime) -> int:
    """`WAITING_CLIENTS` entries of clients not archived, each for the next 3 to 6 weeks."""
    rng = random.Random(seed)
    today = now.astimezone(clinic_zone(DEMO_TIMEZONE)).date()
    with database.read() as session:
        clients = list(
            session.scalars(
                select(Client.id).where(Client.archived_at.is_(None)).order_by(Client.key)
            )
        )
        services = dict(
            session.execute(select(Service.key, Service.id).where(Service.active)).tuples().all()
        )
        therapists = list(
            session.scalars(select(Therapist.id).where(Therapist.active).order_by(Therapist.key))
        )
    added = 0
    for client_id in rng.sample(clients, min(WAITING_CLIENTS, len(clients))):
        weekdays, earliest, latest = rng.choice(_WISHES)
        request = WaitlistRequest(
            client_id=client_id,
            service_id=services["individual"]
            if rng.random() < 0.7
            else rng.choice(sorted(services.values())),
            therapist_id=rng.choice(therapists) if rng.random() < 0.6 else None,
            weekdays=weekdays,
            earliest_minute=earliest,
            latest_minute=latest,
            from_date=today,
            to_date=today + timedelta(weeks=rng.randrange(3, 7)),
        )
        add_entry(database, request, actor="demo", now=now)
        added += 1
    return added
