"""Hostile or broken input to the API (issue 15): a 400 with a clear message, never a 500."""

import json

import pytest

from tests.api.cases import client_for, fresh_throttles  # noqa: F401
from tests.factories import ProjectFactory

pytestmark = pytest.mark.usefixtures("fresh_throttles")


def nested_arrays(depth):
    return "[" * depth + "]" * depth


def test_a_json_body_nested_100000_deep_is_a_400_naming_the_depth(alice):
    response = client_for(alice).post(
        "/api/projects/", nested_arrays(100_000), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON 解析错误 - 数组和对象的嵌套超过 32 层。"


def test_a_json_body_nested_within_the_limit_is_parsed(alice, zone_a):
    # 20 levels is deeper than any of the API's bodies yet well within the limit: the
    # request reaches the serializer, which refuses the list as a project (400 per field).
    response = client_for(alice).post(
        "/api/projects/", nested_arrays(20), content_type="application/json"
    )
    assert response.status_code == 400
    assert "32" not in json.dumps(response.json(), ensure_ascii=False)


def test_a_json_body_over_the_size_limit_is_a_413(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = client_for(alice).post("/api/projects/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"]


@pytest.mark.parametrize("typed", ["1_000", "1e3", "NaN", "0x10", "１０００"])
def test_a_number_outside_the_documented_format_is_refused(alice, zone_a, typed):
    project = ProjectFactory(zone=zone_a)
    response = client_for(alice).patch(
        f"/api/projects/{project.pk}/", {"total_investment": typed}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert "total_investment" in response.json()


def test_a_plain_decimal_number_is_still_accepted(alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    response = client_for(alice).patch(
        f"/api/projects/{project.pk}/", {"total_investment": "-1.5"}, format="json"
    )
    # Read as a number, then refused by the model's rule (never negative), not the format.
    assert response.status_code == 400
    response = client_for(alice).patch(
        f"/api/projects/{project.pk}/", {"total_investment": "12000.50"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["total_investment"] == "12000.50"


@pytest.mark.parametrize("typed", ["20260101", "2026/01/01", "0001-01-01", "2101-01-01"])
def test_a_date_outside_the_format_or_the_years_is_refused_in_a_body(alice, zone_a, typed):
    project = ProjectFactory(zone=zone_a)
    response = client_for(alice).post(
        "/api/milestones/",
        {"project": project.pk, "kind": "signing", "planned_on": typed},
        format="json",
    )
    assert response.status_code == 400
    assert "planned_on" in response.json()


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "20260101"])
def test_a_date_parameter_outside_the_years_is_a_400(alice, zone_a, typed):
    response = client_for(alice).get("/api/stats/ranking/", {"as_of": typed})
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_a_date_parameter_in_the_years_is_read(alice, zone_a):
    response = client_for(alice).get("/api/stats/ranking/", {"as_of": "2026-06-30"})
    assert response.status_code == 200


def test_a_form_body_over_the_size_limit_is_a_413_in_json(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = client_for(alice, language="en")
    for body in ({"name": "x" * 2000}, "name=" + "x" * 2000):
        if isinstance(body, dict):  # multipart, as a browser's file form sends it
            response = client.post("/api/projects/", body, format="multipart")
        else:
            response = client.post(
                "/api/projects/", body, content_type="application/x-www-form-urlencoded"
            )
        assert response.status_code == 413
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "The request body is larger than 1000 bytes."}


def test_too_many_fields_are_a_400_in_json_naming_the_limit(alice, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = client_for(alice, language="en")
    fields = {f"field{n}": "1" for n in range(11)}
    expected = {
        "detail": "The request carries more than 10 fields (in the address or the form). "
        "Nothing was changed."
    }

    response = client.post("/api/projects/", fields, format="multipart")
    assert (response.status_code, response.json()) == (400, expected)
    response = client.get("/api/projects/", fields)
    assert (response.status_code, response.json()) == (400, expected)
    # Ten parameters are read: the list answers.
    del fields["field0"]
    assert client.get("/api/projects/", fields).status_code == 200
