"""Raising a blocker (堵点) by hand on a project, with its photos or files, from the project's
page or the 督办 list (which asks for the project's code first)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from projects.models import Project
from zonetrack.db import today
from zonetrack.web import require_write

from .choices import BlockerLevel
from .evidence import Evidence, undo_stored_files_on_error
from .evidence_forms import BlockerForm, ProjectCodeForm
from .models import Blocker

# Days a blocker raised by hand is given by default (办结时限); the official may change it.
DEFAULT_DAYS = 15


def _save(form, user):
    """The blocker and its files in one transaction: a refused file saves nothing."""
    try:
        with undo_stored_files_on_error(), transaction.atomic():
            blocker = form.save(commit=False)
            blocker.raised_by = user
            blocker.save()
            for upload in form.cleaned_data["attachments"]:
                Evidence.objects.attach(blocker, upload, name=upload.name, uploaded_by=user)
    except ValidationError as error:
        form.add_error("attachments", error.messages)
        return None
    return blocker


@login_required
def blocker_create(request, project_pk):
    """Raise a blocker on a project: title, category, the level that must solve it, the
    responsible unit and leader, the deadline, a description and optional photos."""
    projects = Project.objects.visible_to(request.user).select_related("zone__region")
    project = get_object_or_404(projects, pk=project_pk)
    require_write(request.user, project.zone)
    blocker = Blocker(project=project, raised_on=today())
    status = 200
    if request.method == "POST":
        form = BlockerForm(request.POST, request.FILES, instance=blocker)
        if form.is_valid() and (saved := _save(form, request.user)) is not None:
            messages.success(
                request,
                _("The blocker was raised, due {date}.").format(date=saved.deadline.isoformat()),
            )
            return redirect("supervision:blocker", pk=saved.pk)
        status = 400
    else:
        initial = {
            "level": BlockerLevel.ZONE,
            "responsible_unit": project.zone.name,
            "deadline": today() + timedelta(days=DEFAULT_DAYS),
        }
        form = BlockerForm(instance=blocker, initial=initial)
    context = {"form": form, "project": project}
    return render(request, "supervision/blocker_form.html", context, status=status)


@login_required
def blocker_pick_project(request):
    """From the 督办 list: the code of the project the blocker is on, then its form."""
    require_write(request.user)
    form = ProjectCodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["project"].strip()
        project = Project.objects.visible_to(request.user).filter(code__iexact=code).first()
        if project is not None:
            return redirect("supervision:blocker_create", project_pk=project.pk)
        form.add_error(
            "project", _("None of your projects has the code “{code}”.").format(code=code)
        )
    return render(request, "supervision/blocker_pick.html", {"form": form})
