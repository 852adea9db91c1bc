from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import AlertKind
from ..models import ALERT_FIELDS, Alert


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
