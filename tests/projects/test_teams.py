"""Attraction teams: the rules of the model, /api/teams/ (the shared cases) and a project's
``team`` over /api/projects/."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from projects.models import AttractionTeam, Project
from tests.api.cases import APICases, client_for
from tests.factories import AttractionTeamFactory, ProjectFactory


class TestAttractionTeamAPI(APICases):
    url = "/api/teams/"
    model = AttractionTeam

    def make(self, zone):
        return AttractionTeamFactory(zone=zone)

    def create_data(self, zone):
        return {"zone": zone.pk, "name": "招商一局", "lead": "张局长", "members": "李明\n王芳"}

    def update_data(self, obj):
        return {"lead": "赵局长", "members": "周强"}


@pytest.fixture
def api(frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    return client_for


def test_a_project_names_its_team_by_id_and_reads_its_name(api, alice, zone_a):
    team = AttractionTeamFactory(zone=zone_a, name="招商一局")
    project = ProjectFactory(zone=zone_a)
    client = api(alice)
    read = client.get(f"/api/projects/{project.pk}/").json()
    assert (read["team"], read["attraction_team"]) == (None, "")

    response = client.patch(f"/api/projects/{project.pk}/", {"team": team.pk}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["team"], response.json()["attraction_team"]) == (team.pk, "招商一局")
    project.refresh_from_db()
    assert (project.team, project.attraction_team) == (team, "招商一局")


def test_the_team_name_is_read_only_over_the_api(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    response = api(alice).patch(
        f"/api/projects/{project.pk}/", {"attraction_team": "随便写"}, format="json"
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.attraction_team == ""


def test_a_team_of_another_zone_is_refused(api, alice, zone_a, zone_b, admin_user):
    other = AttractionTeamFactory(zone=zone_b, name="招商二局")
    project = ProjectFactory(zone=zone_a)
    # alice does not see zone B's team at all: it does not exist for her.
    response = api(alice).patch(f"/api/projects/{project.pk}/", {"team": other.pk}, format="json")
    assert response.status_code == 400
    assert "team" in response.json()
    # The administrator sees it, and the model's rule refuses it.
    response = api(admin_user).patch(
        f"/api/projects/{project.pk}/", {"team": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["team"] == ["招商组必须是项目所在开发区的招商组。"]
    assert Project.objects.get(pk=project.pk).team is None


def test_the_model_refuses_a_team_of_another_zone(zone_a, zone_b):
    project = ProjectFactory.build(zone=zone_a, team=AttractionTeamFactory(zone=zone_b))
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "team" in error.value.message_dict


def test_a_team_name_is_unique_in_its_zone_only(zone_a, zone_b):
    AttractionTeamFactory(zone=zone_a, name="招商一局")
    AttractionTeamFactory.build(zone=zone_b, name="招商一局").full_clean()
    with pytest.raises(ValidationError) as error:
        AttractionTeamFactory.build(zone=zone_a, name="招商一局").full_clean()
    assert error.value.message_dict["name"] == ["这个开发区已有同名的招商组。"]


def test_renaming_a_team_renames_it_on_its_projects_with_history(zone_a):
    team = AttractionTeamFactory(zone=zone_a, name="招商一局")
    projects = [ProjectFactory(zone=zone_a, team=team) for _ in range(2)]
    before = Project.history.count()

    team.name = "招商局一分局"
    team.save()

    assert sorted(Project.objects.values_list("attraction_team", flat=True)) == [
        "招商局一分局",
        "招商局一分局",
    ]
    assert Project.history.count() == before + len(projects)


def test_a_team_with_projects_does_not_move_to_another_zone(zone_a, zone_b):
    team = AttractionTeamFactory(zone=zone_a)
    ProjectFactory(zone=zone_a, team=team)
    team.zone = zone_b
    with pytest.raises(ValidationError) as error:
        team.full_clean()
    assert "zone" in error.value.message_dict


def test_a_team_with_projects_cannot_be_deleted_over_the_api(api, alice, zone_a):
    team = AttractionTeamFactory(zone=zone_a)
    ProjectFactory(zone=zone_a, team=team)
    response = api(alice).delete(f"/api/teams/{team.pk}/")
    assert response.status_code == 400
    assert AttractionTeam.objects.filter(pk=team.pk).exists()


def test_members_read_as_a_list(zone_a):
    team = AttractionTeamFactory.build(zone=zone_a, members="李明\n王芳、周强, 陈静")
    assert team.member_list() == ["李明", "王芳", "周强", "陈静"]
