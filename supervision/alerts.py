"""The daily check (SPEC section 8): what lags on a day becomes an open alert.

The conditions are the shared definitions the officials' pages use: overdue milestones
(``Milestone.objects.overdue``), new starts past their planned start without a groundbreaking,
projects missing the report of the month due, and targets behind time. Running the check again
on the same day changes nothing; a condition that no longer holds has its alert marked
resolved. The conditions of a project also run for that project alone when its data changes
(``refresh_project``), so that an alert does not outlive its cause until the next morning.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from investment.models import AnnualPlanEntry, projects_missing_report, reporting_period
from projects.models import Milestone, Project

from .choices import AlertKind
from .models import Alert

BATCH = 1000

# The kinds ``project_conditions`` raises: a project's own re-evaluation settles only these.
PROJECT_KINDS = (AlertKind.MILESTONE_OVERDUE, AlertKind.PLAN_NOT_STARTED, AlertKind.REPORT_MISSING)

# Conditions that layers above add: each maps a day to {alert key: the alert's fields}.
# Targets behind time come from reports, the only place a figure is computed.
CONDITIONS: list[Callable[[date], dict]] = []


def register_condition(check: Callable[[date], dict]) -> None:
    """Add a condition to the daily check (once, however often an app is made ready)."""
    if check not in CONDITIONS:
        CONDITIONS.append(check)


def raise_alerts(on) -> dict:
    """Open, keep or resolve alerts for the conditions that hold on ``on``.

    Returns how many alerts were raised, kept open and resolved.
    """
    found = project_conditions(on)
    for check in CONDITIONS:
        found.update(check(on))
    # The figures' own check (FIGURES_DIFFER) raises and resolves its alerts itself.
    with transaction.atomic():
        return _apply(found, Alert.objects.open().exclude(kind=AlertKind.FIGURES_DIFFER), on)


def refresh_project(project_id, on) -> dict:
    """Re-evaluate the alerts of one project on ``on``: the daily check's conditions of a
    project, restricted to it. Zone-level conditions (targets) wait for the daily check.
    """
    found = project_conditions(on, project_id)
    with transaction.atomic():
        open_alerts = Alert.objects.open().filter(project_id=project_id, kind__in=PROJECT_KINDS)
        return _apply(found, open_alerts, on)


def _apply(found: dict, open_alerts, on) -> dict:
    """Raise the alerts of ``found`` not yet open, keep those still found, and resolve the
    rest of ``open_alerts``.
    """
    open_keys = dict(open_alerts.values_list("key", "pk"))
    new = [
        Alert(key=key, raised_on=on, last_seen_on=on, **fields)
        for key, fields in found.items()
        if key not in open_keys
    ]
    # A concurrent run may have raised the same alert: the open-key constraint keeps one.
    Alert.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    kept = [pk for key, pk in open_keys.items() if key in found]
    for start in range(0, len(kept), BATCH):
        Alert.objects.filter(pk__in=kept[start : start + BATCH], last_seen_on__lt=on).update(
            last_seen_on=on
        )
    # An alert last seen on a later day than ``on`` (a check run for a past day) stays open.
    gone = [pk for key, pk in open_keys.items() if key not in found]
    resolved = 0
    for start in range(0, len(gone), BATCH):
        batch = Alert.objects.filter(pk__in=gone[start : start + BATCH], last_seen_on__lte=on)
        resolved += batch.update(resolved_on=on)
    return {"raised": len(new), "kept": len(kept), "resolved": resolved}


def project_conditions(on, project_id=None) -> dict:
    """Alert key -> the alert's fields, for every condition of a project that holds on ``on``
    (of every project, or of ``project_id`` alone).
    """
    projects = Project.objects.all()
    milestones = Milestone.objects.overdue(on)
    not_started = AnnualPlanEntry.objects.not_started(on)
    if project_id is not None:
        projects = projects.filter(pk=project_id)
        milestones = milestones.filter(project_id=project_id)
        not_started = not_started.filter(project_id=project_id)
    found = {}
    for pk, project, zone_id in milestones.values_list("pk", "project_id", "project__zone_id"):
        found[f"{AlertKind.MILESTONE_OVERDUE}:{pk}"] = {
            "kind": AlertKind.MILESTONE_OVERDUE,
            "zone_id": zone_id,
            "project_id": project,
            "milestone_id": pk,
        }
    for pk, project, zone_id in not_started.values_list("pk", "project_id", "project__zone_id"):
        found[f"{AlertKind.PLAN_NOT_STARTED}:{pk}"] = {
            "kind": AlertKind.PLAN_NOT_STARTED,
            "zone_id": zone_id,
            "project_id": project,
            "plan_entry_id": pk,
        }
    year, month = reporting_period(on)
    missing = projects_missing_report(projects, year, month).order_by()
    for pk, zone_id in missing.values_list("pk", "zone_id"):
        found[f"{AlertKind.REPORT_MISSING}:{pk}:{year}-{month:02d}"] = {
            "kind": AlertKind.REPORT_MISSING,
            "zone_id": zone_id,
            "project_id": pk,
            "period_year": year,
            "period_month": month,
        }
    return found
