import re
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from parks.access import READ, WRITE, access_for
from parks.models import Park, Region, Zone, path_lineage
from zonetrack.changes import REGION, ZONE, TrackedQuerySet
from zonetrack.dates import within_years
from zonetrack.db import FieldUniqueConstraint, money_field, non_negative, not_in_future
from zonetrack.history import ClientAddress

from .choices import (
    MILESTONE_ORDER,
    STAGE_AFTER,
    Cadence,
    CapitalSource,
    Category,
    Level,
    MilestoneKind,
    Stage,
    Status,
)


def stage_for(reached_kinds) -> str:
    """The stage of a project whose milestones of ``reached_kinds`` have actual dates.

    The furthest milestone reached decides: a public-works project may record a completion
    without a signing, and it is still completed.
    """
    reached = [kind for kind in MILESTONE_ORDER if kind in set(reached_kinds)]
    return STAGE_AFTER[reached[-1]] if reached else Stage.NEGOTIATING


class ProjectQuerySet(TrackedQuerySet):
    changes_by = ZONE

    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("zone", WRITE))


# The fields an official enters, in the order forms, imports and the API present them.
ENTERED_FIELDS = (
    "code",
    "name",
    "zone",
    "park",
    "investor",
    "category",
    "industry",
    "level",
    "capital_source",
    "is_attracted",
    "total_investment",
    "foreign_investment_usd",
    "planned_funds",
    "team",
    "cadence",
    "status",
    "status_reason",
)


class MilestoneQuerySet(TrackedQuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("project__zone", WRITE))

    def overdue(self, as_of):
        """Milestones overdue on ``as_of`` (D): the one rule every page, count and alert uses.

        Planned before D, not reached by D (no actual date, or one after D: on a past D a
        milestone reached later was still overdue then), of a project that is not cancelled.
        A stalled project's milestones stay overdue: stalling is why they lag, and a leader
        asking what lags must see them; only a cancelled project no longer owes its dates.
        """
        return self.filter(self.overdue_condition(as_of))

    @staticmethod
    def overdue_condition(as_of) -> Q:
        """``overdue`` as a condition, for counts that filter an aggregate by it."""
        return (
            Q(planned_on__lt=as_of)
            & (Q(actual_on__isnull=True) | Q(actual_on__gt=as_of))
            & ~Q(project__status=Status.CANCELLED)
        )

    def due_within(self, as_of, days):
        """Not reached and planned from ``as_of`` to ``days`` later, of a project that is not
        cancelled (the projects ``overdue`` follows).
        """
        return self.filter(
            actual_on__isnull=True,
            planned_on__gte=as_of,
            planned_on__lte=as_of + timedelta(days=days),
        ).exclude(project__status=Status.CANCELLED)


