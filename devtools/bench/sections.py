"""Time the light pass (issue 12) and the section-14 figures (issue 13) against the
hand-written SQL of ``sections_sql``, after checking that both give the same result.

The light pass is the daily job's: ``evaluate(day)`` over every zone, storing what changed.
It runs once untimed first, so the timed runs find the day's lights stored and write
nothing (the steady state of a day's re-run; a new day writes only the lights that changed).
Its query count must not depend on the number of zones: the pass over every zone must run
as many queries as the pass over one zone.
"""

from dataclasses import dataclass
from datetime import date

from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parks.models import Zone
from reports.figures.funds import funds_figures
from reports.figures.land import land_figures
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.teams import team_scores
from supervision.lights.evaluate import evaluate
from supervision.lights.models import LightRuleSet, ProjectLight

from . import sections_sql
from .run import Measure, _differ, best_of, queries_of, shared


def stored_lights() -> dict[int, tuple[str, str]]:
    """Project id -> (colour, rule_colors) of the lights in force now."""
    return {
        project: (color, rules)
        for project, color, rules in ProjectLight.objects.current().values_list(
            "project_id", "color", "rule_colors"
        )
    }


def same_lights(day: date) -> int:
    """Check that the stored lights are the hand-written SQL's; return how many differ
    (raises when any does)."""
    mine, theirs = stored_lights(), sections_sql.lights_by_sql(day)
    differ = sorted(pk for pk in mine.keys() | theirs.keys() if mine.get(pk) != theirs.get(pk))
    if differ:
        sample = [(pk, mine.get(pk), theirs.get(pk)) for pk in differ[:5]]
        _differ(f"the lights of {len(differ)} projects", sample, "")
    return len(mine)


def team_results(year: int) -> list[dict]:
    """The results of /api/stats/teams/ for every zone, from ``team_scores``."""
    return [team.as_dict() for team in team_scores(Scope.everything(), year)]


@dataclass(frozen=True)
class LightPass:
    measure: Measure
    written: int  # by the untimed first run
    first_queries: int  # its statements: the reads, and the writes in batches of 1,000
    one_zone: int  # queries of the pass over one zone


def light_pass(day: date, repeat: int) -> LightPass:
    """The light pass against its SQL."""
    if LightRuleSet.objects.exists():
        raise CommandError("The hand-written SQL of the lights knows the default rules only.")
    with CaptureQueriesContext(connection) as captured:
        first = evaluate(day)
    first_queries = len(captured.captured_queries)
    seconds, _result = best_of(repeat, lambda: evaluate(day))
    sql_seconds, _lights = best_of(repeat, lambda: sections_sql.lights_by_sql(day))
    same_lights(day)
    queries = queries_of(lambda: evaluate(day))
    first_zone = list(Zone.objects.order_by("pk").values_list("pk", flat=True)[:1])
    one_zone = queries_of(lambda: evaluate(day, zone_ids=first_zone))
    if queries != one_zone:
        raise CommandError(
            f"The light pass runs {queries} queries for every zone and {one_zone} for one."
        )
    measure = Measure("light pass (every project, stored)", seconds, sql_seconds, queries)
    return LightPass(measure, first["written"], first_queries, one_zone)


def section_figures(period: Period, repeat: int) -> list[Measure]:
    """Land, funds and the teams' scores of every zone against their SQL."""
    everything = Scope.everything()
    measures = []
    for name, orm, sql in (
        (
            "land figures (everything)",
            lambda: land_figures(everything, period).as_dict(),
            lambda: sections_sql.land_by_sql(period),
        ),
        (
            "funds in place (everything)",
            lambda: funds_figures(everything, period).as_dict(),
            lambda: sections_sql.funds_by_sql(period),
        ),
        (
            "team scores 4:3:3 (everything)",
            lambda: team_results(period.year),
            lambda: sections_sql.teams_by_sql(period.year),
        ),
    ):
        seconds, mine = best_of(repeat, orm)
        sql_seconds, theirs = best_of(repeat, sql)
        if shared(mine, theirs) != theirs:
            _differ(name, _sample(mine), _sample(theirs))
        measures.append(Measure(name, seconds, sql_seconds, queries_of(orm)))
    return measures


def _sample(result):
    """The start of a result, to show where two differ."""
    if isinstance(result, list):
        return [{**team, "projects": team["projects"][:2]} for team in result[:2]]
    return result
