from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "investment"
    verbose_name = _("Plans and investment")

    def ready(self):
        from projects.filtersets import ProjectFilterSet

        from .filtersets import project_plan_filters

        ProjectFilterSet.extend(project_plan_filters(), before="milestone")
