"""The quarterly report (季度报表): figures per zone with a total and the targets, as a page,
as a zone's workbook, and as a region's Celery job with progress.
"""

from datetime import date
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from reports.quarterly import jobs as exports
from reports.quarterly.report import COLUMNS
from tests.factories import RegionFactory
from tests.reports.dashboard_data import add_zones, build_city
from zonetrack.excel import XLSX_CONTENT_TYPE

pytestmark = pytest.mark.usefixtures("frozen_today")
PAGE = reverse("reports:quarterly")
EXCEL = reverse("reports:quarterly_excel")
JOBS = reverse("reports:quarterly_job_start")
Q4 = {"year": 2026, "quarter": 4}


@pytest.fixture
def city_data(zone_a, zone_b):
    return build_city(zone_a, zone_b)


def column(figure):
    """The spreadsheet column (1-based) of a figure: number and zone come first."""
    return 3 + [c.figure for c in COLUMNS].index(figure)


def sheet_rows(content):
    book = load_workbook(BytesIO(content))
    figures, targets = book.worksheets[:2]
    return [list(row) for row in figures.iter_rows(min_row=5, values_only=True)], targets


def value(row, figure):
    return row[column(figure) - 1]


def test_the_page_shows_each_zone_and_the_total(client, dave, city, zone_a, zone_b, city_data):
    client.force_login(dave)
    response = client.get(PAGE, {"region": city.pk, **Q4})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.period.as_of == date(2026, 11, 22)  # Q4 runs: as of today
    a, b = report.zones
    assert (a.name, a.figures.planned_new, a.figures.started_new) == (zone_a.name, 2, 1)
    assert a.figures.start_or_resume_rate == 0.6667  # A1 and A3 of A1, A2, A3
    assert a.figures.median_days_signing_to_groundbreaking == 89.0
    assert (b.figures.signed_count_by_threshold[3], b.figures.start_rate) == (1, 0.0)
    total = report.total.figures
    assert (total.planned_new, total.started_new, total.signed_count) == (3, 1, 3)
    assert str(total.signed_investment) == "175000.00"
    html = response.content.decode()
    assert 'data-figure="start_rate">33.3%' in html
    # Signed: A 20000 + 5000 = 25000万, B 150000万, 175000万 in all: the total passes 1亿, so
    # the whole column is in 亿元 (said once, in its header).
    assert "总投资（亿元）" in html
    signed = [
        'data-figure="signed_investment">2.50</td>',
        'data-figure="signed_investment">15.00</td>',
        'data-figure="signed_investment">17.50</td>',
    ]
    assert all(cell in html for cell in signed)
    assert "序时应完成的项目个数按四舍五入取整" in html  # the footnote under the targets
    assert [t.zone for t in report.targets] == [zone_a.name, zone_b.name]


def test_a_quarter_that_is_over_is_reported_as_of_its_last_day(client, dave, city, city_data):
    client.force_login(dave)
    report = client.get(PAGE, {"region": city.pk, "year": 2026, "quarter": 2}).context["report"]
    assert report.period.as_of == date(2026, 6, 30)
    total = report.total.figures
    # By June 30th: A1 started, A3 not yet completed, reports of March and June only.
    assert (total.started_new, total.completed, str(total.completed_investment)) == (
        1,
        0,
        "250.00",
    )
    target = report.targets[0]
    assert [q[1] for q in target.quarters] == [2, 2]  # zone A: signed by Q1 and by Q2


def test_a_zones_workbook_is_built_in_the_request(client, alice, zone_a, city_data):
    client.force_login(alice)
    response = client.get(EXCEL, {"zone": zone_a.pk, **Q4})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    # 镇江新区-2026年第4季度重点项目推进情况.xlsx, as RFC 5987 says a non-ASCII name is sent.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%95%87%E6%B1%9F%E6%96%B0%E5%8C%BA-2026%E5%B9%B4"
        "%E7%AC%AC4%E5%AD%A3%E5%BA%A6%E9%87%8D%E7%82%B9%E9%A1%B9%E7%9B%AE%E6%8E%A8%E8%BF%9B"
        "%E6%83%85%E5%86%B5.xlsx"
    )
    rows, targets = sheet_rows(response.content)
    zone_row, total_row, _last_year, _growth, _note = rows  # 同比: see test_quarterly_yoy
    assert zone_row[:2] == [1, zone_a.name]
    assert value(zone_row, "planned_new") == 2
    assert value(zone_row, "start_rate") == 0.5
    assert value(zone_row, "completed_investment") == 750.0  # below 1亿: 万元
    assert value(zone_row, "signed_investment") == 2.5  # 25000万 = 2.5亿
    assert value(total_row, "signed_count") == 2
    first_target = list(targets.iter_rows(min_row=5, values_only=True))[0]
    assert first_target[:5] == (1, zone_a.name, "签约项目数（个）", None, 4)


def test_a_regions_workbook_is_a_job(client, dave, city):
    client.force_login(dave)
    assert client.get(EXCEL, {"region": city.pk}).status_code == 400


def test_another_zones_workbook_is_404(client, alice, zone_b):
    client.force_login(alice)
    assert client.get(EXCEL, {"zone": zone_b.pk}).status_code == 404
    assert client.get(PAGE, {"zone": zone_b.pk}).status_code == 404


