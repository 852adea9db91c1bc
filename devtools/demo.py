"""The demo region: a city with four zones, ~150 projects, two years of plans and reports.

Drawn from the practices of the seed articles: projects above 5000万 and 1亿 tracked on
annual key-project plans, signing → groundbreaking in about 97 days, monthly investment
reports with image progress, targets by project size with quarterly values.

Everything is generated from a fixed random seed and keyed on natural keys (codes, project
and kind, project and month), so running it again on the same day changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from investment.choices import PlanType, TargetMetric
from investment.models import AnnualPlanEntry, InvestmentReport, Target
from parks.choices import Role, ZoneKind
from parks.models import Park, Region, Zone
from parks.services import provision_user
from projects.choices import Cadence, CapitalSource, Category, Level, MilestoneKind, Status
from projects.models import Milestone, Project
from reports.figures.snapshots import backfill_month_ends, store_snapshots
from supervision.alerts import raise_alerts

DEMO_PASSWORD = "zonetrack-demo"

REGIONS = [
    ("JS", "江苏省", None),
    ("JS-ZJ", "镇江市", "JS"),
    ("JS-ZJ-DY", "丹阳市", "JS-ZJ"),
    ("JS-ZJ-JR", "句容市", "JS-ZJ"),
]

ZONES = [
    (
        "ZJXQ",
        "镇江新区",
        "JS-ZJ",
        ZoneKind.NATIONAL_ETDZ,
        "218.90",
        [("新能源产业园", "新能源"), ("新材料产业园", "新材料"), ("航空航天产业园", "航空航天")],
    ),
    (
        "DYKFQ",
        "丹阳经济开发区",
        "JS-ZJ-DY",
        ZoneKind.PROVINCIAL,
        "120.50",
        [("大健康产业园", "大健康"), ("高端装备产业园", "高端装备制造")],
    ),
    (
        "ZJGXQ",
        "镇江高新区",
        "JS-ZJ",
        ZoneKind.NATIONAL_HITECH,
        "56.30",
        [("光电信息产业园", "光电信息"), ("智能制造产业园", "智能制造")],
    ),
    (
        "JRKFQ",
        "句容经济开发区",
        "JS-ZJ-JR",
        ZoneKind.PROVINCIAL,
        "80.00",
        [("先进制造园", "先进制造"), ("文旅康养园", "文旅康养")],
    ),
]

PROJECTS_PER_ZONE = 38

NAME_PARTS = {
    Category.MANUFACTURING: [
        "精密光学元件基地",
        "动力电池制造基地",
        "高端装备产业园",
        "新材料生产线",
    ],
    Category.SERVICES: ["研发中心", "供应链总部", "检验检测中心", "数字服务平台"],
    Category.INFRASTRUCTURE: ["道路改造工程", "污水处理厂扩建", "变电站工程"],
    Category.URBAN: ["安置房项目", "城市更新片区"],
    Category.LIVELIHOOD: ["学校新建工程", "社区医院", "森林步道"],
    Category.TECH_RENOVATION: ["智能化技术改造", "绿色工厂改造"],
    Category.INNOVATION: ["孵化器", "新型研发机构"],
}
INVESTORS = ["鱼跃医疗", "孚能科技", "丹耀光学", "高仙机器人", "金斯瑞生物", "中车", "恒顺集团"]
LEADERS = ["王志强", "李明", "张建华", "陈伟", "刘洋", "赵敏"]
TEAMS = ["招商一局", "招商二局", "招商三局", "招商四局", "招商五局", "招商六局"]


@dataclass
class DemoResult:
    zones: int
    projects: int
    milestones: int
    plan_entries: int
    reports: int


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


@transaction.atomic
def seed_demo(today: date, projects_per_zone: int = PROJECTS_PER_ZONE) -> DemoResult:
    """Create or update the demo region as of ``today``."""
    rng = random.Random(20261122)
    regions = {}
    for code, name, parent in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "parent": regions.get(parent)}
        )
    zones = []
    for index, (code, name, region, kind, area, parks) in enumerate(ZONES):
        zone, _ = Zone.objects.update_or_create(
            code=code,
            defaults={"name": name, "region": regions[region], "kind": kind, "area_km2": area},
        )
        park_objects = [
            Park.objects.update_or_create(
                zone=zone, name=park_name, defaults={"lead_industry": industry}
            )[0]
            for park_name, industry in parks
        ]
        zones.append((index, zone, park_objects))
    counts = DemoResult(len(zones), 0, 0, 0, 0)
    for index, zone, parks in zones:
        for number in range(1, projects_per_zone + 1):
            _seed_project(rng, today, zone, parks, number, counts)
        _seed_targets(zone, today.year, index)
    _seed_users(regions, zones)
    # A demo has no nightly jobs behind it: store the month-end snapshots the dashboards'
    # trends read, and raise today's alerts.
    backfill_month_ends(date(today.year - 1, 1, 1), today, replace=True)
    store_snapshots(today)
    raise_alerts(today)
    return counts


def _seed_project(rng, today, zone, parks, number, counts):
    category = rng.choices(list(NAME_PARTS), weights=[55, 15, 8, 5, 7, 6, 4])[0]
    is_attracted = category not in (Category.INFRASTRUCTURE, Category.URBAN, Category.LIVELIHOOD)
    investor = rng.choice(INVESTORS) if is_attracted else ""
    total = _money(rng.choice([3000, 5200, 8000, 12000, 18000, 30000, 55000, 120000, 305000]))
    total += _money(rng.randint(0, 999))
    park = rng.choice(parks)
    stalled = rng.random() < 0.04
    project, _ = Project.objects.update_or_create(
        code=f"{zone.code}-{today.year - 1}-{number:03d}",
        defaults={
            "name": f"{investor or zone.name}{rng.choice(NAME_PARTS[category])}",
            "zone": zone,
            "park": park,
            "investor": investor,
            "category": category,
            "industry": park.lead_industry,
            "level": rng.choices(list(Level.values), weights=[10, 30, 30, 30])[0],
            "capital_source": rng.choices(list(CapitalSource.values), weights=[60, 30, 10])[0],
            "is_attracted": is_attracted,
            "total_investment": total,
            "foreign_investment_usd": _money(rng.randint(500, 9000))
            if rng.random() < 0.1
            else None,
            "leader": rng.choice(LEADERS),
            "attraction_team": rng.choice(TEAMS) if is_attracted else "",
            "cadence": rng.choice(Cadence.values),
            "status": Status.STALLED if stalled else Status.ACTIVE,
            "status_reason": "用地指标待落实" if stalled else "",
        },
    )
    counts.projects += 1
    dates = _milestone_dates(rng, today)
    for kind, (planned, actual) in dates.items():
        Milestone.objects.update_or_create(
            project=project, kind=kind, defaults={"planned_on": planned, "actual_on": actual}
        )
        counts.milestones += 1
    for year in (today.year - 1, today.year):
        entry = _seed_plan(rng, project, dates, year, today)
        if entry is not None:
            counts.plan_entries += 1
            counts.reports += _seed_reports(rng, entry, today)


def _milestone_dates(rng, today):
    """Planned and actual dates per milestone; actual only where it has happened by today."""
    signing = today - timedelta(days=rng.randint(-120, 900))
    gaps = [0, rng.randint(60, 140), rng.randint(240, 420), rng.randint(60, 150)]
    dates, planned, reached = {}, signing, True
    for kind, gap in zip(MilestoneKind.values, gaps, strict=True):
        planned += timedelta(days=gap)
        slip = timedelta(days=rng.randint(-10, 45))
        actual = planned + slip if reached and planned + slip <= today else None
        reached = actual is not None
        dates[kind] = (planned, actual)
    return dates


def _seed_plan(rng, project, dates, year, today):
    groundbreaking_planned, started = dates[MilestoneKind.GROUNDBREAKING]
    completed = dates[MilestoneKind.COMPLETION][1]
    if groundbreaking_planned.year == year:
        plan_type, resumed = PlanType.NEW, None
    elif groundbreaking_planned.year < year and (completed is None or completed.year >= year):
        plan_type = PlanType.CONTINUING
        resumed_candidate = date(year, 2, 1) + timedelta(days=rng.randint(0, 60))
        resumed = resumed_candidate if started and resumed_candidate <= today else None
    else:
        return None
    share = Decimal(rng.randint(25, 60)) / 100
    entry, _ = AnnualPlanEntry.objects.update_or_create(
        project=project,
        year=year,
        defaults={
            "plan_type": plan_type,
            "planned_investment": _money(project.total_investment * share),
            "planned_start_on": groundbreaking_planned if plan_type == PlanType.NEW else None,
            "resumed_on": resumed,
        },
    )
    return entry


def _seed_reports(rng, entry, today):
    started = entry.project.milestones.get(kind=MilestoneKind.GROUNDBREAKING).actual_on
    if started is None or started.year > entry.year:
        return 0  # not yet in the statistics that year: nothing to report
    first = started.month if started.year == entry.year else 1
    last = 12 if entry.year < today.year else today.month - 1
    monthly = entry.planned_investment / 12
    progress = Decimal(0)
    count = 0
    for month in range(first, last + 1):
        done = _money(monthly * Decimal(rng.uniform(0.6, 1.3)))
        progress = min(Decimal(100), progress + Decimal(rng.randint(3, 12)))
        InvestmentReport.objects.update_or_create(
            project=entry.project,
            year=entry.year,
            month=month,
            defaults={
                "completed_investment": done,
                "funds_domestic": _money(done * Decimal("0.7")),
                "funds_out_of_province": _money(done * Decimal("0.25")),
                "funds_foreign_usd": Decimal("0.00"),
                "image_progress": progress,
            },
        )
        count += 1
    return count


def _seed_targets(zone, year, index):
    scale = Decimal(1 + index % 2)
    targets = [
        (TargetMetric.SIGNED_COUNT, 10000, 11 * scale),
        (TargetMetric.SIGNED_INVESTMENT, 10000, 760000 * scale),
        (TargetMetric.STARTED_COUNT, 5000, 12 * scale),
        (TargetMetric.PRODUCTION_COUNT, 0, 6 * scale),
        (TargetMetric.COMPLETED_INVESTMENT, 0, 400000 * scale),
    ]
    for metric, minimum, annual in targets:
        annual = _money(annual)
        Target.objects.update_or_create(
            zone=zone,
            year=year,
            metric=metric,
            min_investment=_money(minimum),
            defaults={
                "annual_value": annual,
                "q1_value": _money(annual * Decimal("0.2")),
                "q2_value": _money(annual * Decimal("0.5")),
                "q3_value": _money(annual * Decimal("0.75")),
            },
        )


DEMO_USERS = [
    # username, role, zone or region code
    ("admin", None, None),
    ("leader", Role.LEADERSHIP, "JS-ZJ"),
    ("lead_zjxq", Role.ZONE_LEAD, "ZJXQ"),
    ("official_zjxq", Role.OFFICIAL, "ZJXQ"),
    ("official_dykfq", Role.OFFICIAL, "DYKFQ"),
]


def _seed_users(regions, zones):
    zones_by_code = {zone.code: zone for _, zone, _ in zones}
    for username, role, place in DEMO_USERS:
        provision_user(
            username,
            DEMO_PASSWORD,
            role=role,
            place=zones_by_code.get(place) or regions.get(place),
            admin=role is None,
        )
