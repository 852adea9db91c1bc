"""The meeting pages: the list, planning a meeting, a meeting's page (agenda, attendance,
decisions, holding it, issuing its minutes), and the minutes printed (A4) or as .docx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parks.models import Zone
from projects.models import Project
from zonetrack.db import today
from zonetrack.web import visible_zones

from . import services
from .choices import AgendaEdit
from .forms import AttendeeForm, DecisionForm, NoteForm, PlanForm
from .minutes import DOCX_CONTENT_TYPE, render_docx
from .models import AgendaItem, Meeting, Minutes

ZONES = Prefetch("zones", queryset=Zone.objects.select_related("region").order_by("code"))


@login_required
def meeting_list(request):
    """The meetings of the user's zones, the latest first, with their numbers of decisions."""
    meetings = (
        Meeting.objects.visible_to(request.user)
        .annotate(decision_count=Count("decisions"))
        .prefetch_related(Prefetch("zones", queryset=Zone.objects.order_by("code")))
        .order_by("-date", "-pk")[:200]
    )
    return render(request, "supervision/meetings/list.html", {"meetings": meetings})


@login_required
def meeting_plan(request):
    """Plan a meeting: its agenda writes itself from the data of today."""
    zones = visible_zones(request.user).order_by("code")
    form = PlanForm(request.POST or None, zones=zones)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.plan(
                    request.user,
                    date=data["date"],
                    level=data["level"],
                    chair=data["chair"],
                    zones=data["zones"],
                    as_of=today(),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The meeting was planned and its agenda written."))
                return redirect("supervision:meeting", pk=meeting.pk)
        status = 400
    return render(request, "supervision/meetings/plan.html", {"form": form}, status=status)


def _meeting(request, pk) -> Meeting:
    meetings = Meeting.objects.visible_to(request.user).prefetch_related(ZONES)
    return get_object_or_404(meetings, pk=pk)


@login_required
def meeting_detail(request, pk, decision_form=None, attendee_form=None, status=200):
    meeting = _meeting(request, pk)
    zones = list(meeting.zones.all())
    agenda = meeting.agenda.select_related("project", "blocker").order_by("order", "pk")
    decisions = meeting.decisions.select_related("project").order_by("deadline", "pk")
    context = {
        "meeting": meeting,
        "zones": zones,
        "agenda": agenda,
        "attendees": meeting.attendees.all(),
        "decisions": decisions,
        "minutes": meeting.minutes.order_by("-version").only("pk", "version", "issued_at"),
        "can_run": services.may_run(request.user, meeting.level, zones),
        "decision_form": decision_form or DecisionForm(),
        "attendee_form": attendee_form or AttendeeForm(),
        "as_of": today(),
    }
    return render(request, "supervision/meetings/detail.html", context, status=status)


def _runnable(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    services.require_run(request.user, meeting, list(meeting.zones.all()))
    return meeting


def _refused(request, error: ValidationError, pk):
    messages.error(request, " ".join(error.messages))
    return redirect("supervision:meeting", pk=pk)


@login_required
@require_POST
def meeting_attendee(request, pk):
    """Add an attendee, or remove one."""
    meeting = _runnable(request, pk)
    try:
        if "remove" in request.POST:
            services.remove_attendee(request.user, meeting, request.POST["remove"])
            return redirect("supervision:meeting", pk=pk)
        form = AttendeeForm(request.POST)
        if not form.is_valid():
            return meeting_detail(request, pk, attendee_form=form, status=400)
        services.add_attendee(request.user, meeting, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, error, pk)
    return redirect("supervision:meeting", pk=pk)


@login_required
@require_POST
def meeting_agenda(request, pk):
    """Edit the agenda: move an item up or down, remove it, or note on it."""
    meeting = _runnable(request, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=request.POST.get("item"))
    op = request.POST.get("op", "")
    if op not in AgendaEdit.values:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else item.note
    try:
        services.edit_agenda(request.user, meeting, item, op, note)
    except ValidationError as error:
        return _refused(request, error, pk)
    return redirect("supervision:meeting", pk=pk)


@login_required
@require_POST
def meeting_decision(request, pk):
    """Record a decision: a blocker of the meeting's level, owned and due."""
    meeting = _runnable(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        project = (
            Project.objects.filter(zone__in=meeting.zones.all(), code__iexact=data["project"])
            .select_related("zone")
            .first()
        )
        if project is None:
            form.add_error("project", _("No project of the meeting's zones has this code."))
        else:
            try:
                services.record_decision(
                    request.user,
                    meeting,
                    project=project,
                    title=data["title"],
                    responsible_unit=data["responsible_unit"],
                    responsible_leader=data["responsible_leader"],
                    deadline=data["deadline"],
                    raised_on=min(meeting.date, today()),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, _("The decision was recorded as a blocker."))
                return redirect("supervision:meeting", pk=pk)
    return meeting_detail(request, pk, decision_form=form, status=400)


STATE_ACTIONS = {
    "held": services.mark_held,
    "issue": services.issue_minutes,
    "correct": services.start_correction,
}


@login_required
@require_POST
def meeting_state(request, pk):
    """Mark the meeting held, issue its minutes (locks them), or start a correction."""
    meeting = _runnable(request, pk)
    action = STATE_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    try:
        action(request.user, meeting)
    except ValidationError as error:
        return _refused(request, error, pk)
    except PermissionDenied:
        raise
    return redirect("supervision:meeting", pk=pk)


def _minutes(request, pk) -> Minutes:
    # The stored content names the zones: the meeting is read only to check it is visible.
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).only("pk"), pk=pk)
    versions = Minutes.objects.filter(meeting=meeting).order_by("-version")
    if version := request.GET.get("version", ""):
        if not version.isdigit():
            raise Http404
        versions = versions.filter(version=int(version))
    minutes = versions.first()
    if minutes is None:
        raise Http404
    return minutes


@login_required
def minutes_print(request, pk):
    """An issued version of the minutes (the latest unless ``?version=``), on A4."""
    minutes = _minutes(request, pk)
    context = {"minutes": minutes, "content": minutes.content, "meeting_pk": pk}
    return render(request, "supervision/meetings/minutes_print.html", context)


@login_required
def minutes_docx(request, pk):
    """The same minutes as a Word document."""
    minutes = _minutes(request, pk)
    response = HttpResponse(
        render_docx(minutes.content, minutes.version), content_type=DOCX_CONTENT_TYPE
    )
    name = f"minutes-{minutes.content['date']}-v{minutes.version}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
