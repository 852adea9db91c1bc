"""Evidence (印证资料): photos and documents attached to a progress update, a milestone or a
blocker, checked by content (:mod:`supervision.evidence_files`) and kept in the evidence
storage under a random name, never under a public URL.

Create evidence only through :meth:`EvidenceQuerySet.attach` (a file object) or
:meth:`EvidenceQuerySet.attach_bytes` (bytes made in code, e.g. by the demo): they check the
file, store it with its thumbnail and write the row, or refuse and leave nothing behind.
Deleting a row (also through its owner's cascade) deletes its files once the deletion is
committed.
"""

import contextlib
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parks.access import READ, access_for

from .choices import EvidenceKind
from .evidence_files import (
    evidence_storage,
    get_evidence_storage,
    inspect_upload,
    make_thumbnail,
    size_label,
)

# The three things evidence can be attached to, by the name of their field.
OWNER_FIELDS = ("progress_update", "milestone", "blocker")

# Files stored inside :func:`undo_stored_files_on_error`, removed again if the block fails.
_stored: ContextVar[list[str] | None] = ContextVar("evidence_stored", default=None)


@contextlib.contextmanager
def undo_stored_files_on_error():
    """Around a transaction that attaches evidence: if the block raises (and the rows are
    rolled back), the files it stored are deleted, so a refused save leaves no file behind.
    Nested blocks report to the outermost one."""
    if _stored.get() is not None:
        yield
        return
    names: list[str] = []
    token = _stored.set(names)
    try:
        yield
    except BaseException:
        for name in names:
            evidence_storage.delete(name)
        raise
    finally:
        _stored.reset(token)


def _random_name(folder: str, extension: str) -> str:
    # Month folders keep directories small; the name says nothing of the user's file name.
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def file_path(instance, filename):
    return _random_name("files", instance.extension)


def thumbnail_path(instance, filename):
    return _random_name("thumbs", "jpg")


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))

    def attach(self, owner, file, *, name=None, caption="", uploaded_by=None):
        """Check ``file`` (a binary file object; ``name`` defaults to its own name), store it
        and its thumbnail, and attach it to ``owner`` (a ProgressUpdate, Milestone or
        Blocker). Raises ``ValidationError`` (nothing stored) when the file is refused."""
        name = name or getattr(file, "name", "") or ""
        base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
        upload = inspect_upload(base, file)
        evidence = self.model(
            file_name=base[: Evidence._meta.get_field("file_name").max_length],
            content_type=upload.format.content_type,
            kind=upload.format.kind,
            size=upload.size,
            sha256=upload.sha256,
            extension=upload.extension,
            caption=caption.strip(),
            uploaded_by=uploaded_by,
        )
        evidence.attach_to(owner)
        evidence.full_clean(exclude=["file", "thumbnail"])
        thumbnail = (
            make_thumbnail(file, upload.format)
            if upload.format.kind == EvidenceKind.IMAGE
            else None
        )
        with undo_stored_files_on_error(), transaction.atomic():
            names = _stored.get()
            assert names is not None
            evidence.file.save("upload", File(file), save=False)
            names.append(evidence.file.name)
            if thumbnail is not None:
                evidence.thumbnail.save("thumbnail", ContentFile(thumbnail), save=False)
                names.append(evidence.thumbnail.name)
            evidence.save()
        return evidence

    def attach_bytes(self, owner, content: bytes, name: str, **kwargs):
        """:meth:`attach` for a file made in code (the demo's pictures, an import)."""
        return self.attach(owner, ContentFile(content, name=name), name=name, **kwargs)


class Evidence(models.Model):
    """A file (印证资料) on exactly one progress update, milestone or blocker: an image
    (JPEG, PNG, WebP; with a thumbnail) or a document (PDF, XLSX, DOCX), at most
    ``EVIDENCE_MAX_BYTES``. The stored name is random; ``file_name`` is the user's.

    ``project`` is the owner's project, kept so that the zone check and the project's list
    read one column. Downloads go through the zone-checked views (``download_url``).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="evidence",
        editable=False,
    )
    progress_update = models.ForeignKey(
        "supervision.ProgressUpdate",
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    blocker = models.ForeignKey(
        "supervision.Blocker",
        verbose_name=_("blocker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(
        _("file"), storage=get_evidence_storage, upload_to=file_path, max_length=200
    )
    thumbnail = models.FileField(
        _("thumbnail"),
        storage=get_evidence_storage,
        upload_to=thumbnail_path,
        max_length=200,
        blank=True,
    )
    file_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("extension"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(progress_update__isnull=False, milestone__isnull=True, blocker__isnull=True)
                    | Q(progress_update__isnull=True, milestone__isnull=False, blocker__isnull=True)
                    | Q(progress_update__isnull=True, milestone__isnull=True, blocker__isnull=False)
                ),
                name="evidence_exactly_one_owner",
                violation_error_message=_(
                    "Attach the file to exactly one progress update, milestone or blocker."
                ),
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def owner(self):
        for name in OWNER_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def attach_to(self, owner):
        """Point at ``owner`` (and clear the other owner fields) and take its project."""
        for name in OWNER_FIELDS:
            model = self._meta.get_field(name).related_model
            setattr(self, name, owner if isinstance(owner, model) else None)
        if self.owner is None:
            raise ValidationError(
                _("Attach the file to exactly one progress update, milestone or blocker."),
                code="owner",
            )
        self.project_id = owner.project_id

    def clean(self):
        owner = self.owner
        if owner is not None and self.project_id != owner.project_id:
            raise ValidationError(_("The project must be the project of what the file is on."))

    @property
    def is_image(self) -> bool:
        return self.kind == EvidenceKind.IMAGE

    @property
    def size_label(self) -> str:
        return size_label(self.size)

    @property
    def download_url(self) -> str:
        return reverse("supervision:evidence_download", args=[self.pk])

    @property
    def thumbnail_url(self) -> str | None:
        if not self.thumbnail:
            return None
        return reverse("supervision:evidence_thumbnail", args=[self.pk])


@receiver(post_delete, sender=Evidence)
def _delete_files(sender, instance, **kwargs):
    """The files go with the row, once its deletion is committed (a rolled-back deletion
    keeps them). Also runs for rows deleted by their owner's cascade."""
    names = [f.name for f in (instance.file, instance.thumbnail) if f and f.name]

    def delete():
        for name in names:
            evidence_storage.delete(name)

    transaction.on_commit(delete)
