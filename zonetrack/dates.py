"""The one range of dates the project accepts: the years 2000 to 2100.

A date outside it is a typing mistake (20260 for 2026, 0001-01-01 from an empty picker),
never a real milestone, deadline or report date, and a date near year 1 or 9999 breaks the
date arithmetic of the figures (a year back from 0001-01-01 does not exist). Model date fields
carry ``within_years``; the forms, the API's fields and query parameters, and the Excel
import check the same range through it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)


def within_years(value: date | None) -> None:
    """Refuse a date outside 2000–2100 (None, an empty optional date, passes)."""
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(_("The date must lie between 2000 and 2100."), code="out_of_range")
