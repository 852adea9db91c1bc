"""The 督办 list (/supervision/blockers/) and a blocker's page with its timeline and actions."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from supervision.models import Blocker

from .makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST = reverse("supervision:blockers")


def page_of(blocker):
    return reverse("supervision:blocker", args=[blocker.pk])


def act(client, blocker, action, **fields):
    url = reverse("supervision:blocker_transition", args=[blocker.pk])
    return client.post(url, {"action": action, **fields})


def titles(response):
    assert response.status_code == 200
    return re.findall(r'<a href="[^"]*/blockers/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def board(zone_a, zone_b, alice):
    """Zone A: ten days late, one day late, due in a week, closed; zone B: very late."""
    ten = make_blocker(zone_a, title="十天逾期", deadline=date(2026, 11, 12), category="funding")
    one = make_blocker(zone_a, title="一天逾期", deadline=date(2026, 11, 21), level="city")
    week = make_blocker(zone_a, title="一周后到期", deadline=date(2026, 11, 29))
    done = make_blocker(zone_a, title="已销号", deadline=date(2026, 11, 2))
    done.transition("start", alice)
    done.transition("resolve", alice, resolution="已解决")
    Blocker.objects.filter(pk=done.pk).update(status="closed", closed_on=date(2026, 11, 5))
    make_blocker(zone_b, title="乙区问题", deadline=date(2026, 10, 1))
    return ten, one, week, done


def test_it_lists_the_zones_blockers_latest_first(client, alice, board):
    client.force_login(alice)
    response = client.get(LIST)
    assert titles(response) == ["十天逾期", "一天逾期", "一周后到期", "已销号"]
    body = response.content.decode()
    assert "逾期 10 天" in body and "逾期 1 天" in body


def test_it_filters_by_status_category_level_and_lateness(client, dave, board):
    client.force_login(dave)
    assert titles(client.get(LIST, {"overdue": "on"})) == ["乙区问题", "十天逾期", "一天逾期"]
    assert titles(client.get(LIST, {"status": "closed"})) == ["已销号"]
    assert len(titles(client.get(LIST, {"status": "pending"}))) == 4
    assert titles(client.get(LIST, {"category": "funding"})) == ["十天逾期"]
    assert titles(client.get(LIST, {"level": "city"})) == ["一天逾期"]


def test_the_list_costs_the_same_queries_for_1_and_30_blockers(
    client, alice, zone_a, django_assert_num_queries
):
    client.force_login(alice)
    make_blocker(zone_a)
    # session, user, memberships, zone picker, count, page (with projects and zones), and the
    # system items: count and first page of the open alerts; the lights of the page's projects
    # (their dots: one query)
    with django_assert_num_queries(9):
        client.get(LIST)
    for _ in range(29):
        make_blocker(zone_a)
    with django_assert_num_queries(9):
        assert len(titles(client.get(LIST))) == 30


def test_another_zones_blocker_is_404(client, bob, board):
    client.force_login(bob)
    ten = board[0]
    assert client.get(page_of(ten)).status_code == 404
    assert act(client, ten, "start").status_code == 404
    assert Blocker.objects.get(pk=ten.pk).status == "open"


def test_an_official_starts_and_resolves_and_the_timeline_shows_it(client, alice, board):
    ten = board[0]
    client.force_login(alice)
    body = client.get(page_of(ten)).content.decode()
    assert 'id="action-start"' in body and 'id="action-close"' not in body
    response = act(client, ten, "start", comment="已召开协调会")
    assert response.status_code == 302
    response = act(client, ten, "resolve", resolution="资金已到位")
    body = client.get(response.url).content.decode()
    assert Blocker.objects.get(pk=ten.pk).status == "resolved"
    assert "已召开协调会" in body and "资金已到位" in body
    assert re.findall(r'data-action="(\w+)"', body) == ["start", "resolve"]


def test_the_zone_lead_closes(client, alice, carol, board):
    ten = board[0]
    ten.transition("start", alice)
    ten.transition("resolve", alice, resolution="资金已到位")
    client.force_login(carol)
    assert 'id="action-close"' in client.get(page_of(ten)).content.decode()
    assert act(client, ten, "close", comment="核实销号").status_code == 302
    assert Blocker.objects.get(pk=ten.pk).status == "closed"


def test_an_official_cannot_close_and_is_told_why(client, alice, board):
    ten = board[0]
    ten.transition("start", alice)
    ten.transition("resolve", alice, resolution="资金已到位")
    client.force_login(alice)
    response = act(client, ten, "close")
    assert response.status_code == 403
    assert "只有该开发区的负责人可以销号或重新打开问题" in response.content.decode()
    assert Blocker.objects.get(pk=ten.pk).status == "resolved"


def test_an_action_the_status_does_not_allow_is_409_and_changes_nothing(client, carol, board):
    ten = board[0]
    client.force_login(carol)
    response = act(client, ten, "resolve", resolution="无")
    assert response.status_code == 409
    assert 'id="transition-error"' in response.content.decode()
    assert Blocker.objects.get(pk=ten.pk).status == "open"
    assert not ten.steps.exists()


def test_resolving_without_a_resolution_keeps_the_comment_typed(client, alice, board):
    ten = board[0]
    ten.transition("start", alice)
    client.force_login(alice)
    response = act(client, ten, "resolve", comment="已协调")
    assert response.status_code == 400
    body = response.content.decode()
    assert "已协调" in body and "说明问题是如何解决的" in body
    assert Blocker.objects.get(pk=ten.pk).status == "in_progress"


def test_leadership_reads_the_page_without_actions_and_cannot_post(client, dave, board):
    ten = board[0]
    client.force_login(dave)
    body = client.get(page_of(ten)).content.decode()
    assert 'id="transition-form"' not in body
    assert act(client, ten, "start").status_code == 403
    assert Blocker.objects.get(pk=ten.pk).status == "open"


def test_an_action_needs_the_csrf_token(alice, board):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert act(client, board[0], "start").status_code == 403
    assert Blocker.objects.get(pk=board[0].pk).status == "open"


def test_anonymous_users_are_sent_to_log_in(client, board):
    assert client.get(LIST).status_code == 302
    assert act(client, board[0], "start").status_code == 302


def test_the_zone_lead_assigns_from_the_page_starting_from_who_has_it_now(client, carol, board):
    week = board[2]
    client.force_login(carol)
    body = client.get(page_of(week)).content.decode()
    assert 'id="assign-fields"' in body
    assert 'value="自然资源和规划局"' in body
    response = act(
        client, week, "assign", responsible_unit="供电公司", deadline="2026-12-05", comment=""
    )
    assert response.status_code == 302
    week.refresh_from_db()
    assert (week.responsible_unit, week.deadline) == ("供电公司", date(2026, 12, 5))
    body = client.get(page_of(week)).content.decode()
    assert "交给供电公司，时限 2026-12-05" in body


def test_an_official_is_not_offered_the_assignment(client, alice, board):
    client.force_login(alice)
    assert 'id="assign-fields"' not in client.get(page_of(board[2])).content.decode()


def test_the_assignment_starts_from_the_deadline_in_force(client, carol, board):
    client.force_login(carol)
    body = client.get(page_of(board[2])).content.decode()
    assert re.search(r'<input type="date" name="deadline" value="2026-11-29"', body)
