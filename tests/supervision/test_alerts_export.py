"""The alert list's Excel export: the open alerts of the filtered list, of the user's zones."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from supervision.alerts import raise_alerts
from tests.supervision import test_alerts_page
from tests.supervision.test_alerts_page import overdue_project

pytestmark = pytest.mark.usefixtures("frozen_today")

PAGE = reverse("supervision:alerts")
EXPORT = reverse("supervision:alerts_export")

# Zone A: two alerts raised 2026-11-20; zone B: two raised today (see the alerts page's tests).
lagging = test_alerts_page.lagging


def rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_the_export_lists_the_open_alerts_of_the_officials_zone_only(client, alice, lagging):
    client.force_login(alice)
    header, *lines = rows(client.get(EXPORT))
    assert header == ("提醒日期", "类型", "开发区", "项目编码", "项目", "滞后情况", "最近出现日期")
    assert [(line[0].date(), line[1], line[2], line[3]) for line in lines] == [
        (date(2026, 11, 20), "节点逾期", "镇江新区", lagging.code),
        (date(2026, 11, 20), "新开工项目未开工", "镇江新区", lagging.code),
    ]
    assert "甲区滞后项目" in lines[0][5]
    assert not any("乙区" in str(cell) for line in lines for cell in line)


def test_the_export_applies_the_lists_filters_and_the_page_links_it(client, dave, lagging):
    client.force_login(dave)
    page = client.get(PAGE, {"kind": "milestone_overdue", "page": "1"})
    assert f'href="{EXPORT}?kind=milestone_overdue"' in page.content.decode()
    _header, *lines = rows(client.get(EXPORT, {"kind": "milestone_overdue"}))
    assert [line[2] for line in lines] == ["丹阳经开区", "镇江新区"]  # newest first


def test_a_zone_the_user_does_not_read_exports_nothing_of_it(client, alice, lagging, zone_b):
    client.force_login(alice)
    _header, *lines = rows(client.get(EXPORT, {"zone": zone_b.pk}))
    assert {line[2] for line in lines} <= {"镇江新区"}


def test_the_export_reads_a_fixed_number_of_queries(
    client, alice, zone_a, django_assert_num_queries
):
    overdue_project(zone_a, "甲区项目一")
    raise_alerts(date(2026, 11, 22))
    client.force_login(alice)
    # session, user, memberships, the zone picker, the alerts with their subjects
    with django_assert_num_queries(5):
        assert len(rows(client.get(EXPORT))) == 2
    for number in range(10):
        overdue_project(zone_a, f"甲区项目{number + 2}")
    raise_alerts(date(2026, 11, 22))
    with django_assert_num_queries(5):
        assert len(rows(client.get(EXPORT))) == 12
