"""The progress updates (调度) of a dashboard per zone: due this period, missing, and late for
the previous period, each number linking to the key projects behind it in the project list,
and the zone's name to its round page.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.choices import Status
from supervision.choices import UpdateState

from ..figures.period import Period
from ..figures.scopes import Scope
from ..figures.supervision import UpdateCounts
from .links import ProjectLinks
from .supervision import SECTION


@dataclass(frozen=True)
class UpdateRow:
    """One zone's update counts as shown: (figure name, value, url) for due, missing and
    late, and the link to the zone's round page (a region's total row has none)."""

    zone: int | None
    name: str
    round_url: str | None
    cells: tuple


COLUMNS = (
    ("updates_due", _("Due this period"), None),
    ("updates_missing", _("Missing"), UpdateState.MISSING),
    ("updates_late", _("Late last period"), UpdateState.LATE),
)


def _cells(links: ProjectLinks, counts: UpdateCounts, period: Period) -> tuple:
    values = {
        "updates_due": counts.due,
        "updates_missing": counts.missing,
        "updates_late": counts.late,
    }
    cells = []
    for name, _label, state in COLUMNS:
        params: dict[str, str] = {"status": Status.ACTIVE}
        if state is not None:
            params |= {"update": state, "update_on": period.as_of.isoformat()}
        cells.append((f"{SECTION}.{name}", values[name], links.plan(**params)))
    return tuple(cells)


def _row(zone: dict, counts: UpdateCounts, period: Period, base: str, rounds: str) -> UpdateRow:
    cells = _cells(ProjectLinks(period, base, zone=zone["pk"]), counts, period)
    return UpdateRow(zone["pk"], zone["name"], f"{rounds}?zone={zone['pk']}", cells)


def total_row(scope: Scope, period: Period, counts: UpdateCounts) -> UpdateRow:
    """The scope's own counts (a region's, all of the user's zones'), its zones added up."""
    cells = _cells(ProjectLinks.for_scope(scope, period), counts, period)
    return UpdateRow(None, str(_("Total")), None, cells)


def update_rows(
    period: Period, zones: list[dict], counts: Mapping[int, UpdateCounts]
) -> list[UpdateRow]:
    """A row per zone of ``zones`` (dicts with ``pk`` and ``name``) with its ``counts``
    (zone id -> the zone's supervision figures' update counts)."""
    base, rounds = reverse("projects:list"), reverse("supervision:round")
    return [
        _row(zone, counts.get(zone["pk"], UpdateCounts()), period, base, rounds) for zone in zones
    ]


def column_labels():
    return [label for _name, label, _state in COLUMNS]
