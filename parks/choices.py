from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneKind(models.TextChoices):
    NATIONAL_ETDZ = "national_etdz", _("National economic and technological development zone")
    NATIONAL_HITECH = "national_hitech", _("National high-tech zone")
    NEW_AREA = "new_area", _("New area")
    PROVINCIAL = "provincial", _("Provincial development zone")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    OFFICIAL = "official", _("Zone official")
    ZONE_LEAD = "zone_lead", _("Zone lead")
    LEADERSHIP = "leadership", _("Leadership")