class Project(models.Model):
    """An investment or construction project followed from negotiation to production."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    investor = models.CharField(_("investor"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    industry = models.CharField(_("industry chain"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level, default=Level.GENERAL)
    capital_source = models.CharField(
        _("capital source"), max_length=20, choices=CapitalSource, default=CapitalSource.DOMESTIC
    )
    is_attracted = models.BooleanField(
        _("attracted investment"),
        default=True,
        help_text=_(
            "A project brought in by investment attraction (招商引资); public works are not."
        ),
    )
    total_investment = money_field(_("total investment (10k CNY)"))
    foreign_investment_usd = money_field(_("foreign investment (10k USD)"), null=True, blank=True)
    # Empty when the project does not state it: 资金到位率 counts only projects that do.
    planned_funds = money_field(
        _("planned funds in place (10k CNY)"),
        null=True,
        blank=True,
        help_text=_("The funds the project plans to have in place (计划到位资金), if stated."),
    )
    # The primary leader's name, stored like the stage so lists, search and exports read it
    # without a join; set_leaders() keeps it in step with ``leaders``.
    leader = models.CharField(_("assigned leader"), max_length=100, blank=True, editable=False)
    leaders: "models.ManyToManyField[Leader, ProjectLeader]" = models.ManyToManyField(
        "Leader",
        verbose_name=_("leaders"),
        through="ProjectLeader",
        related_name="projects",
        blank=True,
    )
    team = models.ForeignKey(
        "AttractionTeam",
        verbose_name=_("attraction team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("The team that brought the project in (招商局, 招商分局, 小分队)."),
    )
    # The team's name, stored like the leader's so lists, search and exports read it without
    # a join; save() keeps it in step with ``team`` and a renamed team updates its projects.
    attraction_team = models.CharField(
        _("attraction team"), max_length=100, blank=True, editable=False
    )
    cadence = models.CharField(
        _("scheduling cadence"), max_length=10, choices=Cadence, default=Cadence.MONTHLY
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    status_reason = models.TextField(_("status reason"), blank=True)
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage,
        default=Stage.NEGOTIATING,
        editable=False,
        help_text=_("Derived from the milestones' actual dates."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["zone__code", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_total_investment_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(foreign_investment_usd__gte=0),
                name="project_foreign_investment_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(planned_funds__gte=0), name="project_planned_funds_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "stage"], name="project_zone_stage"),
            models.Index(fields=["category"], name="project_category"),
            models.Index(fields=["level"], name="project_level"),
            models.Index(fields=["status"], name="project_status"),
            models.Index(fields=["total_investment"], name="project_total_investment"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "team" in update_fields:
            self.attraction_team = self.team.name if self.team_id else ""
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "attraction_team"}
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # The stage belongs to the milestones: only refresh_stage() writes it, under the
            # project's lock. A form or API write holding a copy read before a milestone
            # changed must not put back the stage it read.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "stage"
            ]
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.park_id and self.zone_id and self.park.zone_id != self.zone_id:
            errors["park"] = _("The park must belong to the project's zone.")
        if self.status != Status.ACTIVE and not self.status_reason.strip():
            errors["status_reason"] = _("Give a reason when a project is stalled or cancelled.")
        if self.team_id and self.zone_id and self.team.zone_id != self.zone_id:
            errors["team"] = _("The attraction team must be a team of the project's zone.")
        if errors:
            raise ValidationError(errors)

    def set_leaders(self, leaders):
        """Make ``leaders`` (primary first) the project's leaders, in one transaction.

        Every leader must serve the project's zone: its region is the zone's or one above.
        """
        leaders = list(dict.fromkeys(leaders))
        for leader in leaders:
            ProjectLeader(project=self, leader=leader).check_region()
        with transaction.atomic():
            self.project_leaders.all().delete()
            ProjectLeader.objects.bulk_create(
                ProjectLeader(project=self, leader=leader, position=position)
                for position, leader in enumerate(leaders)
            )
            # A prefetched list of links (an API read before the write) is stale now.
            getattr(self, "_prefetched_objects_cache", {}).pop("project_leaders", None)
            name = leaders[0].name if leaders else ""
            if name != self.leader:
                self.leader = name
                self.save(update_fields=["leader", "updated_at"])

    def leaders_in_order(self):
        """The project's leaders, primary first (one query)."""
        return [
            link.leader
            for link in self.project_leaders.select_related("leader").order_by("position")
        ]

    def days_between(self, start_kind: str, end_kind: str) -> int | None:
        """Days from the actual date of one milestone to another's, None unless both are
        reached. Reads ``milestones.all()``, so a list's prefetch serves every row."""
        reached = {m.kind: m.actual_on for m in self.milestones.all() if m.actual_on}
        if start_kind not in reached or end_kind not in reached:
            return None
        return (reached[end_kind] - reached[start_kind]).days

    @property
    def days_signing_to_groundbreaking(self) -> int | None:
        """Lead time from signing to groundbreaking (签约→开工), in days."""
        return self.days_between(MilestoneKind.SIGNING, MilestoneKind.GROUNDBREAKING)

    @property
    def days_signing_to_production(self) -> int | None:
        """Lead time from signing to production (签约→投产), in days."""
        return self.days_between(MilestoneKind.SIGNING, MilestoneKind.PRODUCTION)

    def refresh_stage(self):
        """Store the stage the milestones give; called on every milestone change, on the
        project as ``lock_project`` read it, in the transaction that changed them."""
        reached = self.milestones.filter(actual_on__isnull=False).values_list("kind", flat=True)
        stage = stage_for(reached)
        if stage != self.stage:
            self.stage = stage
            self.save(update_fields=["stage", "updated_at"])


def lock_project(project_id) -> Project:
    """The project's row, locked until the transaction ends.

    Every milestone write takes it first: the rules across a project's milestones (order,
    the earlier ones an attracted project needs, one per kind) are then checked against what
    is stored, with no other write between the check and the save, and the stage is derived
    from the milestones the same transaction sees.
    """
    return Project.objects.select_for_update().get(pk=project_id)


class LeaderLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    ZONE = "zone", _("Zone")


class LeaderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Leaders of the regions the user sees (its zones' regions and those above)."""
        return self.filter(region__in=Region.objects.visible_to(user))

    def serving(self, zone):
        """Leaders who may answer for a project of ``zone``: of its region or one above."""
        return self.filter(region__path__in=path_lineage(zone.region.path))


class Leader(models.Model):
    """A leader who answers for projects (包保领导), of a city, district or zone."""

    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=LeaderLevel)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="leaders"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader",
        help_text=_("With an account, the leader sees its projects under “My projects”."),
    )
    history = HistoricalRecords(bases=[ClientAddress])

    objects = LeaderQuerySet.as_manager()

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["region__path", "name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["region", "name"],
                name="leader_unique_region_name",
                error_field="name",
                violation_error_message=_("This region already has a leader of this name."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.title}）" if self.title else self.name


class ProjectLeader(models.Model):
    """A leader of a project; position 0 is the primary leader."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="project_leaders"
    )
    leader = models.ForeignKey(
        Leader,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="project_leaders",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("project leader")
        verbose_name_plural = _("project leaders")
        ordering = ["project", "position"]
        constraints = [
            FieldUniqueConstraint(
                fields=["project", "leader"],
                name="project_leader_unique",
                error_field="leader",
                violation_error_message=_("This leader is already a leader of the project."),
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.leader.name}"

    def clean(self):
        if self.project_id and self.leader_id:
            self.check_region()

    def check_region(self):
        zone_path = self.project.zone.region.path
        if not zone_path.startswith(self.leader.region.path):
            raise ValidationError(
                {
                    "leader": _(
                        "{leader} is a leader of {region}, which does not include the zone {zone}."
                    ).format(
                        leader=self.leader.name,
                        region=self.leader.region.name,
                        zone=self.project.zone.name,
                    )
                },
                code="region",
            )


class AttractionTeamQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("zone", WRITE))


class AttractionTeam(models.Model):
    """A unit of a zone that brings projects in (招商局, 招商分局, 小分队), credited for its
    projects by the staged scoring (4:3:3)."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="attraction_teams"
    )
    name = models.CharField(_("name"), max_length=100)
    lead = models.CharField(_("team lead"), max_length=100, blank=True)
    members = models.TextField(
        _("members"),
        blank=True,
        help_text=_("The team's members, one per line or separated by 、."),
    )
    history = HistoricalRecords(bases=[ClientAddress])

    objects = AttractionTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("attraction team")
        verbose_name_plural = _("attraction teams")
        ordering = ["zone__code", "name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["zone", "name"],
                name="attraction_team_unique_zone_name",
                error_field="name",
                violation_error_message=_("This zone already has a team of this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            # A renamed team's projects keep its name as their stored copy (with history).
            renamed = list(self.projects.exclude(attraction_team=self.name))
            if renamed:
                for project in renamed:
                    project.attraction_team = self.name
                bulk_update_with_history(
                    renamed, Project, ["attraction_team"], default_change_reason="team renamed"
                )

    def clean(self):
        if self.pk and self.zone_id and self.projects.exclude(zone_id=self.zone_id).exists():
            raise ValidationError(
                {"zone": _("The team's projects belong to its zone: it cannot move to another.")}
            )

    def member_list(self) -> list[str]:
        """The members as a list (the text split on lines, 、 and commas)."""
        return [m.strip() for m in re.split(r"[\n、,，;；]+", self.members) if m.strip()]


# The default size table of the staged scoring (SPEC section 14): (from total investment in
# 万元, base score), largest first. A region's own ScoreTier rows replace it.
DEFAULT_SCORE_TIERS: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal("500000"), Decimal("60")),
    (Decimal("100000"), Decimal("30")),
    (Decimal("10000"), Decimal("10")),
    (Decimal("0"), Decimal("5")),
)


class ScoreTierQuerySet(TrackedQuerySet):
    # A line of a region's table scores the projects of every zone below it.
    changes_by = REGION


