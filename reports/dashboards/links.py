"""Links from a number to the projects behind it (the officials' filtered project list)."""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import reverse

from investment.choices import PlanType
from projects.choices import MilestoneKind

from ..choices import ScopeType
from ..figures.period import Period

# A pk no page links to, put in a URL to find where a pk goes.
_MARKER = 918273645


def reverser(name: str) -> Callable[[object], str]:
    """``reverse(name, args=[pk])`` for many pks (a table's rows): the URL reversed once, each
    pk written in its place (reversing costs some 20 µs a URL)."""
    head, tail = reverse(name, args=[_MARKER]).split(str(_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


@lru_cache(maxsize=1024)
def _encoded(params: tuple[tuple[str, object], ...]) -> str:
    """``urlencode(params)``: the rows of a table link the same filters, each to its place
    (a province's 65 zones, a dozen links a row)."""
    return urlencode(params)


class ProjectLinks:
    """URLs of the officials' project list (/projects/) filtered to the projects behind a
    figure of ``period``, within a zone, a park, a region or everything the user reads.
    ``base``: the list's URL, when the caller reversed it already (a table's rows).
    """

    def __init__(self, period: Period, base: str | None = None, **place):
        self.period = period
        self.place = {name: value for name, value in place.items() if value is not None}
        self.base = base or reverse("projects:list")
        self._place_query = urlencode(self.place)

    @classmethod
    def for_scope(cls, scope, period):
        if scope.type == ScopeType.ZONE:
            return cls(period, zone=scope.id)
        if scope.type == ScopeType.REGION:
            return cls(period, region=scope.id)
        return cls(period)

    def url(self, **params) -> str:
        params = {k: v for k, v in params.items() if v is not None}
        if not params:
            query = self._place_query
        elif not self.place:
            query = _encoded(tuple(params.items()))
        elif params.keys().isdisjoint(self.place):
            # The place's query encoded once: the same as encoding {**place, **params}.
            query = f"{self._place_query}&{_encoded(tuple(params.items()))}"
        else:
            query = urlencode({**self.place, **params})
        return f"{self.base}?{query}" if query else self.base

    @property
    def year_start(self):
        return self.period.start.isoformat()

    @property
    def year_end(self):
        return self.period.year_end.isoformat()

    @property
    def end(self):
        return self.period.end.isoformat()

    def all(self):
        return self.url()

    def signed(self, minimum=None):
        return self.url(
            signed_from=self.year_start, signed_to=self.end, min_investment=minimum and int(minimum)
        )

    def plan(self, plan_type=None, **params):
        return self.url(plan_year=self.period.year, plan_type=plan_type, **params)

    def started_new(self):
        return self.plan(
            PlanType.NEW, milestone=MilestoneKind.GROUNDBREAKING, reached_to=self.period.as_of
        )

    def resumed(self):
        return self.plan(PlanType.CONTINUING, resumed_to=self.period.as_of)

    def planned_completion(self, done=False):
        return self.plan(
            milestone=MilestoneKind.COMPLETION,
            due_from=self.year_start,
            due_to=self.year_end,
            reached_to=self.period.as_of if done else None,
        )

    def reached(self, kind):
        """Projects whose milestone of ``kind`` was reached by D (at any time)."""
        return self.url(milestone=kind, reached_to=self.period.as_of)

    def in_year(self, kind):
        """Projects whose milestone of ``kind`` was reached in the year (up to D)."""
        return self.url(milestone=kind, reached_from=self.year_start, reached_to=self.end)

    def stage(self, stage):
        return self.url(stage=stage)

    # For templates, which call methods without arguments.
    @property
    def reached_signing(self):
        return self.reached(MilestoneKind.SIGNING)

    @property
    def reached_groundbreaking(self):
        return self.reached(MilestoneKind.GROUNDBREAKING)

    @property
    def reached_completion(self):
        return self.reached(MilestoneKind.COMPLETION)

    @property
    def reached_production(self):
        return self.reached(MilestoneKind.PRODUCTION)
