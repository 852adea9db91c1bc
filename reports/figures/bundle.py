"""Everything a zone's figures are made of, computed for some zones at once, and its JSON.

A ``ZoneFigures`` holds the parts of every figure that add up from zones to regions (counts,
sums, histograms; rates and medians are derived from them): section 6, supervision, land,
funds and the light counts. The rollups store one per zone (``encode``) and read it back
(``decode``) exactly: amounts travel as strings, never as floats.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from investment.models import Target

from ..choices import TargetStatus
from .funds import FundsFigures, funds_per_zone
from .funnel import funnel
from .land import LandFigures, land_per_zone
from .lights import LightCounts, LightTrendPoint, light_counts_per_zone, light_trend_per_zone
from .metrics import Figures, figures_per_zone
from .names import field_names
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .scopes import Scope
from .supervision import SupervisionFigures, UpdateCounts, supervision_per_zone
from .targets import SumKey, TargetSum, progress_of, target_sums
from .teams import Tallies, TeamTally, team_tallies_per_zone
from .yoy import LAST_YEAR_SECTIONS


@dataclass
class ZoneFigures:
    figures: Figures = field(default_factory=Figures)
    supervision: SupervisionFigures = field(default_factory=SupervisionFigures)
    land: LandFigures = field(default_factory=LandFigures)
    funds: FundsFigures = field(default_factory=FundsFigures)
    lights: LightCounts = field(default_factory=LightCounts)
    # The reds and yellows at each month's end of the year so far (the last point on D).
    light_trend: list[LightTrendPoint] = field(default_factory=list)
    # The stage funnel on D: projects, those negotiating, those past each milestone, and the
    # milestones overdue (``funnel.funnel``).
    funnel: Counter[str] = field(default_factory=Counter)
    # The targets added up per metric, minimum, category and level (a region's table reads
    # them from its region row: its zones' targets one by one are not needed).
    target_sums: dict[SumKey, TargetSum] = field(default_factory=dict)
    # What the stages the zone's projects reached in the year earned each team (any team:
    # a scope ranks its own, ``teams.standings``).
    teams: Tallies = field(default_factory=dict)

    def __iadd__(self, other: "ZoneFigures") -> "ZoneFigures":
        self.figures += other.figures
        self.supervision += other.supervision
        self.land += other.land
        self.funds += other.funds
        self.lights = self.lights + other.lights
        self.funnel.update(other.funnel)
        for key, added in other.target_sums.items():
            mine = self.target_sums.setdefault(key, TargetSum())
            mine += added
        for team_id, tally in other.teams.items():
            ours = self.teams.setdefault(team_id, TeamTally())
            ours += tally
        if not self.light_trend:
            self.light_trend = list(other.light_trend)
        elif other.light_trend:
            self.light_trend = [
                LightTrendPoint(mine.day, mine.red + theirs.red, mine.yellow + theirs.yellow)
                for mine, theirs in zip(self.light_trend, other.light_trend, strict=True)
            ]
        return self


def compute(
    zone_ids: Sequence[int], period: Period, restriction: Restriction = EVERY_PROJECT
) -> dict[int, ZoneFigures]:
    """Zone id -> its figures for ``period`` (the plan's over ``restriction``'s projects),
    computed from the data: one grouped query per section, however many zones."""
    if not zone_ids:
        return {}
    scope = Scope.for_zones(zone_ids)
    figures = figures_per_zone(scope, period, zone_ids=zone_ids, restriction=restriction)
    supervision = supervision_per_zone(scope, period, zone_ids)
    land = land_per_zone(scope, period, zone_ids)
    funds = funds_per_zone(scope, period, zone_ids)
    lights = light_counts_per_zone(scope, period.as_of)
    trends = light_trend_per_zone(scope, period.month_cuts(), zone_ids)
    stages = funnel(scope, period, "zone")
    teams = team_tallies_per_zone(scope, period)
    return {
        zone_id: ZoneFigures(
            figures[zone_id],
            supervision[zone_id],
            land[zone_id],
            funds[zone_id],
            lights.get(zone_id, LightCounts()),
            trends[zone_id],
            stages.get(zone_id, Counter()),
            target_sums(figures[zone_id].targets),
            teams.get(zone_id, {}),
        )
        for zone_id in zone_ids
    }


def compute_last_year(zone_ids: Sequence[int], period: Period) -> dict[int, ZoneFigures]:
    """Zone id -> the figures 同比 compares with, for ``period`` (already a year earlier)."""
    if not zone_ids:
        return {}
    scope = Scope.for_zones(zone_ids)
    figures = figures_per_zone(scope, period, LAST_YEAR_SECTIONS, zone_ids=zone_ids)
    land = land_per_zone(scope, period, zone_ids)
    funds = funds_per_zone(scope, period, zone_ids)
    teams = team_tallies_per_zone(scope, period)
    return {
        zone_id: ZoneFigures(
            figures[zone_id], land=land[zone_id], funds=funds[zone_id], teams=teams.get(zone_id, {})
        )
        for zone_id in zone_ids
    }


def encode(zone: ZoneFigures) -> dict[str, Any]:
    supervision = zone.supervision
    return {
        "figures": {
            **_flat(zone.figures, skip={"targets"}),
            "targets": {
                str(progress.target.pk): [str(quarter.actual) for quarter in progress.quarters]
                for progress in zone.figures.targets
            },
        },
        "supervision": {
            "groups": {
                f"{category}|{level}": dict(counts)
                for (category, level), counts in supervision.groups.items()
            },
            "days_to_close": _counter(supervision.days_to_close),
            "updates": [
                supervision.updates.due,
                supervision.updates.received,
                supervision.updates.late,
            ],
        },
        "land": _flat(zone.land),
        "funds": _flat(zone.funds),
        "lights": dict(zone.lights.counts),
        "light_trend": {
            point.day.isoformat(): [point.red, point.yellow] for point in zone.light_trend
        },
        "funnel": {step: n for step, n in zone.funnel.items() if n},
        "target_sums": {
            "|".join(str(part) for part in key): [
                _cents(added.annual_value),
                _cents(added.actual),
                _cents(added.expected),
                *(added.statuses[status] for status in TargetStatus),
            ]
            for key, added in zone.target_sums.items()
        },
        "teams": {
            str(team_id): [_cents(tally.score), tally.projects]
            for team_id, tally in zone.teams.items()
        },
    }


def decode(
    data: Mapping[str, Any],
    period: Period,
    targets: Iterable[Target],
    light_trend: bool = True,
) -> ZoneFigures:
    """The figures ``encode`` stored, with the progress of the zone's ``targets`` (in the
    order given) rebuilt from their stored actual values; without ``light_trend`` for last
    year's figures, which leave it out (a sum leaves out its zero points: they are filled in
    from the period's month ends)."""
    figures = _unflat(Figures, data.get("figures", {}), skip={"targets"})
    values = data.get("figures", {}).get("targets", {})
    figures.targets = [
        progress_of(target, period, [Decimal(v) for v in values.get(str(target.pk), [])])
        for target in targets
    ]
    blockers = data.get("supervision", {})
    trend = data.get("light_trend", {})
    supervision = SupervisionFigures(
        groups={
            tuple(key.split("|", 1)): Counter(counts)
            for key, counts in blockers.get("groups", {}).items()
        },
        days_to_close=Counter(
            {int(days): n for days, n in blockers.get("days_to_close", {}).items()}
        ),
        updates=UpdateCounts(*blockers.get("updates", (0, 0, 0))),
    )
    return ZoneFigures(
        figures,
        supervision,
        _unflat(LandFigures, data.get("land", {})),
        _unflat(FundsFigures, data.get("funds", {})),
        LightCounts(dict(data.get("lights", {}))),
        [
            LightTrendPoint(day, *trend.get(day.isoformat(), (0, 0)))
            for day in (period.month_cuts() if light_trend else ())
        ],
        Counter(data.get("funnel", {})),
        {_sum_key(key): _target_sum(values) for key, values in data.get("target_sums", {}).items()},
        tallies(data.get(TEAMS, {})),
    )


