"""Following projects up (督办): what lags, found by the daily check."""

import operator
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, DateField, Exists, F, Max, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from investment.models import AnnualPlanEntry
from parks.access import LEAD, READ, WRITE, access_for
from parks.models import Zone
from projects.choices import Cadence, Status
from zonetrack.db import FieldUniqueConstraint, not_in_future, percent_field, today

from .choices import (
    AlertKind,
    BlockerAction,
    BlockerCategory,
    BlockerLevel,
    BlockerStatus,
    NoticeStatus,
    TaskForceRole,
)
from .periods import current_starts, is_period_start, period_of, previous_period


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def open(self):
        return self.filter(resolved_on__isnull=True)

    def with_subjects(self):
        """What ``message`` and a link to the alert's project or zone read, newest first."""
        return self.select_related("zone", "project", "milestone", "plan_entry", "target").order_by(
            "-raised_on", "kind", "pk"
        )


# What an alert records, in the order the API and the admin present them; all of it is
# written by the daily check, none by hand.
ALERT_FIELDS = (
    "kind",
    "zone",
    "project",
    "milestone",
    "plan_entry",
    "target",
    "period_year",
    "period_month",
    "raised_on",
    "last_seen_on",
    "resolved_on",
)


class Alert(models.Model):
    """Something the daily check found lagging (督办): an overdue milestone, a new start not
    started, a missing monthly report, a target behind time.

    The check runs once a day and is idempotent: a condition that still holds keeps its open
    alert (``last_seen_on`` moves on), one that no longer holds is marked resolved, and at
    most one open alert exists per condition (``key``).
    """

    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind)
    key = models.CharField(_("key"), max_length=80, editable=False)
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="alerts"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    plan_entry = models.ForeignKey(
        "investment.AnnualPlanEntry",
        verbose_name=_("annual plan entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    target = models.ForeignKey(
        "investment.Target",
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    period_year = models.PositiveSmallIntegerField(_("report year"), null=True, blank=True)
    period_month = models.PositiveSmallIntegerField(_("report month"), null=True, blank=True)
    raised_on = models.DateField(_("raised on"))
    last_seen_on = models.DateField(_("last seen on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        # The table keeps the name it had when alerts lived in reports (no data moved).
        db_table = "reports_alert"
        ordering = ["-raised_on", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(resolved_on__isnull=True),
                name="alert_unique_open_key",
            ),
        ]
        indexes = [models.Index(fields=["zone", "resolved_on"], name="alert_zone_resolved")]

    def __str__(self):
        return self.message

    @property
    def message(self) -> str:
        """What lags, in the reader's language (needs project, milestone and target loaded)."""
        if self.kind == AlertKind.MILESTONE_OVERDUE:
            assert self.milestone is not None  # the check raises this kind with its milestone
            return _("{project}: {kind} was planned for {date} and has no actual date.").format(
                project=self.project,
                kind=self.milestone.get_kind_display(),
                date=self.milestone.planned_on.isoformat() if self.milestone.planned_on else "",
            )
        if self.kind == AlertKind.PLAN_NOT_STARTED:
            assert self.plan_entry is not None  # and this one with its plan entry
            return _("{project}: a new start planned for {date} has not broken ground.").format(
                project=self.project,
                date=self.plan_entry.planned_start_on.isoformat()
                if self.plan_entry.planned_start_on
                else "",
            )
        if self.kind == AlertKind.REPORT_MISSING:
            return _("{project}: the report for {year}-{month:02d} is missing.").format(
                project=self.project, year=self.period_year, month=self.period_month
            )
        assert self.target is not None  # the last kind, a target behind time, names its target
        return _("{zone}: the target “{metric}” of {year} is behind time.").format(
            zone=self.zone, metric=self.target.get_metric_display(), year=self.target.year
        )


def within_years(value):
    """Dates outside 2000–2100 are typing mistakes (20260 for 2026), never real deadlines."""
    if value is not None and not date(2000, 1, 1) <= value <= date(2100, 12, 31):
        raise ValidationError(_("The date must lie between 2000 and 2100."), code="out_of_range")


class TransitionNotAllowed(Exception):
    """An action the blocker's state does not allow (its status, or the top level)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# (status, action) -> (new status, the access level needed in the blocker's zone). An
# official (WRITE) works a blocker; a zone lead (LEAD) hands it to a unit (交办) and alone
# confirms it solved or sends it back. Assigning and escalating keep the status (``None``).
TRANSITIONS = {
    (BlockerStatus.OPEN, BlockerAction.ASSIGN): (None, LEAD),
    (BlockerStatus.OPEN, BlockerAction.START): (BlockerStatus.IN_PROGRESS, WRITE),
    (BlockerStatus.OPEN, BlockerAction.ESCALATE): (None, WRITE),
    (BlockerStatus.IN_PROGRESS, BlockerAction.ASSIGN): (None, LEAD),
    (BlockerStatus.IN_PROGRESS, BlockerAction.RESOLVE): (BlockerStatus.RESOLVED, WRITE),
    (BlockerStatus.IN_PROGRESS, BlockerAction.ESCALATE): (None, WRITE),
    (BlockerStatus.RESOLVED, BlockerAction.CLOSE): (BlockerStatus.CLOSED, LEAD),
    (BlockerStatus.RESOLVED, BlockerAction.REOPEN): (BlockerStatus.IN_PROGRESS, LEAD),
    (BlockerStatus.CLOSED, BlockerAction.REOPEN): (BlockerStatus.IN_PROGRESS, LEAD),
}

LEVEL_ORDER = list(BlockerLevel.values)

# The fields a step may change, copied back to the caller's object after it.
CHANGED_BY_STEPS = (
    "status",
    "level",
    "resolution",
    "closed_on",
    "responsible_unit",
    "responsible_leader",
    "deadline",
)

# What the leadership of the level a blocker was escalated to may do in the zones below it:
# work and hand out what was put on its list. Closing stays with the zone lead, who confirms
# on the ground that the blocker is gone.
LEVEL_ACTIONS = {
    BlockerAction.ASSIGN,
    BlockerAction.START,
    BlockerAction.RESOLVE,
    BlockerAction.ESCALATE,
}

# A region's level of government from the depth of its path: a province's path is "/JS/",
# a city's "/JS/JS-ZJ/"; anything deeper is a district or county.
LEVEL_BY_DEPTH = {1: BlockerLevel.PROVINCE, 2: BlockerLevel.CITY}


def level_of_region(path: str) -> str:
    return LEVEL_BY_DEPTH.get(path.count("/") - 1, BlockerLevel.DISTRICT)


def levels_led(access, zone) -> set[str]:
    """The levels of government above ``zone`` (region loaded) whose regions ``access``
    reads as a whole: the levels whose blocker lists the user works for that zone."""
    return {
        level_of_region(path)
        for path in access.region_paths.get(READ, ())
        if zone.region.path.startswith(path)
    }


# Blockers still to be solved: they count as overdue once past their deadline.
PENDING = (BlockerStatus.OPEN, BlockerStatus.IN_PROGRESS)


class BlockerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))

    def pending(self):
        return self.filter(status__in=PENDING)

    def overdue(self, as_of):
        """Not yet resolved and past the deadline on ``as_of``: the one rule of the 督办 list,
        the API's filter and the figures."""
        return self.filter(self.overdue_condition(as_of))

    @staticmethod
    def overdue_condition(as_of: date) -> Q:
        """``overdue`` as a condition, for counts that filter an aggregate by it."""
        return Q(status__in=PENDING, deadline__lt=as_of)

    def by_lateness(self):
        """Pending blockers first, the longest past (or nearest) deadline first and, of those
        due the same day, the oldest first; then the resolved and closed ones, the latest
        change first."""
        return self.annotate(
            done=Case(When(status__in=PENDING, then=Value(0)), default=Value(1))
        ).order_by(
            "done",
            Case(When(done=0, then=F("deadline"))),
            Case(When(done=0, then=F("raised_on"))),
            "-updated_at",
            "pk",
        )


class Blocker(models.Model):
    """Something that holds a project back (堵点), handed to a unit with a deadline and
    followed until a zone lead confirms it solved (闭环督办).

    The status only moves through :meth:`transition`, which checks :data:`TRANSITIONS` and
    writes each step to the timeline (:class:`BlockerStep`).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="blockers",
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("blocker category"), max_length=20, choices=BlockerCategory)
    level = models.CharField(
        _("level to solve it"),
        max_length=10,
        choices=BlockerLevel,
        default=BlockerLevel.ZONE,
        help_text=_("The level of government that must solve it."),
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    responsible_leader = models.CharField(_("responsible leader"), max_length=100, blank=True)
    raised_on = models.DateField(
        _("date raised"),
        default=today,
        validators=[within_years, not_in_future],
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    deadline = models.DateField(
        _("deadline"), validators=[within_years], help_text=_("The date it must be solved by.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BlockerStatus,
        default=BlockerStatus.OPEN,
        editable=False,
    )
    resolution = models.TextField(_("resolution"), blank=True, editable=False)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What holds the project back, in detail.")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The automatic alert the blocker was made from: one blocker per alert, so that turning an
    # alert into a blocker twice does not hand the same work out twice.
    alert = models.OneToOneField(
        Alert,
        verbose_name=_("alert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blocker",
        editable=False,
    )
    # A decision (议定事项) of a scheduling meeting is a blocker of the meeting's level
    # linked to it, so it is followed like any other.
    meeting = models.ForeignKey(
        "supervision.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        editable=False,
    )
    history = HistoricalRecords()

    objects = BlockerQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocker")
        verbose_name_plural = _("blockers")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="blocker_status_deadline"),
            models.Index(fields=["closed_on"], name="blocker_closed_on"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.raised_on and self.deadline and self.deadline < self.raised_on:
            raise ValidationError(
                {"deadline": _("The deadline cannot be before the day the blocker was raised.")}
            )

    def days_late(self, as_of) -> int:
        """Days past the deadline on ``as_of`` while not yet resolved (0 otherwise)."""
        if self.status not in PENDING:
            return 0
        return max(0, (as_of - self.deadline).days)

    def may(self, access, action, level) -> bool:
        """Whether ``access`` allows ``action``, which needs ``level`` in the blocker's zone
        (project, zone and region loaded): that level in the zone, or — for the actions of
        :data:`LEVEL_ACTIONS` — leading the region whose level the blocker was escalated to."""
        zone = self.project.zone
        if access.can(zone, level):
            return True
        return (
            action in LEVEL_ACTIONS
            and self.level != BlockerLevel.ZONE
            and self.level in levels_led(access, zone)
        )

    def allowed_actions(self, user) -> list[str]:
        """The actions ``user`` may take now (project, zone and region loaded), in table
        order."""
        access = access_for(user)
        return [
            action
            for (status, action), (_new, level) in TRANSITIONS.items()
            if status == self.status
            and self.may(access, action, level)
            and not (action == BlockerAction.ESCALATE and self.level == LEVEL_ORDER[-1])
        ]

    def transition(
        self,
        action,
        user,
        comment="",
        resolution="",
        responsible_unit="",
        responsible_leader="",
        deadline=None,
    ):
        """Take ``action`` as ``user`` and record the step; returns the step.

        Assigning (交办) hands the blocker to ``responsible_unit`` (and leader), with a new
        ``deadline`` when one is given; the step keeps what was handed to whom.

        ``user`` None is the system (a scheduled job, e.g. escalating after an unanswered
        notice): no role is checked and the step records no one, so the timeline shows it as
        the system's.

        Raises :class:`TransitionNotAllowed` when the status (or the level, for escalating)
        does not allow it, ``PermissionDenied`` when the user's role in the zone does not,
        ``ValidationError`` when a resolution or a reason is missing. The row is locked, so
        two people acting at once are applied one after the other, each on the state the
        other left.
        """
        comment, resolution = comment.strip(), resolution.strip()
        with transaction.atomic():
            locked = (
                Blocker.objects.select_for_update(of=("self",))
                .select_related("project__zone__region")
                .get(pk=self.pk)
            )
            rule = TRANSITIONS.get((locked.status, action))
            if rule is None:
                raise TransitionNotAllowed(
                    _("A blocker that is “{status}” cannot be given the action “{action}”.").format(
                        status=locked.get_status_display(),
                        action=BlockerAction(action).label if action in BlockerAction else action,
                    )
                )
            new_status, level = rule
            if user is not None and not locked.may(access_for(user), action, level):
                if action == BlockerAction.ASSIGN:
                    raise PermissionDenied(
                        _(
                            "Only a zone lead of this zone, or the leadership of the level the "
                            "blocker was escalated to, may assign it."
                        )
                    )
                if level == LEAD:
                    raise PermissionDenied(
                        _("Only a zone lead of this zone may close or reopen a blocker.")
                    )
                raise PermissionDenied(
                    _("Your role in this zone does not allow handling blockers.")
                )
            step = BlockerStep(
                blocker=locked,
                action=action,
                from_status=locked.status,
                from_level=locked.level,
                comment=comment,
                by=user,
            )
            if action == BlockerAction.ESCALATE:
                position = LEVEL_ORDER.index(locked.level)
                if position + 1 == len(LEVEL_ORDER):
                    raise TransitionNotAllowed(
                        _("The blocker is already at the province level and cannot go higher.")
                    )
                locked.level = LEVEL_ORDER[position + 1]
            elif action == BlockerAction.ASSIGN:
                locked.assign(step, responsible_unit, responsible_leader, deadline)
            else:
                locked.status = new_status
            if action == BlockerAction.RESOLVE:
                if not resolution:
                    raise ValidationError(
                        {"resolution": _("Say how the blocker was resolved.")}, code="required"
                    )
                locked.resolution = resolution
            if action == BlockerAction.REOPEN:
                if not comment:
                    raise ValidationError(
                        {"comment": _("Give the reason for reopening.")}, code="required"
                    )
                locked.closed_on = None
            if action == BlockerAction.CLOSE:
                locked.closed_on = today()
            locked._change_reason = comment
            locked.save()
            step.to_status = locked.status
            step.to_level = locked.level
            step.save()
        for name in (*CHANGED_BY_STEPS, "updated_at"):
            setattr(self, name, getattr(locked, name))
        return step

    def assign(self, step, unit, leader, deadline):
        """Hand the blocker to ``unit`` and ``leader`` (a new ``deadline`` if given), noting
        on ``step`` what was handed to whom."""
        unit, leader = unit.strip(), leader.strip()
        if not unit:
            raise ValidationError(
                {"responsible_unit": _("Name the unit the blocker is assigned to.")},
                code="required",
            )
        if deadline is not None:
            try:
                within_years(deadline)
            except ValidationError as error:
                raise ValidationError({"deadline": error.messages}, code="out_of_range") from error
            if deadline < self.raised_on:
                raise ValidationError(
                    {
                        "deadline": _(
                            "The deadline cannot be before the day the blocker was raised."
                        )
                    },
                    code="before_raised",
                )
            self.deadline = deadline
        self.responsible_unit, self.responsible_leader = unit, leader
        step.unit, step.leader, step.deadline = unit, leader, self.deadline


class BlockerStep(models.Model):
    """One step of a blocker's timeline: who did what, when, and why."""

    blocker = models.ForeignKey(
        Blocker, verbose_name=_("blocker"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=10, choices=BlockerAction)
    from_status = models.CharField(_("from status"), max_length=12, choices=BlockerStatus)
    to_status = models.CharField(_("to status"), max_length=12, choices=BlockerStatus)
    from_level = models.CharField(_("from level"), max_length=10, choices=BlockerLevel)
    to_level = models.CharField(_("to level"), max_length=10, choices=BlockerLevel)
    comment = models.TextField(_("comment"), blank=True)
    # What an assignment (交办) handed to whom, as it was at that step.
    unit = models.CharField(_("assigned unit"), max_length=200, blank=True)
    leader = models.CharField(_("assigned leader"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocker step")
        verbose_name_plural = _("blocker steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.blocker} {self.get_action_display()}"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def unanswered_past_deadline(self, as_of):
        """Without a reply and past the deadline on ``as_of`` (the deadline day itself is
        still in time)."""
        return self.exclude(status=NoticeStatus.REPLIED).filter(deadline__lt=as_of)


class Notice(models.Model):
    """A supervision notice (督办单) sent to the unit responsible for an overdue blocker or a
    lagging project, numbered per zone and year (〔2026〕12号), with the reply it got.
    """

    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        related_name="notices",
        blank=True,
        help_text=_("Taken from the project when not given."),
    )
    blocker = models.ForeignKey(
        Blocker,
        verbose_name=_("blocker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="notices",
        blank=True,
        help_text=_("Taken from the blocker when not given."),
    )
    unit = models.CharField(_("unit"), max_length=200)
    issued_on = models.DateField(
        _("issued on"), default=today, validators=[within_years, not_in_future]
    )
    deadline = models.DateField(_("deadline"), validators=[within_years])
    required_reply = models.TextField(_("required reply"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    seq = models.PositiveIntegerField(_("sequence"), editable=False)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NoticeStatus,
        default=NoticeStatus.ISSUED,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "seq"], name="notice_unique_zone_year_seq"
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # The reply decides whether the notice is answered: one place keeps them in step.
        if self.reply.strip():
            if self.replied_on is None:
                self.replied_on = today()
            self.status = NoticeStatus.REPLIED
        elif self.status == NoticeStatus.REPLIED:
            self.replied_on = None
            self.status = NoticeStatus.ISSUED
        with transaction.atomic():
            if self.seq is None:
                # The zone row is the lock: two notices issued at once get consecutive numbers
                # rather than the same one.
                Zone.objects.select_for_update().get(pk=self.zone_id)
                self.year = self.issued_on.year
                last = Notice.objects.filter(zone_id=self.zone_id, year=self.year).aggregate(
                    last=Max("seq")
                )["last"]
                self.seq = (last or 0) + 1
            super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        if not self.seq:
            return ""
        # The official numbering of documents (文号), the same in every language.
        return f"〔{self.year}〕{self.seq}号"

    @property
    def matter(self) -> str:
        """What the notice is about (督办事项): the blocker's title, else the project (needs
        them loaded)."""
        if self.blocker is not None:
            return f"{self.project.name}：{self.blocker.title}"
        return self.project.name

    def is_overdue(self, as_of) -> bool:
        """No reply by its deadline, seen on ``as_of``."""
        return self.status != NoticeStatus.REPLIED and self.deadline < as_of

    def clean(self):
        errors = {}
        if self.pk is None and self.blocker_id and self.blocker.status not in PENDING:
            # A notice chases a blocker still to be solved; one already solved needs none.
            errors["blocker"] = _("A resolved or closed blocker needs no notice.")
        if self.blocker_id:
            if self.project_id is None:
                self.project = self.blocker.project
            elif self.project_id != self.blocker.project_id:
                errors["project"] = _("The project must be the blocker's project.")
        if self.project_id is None:
            if "project" not in errors:
                errors["project"] = _("Give the blocker or the project the notice is about.")
        else:
            if not self.zone_id:
                self.zone = self.project.zone
            elif self.zone_id != self.project.zone_id:
                errors["zone"] = _("The zone must be the project's zone.")
        if self.issued_on and self.deadline and self.deadline < self.issued_on:
            errors["deadline"] = _("The deadline cannot be before the day the notice is issued.")
        if self.pk and self.issued_on and self.year and self.issued_on.year != self.year:
            errors["issued_on"] = _("A notice keeps the year of its number.")
        if errors:
            raise ValidationError(errors)


def escalate_unanswered_notices(on) -> dict:
    """Mark the notices without a reply past their deadline on ``on`` escalated, and raise
    each one's blocker one level (once per blocker however many of its notices are late).

    Idempotent: an escalated notice is not escalated again. A blocker that cannot go higher
    (top level, or already resolved or closed) keeps its level; its notice is still marked.
    The blocker's step records no user: the system escalated it.
    """
    escalated: list[int] = []
    blockers: dict[int, list[str]] = {}
    with transaction.atomic():
        late = (
            Notice.objects.select_for_update(of=("self",))
            .filter(status=NoticeStatus.ISSUED)
            .unanswered_past_deadline(on)
            .order_by("pk")
        )
        for notice in late:
            notice.status = NoticeStatus.ESCALATED
            notice._change_reason = str(_("Not answered by the deadline: escalated automatically."))
            notice.save()
            escalated.append(notice.pk)
            if notice.blocker_id:
                blockers.setdefault(notice.blocker_id, []).append(notice.number)
        raised = []
        for blocker in Blocker.objects.filter(pk__in=blockers).order_by("pk"):
            comment = _(
                "Notice {numbers} not answered by the deadline: escalated automatically."
            ).format(numbers="、".join(blockers[blocker.pk]))
            try:
                blocker.transition(BlockerAction.ESCALATE, None, comment=comment)
            except TransitionNotAllowed:
                continue
            raised.append(blocker.pk)
    return {"day": on.isoformat(), "notices": escalated, "blockers": raised}


class TaskForceMemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))


class TaskForceMember(models.Model):
    """One person of a project's task force (一项目一专班): its lead or a member, the unit
    they come from and what they answer for.

    The phone is shown only to the project's zone and the regions above it
    (:meth:`phone_for`).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="task_force",
    )
    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(_("unit"), max_length=200)
    position = models.CharField(
        _("position"), max_length=100, blank=True, help_text=_("Their post in their unit.")
    )
    role = models.CharField(
        _("task force role"),
        max_length=10,
        choices=TaskForceRole,
        default=TaskForceRole.MEMBER,
    )
    duty = models.CharField(
        _("duty"),
        max_length=200,
        blank=True,
        help_text=_("What they answer for in the task force."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9+()\- ]{5,30}$",
                _("Enter a phone number: digits, with + - ( ) or spaces."),
            )
        ],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = TaskForceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")
        # The lead first ("lead" sorts before "member"), then in the order they were added.
        ordering = ["project", "role", "pk"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def clean(self):
        self.name, self.unit = self.name.strip(), self.unit.strip()
        if not self.name:
            raise ValidationError({"name": _("Give the member's name.")}, code="required")

    def phone_for(self, user) -> str:
        """The phone as ``user`` may see it: members of any role of the project's zone or
        of a region containing it (and administrators) see it, anyone else an empty string.
        Needs the project's zone and region loaded."""
        return self.phone if access_for(user).can(self.project.zone, READ) else ""


def key_projects(projects, as_of: date, year: int | None = None):
    """The active projects of ``projects`` on the key-project plan of ``as_of``'s year (or of
    ``year``): the ones a scheduling round (调度) reviews."""
    on_plan = AnnualPlanEntry.objects.filter(project=OuterRef("pk"), year=year or as_of.year)
    return projects.filter(Exists(on_plan), status=Status.ACTIVE)


def current_start(cadence_path: str, as_of):
    """The start of the current period of the cadence at ``cadence_path``, in SQL."""
    return Case(
        *[
            When(**{cadence_path: cadence}, then=Value(start))
            for cadence, start in current_starts(as_of).items()
        ],
        output_field=DateField(),
    )


def _midnight_after(day: date):
    """The first moment after ``day`` in the projects' time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))


def update_received(as_of: date) -> Exists:
    """For a project (``OuterRef("pk")``): its update for the current period of its cadence
    on ``as_of`` was reported by ``as_of`` (before the next midnight)."""
    return Exists(
        ProgressUpdate.objects.filter(
            project=OuterRef("pk"),
            period_start=current_start("project__cadence", as_of),
            reported_at__lt=_midnight_after(as_of),
        )
    )


def update_late(as_of: date) -> Exists:
    """For a project (``OuterRef("pk")``): its update for the period before the current one
    on ``as_of`` (the last that ended) was reported after that period ended, and by
    ``as_of``. An update of the current period cannot be late yet."""
    late = reduce(
        operator.or_,
        (
            Q(
                project__cadence=cadence,
                period_start=previous_period(cadence, as_of)[0],
                # From the current period's first day on: after the previous one ended.
                reported_at__gte=_midnight_after(start - timedelta(days=1)),
            )
            for cadence, start in current_starts(as_of).items()
        ),
    )
    return Exists(
        ProgressUpdate.objects.filter(
            late, project=OuterRef("pk"), reported_at__lt=_midnight_after(as_of)
        )
    )


def due_without_update(projects, as_of: date):
    """The key projects of ``projects`` with no update yet for their current period."""
    updated = ProgressUpdate.objects.filter(
        project=OuterRef("pk"), period_start=current_start("project__cadence", as_of)
    )
    return key_projects(projects, as_of).exclude(Exists(updated))


class ProgressUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))


# What an official enters in a progress update, in the order forms and the API present them.
UPDATE_FIELDS = ("image_progress", "progress", "next_steps")


class ProgressUpdate(models.Model):
    """A project's progress update (调度记录) for one period of its cadence: how far it is
    (image progress), what happened this period and what comes next.

    ``updated_at`` is the row's version: the round page refuses to overwrite an update
    someone else saved after the page was loaded.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="progress_updates",
    )
    period_start = models.DateField(
        _("period start"),
        validators=[within_years],
        help_text=_("The first day of a period of the project's cadence."),
    )
    image_progress = percent_field(_("image progress (%)"))
    progress = models.TextField(_("progress this period"))
    next_steps = models.TextField(_("next steps"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    blockers = models.ManyToManyField(
        Blocker,
        verbose_name=_("blockers"),
        blank=True,
        related_name="updates",
        help_text=_("The project's blockers this update raises or reports on."),
    )
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-period_start", "project"]
        constraints = [
            FieldUniqueConstraint(
                fields=["project", "period_start"],
                name="update_unique_project_period",
                error_field="period_start",
                violation_error_message=_("This project already has an update for this period."),
            ),
            models.CheckConstraint(
                condition=Q(image_progress__gte=0, image_progress__lte=100),
                name="update_image_progress_percent",
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.period_start:%Y-%m-%d}"

    @property
    def period_end(self) -> date:
        return period_of(self.project.cadence, self.period_start)[1]

    def check_blockers(self, blockers) -> None:
        """An update reports on its own project's blockers only."""
        foreign = [blocker for blocker in blockers if blocker.project_id != self.project_id]
        if foreign:
            raise ValidationError(
                {
                    "blockers": _("{titles}: not a blocker of this project.").format(
                        titles="、".join(blocker.title for blocker in foreign)
                    )
                },
                code="other_project",
            )

    @property
    def is_late(self) -> bool:
        """Reported after the last day of its period (in Asia/Shanghai)."""
        if self.reported_at is None:
            return False
        return timezone.localdate(self.reported_at) > self.period_end

    def clean(self):
        if self.period_start is None or self.project_id is None:
            return
        cadence = self.project.cadence
        if not is_period_start(cadence, self.period_start):
            raise ValidationError(
                {
                    "period_start": _(
                        "{date} does not start a period of the project's cadence ({cadence}); "
                        "the period containing it starts on {start}."
                    ).format(
                        date=self.period_start.isoformat(),
                        cadence=Cadence(cadence).label,
                        start=period_of(cadence, self.period_start)[0].isoformat(),
                    )
                },
                code="not_period_start",
            )
        if self.period_start > today():
            raise ValidationError(
                {"period_start": _("A period that has not begun cannot be reported yet.")},
                code="future",
            )


# Evidence lives in its own module; importing it here lets Django see the model.
from .evidence import Evidence, EvidenceQuerySet  # noqa: E402, F401

# The lights' models live in their own package (supervision.lights); Django finds an app's
# models through this module.
from .lights.models import LightRule, LightRuleSet, ProjectLight  # noqa: E402, F401
from .meetings.models import AgendaItem, Attendee, Meeting, Minutes  # noqa: E402, F401
