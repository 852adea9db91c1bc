"""The supervision row of a dashboard: the blocker figures of /api/stats/ (SPEC section 13),
each linking to the 督办 list filtered to the blockers behind it, and the counts by category.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from supervision.choices import BlockerCategory

from ..choices import ScopeType
from ..figures.period import Period
from ..figures.scopes import Scope
from ..figures.supervision import SupervisionFigures
from ..templatetags.dashboard import figure
from .tiles import Tile

# The names the figures carry on every page (``data-figure``), those of /api/stats/ under
# its ``supervision`` section.
SECTION = "supervision"


class BlockerLinks:
    """URLs of the 督办 list filtered to the blockers behind a figure of ``period``, within
    a zone, a region or everything the user reads. A link always names a filter, so the
    list's default for leadership (its own level only) does not hide blockers counted here.
    """

    def __init__(self, scope: Scope, period: Period):
        self.period = period
        self.place = {}
        if scope.type == ScopeType.ZONE:
            self.place = {"zone": scope.id}
        elif scope.type == ScopeType.REGION:
            self.place = {"region": scope.id}
        self.base = reverse("supervision:blockers")

    def url(self, **params) -> str:
        return f"{self.base}?{urlencode({**self.place, **params})}"

    def pending(self, **params) -> str:
        return self.url(status="pending", **params)

    def overdue(self, **params) -> str:
        return self.url(status="pending", overdue="on", **params)

    def closed(self, **params) -> str:
        return self.url(status="closed", closed_in=self.period.year, **params)


@dataclass(frozen=True)
class CategoryRow:
    """A category's counts as shown: (figure name, raw value, text, url) for open, overdue
    and closed."""

    category: str
    label: str | Promise
    cells: tuple


@dataclass(frozen=True)
class SupervisionRow:
    tiles: list[Tile]
    categories: list[CategoryRow]


def supervision_row(figures: SupervisionFigures, scope: Scope, period: Period) -> SupervisionRow:
    data = figures.as_dict()
    links = BlockerLinks(scope, period)

    def tile(metric, label, kind, url):
        return Tile(metric, label, data[metric], kind, url, figure=f"{SECTION}.{metric}")

    tiles = [
        tile("blockers_open", _("Blockers open"), "count", links.pending()),
        tile("blockers_overdue", _("Blockers overdue"), "count", links.overdue()),
        tile("blockers_closed", _("Blockers closed this year"), "count", links.closed()),
        tile("closed_on_time_rate", _("Closed on time"), "rate", links.closed()),
        tile("median_days_to_close", _("Median days to close"), "days", links.closed()),
    ]
    categories = []
    for row in data["by_category"]:
        category = row["category"]
        urls = {
            "blockers_open": links.pending(category=category),
            "blockers_overdue": links.overdue(category=category),
            "blockers_closed": links.closed(category=category),
        }
        categories.append(
            CategoryRow(
                category,
                BlockerCategory(category).label,
                tuple(
                    (
                        f"{SECTION}.by_category.{category}.{name}",
                        row[name],
                        figure(row[name], "count"),
                        url,
                    )
                    for name, url in urls.items()
                ),
            )
        )
    return SupervisionRow(tiles, categories)
