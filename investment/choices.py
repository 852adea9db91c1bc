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


# Counted in projects; the other metrics are sums in 万元.
COUNT_METRICS = frozenset(
    {
        TargetMetric.SIGNED_COUNT,
        TargetMetric.STARTED_COUNT,
        TargetMetric.COMPLETED_COUNT,
        TargetMetric.PRODUCTION_COUNT,
    }
)


class MinimumSize(models.IntegerChoices):
    """The project sizes a target may be limited to (万元), named as the reports name them."""

    ANY = 0, _("Any size")
    WAN_5000 = 5000, _("50 million CNY and above")
    YI_1 = 10000, _("100 million CNY and above")
    YI_5 = 50000, _("500 million CNY and above")
    YI_10 = 100000, _("1 billion CNY and above")
    YI_30 = 300000, _("3 billion CNY and above")
    YI_50 = 500000, _("5 billion CNY and above")
