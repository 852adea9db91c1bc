"""/notices/: the list with its overdue flag and Excel export, a notice's page with the
reply, issuing a notice from a blocker's page, and the A4 print page (today is 2026-11-22)."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from supervision.choices import NoticeStatus
from supervision.models import Notice

from .makers import make_blocker, make_notice

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST = reverse("supervision:notices")


def numbers_and_flags(response):
    assert response.status_code == 200
    body = response.content.decode()
    rows = re.findall(
        r"<tr data-status=\"\w+\"( class=\"table-danger\" data-overdue=\"1\")?>\s*"
        r"<td[^>]*><a href=\"[^\"]+\">([^<]+)</a>",
        body,
    )
    return [(number, bool(flag)) for flag, number in rows]


@pytest.fixture
def notices(zone_a, zone_b):
    """Zone A: due yesterday unanswered, due today unanswered, due yesterday but replied;
    zone B: one more."""
    late = make_notice(zone_a, issued_on=date(2026, 11, 14), deadline=date(2026, 11, 21))
    today = make_notice(zone_a, issued_on=date(2026, 11, 15), deadline=date(2026, 11, 22))
    replied = make_notice(
        zone_a, issued_on=date(2026, 11, 16), deadline=date(2026, 11, 21), reply="已办结。"
    )
    make_notice(zone_b, issued_on=date(2026, 11, 16))
    return late, today, replied


def test_the_list_shows_the_zones_notices_newest_first_flagging_the_unanswered_late_one(
    client, alice, notices
):
    client.force_login(alice)
    response = client.get(LIST)
    assert numbers_and_flags(response) == [
        ("〔2026〕3号", False),
        ("〔2026〕2号", False),
        ("〔2026〕1号", True),
    ]
    assert "逾期未回复" in response.content.decode()


def test_the_list_costs_the_same_queries_for_1_and_30_notices(
    client, alice, zone_a, django_assert_num_queries
):
    client.force_login(alice)
    make_notice(zone_a)
    # session, user, memberships, the filter's zones, count, page
    with django_assert_num_queries(6):
        client.get(LIST)
    for _ in range(29):
        make_notice(zone_a)
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert len(numbers_and_flags(response)) == 30


def test_the_export_has_one_row_a_notice_with_its_overdue_flag(client, alice, notices):
    client.force_login(alice)
    response = client.get(reverse("supervision:notices_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(row[0], row[6], row[7]) for row in rows] == [
        ("〔2026〕3号", "已回复", "否"),
        ("〔2026〕2号", "已下发", "否"),
        ("〔2026〕1号", "已下发", "是"),
    ]
    assert rows[2][3] == notices[0].project.name


def test_a_writer_records_the_reply_and_the_notice_is_replied(client, alice, notices):
    late = notices[0]
    client.force_login(alice)
    url = reverse("supervision:notice", args=[late.pk])
    assert 'id="reply-form"' in client.get(url).content.decode()
    response = client.post(url, {"reply": "已协调供电公司，12月5日前接电。"})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == NoticeStatus.REPLIED
    assert late.replied_on == date(2026, 11, 22)


def test_it_refuses_an_empty_reply_and_writes_nothing(client, alice, notices):
    late = notices[0]
    client.force_login(alice)
    response = client.post(reverse("supervision:notice", args=[late.pk]), {"reply": "  "})
    assert response.status_code == 400
    late.refresh_from_db()
    assert late.status == NoticeStatus.ISSUED and late.reply == ""


def test_the_city_leadership_reads_a_notice_but_may_not_reply(client, dave, notices):
    late = notices[0]
    client.force_login(dave)
    url = reverse("supervision:notice", args=[late.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'id="reply-form"' not in page.content.decode()
    assert client.post(url, {"reply": "越权回复"}).status_code == 403
    late.refresh_from_db()
    assert late.reply == ""


def test_another_zones_notice_is_not_found(client, bob, notices):
    client.force_login(bob)
    assert client.get(reverse("supervision:notice", args=[notices[0].pk])).status_code == 404


def test_a_blocker_page_offers_a_writer_to_issue_a_notice_prefilled(client, alice, dave, zone_a):
    blocker = make_blocker(zone_a, responsible_unit="供电公司")
    client.force_login(dave)
    assert (
        'id="issue-notice"'
        not in client.get(reverse("supervision:blocker", args=[blocker.pk])).content.decode()
    )
    assert client.get(reverse("supervision:notice_create", args=[blocker.pk])).status_code == 403
    client.force_login(alice)
    assert (
        'id="issue-notice"'
        in client.get(reverse("supervision:blocker", args=[blocker.pk])).content.decode()
    )
    form = client.get(reverse("supervision:notice_create", args=[blocker.pk])).context["form"]
    assert form["unit"].value() == "供电公司"
    assert form["deadline"].value() == date(2026, 11, 29)


def test_issuing_a_notice_on_a_blocker_numbers_it_and_takes_the_project_and_zone(
    client, alice, zone_a
):
    blocker = make_blocker(zone_a)
    client.force_login(alice)
    response = client.post(
        reverse("supervision:notice_create", args=[blocker.pk]),
        {
            "unit": "供电公司",
            "issued_on": "2026-11-22",
            "deadline": "2026-11-29",
            "required_reply": "书面说明接电时间。",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:notice", args=[notice.pk])
    assert (notice.number, notice.blocker, notice.project, notice.zone) == (
        "〔2026〕1号",
        blocker,
        blocker.project,
        zone_a,
    )


def test_it_refuses_a_deadline_before_the_issue_day_and_writes_nothing(client, alice, zone_a):
    blocker = make_blocker(zone_a)
    client.force_login(alice)
    response = client.post(
        reverse("supervision:notice_create", args=[blocker.pk]),
        {
            "unit": "供电公司",
            "issued_on": "2026-11-22",
            "deadline": "2026-11-21",
            "required_reply": "书面说明接电时间。",
        },
    )
    assert response.status_code == 400
    assert "办理时限不能早于督办单的下发日期。" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_print_page_lays_out_the_notice_without_inline_script(client, alice, zone_a):
    blocker = make_blocker(zone_a, title="高压线迁改")
    notice = make_notice(
        project=blocker.project,
        blocker=blocker,
        unit="供电公司",
        deadline=date(2026, 11, 29),
        required_reply="书面说明迁改时间。",
    )
    client.force_login(alice)
    response = client.get(reverse("supervision:notice_print", args=[notice.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "督办通知单",
        "〔2026〕1号",
        "供电公司",
        "高压线迁改",
        "2026-11-29",
        "书面说明迁改时间。",
    ):
        assert text in body, text
    assert "print_notice.css" in body
    assert (
        re.findall(r"<script[^>]*>", body) == ['<script src="/static/js/print_notice.js">']
        and "onclick" not in body
    )


def test_it_refuses_a_notice_on_a_closed_blocker_and_offers_no_button(client, carol, zone_a):
    blocker = make_blocker(zone_a)
    blocker.transition("start", carol)
    blocker.transition("resolve", carol, resolution="已解决")
    blocker.transition("close", carol)
    client.force_login(carol)
    page = client.get(reverse("supervision:blocker", args=[blocker.pk]))
    assert 'id="issue-notice"' not in page.content.decode()
    response = client.post(
        reverse("supervision:notice_create", args=[blocker.pk]),
        {
            "unit": "供电公司",
            "issued_on": "2026-11-22",
            "deadline": "2026-11-29",
            "required_reply": "书面说明接电时间。",
        },
    )
    assert response.status_code == 400
    assert "已解决或已销号的问题无需督办。" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_list_and_its_export_filter_by_status_and_lateness(client, alice, notices):
    client.force_login(alice)
    assert numbers_and_flags(client.get(LIST, {"overdue": "on"})) == [("〔2026〕1号", True)]
    assert numbers_and_flags(client.get(LIST, {"status": "replied"})) == [("〔2026〕3号", False)]
    response = client.get(reverse("supervision:notices_export"), {"overdue": "on"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["〔2026〕1号"]


def test_a_zone_the_user_does_not_read_is_refused_by_the_filter(client, alice, zone_b, notices):
    client.force_login(alice)
    response = client.get(LIST, {"zone": zone_b.pk})
    # The filter falls back to all of the user's zones: zone B's notice never shows.
    assert len(numbers_and_flags(response)) == 3
