"""The city the dashboard tests look at, with every figure worked out by hand.

As of 2026-11-22, in zones A and B of the city (conftest):

| project | zone | total | signing | groundbreaking | completion | plan 2026 | reports 2026 |
| --- | --- | --- | --- | --- | --- | --- | --- |
| A1 | A, park | 20000 | 2026-02-01 | 2026-05-01 | | new, 1000 | Mar 100, Jun 150 |
| A2 | A | 5000 | 2026-03-10 | planned 2026-06-01 | | new, 1000 | |
| A3 | A, park | 8000 | 2025-01-01 | 2025-06-01 | 2026-10-15 (plan 09-30) | cont., 2000 | Oct 500 |
| B1 | B | 150000 | 2026-04-01 | planned 2026-12-01 | | new, 3000 | |

A3 resumed on 2026-02-15. The city:
- planned_new 3, started_new 1: start rate 0.3333;
- continuing 1, resumed 1: start-or-resume rate 2/4 = 0.5;
- planned investment 7000, completed 750: 0.1071;
- signed in the year 3 (A1, A2, B1) for 175000; ≥1亿 2 (170000), ≥10亿 1 (150000);
- planned completions 1, completed 1;
- funnel: 4 projects, 4 signed, 2 started, 1 completed, 0 in production, none negotiating;
- overdue: A2's groundbreaking only.
"""

from datetime import date

from investment.choices import PlanType, TargetMetric
from tests.builders import make_plan, make_project, make_report
from tests.factories import ParkFactory, TargetFactory, ZoneFactory

AS_OF = date(2026, 11, 22)
WHEN = {"year": 2026, "as_of": "2026-11-22"}


def build_city(zone_a, zone_b, park_name="新材料产业园", targets=True):
    park = ParkFactory(zone=zone_a, name=park_name)
    a1 = make_project(zone_a, "20000", signing=date(2026, 2, 1), groundbreaking=date(2026, 5, 1))
    a1.park = park
    a1.save()
    make_plan(a1, investment="1000")
    make_report(a1, 3, completed="100")
    make_report(a1, 6, completed="150")
    a2 = make_project(
        zone_a, "5000", planned={"groundbreaking": date(2026, 6, 1)}, signing=date(2026, 3, 10)
    )
    make_plan(a2, investment="1000")
    a3 = make_project(
        zone_a,
        "8000",
        planned={"completion": date(2026, 9, 30)},
        signing=date(2025, 1, 1),
        groundbreaking=date(2025, 6, 1),
        completion=date(2026, 10, 15),
    )
    a3.park = park
    a3.save()
    make_plan(a3, PlanType.CONTINUING, investment="2000", resumed_on=date(2026, 2, 15))
    make_report(a3, 10, completed="500")
    b1 = make_project(
        zone_b, "150000", planned={"groundbreaking": date(2026, 12, 1)}, signing=date(2026, 4, 1)
    )
    make_plan(b1, investment="3000")
    if targets:
        TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_COUNT, annual_value=4)
        TargetFactory(zone=zone_b, metric=TargetMetric.SIGNED_COUNT, annual_value=1)
    return {"park": park, "a1": a1, "a2": a2, "a3": a3, "b1": b1}


def add_zones(region, count):
    """``count`` more zones in ``region``, each with a park, a started project on the plan
    with a report, and a target: more rows of every kind, the same queries.
    """
    for _ in range(count):
        zone = ZoneFactory(region=region)
        project = make_project(
            zone, "30000", signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 1)
        )
        project.park = ParkFactory(zone=zone)
        project.save()
        make_plan(project, investment="500")
        make_report(project, 5, completed="50")
        TargetFactory(zone=zone, metric=TargetMetric.SIGNED_COUNT, annual_value=1)
