"""The round page (/rounds/): a zone's key projects due this period, one save for all."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from supervision.models import ProgressUpdate
from tests.factories import AnnualPlanEntryFactory, ProjectFactory
from tests.supervision.makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

ROUND = reverse("supervision:round")


def key_project(zone, code, cadence="biweekly"):
    project = ProjectFactory(zone=zone, code=code, name=f"项目{code}", cadence=cadence)
    AnnualPlanEntryFactory(project=project, year=2026)
    return project


def update(project, period_start, progress="主体施工", image="30.00"):
    return ProgressUpdate.objects.create(
        project=project,
        period_start=period_start,
        image_progress=Decimal(image),
        progress=progress,
    )


def codes(response):
    assert response.status_code == 200
    return re.findall(r'data-project="([^"]+)"', response.content.decode())


def row(project, **cells):
    return {f"p{project.pk}-{name}": value for name, value in cells.items()}


def versions(response):
    return dict(re.findall(r'name="(p\d+-version)" value="([^"]*)"', response.content.decode()))


@pytest.fixture
def round_zone(zone_a):
    weekly = key_project(zone_a, "A1", "weekly")
    biweekly = key_project(zone_a, "A2")
    monthly = key_project(zone_a, "A3", "monthly")
    ProjectFactory(zone=zone_a, code="A4")  # not on the plan: not in the round
    return weekly, biweekly, monthly


def test_it_lists_the_zones_key_projects_with_their_current_period(client, alice, round_zone):
    weekly, biweekly, monthly = round_zone
    update(biweekly, date(2026, 11, 1), progress="桩基完成")
    client.force_login(alice)
    response = client.get(ROUND)
    assert codes(response) == ["A1", "A2", "A3"]
    html = response.content.decode()
    # 2026-11-22, a Sunday: week 11-16..11-22, half month 11-16..11-30, month 11-01..11-30.
    assert "2026-11-16 – 2026-11-22" in html
    assert "2026-11-16 – 2026-11-30" in html
    assert "2026-11-01 – 2026-11-30" in html
    assert "桩基完成" in html
    assert "已报 0 个，应报 3 个，缺报 3 个。" in html


def test_it_saves_every_filled_row_in_one_save_and_skips_empty_ones(client, alice, round_zone):
    weekly, biweekly, monthly = round_zone
    client.force_login(alice)
    data = {
        **row(weekly, image_progress="20", progress="基础施工", next_steps="主体"),
        **row(biweekly, image_progress="55.5", progress="封顶", next_steps=""),
        **row(monthly, image_progress="", progress="", next_steps=""),
    }
    response = client.post(ROUND, data)
    assert response.status_code == 302
    saved = {
        (u.project.code, u.period_start, u.image_progress, u.reported_by.username)
        for u in ProgressUpdate.objects.select_related("project", "reported_by")
    }
    assert saved == {
        ("A1", date(2026, 11, 16), Decimal("20.00"), "alice"),
        ("A2", date(2026, 11, 16), Decimal("55.50"), "alice"),
    }


def test_it_saves_nothing_when_one_row_is_wrong(client, alice, round_zone):
    weekly, biweekly, _monthly = round_zone
    client.force_login(alice)
    data = {
        **row(weekly, image_progress="20", progress="基础施工"),
        **row(biweekly, image_progress="120", progress="封顶"),
    }
    response = client.post(ROUND, data)
    assert response.status_code == 200
    assert "没有保存任何内容：1 行需要处理" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_it_shows_a_row_saved_by_someone_else_as_a_conflict_instead_of_overwriting(
    client, alice, round_zone
):
    weekly, biweekly, _monthly = round_zone
    client.force_login(alice)
    loaded = versions(client.get(ROUND))
    # Someone records A2 after alice loaded the page.
    theirs = update(biweekly, date(2026, 11, 16), progress="他人填写的进展", image="70.00")
    data = {
        **loaded,
        **row(weekly, image_progress="20", progress="基础施工"),
        **row(biweekly, image_progress="50", progress="我的进展"),
    }
    response = client.post(ROUND, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "他人填写的进展" in html
    theirs.refresh_from_db()
    assert theirs.progress == "他人填写的进展"
    assert ProgressUpdate.objects.count() == 1
    # Saving again, now knowing their version, replaces it.
    response = client.post(ROUND, {**data, **versions(response)})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.progress, theirs.image_progress) == ("我的进展", Decimal("50.00"))


def test_a_row_left_alone_keeps_what_someone_else_saved_since(client, alice, round_zone):
    weekly, biweekly, _monthly = round_zone
    mine = update(weekly, date(2026, 11, 16), progress="原进展", image="10.00")
    client.force_login(alice)
    loaded = client.get(ROUND).content.decode()
    posted = dict(re.findall(r'name="((?:initial-)?p\d+-[a-z_]+)"[^>]*value="([^"]*)"', loaded))
    posted |= {f"p{weekly.pk}-progress": "原进展"}  # the textarea, as loaded
    ProgressUpdate.objects.filter(pk=mine.pk).update(progress="他人更新", image_progress=20)
    mine.refresh_from_db()
    mine.save()  # a new version, as a save by someone else gives
    response = client.post(ROUND, {**posted, **row(biweekly, image_progress="50", progress="封顶")})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.progress, mine.image_progress) == ("他人更新", Decimal("20.00"))
    assert ProgressUpdate.objects.get(project=biweekly).progress == "封顶"


def test_leadership_reads_the_round_but_may_not_save_it(client, dave, round_zone, zone_a):
    weekly, _biweekly, _monthly = round_zone
    client.force_login(dave)
    response = client.get(ROUND, {"zone": zone_a.pk})
    assert codes(response) == ["A1", "A2", "A3"]
    assert 'id="save-round"' not in response.content.decode()
    refused = client.post(
        f"{ROUND}?zone={zone_a.pk}", row(weekly, image_progress="5", progress="x")
    )
    assert refused.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_another_zones_round_is_404(client, bob, round_zone, zone_a):
    client.force_login(bob)
    assert client.get(ROUND, {"zone": zone_a.pk}).status_code == 404


def test_the_round_costs_the_same_queries_for_3_and_30_projects(
    client, alice, zone_a, django_assert_num_queries
):
    client.force_login(alice)
    for n in range(3):
        project = key_project(zone_a, f"B{n:02d}")
        update(project, date(2026, 11, 1))
    # session, user, zones, memberships, projects, current updates, their files, last updates,
    # the blockers they report on and the blockers to choose from; the projects' lights (their
    # dots: one query)
    with django_assert_num_queries(11):
        assert len(codes(client.get(ROUND))) == 3
    for n in range(3, 30):
        project = key_project(zone_a, f"B{n:02d}")
        update(project, date(2026, 11, 16))
    with django_assert_num_queries(11):
        assert len(codes(client.get(ROUND))) == 30


def test_the_home_page_lists_the_key_projects_due_without_an_update(
    client, alice, round_zone, zone_b
):
    weekly, biweekly, monthly = round_zone
    update(weekly, date(2026, 11, 16))  # this week: done
    update(biweekly, date(2026, 11, 1))  # the last half month only: still due
    other = key_project(zone_b, "B1")  # another zone: not alice's
    client.force_login(alice)
    response = client.get(reverse("home"))
    due = response.context["updates_due"]
    assert [(p.code, p.period_start) for p in due] == [
        ("A2", date(2026, 11, 16)),
        ("A3", date(2026, 11, 1)),
    ]
    assert response.context["updates_due_count"] == 2
    assert other.name not in response.content.decode()


def test_a_row_reports_on_its_projects_open_blockers_and_nothing_else(
    client, alice, zone_a, round_zone
):
    weekly, biweekly, _monthly = round_zone
    power = make_blocker(project=biweekly, title="供电线路未接入")
    land = make_blocker(project=biweekly, title="用地指标未落实")
    closed = make_blocker(project=biweekly, title="已销号的问题", status="closed")
    elsewhere = make_blocker(project=weekly, title="别的项目的问题")
    client.force_login(alice)
    page = client.get(ROUND, {"zone": zone_a.pk}).content.decode()
    assert "供电线路未接入" in page and "用地指标未落实" in page
    assert "已销号的问题" not in page
    # A row may name only its own project's blockers.
    refused = client.post(
        ROUND + f"?zone={zone_a.pk}",
        row(biweekly, image_progress="40", progress="等待接电", blockers=[elsewhere.pk]),
    )
    assert refused.status_code == 200
    assert not ProgressUpdate.objects.exists()
    saved = client.post(
        ROUND + f"?zone={zone_a.pk}",
        row(biweekly, image_progress="40", progress="等待接电", blockers=[power.pk]),
    )
    assert saved.status_code == 302
    stored = ProgressUpdate.objects.get(project=biweekly)
    assert list(stored.blockers.all()) == [power]
    # The page shows the link ticked; unticking it and ticking the other one is a change.
    page = client.get(ROUND, {"zone": zone_a.pk}).content.decode()
    assert re.search(rf'value="{power.pk}"[^>]*checked', page)
    client.post(
        ROUND + f"?zone={zone_a.pk}",
        {
            **row(biweekly, image_progress="40.00", progress="等待接电", blockers=[land.pk]),
            **row(biweekly, version=versions(client.get(ROUND))[f"p{biweekly.pk}-version"]),
            f"initial-p{biweekly.pk}-image_progress": "40.00",
            f"initial-p{biweekly.pk}-progress": "等待接电",
            f"initial-p{biweekly.pk}-blockers": [power.pk],
        },
    )
    assert list(stored.blockers.all()) == [land]
    assert closed.updates.count() == 0
