"""Alerts: what lags on a day, found by the daily check."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parks.access import READ, access_for
from parks.models import Zone

from ..choices import (
    AlertKind,
)


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user):
        access = access_for(user)
        visible = self.filter(access.zone_q("zone", READ))
        # The figures' own check concerns the system, not a zone's work: admins only.
        return visible if access.is_admin else visible.exclude(kind=AlertKind.FIGURES_DIFFER)

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
    # What the figures' check found (zones and first differences), for that kind only.
    detail = models.TextField(_("detail"), blank=True, default="")

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
        if self.kind == AlertKind.FIGURES_DIFFER:
            return _(
                "The stored figures of {date} differed from the data and were repaired: {detail}"
            ).format(date=self.raised_on.isoformat(), detail=self.detail)
        assert self.target is not None  # the last kind, a target behind time, names its target
        return _("{zone}: the target “{metric}” of {year} is behind time.").format(
            zone=self.zone, metric=self.target.get_metric_display(), year=self.target.year
        )
