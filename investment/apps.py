from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "investment"
    verbose_name = _("Plans and investment")

    def ready(self):
        from projects import panels
        from projects.filtersets import ProjectFilterSet

        from .filtersets import project_plan_filters
        from .panels import PANELS

        ProjectFilterSet.extend(project_plan_filters(), before="milestone")
        for panel in PANELS:
            panels.register(panel)