class ScoreTier(models.Model):
    """One line of a region's size table for the staged scoring: a project of at least
    ``min_investment`` (万元) scores ``score`` (the highest line it reaches counts).

    The table of the nearest region up a zone's path that has one applies; without any, the
    defaults (≥ 1亿: 10, ≥ 10亿: 30, ≥ 50亿: 60, else 5). A project below every line of a
    region's table scores 0, so a table usually has a line from 0.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="score_tiers"
    )
    min_investment = money_field(_("total investment from (10k CNY)"))
    score = models.DecimalField(
        _("base score"), max_digits=8, decimal_places=2, validators=[non_negative]
    )

    objects = ScoreTierQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring size tier")
        verbose_name_plural = _("scoring size tiers")
        ordering = ["region__path", "-min_investment"]
        constraints = [
            FieldUniqueConstraint(
                fields=["region", "min_investment"],
                name="score_tier_unique_region_min",
                error_field="min_investment",
                violation_error_message=_("This region's table already has this size."),
            ),
        ]

    def __str__(self):
        return f"{self.region} ≥ {self.min_investment}: {self.score}"


def score_tables(paths) -> dict[str, tuple[tuple[Decimal, Decimal], ...]]:
    """Region path → the size table that applies to the zones of that region (one query).

    For each path, the table of the nearest region up its lineage that has rows, else the
    defaults. Tables are (min_investment, score) pairs, largest first.
    """
    paths = set(paths)
    lineage = {path: path_lineage(path) for path in paths}
    wanted = {p for lines in lineage.values() for p in lines}
    own: dict[str, list[tuple[Decimal, Decimal]]] = {}
    rows = ScoreTier.objects.filter(region__path__in=wanted).values_list(
        "region__path", "min_investment", "score"
    )
    for path, minimum, score in rows:
        own.setdefault(path, []).append((minimum, score))
    tables = {}
    for path in paths:
        table = DEFAULT_SCORE_TIERS
        for candidate in reversed(lineage[path]):
            if candidate in own:
                table = tuple(sorted(own[candidate], reverse=True))
                break
        tables[path] = table
    return tables


def base_score(table, total_investment) -> Decimal:
    """The score of a project of ``total_investment`` (万元) by ``table`` (largest first)."""
    for minimum, score in table:
        if total_investment >= minimum:
            return score
    return Decimal("0")


class Milestone(models.Model):
    """One of a project's four time nodes, with its planned and actual dates."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind)
    planned_on = models.DateField(
        _("planned date"), null=True, blank=True, validators=[within_years]
    )
    actual_on = models.DateField(
        _("actual date"), null=True, blank=True, validators=[within_years, not_in_future]
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "kind"]
        constraints = [
            FieldUniqueConstraint(
                fields=["project", "kind"],
                name="milestone_unique_project_kind",
                error_field="kind",
                violation_error_message=_("This project already has a milestone of this kind."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "actual_on"], name="milestone_kind_actual")]

    def __str__(self):
        return f"{self.project.code} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        """Save and store the project's stage, under the project's lock.

        Like any model's save() it does not validate (fixtures and the demo write what they
        like); the user's ways in (API, forms, import) save through ``write_milestones``,
        which checks the rules under the same lock.
        """
        with transaction.atomic():
            project = lock_project(self.project_id)
            super().save(*args, **kwargs)
            project.refresh_stage()
        self._take_stage_of(project)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            project = lock_project(self.project_id)
            if self.kind in MILESTONE_ORDER:
                self.project = project
                self._check_later_ones_still_hold(self._stored_siblings())
            result = super().delete(*args, **kwargs)
            project.refresh_stage()
        self._take_stage_of(project)
        return result

    def _take_stage_of(self, project):
        """Keep the caller's copy of the project in step with the stage just stored."""
        if Milestone.project.is_cached(self) and self.project is not project:
            self.project.stage = project.stage
            self.project.updated_at = project.updated_at

    def is_overdue(self, as_of: date, project_status: str) -> bool:
        """``MilestoneQuerySet.overdue``'s rule for one milestone already loaded, with its
        project's status (a page that shows a project's milestones asks no query per one).
        """
        return (
            self.planned_on is not None
            and self.planned_on < as_of
            and (self.actual_on is None or self.actual_on > as_of)
            and project_status != Status.CANCELLED
        )

    @property
    def position(self) -> int:
        return MILESTONE_ORDER.index(self.kind)

    def clean(self):
        if not self.project_id or self.kind not in MILESTONE_ORDER:
            return
        self.check_against(self._stored_siblings())

    def _stored_siblings(self):
        """The actual dates (or None) of the project's other milestones by kind, as stored."""
        others = Milestone.objects.filter(project_id=self.project_id).exclude(kind=self.kind)
        return dict(others.values_list("kind", "actual_on"))

    def check_against(self, siblings):
        """Check the actual date, or its absence, against ``siblings`` (see check_order)."""
        if self.actual_on is None:
            self._check_later_ones_still_hold(siblings)
        else:
            self.check_order(siblings)

    def check_order(self, siblings):
        """Check the actual date against ``siblings``, the actual dates (or None) of the
        project's other milestones by kind: read from the database by clean(), or as an Excel
        row sets them all at once."""
        for kind in MILESTONE_ORDER[: self.position]:
            earlier = siblings.get(kind)
            if earlier is None and self.project.is_attracted:
                raise ValidationError(
                    {
                        "actual_on": _(
                            "Record the {earlier} date first: an attracted project reaches "
                            "its milestones in order."
                        ).format(earlier=MilestoneKind(kind).label)
                    },
                    code="missing_earlier",
                )
            if earlier is not None and earlier > self.actual_on:
                raise ValidationError(
                    {
                        "actual_on": _("{kind} cannot be before {earlier} ({date}).").format(
                            kind=self.get_kind_display(),
                            earlier=MilestoneKind(kind).label,
                            date=earlier.isoformat(),
                        )
                    },
                    code="order",
                )
        for kind in MILESTONE_ORDER[self.position + 1 :]:
            later = siblings.get(kind)
            if later is not None and later < self.actual_on:
                raise ValidationError(
                    {
                        "actual_on": _("{kind} cannot be after {later} ({date}).").format(
                            kind=self.get_kind_display(),
                            later=MilestoneKind(kind).label,
                            date=later.isoformat(),
                        )
                    },
                    code="order",
                )

    def _check_later_ones_still_hold(self, siblings):
        """Clearing or deleting a date must not leave a later attracted milestone without it."""
        if not self.project.is_attracted:
            return
        later = next(
            (k for k in MILESTONE_ORDER[self.position + 1 :] if siblings.get(k) is not None),
            None,
        )
        if later is not None:
            raise ValidationError(
                {
                    "actual_on": _("{later} has an actual date, so this one is needed.").format(
                        later=MilestoneKind(later).label
                    )
                },
                code="needed_by_later",
            )


