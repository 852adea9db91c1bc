"""Where the lights show in the pages of projects: a dot on each row of the project list
(reasons on hover), a panel of the project page, and the list's ``light`` filter."""

import django_filters
from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from projects.panels import SIDE, Panel
from projects.rows import RowMark
from zonetrack.db import today

from .choices import LightColor
from .models import ProjectLight
from .reasons import summary, texts


def load_dots(projects) -> dict[int, dict]:
    """Project id -> its current light (colour, reasons on one line): one query a page."""
    if not projects:
        return {}
    day = today()
    lights = ProjectLight.objects.current().filter(project__in=[p.pk for p in projects])
    return {
        light.project_id: {
            "color": light.color,
            "label": LightColor(light.color).label,
            "summary": summary(light.reasons, day),
        }
        for light in lights.only("project_id", "color", "reasons")
    }


def light_panel(project, *, can_edit) -> dict:
    day = today()
    light = ProjectLight.objects.current().filter(project=project).first()
    if light is None:
        return {"light": None}
    return {
        "light": light,
        "label": LightColor(light.color).label,
        "reasons": texts(light.reasons, day),
    }


PANEL = Panel("supervision-light", "supervision/_project_light.html", SIDE, light_panel, order=10)
ROW_MARK = RowMark("supervision-light", "supervision/_light_dot.html", load_dots)


# The order of rows "reds first": red, yellow, green, grey, then projects without a light.
REDS_FIRST = (LightColor.RED, LightColor.YELLOW, LightColor.GREEN, LightColor.GREY)


def reds_first(project_ref: str = "pk") -> Coalesce:
    """An ordering key of rows by their project's current light, the reds first (a
    subquery of the same query: no query more). ``project_ref`` names the project's id."""
    rank = Case(
        *(When(color=color, then=Value(rank)) for rank, color in enumerate(REDS_FIRST)),
        output_field=IntegerField(),
    )
    current = ProjectLight.objects.filter(project=OuterRef(project_ref), valid_to__isnull=True)
    return Coalesce(
        Subquery(current.order_by().annotate(rank=rank).values("rank")[:1]),
        Value(len(REDS_FIRST)),
    )


def filter_light(queryset, name, value):
    if not value:
        return queryset
    current = ProjectLight.objects.filter(
        project=OuterRef("pk"), valid_to__isnull=True, color=value
    )
    return queryset.filter(Exists(current))


def project_light_filters() -> dict:
    """``light=red|yellow|green|grey``: projects whose current light has that colour."""
    return {
        "light": django_filters.ChoiceFilter(
            choices=LightColor.choices, method=filter_light, label=_("Light")
        )
    }
