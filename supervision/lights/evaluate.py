"""The light pass: every project of some zones (or some projects) coloured on a day, in one
set-based pass.

One query per rule finds the projects the rule holds for (the shared conditions: plan entries
``not_started``, ``Milestone.objects.overdue``, ``BlockerQuerySet.overdue_condition``,
``unanswered_past_deadline`` notices, the key projects of a round and their last update, the
year's plan against the monthly reports), plus one for the projects, one for the rule sets
and one for the lights in force; the writes are bulk. The number of queries does not depend
on the number of zones or projects.

A project's light is its worst rule, with every rule that is not green as a reason; stalled
and cancelled projects are grey. A row is written only when the colour or the reasons
change (:class:`ProjectLight`); evaluating again the same day changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, FilteredRelation, Max, Min, Q, Sum
from django.db.models.functions import Coalesce

from investment.models import AnnualPlanEntry
from projects.choices import Cadence, Status
from projects.models import Milestone, Project

from ..models import Blocker, BlockerQuerySet, Notice, key_projects, midnight_after
from ..periods import period_of
from .choices import SEVERITY, LightColor, LightRuleKind
from .models import ProjectLight
from .reasons import value_of
from .rules import RuleSet, set_for, stored_sets

BATCH = 1000
HUNDRED = Decimal(100)
NOTHING: dict[str, dict] = {}
START_LATE = LightRuleKind.START_LATE
INVESTMENT_BEHIND = LightRuleKind.INVESTMENT_BEHIND
UPDATE_OVERDUE = LightRuleKind.UPDATE_OVERDUE


@dataclass
class Found:
    """What the rule queries found for one project: reason dicts by rule."""

    reasons: dict[str, dict] = field(default_factory=dict)


def _scope(zone_ids, project_ids, prefix: str = "") -> Q:
    q = Q()
    if zone_ids is not None:
        q &= Q(**{f"{prefix}zone_id__in": sorted(zone_ids)})
    if project_ids is not None:
        key = f"{prefix}id__in" if prefix else "pk__in"
        q &= Q(**{key: sorted(project_ids)})
    return q


def _measure(day: date, scope: Q, project_scope: Q) -> dict[int, dict[str, dict]]:
    """Project id -> rule -> the reason's data (before thresholds), one query per rule."""
    found: dict[int, dict[str, dict]] = {}
    # Each rule's reasons are set inline (found.setdefault(...)[rule] = {...}): a call per
    # reason, with its keywords, cost a tenth of a pass over 200,000 projects.

    # A new start not started after its planned start.
    for project_id, planned in (
        AnnualPlanEntry.objects.not_started(day)
        .filter(scope)
        .values_list("project_id", "planned_start_on")
    ):
        found.setdefault(project_id, {})[START_LATE] = {
            "rule": START_LATE,
            "since": planned.isoformat(),
        }

    # Investment behind the time progress: completed in the year (months to D's, as the
    # figures count it) / planned for the year, against the share of the year gone.
    # The months joined, not a subquery per plan entry: one aggregate over the year's reports.
    months = FilteredRelation(
        "project__reports",
        condition=Q(project__reports__year=day.year, project__reports__month__lte=day.month),
    )
    plans = (
        AnnualPlanEntry.objects.filter(
            scope, year=day.year, planned_investment__gt=0, project__status=Status.ACTIVE
        )
        .annotate(months=months)
        .values_list("project_id", "planned_investment")
        .annotate(done=Coalesce(Sum("months__completed_investment"), Decimal(0)))
        .order_by()
    )
    for project_id, planned, done in plans:
        rate = (Decimal(done) / Decimal(planned) * HUNDRED).quantize(Decimal("0.01"))
        found.setdefault(project_id, {})[INVESTMENT_BEHIND] = {
            "rule": INVESTMENT_BEHIND,
            "value": str(rate),
        }

    # Progress updates: periods ended since the last update reported by D (from the year's
    # first period on), for the key projects a round reviews.
    rounds = (
        key_projects(Project.objects.filter(project_scope), day)
        .annotate(
            last=Max(
                "progress_updates__period_start",
                filter=Q(progress_updates__reported_at__lt=midnight_after(day)),
            )
        )
        .values_list("pk", "cadence", "last")
    )
    first = {cadence: period_of(cadence, date(day.year, 1, 1))[0] for cadence in Cadence.values}
    after: dict[tuple[str, date], date] = {}  # the period after an update's, by cadence
    for project_id, cadence, last in rounds:
        since = first[cadence]
        if last is not None:
            key = (cadence, last)
            if key not in after:
                after[key] = period_of(cadence, last)[1] + timedelta(days=1)
            since = max(since, after[key])
        found.setdefault(project_id, {})[UPDATE_OVERDUE] = {
            "rule": UPDATE_OVERDUE,
            "since": since.isoformat(),
            "cadence": cadence,
        }

    # Blockers, milestones and notices past their dates: how many, and the oldest date.
    late = (
        (
            LightRuleKind.BLOCKER_OVERDUE,
            Blocker.objects.filter(BlockerQuerySet.overdue_condition(day), raised_on__lte=day),
            "deadline",
        ),
        (LightRuleKind.MILESTONE_OVERDUE, Milestone.objects.overdue(day), "planned_on"),
        (
            LightRuleKind.NOTICE_UNANSWERED,
            Notice.objects.unanswered_past_deadline(day).filter(issued_on__lte=day),
            "deadline",
        ),
    )
    for rule, queryset, date_field in late:
        rows = (
            queryset.filter(scope)
            .order_by()
            .values("project_id")
            .annotate(count=Count("pk"), oldest=Min(date_field))
            .values_list("project_id", "count", "oldest")
        )
        for project_id, count, oldest in rows:
            found.setdefault(project_id, {})[rule] = {
                "rule": rule,
                "since": oldest.isoformat(),
                "count": count,
            }
    return found


