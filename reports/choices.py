from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeType(models.TextChoices):
    ZONE = "zone", _("Zone")
    REGION = "region", _("Region")
    ALL = "all", _("All zones")


class TargetStatus(models.TextChoices):
    DONE = "done", _("Done")
    AHEAD = "ahead", _("On or ahead of time")
    BEHIND = "behind", _("Behind time")
