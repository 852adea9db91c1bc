from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevtoolsConfig(AppConfig):
    """The demo city and the national benchmark: management commands only, never imported by
    the runtime apps.
    """

    name = "devtools"
    verbose_name = _("Developer tools")
