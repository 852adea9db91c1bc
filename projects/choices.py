from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    SERVICES = "services", _("Services")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    URBAN = "urban", _("Urban development")
    LIVELIHOOD = "livelihood", _("Livelihood")
    TECH_RENOVATION = "tech_renovation", _("Technical renovation")
    INNOVATION = "innovation", _("Innovation")


class Level(models.TextChoices):
    PROVINCIAL_MAJOR = "provincial_major", _("Provincial major project")
    CITY_KEY = "city_key", _("City key project")
    DISTRICT_KEY = "district_key", _("District key project")
    GENERAL = "general", _("General project")


class CategoryGroup(models.TextChoices):
    """Named groups of categories the seeds count by (工业项目: factories and their upgrades)."""

    INDUSTRIAL = "industrial", _("Industrial (manufacturing and technical renovation)")


class LevelGroup(models.TextChoices):
    """Named groups of levels the seeds count by (市级以上: provincial major and city key)."""

    CITY_AND_ABOVE = "city_and_above", _("City key and above")


CATEGORY_GROUPS: dict[str, tuple[str, ...]] = {
    CategoryGroup.INDUSTRIAL: (Category.MANUFACTURING, Category.TECH_RENOVATION)
}
LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    LevelGroup.CITY_AND_ABOVE: (Level.PROVINCIAL_MAJOR, Level.CITY_KEY)
}
# What a figure or a target may be restricted to: a named group or one category or level.
CATEGORY_FILTER_CHOICES = [*CategoryGroup.choices, *Category.choices]
LEVEL_FILTER_CHOICES = [*LevelGroup.choices, *Level.choices]


def categories_in(value: str) -> tuple[str, ...]:
    """The categories a category filter (a group or one category) selects."""
    return CATEGORY_GROUPS.get(value, (value,))


def levels_in(value: str) -> tuple[str, ...]:
    """The levels a level filter (a group or one level) selects."""
    return LEVEL_GROUPS.get(value, (value,))


class CapitalSource(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic")
    OUT_OF_PROVINCE = "out_of_province", _("Out of province")
    FOREIGN = "foreign", _("Foreign")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every half month")
    MONTHLY = "monthly", _("Monthly")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    STALLED = "stalled", _("Stalled")
    CANCELLED = "cancelled", _("Cancelled")


class Stage(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")


class MilestoneKind(models.TextChoices):
    """The four milestones, declared in the order they happen."""

    SIGNING = "signing", _("Signing")
    GROUNDBREAKING = "groundbreaking", _("Groundbreaking")
    COMPLETION = "completion", _("Completion")
    PRODUCTION = "production", _("Production")


MILESTONE_ORDER = list(MilestoneKind.values)

# The stage a project reaches with each milestone's actual date.
STAGE_AFTER: dict[str, Stage] = {
    MilestoneKind.SIGNING: Stage.SIGNED,
    MilestoneKind.GROUNDBREAKING: Stage.UNDER_CONSTRUCTION,
    MilestoneKind.COMPLETION: Stage.COMPLETED,
    MilestoneKind.PRODUCTION: Stage.IN_PRODUCTION,
}
