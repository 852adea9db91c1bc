"""/api/park-indicators/: the shared permission cases (another zone 404, read-only 403; the
zone is the park's) and the indicator's rules through the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investment.models import ParkIndicator
from tests.api.cases import APICases, client_for
from tests.factories import ParkFactory, ParkIndicatorFactory

URL = "/api/park-indicators/"


class TestParkIndicatorAPI(APICases):
    url = URL
    model = ParkIndicator
    zone_field = "park"

    def make(self, zone):
        return ParkIndicatorFactory(park=ParkFactory(zone=zone))

    def create_data(self, zone):
        return {
            "park": ParkFactory(zone=zone).pk,
            "year": 2026,
            "quarter": None,
            "output_value": "30000.00",
            "tax_revenue": "1500.00",
            "industrial_output": "24000.00",
        }

    def update_data(self, obj):
        return {"tax_revenue": "1600.00"}


@pytest.mark.django_db
def test_the_api_gives_the_contract_s_fields(alice, zone_a):
    indicator = ParkIndicatorFactory(park=ParkFactory(zone=zone_a), quarter=2)
    body = client_for(alice).get(f"{URL}{indicator.pk}/").json()
    assert body == {
        "id": indicator.pk,
        "park": indicator.park_id,
        "year": 2026,
        "quarter": 2,
        "output_value": "10000.00",
        "tax_revenue": "600.00",
        "industrial_output": "8000.00",
    }


@pytest.mark.django_db
def test_the_api_refuses_a_second_row_for_the_year(alice, zone_a):
    park = ParkFactory(zone=zone_a)
    ParkIndicatorFactory(park=park)
    response = client_for(alice).post(
        URL, {"park": park.pk, "year": 2026, "output_value": "1.00"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["quarter"]


@pytest.mark.django_db
def test_an_official_cannot_move_an_indicator_to_a_park_of_another_zone(alice, zone_a, zone_b):
    indicator = ParkIndicatorFactory(park=ParkFactory(zone=zone_a))
    other = ParkFactory(zone=zone_b)
    response = client_for(alice).patch(f"{URL}{indicator.pk}/", {"park": other.pk}, format="json")
    assert response.status_code in (400, 403)
    indicator.refresh_from_db()
    assert indicator.park.zone_id == zone_a.pk


@pytest.mark.django_db
def test_the_list_filters_by_zone_in_as_many_queries_for_3_rows_as_for_30(alice, zone_a, zone_b):
    ParkIndicatorFactory(park=ParkFactory(zone=zone_b))
    client = client_for(alice)

    def queries_for(rows):
        for _ in range(rows - ParkIndicator.objects.filter(park__zone=zone_a).count()):
            ParkIndicatorFactory(park=ParkFactory(zone=zone_a))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{URL}?zone={zone_a.pk}&page_size=50")
        assert response.json()["count"] == rows
        return len(captured)

    assert queries_for(3) == queries_for(30)
