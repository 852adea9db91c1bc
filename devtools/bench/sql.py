"""The figures of SPEC section 6 in SQL written by hand, to measure the ORM against.

Each query reads what the definition needs and nothing else; the grouped variant (per zone,
for the snapshot job) adds the project join and a GROUP BY. ``stats_by_sql`` and
``zones_by_sql`` return the figures in the JSON shape of ``reports.figures.metrics`` (targets: the
actual at each quarter cut), so that the benchmark can assert both give the same numbers.
"""

from decimal import Decimal

from django.db import connection

from reports.figures.numbers import money, rate
from reports.figures.period import Period
from reports.figures.yoy import last_year_period

from . import sections_sql

THRESHOLDS = (5000, 10000, 50000, 100000, 300000, 500000)


def _grouping(grouped, project_id):
    """(select prefix, project join, GROUP BY) for the per-zone variant, else empty."""
    if not grouped:
        return "", "", ""
    return (
        "p.zone_id,",
        f"JOIN projects_project p ON p.id = {project_id}",
        "GROUP BY p.zone_id",
    )


def plan_sql(grouped):
    key, join, group = _grouping(grouped, "e.project_id")
    return f"""
        SELECT {key}
            count(*) FILTER (WHERE e.plan_type = 'new'),
            count(*) FILTER (WHERE e.plan_type = 'new' AND g.actual_on <= %(as_of)s),
            count(*) FILTER (WHERE e.plan_type = 'continuing'),
            count(*) FILTER (WHERE e.plan_type = 'continuing' AND e.resumed_on <= %(as_of)s),
            count(*) FILTER (WHERE c.planned_on BETWEEN %(start)s AND %(year_end)s),
            count(*) FILTER (WHERE c.planned_on BETWEEN %(start)s AND %(year_end)s
                             AND c.actual_on <= %(as_of)s),
            coalesce(sum(e.planned_investment), 0)
        FROM investment_annualplanentry e
        {join}
        LEFT JOIN projects_milestone g
            ON g.project_id = e.project_id AND g.kind = 'groundbreaking'
        LEFT JOIN projects_milestone c
            ON c.project_id = e.project_id AND c.kind = 'completion'
        WHERE e.year = %(year)s
        {group}
    """


def investment_sql(grouped):
    key, join, group = _grouping(grouped, "r.project_id")
    return f"""
        SELECT {key} coalesce(sum(r.completed_investment), 0)
        FROM investment_investmentreport r
        JOIN investment_annualplanentry e ON e.project_id = r.project_id AND e.year = %(year)s
        {join}
        WHERE r.year = %(year)s AND r.month <= %(last_month)s
        {group}
    """


def milestones_sql(grouped):
    key, _join, group = _grouping(grouped, "m.project_id")
    buckets = ",".join(
        f"""
            count(*) FILTER (WHERE m.kind = 'signing' AND p.total_investment >= {minimum}),
            coalesce(sum(p.total_investment)
                     FILTER (WHERE m.kind = 'signing' AND p.total_investment >= {minimum}), 0)"""
        for minimum in THRESHOLDS
    )
    return f"""
        SELECT {key}
            count(*) FILTER (WHERE m.kind = 'signing'),
            coalesce(sum(p.total_investment) FILTER (WHERE m.kind = 'signing'), 0),
            count(*) FILTER (WHERE m.kind = 'groundbreaking'),
            count(*) FILTER (WHERE m.kind = 'completion'),
            count(*) FILTER (WHERE m.kind = 'production'),
            {buckets}
        FROM projects_milestone m
        JOIN projects_project p ON p.id = m.project_id
        WHERE m.actual_on BETWEEN %(start)s AND %(end)s
        {group}
    """


def median_sql(grouped):
    key, join, group = _grouping(grouped, "g.project_id")
    return f"""
        SELECT {key} percentile_cont(0.5) WITHIN GROUP (ORDER BY g.actual_on - s.actual_on)
        FROM projects_milestone g
        JOIN projects_milestone s
            ON s.project_id = g.project_id AND s.kind = 'signing' AND s.actual_on IS NOT NULL
        {join}
        WHERE g.kind = 'groundbreaking' AND g.actual_on BETWEEN %(start)s AND %(end)s
        {group}
    """


