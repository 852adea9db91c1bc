"""The admin is usable for every model, in Chinese, with filters and search."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision.models import ProgressUpdate, TaskForceMember
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    LandParcelFactory,
    LeaderFactory,
    MembershipFactory,
    MilestoneFactory,
    ParkFactory,
    ProjectFactory,
    TargetFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label != "auth"]
# django-axes' failed logins are written by the lockout only: the admin reads and deletes
# them (which unlocks), it adds none.
ADDABLE = [model for model in MODELS if model._meta.app_label != "axes"]


@pytest.fixture
def some_data(frozen_today):
    park = ParkFactory()
    MembershipFactory(zone=park.zone)
    milestone = MilestoneFactory(project__zone=park.zone, project__park=park)
    AnnualPlanEntryFactory(project=milestone.project)
    InvestmentReportFactory(project=milestone.project)
    TargetFactory(zone=park.zone)
    LandParcelFactory(zone=park.zone, park=park, project=milestone.project)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_a_searchable_changelist_in_chinese(model, admin_client, some_data):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.get(url, {"q": "项目"})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("model", ADDABLE, ids=lambda m: m._meta.label)
def test_every_model_has_an_add_form(model, admin_client):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    assert admin_client.get(url).status_code == 200


def test_the_project_changelist_speaks_chinese(admin_client, some_data):
    response = admin_client.get(reverse("admin:projects_project_changelist"))
    content = response.content.decode()
    assert "总投资（万元）" in content
    assert "阶段" in content


def _leader(zone):
    return LeaderFactory(region=zone.region, user=UserFactory())


def _member(zone):
    return TaskForceMember.objects.create(
        project=ProjectFactory(zone=zone), name="张三", unit="发改局", role="member"
    )


def _update(zone):
    return ProgressUpdate.objects.create(
        project=ProjectFactory(zone=zone, cadence="monthly"),
        period_start=date(2026, 11, 1),
        image_progress=Decimal(10),
        progress="进展",
    )


MAKERS = {
    "projects_leader": _leader,
    "supervision_taskforcemember": _member,
    "supervision_progressupdate": _update,
}


@pytest.mark.parametrize("name", MAKERS)
def test_the_supervision_changelists_cost_the_same_queries_for_3_and_30_zones(
    name, admin_client, frozen_today
):
    url = reverse(f"admin:{name}_changelist")

    def count(rows):
        for _ in range(rows):
            MAKERS[name](ZoneFactory())
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    assert count(3) == count(27)
