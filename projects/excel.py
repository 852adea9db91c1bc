"""Projects in Excel: the list export and the project import share one set of columns.

The export writes the columns the import reads (plus the derived stage, which the import
skips), so an exported file imported again changes nothing and creates no duplicate. A row
finds its project by code: a code of a project in the user's zones updates that project (the
preview marks the row "update"); a code held by a project the user cannot edit is refused,
codes being unique; a new code creates a project. A project keeps its zone: a row naming
another zone for a known code is refused.

The "assigned leader" column carries the primary leader's name. On import a name is the
leader of that name serving the project's zone (of its region, else the nearest region
above); it becomes the primary, the other leaders stay after it; an empty cell leaves the
leaders as they are.

The "attraction team" column carries the team's name. On import a name is the team of that
name in the project's zone; an empty cell leaves the project without a team. An unknown name
is refused with the zone's known teams: a team is set up once (teams page, API or admin),
so that a typo never creates a second team that splits the scoring.

The four milestones' planned and actual dates travel as eight date columns; an empty cell
leaves a stored date as it is (a recorded milestone is cleared on the project's page, where
its history says who did it).
"""

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parks.models import Park, Zone, path_lineage
from zonetrack.amounts import WAN_USD, WAN_YUAN
from zonetrack.excel import DATE, TEXT, Column, Exporter, render
from zonetrack.imports import Importer, header_key, parse_date
from zonetrack.web import writable_zones

from .choices import MILESTONE_ORDER, MilestoneKind
from .models import (
    ENTERED_FIELDS,
    AttractionTeam,
    Leader,
    Milestone,
    Project,
    write_milestones,
)

# The entered fields, with the primary leader's name where the free-text leader used to be,
# and the team by its name (the column of the free-text team it replaced).
PROJECT_COLUMNS = [
    *ENTERED_FIELDS[: ENTERED_FIELDS.index("team")],
    "leader",
    "attraction_team",
    *ENTERED_FIELDS[ENTERED_FIELDS.index("team") + 1 :],
]

# An example row's code: made up, so that a template never shows a real project.
EXAMPLE_CODE = "示例-2026-001"
MILESTONE_LABELS = {
    "planned": gettext_lazy("Planned {milestone} date"),
    "actual": gettext_lazy("Actual {milestone} date"),
}
MILESTONE_COLUMNS = [f"{when}_{kind}" for kind in MILESTONE_ORDER for when in MILESTONE_LABELS]


