"""The words ui shows for the database's enum values (session statuses and types, roles,
delivery statuses), in the desk's language (docs/translations.md).

One place for them, so a card's badge, the agenda, the session panel and the booking dialog
say "Confirmada" alike and no raw value ("no_show") reaches the screen. Each table marks
its English for the extractor (QT_TRANSLATE_NOOP returns the English); the functions
translate when the word is shown. The English is exactly what each place always showed:
a label ("No-show"), a badge ("In session"), a word inside a sentence ("no show").
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Words"

# A status as a label of its own: the agenda's Status column.
STATUS_LABELS = {
    "scheduled": str(QT_TRANSLATE_NOOP("Words", "Scheduled")),
    "confirmed": str(QT_TRANSLATE_NOOP("Words", "Confirmed")),
    "in_progress": str(QT_TRANSLATE_NOOP("Words", "In progress")),
    "completed": str(QT_TRANSLATE_NOOP("Words", "Completed")),
    "cancelled": str(QT_TRANSLATE_NOOP("Words", "Cancelled")),
    "no_show": str(QT_TRANSLATE_NOOP("Words", "No-show")),
}
# A session card's badge (short: it sits in the card's corner).
STATUS_BADGES = {
    "scheduled": str(QT_TRANSLATE_NOOP("Words", "Scheduled")),
    "confirmed": str(QT_TRANSLATE_NOOP("Words", "Confirmed")),
    "in_progress": str(QT_TRANSLATE_NOOP("Words", "In session")),
    "completed": str(QT_TRANSLATE_NOOP("Words", "Completed")),
    "no_show": str(QT_TRANSLATE_NOOP("Words", "No-show")),
}
# A status in a line of details (the session panel, a card's tooltip), lower case.
STATUS_WORDS = {
    "scheduled": str(QT_TRANSLATE_NOOP("Words", "scheduled")),
    "confirmed": str(QT_TRANSLATE_NOOP("Words", "confirmed")),
    "in_progress": str(QT_TRANSLATE_NOOP("Words", "in progress")),
    "completed": str(QT_TRANSLATE_NOOP("Words", "completed")),
    "cancelled": str(QT_TRANSLATE_NOOP("Words", "cancelled")),
    "no_show": str(QT_TRANSLATE_NOOP("Words", "no show")),
}
# What the session panel says after a status change: whole sentences, one per status.
MARKED = {
    "scheduled": str(QT_TRANSLATE_NOOP("Words", "Marked scheduled.")),
    "confirmed": str(QT_TRANSLATE_NOOP("Words", "Marked confirmed.")),
    "in_progress": str(QT_TRANSLATE_NOOP("Words", "Marked in progress.")),
    "completed": str(QT_TRANSLATE_NOOP("Words", "Marked completed.")),
    "cancelled": str(QT_TRANSLATE_NOOP("Words", "Marked cancelled.")),
    "no_show": str(QT_TRANSLATE_NOOP("Words", "Marked no show.")),
}
# A session's type as the booking dialog offers it.
SESSION_TYPE_LABELS = {
    "follow_up": str(QT_TRANSLATE_NOOP("Words", "Follow-up")),
    "initial": str(QT_TRANSLATE_NOOP("Words", "Initial")),
    "emergency": str(QT_TRANSLATE_NOOP("Words", "Emergency")),
}
# A session's type in a line of details (the session panel), lower case.
SESSION_TYPE_WORDS = {
    "follow_up": str(QT_TRANSLATE_NOOP("Words", "follow up")),
    "initial": str(QT_TRANSLATE_NOOP("Words", "initial")),
    "emergency": str(QT_TRANSLATE_NOOP("Words", "emergency")),
}
ROLE_WORDS = {
    "front_desk": str(QT_TRANSLATE_NOOP("Words", "front desk")),
    "supervisor": str(QT_TRANSLATE_NOOP("Words", "supervisor")),
    "admin": str(QT_TRANSLATE_NOOP("Words", "admin")),
}
# How a payment was made, as lists and the cash-up name it (the payment dialog offers the
# same words; the receipt says "Bank transfer" in full).
METHOD_WORDS = {
    "cash": str(QT_TRANSLATE_NOOP("Words", "Cash")),
    "card": str(QT_TRANSLATE_NOOP("Words", "Card")),
    "transfer": str(QT_TRANSLATE_NOOP("Words", "Transfer")),
    "other": str(QT_TRANSLATE_NOOP("Words", "Other")),
}
# What a delivery tells (app.outbox.EffectKind), in the sync panel.
EFFECT_WORDS = {
    "confirmation": str(QT_TRANSLATE_NOOP("Words", "confirmation")),
    "change": str(QT_TRANSLATE_NOOP("Words", "change")),
    "cancellation": str(QT_TRANSLATE_NOOP("Words", "cancellation")),
    "status": str(QT_TRANSLATE_NOOP("Words", "status")),
    "reminder": str(QT_TRANSLATE_NOOP("Words", "reminder")),
}
# A delivery's state in the sync panel.
DELIVERY_WORDS = {
    "pending": str(QT_TRANSLATE_NOOP("Words", "pending")),
    "in_progress": str(QT_TRANSLATE_NOOP("Words", "in progress")),
    "delivered": str(QT_TRANSLATE_NOOP("Words", "delivered")),
    "failed": str(QT_TRANSLATE_NOOP("Words", "failed")),
    "superseded": str(QT_TRANSLATE_NOOP("Words", "superseded")),
}


def _shown(table: dict[str, str], value: str) -> str:
    """`value`'s word from `table`, translated; a value the table lacks (a newer version's)
    is shown readable rather than hidden."""
    english = table.get(value)
    if english is None:
        return value.replace("_", " ")
    return QCoreApplication.translate(CONTEXT, english)


def status_label(status: str) -> str:
    """ "No-show" / "No se presentó"."""
    return _shown(STATUS_LABELS, status)


def status_badge(status: str) -> str:
    """ "In session" / "En curso"."""
    return _shown(STATUS_BADGES, status)


def status_word(status: str) -> str:
    """ "no show" / "no se presentó"."""
    return _shown(STATUS_WORDS, status)


def marked(status: str) -> str:
    """ "Marked no show." / "Marcada como inasistencia."."""
    return _shown(MARKED, status)


def session_type_label(session_type: str) -> str:
    """ "Follow-up" / "Seguimiento"."""
    return _shown(SESSION_TYPE_LABELS, session_type)


def session_type_word(session_type: str) -> str:
    """ "follow up" / "seguimiento"."""
    return _shown(SESSION_TYPE_WORDS, session_type)


def role_word(role: str) -> str:
    """ "front desk" / "recepción"."""
    return _shown(ROLE_WORDS, role)


def delivery_word(status: str) -> str:
    """ "delivered" / "entregado"."""
    return _shown(DELIVERY_WORDS, status)


def method_word(method: str) -> str:
    """ "Transfer" / "Transferencia"."""
    return _shown(METHOD_WORDS, method)


def effect_word(kind: str) -> str:
    """ "reminder" / "recordatorio"."""
    return _shown(EFFECT_WORDS, kind)
