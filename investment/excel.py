"""Excel imports of annual plan entries and monthly reports (the machinery is zonetrack.imports).

Rows name their project by code; only projects the user may write are found, so a row cannot
reach into another zone. A known (project, year[, month]) updates the existing row.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.excel import EXAMPLE_CODE, ProjectImporter
from projects.models import Project
from zonetrack.amounts import PERCENT, WAN_USD, WAN_YUAN
from zonetrack.imports import Importer, header_key

from .models import PLAN_FIELDS, REPORT_FIELDS, AnnualPlanEntry, InvestmentReport


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


IMPORTERS = {cls.kind: cls for cls in (ProjectImporter, PlanImporter, ReportImporter)}
