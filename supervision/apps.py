from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from projects import panels

        from . import refresh
        from .panels import PANELS

        refresh.connect()
        for panel in PANELS:
            panels.register(panel)
