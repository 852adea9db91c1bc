"""The audit page: a zone lead's and leadership's trail of their zones, filtered and exported."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parks.choices import Role
from tests.factories import (
    InvestmentReportFactory,
    MembershipFactory,
    ParkFactory,
    ProjectFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("reports:audit")
EXPORT_URL = reverse("reports:audit_export")


def _codes(response):
    return sorted((row["subject_kind"], row["subject_code"]) for row in response.context["rows"])


def test_an_official_may_not_open_it_and_finds_no_link(client, alice):
    client.force_login(alice)
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    assert 'id="nav-audit"' not in client.get(reverse("home")).content.decode()


def test_a_zone_lead_sees_the_history_of_its_zone_only(client, carol, zone_a, zone_b):
    ProjectFactory(zone=zone_a, code="ZA-001")
    InvestmentReportFactory(project=ProjectFactory(zone=zone_b, code="ZB-001"))
    ParkFactory(zone=zone_b, name="乙园")
    client.force_login(carol)

    response = client.get(URL)

    assert response.status_code == 200
    # One project created in zone A; zone B's project, report and park never show.
    assert _codes(response) == [("project", "ZA-001")]
    assert 'id="nav-audit"' in response.content.decode()


def test_leadership_sees_every_zone_of_its_region(client, dave, zone_a, zone_b):
    ProjectFactory(zone=zone_a, code="ZA-001")
    report = InvestmentReportFactory(project=ProjectFactory(zone=zone_b, code="ZB-001"))
    ProjectFactory(zone=ZoneFactory(code="ELSEWHERE"), code="X-001")
    client.force_login(dave)

    response = client.get(URL)

    # Two projects and one report in dave's city; the project of a zone elsewhere is left out.
    assert _codes(response) == [
        ("investmentreport", "ZB-001"),
        ("project", "ZA-001"),
        ("project", "ZB-001"),
    ]
    assert report.project.code == "ZB-001"


def test_it_filters_by_user_kind_object_and_day(client, carol, zone_a):
    first = ProjectFactory(zone=zone_a, code="ZA-001")
    ProjectFactory(zone=zone_a, code="ZA-002")
    InvestmentReportFactory(project=first)
    first.name = "改名"
    first._history_user = carol
    first.save()
    client.force_login(carol)

    # ZA-001: created, its report created, renamed by carol = 3 rows; ZA-002: 1 row.
    assert len(client.get(URL, {"subject": "za-001"}).context["rows"]) == 3
    assert len(client.get(URL, {"subject": str(first.pk), "kind": "project"}).context["rows"]) == 2
    assert _codes(client.get(URL, {"kind": "investmentreport"})) == [("investmentreport", "ZA-001")]
    by_carol = client.get(URL, {"user": "carol"}).context["rows"]
    assert [(row["subject_code"], row["change"]) for row in by_carol] == [("ZA-001", "~")]
    # frozen_today is the day every row was written: the day before selects none.
    day = by_carol[0]["changed_at"].date()
    assert (
        len(client.get(URL, {"start": day.isoformat(), "end": day.isoformat()}).context["rows"])
        == 4
    )
    assert client.get(URL, {"end": "2001-01-01"}).context["rows"] == []


def test_a_date_outside_2000_to_2100_is_refused_and_ignored(client, carol, zone_a):
    ProjectFactory(zone=zone_a, code="ZA-001")
    client.force_login(carol)
    response = client.get(URL, {"start": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    assert len(response.context["rows"]) == 1


def test_it_exports_the_filtered_trail_to_excel(client, carol, zone_a, zone_b):
    ProjectFactory(zone=zone_a, code="ZA-001")
    ProjectFactory(zone=zone_b, code="ZB-001")
    client.force_login(carol)

    response = client.get(EXPORT_URL)

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # Zone A's one project only; kind in words, object code and zone.
    assert [(row[3], row[4], row[6]) for row in rows] == [("项目", "ZA-001", "镇江新区")]


@pytest.mark.parametrize("zones", [3, 30])
def test_its_query_count_does_not_grow_with_zones_or_rows(
    client, city, zones, django_assert_num_queries
):
    lead = UserFactory(username="lead")
    for n in range(zones):
        zone = ZoneFactory(region=city, code=f"Z{n:02}")
        MembershipFactory(user=lead, role=Role.ZONE_LEAD, zone=zone)
        InvestmentReportFactory(project=ProjectFactory(zone=zone, code=f"Z{n:02}-001"))
    client.force_login(lead)
    # session, user, memberships, count, the page (one UNION over every audited table)
    with django_assert_num_queries(5):
        response = client.get(URL)
    # Each zone: a project and its report created = 2 rows; page size 50.
    assert response.context["page"].paginator.count == 2 * zones
    assert len(response.context["rows"]) == min(2 * zones, 50)
