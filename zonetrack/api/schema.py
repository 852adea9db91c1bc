"""What the schema says of every endpoint, once, so that it matches what the API answers.

- ``ApiSchema`` (every view): the refusals an operation can give, 400 (what was sent or asked
  for is refused), 401 (no or a bad token), 403 (the role or zone may not), 404 (no such object
  among those visible, or no such page) and 429 (throttled), each with its body; a read-only
  field whose model value may be missing is nullable; a decimal's pattern asks for at least one
  digit and allows a minus sign only where negatives are accepted.
- ``VersionedSchema`` (the base viewset): an endpoint whose model carries a version
  (``ZoneScopedViewSet.version_field``) sends an ``ETag`` with each object it returns and
  honours ``If-Match`` on PUT, PATCH and DELETE, with a 412 when the object changed since; a
  write that races another's insert of the same row is a 409.
"""

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MinValueValidator
from django.db.models import Field, Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

WRITES = ("update", "partial_update", "destroy")

# Dates are refused outside the years 2000-2100 everywhere (zonetrack.dates): the pattern says
# so to a client, and keeps generated valid dates within them.
DATE_PATTERN = r"^(?:20\d\d|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"
# Schemas for query parameters declared by hand (OpenApiParameter's type), as their query
# serializers check them: an object's id, and a year.
ID = {"type": "integer", "minimum": 1}
YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}
# The actions that answer with one object, and so with its ETag.
ONE_OBJECT = {"retrieve": 200, "create": 201, "update": 200, "partial_update": 200}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        "The ETag of your last read of this object (or *). If the object changed since, the "
        "write is refused with 412 and nothing is changed. Without it the write is not "
        "checked against your read."
    ),
)

PRECONDITION_FAILED = OpenApiResponse(
    response=inline_serializer(
        "PreconditionFailed",
        {
            "detail": serializers.CharField(
                help_text=_("Why nothing was written: read the object again, then repeat.")
            )
        },
    ),
    description=_("The object changed since you read it (its ETag no longer matches)."),
)


def _detail(name: str, description: Any) -> OpenApiResponse:
    return OpenApiResponse(
        response=inline_serializer(
            name, {"detail": serializers.CharField(help_text=_("What went wrong."))}
        ),
        description=description,
    )


BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=_(
        "Refused input: each refused field (or non_field_errors) with its messages, or a detail."
    ),
)
REFUSALS = {
    "401": _detail("NotAuthenticated", _("No valid token or session.")),
    "403": _detail("PermissionDenied", _("Your role or zone may not do this.")),
    "404": _detail(
        "NotFound", _("No such object (or page) among those you may see, in the path or query.")
    ),
    "429": _detail("Throttled", _("Too many requests: wait the seconds given in Retry-After.")),
}
CONFLICT = _detail(
    "Conflict", _("Someone else wrote the same record at the same time: read it, then retry.")
)
# The create and update actions of the base viewset, whose save can meet a uniqueness race.
SAVES = ("create", "update", "partial_update")


def _model_field_nullable(model: type[Model], source: str) -> bool:
    """Whether a step of the dotted model path ``source`` may be empty (null).

    Only the model's own columns and links count: a reverse relation is a (maybe empty) list.
    """
    for name in source.split("."):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not isinstance(model_field, Field) or not model_field.concrete:
            return False
        if model_field.null:
            return True
        related = model_field.related_model
        if not isinstance(related, type):  # not a link (or a lazy "self" of a model)
            return False
        model = related
    return False


