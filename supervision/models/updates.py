"""Progress updates of the scheduling rounds (调度) and who is due one."""

import operator
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, DateField, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from investment.models import AnnualPlanEntry
from parks.access import READ, access_for
from projects.choices import Cadence, Status
from zonetrack.changes import TrackedQuerySet
from zonetrack.db import FieldUniqueConstraint, percent_field, today
from zonetrack.history import ClientAddress

from ..periods import current_starts, is_period_start, period_of, previous_period
from .blockers import Blocker, within_years


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


def midnight_after(day: date):
    """The first moment after ``day`` in the projects' time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))


def update_received(as_of: date) -> Exists:
    """For a project (``OuterRef("pk")``): its update for the current period of its cadence
    on ``as_of`` was reported by ``as_of`` (before the next midnight)."""
    return Exists(
        ProgressUpdate.objects.filter(
            project=OuterRef("pk"),
            period_start=current_start("project__cadence", as_of),
            reported_at__lt=midnight_after(as_of),
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
                reported_at__gte=midnight_after(start - timedelta(days=1)),
            )
            for cadence, start in current_starts(as_of).items()
        ),
    )
    return Exists(
        ProgressUpdate.objects.filter(
            late, project=OuterRef("pk"), reported_at__lt=midnight_after(as_of)
        )
    )


def due_without_update(projects, as_of: date):
    """The key projects of ``projects`` with no update yet for their current period."""
    updated = ProgressUpdate.objects.filter(
        project=OuterRef("pk"), period_start=current_start("project__cadence", as_of)
    )
    return key_projects(projects, as_of).exclude(Exists(updated))


class ProgressUpdateQuerySet(TrackedQuerySet):
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
    history = HistoricalRecords(bases=[ClientAddress])

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
