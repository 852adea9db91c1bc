from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zonetrack.api.serializers import DateField, ModelCleanSerializer, model_errors

from ..choices import AlertKind, BlockerAction
from ..evidence_files import allowed_types_message
from ..models import (
    ALERT_FIELDS,
    UPDATE_FIELDS,
    Alert,
    Blocker,
    BlockerStep,
    Evidence,
    Notice,
    ProgressUpdate,
    TaskForceMember,
)


class AlertQuerySerializer(serializers.Serializer):
    zone = serializers.IntegerField(required=False, min_value=1)
    kind = serializers.ChoiceField(choices=AlertKind.choices, required=False)
    status = serializers.ChoiceField(
        choices=[("open", _("Open")), ("resolved", _("Resolved")), ("all", _("All"))],
        default="open",
    )


class AlertSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True, help_text=_("What lags, in words."))

    class Meta:
        model = Alert
        fields = ["id", *ALERT_FIELDS, "message"]


class BlockerSerializer(ModelCleanSerializer):
    """A blocker (堵点). ``status``, ``resolution`` and ``closed_on`` change only through
    ``POST /api/blockers/{id}/transition/``, which also keeps the timeline."""

    raised_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text=_("Login of the user who raised it.")
    )

    class Meta:
        model = Blocker
        fields = [
            "id",
            "project",
            "title",
            "category",
            "level",
            "responsible_unit",
            "responsible_leader",
            "raised_on",
            "raised_by",
            "deadline",
            "description",
            "status",
            "resolution",
            "closed_on",
            "created_at",
            "updated_at",
        ]


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=BlockerAction.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    resolution = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("How it was solved; needed to resolve."),
    )
    responsible_unit = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=_("To assign: the unit it is handed to (required)."),
    )
    responsible_leader = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text=_("To assign: the leader who answers for it."),
    )
    deadline = DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("To assign: a new deadline; the current one is kept when omitted."),
    )


class BlockerStepSerializer(serializers.ModelSerializer):
    by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = BlockerStep
        fields = [
            "id",
            "action",
            "from_status",
            "to_status",
            "from_level",
            "to_level",
            "comment",
            "unit",
            "leader",
            "deadline",
            "by",
            "at",
        ]


class NoticeSerializer(ModelCleanSerializer):
    """A supervision notice (督办单). ``number`` is given at creation (per zone and year);
    recording a ``reply`` sets ``replied_on`` and the status."""

    number = serializers.CharField(read_only=True, help_text=_("E.g. 〔2026〕12号."))

    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "zone",
            "blocker",
            "project",
            "unit",
            "issued_on",
            "deadline",
            "required_reply",
            "reply",
            "replied_on",
            "status",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"zone": {"required": False}, "project": {"required": False}}

    def _build(self, attrs):
        self._built = super()._build(attrs)
        return self._built

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # clean() takes the project from the blocker and the zone from the project; the
        # write (and the zone check of the view) uses what it took.
        attrs["project"] = self._built.project
        attrs["zone"] = self._built.zone
        return attrs


class TaskForceMemberSerializer(ModelCleanSerializer):
    """A member of a project's task force (专班). ``phone`` reads as an empty string for
    anyone outside the project's zone and the regions above it."""

    class Meta:
        model = TaskForceMember
        fields = [
            "id",
            "project",
            "name",
            "unit",
            "position",
            "role",
            "duty",
            "phone",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["phone"] = instance.phone_for(getattr(request, "user", None))
        return data


class ProgressUpdateSerializer(ModelCleanSerializer):
    """A progress update (调度记录) of a project for one period of its cadence."""

    reported_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text=_("Login of the user who reported it.")
    )
    late = serializers.BooleanField(
        source="is_late", read_only=True, help_text=_("Reported after its period ended.")
    )
    blockers: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Blocker.objects.all(),
        help_text=_("Ids of the project's blockers this update raises or reports on."),
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "project",
            "period_start",
            *UPDATE_FIELDS,
            "blockers",
            "reported_by",
            "reported_at",
            "late",
            "updated_at",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        relation = fields["blockers"].child_relation  # type: ignore[attr-defined]
        relation.queryset = Blocker.objects.visible_to(getattr(request, "user", None))
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        blockers = attrs.pop("blockers", None)
        attrs = super().validate(attrs)
        if blockers is not None:
            update = cast(ProgressUpdate, self._build(attrs))
            try:
                update.check_blockers(blockers)
            except DjangoValidationError as error:
                raise serializers.ValidationError(model_errors(error)) from error
            attrs["blockers"] = blockers
        return attrs


class EvidenceSerializer(ModelCleanSerializer):
    """An evidence file (印证资料). ``url`` (= ``download_url``) and ``thumbnail_url`` lead to
    the zone-checked downloads, never to the storage itself."""

    uploaded_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text=_("Login of the user who uploaded it.")
    )
    url = serializers.SerializerMethodField(help_text=_("Where to download the file."))
    download_url = serializers.SerializerMethodField(help_text=_("Where to download the file."))
    thumbnail_url = serializers.SerializerMethodField(
        help_text=_("Where to download an image's thumbnail (JPEG); null for documents.")
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "project",
            "progress_update",
            "milestone",
            "blocker",
            "file_name",
            "content_type",
            "kind",
            "size",
            "sha256",
            "caption",
            "uploaded_by",
            "uploaded_at",
            "url",
            "download_url",
            "thumbnail_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "project": {"help_text": _("The project of what the file is on.")},
            "progress_update": {"help_text": _("The progress update the file is on.")},
            "milestone": {"help_text": _("The milestone the file is on.")},
            "blocker": {"help_text": _("The blocker the file is on.")},
            "file_name": {"help_text": _("The name the file was uploaded with.")},
            "content_type": {"help_text": _("The file's type, found from its content.")},
            "kind": {"help_text": _("Image or document.")},
            "size": {"help_text": _("Size in bytes.")},
            "sha256": {"help_text": _("SHA-256 of the content, in hex.")},
            "caption": {"help_text": _("What the file shows.")},
            "uploaded_at": {"help_text": _("When it was uploaded.")},
        }

    def _absolute(self, path: str | None) -> str | None:
        request = self.context.get("request")
        if path is None or request is None:
            return path
        return request.build_absolute_uri(path)

    def get_url(self, obj) -> str:
        return self._absolute(obj.download_url) or ""

    def get_download_url(self, obj) -> str:
        return self._absolute(obj.download_url) or ""

    def get_thumbnail_url(self, obj) -> str | None:
        return self._absolute(obj.thumbnail_url)


class EvidenceUploadSerializer(serializers.Serializer):
    """A file to attach: ``file`` and exactly one of ``progress_update``, ``milestone``,
    ``blocker`` (ids), with an optional caption."""

    file = serializers.FileField(help_text=lazy(allowed_types_message, str)())
    progress_update = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Attach to this progress update.")
    )
    milestone = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Attach to this milestone.")
    )
    blocker = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Attach to this blocker.")
    )
    caption = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default="", help_text=_("What it shows.")
    )

    def validate(self, attrs):
        given = [name for name in ("progress_update", "milestone", "blocker") if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(
                _("Attach the file to exactly one progress update, milestone or blocker.")
            )
        return attrs
