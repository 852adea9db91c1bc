from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.access import LEAD, READ, WRITE, access_for
from parks.models import Park, Zone
from projects.choices import (
    CATEGORY_FILTER_CHOICES,
    LEVEL_FILTER_CHOICES,
    MilestoneKind,
    Stage,
    Status,
)
from projects.models import Milestone, Project
from zonetrack.changes import ZONE, TrackedQuerySet
from zonetrack.dates import within_years
from zonetrack.db import (
    FieldUniqueConstraint,
    area_field,
    money_field,
    not_in_future,
    percent_field,
    today,
    year_field,
)
from zonetrack.history import ClientAddress

from .choices import (
    COUNT_METRICS,
    LAND_METRICS,
    LandKind,
    LandMethod,
    MinimumSize,
    PlanType,
    TargetMetric,
)


class ProjectDataQuerySet(TrackedQuerySet):
    """Rows that belong to a project, and so to the project's zone."""

    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("project__zone", WRITE))


def reporting_period(as_of: date) -> tuple[int, int]:
    """The (year, month) whose report is due as of a date: the month before it.

    A month's figures are reported once the month is over, so on 2026-11-22 the October
    report is the one that should be in.
    """
    first = as_of.replace(day=1)
    previous = first - timedelta(days=1)
    return previous.year, previous.month


class AnnualPlanEntryQuerySet(ProjectDataQuerySet):
    def not_started(self, as_of):
        """New starts of ``as_of``'s year past their planned start with no groundbreaking yet,
        of projects not cancelled (as ``Milestone.objects.overdue``: a cancelled project no
        longer owes its dates; a stalled one does).
        """
        started = Milestone.objects.filter(
            project=OuterRef("project"),
            kind=MilestoneKind.GROUNDBREAKING,
            actual_on__lte=as_of,
        )
        return (
            self.filter(year=as_of.year, plan_type=PlanType.NEW, planned_start_on__lt=as_of)
            .exclude(Exists(started))
            .exclude(project__status=Status.CANCELLED)
        )


# A plan entry's entered fields, in the order forms and imports present them.
PLAN_FIELDS = (
    "project",
    "year",
    "plan_type",
    "planned_investment",
    "planned_start_on",
    "resumed_on",
)


class AnnualPlanEntry(models.Model):
    """A project on a year's key-project plan (年度重点项目计划), as a new start or continuing."""

    year = year_field()
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="plan_entries"
    )
    plan_type = models.CharField(_("plan type"), max_length=10, choices=PlanType)
    planned_investment = money_field(_("planned investment for the year (10k CNY)"))
    planned_start_on = models.DateField(
        _("planned start date"),
        null=True,
        blank=True,
        validators=[within_years],
        help_text=_("New starts only."),
    )
    resumed_on = models.DateField(
        _("resumed date"),
        null=True,
        blank=True,
        validators=[within_years, not_in_future],
        help_text=_("Continuing projects only: when work resumed in the plan year (复工)."),
    )
    # The row's version: the API's ETag, and a form's check that no one wrote it meanwhile.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = AnnualPlanEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan entry")
        verbose_name_plural = _("annual plan entries")
        ordering = ["-year", "project"]
        constraints = [
            FieldUniqueConstraint(
                fields=["project", "year"],
                name="plan_unique_project_year",
                error_field="year",
                violation_error_message=_("This project is already on the plan of this year."),
            ),
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0), name="plan_investment_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["year", "plan_type"], name="plan_year_type")]

    def __str__(self):
        return f"{self.year} {self.project.code} {self.get_plan_type_display()}"

    def clean(self):
        errors = {}
        if self.plan_type == PlanType.CONTINUING and self.planned_start_on:
            errors["planned_start_on"] = _("Only a new start has a planned start date.")
        if self.plan_type == PlanType.NEW and self.resumed_on:
            errors["resumed_on"] = _("Only a continuing project resumes work.")
        if self.resumed_on and self.year and self.resumed_on.year != self.year:
            errors.setdefault(
                "resumed_on", _("Work must resume in the plan year {year}.").format(year=self.year)
            )
        if errors:
            raise ValidationError(errors)


REPORTING_STAGES = (Stage.UNDER_CONSTRUCTION, Stage.COMPLETED, Stage.IN_PRODUCTION)


