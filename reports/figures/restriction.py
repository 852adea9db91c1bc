"""Which projects the plan figures count (the seeds' denominators): by level (市级以上), by
category (工业项目) and from a total investment up.

The seeds judge a zone's start rate, 开复工率 and investment completion over a part of its
plan: "市级以上重点项目开工率", "新开工工业项目", "亿元以上项目". A restriction is one filter on
the plan entries' projects, added to the same queries, so it costs no query.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from projects.choices import categories_in, levels_in

from .numbers import money


@dataclass(frozen=True)
class Restriction:
    """A level or level group (``LEVEL_FILTER_CHOICES``), a category or category group
    (``CATEGORY_FILTER_CHOICES``) and a minimum total investment (万元); empty values count
    every project.
    """

    level: str = ""
    category: str = ""
    min_investment: Decimal | None = None

    def q(self, to_project: str = "project") -> Q:
        """The filter at the lookup path ``to_project`` ("project"; "" for a Project)."""
        prefix = f"{to_project}__" if to_project else ""
        condition = Q()
        if self.level:
            condition &= Q(**{f"{prefix}level__in": levels_in(self.level)})
        if self.category:
            condition &= Q(**{f"{prefix}category__in": categories_in(self.category)})
        if self.min_investment is not None:
            condition &= Q(**{f"{prefix}total_investment__gte": self.min_investment})
        return condition

    def __bool__(self) -> bool:
        return bool(self.level or self.category or self.min_investment is not None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level or None,
            "category": self.category or None,
            "min_investment": (
                money(self.min_investment) if self.min_investment is not None else None
            ),
        }


# Every project: the plan figures of SPEC section 6 as they stand.
EVERY_PROJECT = Restriction()
