"""The Burgerservicenummer and its 11-proef."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def is_valid_bsn(value: str) -> bool:
    """True if value is nine digits that pass the 11-proef (weights 9..2 and -1)."""
    # isascii: str.isdigit() also accepts superscripts and Arabic-Indic digits.
    if not isinstance(value, str) or len(value) != 9 or not (value.isascii() and value.isdigit()):
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and value != "000000000"


def normalise_bsn(value: str) -> str:
    """Strip spaces, dots and dashes; pad a 8-digit BSN with its leading zero."""
    cleaned = "".join(c for c in value.strip() if c not in " .-")
    if len(cleaned) == 8 and cleaned.isascii() and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned


def validate_bsn(value: str) -> None:
    if value and not is_valid_bsn(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef."),
            code="invalid_bsn",
        )
