"""The base serializer: every write is validated by the model's own rules.

DRF only parses the input (types, choices, ids). The instance the write would produce is then
built and ``full_clean()``-ed, so ``clean()``, field validators and constraints decide, exactly
as for forms and imports; their ``ValidationError`` comes back as ``{field: [messages]}``.
DRF's own uniqueness validators are switched off, so a duplicate is reported once, by the
model, on the field its constraint names (``FieldUniqueConstraint``).
"""

import copy
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from rest_framework import serializers
from rest_framework.fields import Field, HiddenField, get_error_detail
from rest_framework.settings import api_settings
from rest_framework.utils.model_meta import RelationInfo
from rest_framework.validators import UniqueValidator

from zonetrack.dates import within_years

# A serializer field of any value types (DRF's Field is generic in four of them).
AnyField = Field[Any, Any, Any, Any]


# A figure sent as a string: digits, optionally signed, with a decimal point and decimals.
# Python's Decimal also reads "1_000", "1e3" and full-width digits; the API documents none.
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


class DecimalField(serializers.DecimalField):
    """A decimal sent as a JSON number or as a plain decimal string ("150000.00") only."""

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, str) and not _PLAIN_DECIMAL.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class DateField(serializers.DateField):
    """A date as YYYY-MM-DD (REST_FRAMEWORK's DATE_INPUT_FORMATS) in the years 2000–2100,
    for bodies and query parameters alike (a model's date fields carry the same range)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [*self.validators, within_years]


def model_errors(error: DjangoValidationError) -> dict[str, Any]:
    """A model ``ValidationError`` as DRF's ``{field: [messages]}``."""
    detail = get_error_detail(error)
    if not isinstance(detail, dict):
        return {api_settings.NON_FIELD_ERRORS_KEY: detail}
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


class ModelCleanSerializer(serializers.ModelSerializer[Any]):
    """A ModelSerializer whose writes pass through the model's ``full_clean()``.

    Related ids are looked up among the objects the requesting user may see, so an id from
    another zone is "does not exist" (400) rather than a way to probe or to write there.
    Every field carries a description for the schema: the model's help text, else its name.
    Decimals and dates are read in the documented formats only.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: DecimalField,
        models.DateField: DateField,
    }

    def get_fields(self) -> dict[str, AnyField]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
            queryset = getattr(field, "queryset", None)
            if queryset is not None and not field.read_only:
                field.queryset = queryset.visible_to(user)  # type: ignore[attr-defined]
        return fields

    def build_standard_field(
        self, field_name: str, model_field: "models.Field[Any, Any]"
    ) -> tuple[type[AnyField], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if "min_value" in kwargs or "max_value" in kwargs:
            # DRF turns the model's bounds into its own min/max checks with its own messages;
            # keep the model's validators instead (the schema reads the bounds from them).
            kwargs.pop("min_value", None)
            kwargs.pop("max_value", None)
            bounds = [
                v
                for v in model_field.validators
                if isinstance(v, MinValueValidator | MaxValueValidator)
            ]
            kwargs["validators"] = [*bounds, *kwargs.get("validators", [])]
        return field_class, self._described(kwargs, model_field)

    def build_relational_field(
        self, field_name: str, relation_info: RelationInfo
    ) -> tuple[type[AnyField], dict[str, Any]]:
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        return field_class, self._described(kwargs, relation_info.model_field)

    @staticmethod
    def _described(
        kwargs: dict[str, Any], model_field: "models.Field[Any, Any] | None"
    ) -> dict[str, Any]:
        if not kwargs.get("help_text") and model_field is not None:
            kwargs["help_text"] = capfirst(model_field.verbose_name)
        return kwargs

    def get_uniqueness_extra_kwargs(
        self,
        field_names: Iterable[str],
        declared_fields: Mapping[str, AnyField],
        extra_kwargs: dict[str, Any],
    ) -> tuple[dict[str, Any], dict[str, HiddenField]]:
        return extra_kwargs, {}

    def get_validators(self) -> list[Any]:
        return list(getattr(self.Meta, "validators", ()))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self._build(attrs)
        try:
            instance.full_clean(exclude=self._not_written())
        except DjangoValidationError as error:
            raise serializers.ValidationError(model_errors(error)) from error
        return attrs

    def _build(self, attrs: dict[str, Any]) -> models.Model:
        """The object as this write would leave it, without touching the original."""
        instance = copy.copy(self.instance) if self.instance else self._model()()
        for name, value in attrs.items():
            setattr(instance, name, value)
        return instance

    def _not_written(self) -> list[str]:
        """Model fields this serializer does not write (computed or set by the server)."""
        written = {field.source for field in self._writable_fields}
        return [f.name for f in self._model()._meta.fields if f.name not in written]

    def _model(self) -> type[models.Model]:
        # The stubs type Meta.model by the serializer's type parameter, unbound in this base.
        return cast(type[models.Model], self.Meta.model)
