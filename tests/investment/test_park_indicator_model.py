"""Park indicators' rules (SPEC section 14): one row per park, year and quarter (or the whole
year), quarters 1 to 4, values never negative, industrial output within the output, history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from investment.models import ParkIndicator
from tests.factories import ParkFactory, ParkIndicatorFactory

pytestmark = pytest.mark.django_db


def errors_of(indicator):
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    return caught.value.message_dict


def test_a_year_and_its_quarters_are_valid_side_by_side(zone_a):
    park = ParkFactory(zone=zone_a)
    ParkIndicatorFactory(park=park, quarter=None)
    for quarter in (1, 2, 3, 4):
        ParkIndicatorFactory.build(park=park, quarter=quarter).full_clean()


def test_it_refuses_a_second_row_for_the_same_year(zone_a):
    park = ParkFactory(zone=zone_a)
    ParkIndicatorFactory(park=park, quarter=None)
    assert list(errors_of(ParkIndicatorFactory.build(park=park, quarter=None))) == ["quarter"]
    with pytest.raises(IntegrityError), transaction.atomic():
        ParkIndicatorFactory(park=park, quarter=None)


def test_it_refuses_a_second_row_for_the_same_quarter(zone_a):
    park = ParkFactory(zone=zone_a)
    ParkIndicatorFactory(park=park, quarter=2)
    assert list(errors_of(ParkIndicatorFactory.build(park=park, quarter=2))) == ["quarter"]
    with pytest.raises(IntegrityError), transaction.atomic():
        ParkIndicatorFactory(park=park, quarter=2)


def test_it_refuses_a_quarter_outside_1_to_4(zone_a):
    park = ParkFactory(zone=zone_a)
    assert "quarter" in errors_of(ParkIndicatorFactory.build(park=park, quarter=5))
    assert "quarter" in errors_of(ParkIndicatorFactory.build(park=park, quarter=0))


def test_it_refuses_negative_values_and_an_empty_row(zone_a):
    park = ParkFactory(zone=zone_a)
    assert "tax_revenue" in errors_of(
        ParkIndicatorFactory.build(park=park, tax_revenue=Decimal("-1"))
    )
    empty = ParkIndicatorFactory.build(
        park=park, output_value=None, tax_revenue=None, industrial_output=None
    )
    assert "__all__" in errors_of(empty)


def test_it_refuses_industrial_output_above_the_output_value(zone_a):
    park = ParkFactory(zone=zone_a)
    indicator = ParkIndicatorFactory.build(
        park=park, output_value=Decimal("100.00"), industrial_output=Decimal("100.01")
    )
    assert list(errors_of(indicator)) == ["industrial_output"]
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()


def test_a_change_leaves_a_history_row(zone_a):
    indicator = ParkIndicatorFactory(park=ParkFactory(zone=zone_a))
    indicator.tax_revenue = Decimal("700.00")
    indicator.save()
    assert ParkIndicator.history.filter(id=indicator.pk).count() == 2