class ApiSchema(AutoSchema):
    """AutoSchema plus the refusals, nullability and decimal patterns every endpoint shares."""

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        refusals: dict[str, OpenApiResponse] = {}
        queried = bool(self._get_query_parameters())
        if self.method in ("POST", "PUT", "PATCH", "DELETE") or queried:
            refusals["400"] = BAD_REQUEST
        protected = not all(
            issubclass(permission, AllowAny)
            for permission in getattr(self.view, "permission_classes", [])
        )
        if protected:
            refusals["401"] = REFUSALS["401"]
            refusals["403"] = REFUSALS["403"]
        # An object in the path, a page of a list, or a zone, region or project named by a
        # query parameter that is not among those the user may see.
        if "{" in self.path or queried:
            refusals["404"] = REFUSALS["404"]
        if getattr(self.view, "throttle_classes", None):
            refusals["429"] = REFUSALS["429"]
        for code, response in refusals.items():
            if code not in responses:
                # drf-spectacular leaves this helper unannotated.
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    response, code, direction=direction
                )
        return responses

    def _get_query_parameters(self) -> list[Any]:
        parameters = [
            *self._get_filter_parameters(),  # type: ignore[no-untyped-call]
            *self._get_pagination_parameters(),  # type: ignore[no-untyped-call]
            *(
                parameter
                for parameter in self.get_override_parameters()
                if getattr(parameter, "location", "") == OpenApiParameter.QUERY
            ),
        ]
        return parameters

    def _get_parameters(self) -> list[dict[str, Any]]:
        """The query parameters as exact as the filters behind them: dates within the years,
        and a number filter's whole-number type and bounds (drf-spectacular gives any number
        filter a bare ``number``)."""
        parameters: list[dict[str, Any]] = super()._get_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = getattr(filterset, "base_filters", {})
        for parameter in parameters:
            if parameter.get("in") != "query" or "schema" not in parameter:
                continue
            schema = parameter["schema"]
            if schema.get("format") == "date":
                schema["pattern"] = DATE_PATTERN
            found = filters.get(parameter["name"])
            if not isinstance(found, django_filters.NumberFilter):
                continue
            if issubclass(found.field_class, forms.IntegerField):
                schema["type"] = "integer"
            for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
                if found.extra.get(bound) is not None:
                    schema[key] = found.extra[bound]
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(  # type: ignore[no-untyped-call]
            field, direction, bypass_extensions
        )
        if isinstance(schema, dict) and direction == "request" and schema.get("format") == "date":
            # Sent dates only: an answer may name a date of last year's figures before 2000.
            schema["pattern"] = DATE_PATTERN
        model = getattr(getattr(field.parent, "Meta", None), "model", None)
        if (
            isinstance(schema, dict)
            and field.read_only
            and model is not None
            and field.source != "*"
            and _model_field_nullable(model, field.source)
        ):
            schema["nullable"] = True
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)  # type: ignore[no-untyped-call]
        if not isinstance(field, serializers.DecimalField) or "pattern" not in schema:
            return
        if not field.max_whole_digits:
            return
        minimum = field.min_value
        for validator in field.validators:
            if isinstance(validator, MinValueValidator) and not callable(validator.limit_value):
                minimum = max(validator.limit_value, minimum or validator.limit_value)
        sign = "" if minimum is not None and Decimal(minimum) >= 0 else "-?"
        schema["pattern"] = (
            rf"^{sign}\d{{1,{field.max_whole_digits}}}(?:\.\d{{1,{field.decimal_places}}})?$"
        )


class VersionedSchema(ApiSchema):
    """ApiSchema plus the ETag response header, the If-Match header and its 412, and the 409."""

    def _versioned(self) -> bool:
        field = getattr(self.view, "version_field", "")
        queryset = getattr(self.view, "queryset", None)
        if not field or queryset is None:
            return False
        try:
            queryset.model._meta.get_field(field)
        except FieldDoesNotExist:
            return False
        return True

    def _action(self) -> str:
        return str(getattr(self.view, "action", ""))

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if not self._versioned():
            return parameters
        action = self._action()
        if action in WRITES:
            parameters.append(IF_MATCH)
        if action in ONE_OBJECT:
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[ONE_OBJECT[action]],
                    description=_("The object's version: send it back as If-Match to write."),
                )
            )
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if self._versioned() and self._action() in WRITES:
            # drf-spectacular leaves this helper unannotated.
            responses["412"] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                PRECONDITION_FAILED, "412", direction=direction
            )
        if self._action() in SAVES:
            responses["409"] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                CONFLICT, "409", direction=direction
            )
        return responses
