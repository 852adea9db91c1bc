"""Who may read and write what over the API, decided from ``parks.access`` in one module.

Reads: every endpoint's queryset passes through its model's ``visible_to(user)``, so an
object outside the user's zones never leaves the database and is a 404. The same method
limits the objects a write may point at (a project's zone, a milestone's project), so an
invisible id is refused as "does not exist".

Writes: :class:`ZonePermission` refuses a user whose role never reaches the endpoint's write
level (a read-only role: 403) and checks the level on the object's zone; the base viewset
checks it again on the zone a write lands in (a new object, or one moved to another zone).

Regions have no zone of their own: which ones a user sees is ``Region.objects.visible_to``.
"""

from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from parks.access import ADMIN, LEAD, WRITE, access_for

if TYPE_CHECKING:
    from .views import ZoneScopedViewSet


class ZonePermission(BasePermission):
    """Reads need a login; writes need the view's ``write_level`` in the object's zone.

    The view names the level (``WRITE``, ``LEAD`` or ``ADMIN``) and how to reach an object's
    zone (``zone_of``). An anonymous request is refused with 401 by DRF, since the first
    authentication class (token) offers a challenge.
    """

    messages = {
        WRITE: _("Your role in this zone does not allow changing its project data."),
        LEAD: _("Only a zone lead of this zone may change its targets."),
        ADMIN: _("Only an administrator may change regions, zones and parks."),
    }

    def has_permission(self, request: Request, view: APIView) -> bool:
        view = cast("ZoneScopedViewSet", view)  # the one view class that uses this permission
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = self.messages[view.write_level]
        return access_for(user).reaches(view.write_level)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        view = cast("ZoneScopedViewSet", view)
        if request.method in SAFE_METHODS:
            return True
        self.message = self.messages[view.write_level]
        return access_for(request.user).can(view.zone_of(obj), view.write_level)
