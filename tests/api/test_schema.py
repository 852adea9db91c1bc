"""The OpenAPI schema and the docs page: valid, complete, described, and offline."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

SPEC_PATHS = [
    "/api/auth/token/",
    "/api/regions/",
    "/api/zones/",
    "/api/parks/",
    "/api/projects/",
    "/api/milestones/",
    "/api/plans/",
    "/api/investment-reports/",
    "/api/targets/",
]


@pytest.fixture
def anonymous(db):
    cache.clear()  # API throttling counts requests in the cache
    return APIClient()


@pytest.fixture
def schema(anonymous):
    response = anonymous.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()


def test_the_schema_validates_as_openapi_3_without_a_warning(tmp_path, db):
    # drf-spectacular checks the result against the OpenAPI 3 JSON schema; --fail-on-warn
    # also fails on anything it could not work out (an undescribed field type, a name clash).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3.0")


def test_the_schema_has_every_path_of_the_spec(schema):
    assert schema["openapi"].startswith("3.0")
    for path in SPEC_PATHS:
        assert path in schema["paths"], path
    for path in SPEC_PATHS[1:]:
        assert set(schema["paths"][path]) == {"get", "post"}
        assert set(schema["paths"][path + "{id}/"]) == {"get", "put", "patch", "delete"}


def components_used(schema, paths):
    """The names of the components the operations of ``paths`` refer to, directly or not."""
    found, todo = set(), [schema["paths"][p] for p in paths if p in schema["paths"]]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.removeprefix("#/components/schemas/")
            if ref and name not in found:
                found.add(name)
                todo.append(schema["components"]["schemas"][name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def test_every_field_is_described(schema):
    paths = [p for p in schema["paths"] if any(p.startswith(s) for s in SPEC_PATHS)]
    used = components_used(schema, paths)
    assert {"Project", "PatchedProjectRequest", "PaginatedTargetList", "ZoneKindEnum"} <= used
    undescribed = [
        f"{name}.{field}"
        for name in sorted(used)
        for field, spec in schema["components"]["schemas"][name].get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []


def test_every_filter_is_described(schema):
    undescribed = [
        f"{path} {parameter['name']}"
        for path in SPEC_PATHS
        for parameter in schema["paths"][path].get("get", {}).get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []


def test_enums_are_listed(schema):
    components = schema["components"]["schemas"]
    assert components["CategoryEnum"]["enum"] == [
        "manufacturing",
        "services",
        "infrastructure",
        "urban",
        "livelihood",
        "tech_renovation",
        "innovation",
    ]
    assert components["StageEnum"]["enum"][0] == "negotiating"
    assert components["Project"]["properties"]["stage"]["readOnly"] is True


def test_the_schema_follows_the_language(anonymous):
    response = anonymous.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    project = response.json()["components"]["schemas"]["Project"]["properties"]
    assert project["total_investment"]["description"] == "总投资（万元）"


def test_the_docs_page_loads_only_assets_of_this_server(anonymous):
    response = anonymous.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert len(urls) == 4  # favicon, Swagger UI's stylesheet and bundle, our script
    assert all(url.startswith("/static/") for url in urls), urls
    for url in urls:
        assert finders.find(url.removeprefix("/static/")), url
    # Nothing inline for the CSP to refuse.
    assert "<style" not in html
    assert len(re.findall(r"<script", html)) == len(re.findall(r"<script src=", html))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_read_only_fields_over_nullable_columns_are_nullable(schema):
    components = schema["components"]["schemas"]
    # A milestone entered by an import or the demo has no recording user.
    assert components["Milestone"]["properties"]["recorded_by"]["nullable"] is True
    assert components["BlockerStep"]["properties"]["by"]["nullable"] is True
    assert "nullable" not in components["Project"]["properties"]["stage"]


def _query(schema, path, name):
    (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found["schema"]


def test_query_parameters_are_as_exact_as_the_checks_behind_them(schema):
    # A number filter of whole years or days: integer, with the filter's bounds.
    assert _query(schema, "/api/land-parcels/", "identified_year") == {
        "type": "integer",
        "minimum": 2000,
        "maximum": 2100,
    }
    assert _query(schema, "/api/blockers/", "older_than") == {
        "type": "integer",
        "minimum": 0,
        "maximum": 3650,
    }
    # Declared by hand: as the query serializers check them.
    assert _query(schema, "/api/stats/", "year") == {
        "type": "integer",
        "minimum": 2000,
        "maximum": 2100,
    }
    for path, name in [
        ("/api/stats/", "zone"),
        ("/api/alerts/", "zone"),
        ("/api/lights/", "project"),
    ]:
        assert _query(schema, path, name) == {"type": "integer", "minimum": 1}
    assert "completion_rate" in _query(schema, "/api/stats/ranking/", "metric")["enum"]


@pytest.mark.parametrize(
    ("path", "name"), [("/api/stats/", "as_of"), ("/api/projects/", "due_from")]
)
def test_date_parameters_are_patterned_to_the_years_2000_to_2100(schema, path, name):
    pattern = _query(schema, path, name)["pattern"]
    for date in ("2000-01-01", "2026-11-22", "2100-12-31"):
        assert re.match(pattern, date)
    for date in ("1999-12-31", "2101-01-01", "0001-01-01", "20260101", "2026-13-01", "2026-1-1"):
        assert not re.match(pattern, date)


def test_money_patterns_refuse_empty_strings_and_negatives_where_invalid(schema):
    components = schema["components"]["schemas"]
    total = components["ProjectRequest"]["properties"]["total_investment"]["pattern"]
    assert re.match(total, "12.50")
    assert re.match(total, "0")
    assert not re.match(total, "")
    assert not re.match(total, ".")
    assert not re.match(total, "-5.00")
    # Figures may be negative (a fall against last year): their pattern keeps the sign.
    domestic = components["FundsFigures"]["properties"]["domestic"]["pattern"]
    assert re.match(domestic, "-5.00")
    assert not re.match(domestic, "-")


def test_every_refusal_an_operation_can_give_is_documented(schema):
    paths = schema["paths"]
    assert set(paths["/api/projects/{id}/"]["put"]["responses"]) == {
        "200", "400", "401", "403", "404", "409", "412", "429"
    }  # fmt: skip
    assert set(paths["/api/projects/{id}/"]["get"]["responses"]) == {
        "200", "401", "403", "404", "429"
    }  # fmt: skip
    # A list: refused filters (400) and a page past the last (404).
    assert set(paths["/api/projects/"]["get"]["responses"]) == {
        "200", "400", "401", "403", "404", "429"
    }  # fmt: skip
    # Anyone may ask for a token: no 401 or 403 there.
    assert set(paths["/api/auth/token/"]["post"]["responses"]) == {"200", "400", "429"}
    problem = paths["/api/projects/{id}/"]["get"]["responses"]["404"]["content"]
    assert problem["application/json"]["schema"] == {"$ref": "#/components/schemas/NotFound"}


def test_dates_sent_are_patterned_to_the_years_and_dates_answered_are_not(schema):
    components = schema["components"]["schemas"]
    pattern = components["MilestoneRequest"]["properties"]["planned_on"]["pattern"]
    assert re.match(pattern, "2026-11-22")
    assert not re.match(pattern, "1999-12-31")
    # An answer's dates are not held to it (last year's figures may name a day of 1999).
    assert "pattern" not in components["Milestone"]["properties"]["planned_on"]
