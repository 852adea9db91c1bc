"""The README's role table, true in a real browser for every demo login: each logs in through
/login/, lands where the README says, opens and does what its role allows and nothing more.
Every page visited is photographed at 1440×900 and 390×844 and must not scroll sideways on
the phone."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from devtools.demo import DEMO_PASSWORD, seed_demo
from investment.models import InvestmentReport, Target
from parks.models import Region, Zone
from projects.choices import MilestoneKind, Stage, Status
from projects.models import Milestone, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 11, 22)
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_city():
    # The server's clock (and so "today" in the app) is 2026-11-22, ticking.
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        seed_demo(TODAY, projects_per_zone=14)
        yield {
            "city": Region.objects.get(code="JS-ZJ"),
            "zjxq": Zone.objects.get(code="ZJXQ"),
            "dykfq": Zone.objects.get(code="DYKFQ"),
        }


def log_in(watched_page, url, username):
    page = watched_page.page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(lambda address: "/login/" not in address)
    page.wait_for_load_state("networkidle")


def photograph(watched_page, role, name):
    """Both sizes of the page now open; at the phone's width it must not scroll sideways."""
    page = watched_page.page
    page.wait_for_load_state("networkidle")
    watched_page.screenshot(f"role-{role}-{name}-1440")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(150)  # the charts redraw on resize
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    watched_page.screenshot(f"role-{role}-{name}-390")
    page.set_viewport_size(DESKTOP)
    assert overflow <= 0, f"{role}: {name} scrolls sideways by {overflow} px at 390 px"


def visit(watched_page, url, path, role, name):
    response = watched_page.page.goto(url + path)
    assert response.status == 200, f"{role}: {path} answered {response.status}"
    photograph(watched_page, role, name)


def assert_clean(watched_page):
    assert watched_page.errors == [], watched_page.errors
    assert watched_page.outside_requests() == []


def zone_names_listed(page):
    return set(page.locator("#home-milestones tbody tr .small").all_inner_texts())


# A project at this stage waits for this milestone (after that one), which moves it to that stage.
NEXT_STEPS = {
    Stage.SIGNED: (MilestoneKind.GROUNDBREAKING, MilestoneKind.SIGNING, Stage.UNDER_CONSTRUCTION),
    Stage.UNDER_CONSTRUCTION: (
        MilestoneKind.COMPLETION,
        MilestoneKind.GROUNDBREAKING,
        Stage.COMPLETED,
    ),
}


def next_step(zone):
    """The first active project of the zone whose next milestone can be reached on 2026-11-21."""
    for stage, (kind, previous, after) in NEXT_STEPS.items():
        project = (
            Project.objects.filter(
                zone=zone,
                stage=stage,
                status=Status.ACTIVE,
                milestones__kind=previous,
                milestones__actual_on__lt=date(2026, 11, 21),
            )
            .order_by("code")
            .first()
        )
        if project is not None:
            return project, kind, after
    raise AssertionError(f"the demo has a signed or started project in {zone.name}")


def test_an_official_lands_on_its_work_records_a_milestone_and_saves_the_grid(
    demo_city, watched_page, live_server
):
    page, url, role = watched_page.page, live_server.url, "official_zjxq"
    log_in(watched_page, url, role)

    # Home: its own work, in its own zone only.
    assert page.url == f"{url}/"
    assert page.locator("h1").inner_text() == "我的工作"
    assert page.locator("#milestone-count").is_visible()
    listed = zone_names_listed(page)
    assert listed and all(text.endswith("镇江新区") for text in listed), listed
    photograph(watched_page, role, "home")

    # Record the next milestone on the page of a project waiting for it: its stage moves on.
    project, kind, stage = next_step(demo_city["zjxq"])
    visit(watched_page, url, "/projects/", role, "project-list")
    assert page.locator("#new-project").is_visible()
    visit(watched_page, url, f"/projects/{project.pk}/", role, "project-detail")
    page.select_option(f"#m{project.pk}_kind", kind)
    page.fill(f"#m{project.pk}_actual_on", "2026-11-21")
    page.click("#milestone-form button[type=submit]")
    page.wait_for_selector(f"[data-kind={kind}][data-state=done]")
    assert Milestone.objects.get(project=project, kind=kind).actual_on == date(2026, 11, 21)
    project.refresh_from_db()
    assert project.stage == stage

    # The monthly grid (October, the month to report on the 22nd of November): one more 万元
    # on a reported project, saved with the rest.
    visit(watched_page, url, "/reports/monthly/", role, "grid")
    row = page.locator("#report-grid tbody tr.zt-reported").first
    code = row.get_attribute("data-project")
    reported = InvestmentReport.objects.get(project__code=code, year=2026, month=10)
    cell = page.locator(f"input[name='p{reported.project_id}-completed_investment']")
    cell.fill(str(reported.completed_investment + 1))
    page.click("#save-grid")
    page.wait_for_selector(".alert-success")
    after = InvestmentReport.objects.get(pk=reported.pk).completed_investment
    assert after == reported.completed_investment + Decimal(1)

    visit(watched_page, url, "/plans/", role, "plans")
    assert page.locator("#add-plan-entry").is_visible()
    visit(watched_page, url, "/dashboard/", role, "dashboard")
    assert f"/dashboard/zone/{demo_city['zjxq'].pk}/" in page.url
    assert_clean(watched_page)


