"""Excel imports of annual plan entries, monthly reports and land parcels (the machinery is
zonetrack.imports), and the land ledger's export.

Rows name their project by code; only projects the user may write are found, so a row cannot
reach into another zone. A known (project, year[, month]) updates the existing row. A land
parcel names its zone (name or code, one the user may write) and is found by its location in
that zone; its park is named in the zone, its project by code in the zone.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parks.models import Park
from projects.excel import EXAMPLE_CODE, ProjectImporter
from projects.models import Project
from zonetrack.amounts import MU, PERCENT, WAN_USD, WAN_YUAN
from zonetrack.excel import RowsSheet, render
from zonetrack.imports import Importer, header_key
from zonetrack.web import writable_zones

from .models import (
    LAND_FIELDS,
    PARK_INDICATOR_FIELDS,
    PARK_INDICATOR_VALUES,
    PLAN_FIELDS,
    REPORT_FIELDS,
    AnnualPlanEntry,
    InvestmentReport,
    LandParcel,
    ParkIndicator,
)


class ProjectRowImporter(Importer):
    """Rows that belong to a project named by its code in the "project" column."""

    lookup_columns = ("project",)
    aliases = {"project": [gettext_lazy("project code")]}
    lookup_hints = {"project": gettext_lazy("project code")}
    key_fields: tuple = ()

    def prepare(self, rows):
        codes = {row.get("project", "").strip() for row in rows} - {""}
        codes |= {code.upper() for code in codes}
        projects = Project.objects.writable_by(self.user).filter(code__in=codes)
        # The milestones serve the report's check that the project had broken ground.
        projects = projects.select_related("zone").prefetch_related("milestones")
        self.projects = {header_key(p.code): p for p in projects}
        self.existing = {}
        found = self.model.objects.filter(project__in=list(self.projects.values()))
        for obj in found:
            self.existing[self._existing_key(obj.project_id, obj)] = obj

    def _existing_key(self, project_id, obj):
        return (project_id, *(getattr(obj, name) for name in self.key_fields))

    def find(self, values):
        project = self.projects.get(header_key(values.get("project", "")))
        if project is None:
            return None
        try:
            key = (project.pk, *(int(values.get(name, "")) for name in self.key_fields))
        except ValueError:
            return None
        return self.existing.get(key)

    def resolve(self, instance, values):
        project = self.projects.get(header_key(values.get("project", "")))
        if project is None:
            raise ValidationError(
                {
                    "project": _(
                        "Unknown project code, or a project you cannot edit: “{value}”."
                    ).format(value=values.get("project", ""))
                }
            )
        instance.project = project

    def row_key(self, instance):
        return self._existing_key(instance.project_id, instance)

    def lookup_choices(self, name):
        return list(
            Project.objects.writable_by(self.user).order_by("code").values_list("code", flat=True)
        )


class PlanImporter(ProjectRowImporter):
    kind = "plans"
    title = gettext_lazy("Annual plan entries")
    model = AnnualPlanEntry
    columns = list(PLAN_FIELDS)
    required_columns = ["project", "year", "plan_type", "planned_investment"]
    key_fields = ("year",)

    def examples(self):
        return [
            {
                "project": EXAMPLE_CODE,
                "year": 2026,
                "plan_type": "new",
                "planned_investment": 30000,
                "planned_start_on": "2026-05-01",
            }
        ]

    units = {"planned_investment": WAN_YUAN}


class ReportImporter(ProjectRowImporter):
    kind = "reports"
    title = gettext_lazy("Monthly investment reports")
    model = InvestmentReport
    columns = list(REPORT_FIELDS)
    required_columns = ["project", "year", "month"]
    key_fields = ("year", "month")

    def examples(self):
        return [
            {
                "project": EXAMPLE_CODE,
                "year": 2026,
                "month": 10,
                "completed_investment": 2500,
                "funds_domestic": 2500,
                "funds_out_of_province": 700,
                "funds_foreign_usd": 0,
                "image_progress": 35,
            }
        ]

    units = {
        "completed_investment": WAN_YUAN,
        "funds_domestic": WAN_YUAN,
        "funds_out_of_province": WAN_YUAN,
        "funds_foreign_usd": WAN_USD,
        "image_progress": PERCENT,
    }


class LandImporter(Importer):
    """Parcels of the land ledger, found by (zone, location): a known location updates."""

    kind = "land"
    title = gettext_lazy("Land parcels")
    model = LandParcel
    columns = list(LAND_FIELDS)
    required_columns = ["zone", "location", "area_mu", "kind", "identified_on"]
    lookup_columns = ("zone", "park", "project")
    aliases = {"project": [gettext_lazy("project code")]}
    lookup_hints = {
        "zone": gettext_lazy("zone name or code"),
        "park": gettext_lazy("park name, in the zone"),
        "project": gettext_lazy("project code, in the zone"),
    }
    units = {"area_mu": MU, "revitalized_mu": MU, "investment": WAN_YUAN}

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
        codes = {row.get("project", "").strip() for row in rows} - {""}
        codes |= {code.upper() for code in codes}
        self.projects = {
            (project.zone_id, header_key(project.code)): project
            for project in Project.objects.filter(zone__in=zones, code__in=codes)
        }
        locations = {row.get("location", "") for row in rows} - {""}
        self.existing = {
            (parcel.zone_id, parcel.location): parcel
            for parcel in LandParcel.objects.filter(zone__in=zones, location__in=locations)
        }

    def _zone(self, values):
        return self.zones.get(header_key(values.get("zone", "")))

    def find(self, values):
        zone = self._zone(values)
        return None if zone is None else self.existing.get((zone.pk, values.get("location", "")))

    def resolve(self, instance, values):
        zone = self._zone(values)
        if zone is None:
            raise ValidationError(
                {
                    "zone": _("Unknown zone, or a zone you cannot edit: “{value}”.").format(
                        value=values.get("zone", "")
                    )
                }
            )
        instance.zone = zone
        errors = {}
        if "park" in values:
            name = values["park"]
            park = self.parks.get((zone.pk, header_key(name))) if name else None
            if name and park is None:
                errors["park"] = _("The zone has no park named “{value}”.").format(value=name)
            instance.park = park
        if "project" in values:
            code = values["project"]
            project = self.projects.get((zone.pk, header_key(code))) if code else None
            if code and project is None:
                errors["project"] = _("The zone has no project of code “{value}”.").format(
                    value=code
                )
            instance.project = project
        if errors:
            raise ValidationError(errors)

    def row_key(self, instance):
        return (instance.zone_id, instance.location)

    def lookup_choices(self, name):
        zones = writable_zones(self.user)
        if name == "zone":
            return list(zones.order_by("code").values_list("name", flat=True))
        if name == "park":
            return sorted(set(Park.objects.filter(zone__in=zones).values_list("name", flat=True)))
        return list(
            Project.objects.filter(zone__in=zones).order_by("code").values_list("code", flat=True)
        )

    def examples(self):
        return [
            {
                "zone": "示例开发区",
                "location": "丁卯路88号",
                "area_mu": 35.5,
                "land_use": "工业",
                "kind": "idle",
                "identified_on": "2026-03-01",
                "method": "transfer",
                "planned_year": 2026,
            }
        ]

    def export(self, parcels) -> bytes:
        """The parcels as a sheet this importer reads back (nothing changes on re-import)."""

        def cell(parcel, name):
            if name == "zone":
                return parcel.zone.name
            if name == "park":
                return parcel.park.name if parcel.park else ""
            if name == "project":
                return parcel.project.code if parcel.project else ""
            value = getattr(parcel, name)
            if name in ("kind", "method"):
                return str(getattr(parcel, f"get_{name}_display")()) if value else ""
            return value

        return render(
            RowsSheet(
                self.title,
                [self.column(name) for name in self.columns],
                ([cell(parcel, name) for name in self.columns] for parcel in parcels),
            )
        )


class ParkIndicatorImporter(Importer):
    """What parks reported (园区指标), found by (park, year, quarter): a known row updates.
    A row names its zone (one the user may write) and the park by name in that zone; an
    empty quarter is the whole year."""

    kind = "park_indicators"
    title = gettext_lazy("Park indicators")
    model = ParkIndicator
    columns = ["zone", *PARK_INDICATOR_FIELDS]
    required_columns = ["zone", "park", "year"]
    extra_labels = {"zone": gettext_lazy("zone")}
    lookup_columns = ("zone", "park")
    lookup_hints = {
        "zone": gettext_lazy("zone name or code"),
        "park": gettext_lazy("park name, in the zone"),
    }
    units = {name: WAN_YUAN for name in PARK_INDICATOR_VALUES}

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
        years = set()
        for row in rows:
            try:
                years.add(int(row.get("year", "")))
            except ValueError:
                continue
        self.existing = {
            (indicator.park_id, indicator.year, indicator.quarter): indicator
            for indicator in ParkIndicator.objects.filter(park__zone__in=zones, year__in=years)
        }

    def _park(self, values):
        zone = self.zones.get(header_key(values.get("zone", "")))
        if zone is None:
            return None, None
        return zone, self.parks.get((zone.pk, header_key(values.get("park", ""))))

    def find(self, values):
        _zone, park = self._park(values)
        if park is None:
            return None
        try:
            year = int(values.get("year", ""))
            quarter = int(values["quarter"]) if values.get("quarter") else None
        except ValueError:
            return None
        return self.existing.get((park.pk, year, quarter))

    def resolve(self, instance, values):
        zone, park = self._park(values)
        if zone is None:
            raise ValidationError(
                {
                    "zone": _("Unknown zone, or a zone you cannot edit: “{value}”.").format(
                        value=values.get("zone", "")
                    )
                }
            )
        if park is None:
            raise ValidationError(
                {
                    "park": _("The zone has no park named “{value}”.").format(
                        value=values.get("park", "")
                    )
                }
            )
        instance.park = park

    def row_key(self, instance):
        return (instance.park_id, instance.year, instance.quarter)

    def lookup_choices(self, name):
        zones = writable_zones(self.user)
        if name == "zone":
            return list(zones.order_by("code").values_list("name", flat=True))
        return sorted(set(Park.objects.filter(zone__in=zones).values_list("name", flat=True)))

    def examples(self):
        return [
            {
                "zone": "示例开发区",
                "park": "示例产业园",
                "year": 2026,
                "quarter": "",
                "output_value": 3200000,
                "tax_revenue": 150000,
                "industrial_output": 2800000,
            }
        ]

    def export(self, indicators) -> bytes:
        """The rows as a sheet this importer reads back (nothing changes on re-import)."""

        def cell(indicator, name):
            if name == "zone":
                return indicator.park.zone.name
            if name == "park":
                return indicator.park.name
            value = getattr(indicator, name)
            return "" if value is None else value

        return render(
            RowsSheet(
                self.title,
                [self.column(name) for name in self.columns],
                ([cell(indicator, name) for name in self.columns] for indicator in indicators),
            )
        )


IMPORTERS = {
    cls.kind: cls
    for cls in (ProjectImporter, PlanImporter, ReportImporter, LandImporter, ParkIndicatorImporter)
}
