from django.db import models
from django.utils.translation import gettext_lazy as _


class LightColor(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    GREY = "grey", _("Grey")


# Worse colours rank higher: a project's light is the worst of its rules.
SEVERITY = {LightColor.GREEN: 0, LightColor.YELLOW: 1, LightColor.RED: 2}


class LightRuleKind(models.TextChoices):
    """The rule codes of the contract (SPEC section 13), in the order pages list them."""

    START_LATE = "start_late", _("New start not started after its planned start")
    INVESTMENT_BEHIND = "investment_behind", _("Investment behind time progress")
    UPDATE_OVERDUE = "update_overdue", _("Progress update overdue")
    BLOCKER_OVERDUE = "blocker_overdue", _("Blocker past its deadline")
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone past its planned date")
    NOTICE_UNANSWERED = "notice_unanswered", _("Supervision notice unanswered past its deadline")
