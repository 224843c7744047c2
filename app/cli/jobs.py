"""`frontdesk jobs`: the background jobs (holds, reminders, recurring sessions, backups),
once at a given moment or for as long as this process leads."""

from __future__ import annotations

import argparse

from app.cli import composition
from app.cli.common import EXIT_OK, clinic_zone_name, open_clinic_database, parse_now
from app.cli.services import lead_jobs_until_stopped
from app.config import AppConfig


def jobs_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.jobs import run_due_jobs
    from app.outbox import DELIVERY_INTERVAL_SECONDS

    database = open_clinic_database(config)
    if args.jobs_command == "run-once":
        now = parse_now(args.now, clinic_zone_name(database), database)
        for outcome in run_due_jobs(config, database, now):
            print(f"{outcome.job}: {outcome.summary}")
        return EXIT_OK
    # The leader also delivers emails and Google updates (no `frontdesk sync run` needed).
    delivery = composition.outbox_worker(config)
    return lead_jobs_until_stopped(config, database, [(delivery, DELIVERY_INTERVAL_SECONDS)])
