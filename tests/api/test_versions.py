"""Every object kind written over the API has its own version: an ETag on read, If-Match on
PUT, PATCH and DELETE, 412 on a stale one (issue 15). Projects have their cases in
tests/projects/test_api.py; these are the milestones, plan entries, reports and targets, and
the schema that documents all of them. The races themselves run on PostgreSQL in
tests/concurrency/."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from investment.models import AnnualPlanEntry, InvestmentReport, Target
from projects.models import Milestone, Project
from tests.api.cases import client_for
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
    StartedProjectFactory,
    TargetFactory,
)

# (url, model, writer fixture, factory of an object of zone A, a change and what it stores)
KINDS = {
    "milestones": (
        "/api/milestones/",
        Milestone,
        "alice",
        lambda zone: MilestoneFactory(project=ProjectFactory(zone=zone)),
        {"note": "签约仪式"},
    ),
    "plans": (
        "/api/plans/",
        AnnualPlanEntry,
        "alice",
        lambda zone: AnnualPlanEntryFactory(project=ProjectFactory(zone=zone)),
        {"planned_investment": "9000.00"},
    ),
    "investment-reports": (
        "/api/investment-reports/",
        InvestmentReport,
        "alice",
        lambda zone: InvestmentReportFactory(project=StartedProjectFactory(zone=zone)),
        {"image_progress": "85.00"},
    ),
    "targets": (
        "/api/targets/",
        Target,
        "carol",
        lambda zone: TargetFactory(zone=zone),
        {"annual_value": "25.00"},
    ),
}


@pytest.fixture(params=list(KINDS))
def kind(request, zone_a, frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    url, model, writer, make, change = KINDS[request.param]
    obj = make(zone_a)
    client = client_for(request.getfixturevalue(writer), language="en")
    return f"{url}{obj.pk}/", model, obj, client, change


def later():
    """Five minutes after the frozen "now": a second write gets a later version."""
    return time_machine.travel("2026-11-22 12:05 +0800", tick=False)


def test_a_read_gives_an_etag_and_every_write_a_new_one(kind):
    url, _model, _obj, client, change = kind
    etag = client.get(url)["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    with later():
        written = client.patch(url, change, HTTP_IF_MATCH=etag)
    assert written.status_code == 200
    assert written["ETag"] != etag
    assert client.get(url)["ETag"] == written["ETag"]


def test_a_stale_if_match_is_refused_with_412_and_changes_nothing(kind):
    url, model, obj, client, change = kind
    etag = client.get(url)["ETag"]
    with later():
        # Someone else writes first (not through the API: any save is a new version).
        model.objects.get(pk=obj.pk).save()
        stored = model.objects.filter(pk=obj.pk).values().get()
        current = {**client.get(url).data, **change}
        put = client.put(url, current, format="json", HTTP_IF_MATCH=etag)
        patch = client.patch(url, change, HTTP_IF_MATCH=etag)
        delete = client.delete(url, HTTP_IF_MATCH=etag)
    assert [put.status_code, patch.status_code, delete.status_code] == [412, 412, 412]
    assert patch.json() == {
        "detail": "Someone changed this object after you read it. Read it again, then repeat "
        "your change."
    }
    assert model.objects.filter(pk=obj.pk).values().get() == stored


def test_the_current_etag_a_star_or_no_if_match_write(kind):
    # Without If-Match a write is not checked against a read, as for projects.
    url, model, obj, client, change = kind
    assert client.patch(url, change, HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 200
    assert client.patch(url, change, HTTP_IF_MATCH="*").status_code == 200
    assert client.patch(url, change).status_code == 200
    assert client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 204
    assert not model.objects.filter(pk=obj.pk).exists()


def test_a_write_locks_the_row_it_checks_if_match_against(kind):
    url, _model, _obj, client, change = kind
    with CaptureQueriesContext(connection) as queries:
        assert client.patch(url, change).status_code == 200
    locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    # The object's row; a milestone's project too, twice: by write_milestones before it checks
    # the rules and by Milestone.save, which stores the stage (a second lock in the same
    # transaction waits for nothing).
    expected = 1 + 2 * ("/milestones/" in url)
    assert len(locked) == (expected if connection.features.has_select_for_update else 0)


# -- milestones: the rules across a project's rows, checked again when saving ---------------


@pytest.fixture
def api(frozen_today):
    cache.clear()
    return client_for


def test_a_milestone_recorded_meanwhile_makes_the_check_fail_at_save_with_a_400(
    api, alice, zone_a, monkeypatch
):
    # The serializer's check passes (no groundbreaking yet); then, before the save, another
    # official records the groundbreaking on 2026-03-01. The save checks again under the
    # project's lock and refuses the signing of 2026-03-05, after it: 400, nothing stored.
    project = ProjectFactory(zone=zone_a, is_attracted=False)
    validate = Milestone.clean

    def someone_records_the_groundbreaking(milestone):
        validate(milestone)
        if not Milestone.objects.filter(kind="groundbreaking").exists():
            Milestone.objects.create(
                project=project, kind="groundbreaking", actual_on=date(2026, 3, 1)
            )

    monkeypatch.setattr(Milestone, "clean", someone_records_the_groundbreaking)
    body = {"project": project.pk, "kind": "signing", "actual_on": "2026-03-05"}
    response = api(alice, language="en").post("/api/milestones/", body)
    assert response.status_code == 400
    assert response.json() == {
        "actual_on": ["Signing cannot be after Groundbreaking (2026-03-01)."]
    }
    # (The other write shares this test's connection, so the refusal rolled it back too.)
    assert not project.milestones.filter(kind="signing").exists()


def test_a_second_milestone_of_a_kind_recorded_meanwhile_is_a_400(api, alice, zone_a, monkeypatch):
    project = ProjectFactory(zone=zone_a)
    validate = Milestone.validate_constraints
    calls = []

    def someone_records_the_signing(milestone, exclude=None):
        # Only the serializer's check, the first call, runs before the other write.
        if not calls:
            calls.append(milestone)
            validate(milestone, exclude)
            Milestone.objects.create(project=project, kind="signing", actual_on=date(2026, 3, 1))
            return
        validate(milestone, exclude)

    monkeypatch.setattr(Milestone, "validate_constraints", someone_records_the_signing)
    body = {"project": project.pk, "kind": "signing", "actual_on": "2026-03-05"}
    response = api(alice, language="en").post("/api/milestones/", body)
    assert response.status_code == 400
    assert response.json() == {"kind": ["This project already has a milestone of this kind."]}
    assert not project.milestones.filter(actual_on=date(2026, 3, 5)).exists()


def test_a_unique_race_on_another_kind_of_row_is_a_400_naming_the_field(
    api, alice, zone_a, monkeypatch
):
    # The database refuses the insert (another create won): the model's own message, once.
    project = StartedProjectFactory(zone=zone_a)
    validate = AnnualPlanEntry.validate_constraints
    calls = []

    def the_other_create_commits_after_the_check(entry, exclude=None):
        if not calls:
            calls.append(entry)
            validate(entry, exclude)
            AnnualPlanEntryFactory(project=project, year=2026)
            return
        validate(entry, exclude)

    monkeypatch.setattr(
        AnnualPlanEntry, "validate_constraints", the_other_create_commits_after_the_check
    )
    body = {"year": 2026, "project": project.pk, "plan_type": "continuing"}
    body["planned_investment"] = "100.00"
    response = api(alice, language="en").post("/api/plans/", body)
    assert response.status_code == 400
    assert response.json() == {"year": ["This project is already on the plan of this year."]}


def test_a_unique_race_the_model_cannot_name_is_a_409(api, alice, zone_a, monkeypatch):
    project = StartedProjectFactory(zone=zone_a)

    def refused(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(AnnualPlanEntry, "save", refused)
    body = {"year": 2026, "project": project.pk, "plan_type": "continuing"}
    body["planned_investment"] = "100.00"
    response = api(alice, language="en").post("/api/plans/", body)
    assert response.status_code == 409
    assert "at the same time" in response.json()["detail"]


def test_a_full_project_save_leaves_the_stage_to_the_milestones(zone_a, frozen_today):
    # A copy read before the signing was recorded still says "negotiating": saving it must
    # not put that back over the stage the signing stored.
    project = ProjectFactory(zone=zone_a)
    stale = Project.objects.get(pk=project.pk)
    MilestoneFactory(project=project, kind="signing", actual_on=date(2026, 3, 1))
    stale.name = "改名"
    stale.save()
    stored = Project.objects.get(pk=project.pk)
    assert (stored.name, stored.stage) == ("改名", "signed")


# -- the schema ------------------------------------------------------------------------------


@pytest.fixture
def schema(db):
    cache.clear()
    response = client_for().get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    return response.json()


@pytest.mark.parametrize("path", ["/api/projects/", *[url for url, *_rest in KINDS.values()]])
def test_the_schema_documents_etag_if_match_and_412(schema, path):
    detail = schema["paths"][path + "{id}/"]
    for method in ("put", "patch", "delete"):
        operation = detail[method]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "If-Match" in headers, method
        assert "412" in operation["responses"], method
    for method, code in (("get", "200"), ("put", "200"), ("patch", "200")):
        assert "ETag" in detail[method]["responses"][code]["headers"], method
    assert "ETag" in schema["paths"][path]["post"]["responses"]["201"]["headers"]
    assert "412" not in schema["paths"][path]["post"]["responses"]
