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
    FUNDS_OUT_OF_PROVINCE = "funds_out_of_province", _("Funds in place from other provinces")
    FUNDS_FOREIGN_USD = "funds_foreign_usd", _("Foreign funds in place")
    LAND_REVITALIZED_MU = "land_revitalized_mu", _("Idle land revitalized")
    PARCELS_REVITALIZED = "parcels_revitalized", _("Idle land parcels revitalized")


# Counted in projects; the other metrics are sums in 万元.
COUNT_METRICS = frozenset(
    {
        TargetMetric.SIGNED_COUNT,
        TargetMetric.STARTED_COUNT,
        TargetMetric.COMPLETED_COUNT,
        TargetMetric.PRODUCTION_COUNT,
        TargetMetric.PARCELS_REVITALIZED,
    }
)
# Read from the land ledger (亩 and parcels), not from projects: they take no minimum size.
LAND_METRICS = frozenset({TargetMetric.LAND_REVITALIZED_MU, TargetMetric.PARCELS_REVITALIZED})


class MinimumSize(models.IntegerChoices):
    """The project sizes a target may be limited to (万元), named as the reports name them."""

    ANY = 0, _("Any size")
    WAN_5000 = 5000, _("50 million CNY and above")
    YI_1 = 10000, _("100 million CNY and above")
    YI_5 = 50000, _("500 million CNY and above")
    YI_10 = 100000, _("1 billion CNY and above")
    YI_30 = 300000, _("3 billion CNY and above")
    YI_50 = 500000, _("5 billion CNY and above")


class LandKind(models.TextChoices):
    """Why a parcel is on the ledger of idle and inefficient land (闲置低效土地)."""

    IDLE = "idle", _("Idle (闲置)")
    INEFFICIENT = "inefficient", _("Inefficient (低效)")
    ZOMBIE = "zombie", _("Zombie firm site (僵尸企业)")
    UNFINISHED = "unfinished", _("Unfinished project (烂尾)")


class LandMethod(models.TextChoices):
    """How a parcel is to be brought back into use (盘活方式)."""

    RECLAIM = "reclaim", _("Reclaim (收回)")
    TRANSFER = "transfer", _("Transfer (转让)")
    JOINT = "joint", _("Joint development (合作开发)")
    RENOVATION = "renovation", _("Technical renovation (技改提升)")
    REDEVELOP = "redevelop", _("Redevelopment (二次开发)")
