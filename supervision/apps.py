from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from projects import panels, rows
        from projects.filtersets import ProjectFilterSet

        from . import refresh
        from .filtersets import project_update_filters
        from .lights import refresh as light_refresh
        from .lights import services as light_services
        from .lights import show as lights
        from .panels import PANELS

        refresh.connect()
        light_refresh.connect()
        light_services.connect()
        ProjectFilterSet.extend(project_update_filters())
        ProjectFilterSet.extend(lights.project_light_filters())
        for panel in PANELS:
            panels.register(panel)
        panels.register(lights.PANEL)
        rows.register(lights.ROW_MARK)
