"""Attraction teams scored by the staged 4:3:3 rule (SPEC section 14, seed 002).

A project's base score comes from a size table of its total investment (the table of the
nearest region up its zone's path that has one, else the defaults: ≥ 1亿 10, ≥ 10亿 30,
≥ 50亿 60, else 5). Its team is credited 40 % of it in the year of the signing (投资落地),
30 % in the year of the groundbreaking and 30 % in the year of the completion, each by the
milestone's actual date, so one project scores across years (滚动跨年). A team's score for a
year is the sum of the credits of that year; teams are ranked within a zone or a region.

``team_scores`` runs three queries whatever the number of zones, teams and projects: the
teams of the scope, the milestones reached in the year by their projects, the size tables.
"""

import heapq
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from typing import Any, TypeVar

from django.db.models import Case, Count, DecimalField, Q, Value, When

from parks.models import Zone
from projects.choices import MilestoneKind
from projects.models import AttractionTeam, Milestone, base_score, score_tables

from .numbers import CENT, ZERO, money, rate
from .period import Period
from .scopes import Scope
from .yoy import a_year_earlier

# The stages a team is credited for, with their share of the base score, in order.
STAGE_SHARES: dict[str, Decimal] = {
    MilestoneKind.SIGNING: Decimal("0.40"),
    MilestoneKind.GROUNDBREAKING: Decimal("0.30"),
    MilestoneKind.COMPLETION: Decimal("0.30"),
}
STAGE_ORDER = list(STAGE_SHARES)
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}


@dataclass(slots=True)
class Credit:
    """What one project's stage earned its team in the year."""

    project: int
    code: str
    name: str
    total_investment: Decimal
    stage: str
    reached_on: Any
    base: Decimal
    share: Decimal
    score: Decimal  # base × share to the cent (:func:`credit_score`)

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "code": self.code,
            "name": self.name,
            "stage": self.stage,
            "reached_on": self.reached_on.isoformat(),
            "total_investment": money(self.total_investment),
            "base": money(self.base),
            "share": money(self.share),
            "score": money(self.score),
        }


@dataclass
class TeamScore:
    """A team's score for a year, with the credits behind it (largest first)."""

    team: int
    name: str
    lead: str
    zone: int
    zone_name: str
    zone_code: str
    credits: list[Credit] = field(default_factory=list)
    rank: int | None = None
    # The score on the same date a year earlier (同比), when asked for.
    last_year_score: Decimal | None = None

    @property
    def score(self) -> Decimal:
        return sum((credit.score for credit in self.credits), ZERO)

    @property
    def project_count(self) -> int:
        return len({credit.project for credit in self.credits})

    @property
    def growth(self) -> float | None:
        return _growth(self.score, self.last_year_score)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "team": self.team,
            "name": self.name,
            "lead": self.lead,
            "zone": self.zone,
            "zone_name": self.zone_name,
            "score": money(self.score),
            "last_year_score": None
            if self.last_year_score is None
            else money(self.last_year_score),
            "growth": self.growth,
            "projects": [credit.as_dict() for credit in self.credits],
        }


def _growth(score: Decimal, last_year_score: Decimal | None) -> float | None:
    """(this year − last year) / last year; None where last year scored nothing."""
    if last_year_score is None:
        return None
    return rate(score - last_year_score, last_year_score)


_Ranked = TypeVar("_Ranked", "TeamScore", "TeamTotal")


def _with_ranks(ranked: list[_Ranked]) -> list[_Ranked]:
    """``ranked`` (best first) with their ranks: equal scores share a rank and the next
    rank skips (1, 2, 2, 4)."""
    rank, previous = 0, None
    for position, team in enumerate(ranked, start=1):
        if team.score != previous:
            rank, previous = position, team.score
        team.rank = rank
    return ranked


def credit_score(base: Decimal, share: Decimal) -> Decimal:
    return (base * share).quantize(CENT, rounding=ROUND_HALF_UP)


