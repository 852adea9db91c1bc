from django.utils.translation import gettext_lazy as _

from zonetrack.api.serializers import ModelCleanSerializer

from ..models import Park, Region, Zone


class RegionSerializer(ModelCleanSerializer):
    """A region (省/市/县区); ``parent`` makes the tree."""

    class Meta:
        model = Region
        fields = ["id", "name", "code", "parent", "path"]
        extra_kwargs = {
            "path": {"help_text": _("Codes from the root down, e.g. /JS/JS-ZJ/ (computed).")},
        }


class ZoneSerializer(ModelCleanSerializer):
    """A development zone under one region."""

    class Meta:
        model = Zone
        fields = ["id", "name", "code", "region", "kind", "area_km2"]


class ParkSerializer(ModelCleanSerializer):
    """A sub-park of a zone (一区多园) with its lead industry."""

    class Meta:
        model = Park
        fields = ["id", "name", "zone", "lead_industry", "area_km2"]
