"""The land ledger's rules (SPEC section 14): areas, dates, the parcel's zone, history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from investment.choices import TargetMetric
from investment.models import LandParcel
from tests.factories import LandParcelFactory, ParkFactory, ProjectFactory, TargetFactory

pytestmark = pytest.mark.django_db


def errors_of(parcel):
    with pytest.raises(ValidationError) as caught:
        parcel.full_clean()
    return caught.value.message_dict


def test_a_parcel_with_its_fields_is_valid(zone_a, frozen_today):
    park = ParkFactory(zone=zone_a)
    project = ProjectFactory(zone=zone_a)
    parcel = LandParcelFactory.build(
        zone=zone_a,
        park=park,
        project=project,
        revitalized_on=date(2026, 6, 1),
        revitalized_mu=Decimal("50.00"),
        investment=Decimal("12000.00"),
    )
    parcel.full_clean()


def test_it_refuses_a_revitalized_area_above_the_parcel(zone_a, frozen_today):
    parcel = LandParcelFactory.build(
        zone=zone_a, revitalized_on=date(2026, 6, 1), revitalized_mu=Decimal("50.01")
    )
    assert list(errors_of(parcel)) == ["revitalized_mu"]


def test_it_asks_for_the_area_with_the_date_and_the_date_with_the_area(zone_a, frozen_today):
    assert "revitalized_mu" in errors_of(
        LandParcelFactory.build(zone=zone_a, revitalized_on=date(2026, 6, 1))
    )
    assert "revitalized_on" in errors_of(
        LandParcelFactory.build(zone=zone_a, revitalized_mu=Decimal("1.00"))
    )


def test_it_refuses_a_revitalization_before_the_identification(zone_a, frozen_today):
    parcel = LandParcelFactory.build(
        zone=zone_a, revitalized_on=date(2026, 2, 28), revitalized_mu=Decimal("1.00")
    )
    assert list(errors_of(parcel)) == ["revitalized_on"]


def test_it_refuses_dates_outside_2000_to_2100_and_in_the_future(zone_a, frozen_today):
    assert "identified_on" in errors_of(
        LandParcelFactory.build(zone=zone_a, identified_on=date(1999, 12, 31))
    )
    assert "identified_on" in errors_of(
        LandParcelFactory.build(zone=zone_a, identified_on=date(2026, 11, 23))
    )
    assert "planned_year" in errors_of(LandParcelFactory.build(zone=zone_a, planned_year=2101))


def test_park_and_project_must_be_of_the_parcels_zone(zone_a, zone_b, frozen_today):
    parcel = LandParcelFactory.build(
        zone=zone_a, park=ParkFactory(zone=zone_b), project=ProjectFactory(zone=zone_b)
    )
    assert sorted(errors_of(parcel)) == ["park", "project"]


def test_a_location_is_unique_in_its_zone(zone_a, zone_b, frozen_today):
    LandParcelFactory(zone=zone_a, location="丁卯路1号")
    assert list(errors_of(LandParcelFactory.build(zone=zone_a, location="丁卯路1号"))) == [
        "location"
    ]
    LandParcelFactory.build(zone=zone_b, location="丁卯路1号").full_clean()


def test_the_database_refuses_what_the_model_refuses(zone_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        LandParcelFactory(
            zone=zone_a, revitalized_on=date(2026, 6, 1), revitalized_mu=Decimal("60")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LandParcelFactory(zone=zone_a, revitalized_on=date(2026, 6, 1))


def test_changes_leave_history(zone_a, frozen_today):
    parcel = LandParcelFactory(zone=zone_a)
    parcel.revitalized_on, parcel.revitalized_mu = date(2026, 6, 1), Decimal("20.00")
    parcel.save()
    assert [h.history_type for h in LandParcel.history.filter(id=parcel.pk)] == ["~", "+"]


def test_a_land_target_has_no_minimum_project_size(zone_a):
    target = TargetFactory.build(
        zone=zone_a, metric=TargetMetric.LAND_REVITALIZED_MU, min_investment=Decimal("10000")
    )
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert list(caught.value.message_dict) == ["min_investment"]
