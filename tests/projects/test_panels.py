"""The project page shows the sections that apps above projects register, in their column."""

import pytest
from django.urls import reverse

from projects import panels
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_panel():
    panel = panels.Panel(
        "test-notes",
        "includes/field.html",
        panels.SIDE,
        lambda project, can_edit: {"code": project.code, "can_edit": can_edit},
        order=1,
    )
    panels.register(panel)
    yield panel
    panels._registry.pop(panel.name)


def test_investment_adds_its_figures_to_the_main_column_and_its_plans_to_the_side():
    main = [panel.name for panel in panels.registered(panels.MAIN)]
    side = [panel.name for panel in panels.registered(panels.SIDE)]
    assert "investment-figures" in main
    assert "investment-plans" in side


def test_a_registered_panel_gets_its_own_data_on_the_page(client, alice, zone_a, extra_panel):
    project = ProjectFactory(zone=zone_a, code="ZJXQ-NOTES")
    client.force_login(alice)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    first = response.context["side_panels"][0]
    assert first == {
        "template": "includes/field.html",
        "data": {"code": "ZJXQ-NOTES", "can_edit": True},
    }
