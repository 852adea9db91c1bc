from parks.access import ADMIN
from zonetrack.api.views import ZoneScopedViewSet

from ..filtersets import ParkFilterSet, RegionFilterSet, ZoneFilterSet
from ..models import Park, Region, Zone
from .serializers import ParkSerializer, RegionSerializer, ZoneSerializer


class RegionViewSet(ZoneScopedViewSet):
    """Regions (省/市/县区), a tree. Visible when one of your zones is at or below it, or you
    are a member of it or of a region above it. Only administrators write."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["name", "code", "path"]
    zone_path = ""
    write_level = ADMIN


class ZoneViewSet(ZoneScopedViewSet):
    """Development zones you are a member of (directly or through a region). Only
    administrators write."""

    queryset = Zone.objects.all()
    serializer_class = ZoneSerializer
    filterset_class = ZoneFilterSet
    ordering_fields = ["name", "code", "kind", "area_km2"]
    zone_path = ""
    write_level = ADMIN


class ParkViewSet(ZoneScopedViewSet):
    """Sub-parks (一区多园) of your zones. Only administrators write."""

    queryset = Park.objects.all()
    serializer_class = ParkSerializer
    filterset_class = ParkFilterSet
    ordering_fields = ["name", "area_km2"]
    write_level = ADMIN