def team_scores(
    scope: Scope, year: int, as_of: date | None = None, last_year: bool = False
) -> list[TeamScore]:
    """Every team of ``scope`` with its score for ``year``, best first, ranked; with
    ``as_of``, only the stages reached by that day count (a quarter's report, a dashboard
    looking back); with ``last_year``, each beside its score of the year before on the same
    date a year earlier (同比), read by the same query.

    Teams with equal scores share a rank and the next rank skips (1, 2, 2, 4); a team
    without credit in the year is listed with 0. Ties list by zone code, then name.
    """
    teams = {
        row["pk"]: TeamScore(
            team=row["pk"],
            name=row["name"],
            lead=row["lead"],
            zone=row["zone_id"],
            zone_name=row["zone__name"],
            zone_code=row["zone__code"],
        )
        for row in AttractionTeam.objects.filter(scope.q("zone"))
        .order_by()
        .values("pk", "name", "lead", "zone_id", "zone__name", "zone__code")
    }
    end = min(as_of or date.max, date(year, 12, 31))
    windows = [(date(year, 1, 1), end)]
    if last_year:
        windows.append((date(year - 1, 1, 1), a_year_earlier(end)))
        for scored in teams.values():
            scored.last_year_score = ZERO
    milestones = (
        Milestone.objects.filter(
            scope.q("project__zone"),
            project__team__isnull=False,
            kind__in=STAGE_ORDER,
        )
        .filter(reduce(operator.or_, (Q(actual_on__range=window) for window in windows)))
        .order_by()
        .values_list(
            "project__team_id",
            "project_id",
            "project__code",
            "project__name",
            "project__total_investment",
            "project__zone__region__path",
            "kind",
            "actual_on",
        )
    )
    rows = list(milestones)
    tables = score_tables({row[5] for row in rows})
    # A table has a few scores and there are three shares: each credit's score is one of a
    # few, computed once (a national ranking has some 100,000 credits).
    scores: dict[tuple[Decimal, str], Decimal] = {}
    for team_id, project, code, name, total, path, kind, reached_on in rows:
        team = teams.get(team_id)
        if team is None:  # a project moved out of the scope keeps a team there: not counted
            continue
        base = base_score(tables[path], total)
        share = STAGE_SHARES[kind]
        score = scores.get((base, kind))
        if score is None:
            score = scores[(base, kind)] = credit_score(base, share)
        if reached_on.year != year:
            team.last_year_score = (team.last_year_score or ZERO) + score
            continue
        team.credits.append(
            Credit(project, code, name, total, kind, reached_on, base, share, score)
        )
    for team in teams.values():
        team.credits.sort(key=lambda c: (-c.score, c.code, STAGE_RANK[c.stage]))
    ranked = sorted(teams.values(), key=lambda t: (-t.score, t.zone_code, t.name))
    return _with_ranks(ranked)


@dataclass
class TeamTotal:
    """A team's score for a year and how many projects earned it, without the credits
    behind them (a dashboard's short ranking): ``team_totals``."""

    team: int
    name: str
    lead: str
    zone: int
    zone_name: str
    zone_code: str
    score: Decimal = ZERO
    project_count: int = 0
    rank: int | None = None
    last_year_score: Decimal | None = None

    @property
    def growth(self) -> float | None:
        return _growth(self.score, self.last_year_score)


@dataclass
class TeamTally:
    """What the stages some projects reached in a year earned one team, and how many
    projects earned it (a zone's projects: they add up to a region's)."""

    score: Decimal = ZERO
    projects: int = 0

    def __iadd__(self, other: "TeamTally") -> "TeamTally":
        self.score += other.score
        self.projects += other.projects
        return self


Tallies = dict[int, TeamTally]  # team id -> its tally


def team_totals(
    scope: Scope, year: int, as_of: date | None = None, last_year: bool = False
) -> list[TeamTotal]:
    """``team_scores`` without the credits: each team's score, project count and rank (and
    last year's score), added up in the database. The stages are counted per team, stage
    and base score, so a national ranking reads a few rows per team instead of every
    credit; scores are the same sums of the same rounded credits.
    """
    teams = _teams_of(scope)
    if not teams:  # nothing to rank: the stages are not looked up
        return []
    end = min(as_of or date.max, date(year, 12, 31))
    this = _tallies(scope, (date(year, 1, 1), end))[None]
    last = _tallies(scope, (date(year - 1, 1, 1), a_year_earlier(end)))[None] if last_year else None
    return _ranked(teams, this, last)