def projects_to_report(projects, year):
    """Active projects whose investment a month of ``year`` may count: under construction or
    later, or on the year's plan (a new start reports from its groundbreaking month). Those
    still negotiating or signed and off the plan have no investment in the statistics."""
    on_plan = AnnualPlanEntry.objects.filter(project=OuterRef("pk"), year=year)
    return projects.filter(status=Status.ACTIVE).filter(
        Q(stage__in=REPORTING_STAGES) | Exists(on_plan)
    )


def projects_missing_report(
    projects: models.QuerySet[Project], year: int, month: int
) -> models.QuerySet[Project]:
    """Active projects on ``year``'s plan, started by the month's end, with no report for it."""
    month_end = date(year, month, monthrange(year, month)[1])
    return (
        projects.filter(status=Status.ACTIVE, plan_entries__year=year)
        .filter(
            milestones__kind=MilestoneKind.GROUNDBREAKING,
            milestones__actual_on__lte=month_end,
        )
        .exclude(reports__year=year, reports__month=month)
        .distinct()
    )


OUT_OF_PROVINCE_MESSAGE = _(
    "Funds from other provinces are part of the domestic funds: they cannot exceed them."
)


# A monthly report's entered fields, in the order the API, the admin and imports present them.
REPORT_FIELDS = (
    "project",
    "year",
    "month",
    "completed_investment",
    "funds_domestic",
    "funds_out_of_province",
    "funds_foreign_usd",
    "image_progress",
    "note",
)


