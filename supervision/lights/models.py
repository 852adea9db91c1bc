"""Rule sets of the lights (data a region edits) and the lights themselves, stored as changes."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.access import READ, access_for
from parks.models import Region, Zone
from zonetrack.changes import ZONE, TrackedQuerySet
from zonetrack.history import ClientAddress

from .choices import LightColor, LightRuleKind


class LightRuleSet(models.Model):
    """The rules by which the projects of a region's zones get their light (红黄绿灯规则).

    A zone uses the set of the nearest region up its path; the one set without a region
    replaces the built-in defaults everywhere no region has its own. ``version`` goes up with
    every change, and each light records the version it was set by.
    """

    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="light_rule_set",
        help_text=_("Empty: the defaults of every region without a set of its own."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords(bases=[ClientAddress])

    class Meta:
        verbose_name = _("light rule set")
        verbose_name_plural = _("light rule sets")
        ordering = ["region__path"]
        constraints = [
            # One set per region, and one without a region (NULLs are distinct in a plain
            # unique constraint, hence the expression).
            models.UniqueConstraint(
                Coalesce("region", Value(0)),
                name="light_rule_set_one_per_region",
                violation_error_message=_("This region already has a rule set."),
            ),
        ]

    def __str__(self):
        name = self.region.name if self.region_id else _("Defaults")
        return _("{name} rules, version {version}").format(name=name, version=self.version)

    def save(self, *args, **kwargs):
        # Every change is a new version: the lights set before it keep the old number.
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)


class LightRule(models.Model):
    """One rule of a set: what it measures (``kind``), its thresholds, and whether it is on.
    :data:`supervision.lights.rules.SPECS` says, for each kind, the unit and whether a
    threshold counts at (≥) or above it (>)."""

    rule_set = models.ForeignKey(
        LightRuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("rule"), max_length=20, choices=LightRuleKind)
    enabled = models.BooleanField(_("on"), default=True)
    yellow = models.DecimalField(
        _("yellow threshold"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    red = models.DecimalField(
        _("red threshold"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    history = HistoricalRecords(bases=[ClientAddress])

    class Meta:
        verbose_name = _("light rule")
        verbose_name_plural = _("light rules")
        ordering = ["rule_set", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "kind"], name="light_rule_unique_kind"),
            models.CheckConstraint(
                condition=(Q(yellow__isnull=True) | Q(yellow__gte=0))
                & (Q(red__isnull=True) | Q(red__gte=0)),
                name="light_rule_thresholds_non_negative",
                violation_error_message=_("A threshold cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(yellow__isnull=True)
                | Q(red__isnull=True)
                | Q(yellow__lte=models.F("red")),
                name="light_rule_yellow_before_red",
                violation_error_message=_("The yellow threshold cannot be above the red one."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class ProjectLightQuerySet(TrackedQuerySet):
    changes_by = ZONE

    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def current(self):
        return self.filter(valid_to__isnull=True)

    def on(self, day: date):
        """The lights in force on ``day``: one row per project that had one then."""
        return self.filter(in_force_on(day))


def in_force_on(day: date, prefix: str = "") -> Q:
    """The condition of a light row in force on ``day`` (``prefix`` the path to the row)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


class ProjectLight(models.Model):
    """A project's light from ``valid_from`` until the day before ``valid_to`` (open: still in
    force). A row is written only when the colour or the reasons change, so that the lights
    of any day, and how long a project has been red, are one query away.

    ``reasons`` holds, for each rule that is not green, what the words are made of on any
    day the row is in force: ``{"rule", "color", "since", "count", "value", "cadence"}``
    (:func:`supervision.lights.reasons.texts`).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="lights",
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="+"
    )
    color = models.CharField(_("colour"), max_length=6, choices=LightColor)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # The reasons' rules and colours as ",start_late:yellow,blocker_overdue:red,": counts by
    # rule filter on it with a plain ``contains``, on SQLite as on PostgreSQL.
    rule_colors = models.CharField(_("rules and colours"), max_length=200, blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until (excluded)"), null=True, blank=True)
    rule_set = models.ForeignKey(
        LightRuleSet,
        verbose_name=_("rule set"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_version = models.PositiveIntegerField(_("rule version"), default=0)
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)

    objects = ProjectLightQuerySet.as_manager()

    class Meta:
        verbose_name = _("project light")
        verbose_name_plural = _("project lights")
        ordering = ["project", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(valid_to__isnull=True),
                name="light_one_current_per_project",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="light_valid_to_after_from",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "valid_to", "color"], name="light_zone_current"),
            models.Index(fields=["valid_from", "valid_to"], name="light_in_force"),
            models.Index(fields=["project", "valid_from"], name="light_project_from"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.color} {self.valid_from:%Y-%m-%d}"
