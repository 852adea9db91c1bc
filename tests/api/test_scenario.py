"""scripts/api_scenario.py, run as an integrator would: a separate process, over HTTP."""

import subprocess
import sys
from pathlib import Path

from django.core.cache import cache
from rest_framework.authtoken.models import Token

from investment.models import InvestmentReport
from projects.models import Project

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "api_scenario.py"


def run_scenario(live_server, user, *args):
    cache.clear()  # API throttling counts requests in the cache
    token = Token.objects.create(user=user)
    return subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url, token.key, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_scenario_passes_against_a_running_server(live_server, alice, zone_b):
    result = run_scenario(live_server, alice, "--keep")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("scenario passed")
    project = Project.objects.get(code__startswith="SCN-")
    assert (project.zone.code, project.stage, project.attraction_team) == (
        "ZA",
        "under_construction",
        "招商一局",
    )
    assert project.milestones.count() == 2
    assert project.milestones.get(kind="signing").recorded_by == alice
    assert InvestmentReport.objects.get(project=project).completed_investment == 1500.5
    assert project.history.first().history_user == alice


def test_the_scenario_cleans_up_after_itself(live_server, alice):
    result = run_scenario(live_server, alice)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not Project.objects.exists()


def test_the_scenario_fails_loudly_for_a_read_only_token(live_server, dave, zone_a):
    result = run_scenario(live_server, dave)
    assert result.returncode == 1
    assert "expected 201, got 403" in result.stderr
    assert not Project.objects.exists()