class InvestmentReport(models.Model):
    """A project's figures for one month: investment completed, funds in place, progress."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    year = year_field()
    month = models.PositiveSmallIntegerField(
        _("month"),
        validators=[
            MinValueValidator(1, message=_("Month must be from 1 to 12.")),
            MaxValueValidator(12, message=_("Month must be from 1 to 12.")),
        ],
    )
    completed_investment = money_field(_("investment completed (10k CNY)"), default=0)
    # 省外资金 is a part of 内资 (as the statistics count them): the funds in place are
    # domestic + foreign, and out-of-province is an "of which" within domestic.
    funds_domestic = money_field(_("domestic funds in place (10k CNY)"), default=0)
    funds_out_of_province = money_field(
        _("of which from other provinces (10k CNY)"),
        default=0,
        help_text=_("Part of the domestic funds, not added to them."),
    )
    funds_foreign_usd = money_field(_("foreign funds in place (10k USD)"), default=0)
    image_progress = percent_field(_("image progress (%)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The row's version: the API's ETag, and a form's check that no one wrote it meanwhile.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = ProjectDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly investment report")
        verbose_name_plural = _("monthly investment reports")
        ordering = ["-year", "-month", "project"]
        constraints = [
            FieldUniqueConstraint(
                fields=["project", "year", "month"],
                name="report_unique_project_month",
                error_field="month",
                violation_error_message=_("This project already has a report for this month."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="report_month_range"
            ),
            models.CheckConstraint(
                condition=Q(
                    completed_investment__gte=0,
                    funds_domestic__gte=0,
                    funds_out_of_province__gte=0,
                    funds_foreign_usd__gte=0,
                ),
                name="report_money_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(image_progress__gte=0, image_progress__lte=100),
                name="report_image_progress_percent",
            ),
            models.CheckConstraint(
                condition=Q(funds_out_of_province__lte=F("funds_domestic")),
                name="report_out_of_province_within_domestic",
                violation_error_message=OUT_OF_PROVINCE_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["year", "month"], name="report_year_month")]

    def __str__(self):
        return f"{self.project.code} {self.year}-{self.month:02d}"

    def clean(self):
        errors = {}
        month_known = self.year and self.month and 1 <= self.month <= 12
        if month_known:
            now = today()
            if (self.year, self.month) > (now.year, now.month):
                raise ValidationError(
                    {"month": _("A month cannot be reported before it has begun.")},
                    code="future",
                )
        if (
            self.funds_out_of_province is not None
            and self.funds_domestic is not None
            and self.funds_out_of_province > self.funds_domestic
        ):
            errors["funds_out_of_province"] = ValidationError(
                OUT_OF_PROVINCE_MESSAGE, code="out_of_province"
            )
        if self.project_id and self.completed_investment and month_known:
            errors.update(self._implausible_investment())
        if errors:
            raise ValidationError(errors)

    def _implausible_investment(self):
        """A month's investment the project cannot have done: more than its whole investment,
        or before it broke ground (a project is in the statistics from its groundbreaking)."""
        project = self.project
        if self.completed_investment > project.total_investment:
            return {
                "completed_investment": ValidationError(
                    _(
                        "A month's completed investment ({amount} 万元) cannot exceed the "
                        "project's total investment ({total} 万元)."
                    ).format(amount=self.completed_investment, total=project.total_investment),
                    code="above_total",
                )
            }
        month_end = date(self.year, self.month, monthrange(self.year, self.month)[1])
        # all() rather than a filter, so that a grid or an import's prefetch serves every row.
        started = next(
            (
                m.actual_on
                for m in project.milestones.all()
                if m.kind == MilestoneKind.GROUNDBREAKING and m.actual_on
            ),
            None,
        )
        if started is None or started > month_end:
            return {
                "completed_investment": ValidationError(
                    _(
                        "The project had not broken ground by the end of {year}-{month:02d}: "
                        "its investment is not yet in the statistics."
                    ).format(year=self.year, month=self.month),
                    code="not_started",
                )
            }
        return {}


class TargetQuerySet(TrackedQuerySet):
    changes_by = ZONE

    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("zone", LEAD))


class Target(models.Model):
    """A zone's goal for a year on one metric, optionally only for projects above a size, of
    a category (or the industrial group) and of a level (or 市级以上): 濉溪's "新开工工业项目
    42个" is a started_count target of category industrial.

    The quarterly values are cumulative (Q2 includes Q1); Q4 is the annual value.
    """

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="targets"
    )
    year = year_field()
    metric = models.CharField(_("metric"), max_length=30, choices=TargetMetric)
    min_investment = money_field(
        _("minimum project investment (10k CNY)"),
        default=0,
        help_text=_("Only projects with at least this total investment count."),
    )
    category = models.CharField(
        _("project category"),
        max_length=20,
        choices=CATEGORY_FILTER_CHOICES,
        blank=True,
        help_text=_("Only projects of this category or group count (empty: every category)."),
    )
    level = models.CharField(
        _("project level"),
        max_length=20,
        choices=LEVEL_FILTER_CHOICES,
        blank=True,
        help_text=_("Only projects of this level or group count (empty: every level)."),
    )
    annual_value = money_field(_("annual value"))
    q1_value = money_field(_("cumulative value by Q1"), null=True, blank=True)
    q2_value = money_field(_("cumulative value by Q2"), null=True, blank=True)
    q3_value = money_field(_("cumulative value by Q3"), null=True, blank=True)
    # The row's version: the API's ETag, and a form's check that no one wrote it meanwhile.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["zone", "-year", "metric", "min_investment", "category", "level"]
        constraints = [
            FieldUniqueConstraint(
                fields=["zone", "year", "metric", "min_investment", "category", "level"],
                name="target_unique_zone_year_metric_projects",
                error_field="metric",
                violation_error_message=_(
                    "This zone already has a target for this metric, year and projects counted."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_investment__gte=0, annual_value__gte=0),
                name="target_values_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(q1_value__lte=F("annual_value"))
                & Q(q2_value__lte=F("annual_value"))
                & Q(q3_value__lte=F("annual_value")),
                name="target_quarters_within_annual",
            ),
        ]

    def __str__(self):
        return f"{self.zone} {self.year} {self.get_metric_display()}"

    @property
    def is_count(self):
        """Whether the values count projects (else they are sums in 万元)."""
        return self.metric in COUNT_METRICS

    @property
    def minimum_size_label(self):
        """The minimum as the reports name it ("1亿元以上"); a minimum off the tiers in 万元."""
        if self.min_investment in MinimumSize.values:
            return MinimumSize(int(self.min_investment)).label
        return _("{amount} 10k CNY and above").format(amount=f"{self.min_investment:,.2f}")

    @property
    def projects_counted_label(self):
        """The projects counted as a phrase: the minimum, the category and the level if set
        ("1亿元以上 · 工业项目"; "不限规模" when none is)."""
        parts = [str(self.minimum_size_label)] if self.min_investment else []
        if self.category:
            parts.append(str(self.get_category_display()))
        if self.level:
            parts.append(str(self.get_level_display()))
        return " · ".join(parts) or str(self.minimum_size_label)

    def quarter_values(self) -> list[Decimal | None]:
        """The cumulative value due by the end of each quarter; None where none was set."""
        return [self.q1_value, self.q2_value, self.q3_value, self.annual_value]

    def clean(self):
        if self.metric in LAND_METRICS and self.min_investment:
            raise ValidationError(
                {
                    "min_investment": _(
                        "A land target counts every parcel of the ledger: it has no minimum "
                        "project size."
                    )
                },
                code="land_minimum",
            )
        if self.metric in LAND_METRICS and (self.category or self.level):
            field = "category" if self.category else "level"
            raise ValidationError(
                {
                    field: _(
                        "A land target counts every parcel of the ledger: it has no project "
                        "category or level."
                    )
                },
                code="land_projects",
            )
        previous = None
        for index, value in enumerate(self.quarter_values(), start=1):
            if value is None:
                continue
            if previous is not None and value < previous:
                field = f"q{index}_value" if index < 4 else "annual_value"
                raise ValidationError(
                    {field: _("Quarterly values are cumulative: each is at least the one before.")},
                    code="not_cumulative",
                )
            previous = value


class LandParcelQuerySet(TrackedQuerySet):
    changes_by = ZONE

    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("zone", WRITE))


# A parcel's entered fields, in the order the API, forms, imports and exports present them.
LAND_FIELDS = (
    "zone",
    "park",
    "location",
    "area_mu",
    "land_use",
    "kind",
    "identified_on",
    "method",
    "planned_year",
    "revitalized_on",
    "revitalized_mu",
    "project",
    "investment",
)

# The shared range (zonetrack.dates), under the name the land migrations import.
in_years_2000_to_2100 = within_years


class LandParcel(models.Model):
    """A parcel on a zone's ledger of idle and inefficient land (闲置低效土地), from the day it
    was identified to the day it was brought back into use (盘活), with the project that now
    uses it and the investment brought.

    A parcel is counted in a year's figures while it is on the ledger (identified, not yet
    revitalized before that year), and as revitalized in the year of ``revitalized_on``.
    """

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="land_parcels"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="land_parcels",
        null=True,
        blank=True,
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        help_text=_("Where the parcel lies (坐落), unique in the zone."),
    )
    area_mu = area_field(_("area (mu)"))
    land_use = models.CharField(_("land use"), max_length=100, blank=True)
    kind = models.CharField(_("kind of land"), max_length=20, choices=LandKind)
    identified_on = models.DateField(_("identified on"), validators=[within_years, not_in_future])
    method = models.CharField(_("planned method"), max_length=20, choices=LandMethod, blank=True)
    planned_year = models.PositiveSmallIntegerField(
        _("planned year"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(2000, message=_("Year must be 2000 or later.")),
            MaxValueValidator(2100, message=_("Year must be 2100 or earlier.")),
        ],
        help_text=_("The year it is planned to be revitalized."),
    )
    revitalized_on = models.DateField(
        _("revitalized on"),
        null=True,
        blank=True,
        validators=[within_years, not_in_future],
    )
    revitalized_mu = area_field(_("area revitalized (mu)"), null=True, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project now using it"),
        on_delete=models.SET_NULL,
        related_name="land_parcels",
        null=True,
        blank=True,
    )
    investment = money_field(_("investment brought (10k CNY)"), null=True, blank=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = LandParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("land parcel")
        verbose_name_plural = _("land parcels")
        ordering = ["zone", "identified_on", "location"]
        constraints = [
            FieldUniqueConstraint(
                fields=["zone", "location"],
                name="land_parcel_unique_zone_location",
                error_field="location",
                violation_error_message=_("This zone already has a parcel at this location."),
            ),
            models.CheckConstraint(condition=Q(area_mu__gt=0), name="land_parcel_area_positive"),
            models.CheckConstraint(
                condition=Q(revitalized_mu__gte=0, revitalized_mu__lte=F("area_mu")),
                name="land_parcel_revitalized_within_area",
            ),
            models.CheckConstraint(
                condition=Q(revitalized_on__isnull=True, revitalized_mu__isnull=True)
                | Q(revitalized_on__isnull=False, revitalized_mu__isnull=False),
                name="land_parcel_revitalized_date_and_area",
            ),
            models.CheckConstraint(
                condition=Q(investment__gte=0), name="land_parcel_investment_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "revitalized_on"], name="land_parcel_zone_revitalized")
        ]

    def __str__(self):
        return self.location

    def clean(self):
        errors: dict[str, ValidationError] = {}
        if self.area_mu is not None and self.area_mu <= 0:
            errors["area_mu"] = ValidationError(_("The area must be more than 0 mu."), code="area")
        if self.zone_id and self.park_id and self.park.zone_id != self.zone_id:
            errors["park"] = ValidationError(
                _("The park must be one of the parcel's zone."), code="park_zone"
            )
        if self.zone_id and self.project_id and self.project.zone_id != self.zone_id:
            errors["project"] = ValidationError(
                _("The project must be one of the parcel's zone."), code="project_zone"
            )
        if self.revitalized_on is not None and self.revitalized_mu is None:
            errors["revitalized_mu"] = ValidationError(
                _("Enter the area revitalized with the date."), code="revitalized_mu_missing"
            )
        if self.revitalized_mu is not None and self.revitalized_on is None:
            errors["revitalized_on"] = ValidationError(
                _("Enter the date the parcel was revitalized with its area."),
                code="revitalized_on_missing",
            )
        if (
            self.revitalized_mu is not None
            and self.area_mu is not None
            and self.revitalized_mu > self.area_mu
        ):
            errors["revitalized_mu"] = ValidationError(
                _("The area revitalized cannot exceed the parcel's area ({area} mu).").format(
                    area=self.area_mu
                ),
                code="revitalized_above_area",
            )
        if (
            self.revitalized_on is not None
            and self.identified_on is not None
            and self.revitalized_on < self.identified_on
        ):
            errors.setdefault(
                "revitalized_on",
                ValidationError(
                    _("A parcel is revitalized on or after the day it was identified."),
                    code="revitalized_before_identified",
                ),
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_revitalized(self) -> bool:
        return self.revitalized_on is not None


class ParkIndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("park__zone", READ))

    def writable_by(self, user):
        return self.filter(access_for(user).zone_q("park__zone", WRITE))


# A park indicator's entered fields, in the order the API, the grid, imports and exports
# present them.
PARK_INDICATOR_FIELDS = (
    "park",
    "year",
    "quarter",
    "output_value",
    "tax_revenue",
    "industrial_output",
)
PARK_INDICATOR_VALUES = ("output_value", "tax_revenue", "industrial_output")


class ParkIndicator(models.Model):
    """What a park reports for a year, or for one quarter of it (园区指标): its output value
    (总产值), tax revenue (税收) and the output of its industry above designated size (规上工业
    产值), all in 万元.

    A row without a quarter is the whole year; a year's figures read that row, or the sum of
    the quarters entered when the year has none (``reports.figures.parks``).
    """

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="indicators"
    )
    year = year_field()
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("The quarter is 1 to 4.")),
            MaxValueValidator(4, message=_("The quarter is 1 to 4.")),
        ],
        help_text=_("1 to 4; empty for the whole year."),
    )
    output_value = money_field(_("output value (10k CNY)"), null=True, blank=True)
    tax_revenue = money_field(_("tax revenue (10k CNY)"), null=True, blank=True)
    industrial_output = money_field(
        _("industrial output above designated size (10k CNY)"), null=True, blank=True
    )
    history = HistoricalRecords(bases=[ClientAddress])

    objects = ParkIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("park indicator")
        verbose_name_plural = _("park indicators")
        ordering = ["park", "-year", "quarter"]
        constraints = [
            # NULL quarters are distinct in a plain unique constraint: the year row has its own.
            FieldUniqueConstraint(
                fields=["park", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="park_indicator_unique_quarter",
                error_field="quarter",
                violation_error_message=_("This park already has figures for this quarter."),
            ),
            FieldUniqueConstraint(
                fields=["park", "year"],
                condition=Q(quarter__isnull=True),
                name="park_indicator_unique_year",
                error_field="quarter",
                violation_error_message=_("This park already has figures for this year."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="park_indicator_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(output_value__gte=0)
                & Q(tax_revenue__gte=0)
                & Q(industrial_output__gte=0),
                name="park_indicator_values_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(industrial_output__lte=F("output_value")),
                name="park_indicator_industrial_within_output",
            ),
        ]

    def __str__(self):
        if self.quarter:
            return f"{self.park} {self.year} Q{self.quarter}"
        return f"{self.park} {self.year}"

    def clean(self):
        if all(getattr(self, name) is None for name in PARK_INDICATOR_VALUES):
            raise ValidationError(
                _("Enter at least one of output value, tax revenue and industrial output."),
                code="empty",
            )
        if (
            self.industrial_output is not None
            and self.output_value is not None
            and self.industrial_output > self.output_value
        ):
            raise ValidationError(
                {
                    "industrial_output": ValidationError(
                        _(
                            "The industrial output above designated size is part of the output "
                            "value ({value} 10k CNY): it cannot exceed it."
                        ).format(value=self.output_value),
                        code="industrial_above_output",
                    )
                }
            )
