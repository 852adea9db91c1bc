from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    PLAN_NOT_STARTED = "plan_not_started", _("New start not started")
    REPORT_MISSING = "report_missing", _("Monthly report missing")
    TARGET_BEHIND = "target_behind", _("Target behind time")
    # Raised by the nightly verification of the figures, for admins only.
    FIGURES_DIFFER = "figures_differ", _("Figures differed from the data")


class BlockerCategory(models.TextChoices):
    LAND = "land", _("Land")
    APPROVALS = "approvals", _("Planning and approvals")
    FUNDING = "funding", _("Funding")
    UTILITIES = "utilities", _("Water, power and gas")
    DEMOLITION = "demolition", _("Land acquisition and demolition")
    ENVIRONMENT = "environment", _("Environmental and energy assessment")
    OTHER = "other", _("Other")


class BlockerLevel(models.TextChoices):
    """The level of government that must solve a blocker, lowest first: escalating moves a
    blocker one step up this list."""

    ZONE = "zone", _("Zone level")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")


class BlockerStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class BlockerAction(models.TextChoices):
    ASSIGN = "assign", _("Assign")
    START = "start", _("Start handling")
    RESOLVE = "resolve", _("Report resolved")
    CLOSE = "close", _("Confirm and close")
    REOPEN = "reopen", _("Reopen")
    ESCALATE = "escalate", _("Escalate")


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REPLIED = "replied", _("Replied")
    ESCALATED = "escalated", _("Escalated")


class TaskForceRole(models.TextChoices):
    LEAD = "lead", _("Task force lead")
    MEMBER = "member", _("Member")


class UpdateState(models.TextChoices):
    """Where a key project stands with its progress updates on a day (the project list's
    filter behind the update figures)."""

    RECEIVED = "received", _("Update for this period received")
    MISSING = "missing", _("Update for this period missing")
    LATE = "late", _("Update for the previous period late")


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")
