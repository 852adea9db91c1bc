"""What every page view needs from parks.access, in one place.

Views ask here for the objects a user may see (others are 404) and whether a write is allowed
(a read-only role gets 403); none of them decides a permission itself.
"""

from django.core.exceptions import PermissionDenied

from parks.access import LEAD, WRITE, access_for
from parks.models import Zone


def can_write(user, zone) -> bool:
    return access_for(user).can(zone, WRITE)


def require_write(user, zone=None):
    """403 unless the user may write in ``zone`` (or, without a zone, anywhere at all)."""
    access = access_for(user)
    allowed = access.can(zone, WRITE) if zone is not None else access.reaches(WRITE)
    if not allowed:
        raise PermissionDenied


def writable_zones(user):
    return Zone.objects.filter(access_for(user).zone_q("", WRITE)).select_related("region")


def lead_zones(user):
    return Zone.objects.filter(access_for(user).zone_q("", LEAD)).select_related("region")


def visible_zones(user):
    return Zone.objects.visible_to(user).select_related("region")


def can_lead(user, zone) -> bool:
    """Whether the user leads ``zone`` (sets its targets): a zone lead of it, or an admin."""
    return access_for(user).can(zone, LEAD)


def require_lead(user, zone):
    if not can_lead(user, zone):
        raise PermissionDenied
