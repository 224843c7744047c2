"""Client contact details in one canonical form, so that de-duplication can trust equality."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from app.i18n import translate


def normalise_phone(text: str, region: str = "US") -> str:
    """E.164 (`+15551234567`); numbers without a country code are read in `region`."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(translate("Contact", "phone number is empty"))
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        raise ValueError(
            translate("Contact", "{text!r} is not a phone number").format(text=text)
        ) from None
    # "Possible" rather than "valid": fictional 555 numbers and brand-new ranges must pass.
    if not phonenumbers.is_possible_number(number):
        raise ValueError(
            translate("Contact", "{text!r} is not a possible phone number for its country").format(
                text=text
            )
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(text: str) -> str:
    """A syntactically valid address, lower-cased (no DNS look-up: the desk may be offline)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(translate("Contact", "email address is empty"))
    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(
            translate("Contact", "{text!r} is not a valid email address: {error}").format(
                text=text, error=error
            )
        ) from None
    return result.normalized.lower()
