"""The demo's leaders: every project has a leader of its zone, and 王建国 (login leader_wang)
answers for the two largest projects of each of the four zones."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from devtools.demo import seed_demo
from projects.models import Leader, Project, ProjectLeader

# The lockout (django-axes) checks every password login against a request: the test client's
# login() has none of its own.
LOGIN_REQUEST = RequestFactory().post("/login/")

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def test_every_demo_project_has_a_primary_leader_of_its_zones_region(frozen_today):
    seed_demo(TODAY, projects_per_zone=6)
    primaries = ProjectLeader.objects.filter(position=0).select_related(
        "leader__region", "project__zone__region"
    )
    assert primaries.count() == Project.objects.count() == 24
    for link in primaries:
        assert link.project.zone.region.path.startswith(link.leader.region.path)
        assert link.project.leader == link.leader.name


def test_leader_wang_sees_his_eight_projects_across_the_four_zones(client, frozen_today):
    seed_demo(TODAY, projects_per_zone=6)
    wang = Leader.objects.get(user__username="leader_wang")
    assert (wang.name, wang.level, wang.region.code) == ("王建国", "city", "JS-ZJ")
    projects = Project.objects.filter(project_leaders__leader=wang)
    assert projects.count() == 8
    assert set(projects.values_list("zone__code", flat=True)) == {
        "DYKFQ",
        "JRKFQ",
        "ZJGXQ",
        "ZJXQ",
    }
    for zone_code in ("DYKFQ", "ZJXQ"):
        largest = Project.objects.filter(zone__code=zone_code).order_by("-total_investment")
        assert set(largest[:2]) <= set(projects)

    assert client.login(request=LOGIN_REQUEST, username="leader_wang", password="zonetrack-demo")
    response = client.get(reverse("reports:my_projects"))
    assert response.status_code == 200
    assert len(response.context["projects"]) == 8
    assert all(project.position == 0 for project in response.context["projects"])

    seed_demo(TODAY, projects_per_zone=6)  # seeding again adds him nowhere else
    assert Project.objects.filter(project_leaders__leader=wang).count() == 8
