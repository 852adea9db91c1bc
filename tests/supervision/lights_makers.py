"""Helpers of the light tests: evaluate a zone on a day, read a project's light and rules."""

from supervision.lights.evaluate import evaluate
from supervision.lights.models import ProjectLight


def light_on(project, day, evaluate_first=True):
    """The project's light in force on ``day`` (evaluating its zone that day first)."""
    if evaluate_first:
        evaluate(day, zone_ids=[project.zone_id])
    return ProjectLight.objects.on(day).get(project=project)


def rule_color(project, rule, day):
    """The colour one rule gives the project on ``day`` (green when it is no reason)."""
    light = light_on(project, day)
    return next((r["color"] for r in light.reasons if r["rule"] == rule), "green")
