"""The light pass (issue 12) and the figures of SPEC section 14 (issue 13) in SQL written by
hand, to measure the ORM paths against (``devtools.bench.sections``).

``lights_by_sql`` colours every project on a day by the default rules (SPEC section 13), in
one statement: each rule's measure per project, its colour by the thresholds, the worst of
them, and the rules that are not green in the ``rule_colors`` form the stored lights use.
``land_by_sql``, ``funds_by_sql`` and ``teams_by_sql`` compute the land ledger's figures,
the funds in place and the teams' staged (4:3:3) scores of every zone, each in one statement;
the teams' as /api/stats/teams/ lists them, every credit with its project and stage.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from projects.choices import Status
from projects.models import DEFAULT_SCORE_TIERS
from reports.figures.numbers import money
from reports.figures.period import Period
from reports.figures.teams import STAGE_SHARES
from supervision.lights.reasons import year_share
from supervision.lights.rules import DEFAULT_THRESHOLDS

# A period's index, so that periods between two days are a difference: ISO weeks by their
# Monday, half-months and months counted from year 0.
PERIOD_INDEX = {
    "weekly": "(date_trunc('week', ({d})::timestamp)::date - date '2000-01-03') / 7",
    "biweekly": "(extract(year FROM {d}) * 24 + extract(month FROM {d}) * 2"
    " + CASE WHEN extract(day FROM {d}) > 15 THEN 1 ELSE 0 END)::int",
    "monthly": "(extract(year FROM {d}) * 12 + extract(month FROM {d}))::int",
}
# The first day of the period after the one containing {d}.
NEXT_PERIOD = {
    "weekly": "(date_trunc('week', ({d})::timestamp)::date + 7)",
    "biweekly": "CASE WHEN extract(day FROM {d}) <= 15"
    " THEN date_trunc('month', ({d})::timestamp)::date + 15"
    " ELSE (date_trunc('month', ({d})::timestamp) + interval '1 month')::date END",
    "monthly": "(date_trunc('month', ({d})::timestamp) + interval '1 month')::date",
}


def _by_cadence(templates, day: str) -> str:
    whens = " ".join(
        f"WHEN '{cadence}' THEN {template.format(d=day)}" for cadence, template in templates.items()
    )
    return f"CASE u.cadence {whens} END"


def _color(value: str, kind: str, yellow_strict: bool, red_strict: bool) -> str:
    """The colour of ``value`` by the default thresholds of ``kind``."""
    yellow, red = DEFAULT_THRESHOLDS[kind]
    whens = []
    if red is not None:
        whens.append(f"WHEN {value} {'>' if red_strict else '>='} {red} THEN 'red'")
    if yellow is not None:
        whens.append(f"WHEN {value} {'>' if yellow_strict else '>='} {yellow} THEN 'yellow'")
    return f"CASE {' '.join(whens)} END"


# Each rule: its code, the CTE (one row per project it holds for, with the measure as
# ``value``) and how its value is compared (strict yellow, strict red), as rules.SPECS says.
RULES = [
    (
        "start_late",
        # New starts of the year past their planned start, not started by the day, of a
        # project not cancelled: whole calendar months late (Jan 31 + 1 month = Feb 28).
        """
        SELECT e.project_id, CASE
            WHEN m.months > 0 AND e.planned_start_on + make_interval(months => m.months)
                                  > %(day)s THEN m.months - 1
            ELSE greatest(m.months, 0) END AS value
        FROM investment_annualplanentry e
        JOIN projects_project p ON p.id = e.project_id
        CROSS JOIN LATERAL (
            SELECT ((extract(year FROM %(day)s::date) - extract(year FROM e.planned_start_on))
                    * 12 + extract(month FROM %(day)s::date)
                    - extract(month FROM e.planned_start_on))::int AS months
        ) m
        WHERE e.year = %(year)s AND e.plan_type = 'new' AND e.planned_start_on < %(day)s
          AND p.status <> 'cancelled'
          AND NOT EXISTS (
              SELECT 1 FROM projects_milestone g
              WHERE g.project_id = e.project_id AND g.kind = 'groundbreaking'
                AND g.actual_on <= %(day)s)
        """,
        False,
        False,
    ),
    (
        "investment_behind",
        # Completed in the year (months to the day's) / planned, in percent to 0.01, against
        # the share of the year gone: points behind, to 0.1.
        """
        SELECT e.project_id,
               round(%(share)s - round(coalesce(sum(r.completed_investment), 0)
                                       / e.planned_investment * 100, 2), 1) AS value
        FROM investment_annualplanentry e
        JOIN projects_project p ON p.id = e.project_id AND p.status = 'active'
        LEFT JOIN investment_investmentreport r
            ON r.project_id = e.project_id AND r.year = %(year)s AND r.month <= %(month)s
        WHERE e.year = %(year)s AND e.planned_investment > 0
        GROUP BY e.id
        """,
        False,
        True,
    ),
    (
        "update_overdue",
        # Key projects (active, on the year's plan): periods ended since the first period
        # after the last update reported by the day (from the year's first period on).
        f"""
        SELECT u.id AS project_id, greatest(
            {_by_cadence(PERIOD_INDEX, "%(day)s::date")}
            - {_by_cadence(PERIOD_INDEX, "u.since")}, 0) AS value
        FROM (
            SELECT p.id, p.cadence, greatest(
                CASE p.cadence WHEN 'weekly' THEN date_trunc('week', %(jan1)s::timestamp)::date
                               ELSE %(jan1)s::date END,
                CASE p.cadence
                    WHEN 'weekly' THEN {NEXT_PERIOD["weekly"].format(d="max(pu.period_start)")}
                    WHEN 'biweekly' THEN {NEXT_PERIOD["biweekly"].format(d="max(pu.period_start)")}
                    ELSE {NEXT_PERIOD["monthly"].format(d="max(pu.period_start)")} END
            ) AS since
            FROM projects_project p
            LEFT JOIN supervision_progressupdate pu
                ON pu.project_id = p.id AND pu.reported_at < %(midnight)s
            WHERE p.status = 'active' AND EXISTS (
                SELECT 1 FROM investment_annualplanentry e
                WHERE e.project_id = p.id AND e.year = %(year)s)
            GROUP BY p.id
        ) u
        """,
        False,
        False,
    ),
    (
        "blocker_overdue",
        """
        SELECT project_id, %(day)s::date - min(deadline) AS value
        FROM supervision_blocker
        WHERE status IN ('open', 'in_progress') AND deadline < %(day)s AND raised_on <= %(day)s
        GROUP BY project_id
        """,
        True,
        True,
    ),
    (
        "milestone_overdue",
        """
        SELECT m.project_id, %(day)s::date - min(m.planned_on) AS value
        FROM projects_milestone m
        JOIN projects_project p ON p.id = m.project_id AND p.status <> 'cancelled'
        WHERE m.planned_on < %(day)s AND (m.actual_on IS NULL OR m.actual_on > %(day)s)
        GROUP BY m.project_id
        """,
        True,
        True,
    ),
    (
        "notice_unanswered",
        """
        SELECT project_id, %(day)s::date - min(deadline) AS value
        FROM supervision_notice
        WHERE status <> 'replied' AND deadline < %(day)s AND issued_on <= %(day)s
        GROUP BY project_id
        """,
        True,
        True,
    ),
]


def lights_sql() -> str:
    ctes = ",\n".join(
        f"{kind} AS (SELECT project_id, {_color('value', kind, ys, rs)} AS color"
        f" FROM ({sql}) measured)"
        for kind, sql, ys, rs in RULES
    )
    joins = "\n".join(
        f"LEFT JOIN {kind} ON {kind}.project_id = p.id AND {kind}.color IS NOT NULL"
        for kind, *_rest in RULES
    )
    colors = [f"{kind}.color" for kind, *_rest in RULES]
    listed = ", ".join(f"'{kind}:' || {kind}.color || ','" for kind, *_rest in RULES)
    return f"""
        WITH {ctes}
        SELECT p.id,
            CASE WHEN p.status <> 'active' THEN 'grey'
                 WHEN 'red' IN ({", ".join(f"coalesce({c}, '')" for c in colors)}) THEN 'red'
                 WHEN 'yellow' IN ({", ".join(f"coalesce({c}, '')" for c in colors)})
                     THEN 'yellow'
                 ELSE 'green' END,
            CASE WHEN p.status <> 'active' THEN ''
                 ELSE coalesce(',' || nullif(concat({listed}), ''), '') END
        FROM projects_project p
        {joins}
    """


def lights_by_sql(day: date) -> dict[int, tuple[str, str]]:
    """Project id -> (colour, rule_colors) on ``day`` by the default rules (one statement)."""
    # The first moment after the day in the projects' time zone (Asia/Shanghai).
    midnight = timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))
    params: dict[str, date | datetime | int | Decimal] = {
        "day": day,
        "year": day.year,
        "month": day.month,
        "jan1": date(day.year, 1, 1),
        "share": year_share(day),
        "midnight": midnight,
    }
    with connection.cursor() as cursor:
        cursor.execute(lights_sql(), params)
        return {pk: (color, rules) for pk, color, rules in cursor.fetchall()}


LAND_SQL = """
    SELECT count(*), coalesce(sum(area_mu), 0),
           count(*) FILTER (WHERE revitalized_on BETWEEN %(start)s AND %(end)s),
           coalesce(sum(revitalized_mu)
                    FILTER (WHERE revitalized_on BETWEEN %(start)s AND %(end)s), 0)
    FROM investment_landparcel
    WHERE identified_on <= %(end)s AND (revitalized_on IS NULL OR revitalized_on >= %(start)s)
