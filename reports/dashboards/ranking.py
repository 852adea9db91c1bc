"""The ranking page (比学赶超): zones on one figure and their change since a snapshot."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

from ..figures.numbers import decimal
from ..figures.period import Period
from ..figures.ranking import RANKED_METRICS, rank_values
from ..models import Snapshot


def metric_kind(metric: str) -> str:
    """How a ranked figure is shown: money, rate, days or count."""
    if RANKED_METRICS[metric].money:
        return "money"
    if metric.endswith("_rate"):
        return "rate"
    if metric.startswith("median_days"):
        return "days"
    return "count"


# The sections of the JSON of /api/stats/ (as a snapshot stores it) a ranked figure is in.
SECTIONS = ("plan", "signing", "milestones")


def snapshot_ranking(scope, period: Period, metric: str, since: date | None = None):
    """The zones of ``scope`` ranked on ``metric`` as the last snapshot of year Y before D
    (or on or before ``since``) stored them: (its date, zone id -> ranked row). Two queries.
    """
    snapshots = Snapshot.objects.filter(scope.q("zone"), zone__isnull=False, year=period.year)
    cutoff = since or period.as_of - timedelta(days=1)
    day = snapshots.filter(date__lte=cutoff).aggregate(last=Max("date"))["last"]
    if day is None:
        return None, {}
    # The figure alone, where it is (a zone's snapshot also lists its targets).
    found = {
        f"in_{section}": KeyTransform(metric, KeyTransform(section, "figures"))
        for section in SECTIONS
    }
    rows = (
        snapshots.filter(date=day)
        .order_by("zone__code")
        .annotate(**found)
        .values_list("zone_id", "zone__code", "zone__name", *found)
    )
    values = [
        (
            next((v for v in in_sections if v is not None), None),
            {"pk": pk, "code": code, "name": name},
        )
        for pk, code, name, *in_sections in rows
    ]
    return day, {row["zone"]: row for row in rank_values(metric, values)}


@dataclass(frozen=True)
class RankLine:
    """A zone's rank and value now, and their change since the snapshot compared with."""

    rank: int | None
    zone: int
    code: str
    name: str
    value: object
    previous_rank: int | None
    previous_value: object
    kind: str

    @classmethod
    def of(cls, row: dict, previous: dict | None, metric: str):
        previous = previous or {}
        return cls(
            row["rank"],
            row["zone"],
            row["code"],
            row["name"],
            row["value"],
            previous.get("rank"),
            previous.get("value"),
            metric_kind(metric),
        )

    @property
    def raw(self) -> str:
        return "" if self.value is None else str(self.value)

    @property
    def moved(self) -> int | None:
        """Places gained (positive) or lost since the snapshot."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def change(self):
        """The value's change: money and counts as such, rates in percentage points."""
        if self.value is None or self.previous_value is None:
            return None
        if self.kind == "money":
            return decimal(self.value) - decimal(self.previous_value)
        if self.kind == "rate":
            return round((self.value - self.previous_value) * 100, 2)
        return round(self.value - self.previous_value, 2)


def ranking_chart(lines: list[RankLine], metric: str) -> dict:
    kind = metric_kind(metric)

    def number(value):
        if value is None:
            return None
        return round(float(value) * 100, 2) if kind == "rate" else float(value)

    return {
        "names": [line.name for line in lines],
        "values": [number(line.value) for line in lines],
        "previous": [number(line.previous_value) for line in lines],
        "label": str(RANKED_METRICS[metric].label),
        "previous_label": str(_("At the snapshot compared with")),
        "percent": kind == "rate",
    }
