"""Helpers of the light tests: evaluate a zone on a day, read a project's light and rules,
keep the late milestone's rule alone, make a project late by a milestone."""

from projects.choices import MilestoneKind
from supervision.lights.evaluate import evaluate
from supervision.lights.models import ProjectLight
from supervision.lights.rules import DEFAULT_THRESHOLDS
from supervision.lights.services import save_rules
from tests.factories import MilestoneFactory, ProjectFactory


def light_on(project, day, evaluate_first=True):
    """The project's light in force on ``day`` (evaluating its zone that day first)."""
    if evaluate_first:
        evaluate(day, zone_ids=[project.zone_id])
    return ProjectLight.objects.on(day).get(project=project)


def rule_color(project, rule, day):
    """The colour one rule gives the project on ``day`` (green when it is no reason)."""
    light = light_on(project, day)
    return next((r["color"] for r in light.reasons if r["rule"] == rule), "green")


def only_milestones_rule():
    """The defaults' set with every rule off but the late milestone's (yellow > 0 days, red
    > 30 days), so that a test's colours come from its milestones alone."""
    rules = {
        kind: {"enabled": kind == "milestone_overdue", "yellow": yellow, "red": red}
        for kind, (yellow, red) in DEFAULT_THRESHOLDS.items()
    }
    save_rules(None, rules, None)


def late_project(zone, planned=None, **fields):
    """A project whose completion was planned on ``planned`` (None: no milestone)."""
    project = ProjectFactory(zone=zone, **fields)
    if planned:
        MilestoneFactory(project=project, kind=MilestoneKind.COMPLETION, planned_on=planned)
    return project
