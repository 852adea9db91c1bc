"""The base viewset: zone scoping, write checks, transactions and error mapping, once.

An endpoint is declarative (NetBox style): ``queryset``, ``serializer_class``,
``filterset_class``, ``ordering_fields``, and two facts about its model, ``zone_path`` (the
lookup from the model to its zone) and ``write_level`` (who may change it).
"""

from collections.abc import Sequence
from datetime import UTC
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from parks.access import WRITE, access_for
from parks.models import Zone

from .permissions import ZonePermission
from .schema import VersionedSchema
from .serializers import model_errors


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "Someone changed this object after you read it. Read it again, then repeat your change."
    )
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "Someone else wrote the same record at the same time. Read it, then try again."
    )
    default_code = "conflict"


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` with the primary key as tie-breaker, so pages never overlap."""

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> Sequence[str] | None:
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering


class ZoneScopedViewSet(viewsets.ModelViewSet[Any]):
    """CRUD on objects that belong to a zone, limited to what the user may see and write.

    - Lists and details show only visible objects; anything else is 404.
    - A write needs ``write_level`` on the object's zone and on the zone it lands in (403);
      related ids the user cannot see are "does not exist" (400, from the serializer).
    - Every write runs in one transaction; model errors, also from ``delete()``, are 400.
    - Models with a version (``version_field``, their ``updated_at``) get an ETag; a PUT,
      PATCH or DELETE whose ``If-Match`` no longer matches is refused with 412, so two people
      editing one object lose nothing. A write without If-Match is not checked (the object
      is still locked while it is written). The schema documents both (``VersionedSchema``).
    - A uniqueness race (two creates of the same row at once) is a 400 naming the field, as
      the model's own check would have said, never a 500.
    """

    zone_path = "zone"
    write_level = WRITE
    # The auto_now field whose value changes with every save: the object's version.
    version_field = "updated_at"
    permission_classes = [ZonePermission]
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    schema = VersionedSchema()

    def get_queryset(self) -> QuerySet[Any]:
        # Every model served here has a queryset with visible_to(); the stubs cannot know it.
        queryset: QuerySet[Any] = super().get_queryset().visible_to(self.request.user)  # type: ignore[attr-defined]
        if self.action not in ("list", "create") and self.zone_path:
            # The write checks read the zone and its region; fetch them with the object.
            queryset = queryset.select_related(f"{self.zone_path}__region")
        if self._locking:
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    _locking = False

    def locked_object(self) -> Any:
        """The object, its row locked until the write's transaction ends.

        The If-Match check and the save then see the same row: a concurrent write waits.
        """
        self._locking = True
        try:
            return self.get_object()
        finally:
            self._locking = False

    # -- the zones a write touches ---------------------------------------------------------

    def zone_of(self, obj: Model) -> Zone | None:
        """The zone ``obj`` belongs to (None for models above zones)."""
        if not self.zone_path:
            return None
        for name in self.zone_path.split("__"):
            obj = getattr(obj, name)
        return cast(Zone | None, obj)

    def zone_written_to(self, serializer: BaseSerializer[Any]) -> Zone | None:
        """The zone the object will belong to once ``serializer`` is saved."""
        if not self.zone_path:
            return None
        first, *rest = self.zone_path.split("__")
        data = serializer.validated_data
        obj = data[first] if first in data else getattr(serializer.instance, first)
        for name in rest:
            obj = getattr(obj, name)
        return cast(Zone | None, obj)

    def check_zone_written_to(self, serializer: BaseSerializer[Any]) -> None:
        zone = self.zone_written_to(serializer)
        if zone is not None and not access_for(self.request.user).can(zone, self.write_level):
            raise exceptions.PermissionDenied(
                _("You may not place this object in the zone {zone}.").format(zone=zone.name)
            )

    def get_save_kwargs(self) -> dict[str, Any]:
        """Values the server sets on every write (e.g. who recorded it)."""
        return {}

    # -- optimistic concurrency --------------------------------------------------------------

    def etag(self, obj: object) -> str | None:
        version = getattr(obj, self.version_field, None)
        if version is None:
            return None
        return '"{}"'.format(version.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ"))

    def with_etag(self, response: Response, obj: object) -> Response:
        tag = self.etag(obj)
        if tag:
            response["ETag"] = tag
        return response

    def check_precondition(self, obj: object) -> None:
        header = self.request.headers.get("If-Match")
        tag = self.etag(obj)
        if header is None or tag is None:
            return
        tags = parse_etags(header)
        if "*" not in tags and tag not in tags:
            raise PreconditionFailed()

    def get_object(self) -> Any:
        obj = super().get_object()
        if self.request.method in ("PUT", "PATCH", "DELETE"):
            self.check_precondition(obj)
        return obj

    # -- the actions -------------------------------------------------------------------------

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        return self.with_etag(Response(self.get_serializer(instance).data), instance)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            self.perform_create(serializer)
        response = Response(serializer.data, status=status.HTTP_201_CREATED)
        return self.with_etag(response, serializer.instance)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.locked_object()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return self.with_etag(Response(serializer.data), serializer.instance)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            self.perform_destroy(self.locked_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_zone_written_to(serializer)
        self.save(serializer)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        self.check_zone_written_to(serializer)
        self.save(serializer)

    def save(self, serializer: BaseSerializer[Any]) -> None:
        """Save, turning what the model refuses at save time into a 400.

        The serializer validated the object, but a concurrent write may have changed what it
        was checked against: a model that re-checks under a lock (milestones) raises then, and
        a row someone else inserted meanwhile breaks a unique constraint. The savepoint keeps
        the request's transaction usable, so the constraint's own message can be read back.
        """
        try:
            with transaction.atomic():
                serializer.save(**self.get_save_kwargs())
        except DjangoValidationError as error:
            raise exceptions.ValidationError(model_errors(error)) from error
        except IntegrityError as error:
            raise self.integrity_error(serializer) from error

    @staticmethod
    def integrity_error(serializer: BaseSerializer[Any]) -> exceptions.APIException:
        """The constraint a failed save broke, in its own words (400), else a 409."""
        instance = serializer.instance
        if instance is None:
            # A create: the instance DRF was saving is not kept when the save fails.
            model = cast(type[Model], serializer.Meta.model)  # type: ignore[attr-defined]
            columns = {field.name for field in model._meta.concrete_fields}
            data = serializer.validated_data
            instance = model(**{name: value for name, value in data.items() if name in columns})
        try:
            instance.validate_constraints()
        except DjangoValidationError as error:
            return exceptions.ValidationError(model_errors(error))
        return Conflict()

    def perform_destroy(self, instance: Model) -> None:
        try:
            instance.delete()
        except DjangoValidationError as error:
            raise exceptions.ValidationError(model_errors(error)) from error
        except (ProtectedError, RestrictedError) as error:
            raise exceptions.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _("Other records still refer to this one; delete or move them first.")
                    ]
                }
            ) from error


def query_params(serializer_class: type[BaseSerializer[Any]], request: Request) -> dict[str, Any]:
    """The request's query parameters checked by ``serializer_class`` (400 when refused)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    validated: dict[str, Any] = serializer.validated_data
    return validated
