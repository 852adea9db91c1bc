from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from projects import panels
        from projects.filtersets import ProjectFilterSet

        from . import refresh
        from .filtersets import project_update_filters
        from .panels import PANELS

        refresh.connect()
        ProjectFilterSet.extend(project_update_filters())
        for panel in PANELS:
            panels.register(panel)
