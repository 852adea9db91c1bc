"""/api/land-parcels/: the shared permission cases (another zone 404, read-only 403) and the
parcel's rules through the API."""

from decimal import Decimal

import pytest

from investment.models import LandParcel
from tests.api.cases import APICases, client_for
from tests.factories import LandParcelFactory, ParkFactory, ProjectFactory

URL = "/api/land-parcels/"


class TestLandParcelAPI(APICases):
    url = URL
    model = LandParcel

    def make(self, zone):
        return LandParcelFactory(zone=zone)

    def create_data(self, zone):
        return {
            "zone": zone.pk,
            "location": "丁卯路88号",
            "area_mu": "35.50",
            "land_use": "工业",
            "kind": "zombie",
            "identified_on": "2026-03-01",
            "method": "redevelop",
            "planned_year": 2026,
            "revitalized_on": "2026-09-30",
            "revitalized_mu": "35.50",
            "investment": "12000.00",
        }

    def update_data(self, obj):
        return {"revitalized_on": "2026-10-01", "revitalized_mu": "20.00"}


@pytest.mark.django_db
def test_the_api_refuses_a_revitalized_area_above_the_parcel(alice, zone_a, frozen_today):
    parcel = LandParcelFactory(zone=zone_a, area_mu=Decimal("10.00"))
    response = client_for(alice).patch(
        f"{URL}{parcel.pk}/",
        {"revitalized_on": "2026-10-01", "revitalized_mu": "10.01"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["revitalized_mu"]
    parcel.refresh_from_db()
    assert parcel.revitalized_on is None


@pytest.mark.django_db
def test_the_api_refuses_a_project_of_another_zone(alice, zone_a, zone_b, frozen_today):
    parcel = LandParcelFactory(zone=zone_a)
    other = ProjectFactory(zone=zone_b)
    response = client_for(alice).patch(f"{URL}{parcel.pk}/", {"project": other.pk}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_official_records_the_park_and_project_of_its_zone(alice, zone_a, frozen_today):
    park, project = ParkFactory(zone=zone_a), ProjectFactory(zone=zone_a)
    parcel = LandParcelFactory(zone=zone_a)
    response = client_for(alice).patch(
        f"{URL}{parcel.pk}/", {"park": park.pk, "project": project.pk}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["park"], response.json()["project"]) == (park.pk, project.pk)


@pytest.mark.django_db
def test_the_year_filters_take_a_whole_year_of_2000_to_2100(alice, zone_a, frozen_today):
    LandParcelFactory(zone=zone_a, identified_on="2026-03-01")
    LandParcelFactory(zone=zone_a, identified_on="2025-03-01")
    client = client_for(alice)
    response = client.get(URL, {"identified_year": "2026"})
    assert (response.status_code, response.json()["count"]) == (200, 1)
    # A decimal year (schemathesis sent 3.6687462676620234e-104) was a 500.
    for year in ["3.6687462676620234e-104", "2026.5", "1999", "2101"]:
        response = client.get(URL, {"identified_year": year, "revitalized_year": "2026"})
        assert response.status_code == 400, year
        assert list(response.json()) == ["identified_year"], year
