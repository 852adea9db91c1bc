"""Sections of the project page that apps above projects add: investment its monthly figures
and plan entries, supervision (later) its blockers and rounds. The page shows what is
registered, so projects imports none of them (as NetBox's template extensions do).
"""

from collections.abc import Callable
from dataclasses import dataclass

MAIN, SIDE = "main", "side"


@dataclass(frozen=True)
class Panel:
    """One section of the project page.

    ``template`` is included with the page's context plus ``panel`` (what ``context`` returns
    for the project and whether the user may edit it); ``history`` gives the historical
    querysets of the section's objects and how to name each record in the page's history.
    """

    name: str
    template: str
    column: str
    context: Callable[..., dict]
    history: Callable[..., list[tuple]] | None = None
    order: int = 100


_registry: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add (or, for the same name, replace) a panel: called from an ``AppConfig.ready()``."""
    _registry[panel.name] = panel


def registered(column: str | None = None) -> list[Panel]:
    panels = sorted(_registry.values(), key=lambda panel: (panel.order, panel.name))
    return [panel for panel in panels if column is None or panel.column == column]