def team_tallies_per_zone(scope: Scope, period: Period) -> dict[int, Tallies]:
    """Zone id -> the tallies of the stages its projects reached in ``period``'s year by
    its end (zones without any: none)."""
    tallies = _tallies(scope, (period.start, period.end), by_zone=True)
    return {zone_id: teams for zone_id, teams in tallies.items() if zone_id is not None}


def _tallies(
    scope: Scope, window: tuple[date, date], by_zone: bool = False
) -> dict[int | None, Tallies]:
    """Zone id (None unless ``by_zone``) -> team id -> what the stages reached in
    ``window`` by the scope's projects earned the team: two queries (and the size tables)."""
    stages = Milestone.objects.filter(
        scope.q("project__zone"),
        project__team__isnull=False,
        kind__in=STAGE_ORDER,
        actual_on__range=window,
    ).order_by()
    zone = ["project__zone_id"] if by_zone else []
    found: dict[int | None, Tallies] = {}

    def tally(row_zone: int | None, team_id: int) -> TeamTally:
        return found.setdefault(row_zone, {}).setdefault(team_id, TeamTally())

    paths = Zone.objects.filter(scope.q()).values_list("region__path", flat=True).distinct()
    counted = (
        stages.annotate(base=_base_score_expression(paths))
        .values(*zone, "project__team_id", "kind", "base")
        .annotate(stages=Count("pk"))
        .values_list(*zone, "project__team_id", "kind", "base", "stages")
    )
    for row in counted:
        *row_zone, team_id, kind, base, count = row
        earned = credit_score(base, STAGE_SHARES[kind]) * count
        tally(row_zone[0] if row_zone else None, team_id).score += earned
    projects = (
        stages.values(*zone, "project__team_id")
        .annotate(projects=Count("project_id", distinct=True))
        .values_list(*zone, "project__team_id", "projects")
    )
    for row in projects:
        *row_zone, team_id, count = row
        tally(row_zone[0] if row_zone else None, team_id).projects = count
    return found or {None: {}}


def standings(
    scope: Scope, this: Tallies, last: Tallies | None = None, limit: int | None = None
) -> tuple[list[TeamTotal], int]:
    """The teams of ``scope`` ranked by the scores of ``this`` (team id -> tally; a team
    without one scores 0), each with last year's score from ``last`` when given, the first
    ``limit`` of them (all without), and how many teams the scope has. Credits of a team
    outside the scope (a project moved out of its zone) are not counted."""
    teams = _teams_of(scope)
    return _ranked(teams, this, last, limit), len(teams)


# A region row keeps the tallies of its best teams, ties at the last included (``leaders``),
# beyond the five a dashboard shows, so that teams of other regions (a project moved) can
# be passed over: a country's ranking reads a few dozen teams, not 6,000.
LEADERS = 20


@dataclass(frozen=True)
class Leaders:
    """The best teams of a region row's tallies, best first: (team id, score in cents,
    projects, last year's score in cents); every team left out scores under ``floor``
    cents. ``complete``: every team with a tally this year or last is there (a region of
    few teams), so that they stand for all the tallies."""

    teams: tuple[tuple[int, int, int, int], ...]
    floor: int
    complete: bool
    path: str = ""  # the region row's

    def tallies(self) -> tuple[Tallies, Tallies]:
        """This year's and last year's tallies of the teams held (all of them: ``complete``)."""
        return (
            {
                team: TeamTally(Decimal(cents).scaleb(-2), projects)
                for team, cents, projects, _ in self.teams
                if cents or projects
            },
            {
                team: TeamTally(Decimal(last).scaleb(-2))
                for team, _cents, _projects, last in self.teams
                if last
            },
        )


