"""Calendar feeds (SPEC F7): iCalendar files of a therapist's, a room's or the clinic's
sessions, exported to a file or served to subscribed calendars."""

from sync.feeds.builder import Feed, build_feed
from sync.feeds.server import FeedServer

__all__ = ["Feed", "FeedServer", "build_feed"]
