from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zonetrack.db import area_field
from zonetrack.history import ClientAddress

from .access import READ, access_for
from .choices import Role, ZoneKind


def path_lineage(path: str) -> list[str]:
    """The region paths from the root down to ``path`` itself: "/JS/ZJ/" → ["/JS/", "/JS/ZJ/"]."""
    codes = path.strip("/").split("/")
    return ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes) + 1)]


class RegionQuerySet(models.QuerySet):
    def subtree(self, region):
        """The region and every region below it."""
        return self.filter(path__startswith=region.path)

    def visible_to(self, user):
        """Regions a user sees by name: those holding a zone it sees (so an official sees the
        city and province of its zone), and those at, below or above a region it is a member
        of (leadership of a city sees its counties and its province).
        """
        access = access_for(user)
        if access.is_admin:
            return self
        zones_below = Zone.objects.filter(
            access.zone_q(level=READ), region__path__startswith=OuterRef("path")
        )
        q = Q(Exists(zones_below)) | access.whole_region_q()
        above = set()
        for path in access.region_paths.get(READ, ()):
            above.update(path_lineage(path)[:-1])
        if above:
            q |= Q(path__in=sorted(above))
        return self.filter(q)

    def read_whole_by(self, user):
        """Regions whose figures, over every zone below them, the user may read."""
        return self.filter(access_for(user).whole_region_q())


class Region(models.Model):
    """An administrative area (province, city, county); regions form a tree.

    ``path`` holds the codes from the root down ("/JS/ZJ/"), so "this region and everything
    below it" is one indexed prefix match instead of a recursive query.
    """

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=500, editable=False, db_index=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self._stored_path() if self.pk else ""
        self.path = self._computed_path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Renaming or moving a region re-roots its subtree; regions change rarely,
                # so saving each descendant (and its history row) is affordable.
                for child in self.children.all():
                    child.save()

    def clean(self):
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or self.parent.path.startswith(self._stored_path()))
        ):
            raise ValidationError(
                {"parent": _("A region cannot be placed below itself.")}, code="cycle"
            )

    def _stored_path(self):
        return Region.objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""

    def _computed_path(self):
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"


class ZoneQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ZoneQuerySet":
        return self.filter(access_for(user).zone_q())


class Zone(models.Model):
    """A development zone (经开区, 高新区, 新区, 园区) under one region."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="zones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind, default=ZoneKind.OTHER)
    area_km2 = area_field(_("area (km²)"), null=True, blank=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(area_km2__gte=0), name="zone_area_non_negative"),
        ]

    def __str__(self):
        return self.name


class ParkQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))


class Park(models.Model):
    """A sub-park of a zone (一区多园) with its lead industry."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="parks"
    )
    name = models.CharField(_("name"), max_length=100)
    lead_industry = models.CharField(_("lead industry"), max_length=100, blank=True)
    area_km2 = area_field(_("area (km²)"), null=True, blank=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["zone__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="park_unique_name_in_zone"),
            models.CheckConstraint(condition=Q(area_km2__gte=0), name="park_area_non_negative"),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role in one zone, or in every zone of a region and its sub-regions.

    Every permission in ZoneTrack is decided from memberships (see ``parks.access``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    history = HistoricalRecords(bases=[ClientAddress])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(zone__isnull=False, region__isnull=True)
                | Q(zone__isnull=True, region__isnull=False),
                name="membership_zone_xor_region",
                violation_error_message=_("A membership names either a zone or a region."),
            ),
            models.UniqueConstraint(
                fields=["user", "zone"],
                condition=Q(zone__isnull=False),
                name="membership_unique_user_zone",
                violation_error_message=_("This user is already a member of this zone."),
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_user_region",
                violation_error_message=_("This user is already a member of this region."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.zone or self.region} · {self.get_role_display()}"
