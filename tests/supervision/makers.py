"""Blockers and notices for the supervision tests (dates around the frozen 2026-11-22)."""

from datetime import date

from supervision.choices import BlockerCategory
from supervision.models import Blocker, Notice
from tests.factories import ProjectFactory


def make_blocker(zone=None, project=None, **fields):
    project = project or ProjectFactory(zone=zone)
    values = {
        "title": "用地指标未落实",
        "category": BlockerCategory.LAND,
        "responsible_unit": "自然资源和规划局",
        "raised_on": date(2026, 11, 1),
        "deadline": date(2026, 11, 30),
    }
    return Blocker.objects.create(project=project, **(values | fields))


def make_notice(zone=None, project=None, **fields):
    project = project or ProjectFactory(zone=zone)
    values = {
        "unit": "自然资源和规划局",
        "issued_on": date(2026, 11, 20),
        "deadline": date(2026, 11, 27),
        "required_reply": "说明用地指标落实时间。",
    }
    return Notice.objects.create(zone=project.zone, project=project, **(values | fields))
