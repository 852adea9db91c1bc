"""The demo region: a city with four zones, ~150 projects, two years of plans and reports.

Drawn from the practices of the seed articles: projects above 5000万 and 1亿 tracked on
annual key-project plans, signing → groundbreaking in about 97 days, monthly investment
reports with image progress, targets by project size with quarterly values; and the
supervision loop around them (``demo_supervision``): task forces, half-monthly rounds,
blockers with their timelines and supervision notices.

Everything is generated from a fixed random seed and keyed on natural keys (codes, project
and kind, project and month). The demo is loaded once: running it again creates only what is
missing and keeps every row that exists, with what a user changed in it; ``reset`` restores it.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from investment.choices import PlanType, TargetMetric
from investment.models import AnnualPlanEntry, InvestmentReport, LandParcel, Target
from parks.choices import Role, ZoneKind
from parks.models import Park, Region, Zone
from parks.services import provision_user
from projects.choices import Cadence, CapitalSource, Category, Level, MilestoneKind, Status
from projects.models import (
    AttractionTeam,
    Leader,
    LeaderLevel,
    Milestone,
    Project,
    ProjectLeader,
)
from reports.figures.period import Period
from reports.figures.rollups import refresh_all
from reports.figures.snapshots import backfill_month_ends, store_snapshots
from reports.models import Snapshot
from supervision.alerts import raise_alerts
from supervision.models import (
    Alert,
    Blocker,
    BlockerStep,
    Meeting,
    Notice,
    ProgressUpdate,
    TaskForceMember,
)
from zonetrack.db import analyze
from zonetrack.db import today as current_day

from .demo_evidence import link_updates_to_blockers, seed_evidence
from .demo_land import seed_land
from .demo_meetings import seed_meetings
from .demo_supervision import seed_blockers, seed_rounds, seed_task_forces

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

# What each park's lead industry makes, and who invests in it: a product is invested by a
# company of its trade (a battery plant by a battery maker), named by where it comes from.
# The investors are made up; the last one of each product is a foreign company.
PRODUCTS = {
    "新能源": {
        "动力电池制造基地": ["锂源新能源", "恒能电池", "韩国大韩锂电"],
        "储能系统生产线": ["储跃能源", "恒能电池", "德国维斯储能"],
        "光伏组件制造项目": ["晶阳光伏", "旭升光能", "新加坡阳辉能源"],
    },
    "新材料": {
        "高性能铝合金板带项目": ["华铝新材", "润铝科技", "日本东辉金属"],
        "电子级化学品生产线": ["纳微化学", "苏润新材", "德国巴迪化学"],
        "碳纤维复合材料项目": ["恒碳科技", "新碳复材", "日本丰丽碳素"],
    },
    "航空航天": {
        "航空结构件制造项目": ["天翼航空部件", "云翔航空", "法国赛弗航空"],
        "通用飞机总装基地": ["翔鹰通航", "云翔航空", "美国蓝峰通航"],
        "航空复合材料部件项目": ["航宇复材", "天翼航空部件", "英国罗兰复材"],
    },
    "大健康": {
        "医用耗材生产基地": ["康泽医疗", "健安医疗器械", "德国维康医疗"],
        "眼视光镜片项目": ["明视光学", "清瞳镜片", "日本光明眼镜"],
        "生物制药产业化项目": ["瑞康生物", "润生药业", "瑞士安诺制药"],
    },
    "高端装备制造": {
        "精密减速器项目": ["恒驰传动", "精工传动", "日本中濑精机"],
        "数控机床生产基地": ["大港机床", "苏工数控", "德国海德机床"],
        "轨道交通装备项目": ["中轨装备", "恒通轨道", "法国阿尔泰轨道"],
    },
    "光电信息": {
        "光学镜头模组项目": ["丹瑞光学", "明锐光电", "日本光濑光学"],
        "半导体封装测试基地": ["华芯封测", "长芯科技", "新加坡联科半导体"],
        "显示面板配套项目": ["京华光电", "瀚显科技", "韩国大星显示材料"],
    },
    "智能制造": {
        "工业机器人生产基地": ["智行机器人", "埃森智能", "德国卡尔机器人"],
        "智能传感器项目": ["感知科技", "芯感微电子", "美国西岭传感"],
        "智能物流装备项目": ["捷运智能物流", "昆仓智能", "日本大和物流装备"],
    },
    "先进制造": {
        "汽车零部件制造基地": ["恒润汽车部件", "华驰汽车零件", "德国施泰因传动"],
        "高端阀门生产线": ["苏阀科技", "通达阀门", "美国艾德阀门"],
        "电线电缆项目": ["远通电缆", "亨达线缆", "意大利普拉电缆"],
    },
    "文旅康养": {
        "健康食品生产基地": ["醋香食品", "茅山茶业", "瑞士阿尔卑食品"],
        "康养旅游综合体": ["华阳文旅", "茅山康养", "新加坡悦湾度假"],
        "中医药康养产业园": ["茅山中药", "句容本草", "日本松村汉方"],
    },
}
# Services, renovation and innovation projects of a company of the park's trade.
COMPANY_PROJECTS = {
    Category.SERVICES: ["研发中心", "区域总部", "检验检测中心", "供应链服务平台"],
    Category.TECH_RENOVATION: ["智能化技术改造项目", "绿色工厂改造项目"],
    Category.INNOVATION: ["新型研发机构", "创新孵化中心"],
}
# Public works, named by the part of the zone they serve.
PUBLIC_WORKS = {
    Category.INFRASTRUCTURE: ["道路改造工程", "污水处理厂扩建工程", "110千伏变电站工程"],
    Category.URBAN: ["安置房项目", "城市更新片区"],
    Category.LIVELIHOOD: ["九年一贯制学校新建工程", "社区卫生服务中心", "森林步道"],
}
PLACES = {
    "ZJXQ": ["大港", "丁岗", "姚桥", "大路", "丁卯"],
    "DYKFQ": ["云阳", "开发区北区", "司徒", "练湖"],
    "ZJGXQ": ["官塘", "南徐", "十里长山", "蒋乔"],
    "JRKFQ": ["华阳", "黄梅", "下蜀", "崇明"],
}
PHASES = ["二期", "三期", "四期", "五期"]
CATEGORY_WEIGHTS = {
    Category.MANUFACTURING: 55,
    Category.SERVICES: 15,
    Category.INFRASTRUCTURE: 8,
    Category.URBAN: 5,
    Category.LIVELIHOOD: 7,
    Category.TECH_RENOVATION: 6,
    Category.INNOVATION: 4,
}
# 万元 per 万美元, near enough for a demo.
USD_RATE = Decimal("7.1")
LEADERS = ["王志强", "李明", "张建华", "陈伟", "刘洋", "赵敏"]
# The leaders who answer for each zone's projects (包保领导), of the zone's region: a project's
# draw from LEADERS picks one of them (the draw stays, so no other draw of the demo moves).
ZONE_LEADERS = {
    "ZJXQ": [("王志强", "新区党工委副书记"), ("李明", "新区管委会副主任")],
    "DYKFQ": [("张建华", "开发区党工委书记"), ("陈伟", "开发区管委会主任")],
    "ZJGXQ": [("刘洋", "高新区管委会副主任"), ("赵敏", "高新区党工委委员")],
    "JRKFQ": [("孙立新", "开发区党工委书记"), ("周静", "开发区管委会副主任")],
}
# The city leader with a login: 包保 the two largest projects of every zone.
CITY_LEADER = ("王建国", "镇江市副市长", "JS-ZJ", "leader_wang")
CITY_LEADER_PROJECTS_PER_ZONE = 2
TEAMS = ["招商一局", "招商二局", "招商三局", "招商四局", "招商五局", "招商六局"]
# Who leads the teams (招商局长): the first zone's in the order of TEAMS, the next zones' shifted.
TEAM_LEADS = ["周建国", "吴海燕", "郑志强", "冯丽娟", "陈卫东", "褚晓明"]
SEED = 20261122


@dataclass
class DemoResult:
    zones: int
    projects: int
    milestones: int
    plan_entries: int
    reports: int
    # The supervision rows created by this run (a second run creates none).
    task_force_members: int = 0
    progress_updates: int = 0
    blockers: int = 0
    notices: int = 0
    evidence: int = 0
    land_parcels: int = 0
    decisions: int = 0  # of the city's scheduling meeting (调度会)
    # Rows deleted first by a reset, per model label.
    deleted: dict[str, int] = field(default_factory=dict)


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def seed_demo(
    today: date, projects_per_zone: int = PROJECTS_PER_ZONE, *, reset: bool = False
) -> DemoResult:
    """Create the demo region as of ``today``: only what is missing, unless ``reset``.

    Rows that exist are left as they are, so what a user changed survives another run;
    ``reset`` first empties the demo zones (see ``empty_demo``) and so restores them.
    Counts are of the demo's rows, whether created now or before.
    """
    with transaction.atomic():
        counts = _seed(today, projects_per_zone, reset)
    # Thousands of rows arrived at once: give the planner their statistics now.
    analyze(FILLED)
    # And the figures read from the rollups are current from the first page.
    day = current_day()
    refresh_all(Period(day.year, day))
    return counts


FILLED = [
    Region,
    Zone,
    Park,
    Project,
    Milestone,
    AnnualPlanEntry,
    InvestmentReport,
    Target,
    Leader,
    ProjectLeader,
    AttractionTeam,
    LandParcel,
    TaskForceMember,
    ProgressUpdate,
    Blocker,
    BlockerStep,
    Notice,
    Snapshot,
    Alert,
]


def empty_demo() -> dict[str, int]:
    """Delete everything in the demo zones (projects and what hangs on them, notices, targets,
    parks, snapshots and alerts); the zones, regions and users stay to be restored. Returns the
    number of rows deleted per model label."""
    zones = Zone.objects.filter(code__in=[code for code, *_ in ZONES])
    regions = Region.objects.filter(code__in=[code for code, *_ in REGIONS])
    deleted: dict[str, int] = {}
    for queryset in (
        # A notice protects its project and blocker: it goes first.
        Notice.objects.filter(zone__in=zones),
        Alert.objects.filter(zone__in=zones),
        Snapshot.objects.filter(Q(zone__in=zones) | Q(region__in=regions)),
        Target.objects.filter(zone__in=zones),
        LandParcel.objects.filter(zone__in=zones),
        Project.objects.filter(zone__in=zones),
        # The meetings over the demo zones, their decisions gone with the projects.
        Meeting.objects.filter(pk__in=Meeting.objects.filter(zones__in=zones).values("pk")),
        AttractionTeam.objects.filter(zone__in=zones),
        Park.objects.filter(zone__in=zones),
    ):
        for label, number in queryset.delete()[1].items():
            deleted[label] = deleted.get(label, 0) + number
    return deleted


def _put(model, reset, defaults, **keys):
    """Create the row if missing; overwrite it only when restoring (``reset``)."""
    if reset:
        return model.objects.update_or_create(defaults=defaults, **keys)[0]
    return model.objects.get_or_create(defaults=defaults, **keys)[0]


def _seed(today, projects_per_zone, reset):
    deleted = empty_demo() if reset else {}
    regions = {}
    for code, name, parent in REGIONS:
        regions[code] = _put(
            Region, reset, {"name": name, "parent": regions.get(parent)}, code=code
        )
    zones = []
    for index, (code, name, region, kind, area, parks) in enumerate(ZONES):
        zone = _put(
            Zone,
            reset,
            {"name": name, "region": regions[region], "kind": kind, "area_km2": area},
            code=code,
        )
        park_objects = [
            _put(Park, reset, {"lead_industry": industry}, zone=zone, name=park_name)
            for park_name, industry in parks
        ]
        zones.append((index, zone, park_objects))
    counts = DemoResult(len(zones), 0, 0, 0, 0, deleted=deleted)
    zone_leaders = _seed_zone_leaders(zones, reset)
    zone_teams = _seed_teams(zones, reset)
    for index, zone, parks in zones:
        names = set()
        for number in range(1, projects_per_zone + 1):
            _seed_project(today, zone, parks, number, names, counts, zone_leaders, zone_teams)
        _seed_targets(zone, today.year, index, reset)
    _seed_users(regions, zones, reset)
    _seed_city_leader(regions, zones, reset)
    demo_zones = [zone for _index, zone, _parks in zones]
    counts.land_parcels = seed_land(today, demo_zones)
    counts.task_force_members = seed_task_forces(today, demo_zones)
    counts.progress_updates = seed_rounds(today).created
    # A demo has no nightly jobs behind it: store the month-end snapshots the dashboards'
    # trends read (those missing), and today's, and raise today's alerts.
    backfill_month_ends(date(today.year - 1, 1, 1), today)
    store_snapshots(today)
    raise_alerts(today)
    # The blockers come after the alerts: one of them is made from today's alerts.
    supervised = seed_blockers(today)
    counts.blockers, counts.notices = supervised.blockers, supervised.notices
    link_updates_to_blockers(today)
    counts.evidence = seed_evidence(today)
    counts.decisions = seed_meetings(today, demo_zones, CITY_LEADER[3])
    return counts


def _seed_zone_leaders(zones, reset):
    """Zone code -> its leaders, in the order of ZONE_LEADERS."""
    return {
        zone.code: [
            _put(
                Leader,
                reset,
                {"title": title, "level": LeaderLevel.ZONE},
                region=zone.region,
                name=name,
            )
            for name, title in ZONE_LEADERS[zone.code]
        ]
        for _index, zone, _parks in zones
    }


def _seed_teams(zones, reset):
    """Zone code -> team name -> its attraction team (招商局); each zone has its own leads."""
    return {
        zone.code: {
            name: _put(AttractionTeam, reset, {"lead": lead}, zone=zone, name=name)
            for name, lead in zip(TEAMS, TEAM_LEADS[index:] + TEAM_LEADS[:index], strict=True)
        }
        for index, zone, _parks in zones
    }


def _seed_city_leader(regions, zones, reset):
    """The city leader, its login linked, first leader of the largest projects of each zone
    (only when it answers for none: a user may have changed its projects)."""
    name, title, region, username = CITY_LEADER
    user = get_user_model().objects.get(username=username)
    leader = _put(
        Leader,
        reset,
        {"title": title, "level": LeaderLevel.CITY, "user": user},
        region=regions[region],
        name=name,
    )
    if ProjectLeader.objects.filter(leader=leader).exists():
        return
    for _index, zone, _parks in zones:
        largest = Project.objects.filter(zone=zone).order_by("-total_investment", "code")
        for project in largest[:CITY_LEADER_PROJECTS_PER_ZONE]:
            project.set_leaders([leader, *project.leaders_in_order()])


def _unique(name, names):
    """The name, or its next phase (二期, 三期 …) when the zone has a project of that name."""
    candidates = [name] + [f"{name}{phase}" for phase in PHASES]
    chosen = next((candidate for candidate in candidates if candidate not in names), None)
    if chosen is None:
        raise ValueError(f"too many demo projects named {name}")
    names.add(chosen)
    return chosen


def _who_and_what(rng, zone, park, category):
    """(name, investor, capital source) of a project of ``category`` in ``park``."""
    if category in PUBLIC_WORKS:
        return rng.choice(PLACES[zone.code]) + rng.choice(PUBLIC_WORKS[category]), "", None
    products = PRODUCTS[park.lead_industry]
    source = rng.choices(list(CapitalSource.values), weights=[60, 30, 10])[0]
    if category == Category.MANUFACTURING:
        product = rng.choice(list(products))
        investors = products[product]
    else:
        product = rng.choice(COMPANY_PROJECTS[category])
        investors = [name for companies in products.values() for name in companies]
        investors = list(dict.fromkeys(investors))
    foreign = [name for companies in products.values() for name in companies[-1:]]
    if source == CapitalSource.FOREIGN:
        investor = rng.choice([name for name in investors if name in foreign])
    else:
        investor = rng.choice([name for name in investors if name not in foreign])
    return investor + product, investor, source


def _seed_project(today, zone, parks, number, names, counts, zone_leaders, zone_teams):
    code = f"{zone.code}-{today.year - 1}-{number:03d}"
    # One generator per project: what one project draws does not shift the others, so a
    # project the user deleted comes back as it was.
    rng = random.Random(f"{SEED}-{code}")
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    park = rng.choice(parks)
    name, investor, source = _who_and_what(rng, zone, park, category)
    total = _money(rng.choice([3000, 5200, 8000, 12000, 18000, 30000, 55000, 120000, 305000]))
    total += _money(rng.randint(0, 999))
    foreign_usd = None
    if source == CapitalSource.FOREIGN:
        foreign_usd = _money(total / USD_RATE * Decimal(rng.randint(40, 90)) / 100)
    dates = _milestone_dates(rng, today)
    # Work stops on a site, not in a finished plant: only a project not yet completed stalls.
    stalled = rng.random() < 0.05 and dates[MilestoneKind.COMPLETION][1] is None
    project, created = Project.objects.get_or_create(
        code=code,
        defaults={
            "name": _unique(name, names),
            "zone": zone,
            "park": park,
            "investor": investor,
            "category": category,
            "industry": park.lead_industry,
            "level": rng.choices(list(Level.values), weights=[10, 30, 30, 30])[0],
            "capital_source": source or CapitalSource.DOMESTIC,
            "is_attracted": bool(investor),
            "total_investment": total,
            "foreign_investment_usd": foreign_usd,
            "team": zone_teams[zone.code][rng.choice(TEAMS)] if investor else None,
            "cadence": rng.choice(Cadence.values),
            "status": Status.STALLED if stalled else Status.ACTIVE,
            "status_reason": "用地指标待落实" if stalled else "",
        },
    )
    leader_draw = LEADERS.index(rng.choice(LEADERS))
    if created:
        leaders = zone_leaders[zone.code]
        project.set_leaders([leaders[leader_draw % len(leaders)]])
    else:
        names.add(project.name)
    counts.projects += 1
    for kind, (planned, actual) in dates.items():
        Milestone.objects.get_or_create(
            project=project, kind=kind, defaults={"planned_on": planned, "actual_on": actual}
        )
        counts.milestones += 1
    started = project.milestones.get(kind=MilestoneKind.GROUNDBREAKING).actual_on
    for year in (today.year - 1, today.year):
        entry = _seed_plan(rng, project, total, dates, year, today)
        if entry is not None:
            counts.plan_entries += 1
            counts.reports += _seed_reports(rng, entry, started, foreign_usd is not None, today)


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


def _seed_plan(rng, project, total, dates, year, today):
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
    entry, _ = AnnualPlanEntry.objects.get_or_create(
        project=project,
        year=year,
        defaults={
            "plan_type": plan_type,
            "planned_investment": _money(total * share),
            "planned_start_on": groundbreaking_planned if plan_type == PlanType.NEW else None,
            "resumed_on": resumed,
        },
    )
    return entry


def _seed_reports(rng, entry, started, is_foreign, today):
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
        # Funds in place: 省外 is a part of 内资; only a foreign project brings foreign funds.
        domestic = done * Decimal("0.3" if is_foreign else "0.7")
        InvestmentReport.objects.get_or_create(
            project=entry.project,
            year=entry.year,
            month=month,
            defaults={
                "completed_investment": done,
                "funds_domestic": _money(domestic),
                "funds_out_of_province": _money(domestic * Decimal("0.35")),
                "funds_foreign_usd": _money(done * Decimal("0.5") / USD_RATE)
                if is_foreign
                else Decimal("0.00"),
                "image_progress": progress,
            },
        )
        count += 1
    return count


def _seed_targets(zone, year, index, reset):
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
        _put(
            Target,
            reset,
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
    ("leader_wang", Role.LEADERSHIP, "JS-ZJ"),
    ("lead_zjxq", Role.ZONE_LEAD, "ZJXQ"),
    ("official_zjxq", Role.OFFICIAL, "ZJXQ"),
    ("official_dykfq", Role.OFFICIAL, "DYKFQ"),
]


def _seed_users(regions, zones, reset):
    zones_by_code = {zone.code: zone for _, zone, _ in zones}
    existing = set(get_user_model().objects.values_list("username", flat=True))
    for username, role, place in DEMO_USERS:
        if username in existing and not reset:
            continue  # its password and role may have been changed on purpose
        provision_user(
            username,
            DEMO_PASSWORD,
            role=role,
            place=zones_by_code.get(place) or regions.get(place),
            admin=role is None,
        )