# The rules in order, and the colours as plain strings: the pass judges every project, and
# reading an enum's members at each call costs more than the judging.
RULE_ORDER = tuple(LightRuleKind.values)
GREEN, GREY = str(LightColor.GREEN), str(LightColor.GREY)
RANK = {str(color): severity for color, severity in SEVERITY.items()}


def judge(measured: dict[str, dict], rule_set: RuleSet, day: date) -> tuple[str, list[dict]]:
    """The colour and the reasons (every rule that is not green, in rule order)."""
    reasons = []
    worst = GREEN
    for kind in RULE_ORDER:
        data = measured.get(kind)
        if data is None:
            continue
        color = str(rule_set.rule(kind).color(value_of(data, day)))
        if color != GREEN:
            reasons.append({**data, "color": color})
            if RANK[color] > RANK[worst]:
                worst = color
    return worst, reasons


def rule_colors(reasons: list[dict]) -> str:
    if not reasons:
        return ""
    return "," + ",".join(f"{reason['rule']}:{reason['color']}" for reason in reasons) + ","


def evaluate(
    day: date, zone_ids: Iterable[int] | None = None, project_ids: Iterable[int] | None = None
) -> dict:
    """Colour the projects of ``zone_ids`` (or ``project_ids``; both None: every project) on
    ``day`` and store what changed. Returns how many lights were written and kept.

    A light already set from a later day is left alone (a pass for a past day does not
    rewrite what came after it); one set from ``day`` itself is replaced.
    """
    zone_ids = None if zone_ids is None else set(zone_ids)
    project_ids = None if project_ids is None else set(project_ids)
    project_scope = _scope(zone_ids, project_ids)
    scope = _scope(zone_ids, project_ids, "project__")
    projects = Project.objects.filter(project_scope).values_list(
        "pk", "zone_id", "status", "zone__region__path"
    )
    sets = stored_sets()
    by_path: dict[str, RuleSet] = {}  # a region's set, looked up once for its zones
    measured = _measure(day, scope, project_scope)
    with transaction.atomic():
        # Rows, not models: only the lights that change become models (200,000 do not).
        current = {
            row[0]: row
            for row in ProjectLight.objects.select_for_update()
            .filter(scope, valid_to__isnull=True)
            .values_list("project_id", "pk", "zone_id", "color", "reasons", "valid_from")
        }
        new, replaced, closing = [], [], []
        kept = 0
        for project_id, zone_id, status, path in projects:
            rule_set = by_path.get(path) or by_path.setdefault(path, set_for(path, sets))
            if status == Status.ACTIVE:
                color, reasons = judge(measured.get(project_id, NOTHING), rule_set, day)
            else:
                color, reasons = GREY, []
            light = current.get(project_id)
            if light is not None:
                _project, light_pk, light_zone, light_color, light_reasons, valid_from = light
                if valid_from > day or (light_color, light_reasons, light_zone) == (
                    color,
                    reasons,
                    zone_id,
                ):
                    kept += 1
                    continue
            values = {
                "zone_id": zone_id,
                "color": color,
                "reasons": reasons,
                "rule_colors": rule_colors(reasons),
                "rule_set_id": rule_set.id,
                "rule_version": rule_set.version,
            }
            if light is not None and valid_from == day:
                replaced.append(
                    ProjectLight(pk=light_pk, project_id=project_id, valid_from=day, **values)
                )
                continue
            if light is not None:
                closing.append(light_pk)
            new.append(ProjectLight(project_id=project_id, valid_from=day, **values))
        for start in range(0, len(closing), BATCH):
            ProjectLight.objects.filter(pk__in=closing[start : start + BATCH]).update(valid_to=day)
        ProjectLight.objects.bulk_update(
            replaced,
            ["zone", "color", "reasons", "rule_colors", "rule_set", "rule_version"],
            batch_size=BATCH,
        )
        ProjectLight.objects.bulk_create(new, batch_size=BATCH)
    return {
        "day": day.isoformat(),
        "written": len(new) + len(replaced),
        "kept": kept,
    }
