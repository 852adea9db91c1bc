from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from supervision.alerts import register_condition

        from .figures import refresh, tracking
        from .figures.targets import targets_behind

        refresh.connect()
        tracking.connect()
        register_condition(targets_behind)