def tallies(data: Mapping[str, Sequence[int]]) -> Tallies:
    """The teams' tallies ``encode`` stored (team id -> [score in cents, projects])."""
    return {
        int(team_id): TeamTally(Decimal(cents).scaleb(-2), projects)
        for team_id, (cents, projects) in data.items()
    }


def _cents(amount: Decimal) -> int:
    # Integers add up and cancel out exactly in a region row, and vanish at zero.
    return int(amount * 100)


def _sum_key(text: str) -> SumKey:
    metric, minimum, category, level = text.split("|")
    return metric, Decimal(minimum), category, level


def _target_sum(values: Sequence[int]) -> TargetSum:
    annual, actual, expected, *statuses = values
    return TargetSum(
        Decimal(annual).scaleb(-2),
        Decimal(actual).scaleb(-2),
        Decimal(expected).scaleb(-2),
        Counter({status: n for status, n in zip(TargetStatus, statuses, strict=True) if n}),
    )


def _counter(counts: Counter[int]) -> dict[str, int]:
    return {str(key): value for key, value in counts.items()}


def _encode_value(value: Any) -> Any:
    if isinstance(value, Counter):
        return _counter(value)
    if isinstance(value, tuple):
        return [_encode_value(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def _flat(obj: Any, skip: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    return {
        name: _encode_value(getattr(obj, name))
        for name in field_names(type(obj))
        if name not in skip
    }


def _decode_value(default: Any, raw: Any) -> Any:
    if isinstance(default, Counter):
        return Counter({int(key): value for key, value in raw.items()})
    if isinstance(default, tuple):
        return tuple(_decode_value(default[0], item) for item in raw)
    if isinstance(default, Decimal):
        return Decimal(raw)
    return raw


def _unflat(
    cls: Any, data: Mapping[str, Any], skip: frozenset[str] | set[str] = frozenset()
) -> Any:
    blank = cls()
    for name in field_names(cls):
        # A sum of zones (``add_encoded``) leaves out what adds up to nothing.
        if name not in skip and name in data:
            setattr(blank, name, _decode_value(getattr(blank, name), data[name]))
    return blank


def figures_of(texts: Mapping[str, str]) -> Figures:
    """A ``Figures`` from some of its encoded fields, each read from the database as text
    (a JSON object for a histogram or a tuple): the others are left at nothing."""
    figures = Figures()
    for name, text in texts.items():
        default = getattr(figures, name)
        raw = json.loads(text) if isinstance(default, Counter | tuple) else text
        setattr(
            figures, name, _decode_value(default, raw if not isinstance(default, int) else int(raw))
        )
    return figures


# What a dashboard table's row shows of a zone or a region (``row_of``): its figures but the
# lead-time histograms, the month-by-month sums and the targets; its funnel, lights,
# targets' sums, land and funds, and its progress updates.
ROW_FIGURES = tuple(
    name
    for name in field_names(Figures)
    if name not in {"days_to_groundbreaking", "days_to_production", "completed_by_month", "targets"}
)
ROW_KEYS = ("funnel", "lights", "target_sums", "land", "funds")
TEAMS = "teams"


def row_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a dashboard's row shows of the encoded figures ``data`` (one year's), encoded
    the same way: a province's 65 zones are read as a few kilobytes instead of 300."""
    figures = data.get("figures", {})
    updates = data.get("supervision", {}).get("updates")
    return {
        "figures": {name: figures[name] for name in ROW_FIGURES if name in figures},
        **({"supervision": {"updates": updates}} if updates else {}),
        **{key: data[key] for key in ROW_KEYS if key in data},
    }


def without_teams(data: Mapping[str, Any]) -> dict[str, Any]:
    """Encoded figures without the teams' tallies, which only a ranking of teams reads (a
    country's are 6,000 teams)."""
    return {key: value for key, value in data.items() if key != TEAMS}


def without_targets(data: Mapping[str, Any]) -> dict[str, Any]:
    """Encoded figures without their targets, which belong to zones and do not add up."""
    figures = data.get("figures", {})
    return {**data, "figures": {key: value for key, value in figures.items() if key != "targets"}}


def add_encoded(total: dict[str, Any], part: Mapping[str, Any], sign: int = 1) -> None:
    """Add ``sign`` times the encoded figures ``part`` (without targets) to ``total`` in
    place, exactly: counts as integers, amounts as decimal strings, histograms and groups
    key by key. What comes to nothing is left out (``decode`` reads it as nothing)."""
    for key, value in part.items():
        mine = total.get(key)
        if isinstance(value, Mapping):
            merged = dict(mine) if isinstance(mine, Mapping) else {}
            add_encoded(merged, value, sign)
            total[key] = merged
        elif isinstance(value, list):
            current = mine if isinstance(mine, list) else [None] * len(value)
            total[key] = [_add_scalar(a, b, sign) for a, b in zip(current, value, strict=True)]
        else:
            total[key] = _add_scalar(mine, value, sign)
        if not any(total[key]) if isinstance(total[key], list) else total[key] in (0, {}):
            del total[key]


def _add_scalar(mine: Any, theirs: Any, sign: int) -> Any:
    if isinstance(theirs, str):
        return str(Decimal(mine or "0") + sign * Decimal(theirs))
    if theirs is None:
        return mine
    return (mine or 0) + sign * theirs
