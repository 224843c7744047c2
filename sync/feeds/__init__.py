"""Calendar feeds (docs/sync.md, Calendar feeds): iCalendar files of a therapist's, a room's or the
clinic's sessions, exported to a file or served to subscribed calendars."""

from datetime import datetime

from app.feeds import FeedScope
from db.engine import Database
from sync.feeds.builder import Feed, build_feed
from sync.feeds.server import FeedServer


class Publisher:
    """`app.feeds.FeedPublisher` for the window: export and an in-app feed server."""

    def export(self, database: Database, scope: FeedScope, now: datetime) -> tuple[bytes, int]:
        feed = build_feed(database, scope, now)
        return feed.body, feed.events

    def start_server(self, database: Database, host: str, port: int) -> FeedServer:
        server = FeedServer(database, host, port)
        server.start()
        return server


__all__ = ["Feed", "FeedServer", "Publisher", "build_feed"]