def targets_sql(cuts, milestone_minimums, money_minimums):
    """Each target of the year with its actual at each quarter cut.

    Milestones are counted per zone and kind, months summed per zone and month, once for
    each distinct target minimum (read beforehand); each target then reads its zone, its
    minimum and the cuts.
    """

    def pick(template, minimums):
        if not minimums:
            return "NULL::numeric"
        whens = " ".join(
            f"WHEN {minimum} THEN {template.format(level=level)}"
            for level, minimum in enumerate(minimums)
        )
        return f"CASE t.min_investment {whens} END"

    reached = (
        ",".join(
            f"""
            count(*) FILTER (WHERE p.total_investment >= {minimum}
                             AND m.actual_on <= '{cut}') AS reached_{level}_{i},
            sum(p.total_investment) FILTER (WHERE p.total_investment >= {minimum}
                                            AND m.actual_on <= '{cut}') AS invested_{level}_{i}"""
            for level, minimum in enumerate(milestone_minimums)
            for i, cut in enumerate(cuts)
        )
        or "0"
    )
    amounts = (
        ",".join(
            f"""
            sum(r.completed_investment)
                FILTER (WHERE p.total_investment >= {minimum}) AS invested_{level},
            sum(r.funds_domestic)
                FILTER (WHERE p.total_investment >= {minimum}) AS funds_{level}"""
            for level, minimum in enumerate(money_minimums)
        )
        or "0"
    )
    milestone_cuts = ",".join(
        f"""
            coalesce(CASE WHEN t.metric = 'signed_investment'
                          THEN {pick(f"ms.invested_{{level}}_{i}", milestone_minimums)}
                          ELSE {pick(f"ms.reached_{{level}}_{i}", milestone_minimums)} END, 0)"""
        for i in range(len(cuts))
    )
    money_cuts = ",".join(
        f"""
            coalesce(sum(CASE WHEN t.metric = 'completed_investment'
                              THEN {pick("mo.invested_{level}", money_minimums)}
                              ELSE {pick("mo.funds_{level}", money_minimums)} END)
                     FILTER (WHERE mo.month <= {cut.month}), 0)"""
        for cut in cuts
    )
    return f"""
        WITH milestones AS (
            SELECT p.zone_id, m.kind, {reached}
            FROM projects_milestone m
            JOIN projects_project p ON p.id = m.project_id
            WHERE m.actual_on BETWEEN %(start)s AND %(end)s
            GROUP BY p.zone_id, m.kind
        ),
        months AS (
            SELECT p.zone_id, r.month, {amounts}
            FROM investment_investmentreport r
            JOIN projects_project p ON p.id = r.project_id
            WHERE r.year = %(year)s AND r.month <= %(last_month)s
            GROUP BY p.zone_id, r.month
        )
        SELECT t.id, {milestone_cuts}
        FROM investment_target t
        LEFT JOIN milestones ms
            ON ms.zone_id = t.zone_id
            AND ms.kind = CASE t.metric WHEN 'signed_count' THEN 'signing'
                                        WHEN 'signed_investment' THEN 'signing'
                                        WHEN 'started_count' THEN 'groundbreaking'
                                        WHEN 'completed_count' THEN 'completion'
                                        WHEN 'production_count' THEN 'production' END
        WHERE t.year = %(year)s
          AND t.metric NOT IN ('completed_investment', 'funds_in_place')
        UNION ALL
        SELECT t.id, {money_cuts}
        FROM investment_target t
        LEFT JOIN months mo ON mo.zone_id = t.zone_id
        WHERE t.year = %(year)s AND t.metric IN ('completed_investment', 'funds_in_place')
        GROUP BY t.id
    """


MINIMUMS_SQL = """
    SELECT DISTINCT min_investment, metric IN ('completed_investment', 'funds_in_place')
    FROM investment_target WHERE year = %(year)s ORDER BY 1
"""


def ranking_sql():
    """Every zone by start rate (rounded as shown), best first, with competition ranks."""
    return """
        SELECT z.id, z.code,
               rank() OVER (ORDER BY rates.rate DESC NULLS LAST),
               rates.rate
        FROM parks_zone z
        LEFT JOIN (
            SELECT p.zone_id,
                   round(count(*) FILTER (WHERE e.plan_type = 'new' AND g.actual_on <= %(as_of)s)
                         ::numeric / nullif(count(*) FILTER (WHERE e.plan_type = 'new'), 0), 4)
                       AS rate
            FROM investment_annualplanentry e
            JOIN projects_project p ON p.id = e.project_id
            LEFT JOIN projects_milestone g
                ON g.project_id = e.project_id AND g.kind = 'groundbreaking'
            WHERE e.year = %(year)s
            GROUP BY p.zone_id
        ) rates ON rates.zone_id = z.id
        ORDER BY rates.rate DESC NULLS LAST, z.code
    """


def _params(period: Period) -> dict:
    return {
        "year": period.year,
        "as_of": period.as_of,
        "start": period.start,
        "year_end": period.year_end,
        "end": period.end,
        "last_month": period.last_month,
    }


