from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeType(models.TextChoices):
    ZONE = "zone", _("Zone")
    REGION = "region", _("Region")
    ALL = "all", _("All zones")


class AlertKind(models.TextChoices):
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    PLAN_NOT_STARTED = "plan_not_started", _("New start not started")
    REPORT_MISSING = "report_missing", _("Monthly report missing")
    TARGET_BEHIND = "target_behind", _("Target behind time")


class TargetStatus(models.TextChoices):
    DONE = "done", _("Done")
    AHEAD = "ahead", _("On or ahead of time")
    BEHIND = "behind", _("Behind time")
