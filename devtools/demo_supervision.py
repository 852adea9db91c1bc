"""The demo city's supervision loop (SPEC section 13): task forces, scheduling rounds,
blockers handled through their whole timeline, and supervision notices.

Everything is dated relative to the demo's ``today`` and drawn from fixed seeds. Rows are made
through the models' own paths (``Blocker.transition``, ``Notice.save``, the escalation job),
each at the moment it happened in the demo's story: :func:`demo_clock` sets the clock Django
reads (``timezone.now``) while a step is saved, so its time, ``auto_now`` fields, the dates the
models derive from "today" (``closed_on``, ``replied_on``) and the audit history all agree.

Like the rest of the demo, a second run creates only what is missing: a key project with a task
force keeps it, a blocker is keyed on its project and title, and a blocker that exists keeps its
timeline and notices as they are.
"""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Case, Value, When
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from projects.choices import Cadence, Stage
from projects.models import Project
from supervision.choices import (
    AlertKind,
    BlockerAction,
    BlockerCategory,
    BlockerLevel,
    TaskForceRole,
)
from supervision.models import (
    Alert,
    Blocker,
    Notice,
    ProgressUpdate,
    TaskForceMember,
    escalate_unanswered_notices,
    key_projects,
)
from supervision.periods import due_periods

SEED = "20261122-supervision"


