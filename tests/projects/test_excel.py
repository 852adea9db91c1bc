"""The project Excel round trip: the export carries what the import reads back (issue 9)."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from projects.choices import MilestoneKind, Stage
from projects.excel import EXAMPLE_CODE, MILESTONE_COLUMNS, ProjectImporter
from projects.models import AttractionTeam, Milestone, Project
from tests.factories import (
    AttractionTeamFactory,
    LeaderFactory,
    MembershipFactory,
    MilestoneFactory,
    ParkFactory,
    ProjectFactory,
    RegionFactory,
    ZoneFactory,
)
from tests.ui.test_import import xlsx

pytestmark = pytest.mark.usefixtures("frozen_today")

IMPORT = reverse("investment:import")
EXPORT = reverse("projects:export")
QUERIES = 9
MILESTONE_HEADERS = [
    "计划签约日期",
    "签约实际日期",
    "计划开工日期",
    "开工实际日期",
    "计划竣工日期",
    "竣工实际日期",
    "计划投产日期",
    "投产实际日期",
]


@pytest.fixture
def zone_a_projects(zone_a):
    """Two projects of zone A: one signed and under construction in a park, with planned
    completion; one public work without milestones, stalled."""
    park = ParkFactory(zone=zone_a, name="新材料产业园")
    built = ProjectFactory(
        zone=zone_a,
        park=park,
        code="ZA-001",
        name="=光学基地",  # a name that looks like a formula travels as text
        total_investment=Decimal("120000.50"),
        foreign_investment_usd=Decimal("1500.00"),
        capital_source="foreign",
        level="city_key",
    )
    MilestoneFactory(
        project=built, kind="signing", planned_on=date(2026, 1, 5), actual_on=date(2026, 1, 8)
    )
    MilestoneFactory(
        project=built,
        kind="groundbreaking",
        planned_on=date(2026, 4, 1),
        actual_on=date(2026, 4, 20),
    )
    MilestoneFactory(project=built, kind="completion", planned_on=date(2027, 6, 30))
    ProjectFactory(
        zone=zone_a,
        code="ZA-002",
        name="道路改造",
        category="infrastructure",
        is_attracted=False,
        status="stalled",
        status_reason="征地未完成",
        cadence="weekly",
    )
    return zone_a


def state():
    """Every project as data: its fields and its milestones' dates."""
    return {
        project.code: (
            project.name,
            project.zone_id,
            project.park_id,
            project.category,
            project.level,
            project.capital_source,
            project.is_attracted,
            project.total_investment,
            project.foreign_investment_usd,
            project.cadence,
            project.status,
            project.status_reason,
            project.stage,
            sorted((m.kind, m.planned_on, m.actual_on) for m in project.milestones.all()),
        )
        for project in Project.objects.prefetch_related("milestones")
    }


def exported(client):
    with translation.override("zh-hans"):
        response = client.get(EXPORT)
    assert response.status_code == 200
    return response.content


def upload(content):
    buffer = io.BytesIO(content)
    buffer.name = "projects.xlsx"
    return buffer


def preview(client, content):
    return client.post(IMPORT, {"kind": "projects", "action": "preview", "file": upload(content)})


def confirm(client, response):
    payload = re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(IMPORT, {"kind": "projects", "action": "confirm", "payload": payload})


