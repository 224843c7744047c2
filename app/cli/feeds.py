"""`frontdesk feeds`: export a calendar feed, serve subscribed feeds, manage their URLs."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import composition
from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    clinic_zone_name,
    database_now,
    open_clinic_database,
    parse_now,
    write_whole,
)
from app.cli.services import serve_feeds_until_stopped
from app.config import AppConfig

if TYPE_CHECKING:
    from app.feeds import FeedScope
    from db.engine import Database

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def feeds_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.feeds import FeedTokenError

    database = open_clinic_database(config)
    try:
        if args.feeds_command == "export":
            return _export(args, database)
        if args.feeds_command == "serve":
            return _serve(args, database)
        return _token(args, database)
    except FeedTokenError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None


def _scope(args: argparse.Namespace) -> FeedScope:
    from app.feeds import FeedScope

    if args.therapist:
        return FeedScope("therapist", args.therapist)
    if args.room:
        return FeedScope("room", args.room)
    return FeedScope("clinic")


def _export(args: argparse.Namespace, database: Database) -> int:
    now = parse_now(args.now, clinic_zone_name(database), database)
    feed = composition.build_feed(database, _scope(args), now)
    if args.file == "-":
        sys.stdout.buffer.write(feed.body)
        sys.stdout.flush()
    else:
        write_whole(Path(args.file), feed.body)
        print(f"exported {feed.events} events of {feed.name} to {args.file}")
    return EXIT_OK


def _serve(args: argparse.Namespace, database: Database) -> int:
    if not 0 <= args.port <= 65535:
        raise CommandError("--port must be between 0 and 65535", EXIT_BAD_INPUT)
    try:
        server = composition.feed_server(database, args.host, args.port)
    except (socket.gaierror, ValueError, TypeError):  # no such address; a NUL; a label too long
        raise CommandError(
            f"--host: {args.host!r} is not an address of this computer", EXIT_BAD_INPUT
        ) from None
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    if args.host not in LOOPBACK_HOSTS:
        print(
            f"warning: listening on {args.host}, not only this computer; anyone who can reach it "
            "and holds a feed URL can read that feed",
            file=sys.stderr,
        )
    return serve_feeds_until_stopped(server)


def _token(args: argparse.Namespace, database: Database) -> int:
    from app.feeds import create_token, list_tokens, revoke_token

    if args.token_command == "create":
        created = create_token(database, _scope(args), actor="cli")
        print(created.path)
    elif args.token_command == "revoke":
        info = revoke_token(database, actor="cli", now=database_now(database), token=args.token)
        print(f"revoked the feed of {info.scope.describe()}")
    else:
        for info in list_tokens(database):
            state = "revoked" if info.revoked_at else "live"
            print(
                f"{info.id}\t{info.scope.describe()}\t{state}\t"
                f"created {info.created_at:%Y-%m-%d %H:%M} by {info.created_by}"
            )
    return EXIT_OK
