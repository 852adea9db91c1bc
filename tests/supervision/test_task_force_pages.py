"""The task force (专班) panel of the project page and its add, edit and delete forms."""

import pytest
from django.urls import reverse

from supervision.choices import TaskForceRole
from supervision.models import TaskForceMember
from tests.factories import ProjectFactory

from .test_task_force import make_member

pytestmark = pytest.mark.usefixtures("frozen_today")

MEMBER = {
    "name": "李娜",
    "unit": "自然资源和规划局",
    "position": "科长",
    "role": "lead",
    "duty": "统筹用地报批",
    "phone": "13800001111",
}


def project_page(client, project):
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_project_page_lists_the_task_force_lead_first(client, dave, zone_a):
    project = ProjectFactory(zone=zone_a)
    make_member(project=project, name="王成员")
    make_member(project=project, name="赵组长", role=TaskForceRole.LEAD, phone="13800001111")
    client.force_login(dave)
    page = project_page(client, project)
    panel = page[page.index('id="task-force"') :]
    assert panel.index("赵组长") < panel.index("王成员")
    assert "专班组长" in panel and "13800001111" in panel
    # The page's history names the member the change was about.
    assert "专班：王成员" in page
    # Leadership reads the task force but changes nothing.
    assert 'id="task-force-add"' not in page


def test_a_writer_adds_a_member_from_the_project_page(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    assert 'id="task-force-add"' in project_page(client, project)
    response = client.post(reverse("supervision:task_force_add", args=[project.pk]), MEMBER)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    member = TaskForceMember.objects.get()
    assert (member.project, member.name, member.role) == (project, "李娜", "lead")
    assert member.history.count() == 1
    assert "李娜" in project_page(client, project)


def test_it_refuses_a_member_without_a_unit_or_with_a_bad_phone_and_writes_nothing(
    client, alice, zone_a
):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    url = reverse("supervision:task_force_add", args=[project.pk])
    response = client.post(url, MEMBER | {"unit": "", "phone": "打电话"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"unit", "phone"}
    assert "请输入电话号码" in response.content.decode()
    assert not TaskForceMember.objects.exists()


def test_a_writer_edits_and_deletes_a_member(client, alice, zone_a):
    member = make_member(zone_a)
    client.force_login(alice)
    edit = reverse("supervision:task_force_edit", args=[member.pk])
    assert client.post(edit, MEMBER | {"duty": "负责征迁协调"}).status_code == 302
    member.refresh_from_db()
    assert member.duty == "负责征迁协调"
    assert (
        client.post(reverse("supervision:task_force_delete", args=[member.pk])).status_code == 302
    )
    assert not TaskForceMember.objects.exists()


def test_the_leadership_may_not_change_a_task_force(client, dave, zone_a):
    member = make_member(zone_a)
    client.force_login(dave)
    assert (
        client.post(
            reverse("supervision:task_force_add", args=[member.project_id]), MEMBER
        ).status_code
        == 403
    )
    edit = reverse("supervision:task_force_edit", args=[member.pk])
    assert client.post(edit, MEMBER).status_code == 403
    assert (
        client.post(reverse("supervision:task_force_delete", args=[member.pk])).status_code == 403
    )
    assert TaskForceMember.objects.get().name == "张伟"


def test_another_zones_task_force_is_not_found(client, bob, zone_a):
    member = make_member(zone_a)
    client.force_login(bob)
    assert client.get(reverse("supervision:task_force_edit", args=[member.pk])).status_code == 404
    url = reverse("supervision:task_force_add", args=[member.project_id])
    assert client.post(url, MEMBER).status_code == 404
    assert TaskForceMember.objects.count() == 1
