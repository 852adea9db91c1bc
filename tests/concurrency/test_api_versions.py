"""Two writers of one object over the API at the same moment, on PostgreSQL (issue 15): both
read the same version, both write with If-Match. Exactly one write lands (200), the other is
told the object changed (412); the stored row is the winner's, never a mix; no 5xx. For every
object kind that has a version: projects, milestones, plan entries, reports and targets."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connections
from rest_framework.authtoken.models import Token

from investment.models import AnnualPlanEntry, InvestmentReport, Target
from projects.models import Milestone, Project
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
    StartedProjectFactory,
    TargetFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# (url, model, the writer's fixture, a factory of an object of zone A, a field and two values)
KINDS = {
    "projects": (
        "/api/projects/",
        Project,
        "alice",
        lambda zone: ProjectFactory(zone=zone),
        "name",
        ("甲方案", "乙方案"),
    ),
    "milestones": (
        "/api/milestones/",
        Milestone,
        "alice",
        lambda zone: MilestoneFactory(project=ProjectFactory(zone=zone)),
        "note",
        ("甲", "乙"),
    ),
    "plans": (
        "/api/plans/",
        AnnualPlanEntry,
        "alice",
        lambda zone: AnnualPlanEntryFactory(project=ProjectFactory(zone=zone)),
        "planned_investment",
        ("9000.00", "7000.00"),
    ),
    "investment-reports": (
        "/api/investment-reports/",
        InvestmentReport,
        "alice",
        lambda zone: InvestmentReportFactory(project=StartedProjectFactory(zone=zone)),
        "image_progress",
        ("85.00", "60.00"),
    ),
    "targets": (
        "/api/targets/",
        Target,
        "carol",
        lambda zone: TargetFactory(zone=zone),
        "annual_value",
        ("25.00", "30.00"),
    ),
}


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    default = connections.settings["default"]
    kept, default["CONN_MAX_AGE"] = default["CONN_MAX_AGE"], 0
    yield
    default["CONN_MAX_AGE"] = kept


@pytest.mark.parametrize("name", list(KINDS))
def test_two_writers_of_one_version_one_lands_the_other_is_told(name, request, live_server, zone_a):
    url, model, writer, make, field, values = KINDS[name]
    obj = make(zone_a)
    token = Token.objects.create(user=request.getfixturevalue(writer)).key
    address = f"{live_server.url}{url}{obj.pk}/"
    headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
    etag = requests.get(address, headers=headers, timeout=30).headers["ETag"]
    both_read = threading.Barrier(2)

    def write(value):
        both_read.wait()
        return requests.patch(
            address, json={field: value}, headers={**headers, "If-Match": etag}, timeout=60
        )

    for _ in range(5):
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(write, values))
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200, 412], [answer.text for answer in answers]
        winner = next(value for value, a in zip(values, answers, strict=True) if a.ok)
        assert str(getattr(model.objects.get(pk=obj.pk), field)) == winner
        etag = next(a for a in answers if a.ok).headers["ETag"]