def test_the_export_carries_the_milestones_the_zone_name_and_the_stage(
    client, alice, zone_a_projects
):
    client.force_login(alice)
    sheet = load_workbook(io.BytesIO(exported(client))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[18:26] == MILESTONE_HEADERS
    assert header[-1] == "阶段"
    built = dict(zip(header, rows[1], strict=True))
    assert (built["编码"], built["开发区"], built["园区"]) == ("ZA-001", "镇江新区", "新材料产业园")
    assert built["名称"] == "=光学基地"
    assert sheet["B2"].data_type == "s"
    assert built["总投资（万元）"] == 120000.5
    assert built["签约实际日期"].date() == date(2026, 1, 8)
    assert built["计划竣工日期"].date() == date(2027, 6, 30)
    assert built["竣工实际日期"] is None
    assert built["阶段"] == "在建"
    assert sheet.auto_filter.ref == "A1:AA3"


def test_the_export_offers_a_dropdown_for_every_coded_column(client, alice, zone_a_projects):
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(exported(client)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    lists = workbook["lists"]
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        letter = re.match(r"[A-Z]+", str(validation.sqref)).group()
        column = header[sheet[f"{letter}1"].column - 1]
        source = re.search(r"\$([A-Z]+)\$1:", validation.formula1).group(1)
        offered[column] = [c.value for c in lists[source] if c.value is not None]
    assert offered["开发区"] == ["镇江新区"]  # alice's zone only, not zone B
    assert offered["园区"] == ["新材料产业园"]
    assert offered["招商引资项目"] == ["是", "否"]
    assert offered["项目类别"][0] == "制造业"
    assert set(offered) == {
        "开发区",
        "园区",
        "项目类别",
        "项目级别",
        "资金来源",
        "招商引资项目",
        "调度频次",
        "状态",
    }


def test_importing_the_export_updates_the_same_projects_and_changes_nothing(
    client, alice, zone_a_projects
):
    client.force_login(alice)
    before = state()
    checked = preview(client, exported(client))
    result = checked.context["result"]
    assert result.is_valid, result.errors
    assert [row.is_update for row in result.rows] == [True, True]
    assert [row.changed for row in result.rows] == [set(), set()]
    assert "data-changed" not in checked.content.decode()
    assert checked.content.decode().count("text-bg-info") == 2  # the "update" badges
    assert confirm(client, checked).status_code == 302
    assert state() == before
    assert Project.objects.count() == 2
    assert Milestone.objects.count() == 3


def test_importing_an_export_into_an_empty_zone_creates_the_same_projects(
    client, alice, zone_a_projects
):
    client.force_login(alice)
    content = exported(client)
    before = state()
    Milestone.objects.all().delete()
    Project.objects.all().delete()
    checked = preview(client, content)
    assert checked.context["result"].is_valid, checked.context["result"].errors
    assert not any(row.is_update for row in checked.context["result"].rows)
    confirm(client, checked)
    assert state() == before
    assert Project.objects.get(code="ZA-001").stage == Stage.UNDER_CONSTRUCTION


def test_a_milestone_date_typed_in_the_export_is_recorded(client, alice, zone_a_projects):
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(exported(client)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("竣工实际日期") + 1, value="2026/11/20")
    buffer = io.BytesIO()
    workbook.save(buffer)
    checked = preview(client, buffer.getvalue())
    first = checked.context["result"].rows[0]
    assert first.shown["actual_completion"] == "2026-11-20"
    assert first.changed == {"actual_completion"}
    assert checked.content.decode().count("data-changed") == 1
    confirm(client, checked)
    project = Project.objects.get(code="ZA-001")
    completion = project.milestones.get(kind=MilestoneKind.COMPLETION)
    assert (completion.planned_on, completion.actual_on) == (date(2027, 6, 30), date(2026, 11, 20))
    assert completion.recorded_by == alice
    assert project.stage == Stage.COMPLETED


def preview_rows(client, *rows):
    """The preview of a file of these rows under the first columns and two milestones."""
    headers = ["编码", "名称", "开发区", "项目类别", "总投资（万元）", *MILESTONE_HEADERS[:4]]
    return client.post(
        IMPORT, {"kind": "projects", "action": "preview", "file": xlsx(headers, *rows)}
    )


def test_an_attracted_project_breaking_ground_before_signing_is_refused(client, alice, zone_a):
    client.force_login(alice)
    response = preview_rows(
        client,
        ["ZA-009", "新项目", "镇江新区", "制造业", "100", "", "", "", "2026-05-01"],
        ["ZA-010", "又一项目", "ZA", "制造业", "100", "", "2026-06-01", "", "2026-05-01"],
    )
    errors = [(row, column) for row, column, _m in response.context["result"].errors]
    # Row 2 has no signing date; row 3 signed after it broke ground (both dates are wrong).
    assert errors == [(2, "开工实际日期"), (3, "签约实际日期"), (3, "开工实际日期")]
    assert not Project.objects.exists()


def test_a_future_actual_date_is_refused(client, alice, zone_a):
    client.force_login(alice)
    response = preview_rows(client, ["ZA-009", "新项目", "ZA", "制造业", "100", "", "2026-12-01"])
    assert [(r, c) for r, c, _m in response.context["result"].errors] == [(2, "签约实际日期")]


def test_a_known_code_cannot_move_its_project_to_another_zone(client, alice, zone_a, city):
    other = ZoneFactory(name="句容开发区", code="ZC", region=city)
    MembershipFactory(user=alice, zone=other)
    ProjectFactory(zone=zone_a, code="ZA-001")
    client.force_login(alice)
    response = preview_rows(client, ["ZA-001", "光学基地", "句容开发区", "制造业", "100"])
    assert [(r, c) for r, c, _m in response.context["result"].errors] == [(2, "开发区")]
    assert Project.objects.get(code="ZA-001").zone == zone_a


def test_another_zones_code_is_refused_not_duplicated(client, alice, zone_a, zone_b):
    ProjectFactory(zone=zone_b, code="ZB-001")
    client.force_login(alice)
    response = preview_rows(client, ["ZB-001", "同码项目", "ZA", "制造业", "100"])
    assert [(r, c) for r, c, _m in response.context["result"].errors] == [(2, "编码")]
    assert Project.objects.count() == 1


def test_the_template_shows_made_up_rows_of_the_officials_own_zone(client, alice, zone_a, zone_b):
    ParkFactory(zone=zone_a, name="新材料产业园")
    ParkFactory(zone=zone_b, name="丹阳高新园")
    ProjectFactory(zone=zone_b, code="ZB-REAL")
    client.force_login(alice)
    response = client.get(reverse("investment:template", args=["projects"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[18:26] == MILESTONE_HEADERS
    examples = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert [row["编码"] for row in examples] == [EXAMPLE_CODE, "示例-2026-002"]
    assert {row["开发区"] for row in examples} == {"镇江新区"}
    assert examples[0]["园区"] == "新材料产业园"
    everything = [
        c for s in workbook.worksheets for row in s.iter_rows(values_only=True) for c in row
    ]
    assert not {"丹阳经开区", "丹阳高新园", "ZB-REAL", "ZB"} & set(everything)
    assert sheet.auto_filter.ref
    assert len(sheet.data_validations.dataValidation) == 8


def test_the_template_imports_as_it_is(client, alice, zone_a):
    ParkFactory(zone=zone_a, name="新材料产业园")
    client.force_login(alice)
    template = client.get(reverse("investment:template", args=["projects"])).content
    checked = preview(client, template)
    assert checked.context["result"].is_valid, checked.context["result"].errors
    first = checked.context["result"].rows[0]
    assert first.shown["total_investment"] == "120,000.00 万元"
    assert first.shown["is_attracted"] == "是"
    assert first.shown["planned_signing"] == "2026-03-01"


def test_the_importer_knows_the_milestone_columns_in_both_languages(alice):
    headers = ProjectImporter(alice).header_map()
    assert headers["计划开工日期"] == "planned_groundbreaking"
    assert headers["actualgroundbreakingdate"] == "actual_groundbreaking"
    assert headers["阶段"] == "stage"
    assert len(MILESTONE_COLUMNS) == 8


def test_the_export_reads_a_fixed_number_of_queries(
    client, alice, zone_a_projects, django_assert_num_queries
):
    client.force_login(alice)
    # session, user, memberships, the zones, parks, leaders and teams the dropdowns offer, the
    # projects and their milestones
    with django_assert_num_queries(QUERIES):
        exported(client)
    for number in range(20):
        project = ProjectFactory(zone=zone_a_projects, code=f"ZA-1{number:02d}")
        MilestoneFactory(project=project, kind="signing", actual_on=date(2026, 2, 1))
    with django_assert_num_queries(QUERIES):
        exported(client)


def test_the_leader_column_carries_the_primary_and_maps_a_name_back_to_its_leader(
    client, alice, zone_a_projects, city
):
    mayor = LeaderFactory(name="王市长", region=city)
    deputy = LeaderFactory(name="李副市长", region=city)
    secretary = LeaderFactory(name="赵书记", region=city.parent)  # the province above
    Project.objects.get(code="ZA-001").set_leaders([mayor, deputy])
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(exported(client)))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("包保领导") + 1
    assert [sheet.cell(row=r, column=column).value for r in (2, 3)] == ["王市长", None]
    sheet.cell(row=2, column=column).value = "李副市长"
    sheet.cell(row=3, column=column).value = "赵书记"
    buffer = io.BytesIO()
    workbook.save(buffer)

    checked = preview(client, buffer.getvalue())
    result = checked.context["result"]
    assert result.is_valid, result.errors
    assert [row.changed for row in result.rows] == [{"leader"}, {"leader"}]
    confirm(client, checked)

    built, road = Project.objects.get(code="ZA-001"), Project.objects.get(code="ZA-002")
    assert (built.leader, built.leaders_in_order()) == ("李副市长", [deputy, mayor])
    assert (road.leader, road.leaders_in_order()) == ("赵书记", [secretary])


def test_an_unknown_leader_name_is_refused_in_the_preview_with_the_known_names(
    client, alice, zone_a_projects, city
):
    LeaderFactory(name="王市长", region=city)
    LeaderFactory(name="李副市长", region=city)
    county = RegionFactory(name="丹徒区", code="JS-ZJ-DT", parent=city)
    LeaderFactory(name="孙区长", region=county)  # of a county beside zone A: not offered
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(exported(client)))
    sheet = workbook.active
    column = [cell.value for cell in sheet[1]].index("包保领导") + 1
    sheet.cell(row=2, column=column).value = "孙区长"
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = preview(client, buffer.getvalue()).context["result"]

    assert result.errors == [
        (2, "包保领导", "没有名为“孙区长”的领导包保镇江新区。已有的领导：李副市长、王市长。")
    ]
    assert not Project.objects.get(code="ZA-001").project_leaders.exists()


def test_the_team_column_carries_the_team_name_and_maps_a_name_back_to_the_zones_team(
    client, alice, zone_a_projects, zone_b
):
    first = AttractionTeamFactory(zone=zone_a_projects, name="招商一局")
    second = AttractionTeamFactory(zone=zone_a_projects, name="招商二局")
    AttractionTeamFactory(zone=zone_b, name="北京小分队")  # of zone B: not zone A's
    built = Project.objects.get(code="ZA-001")
    built.team = first
    built.save()
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(exported(client)))
    sheet = workbook.active
    column = [cell.value for cell in sheet[1]].index("招商组") + 1
    assert [sheet.cell(row=r, column=column).value for r in (2, 3)] == ["招商一局", None]
    sheet.cell(row=2, column=column).value = " 招商二局 "
    sheet.cell(row=3, column=column).value = "招商一局"
    buffer = io.BytesIO()
    workbook.save(buffer)

    checked = preview(client, buffer.getvalue())
    result = checked.context["result"]
    assert result.is_valid, result.errors
    assert [row.changed for row in result.rows] == [{"attraction_team"}, {"attraction_team"}]
    confirm(client, checked)

    built, road = Project.objects.get(code="ZA-001"), Project.objects.get(code="ZA-002")
    assert (built.team, built.attraction_team) == (second, "招商二局")
    assert (road.team, road.attraction_team) == (first, "招商一局")


def test_an_unknown_team_name_is_refused_in_the_preview_with_the_zones_teams(
    client, alice, zone_a_projects, zone_b
):
    AttractionTeamFactory(zone=zone_a_projects, name="招商一局")
    AttractionTeamFactory(zone=zone_b, name="北京小分队")
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(exported(client)))
    sheet = workbook.active
    column = [cell.value for cell in sheet[1]].index("招商组") + 1
    sheet.cell(row=2, column=column).value = "北京小分队"
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = preview(client, buffer.getvalue()).context["result"]

    assert result.errors == [
        (
            2,
            "招商组",
            "镇江新区没有名为“北京小分队”的招商组。已有的招商组：招商一局。"
            "新的招商组请先在招商组页面添加。",
        )
    ]
    assert not AttractionTeam.objects.filter(zone=zone_a_projects, name="北京小分队").exists()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_cell_of_a_project_export_is_a_formula(client, alice, zone_a, start):
    ProjectFactory(
        zone=zone_a,
        name=f'{start}HYPERLINK("http://evil.example","点击")',
        investor=f"{start}1+1",
        total_investment=Decimal("12000.00"),
    )
    client.force_login(alice)
    sheet = load_workbook(io.BytesIO(exported(client))).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    # XML reads a carriage return back as a line feed.
    texts = [cell for cell in cells if str(cell.value).replace("\n", "\r").startswith(start)]
    # The name and the investor, each kept as typed and marked as text.
    assert len(texts) == 2
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts)
    # The sum stays a number.
    assert 12000 in [cell.value for cell in cells]
