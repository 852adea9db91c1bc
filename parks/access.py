"""Who may read and write which zones: every permission in ZoneTrack is decided here.

A user's memberships are read once per request (one query) and turned into ``Q`` objects that
any queryset can apply through the path from its model to ``Zone``; objects outside a user's
zones therefore never leave the database, and a view cannot forget the rule.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from .choices import Role

READ = "read"
WRITE = "write"
LEAD = "lead"
# Regions, zones and parks are the frame every zone works in: no role reaches this level, so
# only administrators change them.
ADMIN = "admin"

# The roles that carry each level of access.
ROLES_FOR = {
    READ: {Role.OFFICIAL, Role.ZONE_LEAD, Role.LEADERSHIP},
    WRITE: {Role.OFFICIAL, Role.ZONE_LEAD},
    LEAD: {Role.ZONE_LEAD},
}


@dataclass(frozen=True)
class Access:
    """The zones a user reaches, per access level, as zone ids and region paths."""

    is_admin: bool = False
    zone_ids: dict = field(default_factory=dict)
    region_paths: dict = field(default_factory=dict)

    def zone_q(self, to_zone: str = "", level: str = READ) -> Q:
        """A filter selecting objects whose zone the user reaches at ``level``.

        ``to_zone`` is the lookup path from the filtered model to its zone, e.g. ``"zone"``
        for a project or ``"project__zone"`` for a milestone; empty for ``Zone`` itself.
        """
        if self.is_admin:
            return Q()
        pk = f"{to_zone}__pk" if to_zone else "pk"
        region_path = f"{to_zone}__region__path" if to_zone else "region__path"
        q = Q(**{f"{pk}__in": sorted(self.zone_ids.get(level, ()))})
        for path in sorted(self.region_paths.get(level, ())):
            q |= Q(**{f"{region_path}__startswith": path})
        return q

    def whole_region_q(self, to_region: str = "") -> Q:
        """A filter selecting the regions the user reads as a whole: at or below a region it
        is a member of. A region's figures cover every zone below it, so a member of one zone
        does not read the region around it. ``to_region`` is the lookup path to the region,
        empty for ``Region`` itself.
        """
        if self.is_admin:
            return Q()
        prefix = f"{to_region}__" if to_region else ""
        q = Q(**{f"{prefix}pk__in": []})
        for path in sorted(self.region_paths.get(READ, ())):
            q |= Q(**{f"{prefix}path__startswith": path})
        return q

    def can(self, zone, level: str = WRITE) -> bool:
        """Whether the user reaches this one zone (with its region loaded) at ``level``."""
        if self.is_admin:
            return True
        if zone.pk in self.zone_ids.get(level, ()):
            return True
        return any(zone.region.path.startswith(p) for p in self.region_paths.get(level, ()))

    def audit_q(self, to_zone: str = "") -> Q:
        """A filter selecting the objects whose history the user audits: those of the zones it
        leads, and every zone of a region it is a member of (leadership reads a region whole).
        An official's zones are not audited by the official."""
        if self.is_admin:
            return Q()
        region_path = f"{to_zone}__region__path" if to_zone else "region__path"
        q = self.zone_q(to_zone, LEAD)
        for path in sorted(self.region_paths.get(READ, ())):
            q |= Q(**{f"{region_path}__startswith": path})
        return q

    def audits(self) -> bool:
        """Whether the user may open the audit page: a zone lead, leadership or an admin."""
        return self.is_admin or self.reaches(LEAD) or bool(self.region_paths.get(READ))

    def reaches(self, level: str = WRITE) -> bool:
        """Whether the user holds ``level`` in at least one zone."""
        return self.is_admin or bool(self.zone_ids.get(level) or self.region_paths.get(level))


NO_ACCESS = Access()


def access_for(user) -> Access:
    """The user's access, computed once per user object (one query) and cached on it."""
    if user is None or not user.is_authenticated:
        return NO_ACCESS
    cached = getattr(user, "_zonetrack_access", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        access = Access(is_admin=True)
    else:
        zone_ids: dict[str, set[int]] = {level: set() for level in ROLES_FOR}
        region_paths: dict[str, set[str]] = {level: set() for level in ROLES_FOR}
        rows = user.memberships.values_list("role", "zone_id", "region__path")
        for role, zone_id, path in rows:
            for level, roles in ROLES_FOR.items():
                if role in roles:
                    if zone_id is not None:
                        zone_ids[level].add(zone_id)
                    else:
                        region_paths[level].add(path)
        access = Access(zone_ids=zone_ids, region_paths=region_paths)
    user._zonetrack_access = access
    return access
