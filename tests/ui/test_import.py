import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from investment.models import AnnualPlanEntry, InvestmentReport
from projects.models import Project
from tests.factories import (
    InvestmentReportFactory,
    ParkFactory,
    ProjectFactory,
    StartedProjectFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("investment:import")

PROJECT_HEADERS_ZH = ["编码", "名称", "开发区", "园区", "项目类别", "总投资（万元）"]
PROJECT_HEADERS_EN = ["code", "name", "zone", "park", "category", "total investment (10k CNY)"]


def xlsx(headers, *rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


def preview(client, kind, upload):
    return client.post(URL, {"kind": kind, "action": "preview", "file": upload})


def confirm(client, kind, response):
    payload = re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(URL, {"kind": kind, "action": "confirm", "payload": payload})


def test_the_template_has_chinese_headers_and_a_notes_sheet(client, alice):
    client.force_login(alice)
    response = client.get(reverse("investment:template", args=["projects"]))
    workbook = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers[:3] == ["编码", "名称", "开发区"]
    assert workbook.worksheets[1]["B2"].value == "code"


def test_it_previews_then_imports_projects_by_zone_code_and_park_name(client, alice, zone_a):
    ParkFactory(zone=zone_a, name="新材料产业园")
    client.force_login(alice)
    upload = xlsx(
        PROJECT_HEADERS_ZH,
        ["ZA-001", "光学基地", "ZA", "新材料产业园", "制造业", "120,000"],
        ["ZA-002", "研发中心", "镇江新区", "", "services", 5200.5],
    )

    checked = preview(client, "projects", upload)

    assert checked.context["result"].is_valid
    assert not Project.objects.exists()
    done = confirm(client, "projects", checked)
    assert done.status_code == 302
    first, second = Project.objects.order_by("code")
    assert (first.park.name, first.total_investment) == ("新材料产业园", Decimal("120000"))
    assert (second.category, second.total_investment) == ("services", Decimal("5200.50"))
    assert first.history.first().history_user == alice


def test_a_file_with_one_bad_row_imports_nothing_and_lists_row_and_column(client, alice, zone_a):
    client.force_login(alice)
    upload = xlsx(
        PROJECT_HEADERS_EN,
        ["ZA-001", "光学基地", "ZA", "", "manufacturing", "1000"],
        ["ZA-002", "研发中心", "ZA", "", "manufacturing", "-5"],
        ["ZA-003", "", "ZA", "", "no such category", "10"],
    )

    response = preview(client, "projects", upload)

    errors = response.context["result"].errors
    assert {(row, column) for row, column, _m in errors} == {
        (3, "总投资（万元）"),
        (4, "名称"),
        (4, "项目类别"),
    }
    assert "confirm-form" not in response.content.decode()
    assert not Project.objects.exists()


def test_it_refuses_a_zone_the_official_cannot_write(client, alice, zone_b):
    client.force_login(alice)
    upload = xlsx(PROJECT_HEADERS_ZH, ["ZB-001", "他区项目", "ZB", "", "制造业", "1"])
    response = preview(client, "projects", upload)
    assert [(r, c) for r, c, _m in response.context["result"].errors] == [(2, "开发区")]


def test_it_updates_a_known_project_code(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a, code="ZA-001", name="旧名")
    client.force_login(alice)
    checked = preview(client, "projects", xlsx(["编码", "名称"], ["ZA-001", "新名"]))
    assert checked.context["result"].rows[0].is_update
    assert checked.context["result"].rows[0].changed == {"name"}
    confirm(client, "projects", checked)
    project.refresh_from_db()
    assert project.name == "新名"
    assert Project.objects.count() == 1


def test_it_imports_monthly_reports_and_updates_an_existing_month(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a, code="ZA-001")
    existing = InvestmentReportFactory(project=project, year=2026, month=9)
    client.force_login(alice)
    upload = xlsx(
        ["项目编码", "年度", "月份", "完成投资（万元）", "形象进度（%）"],
        ["ZA-001", 2026, 9, 800, 40],
        ["za-001", 2026, 10, "1,000", 45],
    )

    checked = preview(client, "reports", upload)
    assert checked.context["result"].is_valid, checked.context["result"].errors
    confirm(client, "reports", checked)

    existing.refresh_from_db()
    assert existing.completed_investment == Decimal("800")
    october = InvestmentReport.objects.get(project=project, month=10)
    assert (october.completed_investment, october.image_progress) == (
        Decimal("1000"),
        Decimal("45"),
    )


def test_a_duplicate_month_in_one_file_is_an_error(client, alice, zone_a):
    ProjectFactory(zone=zone_a, code="ZA-001")
    client.force_login(alice)
    upload = xlsx(["project", "year", "month"], ["ZA-001", 2026, 9], ["ZA-001", 2026, 9])
    errors = preview(client, "reports", upload).context["result"].errors
    assert [row for row, _c, _m in errors] == [3]


def test_it_imports_plan_entries_with_the_models_rules(client, alice, zone_a, zone_b):
    ProjectFactory(zone=zone_a, code="ZA-001")
    ProjectFactory(zone=zone_b, code="ZB-001")
    client.force_login(alice)
    upload = xlsx(
        ["项目", "年度", "计划类型", "年度计划投资（万元）", "计划开工日期", "复工日期"],
        ["ZA-001", 2026, "续建", 3000, "2026-05-01", ""],
        ["ZB-001", 2026, "新开工", 3000, "2026-05-01", ""],
    )
    errors = preview(client, "plans", upload).context["result"].errors
    # Row 2: a continuing project has no planned start; row 3: another zone's project.
    assert [(row, column) for row, column, _m in errors] == [
        (2, "计划开工日期"),
        (3, "项目"),
    ]
    assert not AnnualPlanEntry.objects.exists()


def test_an_unknown_column_or_a_non_excel_file_is_refused_clearly(client, alice):
    client.force_login(alice)
    response = preview(client, "projects", xlsx(["编码", "颜色"], ["A", "红"]))
    assert "颜色" in response.context["sheet_error"]
    not_excel = io.BytesIO(b"code,name\n")
    not_excel.name = "list.csv"
    assert "sheet_error" in preview(client, "projects", not_excel).context


def test_a_tampered_payload_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"kind": "projects", "action": "confirm", "payload": "x:y"})
    assert "sheet_error" in response.context
    assert not Project.objects.exists()


