"""Imports of many rows refresh the planner's statistics of the tables they filled."""

import pytest

from investment.models import AnnualPlanEntry
from projects.models import Milestone, Project
from tests.ui.test_import import PROJECT_HEADERS_ZH, confirm, preview, xlsx
from zonetrack import imports

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def analyzed(monkeypatch):
    calls = []
    monkeypatch.setattr(imports, "analyze", lambda models: calls.append(set(models)))
    return calls


def _import(client, alice, rows):
    client.force_login(alice)
    upload = xlsx(
        PROJECT_HEADERS_ZH,
        *[[f"ZA-{n:03}", f"项目{n}", "ZA", "", "制造业", 100] for n in range(1, rows + 1)],
    )
    assert confirm(client, "projects", preview(client, "projects", upload)).status_code == 302


def test_an_import_of_many_rows_analyzes_the_tables_it_filled(
    client, alice, zone_a, analyzed, monkeypatch
):
    monkeypatch.setattr(imports, "ANALYZE_AFTER_ROWS", 3)
    _import(client, alice, 3)
    # Three rows reach the threshold of three: the projects and their milestones.
    assert analyzed == [{Project, Milestone}]
    assert AnnualPlanEntry not in analyzed[0]


def test_a_small_import_leaves_statistics_to_autovacuum(
    client, alice, zone_a, analyzed, monkeypatch
):
    monkeypatch.setattr(imports, "ANALYZE_AFTER_ROWS", 3)
    _import(client, alice, 2)
    assert analyzed == []