def write_milestones(project, milestones, only: tuple[str, ...] = ()):
    """Save ``milestones`` of ``project`` as one write, checked under the project's lock;
    with ``only``, a stored milestone gets just those fields (the rest as stored now: the
    project form writes planned dates, and an actual date recorded meanwhile stays).

    A form, serializer or import validated them against the milestones stored when it read
    them; another official may have recorded one since. Under ``lock_project`` they are
    checked again, together, against the milestones stored now (an import may move several
    dates at once), then saved and the stage stored, in one transaction: a signing after the
    groundbreaking, a groundbreaking without its signing or a second milestone of one kind
    cannot slip in between. Raises ValidationError, having written nothing, when a rule no
    longer holds.
    """
    if not milestones:
        return
    with transaction.atomic():
        locked = lock_project(project.pk)
        stored = list(locked.milestones.all())
        if only:
            now = {m.pk: m for m in stored}
            for milestone in milestones:
                if milestone.pk in now:
                    milestone.actual_on = now[milestone.pk].actual_on
        kind_of = {m.pk: m.kind for m in stored}
        actual = {m.kind: m.actual_on for m in stored}
        for milestone in milestones:
            # A kind changed by the write is free again (its date goes with the milestone).
            if milestone.pk in kind_of and kind_of[milestone.pk] != milestone.kind:
                actual.pop(kind_of[milestone.pk])
        owner = {kind: pk for pk, kind in kind_of.items()}
        for milestone in milestones:
            if milestone.kind in owner and owner[milestone.kind] != milestone.pk:
                # Someone else recorded this kind since: the constraint's own message.
                milestone.validate_constraints()
            actual[milestone.kind] = milestone.actual_on
        for milestone in milestones:
            milestone.project = locked
            if milestone.kind in MILESTONE_ORDER:
                milestone.check_against({k: d for k, d in actual.items() if k != milestone.kind})
        for milestone in milestones:
            if only and milestone.pk is not None:
                milestone.save(update_fields=[*only, "recorded_at"])
            else:
                milestone.save()
    if locked is not project:
        project.stage = locked.stage
        project.updated_at = locked.updated_at
