from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    PLAN_NOT_STARTED = "plan_not_started", _("New start not started")
    REPORT_MISSING = "report_missing", _("Monthly report missing")
    TARGET_BEHIND = "target_behind", _("Target behind time")
