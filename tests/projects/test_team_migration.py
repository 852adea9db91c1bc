"""The free-text attraction team becomes one AttractionTeam per zone and name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import AttractionTeam, Project
from tests.factories import RegionFactory, ZoneFactory

BEFORE = [("projects", "0003_leaders_from_text")]


@pytest.mark.django_db(transaction=True)
def test_each_distinct_name_of_a_zone_becomes_one_team_and_nothing_is_lost():
    city = RegionFactory(name="镇江市", code="JS-ZJ")
    zone_a = ZoneFactory(code="ZA", region=city)
    zone_b = ZoneFactory(code="ZB", region=city)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_project = executor.loader.project_state(BEFORE).apps.get_model("projects", "Project")
    rows = [
        ("P1", zone_a, "招商一局"),
        ("P2", zone_a, " 招商一局 "),  # same name in the same zone: one team
        ("P3", zone_b, "招商一局"),  # same name in another zone: another team
        ("P4", zone_b, "北京小分队"),
        ("P5", zone_a, ""),  # no team
    ]
    for code, zone, team in rows:
        old_project.objects.create(
            code=code,
            name=code,
            zone_id=zone.pk,
            category="manufacturing",
            total_investment="1.00",
            attraction_team=team,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    teams = sorted(AttractionTeam.objects.values_list("zone__code", "name"))
    assert teams == [("ZA", "招商一局"), ("ZB", "北京小分队"), ("ZB", "招商一局")]
    linked = {
        project.code: (
            project.team and (project.team.zone.code, project.team.name),
            project.attraction_team,
        )
        for project in Project.objects.select_related("team__zone")
    }
    assert linked == {
        "P1": (("ZA", "招商一局"), "招商一局"),
        "P2": (("ZA", "招商一局"), "招商一局"),
        "P3": (("ZB", "招商一局"), "招商一局"),
        "P4": (("ZB", "北京小分队"), "北京小分队"),
        "P5": (None, ""),
    }