"""


def land_by_sql(period: Period) -> dict:
    """The land figures of every zone, in the JSON shape of ``LandFigures.as_dict``."""
    with connection.cursor() as cursor:
        cursor.execute(LAND_SQL, {"start": period.start, "end": period.end})
        [(identified, mu, revitalized, mu_revitalized)] = cursor.fetchall()
    return {
        "parcels_identified": identified,
        "mu_identified": money(mu),
        "parcels_revitalized": revitalized,
        "mu_revitalized": money(mu_revitalized),
    }


FUNDS_SQL = """
    SELECT coalesce(sum(funds_domestic), 0), coalesce(sum(funds_out_of_province), 0),
           coalesce(sum(funds_foreign_usd), 0)
    FROM investment_investmentreport
    WHERE year = %(year)s AND month <= %(last_month)s
"""


def funds_by_sql(period: Period) -> dict:
    """The funds in place of every zone, in the JSON shape of ``FundsFigures.as_dict``."""
    with connection.cursor() as cursor:
        cursor.execute(FUNDS_SQL, {"year": period.year, "last_month": period.last_month})
        [(domestic, out_of_province, foreign_usd)] = cursor.fetchall()
    return {
        "domestic": money(domestic),
        "out_of_province": money(out_of_province),
        "foreign_usd": money(foreign_usd),
    }


def _reached_sql() -> str:
    """The CTEs ``tables`` (each zone's size table) and ``reached`` (every stage reached in
    the window by a project of a team, with its base score and share)."""
    defaults = " ".join(
        f"WHEN p.total_investment >= {minimum} THEN {score}"
        for minimum, score in DEFAULT_SCORE_TIERS
    )
    shares = " ".join(f"WHEN '{stage}' THEN {share}" for stage, share in STAGE_SHARES.items())
    stages = ", ".join(f"'{stage}'" for stage in STAGE_SHARES)
    return f"""
        WITH tables AS (
            -- Each zone's size table: the nearest region up its path with one.
            SELECT DISTINCT ON (z.id) z.id AS zone_id, r.id AS region_id
            FROM parks_zone z
            JOIN parks_region zr ON zr.id = z.region_id
            JOIN parks_region r ON starts_with(zr.path, r.path)
            WHERE EXISTS (SELECT 1 FROM projects_scoretier t WHERE t.region_id = r.id)
            ORDER BY z.id, length(r.path) DESC
        ),
        reached AS (
            SELECT p.team_id, p.zone_id, m.project_id, p.code, p.name, p.total_investment,
                   m.kind, m.actual_on, array_position(ARRAY[{stages}], m.kind::text) AS stage,
                   coalesce(CASE WHEN tb.region_id IS NULL THEN CASE {defaults} END
                       ELSE (SELECT t.score FROM projects_scoretier t
                             WHERE t.region_id = tb.region_id
                               AND t.min_investment <= p.total_investment
                             ORDER BY t.min_investment DESC LIMIT 1) END, 0) AS base,
                   CASE m.kind {shares} END AS share
            FROM projects_milestone m
            JOIN projects_project p ON p.id = m.project_id
            LEFT JOIN tables tb ON tb.zone_id = p.zone_id
            WHERE p.team_id IS NOT NULL
              AND m.kind IN ({stages})
              AND m.actual_on BETWEEN %(start)s AND %(end)s
        )
    """


def teams_sql() -> str:
    return f"""
        {_reached_sql()},
        credits AS (SELECT *, round(base * share, 2) AS score FROM reached),
        totals AS (
            SELECT t.id, coalesce(sum(c.score), 0) AS score
            FROM projects_attractionteam t
            LEFT JOIN credits c ON c.team_id = t.id
            GROUP BY t.id
        ),
        ranked AS (SELECT id, score, rank() OVER (ORDER BY score DESC) AS rank FROM totals)
        SELECT t.id, t.name, t.lead, t.zone_id, z.name, s.score, s.rank,
               c.project_id, c.code, c.name, c.kind, c.actual_on, c.total_investment, c.base,
               c.share, c.score
        FROM ranked s
        JOIN projects_attractionteam t ON t.id = s.id
        JOIN parks_zone z ON z.id = t.zone_id
        LEFT JOIN credits c ON c.team_id = t.id
        ORDER BY s.score DESC, z.code, t.name, c.score DESC, c.code, c.stage
    """


def team_tallies_by_sql(period: Period) -> dict[int, dict[int, tuple[Decimal, int]]]:
    """Zone id -> team id -> (score, projects): what the stages the zone's projects reached
    in the period's year by its end earned each team (the rollups' ``TeamTally``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""{_reached_sql()}
            SELECT zone_id, team_id, sum(round(base * share, 2)), count(DISTINCT project_id)
            FROM reached GROUP BY zone_id, team_id""",
            {"start": period.start, "end": period.end},
        )
        rows = cursor.fetchall()
    tallies: dict[int, dict[int, tuple[Decimal, int]]] = {}
    for zone_id, team_id, score, projects in rows:
        tallies.setdefault(zone_id, {})[team_id] = (score, projects)
    return tallies


FUNNEL_PROJECTS_SQL = """
    SELECT p.zone_id, count(*),
           count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM projects_milestone m
               WHERE m.project_id = p.id AND m.actual_on <= %(as_of)s))
    FROM projects_project p
    GROUP BY p.zone_id
