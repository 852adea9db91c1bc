"""Dates outside 2000–2100 are refused everywhere (issue 15): models, forms, pickers, filters."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.factories import MilestoneFactory, ProjectFactory
from zonetrack.dates import within_years


@pytest.mark.parametrize("day", [date(2000, 1, 1), date(2100, 12, 31), None])
def test_the_first_and_last_days_of_the_range_pass(day):
    within_years(day)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1999, 12, 31), date(2101, 1, 1)])
def test_a_day_outside_the_range_is_refused(day):
    with pytest.raises(ValidationError) as raised:
        within_years(day)
    assert raised.value.code == "out_of_range"


def test_a_milestone_planned_in_year_1_is_refused_by_the_model(zone_a):
    milestone = MilestoneFactory.build(
        project=ProjectFactory(zone=zone_a), kind="signing", planned_on=date(1, 1, 1)
    )
    with pytest.raises(ValidationError) as raised:
        milestone.full_clean()
    assert "planned_on" in raised.value.message_dict


def test_the_ranking_page_shows_a_date_in_year_1_as_a_field_error(client, dave, frozen_today):
    client.force_login(dave)
    response = client.get("/ranking/", {"as_of": "0001-01-01"})
    # The picker keeps the page: the error next to the field, today's ranking below it.
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]


def test_a_project_list_filter_in_year_1_is_a_400_over_the_api(alice, zone_a):
    from tests.api.cases import client_for

    response = client_for(alice).get("/api/projects/", {"signed_from": "0001-01-01"})
    assert response.status_code == 400
    assert "signed_from" in response.json()
