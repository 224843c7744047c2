"""Sentences the domain shows at the desk, in the desk's language (docs/translations.md).

`app` never imports Qt (docs/architecture.md, Layers), yet its refusals and error messages
reach the window. So a call site writes `translate("Context", "English sentence %s") % value`
(`pyside6-lupdate` finds these calls as it finds `self.tr`), and the window installs Qt's
translator here when it starts. Without one — the command line, a server — every sentence
stays the English written in the code, which is what scripts rely on.

Placeholders are filled after translating, so a translation keeps the same `%s`/`%d`/`{name}`
placeholders. A plural is not chosen here (lupdate marks numerus forms only for `tr`): the
window words counts itself, or the code picks between two whole sentences.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]

_translator: Translator | None = None


def install(translator: Translator | None) -> None:
    """Use `translator(context, english)` from now on in this process (None: English)."""
    global _translator  # one language per process, set once by the window
    _translator = translator


def translate(context: str, english: str) -> str:
    """`english` in the process's language, or as written when none is installed."""
    return english if _translator is None else _translator(context, english)