"""
FUNNEL_MILESTONES_SQL = """
    SELECT p.zone_id, m.kind,
           count(*) FILTER (WHERE m.actual_on <= %(as_of)s),
           count(*) FILTER (WHERE m.planned_on < %(as_of)s
                            AND (m.actual_on IS NULL OR m.actual_on > %(as_of)s)
                            AND p.status <> %(cancelled)s)
    FROM projects_milestone m
    JOIN projects_project p ON p.id = m.project_id
    WHERE m.actual_on <= %(as_of)s
       OR (m.planned_on < %(as_of)s AND (m.actual_on IS NULL OR m.actual_on > %(as_of)s)
           AND p.status <> %(cancelled)s)
    GROUP BY p.zone_id, m.kind
"""


def funnel_by_sql(period: Period) -> dict[int, dict[str, int]]:
    """Zone id -> the stage funnel on the period's day: projects, those negotiating, those
    past each milestone, and the milestones overdue (``reports.figures.funnel``)."""
    params: dict[str, date | str] = {"as_of": period.as_of, "cancelled": Status.CANCELLED}
    funnels: dict[int, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(FUNNEL_PROJECTS_SQL, params)
        for zone_id, projects, negotiating in cursor.fetchall():
            funnels[zone_id] = {"projects": projects, "negotiating": negotiating}
        cursor.execute(FUNNEL_MILESTONES_SQL, params)
        for zone_id, kind, reached, overdue in cursor.fetchall():
            counts = funnels.setdefault(zone_id, {})
            counts[kind] = counts.get(kind, 0) + reached
            counts["overdue"] = counts.get("overdue", 0) + overdue
    return funnels


def teams_by_sql(year: int) -> list[dict]:
    """Every team with its score for ``year`` and the credits behind it, ranked: the
    results of /api/stats/teams/ (``TeamScore.as_dict``) for every zone."""
    with connection.cursor() as cursor:
        cursor.execute(teams_sql(), {"start": date(year, 1, 1), "end": date(year, 12, 31)})
        rows = cursor.fetchall()
    teams: dict[int, dict] = {}
    for team, name, lead, zone, zone_name, score, rank, project, *credit in rows:
        entry = teams.get(team)
        if entry is None:
            entry = teams[team] = {
                "rank": rank,
                "team": team,
                "name": name,
                "lead": lead,
                "zone": zone,
                "zone_name": zone_name,
                "score": money(score),
                "projects": [],
            }
        if project is not None:
            code, project_name, stage, reached_on, total, base, share, credit_score = credit
            entry["projects"].append(
                {
                    "project": project,
                    "code": code,
                    "name": project_name,
                    "stage": stage,
                    "reached_on": reached_on.isoformat(),
                    "total_investment": money(total),
                    "base": money(base),
                    "share": money(share),
                    "score": money(credit_score),
                }
            )
    return list(teams.values())
