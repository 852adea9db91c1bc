"""The schema of the base viewset's optimistic concurrency, documented once for every endpoint.

An endpoint whose model carries a version (``ZoneScopedViewSet.version_field``) sends an
``ETag`` with each object it returns and honours ``If-Match`` on PUT, PATCH and DELETE, with a
412 when the object changed since; the schema says so on exactly those operations.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

WRITES = ("update", "partial_update", "destroy")
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


class VersionedSchema(AutoSchema):
    """AutoSchema plus the ETag response header, the If-Match header and its 412."""

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
        return responses