class ProjectImporter(Importer):
    """Projects by code, with their milestones' dates."""

    kind = "projects"
    title = gettext_lazy("Projects")
    model = Project
    columns = [*PROJECT_COLUMNS, *MILESTONE_COLUMNS]
    required_columns = ["code"]
    extra_labels = {
        f"{when}_{kind}": format_lazy(MILESTONE_LABELS[when], milestone=MilestoneKind(kind).label)
        for kind in MILESTONE_ORDER
        for when in MILESTONE_LABELS
    }
    ignored_columns = {"stage": Project._meta.get_field("stage").verbose_name}
    lookup_columns = ("zone", "park", "leader", "attraction_team")
    also_filled = {Milestone}
    lookup_hints = {
        "zone": gettext_lazy("zone name or code"),
        "park": gettext_lazy("park name, in the zone"),
        "leader": gettext_lazy(
            "name of a leader of the zone's region or above: the primary leader; an empty "
            "cell leaves the leaders as they are"
        ),
        "attraction_team": gettext_lazy(
            "name of an attraction team of the zone; an empty cell means no team"
        ),
    }
    units = {
        "total_investment": WAN_YUAN,
        "foreign_investment_usd": WAN_USD,
        "planned_funds": WAN_YUAN,
    }

    def __init__(self, user, zones=None):
        """``zones``: the zones whose names and parks the dropdowns offer (by default the
        zones the user may write)."""
        super().__init__(user)
        self.offered_zones = zones
        self.primary_leaders = {}  # row number -> the leader the row makes primary

    # Reading ------------------------------------------------------------------------------

    def prepare(self, rows):
        zones = list(writable_zones(self.user))
        self.zones = {}
        for zone in zones:
            self.zones[header_key(zone.code)] = zone
            self.zones.setdefault(header_key(zone.name), zone)
        self.parks = {
            (park.zone_id, header_key(park.name)): park
            for park in Park.objects.filter(zone__in=zones)
        }
        self.leaders = self._leaders_by_region(zones)
        self.teams = {}
        for team in AttractionTeam.objects.filter(zone__in=zones):
            self.teams.setdefault(team.zone_id, {})[header_key(team.name)] = team
        codes = {row.get("code", "") for row in rows} - {""}
        self.existing = {
            p.code: p
            for p in Project.objects.writable_by(self.user)
            .filter(code__in=codes)
            .select_related("zone__region", "park")
            .prefetch_related("milestones", "project_leaders")
        }

    @staticmethod
    def _leaders_by_region(zones):
        """Region path → {name: leader}, for the regions of ``zones`` and those above."""
        paths = {path for zone in zones for path in path_lineage(zone.region.path)}
        by_region = {}
        for leader in Leader.objects.filter(region__path__in=paths).select_related("region"):
            by_region.setdefault(leader.region.path, {})[header_key(leader.name)] = leader
        return by_region

    def _leader_for(self, zone, name):
        """The leader named ``name`` serving ``zone``: of its region, else the nearest above."""
        for path in reversed(path_lineage(zone.region.path)):
            leader = self.leaders.get(path, {}).get(header_key(name))
            if leader is not None:
                return leader
        known = sorted(
            {
                leader.name
                for path in path_lineage(zone.region.path)
                for leader in self.leaders.get(path, {}).values()
            }
        )
        raise ValidationError(
            {
                "leader": _(
                    "No leader named “{value}” serves {zone}. Known leaders: {names}."
                ).format(value=name, zone=zone.name, names="、".join(known) or _("none"))
            }
        )

    def find(self, values):
        return self.existing.get(values.get("code", ""))

    def resolve(self, instance, values):
        errors = {}
        if "zone" in values:
            zone = self.zones.get(header_key(values["zone"]))
            if zone is None:
                errors["zone"] = _("Unknown zone, or a zone you cannot edit: “{value}”.").format(
                    value=values["zone"]
                )
            elif instance.pk is not None and zone.pk != instance.zone_id:
                errors["zone"] = _(
                    "This project belongs to {zone}; an import does not move it to another zone."
                ).format(zone=instance.zone.name)
            else:
                instance.zone = zone
        elif instance.pk is None:
            errors["zone"] = _("A new project needs a zone.")
        if "park" in values and not errors:
            name = values["park"]
            if name == "":
                instance.park = None
            else:
                park = self.parks.get((instance.zone_id, header_key(name)))
                if park is None:
                    errors["park"] = _("The zone has no park named “{value}”.").format(value=name)
                else:
                    instance.park = park
        if values.get("leader") and not errors:
            try:
                leader = self._leader_for(instance.zone, values["leader"])
            except ValidationError as error:
                errors.update(error.message_dict)
            else:
                instance.leader = leader.name
                self.primary_leaders[id(instance)] = leader
        if "attraction_team" in values and not errors:
            self._resolve_team(instance, values["attraction_team"], errors)
        if errors:
            raise ValidationError(errors)

    def _resolve_team(self, instance, name, errors):
        """The team named ``name`` in the project's zone (none for an empty cell)."""
        if name == "":
            instance.team = None
            instance.attraction_team = ""
            return
        teams = self.teams.get(instance.zone_id, {})
        team = teams.get(header_key(name))
        if team is None:
            known = sorted(t.name for t in teams.values())
            errors["attraction_team"] = _(
                "{zone} has no attraction team named “{value}”. Known teams: {names}. Add a "
                "new team on the attraction teams page first."
            ).format(value=name, zone=instance.zone.name, names="、".join(known) or _("none"))
            return
        instance.team = team
        instance.attraction_team = team.name

    def build_row(self, row):
        failed = super().build_row(row)
        row.related = self._milestones(row)
        return failed

    def _milestones(self, row):
        """The row's milestones whose dates change, checked against each other and against
        the stored ones (an attracted project reaches them in order)."""
        project = row.instance
        stored = {m.kind: m for m in project.milestones.all()} if project.pk else {}
        typed = {}
        for name in MILESTONE_COLUMNS:
            text = row.values.get(name, "")
            if not text:
                continue
            try:
                typed[name] = parse_date(text)
            except ValidationError as error:
                row.errors.extend((self.label(name), m) for m in error.messages)
                continue
            row.shown[name] = typed[name].isoformat()
        actual = {kind: m.actual_on for kind, m in stored.items()}
        actual |= {
            name.removeprefix("actual_"): day
            for name, day in typed.items()
            if name.startswith("actual_")
        }
        changed = []
        for kind in MILESTONE_ORDER:
            milestone = stored.get(kind) or Milestone(kind=kind)
            moved = {
                when: typed[f"{when}_{kind}"]
                for when in MILESTONE_LABELS
                if f"{when}_{kind}" in typed
                and typed[f"{when}_{kind}"] != getattr(milestone, f"{when}_on")
            }
            if not moved:
                continue
            if project.pk is not None:
                row.changed |= {f"{when}_{kind}" for when in moved}
            if "planned" in moved:
                milestone.planned_on = moved["planned"]
            if "actual" in moved:
                milestone.actual_on = moved["actual"]
                milestone.recorded_by = self.user
            milestone.project = project
            try:
                milestone.clean_fields(exclude=["project", "recorded_by"])
                if milestone.actual_on is not None:
                    milestone.check_order({k: d for k, d in actual.items() if k != kind})
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    when = "actual" if field_name == "actual_on" else "planned"
                    label = self.label(f"{when}_{kind}")
                    row.errors.extend((label, message) for message in messages)
            changed.append(milestone)
        return changed

    def row_key(self, instance):
        return instance.code

    def save_row(self, row):
        super().save_row(row)
        for milestone in row.related:
            milestone.project = row.instance
        write_milestones(row.instance, row.related)
        primary = self.primary_leaders.get(id(row.instance))
        if primary is not None:
            project = row.instance
            others = [link.leader for link in project.project_leaders.select_related("leader")]
            project.set_leaders([primary, *others])

    # Writing ------------------------------------------------------------------------------

    def zones_offered(self):
        if self.offered_zones is None:
            self.offered_zones = list(writable_zones(self.user))
        return self.offered_zones

    def lookup_choices(self, name):
        zones = self.zones_offered()
        if name == "zone":
            return [zone.name for zone in zones]
        if name == "attraction_team":
            teams = AttractionTeam.objects.filter(zone__in=zones).order_by("name")
            return list(dict.fromkeys(teams.values_list("name", flat=True)))
        if name == "leader":
            paths = {path for zone in zones for path in path_lineage(zone.region.path)}
            leaders = Leader.objects.filter(region__path__in=paths).order_by("name")
            return list(dict.fromkeys(leaders.values_list("name", flat=True)))
        parks = Park.objects.filter(zone__in=zones).order_by("name")
        return list(dict.fromkeys(parks.values_list("name", flat=True)))

    def extra_kind(self, name):
        return DATE

    def extra_hint(self, name):
        return _("2026-03-01; an empty cell leaves a recorded date as it is")

    def examples(self):
        zones = self.zones_offered()
        zone = zones[0].name if zones else _("Example zone")
        park = Park.objects.filter(zone=zones[0]).order_by("name").first() if zones else None
        common = {"zone": zone, "cadence": "monthly", "status": "active"}
        return [
            {
                **common,
                "code": EXAMPLE_CODE,
                "name": "精密光学元件基地（示例）",
                "park": park.name if park else "",
                "investor": "某光学科技有限公司",
                "category": "manufacturing",
                "industry": "新材料",
                "level": "city_key",
                "capital_source": "domestic",
                "is_attracted": True,
                "total_investment": 120000,
                "leader": self._example_leader(zones),
                "attraction_team": self._example_team(zones),
                "planned_signing": "2026-03-01",
                "actual_signing": "2026-03-15",
                "planned_groundbreaking": "2026-06-30",
                "planned_completion": "2027-12-31",
                "planned_production": "2028-03-31",
            },
            {
                **common,
                "code": "示例-2026-002",
                "name": "园区道路改造工程（示例）",
                "category": "infrastructure",
                "level": "district_key",
                "capital_source": "domestic",
                "is_attracted": False,
                "total_investment": 8000,
                "planned_groundbreaking": "2026-09-01",
                "planned_completion": "2027-06-30",
            },
        ]

    @staticmethod
    def _example_team(zones):
        """A team of the first zone, so that the template imports as it is."""
        if not zones:
            return ""
        team = AttractionTeam.objects.filter(zone=zones[0]).order_by("name").first()
        return team.name if team else ""

    @staticmethod
    def _example_leader(zones):
        """A leader of the first zone, so that the template imports as it is."""
        if not zones:
            return ""
        paths = path_lineage(zones[0].region.path)
        leader = Leader.objects.filter(region__path__in=paths).order_by("name").first()
        return leader.name if leader else ""


