"""The desk's language: English or Spanish, chosen per desk (View ▸ Language) and kept in
its settings, by default the computer's own (docs/translations.md).

Installing a language loads our compiled translation and Qt's own (its buttons and
dialogs), makes that language's QLocale the default (dates and amounts, `ui.locale_format`)
and hands the translator to `app.i18n`, so the domain's refusals read in it too. It is done
before any window is built: a window's texts are translated when it builds them.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import app.i18n
from resources import TRANSLATIONS_DIR
from ui import locale_format
from ui.desk_settings import desk_settings

LANGUAGE_KEY = "desk/language"


class LanguageChoice(StrEnum):
    """What the desk chose; `SYSTEM` follows the computer's language."""

    ENGLISH = "en"
    SPANISH = "es"
    SYSTEM = "system"


TRANSLATED = "es"  # the one language besides English the desk speaks
ENGLISH = "en"

# The domain's sentences (`app.i18n.desk_formats`) written in the desk's locale, as the windows.
LOCALE_FORMATS = app.i18n.LocaleFormats(
    moment=locale_format.moment,
    dated_moment=locale_format.moment_with_year,
    day=locale_format.short_day,
    padded_date=locale_format.day_month_year,
    padded_day_month=locale_format.padded_day_month,
    day_month=locale_format.day_month,
    day_month_year=locale_format.day_month_year,
    weekday=locale_format.weekday_name,
    short_weekday=locale_format.short_weekday,
    time=locale_format.time_of_day,
    amount=locale_format.amount,
    number=lambda value: QLocale().toString(value),
)

_installed: list[QTranslator] = []  # kept alive while installed (Qt does not own them)
_first_default: list[QLocale] = []  # the default locale before we changed it


def chosen_language() -> LanguageChoice:
    """This desk's choice; the computer's language until one is made (or if the setting
    holds something this version does not know)."""
    saved = desk_settings().value(LANGUAGE_KEY, LanguageChoice.SYSTEM.value)
    try:
        return LanguageChoice(str(saved))
    except ValueError:
        return LanguageChoice.SYSTEM


def save_language(choice: LanguageChoice) -> None:
    """Keep `choice` for this desk (it takes effect when the window is next built)."""
    settings = desk_settings()
    settings.setValue(LANGUAGE_KEY, choice.value)
    settings.sync()


def resolved_language(choice: LanguageChoice, system: QLocale | None = None) -> str:
    """`"es"` or `"en"`: the computer's language counts as Spanish only when it is Spanish
    (any country); every other language gets English, the one the code is written in."""
    if choice == LanguageChoice.SYSTEM:
        system = QLocale.system() if system is None else system
        return TRANSLATED if system.language() == QLocale.Language.Spanish else ENGLISH
    return TRANSLATED if choice == LanguageChoice.SPANISH else ENGLISH


def _desk_locale(language: str) -> QLocale:
    """The QLocale of `language`: the computer's own country when it speaks that language
    (es_MX on a Mexican PC), else the language's main one (es_ES, en_US)."""
    system = QLocale.system()
    if language == TRANSLATED:
        if system.language() == QLocale.Language.Spanish:
            return system
        return QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
    if system.language() == QLocale.Language.English:
        return system
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def install_language(choice: LanguageChoice | None = None) -> str:
    """Put the desk in the language `choice` (default: the one kept in the desk settings)
    names and return it (`"es"`/`"en"`). Replaces what an earlier call installed, so the
    window can be rebuilt in another language. Needs the QApplication to exist."""
    application = QCoreApplication.instance()
    if application is None:
        raise RuntimeError("install_language needs the QApplication to exist first")
    language = resolved_language(chosen_language() if choice is None else choice)
    for translator in _installed:
        application.removeTranslator(translator)
    _installed.clear()
    if not _first_default:
        _first_default.append(QLocale())
    if language == TRANSLATED:
        for folder, name in (
            (str(TRANSLATIONS_DIR), f"frontdesk_{language}"),
            (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), f"qtbase_{language}"),
        ):
            translator = QTranslator(application)
            if not translator.load(name, folder):
                raise FileNotFoundError(f"the translation {name}.qm is missing from {folder}")
            application.installTranslator(translator)
            _installed.append(translator)
        app.i18n.install(lambda context, text: QCoreApplication.translate(context, text))
        locale = _desk_locale(language)
        locale_format.use_locale(locale)
    else:
        app.i18n.install(None)
        locale = _desk_locale(language)
        locale_format.use_locale(None)  # English reads exactly as it always has
    app.i18n.install_formats(LOCALE_FORMATS if language == TRANSLATED else None)
    QLocale.setDefault(locale)
    return language


def install_english() -> None:
    """Back to English and the default locale as it was (tests that switch language)."""
    install_language(LanguageChoice.ENGLISH)
    if _first_default:
        QLocale.setDefault(_first_default[0])