def _run(cursor, sql, params):
    cursor.execute(sql, params)
    return cursor.fetchall()


def _figures(plan, investment, milestones, median) -> dict:
    """One scope's figures from the rows of the four queries, in the metrics JSON shape."""
    new, started, continuing, resumed, due, done, planned = plan or (0, 0, 0, 0, 0, 0, 0)
    invested = investment or Decimal(0)
    signed, signed_sum, groundbreaking, completion, production, *buckets = milestones or (
        (0,) * (5 + 2 * len(THRESHOLDS))
    )
    return {
        "plan": {
            "planned_new": new,
            "started_new": started,
            "start_rate": rate(started, new),
            "planned_continuing": continuing,
            "resumed": resumed,
            "start_or_resume_rate": rate(started + resumed, new + continuing),
            "planned_completion": due,
            "completed": done,
            "completion_rate": rate(done, due),
            "planned_investment": money(planned),
            "completed_investment": money(invested),
            "investment_completion_rate": rate(invested, planned),
        },
        "signing": {
            "signed_count": signed,
            "signed_investment": money(signed_sum),
            "by_threshold": [
                {
                    "min_investment": money(minimum),
                    "count": buckets[2 * i],
                    "investment": money(buckets[2 * i + 1]),
                }
                for i, minimum in enumerate(THRESHOLDS)
            ],
        },
        "milestones": {
            "groundbreaking": groundbreaking,
            "completion": completion,
            "production": production,
            "median_days_signing_to_groundbreaking": median,
        },
    }


def target_actuals(cursor, period) -> dict:
    """Target id -> [actual at each quarter cut] as money strings."""
    cuts = period.quarter_cuts()
    if not cuts:
        return {}
    minimums = _run(cursor, MINIMUMS_SQL, _params(period))
    milestone_minimums = [minimum for minimum, money in minimums if not money]
    money_minimums = [minimum for minimum, money in minimums if money]
    sql = targets_sql(cuts, milestone_minimums, money_minimums)
    rows = _run(cursor, sql, _params(period))
    return {row[0]: [money(value) for value in row[1:]] for row in rows}


def stats_by_sql(period: Period) -> dict:
    """The figures of everything (all zones), and each target's actuals."""
    params = _params(period)
    with connection.cursor() as cursor:
        [plan] = _run(cursor, plan_sql(False), params)
        [[investment]] = _run(cursor, investment_sql(False), params)
        [milestones] = _run(cursor, milestones_sql(False), params)
        [[median]] = _run(cursor, median_sql(False), params)
        figures = _figures(plan, investment, milestones, median)
        figures["targets"] = target_actuals(cursor, period)
    return figures


def stats_with_last_year_by_sql(period: Period) -> dict:
    """``stats_by_sql``, and the same figures on the same date a year earlier (同比), which
    /api/stats/ answers beside them as ``last_year`` (the same SQL over the shifted period);
    for both years, the land and funds sections as well."""
    figures = stats_by_sql(period)
    earlier = last_year_period(period)
    params = _params(earlier)
    with connection.cursor() as cursor:
        [plan] = _run(cursor, plan_sql(False), params)
        [[investment]] = _run(cursor, investment_sql(False), params)
        [milestones] = _run(cursor, milestones_sql(False), params)
        [[median]] = _run(cursor, median_sql(False), params)
    figures["last_year"] = _figures(plan, investment, milestones, median)
    # The land ledger and the funds in place, which /api/stats/ answers for both years too.
    for answer, when in ((figures, period), (figures["last_year"], earlier)):
        answer["land"] = sections_sql.land_by_sql(when)
        answer["funds"] = sections_sql.funds_by_sql(when)
    return figures


def zones_by_sql(period: Period) -> dict:
    """Zone id -> its figures (zones with data), and each target's actuals: one pass."""
    params = _params(period)
    with connection.cursor() as cursor:
        plans = {row[0]: row[1:] for row in _run(cursor, plan_sql(True), params)}
        investments = dict(_run(cursor, investment_sql(True), params))
        milestones = {row[0]: row[1:] for row in _run(cursor, milestones_sql(True), params)}
        medians = dict(_run(cursor, median_sql(True), params))
        targets = target_actuals(cursor, period)
    zones = set(plans) | set(investments) | set(milestones) | set(medians)
    figures = {
        zone: _figures(
            plans.get(zone), investments.get(zone), milestones.get(zone), medians.get(zone)
        )
        for zone in zones
    }
    return {"zones": figures, "targets": targets}


def ranking_by_sql(period: Period) -> list:
    with connection.cursor() as cursor:
        rows = _run(cursor, ranking_sql(), _params(period))
    return [(code, rank if value is not None else None, value) for _pk, code, rank, value in rows]
