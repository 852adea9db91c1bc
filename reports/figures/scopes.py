"""What a figure covers: one zone, a region with every region below it, all a user reads, a
portfolio of projects (a leader's), or the projects of some leaders that a user reads."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.shortcuts import get_object_or_404

from parks.access import READ, Access, access_for
from parks.models import Region, Zone

from ..choices import ScopeType

# Scope types of leaders' portfolios (a leader's projects; the projects of some leaders a
# user reads): no snapshot or /api/stats/ scope has them.
PORTFOLIO = "portfolio"
LEADERS = "leaders"
# Some zones, as one scope: the rollups compute the zones they recompute in one pass.
ZONES = "zones"


@dataclass(frozen=True)
class Scope:
    """A zone, a region (with its sub-regions), every zone ``access`` reads, or a portfolio.

    ``q(to_zone)`` filters any model by the lookup path from it to its zone ("zone",
    "project__zone"; empty for Zone), the way ``Access.zone_q`` does. A portfolio holds
    projects, not zones: its ``q`` selects the projects by id, through the path to the
    project ("project__zone" → the project; "zone" of a Project → the project itself), so
    only figures computed from projects apply to it (not targets, which belong to zones).
    """

    type: str
    id: int | None = None
    name: str = ""
    path: str = ""
    access: Access | None = None
    project_ids: tuple[int, ...] = ()
    leader_ids: tuple[int, ...] = ()
    zone_ids: tuple[int, ...] = ()

    @classmethod
    def for_zone(cls, zone: Zone) -> Self:
        return cls(ScopeType.ZONE, zone.pk, zone.name)

    @classmethod
    def for_region(cls, region: Region) -> Self:
        return cls(ScopeType.REGION, region.pk, region.name, path=region.path)

    @classmethod
    def everything(cls, access: Access | None = None) -> Self:
        """All zones; with ``access``, only those it reads."""
        return cls(ScopeType.ALL, access=access)

    @classmethod
    def for_zones(cls, ids: Iterable[int]) -> Self:
        return cls(ZONES, zone_ids=tuple(sorted(ids)))

    @classmethod
    def for_projects(cls, ids: Iterable[int], name: str = "") -> Self:
        return cls(PORTFOLIO, name=name, project_ids=tuple(sorted(ids)))

    @classmethod
    def for_leaders(cls, access: Access, ids: Iterable[int]) -> Self:
        """The projects of the leaders ``ids`` that ``access`` reads. A project of two of
        them is selected once per leader: figures of this scope are grouped by leader
        (``figures_per_leader``), never added up over it."""
        return cls(LEADERS, access=access, leader_ids=tuple(sorted(ids)))

    def q(self, to_zone: str = "") -> Q:
        if self.type in (PORTFOLIO, LEADERS):
            if to_zone != "zone" and not to_zone.endswith("__zone"):
                raise ValueError(f"a portfolio of projects cannot filter by {to_zone!r}")
            to_project = to_zone.removesuffix("zone")
            if self.type == PORTFOLIO:
                return Q(**{f"{to_project}pk__in": self.project_ids})
            assert self.access is not None
            leaders = Q(**{f"{to_project}project_leaders__leader__in": self.leader_ids})
            return self.access.zone_q(to_zone, READ) & leaders
        prefix = f"{to_zone}__" if to_zone else ""
        if self.type == ScopeType.ZONE:
            return Q(**{f"{prefix}pk": self.id})
        if self.type == ZONES:
            return Q(**{f"{prefix}pk__in": self.zone_ids})
        if self.type == ScopeType.REGION:
            return Q(**{f"{prefix}region__path__startswith": self.path})
        return self.access.zone_q(to_zone, READ) if self.access is not None else Q()

    def as_dict(self) -> dict[str, Any]:
        name = self.name or str(ScopeType(self.type).label)
        return {"type": str(self.type), "id": self.id, "name": name}


def scope_for(
    user: AbstractBaseUser | AnonymousUser,
    zone_id: int | None = None,
    region_id: int | None = None,
) -> Scope:
    """The scope a user asks for: a zone or region it reads (else 404), or all it reads."""
    if zone_id is not None:
        return Scope.for_zone(get_object_or_404(Zone.objects.visible_to(user), pk=zone_id))
    if region_id is not None:
        regions = Region.objects.read_whole_by(user)
        return Scope.for_region(get_object_or_404(regions, pk=region_id))
    return Scope.everything(access_for(user))


def zones_of(scope: Scope) -> list[dict[str, Any]]:
    """The scope's zones in code order, with their region (one query)."""
    return list(
        Zone.objects.filter(scope.q())
        .order_by("code")
        .values("pk", "code", "name", "region_id", "region__name", "region__path")
    )
