"""/api/evidence/ (multipart upload, list, retrieve, delete) and the zone-checked downloads
/evidence/<id>/ and /evidence/<id>/thumbnail/."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.models import Evidence, ProgressUpdate
from tests.api.cases import client_for, fresh_throttles, official_who_only_reads_zone_b  # noqa: F401
from tests.factories import MilestoneFactory

from . import files
from .makers import make_blocker
from .test_evidence import MB, stored_files

URL = "/api/evidence/"

pytestmark = pytest.mark.usefixtures("frozen_today", "fresh_throttles")


@pytest.fixture
def root(evidence_storage_in_a_temporary_folder):
    for path in evidence_storage_in_a_temporary_folder.rglob("*"):
        if path.is_file():
            path.unlink()
    return evidence_storage_in_a_temporary_folder


@pytest.fixture
def erin(zone_a, city):
    return official_who_only_reads_zone_b(zone_a, city)


@pytest.fixture
def blocker(zone_a):
    return make_blocker(zone_a)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post(user, data, language="en"):
    return client_for(user, language).post(URL, data, format="multipart")


def test_an_official_uploads_a_photo_to_a_blocker(alice, blocker, root):
    response = post(
        alice, {"file": upload("现场.jpg", files.jpeg()), "blocker": blocker.pk, "caption": "东侧"}
    )
    assert response.status_code == 201, response.data
    evidence = Evidence.objects.get()
    body = response.data
    assert body["id"] == evidence.pk
    assert (body["blocker"], body["milestone"], body["progress_update"]) == (blocker.pk, None, None)
    assert (body["file_name"], body["content_type"], body["kind"]) == (
        "现场.jpg",
        "image/jpeg",
        "image",
    )
    assert (body["size"], body["caption"], body["uploaded_by"]) == (
        len(files.jpeg()),
        "东侧",
        "alice",
    )
    assert body["project"] == blocker.project_id
    assert body["url"] == body["download_url"] == f"http://testserver/evidence/{evidence.pk}/"
    assert body["thumbnail_url"] == f"http://testserver/evidence/{evidence.pk}/thumbnail/"
    assert len(stored_files(root)) == 2


def test_a_document_has_no_thumbnail_url(alice, zone_a, root):
    milestone = MilestoneFactory(project__zone=zone_a, kind="signing")
    response = post(alice, {"file": upload("合同.pdf", files.pdf()), "milestone": milestone.pk})
    assert response.status_code == 201, response.data
    assert response.data["thumbnail_url"] is None
    assert response.data["milestone"] == milestone.pk


def test_an_upload_to_a_progress_update(alice, zone_a, root):
    blocker = make_blocker(zone_a)
    update = ProgressUpdate.objects.create(
        project=blocker.project, period_start=date(2026, 11, 1), image_progress=10, progress="x"
    )
    response = post(alice, {"file": upload("a.webp", files.webp()), "progress_update": update.pk})
    assert response.status_code == 201, response.data
    assert Evidence.objects.get().progress_update == update


def test_it_needs_a_file_and_exactly_one_thing_to_attach_it_to(alice, blocker, root):
    milestone = MilestoneFactory(project=blocker.project, kind="signing")
    for data, field in [
        ({"file": upload("a.pdf", files.pdf())}, "non_field_errors"),
        (
            {
                "file": upload("a.pdf", files.pdf()),
                "blocker": blocker.pk,
                "milestone": milestone.pk,
            },
            "non_field_errors",
        ),
        ({"blocker": blocker.pk}, "file"),
    ]:
        response = post(alice, data)
        assert response.status_code == 400
        assert field in response.data
    assert Evidence.objects.count() == 0 and stored_files(root) == []


@pytest.mark.parametrize(
    "name, content, language, message",
    [
        (
            "照片.jpg",
            files.pdf(),
            "en",
            "The file's content does not match its extension “.jpg”: it is not a JPEG file.",
        ),
        ("照片.jpg", files.pdf(), "zh-hans", "文件内容与扩展名“.jpg”不符：它不是 JPEG 文件。"),
        (
            "total.pdf",
            files.of_size(25 * MB),
            "en",
            "The file is 25 MB; a file may be at most 20 MB.",
        ),
        (
            "virus.exe",
            b"MZ",
            "en",
            "Files of type “.exe” cannot be attached. Allowed are images (JPEG, PNG, WebP) and "
            "documents (PDF, XLSX, DOCX), at most 20 MB.",
        ),
    ],
)
def test_a_refused_file_is_400_with_the_reason_and_changes_nothing(
    alice, blocker, root, name, content, language, message
):
    response = post(alice, {"file": upload(name, content), "blocker": blocker.pk}, language)
    assert response.status_code == 400
    assert response.data == {"file": [message]}
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_a_read_only_role_may_not_upload(dave, blocker, root):
    response = post(dave, {"file": upload("a.pdf", files.pdf()), "blocker": blocker.pk})
    assert response.status_code == 403
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_attaching_to_another_zones_blocker_is_404(bob, blocker, root):
    response = post(bob, {"file": upload("a.pdf", files.pdf()), "blocker": blocker.pk})
    assert response.status_code == 404
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_attaching_to_a_visible_but_read_only_zones_blocker_is_403(erin, zone_b, root):
    blocker = make_blocker(zone_b)
    response = post(erin, {"file": upload("a.pdf", files.pdf()), "blocker": blocker.pk})
    assert response.status_code == 403
    assert Evidence.objects.count() == 0 and stored_files(root) == []


def test_anonymous_is_401(blocker, root):
    response = post(None, {"file": upload("a.pdf", files.pdf()), "blocker": blocker.pk})
    assert response.status_code == 401
    assert client_for(None).get(URL).status_code == 401


@pytest.fixture
def two_zones(zone_a, zone_b, root):
    """Zone A: a photo on a blocker and a PDF on a milestone; zone B: a photo."""
    on_blocker = Evidence.objects.attach_bytes(make_blocker(zone_a), files.jpeg(), "a.jpg")
    milestone = MilestoneFactory(project__zone=zone_a, kind="signing")
    on_milestone = Evidence.objects.attach_bytes(milestone, files.pdf(), "b.pdf")
    other = Evidence.objects.attach_bytes(make_blocker(zone_b), files.jpeg(), "c.jpg")
    return on_blocker, on_milestone, other


def ids(response):
    assert response.status_code == 200, response.data
    return [row["id"] for row in response.data["results"]]


def test_the_list_shows_the_users_zones_only_and_filters(alice, dave, two_zones):
    on_blocker, on_milestone, other = two_zones
    assert ids(client_for(alice).get(URL)) == [on_blocker.pk, on_milestone.pk]
    assert ids(client_for(dave).get(URL)) == [on_blocker.pk, on_milestone.pk, other.pk]
    reader = client_for(dave)
    assert ids(reader.get(URL, {"blocker": on_blocker.blocker_id})) == [on_blocker.pk]
    assert ids(reader.get(URL, {"milestone": on_milestone.milestone_id})) == [on_milestone.pk]
    assert ids(reader.get(URL, {"project": other.project_id})) == [other.pk]
    assert ids(reader.get(URL, {"kind": "document"})) == [on_milestone.pk]
    # Another zone's blocker as a filter is refused like one that does not exist.
    assert client_for(alice).get(URL, {"blocker": other.blocker_id}).status_code == 400


def test_the_list_costs_the_same_queries_for_1_and_30_files(
    dave, zone_a, root, django_assert_num_queries
):
    blocker = make_blocker(zone_a)
    Evidence.objects.attach_bytes(blocker, files.pdf(), "a.pdf")
    client = client_for(dave)
    # token, memberships, count, page (with the uploaders)
    with django_assert_num_queries(4):
        assert len(ids(client.get(URL))) == 1
    for number in range(29):
        Evidence.objects.attach_bytes(blocker, files.pdf(), f"{number}.pdf")
    with django_assert_num_queries(4):
        assert len(ids(client.get(URL, {"page_size": 500}))) == 30


@pytest.mark.parametrize(
    "user, status", [("alice", 200), ("dave", 200), ("bob", 404), ("admin_user", 200)]
)
def test_retrieve_is_404_for_another_zone(request, two_zones, user, status):
    on_blocker = two_zones[0]
    response = client_for(request.getfixturevalue(user)).get(f"{URL}{on_blocker.pk}/")
    assert response.status_code == status


@pytest.mark.parametrize("user, status", [("dave", 403), ("bob", 404)])
def test_a_refused_delete_changes_nothing(request, two_zones, root, user, status):
    on_blocker = two_zones[0]
    before = stored_files(root)
    response = client_for(request.getfixturevalue(user)).delete(f"{URL}{on_blocker.pk}/")
    assert response.status_code == status
    assert Evidence.objects.filter(pk=on_blocker.pk).exists()
    assert stored_files(root) == before


def test_a_writer_deletes_a_file_and_its_stored_files(
    alice, two_zones, root, django_capture_on_commit_callbacks
):
    on_blocker = two_zones[0]
    names = {on_blocker.file.name, on_blocker.thumbnail.name}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).delete(f"{URL}{on_blocker.pk}/")
    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=on_blocker.pk).exists()
    assert not names & set(stored_files(root))


def test_evidence_cannot_be_changed_once_uploaded(alice, two_zones):
    response = client_for(alice).patch(f"{URL}{two_zones[0].pk}/", {"caption": "x"})
    assert response.status_code == 405


def test_the_schema_describes_the_upload_as_multipart(db):
    schema = client_for(None).get("/api/schema/", {"format": "json"}).json()
    assert set(schema["paths"][URL]) == {"get", "post"}
    assert set(schema["paths"][URL + "{id}/"]) == {"get", "delete"}
    body = schema["paths"][URL]["post"]["requestBody"]["content"]
    assert list(body) == ["multipart/form-data"]
    upload_schema = schema["components"]["schemas"]["EvidenceUploadRequest"]
    assert upload_schema["properties"]["file"]["format"] == "binary"
    for name in ("Evidence", "EvidenceUploadRequest"):
        properties = schema["components"]["schemas"][name]["properties"]
        assert all(spec.get("description") for spec in properties.values()), name


# -- downloads ---------------------------------------------------------------------------


def test_an_image_downloads_inline_with_its_type(client, alice, two_zones):
    on_blocker = two_zones[0]
    client.force_login(alice)
    response = client.get(reverse("supervision:evidence_download", args=[on_blocker.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.jpeg()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="a.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert response["Content-Length"] == str(len(files.jpeg()))


def test_a_document_downloads_as_an_attachment_under_its_chinese_name(client, alice, zone_a, root):
    blocker = make_blocker(zone_a)
    evidence = Evidence.objects.attach_bytes(blocker, files.xlsx(), "进度表 11月.xlsx")
    client.force_login(alice)
    response = client.get(reverse("supervision:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == evidence.content_type
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%BF%9B%E5%BA%A6%E8%A1%A8%2011%E6%9C%88.xlsx"
    )
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_thumbnail_is_a_jpeg_and_documents_have_none(client, alice, two_zones):
    on_blocker, on_milestone, _other = two_zones
    client.force_login(alice)
    response = client.get(reverse("supervision:evidence_thumbnail", args=[on_blocker.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    response = client.get(reverse("supervision:evidence_thumbnail", args=[on_milestone.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["supervision:evidence_download", "supervision:evidence_thumbnail"]
)
def test_another_zones_file_is_404(client, bob, two_zones, name):
    client.force_login(bob)
    assert client.get(reverse(name, args=[two_zones[0].pk])).status_code == 404
    assert client.get(reverse(name, args=[two_zones[2].pk])).status_code == 200


def test_leadership_reads_every_zones_files(client, dave, two_zones):
    client.force_login(dave)
    for evidence in two_zones:
        response = client.get(reverse("supervision:evidence_download", args=[evidence.pk]))
        assert response.status_code == 200


def test_an_anonymous_download_goes_to_the_login(client, two_zones):
    response = client.get(reverse("supervision:evidence_download", args=[two_zones[0].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_no_url_of_the_site_serves_the_evidence_folder(client, alice, two_zones):
    client.force_login(alice)
    name = two_zones[0].file.name
    for prefix in ("/media/", "/", "/evidence/", "/static/"):
        assert client.get(prefix + name).status_code == 404
