"""The 督办 list's filters (place, unit, leader, age, the user's level), its order, its Excel
export, the open alerts beside the blockers, and an alert made a blocker in one step."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from investment.choices import TargetMetric
from parks.choices import Role
from supervision.alerts import raise_alerts
from supervision.models import Alert, Blocker
from supervision.views import BLOCKERS_PAGE_SIZE
from tests.factories import (
    MembershipFactory,
    RegionFactory,
    TargetFactory,
    UserFactory,
    ZoneFactory,
)
from tests.supervision.test_alerts_page import overdue_project

from .makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST = reverse("supervision:blockers")
EXPORT = reverse("supervision:blockers_export")
TODAY = date(2026, 11, 22)


def titles(response):
    assert response.status_code == 200
    return re.findall(r'<a href="[^"]*/blockers/\d+/">([^<]+)</a>', response.content.decode())


def make_it_a_blocker(client, alert):
    return client.post(reverse("supervision:alert_blocker", args=[alert.pk]))


@pytest.fixture
def county(city):
    return RegionFactory(name="丹阳市", code="JS-ZJ-DY", parent=city)


@pytest.fixture
def zone_c(county):
    return ZoneFactory(name="丹阳高新区", code="ZC", region=county)


@pytest.fixture
def desk(zone_a, zone_b, zone_c):
    """Five pending blockers of three zones, worked so that each filter keeps a known few."""
    make_blocker(
        zone_a,
        title="供电线路迁改",
        category="utilities",
        responsible_unit="供电公司",
        responsible_leader="王副市长",
        raised_on=date(2026, 10, 1),
        deadline=date(2026, 11, 10),
        level="city",
    )
    make_blocker(
        zone_a,
        title="规划许可未批",
        category="approvals",
        responsible_unit="自然资源和规划局",
        responsible_leader="李局长",
        raised_on=date(2026, 11, 15),
        deadline=date(2026, 11, 10),
    )
    make_blocker(
        zone_a,
        title="资金缺口",
        category="funding",
        responsible_unit="财政局",
        raised_on=date(2026, 11, 20),
        deadline=date(2026, 12, 20),
        level="province",
    )
    make_blocker(
        zone_b,
        title="征迁未完成",
        category="demolition",
        responsible_unit="丹阳经开区征收办",
        responsible_leader="王主任",
        raised_on=date(2026, 9, 1),
        deadline=date(2026, 10, 1),
        level="district",
    )
    make_blocker(
        zone_c,
        title="环评待批",
        category="environment",
        responsible_unit="生态环境局",
        raised_on=date(2026, 11, 1),
        deadline=date(2026, 12, 1),
    )


# -- filters and order ------------------------------------------------------------------------


def test_the_most_overdue_come_first_and_of_two_due_the_same_day_the_older(client, dave, desk):
    client.force_login(dave)
    # 征迁 52 days late; 供电 and 规划 12 days late, 供电 raised first; then by deadline.
    assert titles(client.get(LIST, {"status": "pending"})) == [
        "征迁未完成",
        "供电线路迁改",
        "规划许可未批",
        "环评待批",
        "资金缺口",
    ]


def test_it_filters_by_unit_and_leader_by_the_words_they_contain(client, dave, desk):
    client.force_login(dave)
    assert titles(client.get(LIST, {"responsible_unit": "局"})) == [
        "规划许可未批",
        "环评待批",
        "资金缺口",
    ]
    assert titles(client.get(LIST, {"leader": " 王"})) == ["征迁未完成", "供电线路迁改"]
    assert titles(client.get(LIST, {"leader": "王副市长", "responsible_unit": "供电"})) == [
        "供电线路迁改"
    ]


def test_it_filters_by_age_in_days_since_raised(client, dave, desk):
    client.force_login(dave)
    # Raised more than 21 days before 2026-11-22: on or before 2026-10-31.
    assert titles(client.get(LIST, {"older_than": "21"})) == ["征迁未完成", "供电线路迁改"]
    # 22 days: before 2026-10-31, and 2026-11-01 (21 days) is not.
    assert titles(client.get(LIST, {"older_than": "22"})) == ["征迁未完成", "供电线路迁改"]
    assert titles(client.get(LIST, {"older_than": "21", "leader": "李"})) == []
    assert len(titles(client.get(LIST, {"older_than": "2"}))) == 4  # not the one of 11-20
    response = client.get(LIST, {"older_than": "-3"})
    assert response.context["form"].errors["older_than"]
    assert len(titles(response)) == 5  # a bad value filters nothing


def test_it_filters_by_zone_and_by_region_below(client, dave, zone_b, county, desk):
    client.force_login(dave)
    assert titles(client.get(LIST, {"zone": zone_b.pk})) == ["征迁未完成"]
    assert titles(client.get(LIST, {"region": county.pk})) == ["环评待批"]


def test_an_official_has_no_region_picker_and_cannot_name_another_zone(client, alice, zone_b, desk):
    client.force_login(alice)
    response = client.get(LIST, {"zone": zone_b.pk})
    assert "region" not in response.context["form"].fields
    assert response.context["form"].errors["zone"]
    assert titles(response) == ["供电线路迁改", "规划许可未批", "资金缺口"]


def test_a_city_leader_sees_the_city_and_province_blockers_unless_asking_for_more(
    client, dave, desk
):
    client.force_login(dave)
    response = client.get(LIST)
    assert response.context["form"]["my_level"].value() is True
    assert "只看本级（市级及以上）" in response.content.decode()
    assert titles(response) == ["供电线路迁改", "资金缺口"]
    # Any filter chosen in the bar replaces the default; unticked, the box shows everything.
    assert len(titles(client.get(LIST, {"status": ""}))) == 5
    assert titles(client.get(LIST, {"my_level": "on", "level": "province"})) == ["资金缺口"]


def test_the_leaders_default_holds_on_the_next_page(client, dave, zone_a, desk):
    for number in range(BLOCKERS_PAGE_SIZE):
        make_blocker(zone_a, title=f"市级问题{number}", level="city", deadline=date(2026, 12, 31))
    client.force_login(dave)
    # 52 at the city level or above: 50, then the 2 latest by deadline.
    assert len(titles(client.get(LIST))) == BLOCKERS_PAGE_SIZE
    assert titles(client.get(LIST, {"page": "2"})) == ["市级问题48", "市级问题49"]


def test_a_county_leader_sees_district_blockers_and_above_and_an_official_has_no_such_filter(
    client, alice, county, zone_c, desk
):
    county_leader = UserFactory(username="county_leader")
    MembershipFactory(user=county_leader, role=Role.LEADERSHIP, zone=None, region=county)
    make_blocker(zone_c, title="丹阳区级问题", level="district")
    client.force_login(county_leader)
    assert titles(client.get(LIST)) == ["丹阳区级问题"]
    client.force_login(alice)
    response = client.get(LIST)
    assert "my_level" not in response.context["form"].fields
    assert len(titles(response)) == 3


@pytest.mark.parametrize("zones", [3, 30])
def test_the_list_costs_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, zone_c, django_assert_num_queries, zones
):
    for number in range(zones - 3):
        zone = ZoneFactory(code=f"Z{number:02d}", region=city)
        make_blocker(zone, level="city")
        overdue_project(zone, f"项目{number}")
    make_blocker(zone_a, level="city")
    raise_alerts(TODAY)
    client.force_login(dave)
    # session, user, memberships, zone picker, region picker, blocker count and page, alert
    # count and first alerts; the lights of the page's projects (their dots: one query)
    with django_assert_num_queries(10):
        assert len(titles(client.get(LIST))) == zones - 2


# -- the Excel export -------------------------------------------------------------------------


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "blockers-20261122.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_the_export_holds_the_filtered_list_in_its_order(client, dave, desk):
    client.force_login(dave)
    header, *lines = rows(client.get(EXPORT, {"leader": "王"}))
    assert header == (
        "办结时限",
        "逾期天数",
        "问题",
        "开发区",
        "项目编码",
        "项目",
        "问题类别",
        "协调层级",
        "责任单位",
        "责任领导",
        "提出日期",
        "状态",
    )
    assert [
        (line[0].date(), line[1], line[2], line[3], line[6], line[7], line[9], line[11])
        for line in lines
    ] == [
        (date(2026, 10, 1), 52, "征迁未完成", "丹阳经开区", "征迁", "区县级", "王主任", "未解决"),
        (
            date(2026, 11, 10),
            12,
            "供电线路迁改",
            "镇江新区",
            "水电气",
            "市级",
            "王副市长",
            "未解决",
        ),
    ]


def test_the_page_links_the_export_with_its_filters(client, dave, desk):
    client.force_login(dave)
    body = client.get(LIST, {"leader": "王", "page": "1"}).content.decode()
    assert f'href="{EXPORT}?leader=%E7%8E%8B"' in body


def test_the_export_holds_nothing_of_another_zone(client, alice, zone_b, desk):
    client.force_login(alice)
    _header, *lines = rows(client.get(EXPORT, {"zone": zone_b.pk}))
    assert {line[3] for line in lines} == {"镇江新区"}


# -- the system items (alerts) and an alert made a blocker ------------------------------------


@pytest.fixture
def lagging(zone_a, zone_b):
    """Zone A: a project late on its completion; zone B: another, and a target behind."""
    late_a = overdue_project(zone_a, "甲区滞后项目")
    overdue_project(zone_b, "乙区滞后项目")
    TargetFactory(zone=zone_b, metric=TargetMetric.SIGNED_COUNT, annual_value=12)
    raise_alerts(TODAY)
    return late_a


def system_items(response):
    return [alert.zone.code for alert in response.context["alerts"]]


def test_the_open_alerts_of_the_same_zones_stand_beside_the_blockers(
    client, alice, dave, zone_b, lagging
):
    client.force_login(alice)
    response = client.get(LIST)
    assert system_items(response) == ["ZA"]
    body = response.content.decode()
    assert "系统提醒" in body and "甲区滞后项目" in body and "乙区滞后项目" not in body
    assert "转为督办问题</button>" in body
    client.force_login(dave)
    assert sorted(system_items(client.get(LIST))) == ["ZA", "ZB", "ZB"]
    assert system_items(client.get(LIST, {"zone": zone_b.pk})) == ["ZB", "ZB"]
    # Leadership reads the alerts but does not hand out work: no button.
    assert "转为督办问题</button>" not in client.get(LIST).content.decode()


def test_an_alert_is_made_a_blocker_in_one_step(client, alice, lagging):
    alert = Alert.objects.get(project=lagging)
    client.force_login(alice)

    response = make_it_a_blocker(client, alert)

    blocker = Blocker.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("supervision:blocker", args=[blocker.pk])
    assert blocker.alert == alert
    assert blocker.project == lagging
    assert blocker.title == alert.message
    assert "甲区滞后项目" in blocker.title
    assert (blocker.category, blocker.level, blocker.status) == ("other", "zone", "open")
    assert blocker.responsible_unit == "镇江新区"
    assert blocker.raised_by == alice
    assert (blocker.raised_on, blocker.deadline) == (TODAY, date(2026, 12, 7))  # + 15 days
    # The alert now links to its blocker instead of offering another.
    body = client.get(LIST).content.decode()
    assert f'href="{response.url}"' in body
    assert reverse("supervision:alert_blocker", args=[alert.pk]) not in body


def test_a_second_blocker_for_the_same_alert_is_refused(client, alice, carol, lagging):
    alert = Alert.objects.get(project=lagging)
    client.force_login(alice)
    first = make_it_a_blocker(client, alert)
    client.force_login(carol)

    again = make_it_a_blocker(client, alert)

    assert Blocker.objects.count() == 1
    assert again.url == first.url
    messages = [str(m) for m in again.wsgi_request._messages]
    assert messages[-1] == f"该提醒已转为督办问题：“{Blocker.objects.get().title}”。"


def test_an_alert_about_a_whole_zone_cannot_be_made_a_blocker(client, dave, zone_b, lagging):
    carol_b = UserFactory(username="carol_b")
    MembershipFactory(user=carol_b, role=Role.ZONE_LEAD, zone=zone_b)
    alert = Alert.objects.get(kind="target_behind")
    client.force_login(carol_b)
    response = make_it_a_blocker(client, alert)
    assert response.url == LIST
    assert not Blocker.objects.exists()
    assert "该提醒针对整个开发区" in str(next(iter(response.wsgi_request._messages)))


def test_leadership_another_zone_and_a_get_cannot_make_a_blocker(client, dave, bob, lagging):
    alert = Alert.objects.get(project=lagging)
    client.force_login(dave)
    assert make_it_a_blocker(client, alert).status_code == 403
    client.force_login(bob)
    assert make_it_a_blocker(client, alert).status_code == 404
    assert client.get(reverse("supervision:alert_blocker", args=[alert.pk])).status_code == 405
    assert not Blocker.objects.exists()


def test_anonymous_users_are_sent_to_log_in_and_make_nothing(client, lagging):
    alert = Alert.objects.get(project=lagging)
    for response in (client.get(EXPORT), make_it_a_blocker(client, alert)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Blocker.objects.exists()
