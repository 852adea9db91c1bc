"""Every write to an audited model leaves a history row with who, when and from where."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from simple_history.models import HistoricalRecords, registered_models
from simple_history.utils import bulk_update_with_history

from projects.models import Project
from tests.factories import ProjectFactory
from tests.ui.test_import import PROJECT_HEADERS_ZH, confirm, preview, xlsx

pytestmark = pytest.mark.usefixtures("frozen_today")

APPS = ("parks", "projects", "investment", "supervision", "reports", "zonetrack")
BULK_WRITES = {"update", "bulk_create", "bulk_update"}


def _root(node: ast.expr) -> tuple[str | None, list[str]]:
    """The name a call chain starts from and the attributes read along it."""
    attributes = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            attributes.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return (node.id if isinstance(node, ast.Name) else None), attributes


def test_no_audited_model_is_written_by_a_bulk_path_without_history():
    """``Model.objects....update()``, ``bulk_create`` and ``bulk_update`` skip history;
    audited models use plain saves or simple_history's bulk_*_with_history helpers."""
    audited = {model.__name__ for model in registered_models.values()}
    found = []
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                if node.func.attr not in BULK_WRITES:
                    continue
                name, attributes = _root(node.func.value)
                if name in audited and "objects" in attributes:
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {name}")
    assert found == []


def test_a_page_write_records_user_time_and_the_forwarded_client_address(
    client, alice, zone_a, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    client.force_login(alice)
    upload = xlsx(PROJECT_HEADERS_ZH, ["ZA-001", "光学基地", "ZA", "", "制造业", "120,000"])
    checked = preview(client, "projects", upload)
    # The confirm step arrives through the proxy, which appended the client's address.
    payload = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    client.defaults.update(payload)
    assert confirm(client, "projects", checked).status_code == 302

    record = Project.history.get(code="ZA-001")
    assert (record.history_type, record.history_user, record.ip_address) == (
        "+",
        alice,
        "198.51.100.7",
    )
    assert record.history_date is not None


def test_the_bulk_history_helper_records_the_request_address_too(rf, alice, zone_a):
    projects = ProjectFactory.create_batch(2, zone=zone_a)
    for project in projects:
        project.attraction_team = "招商一组"
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    request.user = alice
    HistoricalRecords.context.request = request
    try:
        bulk_update_with_history(projects, Project, ["attraction_team"])
    finally:
        del HistoricalRecords.context.request

    changed = Project.history.filter(history_type="~")
    # Two projects updated in one bulk call: two history rows, each with user and address.
    assert sorted(changed.values_list("ip_address", "history_user__username")) == [
        ("203.0.113.9", alice.username),
        ("203.0.113.9", alice.username),
    ]


def test_a_write_outside_a_request_has_no_address(zone_a):
    project = ProjectFactory(zone=zone_a)
    assert project.history.get().ip_address is None


def test_an_api_write_with_a_token_records_the_tokens_user_and_address(zone_a, alice):
    # The token is read inside the API view, after the history middleware has run: the
    # history still names the token's user, as DRF hands its user to the request it wraps.
    project = ProjectFactory(zone=zone_a, name="旧名")
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    response = client.patch(f"/api/projects/{project.pk}/", {"name": "新名"}, format="json")
    assert response.status_code == 200, response.content
    record = project.history.first()
    assert (record.name, record.history_user, record.ip_address) == ("新名", alice, "203.0.113.9")
