"""Scheduling meetings (调度会): who met when, the agenda the data wrote, and the minutes.

A meeting's decisions (议定事项) are not a model of their own: each is a
:class:`supervision.models.Blocker` of the meeting's level with ``meeting`` set, so it is
followed through the same steps, the same 督办 list and the same lights as any blocker.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.access import READ, access_for
from parks.models import Zone
from zonetrack.dates import within_years
from zonetrack.history import ClientAddress

from .choices import AgendaKind, MeetingLevel, MeetingState


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings every zone of which the user reads: a meeting's agenda and decisions
        speak of all its zones, so a member of one of them does not read a meeting of more."""
        hidden = Zone.objects.exclude(access_for(user).zone_q("", READ)).filter(
            meetings=OuterRef("pk")
        )
        return self.exclude(Exists(hidden))


class Meeting(models.Model):
    """A scheduling meeting (调度会) of a zone, a district or a city, covering some zones."""

    date = models.DateField(_("date"), validators=[within_years])
    level = models.CharField(_("meeting level"), max_length=10, choices=MeetingLevel)
    chair = models.CharField(_("chair"), max_length=100)
    zones = models.ManyToManyField(Zone, verbose_name=_("zones"), related_name="meetings")
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=MeetingState,
        default=MeetingState.PLANNED,
        editable=False,
    )
    minutes_version = models.PositiveIntegerField(
        _("minutes version"),
        default=0,
        editable=False,
        help_text=_("The version of the minutes last issued (0: none yet)."),
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduling meeting")
        verbose_name_plural = _("scheduling meetings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["level", "date"], name="meeting_level_date")]

    def __str__(self):
        return _("{level} scheduling meeting of {date}").format(
            level=self.get_level_display(), date=self.date.isoformat()
        )

    @property
    def is_locked(self) -> bool:
        """Issued minutes are locked: nothing of the meeting changes until a correction."""
        return self.state == MeetingState.MINUTES_ISSUED


class Attendee(models.Model):
    """Someone who attended (参会人员): a name and a unit."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.name


class AgendaItem(models.Model):
    """One item of a meeting's agenda (议程): written by the data when the meeting is planned
    (its ``text`` says why the item is there), then reordered, removed or annotated by hand."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    blocker = models.ForeignKey(
        "supervision.Blocker",
        verbose_name=_("blocker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.text or self.get_kind_display()


class Minutes(models.Model):
    """One issued version of a meeting's minutes (会议纪要), kept as it was issued: the agenda,
    the attendance and the decisions with owners and deadlines. A correction is a new
    version; the earlier ones stay as they were."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_one_per_version")
        ]

    def __str__(self):
        return _("Minutes of {meeting}, version {version}").format(
            meeting=self.meeting, version=self.version
        )
