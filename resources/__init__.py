"""Files the app ships with (icons; later styles, translations, email templates)."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
APP_ICON = RESOURCES_DIR / "icons" / "frontdesk.svg"
