"""Snapshots of the section 6 figures per scope and day, and the alerts of the daily check."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parks.access import READ, access_for
from parks.models import Region, Zone

from .choices import ScopeType


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Snapshots of the zones the user reads, and of the regions it reads as a whole."""
        access = access_for(user)
        return self.filter(
            (Q(zone__isnull=False) & access.zone_q("zone", READ))
            | (Q(region__isnull=False) & access.whole_region_q("region"))
        )


class Snapshot(models.Model):
    """The figures of one zone or region for a year, as they stood on one day.

    Written by the snapshot job (nightly, and after data changes); one row per scope, year
    and day: ``scope_key`` ("zone:12", "region:3") carries the unique constraint that the
    job upserts on, because the nullable zone and region columns cannot.
    """

    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    scope_key = models.CharField(_("scope"), max_length=40, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    figures = models.JSONField(_("figures"))
    # A zone's whole figures (``reports.figures.bundle.encode``), for a past day's stats.
    raw = models.JSONField(_("raw figures"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-date", "scope_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(zone__isnull=False, region__isnull=True)
                | Q(zone__isnull=True, region__isnull=False),
                name="snapshot_zone_xor_region",
            ),
            models.UniqueConstraint(
                fields=["scope_key", "year", "date"], name="snapshot_unique_scope_year_date"
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "year", "date"], name="snapshot_zone_year_date"),
            models.Index(fields=["region", "year", "date"], name="snapshot_region_year_date"),
        ]

    def __str__(self):
        return f"{self.zone or self.region} {self.date}"

    def save(self, *args, **kwargs):
        self.scope_key = self.key_for(self.scope_type, self.zone_id or self.region_id)
        super().save(*args, **kwargs)

    @staticmethod
    def key_for(scope_type, scope_id) -> str:
        return f"{scope_type}:{scope_id}"

    @classmethod
    def build(
        cls, *, zone_id: int | None = None, region_id: int | None = None, **fields: Any
    ) -> "Snapshot":
        """An unsaved snapshot with its scope key set, for bulk upserts (which skip save())."""
        scope_type = ScopeType.ZONE if zone_id else ScopeType.REGION
        key = cls.key_for(scope_type, zone_id or region_id)
        return cls(zone_id=zone_id, region_id=region_id, scope_key=key, **fields)

    @property
    def scope_type(self) -> str:
        return ScopeType.ZONE if self.zone_id else ScopeType.REGION


class ZoneRollup(models.Model):
    """The figures of one zone as of ``as_of`` (its year, and the same day a year earlier
    for 同比), kept up to date with its data.

    ``figures`` holds what the figures are made of (counts, sums, histograms: the parts
    that add up from zones to regions), written by ``reports.figures.rollups``. The row is
    current while ``as_of`` is the day asked for and no ``RollupChange`` of its zone is
    left; the next read recomputes it otherwise.
    """

    zone = models.OneToOneField(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="rollup"
    )
    as_of = models.DateField(_("as of"))
    figures = models.JSONField(_("figures"))
    # The progress of the zone's targets as /api/stats/ lists them, ready to answer: the
    # JSON text of the list as the API renders it (zonetrack.api.renderers.compact_json),
    # spliced into the answer for many zones without being parsed and rendered again.
    targets = models.TextField(_("targets"), default="[]")
    # The MD5 of ``targets``: a process that keeps a copy of the text reads it again only
    # when this changed (reports.figures.rollups).
    targets_digest = models.CharField(_("targets digest"), max_length=32, blank=True)
    # This year's section 6 figures as shown (``Figures.as_dict``), which the snapshot job
    # copies; None on a row no pass has computed yet.
    shown = models.JSONField(_("figures"), null=True, blank=True)
    # What a dashboard's row shows of this year's figures (``bundle.row_of``), written with them.
    row = models.JSONField(_("row"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("zone rollup")
        verbose_name_plural = _("zone rollups")

    def __str__(self):
        return f"{self.zone_id} @ {self.as_of}"


class ScopeRollup(models.Model):
    """The sum of the zone rollups of every zone below a region path ("" for every zone),
    without the targets: a region's or the country's figures in one row.

    Kept equal to that sum whatever days the zone rows are as of: each recomputed zone
    rollup adds its difference to the rows above it, in the same transaction. A region's
    figures are read from it once every zone below it is current.
    """

    path = models.CharField(_("region path"), max_length=255, unique=True, blank=True)
    figures = models.JSONField(_("figures"))
    # Written with ``figures`` (``reports.figures.rollups``), so that a read takes no more
    # than it needs: the figures without the teams' tallies (``bundle.without_teams``), both
    # parts; what a dashboard's row shows of this year's (``bundle.row_of``); the tallies of
    # the best teams (``teams.leaders``).
    total = models.JSONField(_("total"), default=dict, blank=True)
    row = models.JSONField(_("row"), default=dict, blank=True)
    leaders = models.JSONField(_("leading teams"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("region rollup")
        verbose_name_plural = _("region rollups")

    def __str__(self):
        return self.path or "*"


class RollupChange(models.Model):
    """A write that changed the data of a zone (or of one project of it), not yet folded
    into the zone's rollup.

    Written in the transaction of the write; deleted by the read that recomputes the
    rollup from data that includes it. Writers only insert, so two officials saving in one
    zone never wait for each other here. The ids are plain integers, not foreign keys: a
    zone or project deleted in the same transaction still leaves its note.
    """

    zone_id = models.PositiveIntegerField(_("zone"), null=True, db_index=True)
    project_id = models.PositiveIntegerField(_("project"), null=True, db_index=True)

    class Meta:
        verbose_name = _("rollup change")
        verbose_name_plural = _("rollup changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(zone_id__isnull=False) | Q(project_id__isnull=False),
                name="rollup_change_zone_or_project",
            )
        ]

    def __str__(self):
        return f"zone {self.zone_id} project {self.project_id}"
