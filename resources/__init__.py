"""Files the app ships with: icons and email templates (later styles, translations)."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
APP_ICON = RESOURCES_DIR / "icons" / "frontdesk.svg"
EMAIL_TEMPLATES = RESOURCES_DIR / "email"
