"""Import templates show made-up example rows, never another zone's real codes or parks."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from investment.excel import IMPORTERS
from tests.factories import ParkFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("frozen_today")


def _cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    # Row 1 is the header; the example rows follow (the dropdown lists live elsewhere).
    return {str(cell) for row in sheet.iter_rows(min_row=2, values_only=True) for cell in row}


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_no_template_shows_another_zones_zone_park_or_project(client, bob, zone_a, kind):
    park = ParkFactory(zone=zone_a, name="新材料产业园")
    project = ProjectFactory(zone=zone_a, park=park, code="ZA-REAL-001")
    client.force_login(bob)

    response = client.get(reverse("investment:template", args=[kind]))

    assert response.status_code == 200
    shown = _cells(response)
    assert not shown & {zone_a.name, zone_a.code, park.name, project.code}