def test_the_region_job_runs_after_the_commit_and_offers_the_file(
    client, dave, city, zone_a, zone_b, city_data, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(JOBS, {"region": city.pk, **Q4})
    assert len(callbacks) == 1  # enqueued once the request's transaction committed
    assert response.status_code == 302
    status = client.get(response.url)
    assert status.context["job"]["state"] == exports.DONE
    assert status.context["job"]["percent"] == 100
    download = client.get(
        reverse("reports:quarterly_job_download", args=[status.context["job_id"]])
    )
    assert download.status_code == 200
    rows, _targets = sheet_rows(download.content)
    # The zones, the total, then last year's total, the growth and its note.
    assert [row[1] for row in rows[:3]] == [zone_a.name, zone_b.name, "合计"]
    assert value(rows[2], "planned_new") == 3
    assert value(rows[2], "signed_investment") == 17.5  # 175000万 in the 亿元 column


def test_htmx_polls_the_job_until_its_file_is_ready(
    client, dave, city, city_data, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    # Without the commit the job waits in the queue: the fragment polls.
    queued = client.post(JOBS, {"region": city.pk, **Q4}, HTTP_HX_REQUEST="true")
    html = queued.content.decode()
    assert 'data-state="queued"' in html and "hx-trigger" in html and "<progress" in html
    job_id = queued.context["job_id"]
    exports.build_quarterly_report(job_id, dave.pk, city.pk, 2026, 4, "2026-11-22", "zh-hans")
    done = client.get(reverse("reports:quarterly_job", args=[job_id]), HTTP_HX_REQUEST="true")
    html = done.content.decode()
    assert 'data-state="done"' in html and "hx-trigger" not in html
    assert reverse("reports:quarterly_job_download", args=[job_id]) in html


def test_a_job_is_its_owners_only(client, dave, alice, city, city_data):
    client.force_login(dave)
    job_id = exports.start_quarterly_job(dave, city.pk, 2026, 4, date(2026, 11, 22))
    exports.build_quarterly_report(job_id, dave.pk, city.pk, 2026, 4, "2026-11-22", "zh-hans")
    client.force_login(alice)
    assert client.get(reverse("reports:quarterly_job", args=[job_id])).status_code == 404
    download = reverse("reports:quarterly_job_download", args=[job_id])
    assert client.get(download).status_code == 404
    assert client.get(reverse("reports:quarterly_job", args=["nope"])).status_code == 404


def test_a_job_for_a_region_the_user_does_not_read_is_refused(client, alice, city):
    client.force_login(alice)
    assert client.post(JOBS, {"region": city.pk, **Q4}).status_code == 404


def test_the_job_checks_the_scope_again_when_it_runs(alice, city):
    job_id = exports.start_quarterly_job(alice, city.pk, 2026, 4, date(2026, 11, 22))
    result = exports.build_quarterly_report(
        job_id, alice.pk, city.pk, 2026, 4, "2026-11-22", "zh-hans"
    )
    assert result == exports.FAILED
    assert exports.job_state(job_id, alice)["state"] == exports.FAILED
    assert exports.job_file(job_id, alice) is None


def test_running_a_job_twice_gives_the_same_file(dave, city, city_data):
    job_id = exports.start_quarterly_job(dave, city.pk, 2026, 4, date(2026, 11, 22))
    arguments = (job_id, dave.pk, city.pk, 2026, 4, "2026-11-22", "en")
    exports.build_quarterly_report(*arguments)
    first = exports.job_file(job_id, dave)
    exports.build_quarterly_report(*arguments)
    second = exports.job_file(job_id, dave)
    assert first[0] == second[0]
    assert sheet_rows(first[1])[0] == sheet_rows(second[1])[0]
    # in the language it was asked in (the total comes before last year's and the growth)
    assert sheet_rows(first[1])[0][-4][1] == "Total"


# 3 (session, user, membership) + 1 region (scope) + 1 zones + 3 the figures from the
# rollups (the zones' rows current, with pending changes and their targets' progress; the
# region row, this year's and the same date last year's; each zone's figures, land and
# funds) + 1 the attraction teams (their names: their scores are the tallies the rollups keep).
QUARTERLY_QUERIES = 9


@pytest.mark.parametrize("zones", [3, 30])
def test_the_report_runs_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, django_assert_num_queries, zones
):
    build_city(zone_a, zone_b)
    add_zones(RegionFactory(code="JS-ZJ-DY", parent=city), 1)
    add_zones(city, zones - 3)
    client.force_login(dave)
    client.get(PAGE, {"region": city.pk, **Q4})  # the rollups brought up to date
    with django_assert_num_queries(QUARTERLY_QUERIES):
        assert client.get(PAGE, {"region": city.pk, **Q4}).status_code == 200


def test_the_report_speaks_chinese_and_english(client, dave, city, city_data):
    client.force_login(dave)
    chinese = client.get(PAGE, {"region": city.pk, **Q4}).content.decode()
    assert "新开工项目" in chinese and "New starts" not in chinese
    assert all(size in chinese for size in ("1亿元以上", "5亿元以上", "10亿元以上"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(PAGE, {"region": city.pk, **Q4}).content.decode()
    assert "New starts" in english and "新开工项目" not in english
