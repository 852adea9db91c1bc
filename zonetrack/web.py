"""What every page view needs from parks.access, in one place.

Views ask here for the objects a user may see (others are 404) and whether a write is allowed
(a read-only role gets 403); none of them decides a permission itself.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from parks.access import LEAD, WRITE, access_for
from parks.models import Zone

User = AbstractBaseUser | AnonymousUser


def can_write(user: User, zone: Zone) -> bool:
    return access_for(user).can(zone, WRITE)


def require_write(user: User, zone: Zone | None = None) -> None:
    """403 unless the user may write in ``zone`` (or, without a zone, anywhere at all)."""
    access = access_for(user)
    allowed = access.can(zone, WRITE) if zone is not None else access.reaches(WRITE)
    if not allowed:
        raise PermissionDenied


def writable_zones(user: User) -> QuerySet[Zone]:
    return Zone.objects.filter(access_for(user).zone_q("", WRITE)).select_related("region")


def lead_zones(user: User) -> QuerySet[Zone]:
    return Zone.objects.filter(access_for(user).zone_q("", LEAD)).select_related("region")


def visible_zones(user: User) -> QuerySet[Zone]:
    return Zone.objects.visible_to(user).select_related("region")


def can_lead(user: User, zone: Zone) -> bool:
    """Whether the user leads ``zone`` (sets its targets): a zone lead of it, or an admin."""
    return access_for(user).can(zone, LEAD)


def require_lead(user: User, zone: Zone) -> None:
    if not can_lead(user, zone):
        raise PermissionDenied
