"""A line of a region's size table for the attraction teams' scores reaches every zone below
the region: each way of writing one notes exactly those zones, and a read then equals the
live figures (the teams' tallies in the zones' rollups)."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import ScoreTier
from reports.figures import rollups
from reports.models import RollupChange
from tests.factories import AttractionTeamFactory, RegionFactory, ScoreTierFactory, ZoneFactory
from tests.reports.figures.test_teams import project_of
from tests.reports.rollups.test_tracking import PERIOD, assert_folded_in, zones_noted

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(city, zone_a, zone_b, frozen_today):
    """镇江市 (zones A and B, and a county below it with zone C) and 扬州市 (zone D); a
    team in A whose 2亿 project was signed this year, so that the table changes its score."""
    county = RegionFactory(code="JS-ZJ-DT", parent=city)
    zone_c = ZoneFactory(code="ZC", region=county)
    other_city = RegionFactory(code="JS-YZ", parent=city.parent)
    zone_d = ZoneFactory(code="ZD", region=other_city)
    project_of(AttractionTeamFactory(zone=zone_a), "20000", signing=date(2026, 3, 1))
    zones = [zone_a, zone_b, zone_c, zone_d]
    rollups.read([zone.pk for zone in zones], PERIOD)
    RollupChange.objects.all().delete()
    return zones, other_city


def below_the_city(places):
    zones, _other = places
    return {zone.pk for zone in zones[:3]}


def tier(city):
    line = ScoreTierFactory(region=city, min_investment=Decimal("0"), score=Decimal("7"))
    RollupChange.objects.all().delete()
    return line


def test_creating_a_line_notes_the_zones_below_and_changes_the_score(city, places):
    zones, _other = places
    before = rollups.read([zones[0].pk], PERIOD).current[zones[0].pk].teams
    assert [str(tally.score) for tally in before.values()] == ["4.00"]  # default 10 × 40 %
    ScoreTierFactory(region=city, min_investment=Decimal("0"), score=Decimal("7"))
    assert zones_noted() == below_the_city(places)
    after = rollups.read([zones[0].pk], PERIOD).current[zones[0].pk].teams
    assert [str(tally.score) for tally in after.values()] == ["2.80"]  # 7 × 40 %
    assert_folded_in(*zones)


@pytest.mark.parametrize(
    "write",
    [
        lambda line: (setattr(line, "score", Decimal("9")), line.save()),
        lambda line: line.delete(),
        lambda line: ScoreTier.objects.filter(pk=line.pk).update(score=Decimal("9")),
        lambda line: ScoreTier.objects.filter(pk=line.pk).delete(),
        lambda line: (setattr(line, "score", Decimal("9")),
                      ScoreTier.objects.bulk_update([line], ["score"])),
    ],
    ids=["save", "delete", "update", "queryset delete", "bulk_update"],
)  # fmt: skip
def test_each_write_notes_the_zones_below_the_region(city, places, write):
    line = tier(city)
    write(line)
    assert zones_noted() == below_the_city(places)
    assert_folded_in(*places[0])


def test_bulk_create_notes_the_zones_below_the_region(city, places):
    ScoreTier.objects.bulk_create(
        [ScoreTier(region=city, min_investment=Decimal("0"), score=Decimal("3"))]
    )
    assert zones_noted() == below_the_city(places)
    assert_folded_in(*places[0])


def test_a_line_moved_to_another_region_notes_the_zones_of_both(city, places):
    zones, other_city = places
    line = tier(city)
    line.region = other_city
    line.save()
    assert zones_noted() == {zone.pk for zone in zones}
    assert_folded_in(*zones)
