from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingLevel(models.TextChoices):
    """The level of government holding a meeting: the same codes as a blocker's level, so a
    decision is a blocker of the meeting's level."""

    ZONE = "zone", _("Zone level")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    MINUTES_ISSUED = "minutes_issued", _("Minutes issued")


class AgendaKind(models.TextChoices):
    """What an agenda item is about, in the order the agenda writes them."""

    OPEN_DECISION = "open_decision", _("Decision of the last meeting")
    RED_PROJECT = "red_project", _("Red project")
    YELLOW_PROJECT = "yellow_project", _("Yellow project")
    BLOCKER = "blocker", _("Escalated or overdue blocker")
    NO_UPDATE = "no_update", _("Project without an update this period")
    NOTE = "note", _("Other item")


class AgendaEdit(models.TextChoices):
    """What a hand edit does to an agenda item (the page's buttons, the API's ``op``)."""

    UP = "up", _("Move up")
    DOWN = "down", _("Move down")
    REMOVE = "remove", _("Remove")
    NOTE = "note", _("Note")