def test_leadership_cannot_import(client, dave):
    client.force_login(dave)
    assert client.get(URL).status_code == 403


def test_a_project_import_stores_3_2_yi_yuan_as_32000_wan_and_previews_it_so(client, alice, zone_a):
    client.force_login(alice)
    upload = xlsx(PROJECT_HEADERS_ZH, ["ZA-001", "光学基地", "ZA", "", "制造业", "3.2亿元"])

    checked = preview(client, "projects", upload)

    assert checked.context["result"].is_valid, checked.context["result"].errors
    cell = re.search(
        r'<td class="text-nowrap text-end" data-column="total_investment">(.*?)</td>',
        checked.content.decode(),
        re.S,
    ).group(1)
    assert "32,000.00 万元" in cell
    assert "原填：3.2亿元" in cell
    assert "制造业" in checked.content.decode()
    confirm(client, "projects", checked)
    assert Project.objects.get().total_investment == Decimal("32000.00")


def test_a_project_import_refuses_a_usd_amount_in_the_cny_column(client, alice, zone_a):
    client.force_login(alice)
    upload = xlsx(PROJECT_HEADERS_ZH, ["ZA-001", "光学基地", "ZA", "", "制造业", "500万美元"])
    errors = preview(client, "projects", upload).context["result"].errors
    assert errors == [(2, "总投资（万元）", "“500万美元”的单位是万美元，本栏的单位是万元。")]
    assert not Project.objects.exists()


def test_a_plan_import_stores_3_2_yi_yuan_as_32000_wan(client, alice, zone_a):
    StartedProjectFactory(zone=zone_a, code="ZA-001")
    client.force_login(alice)
    upload = xlsx(
        ["项目", "年度", "计划类型", "年度计划投资（万元）", "复工日期"],
        ["ZA-001", 2026, "续建", "3.2亿元", "2026-03-01"],
    )
    checked = preview(client, "plans", upload)
    assert checked.context["result"].is_valid, checked.context["result"].errors
    assert checked.context["result"].rows[0].shown["planned_investment"] == "32,000.00 万元"
    confirm(client, "plans", checked)
    assert AnnualPlanEntry.objects.get().planned_investment == Decimal("32000.00")


def test_a_report_import_converts_each_column_to_its_unit(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a, code="ZA-001", total_investment=Decimal("50000"))
    client.force_login(alice)
    upload = xlsx(
        [
            "项目编码",
            "年度",
            "月份",
            "完成投资（万元）",
            "到位内资（万元）",
            "其中：省外资金（万元）",
        ]
        + ["到位外资（万美元）", "形象进度（%）"],
        ["ZA-001", 2026, 10, "3.2亿元", "12300元", "1.2万", "1.5亿美元", "35％"],
    )
    checked = preview(client, "reports", upload)
    assert checked.context["result"].is_valid, checked.context["result"].errors
    assert checked.context["result"].rows[0].shown["funds_foreign_usd"] == "15,000.00 万美元"
    confirm(client, "reports", checked)
    report = InvestmentReport.objects.get(project=project)
    assert report.completed_investment == Decimal("32000.00")
    assert report.funds_domestic == Decimal("1.23")
    assert report.funds_out_of_province == Decimal("1.20")
    assert report.funds_foreign_usd == Decimal("15000.00")
    assert report.image_progress == Decimal("35.00")


def test_a_report_import_refuses_out_of_province_funds_above_domestic(client, alice, zone_a):
    StartedProjectFactory(zone=zone_a, code="ZA-001")
    client.force_login(alice)
    upload = xlsx(
        ["project", "year", "month", "funds_domestic", "funds_out_of_province"],
        ["ZA-001", 2026, 10, "100", "150"],
    )
    errors = preview(client, "reports", upload).context["result"].errors
    assert errors == [
        (2, "其中：省外资金（万元）", "省外资金是到位内资的一部分，不能大于到位内资。")
    ]


def test_a_report_import_refuses_investment_before_the_groundbreaking(client, alice, zone_a):
    ProjectFactory(zone=zone_a, code="ZA-001")  # 在谈: no groundbreaking
    client.force_login(alice)
    upload = xlsx(["project", "year", "month", "completed_investment"], ["ZA-001", 2026, 10, 50])
    errors = preview(client, "reports", upload).context["result"].errors
    assert errors == [(2, "完成投资（万元）", "项目截至 2026-10 月底尚未开工，其投资不计入统计。")]
    assert not InvestmentReport.objects.exists()
