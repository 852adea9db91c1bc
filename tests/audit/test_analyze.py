"""Imports of many rows refresh the planner's statistics of the tables they filled."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investment.models import AnnualPlanEntry
from projects.models import Milestone, Project
from tests.ui.test_import import PROJECT_HEADERS_ZH, confirm, preview, xlsx
from zonetrack import imports
from zonetrack.db import analyze

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


def test_it_analyzes_a_model_and_its_history_table_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's; other databases need nothing")
    with CaptureQueriesContext(connection) as queries:
        analyze([Project])
    # One ANALYZE for projects_project, one for projects_historicalproject.
    assert sorted(q["sql"] for q in queries) == [
        'ANALYZE "projects_historicalproject"',
        'ANALYZE "projects_project"',
    ]
