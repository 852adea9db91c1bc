"""What investment adds to the project page: its monthly figures and its plan entries."""

from django.utils.translation import gettext_lazy as _

from projects.panels import MAIN, SIDE, Panel
from zonetrack.db import today

from .models import AnnualPlanEntry, InvestmentReport


def monthly_figures(project, *, can_edit) -> dict:
    reports = list(InvestmentReport.objects.filter(project=project).order_by("year", "month"))
    return {
        "reports": reports[::-1],
        "reported_total": sum((r.completed_investment for r in reports), start=0),
        "chart": _chart_data(reports),
    }


def _chart_data(reports) -> dict:
    """Monthly completed investment, its running total per year, and image progress."""
    labels, monthly, cumulative, progress = [], [], [], []
    running, year = 0, None
    for report in reports:
        if report.year != year:
            running, year = 0, report.year
        running += report.completed_investment
        labels.append(f"{report.year}-{report.month:02d}")
        monthly.append(str(report.completed_investment))
        cumulative.append(str(running))
        progress.append(None if report.image_progress is None else str(report.image_progress))
    return {
        "labels": labels,
        "monthly": monthly,
        "cumulative": cumulative,
        "progress": progress,
        "names": {
            "monthly": _("Completed in the month (10k CNY)"),
            "cumulative": _("Completed this year (10k CNY)"),
            "progress": _("Image progress (%)"),
        },
    }


def plan_entries(project, *, can_edit) -> dict:
    entries = list(AnnualPlanEntry.objects.filter(project=project).order_by("-year"))
    year = today().year
    return {
        "entries": entries,
        "year": year,
        "this_year": next((entry for entry in entries if entry.year == year), None),
    }


def history(project) -> list[tuple]:
    return [
        (
            AnnualPlanEntry.history.filter(project_id=project.pk),
            lambda record: _("{year} plan").format(year=record.year),
        ),
        (
            InvestmentReport.history.filter(project_id=project.pk),
            lambda record: _("{year}-{month} report").format(
                year=record.year, month=f"{record.month:02d}"
            ),
        ),
    ]


PANELS = [
    Panel("investment-figures", "investment/_project_figures.html", MAIN, monthly_figures, history),
    Panel("investment-plans", "investment/_project_plans.html", SIDE, plan_entries),
]
