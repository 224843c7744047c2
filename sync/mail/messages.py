"""One email per outbox row: text and HTML in the reader's language, and an iMIP invite.

Wording lives in `resources/email/<language>/<audience>_<kind>.txt` (first line `Subject:`);
the HTML part is the same paragraphs in one layout, so a translation is edited in one place.
The invite (`text/calendar; method=REQUEST|CANCEL`) uses the booking's calendar UID, the
one the feeds use, and SEQUENCE from its revision, so calendars update the event they have.
The Message-ID is derived from the booking, revision and recipient: a message sent twice
after a crash is recognisable as one.
"""

from __future__ import annotations

import html
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from functools import cache
from string import Template
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from resources import EMAIL_TEMPLATES
from sync.feeds.builder import session_uid

LANGUAGES = ("en", "es")
PRODID = "-//Clinic Front Desk//Email invitation//EN"

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip
_ROOM = {"en": " in {room}", "es": " en {room}"}


class MessageContext(NamedTuple):
    """What one message needs, read from the database when it is sent."""

    kind: str  # confirmation | change | cancellation | reminder:<offset minutes>
    audience: str  # client | therapist
    recipient: str
    recipient_name: str
    language: str | None
    reference: str
    calendar_uid: str
    revision: int
    starts_at: datetime
    ends_at: datetime
    service: str
    therapist_name: str
    client_name: str
    room: str | None
    clinic_name: str
    clinic_zone: ZoneInfo
    clinic_address: str | None
    clinic_phone: str | None


class Sender(NamedTuple):
    address: str
    reply_to: str | None = None


def language_of(preference: str | None) -> str:
    """`es-ES`, `ES`, `es` → `es`; anything we have no wording for → `en`."""
    code = (preference or "").strip().lower()[:2]
    return code if code in LANGUAGES else "en"


@cache
def _template(language: str, name: str) -> tuple[Template, Template]:
    path = EMAIL_TEMPLATES / language / f"{name}.txt"
    if not path.exists():
        path = EMAIL_TEMPLATES / "en" / f"{name}.txt"
    first, _blank, body = path.read_text(encoding="utf-8").partition("\n\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"{path} must start with a Subject: line")
    return Template(first.removeprefix("Subject: ").strip()), Template(body.strip())


@cache
def _layout() -> Template:
    return Template((EMAIL_TEMPLATES / "layout.html").read_text(encoding="utf-8"))


def _long_date(moment: datetime, language: str) -> str:
    weekday = _WEEKDAYS[language][moment.weekday()]
    month = _MONTHS[language][moment.month - 1]
    if language == "es":
        return f"{weekday} {moment.day} de {month} de {moment.year}"
    return f"{weekday} {moment.day} {month} {moment.year}"


def compose(context: MessageContext, sender: Sender, now: datetime) -> EmailMessage:
    language = language_of(context.language) if context.audience == "client" else "en"
    local_start = context.starts_at.astimezone(context.clinic_zone)
    local_end = context.ends_at.astimezone(context.clinic_zone)
    signature = "\n".join(
        part for part in (context.clinic_name, context.clinic_address, context.clinic_phone) if part
    )
    values = {
        "client_name": context.client_name,
        "therapist_name": context.therapist_name,
        "service": context.service,
        "date": _long_date(local_start, language),
        "time": f"{local_start:%H:%M}",
        "end_time": f"{local_end:%H:%M}",
        "room_sentence": _ROOM[language].format(room=context.room) if context.room else "",
        "reference": context.reference,
        "clinic_name": context.clinic_name,
        "clinic_signature": signature,
    }
    wording = context.kind.split(":", 1)[0]  # "reminder:1440" reads as "reminder"
    subject_template, body_template = _template(language, f"{context.audience}_{wording}")
    subject = subject_template.substitute(values)
    text = body_template.substitute(values)
    paragraphs = "\n".join(
        '<p style="margin:0 0 12px;line-height:1.5;">'
        + html.escape(paragraph).replace("\n", "<br>")
        + "</p>"
        for paragraph in text.split("\n\n")
    )
    page = _layout().substitute(
        language=language,
        subject=html.escape(subject),
        clinic_name=html.escape(context.clinic_name),
        body=paragraphs,
    )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((context.clinic_name, sender.address))
    message["To"] = formataddr((context.recipient_name, context.recipient))
    if sender.reply_to:
        message["Reply-To"] = sender.reply_to
    message["Date"] = format_datetime(now)
    domain = sender.address.rpartition("@")[2] or "frontdesk.invalid"
    recipient_tag = "c" if context.audience == "client" else "t"
    message["Message-ID"] = (
        f"<{context.calendar_uid}.r{context.revision}.{context.kind.replace(':', '-')}"
        f".{recipient_tag}@{domain}>"
    )
    message.set_content(text + "\n")
    message.add_alternative(page, subtype="html")
    method = "CANCEL" if context.kind == "cancellation" else "REQUEST"
    # As bytes: RFC 5545 wants CRLF line ends, which a text part would normalise away.
    message.add_alternative(
        invitation(context, sender, now, method).encode("utf-8"),
        maintype="text",
        subtype="calendar",
        params={"method": method, "charset": "utf-8"},
    )
    return message


def invitation(context: MessageContext, sender: Sender, now: datetime, method: str) -> str:
    """The iMIP calendar object of RFC 6047: one VEVENT, times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session_uid(context.calendar_uid))
    event.add("sequence", context.revision - 1)
    event.add("dtstamp", now)
    event.add("dtstart", context.starts_at)
    event.add("dtend", context.ends_at)
    other = context.therapist_name if context.audience == "client" else context.client_name
    event.add("summary", f"{context.service} · {other}")
    location = ", ".join(part for part in (context.room, context.clinic_address) if part)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{sender.address}")
    organizer.params["cn"] = vText(context.clinic_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{context.recipient}")
    attendee.params["cn"] = vText(context.recipient_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
