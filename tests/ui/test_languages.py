"""Every page is complete in Chinese (no English left over) and renders in English."""

import re
from datetime import date

import pytest
from django.urls import reverse

from projects.choices import MilestoneKind
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
    TargetFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

# Words that are the same in both languages: the product name, the file format, the
# language switch, and the signed-in user's login.
ALLOWED = {"ZoneTrack", "Excel", "xlsx", "English", "alice"}


def _visible_words(html):
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    # Placeholders and titles are visible too.
    attributes = re.findall(r'(?:placeholder|title|aria-label)="([^"]*)"', html)
    return set(re.findall(r"[A-Za-z]{3,}", text + " " + " ".join(attributes))) - ALLOWED


@pytest.fixture
def pages(alice, zone_a):
    project = ProjectFactory(zone=zone_a, name="光学基地", investor="丹耀光学")
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, actual_on=date(2026, 2, 1))
    MilestoneFactory(
        project=project, kind=MilestoneKind.GROUNDBREAKING, planned_on=date(2026, 5, 1)
    )
    entry = AnnualPlanEntryFactory(project=project)
    TargetFactory(zone=zone_a)
    InvestmentReportFactory(project=project, month=9)
    project.name = "光学元件基地"
    project.save()
    return [
        reverse("home"),
        reverse("projects:list"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:create"),
        reverse("projects:record_milestone", args=[project.pk]),
        reverse("investment:grid"),
        reverse("investment:import") + "?kind=projects",
        reverse("investment:import") + "?kind=plans",
        reverse("investment:import") + "?kind=reports",
        reverse("investment:plans"),
        reverse("investment:plan_create"),
        reverse("investment:plan_edit", args=[entry.pk]),
        reverse("investment:plan_delete", args=[entry.pk]),
        reverse("investment:targets"),
    ]


def test_every_page_is_all_chinese_by_default(client, alice, pages):
    client.force_login(alice)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _visible_words(response.content.decode()) == set(), url


def test_the_zone_leads_target_pages_are_all_chinese(client, carol, zone_a):
    target = TargetFactory(zone=zone_a, min_investment=2000)
    client.force_login(carol)
    for url in (
        reverse("investment:targets"),
        reverse("investment:target_create"),
        reverse("investment:target_edit", args=[target.pk]),
        reverse("investment:target_delete", args=[target.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _visible_words(response.content.decode()) - {"carol"} == set(), url


def test_the_login_page_is_all_chinese(client, db):
    assert _visible_words(client.get(reverse("login")).content.decode()) == set()


def test_every_page_renders_in_english(client, alice, pages):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    for url in pages:
        body = client.get(url).content.decode()
        assert '<html lang="en">' in body or "<tr" in body[:20], url
        assert "项目调度平台" not in body or url.endswith("/milestone/"), url


def test_pages_stay_chinese_for_an_english_browser_until_english_is_picked(client, alice):
    client.force_login(alice)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in page.content.decode()
