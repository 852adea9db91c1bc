"""What the rules of a light mean, the default rule set, and which set a zone uses.

Each rule measures one thing of a project on a day (months late, points behind, periods
missed, days past a deadline) and compares it with a yellow and a red threshold. Whether a
threshold is reached at (≥) or only above it (>) is part of the rule, as the published
practice words it ("yellow ≥ 1 month", "red > 15 days"): :data:`SPECS`.

A zone uses the rule set of the nearest region up its path that has one; without any, the
set without a region (the administrators' defaults), else :data:`DEFAULTS`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parks.models import path_lineage

from .choices import LightColor, LightRuleKind


@dataclass(frozen=True)
class Spec:
    """How a rule's value is measured and compared: ``strict`` thresholds are passed only
    above them (>), the others at them (≥)."""

    unit: Promise
    yellow_strict: bool
    red_strict: bool


SPECS: dict[str, Spec] = {
    LightRuleKind.START_LATE: Spec(_("months after the planned start"), False, False),
    LightRuleKind.INVESTMENT_BEHIND: Spec(_("percentage points behind"), False, True),
    LightRuleKind.UPDATE_OVERDUE: Spec(_("periods without an update"), False, False),
    LightRuleKind.BLOCKER_OVERDUE: Spec(_("days past the deadline"), True, True),
    LightRuleKind.MILESTONE_OVERDUE: Spec(_("days past the planned date"), True, True),
    LightRuleKind.NOTICE_UNANSWERED: Spec(_("days past the deadline"), True, True),
}


@dataclass(frozen=True)
class Rule:
    kind: str
    enabled: bool = True
    yellow: Decimal | None = None
    red: Decimal | None = None

    def color(self, value) -> str:
        """The colour ``value`` (a number in the rule's unit) earns: red, yellow or green.
        A threshold left empty is never reached."""
        spec = SPECS[self.kind]  # kinds are str: no enum to build at each of 200,000 calls
        if not self.enabled:
            return LightColor.GREEN
        if _reached(value, self.red, spec.red_strict):
            return LightColor.RED
        if _reached(value, self.yellow, spec.yellow_strict):
            return LightColor.YELLOW
        return LightColor.GREEN


def _reached(value, threshold, strict: bool) -> bool:
    if threshold is None:
        return False
    return value > threshold if strict else value >= threshold


# The defaults of issue 12 (published practice): (yellow, red).
DEFAULT_THRESHOLDS: dict[str, tuple[int | None, int | None]] = {
    LightRuleKind.START_LATE: (1, 3),  # ≥ 1 month, ≥ 3 months
    LightRuleKind.INVESTMENT_BEHIND: (10, 30),  # 10–30 points behind, > 30
    LightRuleKind.UPDATE_OVERDUE: (1, 2),  # 1 period, 2 periods
    LightRuleKind.BLOCKER_OVERDUE: (0, 15),  # > 0 days, > 15 days
    LightRuleKind.MILESTONE_OVERDUE: (0, 30),  # > 0 days, > 30 days
    LightRuleKind.NOTICE_UNANSWERED: (None, 0),  # red as soon as it is past its deadline
}


def _decimal(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class RuleSet:
    """The rules a zone's projects are judged by: a stored set (``id``, ``version``) or the
    built-in defaults (``id`` None, version 0)."""

    id: int | None
    version: int
    rules: dict[str, Rule]

    def rule(self, kind: str) -> Rule:
        return self.rules[kind]


DEFAULTS = RuleSet(
    None,
    0,
    {
        kind: Rule(kind, True, _decimal(yellow), _decimal(red))
        for kind, (yellow, red) in DEFAULT_THRESHOLDS.items()
    },
)


def stored_sets() -> dict[str | None, RuleSet]:
    """Region path (None for the defaults' set) -> its stored rule set (one query). A kind a
    set has no row for takes the default rule."""
    from .models import LightRuleSet

    rows = LightRuleSet.objects.values_list(
        "pk",
        "version",
        "region__path",
        "rules__kind",
        "rules__enabled",
        "rules__yellow",
        "rules__red",
    ).order_by()
    found: dict[str | None, tuple[int, int, dict[str, Rule]]] = {}
    for pk, version, path, kind, enabled, yellow, red in rows:
        _pk, _version, rules = found.setdefault(path, (pk, version, {}))
        if kind is not None:
            rules[kind] = Rule(kind, enabled, yellow, red)
    return {
        path: RuleSet(pk, version, DEFAULTS.rules | rules)
        for path, (pk, version, rules) in found.items()
    }


def set_for(region_path: str, sets: dict[str | None, RuleSet]) -> RuleSet:
    """The set a zone of the region at ``region_path`` uses: the nearest region up the path
    with a set, else the defaults' set, else the built-in defaults."""
    for path in reversed(path_lineage(region_path)):
        if path in sets:
            return sets[path]
    return sets.get(None, DEFAULTS)
