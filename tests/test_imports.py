"""The import base (zonetrack.imports) that the project, plan and report imports share."""

import ast
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from investment.excel import (
    IMPORTERS,
    LandImporter,
    ParkIndicatorImporter,
    PlanImporter,
    ReportImporter,
)
from projects.excel import EXAMPLE_CODE, ProjectImporter
from tests.factories import ProjectFactory
from zonetrack.imports import Importer, cell_text, header_key

ROOT = Path(__file__).resolve().parent.parent
APPS = ["parks", "projects", "investment", "supervision", "reports", "devtools", "zonetrack"]


def test_every_importer_is_built_on_the_kernels_base():
    assert set(IMPORTERS.values()) == {
        ProjectImporter,
        PlanImporter,
        ReportImporter,
        LandImporter,
        ParkIndicatorImporter,
    }
    assert all(issubclass(importer, Importer) for importer in IMPORTERS.values())


def test_no_app_imports_a_private_name_of_another_app():
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        app = path.relative_to(ROOT).parts[0]
        if app not in APPS or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                other = node.module.split(".")[0]
                private = [a.name for a in node.names if a.name.startswith("_")]
                if other in APPS and other != app and private:
                    found.append(f"{path.relative_to(ROOT)}: {node.module}.{private}")
    assert found == []


def test_headers_and_codes_compare_folded():
    assert header_key(" Ｔotal  Investment ") == "totalinvestment"
    assert header_key("ＺＡ－００１") == header_key("za-001")


def test_a_cell_reads_as_the_text_a_person_typed():
    assert cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(120000.0) == "120000"
    assert cell_text(None) == ""


@pytest.mark.parametrize("kind", ["plans", "reports"])
def test_a_project_row_template_offers_the_officials_project_codes_only(
    client, alice, zone_a, zone_b, kind
):
    ProjectFactory(zone=zone_a, code="ZA-001")
    ProjectFactory(zone=zone_b, code="ZB-001")
    client.force_login(alice)
    response = client.get(reverse("investment:template", args=[kind]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == EXAMPLE_CODE  # made up, never a real project
    lists = [c for row in workbook["lists"].iter_rows(values_only=True) for c in row if c]
    assert "ZA-001" in lists
    assert "ZB-001" not in lists
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")


def test_the_plan_template_has_a_dropdown_for_the_plan_type(client, alice, zone_a):
    client.force_login(alice)
    response = client.get(reverse("investment:template", args=["plans"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    validated = {
        str(v.sqref).split(":")[0].rstrip("0123456789")
        for v in sheet.data_validations.dataValidation
    }
    letters = {chr(ord("A") + header.index("计划类型"))}
    assert letters <= validated
    assert sheet["C2"].value == "新开工"
