"""The audit trail of a user's zones: every history row of their objects, newest first.

The historical tables of the zone-bound models are read as one UNION of the same columns, so a
page of the trail (whatever the number of zones or kinds) is one count and one page query, and
the zone rule (``Access.audit_q``) is applied to every part, so another zone's history never
leaves the database.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investment.models import AnnualPlanEntry, InvestmentReport, LandParcel, ParkIndicator, Target
from parks.access import access_for
from parks.models import Park
from projects.models import AttractionTeam, Milestone, Project
from supervision.models import Blocker, Notice, ProgressUpdate, TaskForceMember
from zonetrack.excel import TEXT, Column, Exporter
from zonetrack.history import ACTIONS


@dataclass(frozen=True)
class Source:
    """One audited model: its path to the zone and what names one of its objects."""

    model: Any
    to_zone: str
    code: str

    @property
    def kind(self) -> str:
        return str(self.model._meta.model_name)

    @property
    def label(self) -> Any:
        return self.model._meta.verbose_name


# The zone-bound audited models. Regions, zones, leaders and the light rules belong to no one
# zone (an administrator's), and memberships say who may see what, not project data.
SOURCES = [
    Source(Project, "zone", "code"),
    Source(Milestone, "project__zone", "project__code"),
    Source(AnnualPlanEntry, "project__zone", "project__code"),
    Source(InvestmentReport, "project__zone", "project__code"),
    Source(Target, "zone", "zone__code"),
    Source(LandParcel, "zone", "location"),
    Source(ParkIndicator, "park__zone", "park__name"),
    Source(Park, "zone", "name"),
    Source(AttractionTeam, "zone", "name"),
    Source(TaskForceMember, "project__zone", "project__code"),
    Source(ProgressUpdate, "project__zone", "project__code"),
    Source(Blocker, "project__zone", "project__code"),
    Source(Notice, "zone", "project__code"),
]
KINDS = {source.kind: source for source in SOURCES}


@dataclass(frozen=True)
class AuditFilters:
    user: str = ""
    kind: str = ""
    # An object's id (digits) or its code: a project code, a park's or a team's name.
    subject: str = ""
    start: date | None = None
    end: date | None = None


def _part(source: Source, user: Any, filters: AuditFilters) -> QuerySet[Any]:
    history = source.model.history.model.objects.filter(access_for(user).audit_q(source.to_zone))
    if filters.user:
        history = history.filter(history_user__username__iexact=filters.user)
    if filters.subject:
        match = Q(**{f"{source.code}__iexact": filters.subject})
        if filters.subject.isdigit():
            match |= Q(id=int(filters.subject))
        history = history.filter(match)
    if filters.start:
        history = history.filter(history_date__date__gte=filters.start)
    if filters.end:
        history = history.filter(history_date__date__lte=filters.end)
    text: CharField[Any, Any] = CharField()
    # Every part selects the same columns in the same order, unordered, as a UNION requires.
    return history.order_by().values(
        changed_at=F("history_date"),
        record_id=F("history_id"),
        change=F("history_type"),
        username=F("history_user__username"),
        address=F("ip_address"),
        subject_id=F("id"),
        subject_kind=Value(source.kind, output_field=text),
        subject_code=Coalesce(Cast(source.code, text), Value("", output_field=text)),
        zone_name=F(f"{source.to_zone}__name"),
        change_reason=F("history_change_reason"),
    )


def audit_trail(user: Any, filters: AuditFilters) -> QuerySet[Any]:
    """The history rows of the user's zones selected by ``filters``, newest first (dicts)."""
    sources = [KINDS[filters.kind]] if filters.kind in KINDS else SOURCES
    first, *others = [_part(source, user, filters) for source in sources]
    trail = first.union(*others, all=True) if others else first
    return trail.order_by("-changed_at", "subject_kind", "-record_id")


def shown(row: dict[str, Any]) -> dict[str, Any]:
    """A trail row with its kind and action in words."""
    return {
        **row,
        "kind_label": KINDS[row["subject_kind"]].label,
        "change_label": ACTIONS.get(row["change"], row["change"]),
    }


class AuditSheet(Exporter):
    """The trail as a sheet: one history row a line."""

    frozen_columns = 1

    def __init__(self, trail: QuerySet[Any]) -> None:
        self.sheet_title = _("Audit trail")
        self.trail = trail

    def columns(self) -> list[Column]:
        return [
            Column(_("When"), TEXT, width=20),
            Column(_("User"), TEXT),
            Column(_("Client address"), TEXT),
            Column(_("Kind"), TEXT, width=22),
            Column(_("Object"), TEXT, width=24),
            Column(_("Object id"), TEXT, width=10),
            Column(_("Zone"), TEXT),
            Column(_("Action"), TEXT, width=10),
            Column(_("Reason"), TEXT, width=24),
        ]

    def rows(self) -> Any:
        for row in self.trail.iterator(chunk_size=2000):
            row = shown(row)
            yield [
                timezone.localtime(row["changed_at"]).strftime("%Y-%m-%d %H:%M:%S"),
                row["username"] or "",
                row["address"] or "",
                str(row["kind_label"]),
                row["subject_code"],
                str(row["subject_id"]),
                row["zone_name"] or "",
                str(row["change_label"]),
                row["change_reason"] or "",
            ]
