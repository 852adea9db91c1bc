"""The daily check (SPEC section 8): what lags on a day becomes an open alert.

The conditions are the shared definitions the officials' pages use: overdue milestones of
active projects, new starts past their planned start without a groundbreaking, projects
missing the report of the month due, and targets behind time. Running the check again on the
same day changes nothing; a condition that no longer holds has its alert marked resolved.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from investment.models import AnnualPlanEntry, projects_missing_report, reporting_period
from projects.models import Milestone, Project

from .choices import AlertKind
from .models import Alert

BATCH = 1000

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
    found = _conditions(on)
    with transaction.atomic():
        open_alerts = dict(Alert.objects.open().values_list("key", "pk"))
        new = [
            Alert(key=key, raised_on=on, last_seen_on=on, **fields)
            for key, fields in found.items()
            if key not in open_alerts
        ]
        # A concurrent run may have raised the same alert: the open-key constraint keeps one.
        Alert.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
        kept = [pk for key, pk in open_alerts.items() if key in found]
        for start in range(0, len(kept), BATCH):
            Alert.objects.filter(pk__in=kept[start : start + BATCH], last_seen_on__lt=on).update(
                last_seen_on=on
            )
        resolved = Alert.objects.open().filter(last_seen_on__lt=on).update(resolved_on=on)
    return {"raised": len(new), "kept": len(kept), "resolved": resolved}


def _conditions(on) -> dict:
    """Alert key -> the alert's fields, for every condition that holds on ``on``."""
    found = {}
    overdue = Milestone.objects.overdue(on).of_active_projects()
    for pk, project_id, zone_id in overdue.values_list("pk", "project_id", "project__zone_id"):
        found[f"{AlertKind.MILESTONE_OVERDUE}:{pk}"] = {
            "kind": AlertKind.MILESTONE_OVERDUE,
            "zone_id": zone_id,
            "project_id": project_id,
            "milestone_id": pk,
        }
    not_started = AnnualPlanEntry.objects.not_started(on)
    for pk, project_id, zone_id in not_started.values_list("pk", "project_id", "project__zone_id"):
        found[f"{AlertKind.PLAN_NOT_STARTED}:{pk}"] = {
            "kind": AlertKind.PLAN_NOT_STARTED,
            "zone_id": zone_id,
            "project_id": project_id,
            "plan_entry_id": pk,
        }
    year, month = reporting_period(on)
    missing = projects_missing_report(Project.objects.all(), year, month).order_by()
    for pk, zone_id in missing.values_list("pk", "zone_id"):
        found[f"{AlertKind.REPORT_MISSING}:{pk}:{year}-{month:02d}"] = {
            "kind": AlertKind.REPORT_MISSING,
            "zone_id": zone_id,
            "project_id": pk,
            "period_year": year,
            "period_month": month,
        }
    for check in CONDITIONS:
        found.update(check(on))
    return found