def leaders(this: Mapping[str, Sequence[int]], last: Mapping[str, Sequence[int]]) -> Leaders:
    """The ``Leaders`` of the encoded tallies ``this`` and ``last`` (team id -> [score in
    cents, projects], as ``bundle.encode`` writes them)."""
    teams = {**dict.fromkeys(last, (0, 0)), **this}
    complete = len(teams) <= LEADERS
    ranked = sorted(teams.items(), key=lambda item: (-item[1][0], int(item[0])))
    floor = 0
    if not complete:
        # Teams scoring nothing are left out too (floor 1 cent at least): any may rank.
        floor = max(ranked[LEADERS - 1][1][0], 1)
        ranked = [item for item in ranked if item[1][0] >= floor]
    return Leaders(
        tuple(
            (int(team), cents, projects, last.get(team, (0, 0))[0])
            for team, (cents, projects) in ranked
        ),
        floor,
        complete,
    )


def leading(scope: Scope, best: Leaders, limit: int) -> tuple[list[TeamTotal], int] | None:
    """``standings`` of ``scope`` from the ``Leaders`` of its region row: the first
    ``limit`` teams and how many teams the scope has; None when the leaders cannot tell (too
    few of them score, or belong to the scope), and every tally must be read. Two queries."""
    this, last = best.tallies()
    if sum(tally.score > 0 for tally in this.values()) < limit:
        return None
    held = [team for team, *_ in best.teams]
    rows = AttractionTeam.objects.filter(scope.q("zone"), pk__in=held).order_by()
    ranked = _ranked(list(rows.values(*TEAM_FIELDS)), this, last, limit)
    # Teams left out score under the floor, and teams without a tally score 0: the last
    # shown must score more than both, or one of those could rank above it.
    if len(ranked) < limit or ranked[-1].score < Decimal(max(best.floor, 1)).scaleb(-2):
        return None
    return ranked, AttractionTeam.objects.filter(scope.q("zone")).count()


# What a ranked team shows besides its score.
TEAM_FIELDS = ("pk", "name", "lead", "zone_id", "zone__name", "zone__code")


def _teams_of(scope: Scope) -> list[dict[str, Any]]:
    return list(AttractionTeam.objects.filter(scope.q("zone")).order_by().values(*TEAM_FIELDS))


def _ranked(
    teams: list[dict[str, Any]], this: Tallies, last: Tallies | None, limit: int | None = None
) -> list[TeamTotal]:
    """``teams`` best first, ranked (equal scores share a rank; ties list by zone code, then
    name); only the first ``limit`` are built when given (a dashboard shows five of 6,000)."""
    nothing = TeamTally()

    def order(row: dict[str, Any]) -> tuple[Decimal, str, str]:
        return (-this.get(row["pk"], nothing).score, row["zone__code"], row["name"])

    ordered = sorted(teams, key=order) if limit is None else heapq.nsmallest(limit, teams, order)
    ranked = [
        TeamTotal(
            team=row["pk"],
            name=row["name"],
            lead=row["lead"],
            zone=row["zone_id"],
            zone_name=row["zone__name"],
            zone_code=row["zone__code"],
            score=this.get(row["pk"], nothing).score,
            project_count=this.get(row["pk"], nothing).projects,
            last_year_score=None if last is None else last.get(row["pk"], nothing).score,
        )
        for row in ordered
    ]
    return _with_ranks(ranked)


def _base_score_expression(paths: Iterable[str]) -> Case:
    """A project's base score (``base_score``) by the size table of its zone's region, as
    an SQL expression: one branch per distinct table, each the table's lines largest first."""
    by_table: dict[tuple[tuple[Decimal, Decimal], ...], list[str]] = {}
    for path, table in score_tables(paths).items():
        by_table.setdefault(table, []).append(path)
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=8, decimal_places=2)

    def lines(table: tuple[tuple[Decimal, Decimal], ...]) -> Case:
        return Case(
            *(
                When(project__total_investment__gte=minimum, then=Value(score, money))
                for minimum, score in table
            ),
            default=Value(ZERO, money),
            output_field=money,
        )

    if len(by_table) == 1:  # one table for every zone (the defaults, most often)
        return lines(next(iter(by_table)))
    return Case(
        *(
            When(project__zone__region__path__in=sorted(paths), then=lines(table))
            for table, paths in by_table.items()
        ),
        default=Value(ZERO, money),
        output_field=money,
    )
