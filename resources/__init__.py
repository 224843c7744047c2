"""Files the app ships with: icons, email templates and the compiled translations."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
APP_ICON = RESOURCES_DIR / "icons" / "frontdesk.svg"
EMAIL_TEMPLATES = RESOURCES_DIR / "email"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"  # frontdesk_<language>.qm (docs/translations.md)
