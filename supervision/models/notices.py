"""Supervision notices (督办单) and their escalation when unanswered."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.access import READ, access_for
from parks.models import Zone
from zonetrack.db import not_in_future, today
from zonetrack.history import ClientAddress

from ..choices import (
    BlockerAction,
    NoticeStatus,
)
from .blockers import PENDING, Blocker, TransitionNotAllowed, within_years


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
    history = HistoricalRecords(bases=[ClientAddress])

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
