"""Marks that apps above projects add to the rows of the project list (supervision: the
light's dot), as ``panels`` does for the project page: projects imports none of them.

A mark's ``load`` takes the projects of a page and returns, per project id, the context of
its template; it runs once per page (a fixed number of queries, however many rows).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowMark:
    name: str
    template: str
    load: Callable[[list[Any]], dict[int, dict]]
    order: int = 100


_registry: dict[str, RowMark] = {}


def register(mark: RowMark) -> None:
    """Add (or, for the same name, replace) a mark: called from an ``AppConfig.ready()``."""
    _registry[mark.name] = mark


def mark_rows(projects: Iterable[Any]) -> None:
    """Set ``project.marks`` (template, context) on each of ``projects``."""
    projects = list(projects)
    for project in projects:
        project.marks = []
    for mark in sorted(_registry.values(), key=lambda mark: (mark.order, mark.name)):
        contexts = mark.load(projects)
        for project in projects:
            if project.pk in contexts:
                project.marks.append({"template": mark.template, "context": contexts[project.pk]})
