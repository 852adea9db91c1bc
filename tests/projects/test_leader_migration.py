"""The free-text leader becomes Leader rows linked as each project's primary leader."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Leader, Project
from tests.factories import RegionFactory, ZoneFactory

BEFORE = [("projects", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_each_distinct_name_and_region_becomes_one_leader_linked_as_primary():
    province = RegionFactory(name="江苏省", code="JS")
    city = RegionFactory(name="镇江市", code="JS-ZJ", parent=province)
    county = RegionFactory(name="丹徒区", code="JS-ZJ-DT", parent=city)
    zone_a = ZoneFactory(code="ZA", region=city)
    zone_b = ZoneFactory(code="ZB", region=city)
    zone_c = ZoneFactory(code="ZC", region=county)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_project = executor.loader.project_state(BEFORE).apps.get_model("projects", "Project")
    rows = [
        ("P1", zone_a, "王副市长"),
        ("P2", zone_b, " 王副市长 "),  # same name, same region (the city): one leader
        ("P3", zone_c, "王副市长"),  # same name in the county: another leader
        ("P4", zone_c, "李区长"),
        ("P5", zone_a, ""),  # no leader: no link
    ]
    for code, zone, leader in rows:
        old_project.objects.create(
            code=code,
            name=code,
            zone_id=zone.pk,
            category="manufacturing",
            total_investment="1.00",
            leader=leader,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    leaders = sorted(Leader.objects.values_list("name", "region__code", "level"))
    assert leaders == [
        ("李区长", "JS-ZJ-DT", "district"),
        ("王副市长", "JS-ZJ", "city"),
        ("王副市长", "JS-ZJ-DT", "district"),
    ]
    linked = {
        project.code: [
            (link.leader.name, link.leader.region.code, link.position)
            for link in project.project_leaders.select_related("leader__region")
        ]
        for project in Project.objects.all()
    }
    assert linked == {
        "P1": [("王副市长", "JS-ZJ", 0)],
        "P2": [("王副市长", "JS-ZJ", 0)],
        "P3": [("王副市长", "JS-ZJ-DT", 0)],
        "P4": [("李区长", "JS-ZJ-DT", 0)],
        "P5": [],
    }
    # The text stays as the primary's name (as it was typed).
    assert Project.objects.get(code="P1").leader == "王副市长"