@contextmanager
def demo_clock(moment: datetime) -> Iterator[None]:
    """Run what follows as if it were ``moment`` (aware): Django's ``timezone.now`` answers it.

    Only for loading the demo (one thread, before the server serves anything): it lets a step
    dated in the demo's past go through the model's own code unchanged.
    """
    original = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = original


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` in the project's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _users() -> dict[str, object]:
    return {user.username: user for user in get_user_model().objects.all()}


# -- task forces (一项目一专班) --------------------------------------------------------------

ZONE_SHORT = {"ZJXQ": "新区", "DYKFQ": "丹阳开发区", "ZJGXQ": "高新区", "JRKFQ": "句容开发区"}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
    "潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石贾夏付方邹孟秦江薛顾钱严戴"
)
GIVEN_NAMES = [
    "建国", "志刚", "海燕", "晓明", "丽华", "国强", "伟", "静", "磊", "敏", "军", "洋", "勇",
    "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "文", "华", "红", "建平", "立新",
    "晓东", "春梅", "雪峰", "宏伟", "亚军", "志远", "晨", "婷", "浩", "宇", "振华", "卫东",
    "晓燕", "永康", "国平", "俊", "凯", "一鸣", "思远", "海涛", "丽娟",
]  # fmt: skip
# (unit, position, duty) of the lead, then of the members, ``{zone}`` the zone's short name.
TASK_FORCE_LEADS = [
    ("{zone}经济发展局", "局长", "统筹协调项目推进，牵头解决重大问题"),
    ("{zone}经济发展局", "副局长", "统筹协调项目推进，牵头解决重大问题"),
    ("{zone}招商局", "局长", "统筹项目推进，对接企业高层"),
    ("{park}管理办公室", "主任", "统筹项目现场推进与要素保障"),
]
TASK_FORCE_MEMBERS = [
    ("{zone}行政审批局", "科长", "立项、规划许可、施工许可等手续代办"),
    ("{zone}自然资源和规划分局", "副局长", "用地报批与规划条件落实"),
    ("{zone}建设局", "质监站站长", "施工安全与质量监管"),
    ("{zone}生态环境分局", "科长", "环评、能评手续指导"),
    ("{park}管理办公室", "副主任", "现场协调，每周调度"),
    ("国网镇江供电公司", "客户经理", "电力接入与用电报装"),
]
# The builder's man on site: the investor's project company, or the zone's investment company.
BUILDER_UNIT = "{investor}（镇江）有限公司"
PUBLIC_BUILDER_UNIT = "{zone_name}城市建设投资有限公司"


def _person(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in taken:
            taken.add(name)
            return name


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def seed_task_forces(today: date, zones) -> int:
    """A task force for every key project of the demo zones that has none: a lead of the
    zone's offices, two to four members of the offices and units that unblock such projects,
    and the builder's project manager. Returns the number of members created."""
    projects = (
        key_projects(Project.objects.filter(zone__in=zones), today)
        .filter(task_force__isnull=True)
        .select_related("zone", "park")
        .order_by("code")
    )
    members = []
    for project in projects:
        rng = random.Random(f"{SEED}-task-force-{project.code}")
        names = {
            "zone": ZONE_SHORT.get(project.zone.code, project.zone.name),
            "zone_name": project.zone.name,
            "park": project.park.name if project.park else project.zone.name,
            "investor": project.investor,
        }
        taken: set[str] = set()
        unit, position, duty = rng.choice(TASK_FORCE_LEADS)
        rows = [(TaskForceRole.LEAD, unit, position, duty)]
        count = rng.randint(1, 3)
        for unit, position, duty in rng.sample(TASK_FORCE_MEMBERS, count):
            rows.append((TaskForceRole.MEMBER, unit, position, duty))
        builder = BUILDER_UNIT if project.investor else PUBLIC_BUILDER_UNIT
        rows.append((TaskForceRole.MEMBER, builder, "项目经理", "企业端施工组织与进度"))
        for role, unit, position, duty in rows:
            members.append(
                TaskForceMember(
                    project=project,
                    name=_person(rng, taken),
                    unit=unit.format(**names),
                    position=position,
                    role=role,
                    duty=duty,
                    phone=_mobile(rng),
                )
            )
    if members:
        bulk_create_with_history(
            members, TaskForceMember, default_change_reason="演示数据：组建项目专班"
        )
    return len(members)


# -- scheduling rounds (半月一调度) -----------------------------------------------------------

# The zone whose key projects are scheduled every half month, and for how long.
ROUNDS_ZONE = "ZJXQ"
ROUNDS_DAYS = 60
# What a project before groundbreaking reports, then one under construction (by how far it
# is), then one built.
PREPARATION_STEPS = [
    "完成项目备案及能评、环评报批",
    "取得建设用地规划许可证",
    "施工图设计及审查",
    "办理建设工程规划许可证和施工许可证",
    "场地平整，临时水电接入",
]
CONSTRUCTION_STEPS = [
    (20, "完成桩基施工", "开展基础承台及地下室施工"),
    (40, "主体结构施工", "主体结构封顶"),
    (60, "钢结构吊装", "屋面及围护结构施工"),
    (75, "屋面及外立面施工", "水电安装及室内装修"),
    (90, "设备进场安装", "设备调试"),
    (100, "设备联合调试", "竣工验收备案，准备试生产"),
]
BUILT_STEPS = ["试生产，产能逐步释放", "完成竣工验收，办理不动产权证", "达产达效，申报规上企业"]
# A road or a school built is handed over and used, not put into production.
BUILT_PUBLIC_STEPS = ["完成竣工验收，移交使用单位", "完成竣工决算审计", "投入使用，运行平稳"]


@dataclass
class RoundResult:
    created: int = 0
    late: int = 0


def _round_text(project, progress: Decimal, number: int, invested: int) -> tuple[str, str]:
    """(progress this period, next steps) of ``project`` at ``progress`` %."""
    stage = project.stage
    if stage in (Stage.NEGOTIATING, Stage.SIGNED):
        step = PREPARATION_STEPS[min(number, len(PREPARATION_STEPS) - 1)]
        following = PREPARATION_STEPS[min(number + 1, len(PREPARATION_STEPS) - 1)]
        return f"{step}，前期手续有序推进", following
    if stage in (Stage.COMPLETED, Stage.IN_PRODUCTION) and not project.investor:
        return BUILT_PUBLIC_STEPS[number % len(BUILT_PUBLIC_STEPS)], "做好运行维护和后续移交"
    if stage in (Stage.COMPLETED, Stage.IN_PRODUCTION):
        return (
            f"{BUILT_STEPS[number % len(BUILT_STEPS)]}，本期完成投资{invested}万元",
            "做好要素保障，协调解决企业生产经营问题",
        )
    done, following = next(
        (done, following) for limit, done, following in CONSTRUCTION_STEPS if progress <= limit
    )
    return f"{done}，本期完成投资{invested}万元，形象进度{progress}%", following


def seed_rounds(today: date) -> RoundResult:
    """Two months of half-monthly rounds for the key projects of every demo zone: most updates
    on time, some late (a few days after their period), a few missing; in the current period,
    most projects have reported already and a few are still missing. Image progress rises
    period by period. Keyed on project and period, like the rest of the demo; each update is
    saved at the time it was reported, by the zone's official where the demo has one."""
    result = RoundResult()
    for zone_code in ZONE_SHORT:
        _seed_zone_rounds(today, zone_code, result)
    return result


def _seed_zone_rounds(today: date, zone_code: str, result: RoundResult) -> None:
    reporter = get_user_model().objects.filter(username=f"official_{zone_code.lower()}").first()
    projects = list(
        key_projects(Project.objects.filter(zone__code=zone_code), today).order_by("code")
    )
    to_biweekly = [project for project in projects if project.cadence != Cadence.BIWEEKLY]
    for project in to_biweekly:
        project.cadence = Cadence.BIWEEKLY
    if to_biweekly:
        bulk_update_with_history(
            to_biweekly,
            Project,
            ["cadence"],
            default_change_reason="演示数据：重点项目半月一调度",
        )
    periods = due_periods(Cadence.BIWEEKLY, today - timedelta(days=ROUNDS_DAYS), today)
    existing = set(
        ProgressUpdate.objects.filter(project__in=projects).values_list("project", "period_start")
    )
    for project in projects:
        rng = random.Random(f"{SEED}-rounds-{project.code}")
        building = project.stage == Stage.UNDER_CONSTRUCTION
        progress = Decimal(rng.randint(8, 45) if building else 0)
        if project.stage in (Stage.COMPLETED, Stage.IN_PRODUCTION):
            progress = Decimal(100)
        for number, (start, end) in enumerate(periods):
            if building:
                progress = min(Decimal(100), progress + rng.randint(3, 10))
            invested = rng.choice([300, 500, 800, 1200, 1500, 2000, 3000])
            draw = rng.random()
            current = end >= today
            if current:
                # Reported on a day of the period before today; the last fifth still missing.
                days_in = (today - start).days
                if draw < 0.2 or days_in == 0:
                    continue
                day = start + timedelta(days=rng.randrange(days_in))
                reported = at(day, 16, rng.randint(0, 59))
            else:
                if draw < 0.08:
                    continue  # missing
                late_days = rng.randint(1, 4) if draw < 0.22 else 0
                day = (
                    end + timedelta(days=late_days)
                    if late_days
                    else end - timedelta(days=rng.randint(0, 2))
                )
                reported = at(day, rng.randint(9, 17), rng.randint(0, 59))
                result.late += bool(late_days)
            if (project.pk, start) in existing:
                continue
            text, next_steps = _round_text(project, progress, number, invested)
            update = ProgressUpdate(
                project=project,
                period_start=start,
                image_progress=progress,
                progress=text,
                next_steps=next_steps,
                reported_by=reporter,
            )
            with demo_clock(reported):
                update.save()
            result.created += 1


# -- blockers (堵点) and supervision notices (督办单) --------------------------------------


@dataclass(frozen=True)
class Step:
    action: str
    day: int  # days after the blocker was raised
    who: str  # "official", "lead" (of the zone), or "" for the system
    comment: str = ""
    resolution: str = ""


@dataclass(frozen=True)
class BlockerSpec:
    zone: str
    stages: tuple[str, ...]  # the stages of project it fits, most fitting first
    title: str
    category: str
    unit: str
    leader: str
    raised: int  # days before today
    days: int  # days to solve it (raised to deadline)
    steps: tuple[Step, ...]
    level: str = BlockerLevel.ZONE
    notice: str = ""  # "replied" or "unanswered"
    company: bool = True  # a company's plant (not public works), when the zone has one


# The stages of project a blocker fits, most fitting first: one not yet started, one on site,
# one built (whose blockers are of its expansion or its start of production).
BEFORE = (Stage.SIGNED, Stage.UNDER_CONSTRUCTION)
BUILDING = (Stage.UNDER_CONSTRUCTION,)
FINISHING = (Stage.COMPLETED, Stage.UNDER_CONSTRUCTION)
RUNNING = (Stage.IN_PRODUCTION, Stage.COMPLETED)
START, RESOLVE, CLOSE, REOPEN, ESCALATE = (
    BlockerAction.START,
    BlockerAction.RESOLVE,
    BlockerAction.CLOSE,
    BlockerAction.REOPEN,
    BlockerAction.ESCALATE,
)
BLOCKERS = [
    BlockerSpec(
        "ZJXQ", RUNNING, "二期用地指标未落实，地块尚未挂牌出让", BlockerCategory.LAND,
        "新区自然资源和规划分局", "李明", raised=52, days=30, notice="unanswered",
        steps=(
            Step(START, 2, "official", "已与市自然资源和规划局对接，申请年度新增建设用地指标"),
            Step(ESCALATE, 20, "official", "新区年度用地指标已用完，需区级统筹调剂"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "二期厂房施工许可证卡在消防设计审查环节", BlockerCategory.APPROVALS,
        "新区行政审批局", "李明", raised=40, days=20,
        steps=(
            Step(START, 1, "official", "行政审批局已安排专人代办，组织设计单位补正图纸"),
            Step(RESOLVE, 12, "official", "消防设计审查意见已出具",
                 resolution="消防设计审查合格，施工许可证已于本周核发"),
            Step(CLOSE, 14, "lead", "经核实已取得施工许可证，同意销号"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "项目贷款审批放缓，资金到位率不足四成", BlockerCategory.FUNDING,
        "新区财政局", "王志强", raised=33, days=30,
        steps=(
            Step(START, 3, "official", "已约谈合作银行，了解授信审批进展"),
            Step(ESCALATE, 10, "official", "银行总行授信额度收紧，需区级协调银企对接"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "110千伏专线接入方案未获批复", BlockerCategory.UTILITIES,
        "国网镇江供电公司", "王志强", raised=45, days=25,
        steps=(
            Step(START, 2, "official", "已向供电公司提交用电报装申请"),
            Step(ESCALATE, 8, "official", "接入方案涉及变电站间隔调整，提请区级协调"),
            Step(ESCALATE, 18, "official", "涉及市级电网规划调整，提请市发改委协调"),
            Step(RESOLVE, 30, "official", "市发改委召开专题协调会",
                 resolution="专线接入方案已批复，供电公司已开工建设，预计下月通电"),
            Step(CLOSE, 33, "lead", "接入方案批复文件已核实，同意销号"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "配套道路红线内3户民房尚未完成征收搬迁", BlockerCategory.DEMOLITION,
        "大港街道办事处", "李明", raised=28, days=21, notice="replied", company=False,
        steps=(Step(START, 4, "official", "街道已成立征收工作组，逐户上门做工作"),),
    ),
    BlockerSpec(
        "ZJXQ", RUNNING, "扩产项目环境影响报告书待省生态环境厅审批", BlockerCategory.ENVIRONMENT,
        "市生态环境局", "王志强", raised=20, days=40, level=BlockerLevel.DISTRICT,
        steps=(Step(ESCALATE, 3, "official", "审批权限在省厅，需市生态环境局协调加快审查"),),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "施工高峰期用工缺口约120人", BlockerCategory.OTHER,
        "新区人力资源和社会保障局", "李明", raised=18, days=20,
        steps=(
            Step(START, 1, "official", "人社局已对接劳务公司"),
            Step(RESOLVE, 9, "official", "组织专场招聘会两场",
                 resolution="两场专场招聘会共招录一线工人135人，已全部到岗"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", FINISHING, "天然气管道未接入厂区，影响设备调试", BlockerCategory.UTILITIES,
        "新区港华燃气有限公司", "王志强", raised=60, days=30,
        steps=(
            Step(START, 2, "official", "燃气公司已完成现场踏勘"),
            Step(RESOLVE, 20, "official", "中压管道已敷设到厂区",
                 resolution="燃气管道已接入厂区并完成通气"),
            Step(CLOSE, 22, "lead", "已通气，同意销号"),
            Step(REOPEN, 30, "lead",
                 "企业反映供气压力不足，无法满足生产线调试要求，重新交办燃气公司"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "规划方案调整后需重新报批", BlockerCategory.APPROVALS,
        "新区自然资源和规划分局", "李明", raised=26, days=25, company=False,
        steps=(
            Step(START, 1, "official", "已组织设计单位修改总平面图"),
            Step(RESOLVE, 10, "official", "调整后的规划方案已获批复",
                 resolution="规划方案调整已批复"),
            Step(REOPEN, 12, "lead", "批复材料缺人防审查意见，退回补办"),
            Step(RESOLVE, 19, "official", "人防审查意见已出具",
                 resolution="规划方案调整已批复，人防审查意见已补齐"),
            Step(CLOSE, 21, "lead", "材料齐全，同意销号"),
        ),
    ),
    BlockerSpec(
        "ZJXQ", BUILDING, "临时施工用地青苗补偿款未到位", BlockerCategory.LAND,
        "丁岗镇人民政府", "李明", raised=20, days=15, company=False,
        steps=(Step(ESCALATE, 1, "official", "补偿资金需区财政安排，提请区级协调"),),
    ),
    BlockerSpec(
        "DYKFQ", BUILDING, "省级专项扶持资金拨付滞后", BlockerCategory.FUNDING,
        "丹阳市财政局", "陈伟", raised=35, days=30,
        steps=(
            Step(START, 2, "official", "已向市财政局提交拨付申请"),
            Step(ESCALATE, 15, "official", "资金拨付需丹阳市政府审批，提请市级协调"),
            Step(RESOLVE, 25, "official", "丹阳市政府常务会议已审议",
                 resolution="首批专项资金1200万元已拨付到企业账户"),
        ),
    ),
    BlockerSpec(
        "DYKFQ", BEFORE, "厂区东侧高压线迁改涉及2处坟地搬迁", BlockerCategory.DEMOLITION,
        "云阳街道办事处", "张建华", raised=12, days=30,
        steps=(Step(START, 3, "official", "街道已与家属初步沟通搬迁方案"),),
    ),
    BlockerSpec(
        "DYKFQ", BEFORE, "节能审查意见迟迟未出具，影响项目开工", BlockerCategory.ENVIRONMENT,
        "丹阳市发展和改革委员会", "陈伟", raised=16, days=10,
        steps=(Step(ESCALATE, 2, "official", "能耗指标需镇江市统筹，提请市级协调"),),
    ),
]  # fmt: skip
NOTICES = {
    # kind: (days before today issued, days to reply, required reply, reply and its day)
    "unanswered": (15, 7, "请于期限内书面报告用地指标落实进展、存在困难及完成时限。", None),
    "replied": (
        6,
        5,
        "请于期限内书面报告征收搬迁进展及剩余户数的完成时限。",
        ("已完成2户签约腾空，剩余1户已达成补偿意向，计划本月底前完成搬迁。", 2),
    ),
}
# A blocker turned from the day's automatic alerts: fifteen days to solve it (as the list does).
ALERT_BLOCKER_DAYS = 15


@dataclass
class SupervisionResult:
    blockers: int = 0
    notices: int = 0


def _fitting_projects(zone_code: str, today: date) -> list[Project]:
    projects = key_projects(Project.objects.filter(zone__code=zone_code), today)
    found = list(projects.select_related("zone").order_by("code"))
    if not found:  # a tiny demo may have no key project in a zone: take any active one
        found = list(Project.objects.filter(zone__code=zone_code).order_by("code")[:20])
    return found


def _pick(candidates: list[Project], stages, used: set[int], index: int) -> Project | None:
    """A project of the first of ``stages`` that has one, not yet given a blocker if possible
    (else sharing one: a project may have two), starting at ``index`` so that blockers spread
    over the zone's projects; any project when none fits."""
    free = [project for project in candidates if project.pk not in used]
    for pool in (free, candidates):
        for stage in stages:
            fitting = [project for project in pool if project.stage == stage]
            if fitting:
                return fitting[index % len(fitting)]
    pool = free or candidates
    return pool[index % len(pool)] if pool else None


def _user(users, who: str, zone_code: str):
    if not who:
        return None
    return users.get(f"{who}_{zone_code.lower()}")


def seed_blockers(today: date) -> SupervisionResult:
    """The dozen blockers of :data:`BLOCKERS`, each raised and moved through
    ``Blocker.transition`` on its own days, the notices on two of them, the escalation job's
    run of today, and one blocker made from today's automatic alerts."""
    result = SupervisionResult()
    users = _users()
    existing = set(Blocker.objects.values_list("project__zone__code", "title"))
    candidates = {code: _fitting_projects(code, today) for code in {s.zone for s in BLOCKERS}}
    used: set[int] = set(Blocker.objects.values_list("project", flat=True))
    notices_issued = []
    for index, spec in enumerate(BLOCKERS):
        if (spec.zone, spec.title) in existing:
            continue
        pool = candidates[spec.zone]
        if spec.company:
            pool = [project for project in pool if project.investor] or pool
        project = _pick(pool, spec.stages, used, index)
        if project is None:
            continue
        used.add(project.pk)
        raised = today - timedelta(days=spec.raised)
        rng = random.Random(f"{SEED}-blocker-{index}")
        blocker = Blocker(
            project=project,
            title=spec.title,
            category=spec.category,
            level=spec.level,
            responsible_unit=spec.unit,
            responsible_leader=spec.leader,
            raised_on=raised,
            raised_by=_user(users, "official", spec.zone),
            deadline=raised + timedelta(days=spec.days),
        )
        with demo_clock(at(raised, 9, rng.randint(0, 59))):
            blocker.full_clean()
            blocker.save()
        for step in spec.steps:
            moment = at(raised + timedelta(days=step.day), rng.randint(9, 17), rng.randint(0, 59))
            with demo_clock(moment):
                blocker.transition(
                    step.action,
                    _user(users, step.who, spec.zone),
                    comment=step.comment,
                    resolution=step.resolution,
                )
        result.blockers += 1
        if spec.notice:
            notices_issued.append((spec, blocker))
    # Notices in the order they were issued, so their numbers follow their dates.
    notices_issued.sort(key=lambda item: -NOTICES[item[0].notice][0])
    for spec, blocker in notices_issued:
        result.notices += _issue_notice(spec, blocker, today, users)
    if notices_issued:
        # The nightly job of today escalates the notice left unanswered past its deadline.
        with demo_clock(at(today, 0, 40)):
            escalate_unanswered_notices(today)
    result.blockers += _blocker_from_alert(today, users)
    return result


def _issue_notice(spec: BlockerSpec, blocker: Blocker, today: date, users) -> int:
    before, days, required, reply = NOTICES[spec.notice]
    issued = today - timedelta(days=before)
    notice = Notice(
        blocker=blocker,
        project=blocker.project,
        zone=blocker.project.zone,
        unit=blocker.responsible_unit,
        issued_on=issued,
        deadline=issued + timedelta(days=days),
        required_reply=required,
    )
    with demo_clock(at(issued, 10, 30)):
        notice.full_clean()
        notice.save()
    if reply is not None:
        text, days_before_deadline = reply
        replied = notice.deadline - timedelta(days=days_before_deadline)
        with demo_clock(at(replied, 15, 20)):
            notice.reply = text
            notice.save()
    return 1


def _blocker_from_alert(today: date, users) -> int:
    """Today's first alert of 镇江新区 on a new start not started (else on an overdue
    milestone, else any alert on a project) made a blocker by its official this
    morning, as the 督办 list's button does, and taken in hand; none when a demo alert was
    made a blocker already."""
    if Blocker.objects.filter(alert__isnull=False, project__zone__code=ROUNDS_ZONE).exists():
        return 0
    alerts = Alert.objects.open().filter(
        zone__code=ROUNDS_ZONE, project__isnull=False, blocker__isnull=True
    )
    alert = (
        alerts.select_related("zone", "project", "milestone", "plan_entry", "target")
        .order_by(
            Case(
                When(kind=AlertKind.PLAN_NOT_STARTED, then=Value(0)),
                When(kind=AlertKind.MILESTONE_OVERDUE, then=Value(1)),
                default=Value(2),
            ),
            "project__code",
            "key",
        )
        .first()
    )
    if alert is None or alert.project is None:
        return 0
    official = _user(users, "official", ROUNDS_ZONE)
    with translation.override("zh-hans"):
        title = alert.message[: Blocker._meta.get_field("title").max_length]
    blocker = Blocker(
        alert=alert,
        project=alert.project,
        title=title,
        category=BlockerCategory.OTHER,
        level=BlockerLevel.ZONE,
        responsible_unit=alert.zone.name,
        raised_on=today,
        raised_by=official,
        deadline=today + timedelta(days=ALERT_BLOCKER_DAYS),
    )
    with demo_clock(at(today, 8, 45)):
        blocker.full_clean()
        blocker.save()
    with demo_clock(at(today, 9, 10)):
        blocker.transition(
            BlockerAction.START, official, comment="已联系企业核实原因，督促加快推进并报送计划"
        )
    return 1
