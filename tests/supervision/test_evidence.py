"""Evidence files (印证资料): what is accepted (by content, not by name), what is refused and
that a refusal leaves nothing behind, thumbnails, and files that go with their rows."""

import hashlib
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from PIL import Image

from supervision.evidence import undo_stored_files_on_error
from supervision.evidence_files import evidence_storage
from supervision.models import Evidence, ProgressUpdate
from tests.factories import MilestoneFactory, ProjectFactory

from . import files
from .makers import make_blocker

MB = 1024 * 1024


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def root(evidence_storage_in_a_temporary_folder):
    """The evidence folder, emptied for each test."""
    for path in evidence_storage_in_a_temporary_folder.rglob("*"):
        if path.is_file():
            path.unlink()
    return evidence_storage_in_a_temporary_folder


@pytest.fixture(autouse=True)
def english():
    # The messages as an API client asking for English reads them (the UI's are Chinese).
    with translation.override("en"):
        yield


@pytest.fixture
def blocker(zone_a):
    return make_blocker(zone_a)


def refused(blocker, content, name, root):
    """Attach and expect a refusal that stored nothing; returns the message."""
    with pytest.raises(ValidationError) as caught:
        Evidence.objects.attach_bytes(blocker, content, name)
    assert Evidence.objects.count() == 0
    assert stored_files(root) == []
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "name, content, kind, content_type",
    [
        ("现场照片.jpg", files.jpeg(), "image", "image/jpeg"),
        ("PHOTO.JPEG", files.jpeg(), "image", "image/jpeg"),
        ("plan.png", files.png(), "image", "image/png"),
        ("site.webp", files.webp(), "image", "image/webp"),
        ("批复.pdf", files.pdf(), "document", "application/pdf"),
        (
            "进度表.xlsx",
            files.xlsx(),
            "document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "说明.docx",
            files.docx(),
            "document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_it_accepts_each_allowed_type_by_its_content(
    blocker, alice, root, name, content, kind, content_type
):
    evidence = Evidence.objects.attach_bytes(
        blocker, content, name, caption=" 东侧 ", uploaded_by=alice
    )
    evidence.refresh_from_db()
    assert (evidence.file_name, evidence.kind, evidence.content_type) == (name, kind, content_type)
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert (evidence.caption, evidence.uploaded_by, evidence.project) == (
        "东侧",
        alice,
        blocker.project,
    )
    # The stored name is random and says nothing of the user's name; the bytes are kept.
    assert name.rsplit(".", 1)[0] not in evidence.file.name
    assert evidence.file.name.startswith("files/")
    with evidence_storage.open(evidence.file.name) as stored:
        assert stored.read() == content
    assert bool(evidence.thumbnail) is (kind == "image")


@pytest.mark.parametrize(
    "name, content",
    [
        ("照片.jpg", files.pdf()),  # a PDF named as a photo
        ("photo.png", files.jpeg()),  # a JPEG named PNG
        ("表.xlsx", files.docx()),  # a Word document named as a workbook
        ("说明.docx", files.xlsx()),
        ("data.xlsx", files.plain_zip()),  # a zip that is no Office file
        ("scan.pdf", b"MZ\x90\x00 an executable"),
        ("image.webp", b"RIFF\x00\x00\x00\x00AVI LIST"),
    ],
)
def test_it_refuses_a_file_whose_content_is_not_what_its_name_says(blocker, root, name, content):
    extension = name.rsplit(".", 1)[1]
    message = refused(blocker, content, name, root)
    assert f"does not match its extension “.{extension}”" in message


def test_the_mismatch_message_is_chinese_in_the_chinese_ui(blocker, root):
    with translation.override("zh-hans"):
        message = refused(blocker, files.pdf(), "照片.jpg", root)
    assert message == "文件内容与扩展名“.jpg”不符：它不是 JPEG 文件。"


def test_it_refuses_a_25_mb_file_naming_the_20_mb_limit(blocker, root):
    message = refused(blocker, files.of_size(25 * MB), "total.pdf", root)
    assert message == "The file is 25 MB; a file may be at most 20 MB."
    with translation.override("zh-hans"):
        message = refused(blocker, files.of_size(25 * MB), "total.pdf", root)
    assert "20 MB" in message and "25 MB" in message


def test_a_file_of_exactly_20_mb_is_accepted(blocker, root):
    evidence = Evidence.objects.attach_bytes(blocker, files.of_size(20 * MB), "big.pdf")
    assert evidence.size == 20 * MB


def test_the_limit_is_a_setting(blocker, root, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    message = refused(blocker, files.of_size(2048), "a.pdf", root)
    assert message == "The file is 2 KB; a file may be at most 1 KB."


@pytest.mark.parametrize("name", ["virus.exe", "notes.txt", "movie.mp4", "README", "x.gif"])
def test_it_refuses_other_types_naming_the_allowed_ones(blocker, root, name):
    message = refused(blocker, b"GIF89a something", name, root)
    assert "cannot be attached" in message
    assert "JPEG, PNG, WebP" in message and "PDF, XLSX, DOCX" in message


def test_it_refuses_an_empty_file(blocker, root):
    assert refused(blocker, b"", "empty.pdf", root) == "The file is empty."


def test_it_refuses_a_damaged_image(blocker, root):
    damaged = files.jpeg()[:200]
    message = refused(blocker, damaged, "photo.jpg", root)
    assert "cannot be read" in message


def test_it_refuses_a_jpeg_cut_short(blocker, root):
    # Its headers are whole (Pillow opens and "verifies" it); the pixels stop halfway.
    photo = files.jpeg(size=(1600, 1200), color=(120, 80, 40))
    message = refused(blocker, photo[: len(photo) // 2], "photo.jpg", root)
    assert "cannot be read" in message


def test_it_refuses_an_image_too_large_to_decode(blocker, root):
    # 9000 × 9000 one-bit pixels: a small file that would decode to 81 million pixels.
    bomb = files.png(size=(9000, 9000), mode="1")
    assert len(bomb) < MB
    message = refused(blocker, bomb, "bomb.png", root)
    assert "9000×9000" in message and "60 million" in message


def test_an_image_gets_an_upright_jpeg_thumbnail_and_keeps_its_bytes(blocker, root):
    # A camera held upright: stored 800 × 400 with "rotate 90°" in its EXIF.
    content = files.jpeg(size=(800, 400), orientation=6)
    evidence = Evidence.objects.attach_bytes(blocker, content, "upright.jpg")
    with evidence_storage.open(evidence.thumbnail.name) as stored:
        thumbnail = Image.open(io.BytesIO(stored.read()))
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (160, 320)
    with evidence_storage.open(evidence.file.name) as stored:
        assert stored.read() == content


def test_a_transparent_png_gets_a_thumbnail_on_white(blocker, root):
    evidence = Evidence.objects.attach_bytes(blocker, files.png(size=(640, 480)), "plan.png")
    with evidence_storage.open(evidence.thumbnail.name) as stored:
        thumbnail = Image.open(io.BytesIO(stored.read()))
        assert (thumbnail.size, thumbnail.mode) == ((320, 240), "RGB")


def test_evidence_attaches_to_a_milestone_and_a_progress_update(zone_a, root):
    project = ProjectFactory(zone=zone_a)
    milestone = MilestoneFactory(project=project, kind="signing", actual_on=date(2026, 1, 5))
    update = ProgressUpdate.objects.create(
        project=project, period_start=date(2026, 11, 1), image_progress=40, progress="主体施工"
    )
    on_milestone = Evidence.objects.attach_bytes(milestone, files.pdf(), "合同.pdf")
    on_update = Evidence.objects.attach_bytes(update, files.jpeg(), "现场.jpg")
    assert (on_milestone.owner, on_milestone.project) == (milestone, project)
    assert (on_update.owner, on_update.project) == (update, project)
    assert list(project.evidence.order_by("pk")) == [on_milestone, on_update]


def test_evidence_needs_something_to_be_on(zone_a, root):
    with pytest.raises(ValidationError, match="exactly one"):
        Evidence.objects.attach_bytes(ProjectFactory(zone=zone_a), files.pdf(), "a.pdf")
    assert stored_files(root) == []


def test_the_database_refuses_evidence_on_two_things(blocker, root):
    evidence = Evidence.objects.attach_bytes(blocker, files.pdf(), "a.pdf")
    milestone = MilestoneFactory(project=blocker.project, kind="signing")
    evidence.milestone = milestone
    with pytest.raises(ValidationError, match="exactly one"):
        evidence.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(milestone=milestone)


def test_deleting_evidence_deletes_its_files_once_committed(
    blocker, root, django_capture_on_commit_callbacks
):
    evidence = Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    assert len(stored_files(root)) == 2  # the file and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        evidence.delete()
    assert stored_files(root) == []


def test_a_rolled_back_deletion_keeps_the_files(blocker, root):
    evidence = Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence.delete()
        raise RuntimeError("changed my mind")
    assert len(stored_files(root)) == 2
    assert Evidence.objects.count() == 1


def test_deleting_the_blocker_deletes_its_evidence_files(
    blocker, root, django_capture_on_commit_callbacks
):
    Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
    Evidence.objects.attach_bytes(blocker, files.pdf(), "b.pdf")
    assert len(stored_files(root)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        blocker.delete()
    assert Evidence.objects.count() == 0
    assert stored_files(root) == []


def test_files_stored_in_a_block_that_fails_are_removed(blocker, root):
    with pytest.raises(RuntimeError), undo_stored_files_on_error(), transaction.atomic():
        Evidence.objects.attach_bytes(blocker, files.jpeg(), "a.jpg")
        Evidence.objects.attach_bytes(blocker, files.pdf(), "b.pdf")
        raise RuntimeError("a later row failed")
    assert Evidence.objects.count() == 0
    assert stored_files(root) == []