def test_an_official_of_danyang_cannot_see_the_new_districts_projects(
    demo_city, watched_page, live_server
):
    page, url, role = watched_page.page, live_server.url, "official_dykfq"
    log_in(watched_page, url, role)
    assert page.url == f"{url}/"
    listed = zone_names_listed(page)
    assert all(text.endswith("丹阳经济开发区") for text in listed), listed
    photograph(watched_page, role, "home")

    visit(watched_page, url, "/projects/", role, "project-list")
    own = Project.objects.filter(zone=demo_city["dykfq"]).count()
    assert page.locator("#project-table tbody tr[id^=project-row-]").count() == own
    assert "镇江新区" not in page.locator("#project-table").inner_text()

    elsewhere = Project.objects.filter(zone=demo_city["zjxq"]).order_by("code").first()
    response = page.goto(f"{url}/projects/{elsewhere.pk}/")
    assert response.status == 404
    assert elsewhere.name not in page.content()
    watched_page.screenshot(f"role-{role}-other-zone-404-1440")
    response = page.goto(f"{url}/projects/{elsewhere.pk}/edit/")
    assert response.status == 404
    # The browser reports the two 404 documents on its console; nothing else may be there.
    watched_page.errors[:] = [error for error in watched_page.errors if "404" not in error]

    visit(watched_page, url, "/reports/monthly/", role, "grid")
    assert "镇江新区" not in page.locator("#report-grid").inner_text()
    assert_clean(watched_page)


def test_a_zone_lead_opens_the_targets_and_adds_one(demo_city, watched_page, live_server):
    page, url, role = watched_page.page, live_server.url, "lead_zjxq"
    log_in(watched_page, url, role)
    assert page.url == f"{url}/"
    photograph(watched_page, role, "home")

    page.click("#nav-plans-menu")
    page.click("#nav-targets")
    page.wait_for_selector("#target-table")
    # The demo's five investment targets and two land targets.
    assert page.locator("#target-table tbody tr[data-metric]").count() == 7
    photograph(watched_page, role, "targets")
    page.click("#add-target")
    page.select_option("#id_metric", "funds_in_place")
    page.select_option("#id_min_investment", "10000")
    page.fill("#id_annual_value", "200,000")
    page.fill("#id_q1_value", "40000")
    page.fill("#id_q2_value", "100,000")
    page.fill("#id_q3_value", "150000")
    photograph(watched_page, role, "target-form")
    page.click("#save-target")
    page.locator("#target-table tr[data-metric=funds_in_place]").wait_for()
    target = Target.objects.get(zone=demo_city["zjxq"], year=2026, metric="funds_in_place")
    assert (target.annual_value, target.q2_value) == (Decimal("200000"), Decimal("100000"))
    assert page.locator("#target-table tbody tr[data-metric]").count() == 8

    visit(watched_page, url, f"/dashboard/zone/{demo_city['zjxq'].pk}/", role, "dashboard")
    assert_clean(watched_page)


def test_leadership_lands_on_its_region_and_reads_every_zone_without_edit_buttons(
    demo_city, watched_page, live_server
):
    page, url, role = watched_page.page, live_server.url, "leader"
    city = demo_city["city"]
    log_in(watched_page, url, role)
    assert page.url.startswith(f"{url}/dashboard/region/{city.pk}/")
    page.wait_for_function("() => document.querySelector('#funnel-chart canvas')")
    assert page.locator("#zone-table tbody tr").count() == 4
    photograph(watched_page, role, "dashboard-region")

    # Every zone's projects, read-only: no new project, no in-row recording, no export
    # from a form it cannot use.
    visit(watched_page, url, "/projects/", role, "project-list")
    listed = page.locator("#project-table").inner_text()
    for zone in Zone.objects.all():
        assert zone.name in listed, zone.name
    assert page.locator("#new-project").count() == 0
    assert page.locator("#project-table .zt-record").count() == 0
    for zone in (demo_city["zjxq"], demo_city["dykfq"]):
        project = Project.objects.filter(zone=zone).order_by("code").first()
        visit(watched_page, url, f"/projects/{project.pk}/", role, f"project-{zone.code}")
        assert page.locator("#edit-project").count() == 0
        assert page.locator("#milestone-form").count() == 0
        response = page.goto(f"{url}/projects/{project.pk}/edit/")
        assert response.status in (403, 404)
    watched_page.errors[:] = [error for error in watched_page.errors if "40" not in error]

    visit(watched_page, url, f"/reports/monthly/?zone={demo_city['zjxq'].pk}", role, "grid")
    assert page.locator("#save-grid").count() == 0
    assert page.locator("#report-grid input").count() == 0
    visit(watched_page, url, "/targets/", role, "targets")
    assert page.locator("#add-target").count() == 0
    visit(watched_page, url, "/plans/", role, "plans")
    assert page.locator("#add-plan-entry").count() == 0
    visit(watched_page, url, "/ranking/", role, "ranking")
    visit(watched_page, url, "/quarterly/", role, "quarterly")
    assert page.locator("nav a[href='/import/']").count() == 0
    assert_clean(watched_page)


def test_the_administrator_reaches_the_admin(demo_city, watched_page, live_server):
    page, url, role = watched_page.page, live_server.url, "admin"
    log_in(watched_page, url, role)
    assert page.url == f"{url}/"
    photograph(watched_page, role, "home")
    visit(watched_page, url, "/projects/", role, "project-list")
    assert page.locator("#new-project").is_visible()
    visit(watched_page, url, "/admin/", role, "admin")
    assert page.locator("#site-name").is_visible()
    visit(watched_page, url, "/admin/projects/project/", role, "admin-projects")
    assert page.locator("#result_list tbody tr").count() == Project.objects.count()
    assert_clean(watched_page)
