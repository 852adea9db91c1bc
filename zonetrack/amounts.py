"""The one reading of a figure typed or pasted by a person: "3.2亿元", "１２,３００元", "35%".

Every field that takes such a figure declares its unit (万元, 万美元, 亩, %). A figure with no
unit is in the field's unit; a figure with a unit is converted to it, or refused when the unit
does not belong to the field (万美元 in a 万元 field, 亩 in a percent field), so that a typed
"3.2亿元" can never be stored as 3.2 万元. The result keeps the field's decimal places; a
conversion that would lose a digit (12345元 = 1.2345 万元) is refused rather than rounded.

Units accepted per field (the factor converts to the field's unit):
- 万元:   亿元 / 亿 ×10000, 万元 / 万 ×1, 元 ÷10000
- 万美元: 亿美元 ×10000, 万美元 ×1, 美元 ÷10000 (a bare 万/亿 is refused: CNY or USD?)
- 亩:     亩 ×1
- %:      % / ％ ×1

The REST API does not use this: it takes plain decimal strings only.
This module imports no app.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WAN_YUAN = "万元"
WAN_USD = "万美元"
MU = "亩"
PERCENT = "%"

# The longest text a person types for one figure; anything longer is refused unread.
MAX_LENGTH = 40

# 1亿 in 万元 (and 1亿美元 in 万美元): the one constant every page, figure and parser uses.
ONE_YI = Decimal(10000)
_ONE = Decimal(1)

# Suffix → factor to the unit, per unit. After NFKC "％" is "%".
_SUFFIXES: dict[str | None, dict[str, Decimal]] = {
    WAN_YUAN: {
        "亿元": ONE_YI,
        "亿": ONE_YI,
        "万元": _ONE,
        "万": _ONE,
        "元": 1 / ONE_YI,
    },
    WAN_USD: {"亿美元": ONE_YI, "万美元": _ONE, "美元": 1 / ONE_YI},
    MU: {"亩": _ONE},
    PERCENT: {"%": _ONE},
}
# Every suffix anyone may type, longest first so that "万美元" is not read as "元".
_ALL_SUFFIXES = sorted(
    {suffix for table in _SUFFIXES.values() for suffix in table}, key=len, reverse=True
)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# After NFKC, "，" is "," and every kind of space (no-break, ideographic) is " ".
_SEPARATORS = str.maketrans("", "", ", ")

UNIT_NAMES = {
    WAN_YUAN: _("10k CNY (万元)"),
    WAN_USD: _("10k USD (万美元)"),
    MU: _("mu (亩)"),
    PERCENT: _("percent (%)"),
    None: _("a plain number"),
}


def parse_amount(value: object, unit: str | None = None, places: int | None = 2) -> Decimal | None:
    """A Decimal in ``unit`` with ``places`` decimals (None: as typed), or None if empty.

    ``unit`` None takes bare numbers only (years, months, counts). Raises ValidationError
    with a message naming the unit expected.
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text == "":
        return None
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("The figure is too long."), code="too_long")
    text = text.translate(_SEPARATORS)
    factor = _ONE
    for suffix in _ALL_SUFFIXES:
        if text.endswith(suffix):
            found = _SUFFIXES.get(unit, {}).get(suffix)
            if found is None:
                raise ValidationError(
                    _("“{value}” is in {typed}, but this field is in {unit}.").format(
                        value=value, typed=suffix, unit=UNIT_NAMES[unit]
                    ),
                    code="wrong_unit",
                )
            factor = found
            text = text[: -len(suffix)]
            break
    if not _NUMBER.fullmatch(text):
        raise ValidationError(
            _("“{value}” is not a number in {unit}.").format(value=value, unit=UNIT_NAMES[unit]),
            code="invalid",
        )
    try:
        number = Decimal(text) * factor
    except InvalidOperation:
        raise ValidationError(
            _("“{value}” is not a number in {unit}.").format(value=value, unit=UNIT_NAMES[unit]),
            code="invalid",
        ) from None
    return _quantized(number, places, value, unit)


def _quantized(number: Decimal, places: int | None, typed: object, unit: str | None) -> Decimal:
    if places is None:
        return number
    step = Decimal(1).scaleb(-places)
    try:
        rounded = number.quantize(step)
    except InvalidOperation:
        raise ValidationError(_("The figure is too large."), code="too_large") from None
    if rounded != number:
        raise ValidationError(
            _(
                "“{value}” is {exact} in {unit}, more than {places} decimal places: "
                "enter it rounded to {places} places."
            ).format(
                value=typed,
                exact=format(number.normalize(), "f"),
                unit=UNIT_NAMES[unit],
                places=places,
            ),
            code="precision",
        )
    return rounded


def format_amount(number: Decimal | None, unit: str | None = None, places: int = 2) -> str:
    """A parsed figure as a person reads it back: "32,000.00 万元"."""
    if number is None:
        return ""
    text = f"{number:,.{places}f}"
    if unit == PERCENT:
        return f"{text}%"
    return f"{text} {unit}" if unit else text
