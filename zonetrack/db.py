"""Model building blocks shared by every app: money and area fields, dated rules, statistics."""

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ZERO = Decimal("0")

non_negative = MinValueValidator(ZERO, message=_("Must be zero or more."))


def money_field(verbose_name: "StrOrPromise", **kwargs: Any) -> "models.DecimalField[Any, Any]":
    """A sum in 万元 (or 万美元) with two decimals, never negative."""
    kwargs.setdefault("max_digits", 16)
    return models.DecimalField(verbose_name, decimal_places=2, validators=[non_negative], **kwargs)


def area_field(verbose_name: "StrOrPromise", **kwargs: Any) -> "models.DecimalField[Any, Any]":
    """An area (km² or 亩) with two decimals, never negative."""
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[non_negative], **kwargs
    )


def percent_field(verbose_name: "StrOrPromise", **kwargs: Any) -> "models.DecimalField[Any, Any]":
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[
            non_negative,
            MaxValueValidator(Decimal("100"), message=_("Must be 100 or less.")),
        ],
        **kwargs,
    )


def year_field(**kwargs: Any) -> "models.PositiveSmallIntegerField[Any, Any]":
    return models.PositiveSmallIntegerField(
        _("year"),
        validators=[
            MinValueValidator(2000, message=_("Year must be 2000 or later.")),
            MaxValueValidator(2100, message=_("Year must be 2100 or earlier.")),
        ],
        **kwargs,
    )


# An import of at least this many rows refreshes the statistics of the tables it filled.
ANALYZE_AFTER_ROWS = 500


def analyze(filled: Iterable[type[models.Model]]) -> None:
    """On PostgreSQL, refresh the planner's statistics of the models' tables (and of their
    history tables) after many rows arrived at once, rather than at autovacuum's leisure: a
    dashboard query over fresh rows without statistics was 9× slower. ANALYZE only samples,
    so it is cheap; other databases need nothing."""
    if connection.vendor != "postgresql":
        return
    tables = set()
    for model in filled:
        tables.add(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.add(history.model._meta.db_table)
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def today() -> date:
    """Today's calendar date in the project's time zone (Asia/Shanghai)."""
    return timezone.localdate()


def not_in_future(value: date | None) -> None:
    if value is not None and value > today():
        raise ValidationError(_("The date cannot be in the future."), code="future")


class FieldUniqueConstraint(models.UniqueConstraint):
    """A unique constraint whose violation is reported on one field, not as a form-wide error.

    Django reports a multi-field unique violation under ``__all__``; an official (and an API
    client) needs it next to the field they would change, e.g. the month of a duplicate report.
    """

    def __init__(self, *args: Any, error_field: str, **kwargs: Any) -> None:
        self.error_field = error_field
        super().__init__(*args, **kwargs)

    def validate(
        self,
        model: type[models.Model],
        instance: models.Model,
        exclude: Collection[str] | None = None,
        using: str | None = None,
    ) -> None:
        try:
            kwargs: dict[str, Any] = {"exclude": exclude}
            if using is not None:
                kwargs["using"] = using
            # django-stubs 5.2.9 leaves out BaseConstraint.validate (Django has had it since 4.1).
            super().validate(model, instance, **kwargs)  # type: ignore[misc]
        except ValidationError as error:
            message = self.violation_error_message or self.default_violation_error_message
            raise ValidationError(
                {self.error_field: ValidationError(message, code="unique")}
            ) from error

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        path, args, kwargs = super().deconstruct()
        kwargs["error_field"] = self.error_field
        return path, args, kwargs

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.error_field == getattr(other, "error_field", None)
