from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanType(models.TextChoices):
    NEW = "new", _("New start")
    CONTINUING = "continuing", _("Continuing")


class TargetMetric(models.TextChoices):
    SIGNED_COUNT = "signed_count", _("Projects signed")
    SIGNED_INVESTMENT = "signed_investment", _("Investment signed")
    STARTED_COUNT = "started_count", _("Projects started")
    COMPLETED_COUNT = "completed_count", _("Projects completed")
    PRODUCTION_COUNT = "production_count", _("Projects in production")
    COMPLETED_INVESTMENT = "completed_investment", _("Investment completed")
    FUNDS_IN_PLACE = "funds_in_place", _("Funds in place")
