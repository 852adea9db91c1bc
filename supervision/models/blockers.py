"""Blockers (堵点) and the steps that move them through the levels of government."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.access import LEAD, READ, WRITE, access_for
from zonetrack.changes import TrackedQuerySet
from zonetrack.dates import within_years
from zonetrack.db import not_in_future, today
from zonetrack.history import ClientAddress

from ..choices import (
    BlockerAction,
    BlockerCategory,
    BlockerLevel,
    BlockerStatus,
)
from .alerts import Alert


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


class BlockerQuerySet(TrackedQuerySet):
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
    history = HistoricalRecords(bases=[ClientAddress])

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
    deadline = models.DateField(_("deadline"), null=True, blank=True, validators=[within_years])
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
