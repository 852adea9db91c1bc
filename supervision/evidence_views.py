"""Evidence files on pages: the zone-checked downloads (the only way to a stored file), the
upload forms of a blocker and of a milestone, and deleting a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Milestone
from zonetrack.web import can_write, require_write

from .evidence import Evidence, undo_stored_files_on_error
from .evidence_forms import EvidenceUploadForm
from .views import _blocker_page, _visible_blocker

# Browsers may keep a downloaded file for an hour, in their own cache only (never a proxy's).
DOWNLOAD_MAX_AGE = 3600


def _visible_evidence(request, pk):
    evidence = Evidence.objects.visible_to(request.user).select_related("project__zone__region")
    return get_object_or_404(evidence, pk=pk)


def _serve(field, *, content_type, filename, as_attachment):
    """Stream a stored file through the storage API (also from S3: never a redirect to a
    bucket's URL), typed as checked at upload, never sniffed, cached privately."""
    try:
        stored = field.storage.open(field.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        stored, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=DOWNLOAD_MAX_AGE)
    return response


@login_required
def evidence_download(request, pk):
    """The file as uploaded: images inline, documents as an attachment, under the user's
    own file name (RFC 5987 ``filename*`` for Chinese names). Another zone's file is 404."""
    evidence = _visible_evidence(request, pk)
    return _serve(
        evidence.file,
        content_type=evidence.content_type,
        filename=evidence.file_name,
        as_attachment=not evidence.is_image,
    )


@login_required
def evidence_thumbnail(request, pk):
    """An image's thumbnail (JPEG); 404 for documents, which have none."""
    evidence = _visible_evidence(request, pk)
    if not evidence.thumbnail:
        raise Http404
    stem = evidence.file_name.rsplit(".", 1)[0]
    return _serve(
        evidence.thumbnail,
        content_type="image/jpeg",
        filename=f"{stem}-thumbnail.jpg",
        as_attachment=False,
    )


def attach_files(owner, form, user):
    """Attach the form's files to ``owner``, all or none; True when saved, else the form
    carries the reason."""
    try:
        with undo_stored_files_on_error(), transaction.atomic():
            for upload in form.cleaned_data["attachments"]:
                Evidence.objects.attach(
                    owner,
                    upload,
                    name=upload.name,
                    caption=form.cleaned_data.get("caption", ""),
                    uploaded_by=user,
                )
    except ValidationError as error:
        form.add_error("attachments", error.messages)
        return False
    return True


def _saved_message(request, count):
    messages.success(request, _("{count} file(s) attached.").format(count=count))


@login_required
@require_POST
def blocker_evidence(request, pk):
    """Attach photos or documents to a blocker; a refused file attaches nothing and the
    blocker's page shows why."""
    blocker = _visible_blocker(request, pk)
    require_write(request.user, blocker.project.zone)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid() and attach_files(blocker, form, request.user):
        _saved_message(request, len(form.cleaned_data["attachments"]))
        return redirect("supervision:blocker", pk=blocker.pk)
    return _blocker_page(request, blocker, evidence_form=form, status=400)


@login_required
def milestone_evidence(request, pk):
    """A milestone's evidence (the photo of a groundbreaking, the completion certificate),
    with a form to attach more for the zone's writers."""
    milestones = Milestone.objects.visible_to(request.user).select_related("project__zone__region")
    milestone = get_object_or_404(milestones, pk=pk)
    writable = can_write(request.user, milestone.project.zone)
    form = EvidenceUploadForm()
    status = 200
    if request.method == "POST":
        require_write(request.user, milestone.project.zone)
        form = EvidenceUploadForm(request.POST, request.FILES)
        if form.is_valid() and attach_files(milestone, form, request.user):
            _saved_message(request, len(form.cleaned_data["attachments"]))
            return redirect("supervision:milestone_evidence", pk=milestone.pk)
        status = 400
    context = {
        "milestone": milestone,
        "project": milestone.project,
        "evidence": milestone.evidence.select_related("uploaded_by"),
        "form": form,
        "writable": writable,
    }
    return render(request, "supervision/milestone_evidence.html", context, status=status)


def _owner_page(evidence):
    if evidence.blocker_id:
        return ("supervision:blocker", evidence.blocker_id)
    if evidence.milestone_id:
        return ("supervision:milestone_evidence", evidence.milestone_id)
    return ("projects:detail", evidence.project_id)


@login_required
@require_POST
def evidence_delete(request, pk):
    """Delete a file (a writer of its zone); its stored files go once the deletion commits."""
    evidence = _visible_evidence(request, pk)
    require_write(request.user, evidence.project.zone)
    name, back = evidence.file_name, _owner_page(evidence)
    with transaction.atomic():
        evidence.delete()
    messages.success(request, _("“{name}” was deleted.").format(name=name))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(back[0], back[1])