class ProjectSheet(Exporter):
    """The projects of a (filtered) list, in the columns the import reads back."""

    def __init__(self, queryset, importer):
        self.sheet_title = _("Projects")
        self.queryset = queryset
        self.importer = importer

    def columns(self):
        stage = self.importer.label("stage")
        return [*(self.importer.column(n) for n in self.importer.columns), Column(stage, TEXT)]

    def rows(self):
        projects = self.queryset.select_related("zone", "park").prefetch_related("milestones")
        for project in projects.iterator(chunk_size=2000):
            milestones = {m.kind: m for m in project.milestones.all()}
            row = [self.value(project, name) for name in PROJECT_COLUMNS]
            for name in MILESTONE_COLUMNS:
                when, kind = name.split("_", 1)
                milestone = milestones.get(kind)
                row.append(getattr(milestone, f"{when}_on") if milestone else None)
            yield [*row, project.get_stage_display()]

    @staticmethod
    def value(project, name):
        if name == "zone":
            return project.zone.name
        if name == "park":
            return project.park.name if project.park_id else ""
        if name == "is_attracted":
            return _("yes") if project.is_attracted else _("no")
        if Project._meta.get_field(name).choices:
            return getattr(project, f"get_{name}_display")()
        return getattr(project, name)


def export_projects(queryset, user) -> bytes:
    """The projects of a (filtered) list as a sheet that the project import accepts back."""
    importer = ProjectImporter(
        user, zones=list(Zone.objects.visible_to(user).select_related("region"))
    )
    return render(ProjectSheet(queryset, importer))
