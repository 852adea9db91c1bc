"""Evidence on pages: a blocker's photos and files, a milestone's, the round's rows (saved with
the round, all or nothing), the page to raise a blocker with a photo, and the project page."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.models import Blocker, Evidence, ProgressUpdate
from tests.factories import MilestoneFactory, ProjectFactory

from . import files
from .makers import make_blocker
from .test_evidence import stored_files
from .test_round_page import ROUND, key_project, row

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def root(evidence_storage_in_a_temporary_folder):
    for path in evidence_storage_in_a_temporary_folder.rglob("*"):
        if path.is_file():
            path.unlink()
    return evidence_storage_in_a_temporary_folder


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def blocker(zone_a):
    return make_blocker(zone_a)


# -- a blocker's page ------------------------------------------------------------------------


def test_an_official_attaches_photos_to_a_blocker(client, alice, blocker, root):
    client.force_login(alice)
    url = reverse("supervision:blocker_evidence", args=[blocker.pk])
    response = client.post(
        url,
        {
            "attachments": [upload("东侧.jpg", files.jpeg()), upload("批复.pdf", files.pdf())],
            "caption": "现场",
        },
    )
    assert response.status_code == 302
    assert [e.file_name for e in blocker.evidence.order_by("pk")] == ["东侧.jpg", "批复.pdf"]
    assert {e.caption for e in blocker.evidence.all()} == {"现场"}
    page = client.get(reverse("supervision:blocker", args=[blocker.pk])).content.decode()
    photo, document = blocker.evidence.order_by("pk")
    assert f'src="/evidence/{photo.pk}/thumbnail/"' in page
    assert f'href="/evidence/{document.pk}/"' in page
    assert 'id="evidence-form"' in page


def test_one_refused_file_attaches_none_and_the_page_says_why(client, alice, blocker, root):
    client.force_login(alice)
    url = reverse("supervision:blocker_evidence", args=[blocker.pk])
    response = client.post(
        url, {"attachments": [upload("好.jpg", files.jpeg()), upload("照片.jpg", files.pdf())]}
    )
    assert response.status_code == 400
    assert "照片.jpg: 文件内容与扩展名“.jpg”不符" in response.content.decode()
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_readers_see_the_files_but_cannot_attach(client, dave, blocker, root):
    Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    client.force_login(dave)
    page = client.get(reverse("supervision:blocker", args=[blocker.pk])).content.decode()
    assert "/thumbnail/" in page
    assert 'id="evidence-form"' not in page and "evidence-delete-" not in page
    url = reverse("supervision:blocker_evidence", args=[blocker.pk])
    assert client.post(url, {"attachments": [upload("b.jpg", files.jpeg())]}).status_code == 403
    assert Evidence.objects.count() == 1 and len(stored_files(root)) == 2


def test_another_zone_cannot_attach_to_a_blocker(client, bob, blocker, root):
    client.force_login(bob)
    url = reverse("supervision:blocker_evidence", args=[blocker.pk])
    assert client.post(url, {"attachments": [upload("b.jpg", files.jpeg())]}).status_code == 404
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_the_blocker_page_costs_the_same_queries_for_1_and_10_files(
    client, alice, blocker, root, django_assert_num_queries
):
    Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    client.force_login(alice)
    url = reverse("supervision:blocker", args=[blocker.pk])
    # session, user, memberships, the blocker (project, zone, region, raiser), its steps, the
    # progress updates that report on it and its files (with their uploaders)
    with django_assert_num_queries(7):
        client.get(url)
    for number in range(9):
        Evidence.objects.attach_bytes(blocker, files.pdf(), f"{number}.pdf")
    with django_assert_num_queries(7):
        assert client.get(url).content.decode().count("data-evidence=") == 10


def test_a_writer_deletes_a_file_from_the_page(
    client, alice, blocker, root, django_capture_on_commit_callbacks
):
    evidence = Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    client.force_login(alice)
    back = reverse("supervision:blocker", args=[blocker.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("supervision:evidence_delete", args=[evidence.pk]), {"next": back}
        )
    assert response.status_code == 302 and response["Location"] == back
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_a_reader_cannot_delete_a_file(client, dave, blocker, root):
    evidence = Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    client.force_login(dave)
    response = client.post(reverse("supervision:evidence_delete", args=[evidence.pk]))
    assert response.status_code == 403
    assert Evidence.objects.count() == 1


# -- a milestone's page and the project page ---------------------------------------------------


def test_a_milestone_takes_files_on_its_page_linked_from_the_project(client, alice, zone_a, root):
    project = ProjectFactory(zone=zone_a)
    milestone = MilestoneFactory(project=project, kind="groundbreaking", actual_on=date(2026, 3, 1))
    client.force_login(alice)
    url = reverse("supervision:milestone_evidence", args=[milestone.pk])
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'href="{url}"' in detail
    data = {"attachments": [upload("开工.jpg", files.jpeg())], "caption": "奠基"}
    response = client.post(url, data)
    assert response.status_code == 302
    evidence = milestone.evidence.get()
    assert (evidence.caption, evidence.project) == ("奠基", project)
    page = client.get(url).content.decode()
    assert f"/evidence/{evidence.pk}/thumbnail/" in page
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f"/evidence/{evidence.pk}/thumbnail/" in detail


def test_a_milestone_page_of_another_zone_is_404(client, bob, zone_a, root):
    milestone = MilestoneFactory(project__zone=zone_a, kind="signing")
    client.force_login(bob)
    url = reverse("supervision:milestone_evidence", args=[milestone.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"attachments": [upload("a.jpg", files.jpeg())]}).status_code == 404
    assert Evidence.objects.count() == 0


def test_a_refused_file_on_a_milestone_says_why(client, alice, zone_a, root):
    milestone = MilestoneFactory(project__zone=zone_a, kind="signing")
    client.force_login(alice)
    url = reverse("supervision:milestone_evidence", args=[milestone.pk])
    response = client.post(url, {"attachments": [upload("a.gif", b"GIF89a")]})
    assert response.status_code == 400
    assert Evidence.objects.count() == 0 and stored_files(root) == []


# -- the round ---------------------------------------------------------------------------------


@pytest.fixture
def two_projects(zone_a):
    return key_project(zone_a, "A1"), key_project(zone_a, "A2")


def test_the_round_saves_files_with_the_updates(client, alice, two_projects, root):
    first, second = two_projects
    client.force_login(alice)
    data = {
        **row(first, image_progress="20", progress="基础施工", next_steps=""),
        **row(second, image_progress="50", progress="封顶", next_steps=""),
        f"p{first.pk}-attachments": [upload("一.jpg", files.jpeg()), upload("二.pdf", files.pdf())],
    }
    response = client.post(ROUND, data)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(project=first)
    assert sorted(e.file_name for e in update.evidence.all()) == ["一.jpg", "二.pdf"]
    assert not ProgressUpdate.objects.get(project=second).evidence.exists()
    page = client.get(ROUND).content.decode()
    assert "一.jpg" in page


def test_a_refused_file_fails_the_whole_round_with_the_rows_error(
    client, alice, two_projects, root
):
    first, second = two_projects
    client.force_login(alice)
    data = {
        **row(first, image_progress="20", progress="基础施工", next_steps=""),
        **row(second, image_progress="50", progress="封顶", next_steps=""),
        f"p{first.pk}-attachments": [upload("好.jpg", files.jpeg())],
        f"p{second.pk}-attachments": [upload("照片.jpg", files.pdf())],
    }
    response = client.post(ROUND, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "照片.jpg: 文件内容与扩展名“.jpg”不符" in html
    assert f'data-project="{second.code}"' in html
    assert ProgressUpdate.objects.count() == 0
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_files_alone_on_a_new_row_need_the_rows_figures(client, alice, two_projects, root):
    first, _second = two_projects
    client.force_login(alice)
    response = client.post(ROUND, {f"p{first.pk}-attachments": [upload("a.jpg", files.jpeg())]})
    assert response.status_code == 200
    assert ProgressUpdate.objects.count() == 0 and stored_files(root) == []


def test_files_added_to_a_reported_row_are_saved(client, alice, two_projects, root):
    first, _second = two_projects
    update = ProgressUpdate.objects.create(
        project=first, period_start=date(2026, 11, 16), image_progress=20, progress="基础"
    )
    client.force_login(alice)
    page = client.get(ROUND).content.decode()
    version = re.search(rf'name="p{first.pk}-version" value="([^"]*)"', page).group(1)
    initial = {
        f"initial-p{first.pk}-{name}": value
        for name, value in (("image_progress", "20.00"), ("progress", "基础"), ("next_steps", ""))
    }
    data = {
        **row(first, image_progress="20.00", progress="基础", next_steps="", version=version),
        **initial,
        f"p{first.pk}-attachments": [upload("补.jpg", files.jpeg())],
    }
    response = client.post(ROUND, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [e.file_name for e in update.evidence.all()] == ["补.jpg"]


# -- raising a blocker ---------------------------------------------------------------------


def test_an_official_raises_a_blocker_with_a_photo(client, alice, zone_a, root):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    url = reverse("supervision:blocker_create", args=[project.pk])
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'href="{url}"' in detail
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="2026-12-07"' in form.content.decode()  # fifteen days by default
    response = client.post(
        url,
        {
            "title": "电力增容未批复",
            "category": "utilities",
            "level": "district",
            "responsible_unit": "供电公司",
            "responsible_leader": "王副区长",
            "deadline": "2026-12-15",
            "description": "需新增一台变压器。",
            "attachments": [upload("配电房.jpg", files.jpeg())],
        },
    )
    blocker = Blocker.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:blocker", args=[blocker.pk])
    assert (blocker.project, blocker.raised_by, blocker.raised_on) == (
        project,
        alice,
        date(2026, 11, 22),
    )
    assert (blocker.level, blocker.status, blocker.description) == (
        "district",
        "open",
        "需新增一台变压器。",
    )
    assert [e.file_name for e in blocker.evidence.all()] == ["配电房.jpg"]


def test_a_refused_photo_raises_no_blocker(client, alice, zone_a, root):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    response = client.post(
        reverse("supervision:blocker_create", args=[project.pk]),
        {
            "title": "电力增容未批复",
            "category": "utilities",
            "level": "zone",
            "responsible_unit": "供电公司",
            "deadline": "2026-12-15",
            "attachments": [upload("配电房.jpg", files.of_size(25 * 1024 * 1024))],
        },
    )
    assert response.status_code == 400
    assert "20 MB" in response.content.decode()
    assert Blocker.objects.count() == 0 and stored_files(root) == []


@pytest.mark.parametrize("user, status", [("dave", 403), ("bob", 404)])
def test_only_the_zones_writers_raise_blockers(request, client, zone_a, user, status):
    project = ProjectFactory(zone=zone_a)
    client.force_login(request.getfixturevalue(user))
    url = reverse("supervision:blocker_create", args=[project.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"title": "x"}).status_code == status
    assert Blocker.objects.count() == 0


def test_the_blocker_list_leads_to_raising_one_by_project_code(client, alice, zone_a, zone_b):
    mine = ProjectFactory(zone=zone_a, code="ZA-001")
    ProjectFactory(zone=zone_b, code="ZB-001")
    client.force_login(alice)
    listing = client.get(reverse("supervision:blockers")).content.decode()
    pick = reverse("supervision:blocker_pick")
    assert f'href="{pick}"' in listing
    response = client.get(pick, {"project": "za-001"})
    assert response["Location"] == reverse("supervision:blocker_create", args=[mine.pk])
    response = client.get(pick, {"project": "ZB-001"})
    assert response.status_code == 200
    assert "ZB-001" in response.content.decode()  # "none of your projects has the code"


def test_a_read_only_user_gets_no_raise_button(client, dave, zone_a):
    client.force_login(dave)
    assert 'id="blocker-raise"' not in client.get(reverse("supervision:blockers")).content.decode()
    assert client.get(reverse("supervision:blocker_pick")).status_code == 403
