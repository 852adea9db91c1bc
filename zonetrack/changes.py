"""Writes that change the figures, announced in the transaction that makes them.

The figures of a zone are maintained (``reports.rollups``) and must change with every write
of the rows they are made of, whichever way the write goes: ``save()`` and ``delete()``
send Django's signals, but ``QuerySet.update()``, ``delete()``, ``bulk_create()`` and
``bulk_update()`` send none. The querysets of those models derive from ``TrackedQuerySet``,
which announces each such write on ``figures_changed`` before it returns, in the same
transaction. Lower layers cannot import the reports layer, so it listens instead.

A model names how its rows reach a zone in ``changes_by``: ``"zone"`` (a row of a zone: a
project, a target, a land parcel), ``"project"`` (a row of a project's data: a milestone,
a monthly report, a blocker) or ``"region"`` (a row of a region that applies to every zone
below it: a line of the attraction teams' size table).
"""

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, ClassVar

from django.db import models
from django.dispatch import Signal

# Sent with ``zone_ids``, ``project_ids`` and ``region_ids`` (frozensets of ints; any may
# be empty).
figures_changed = Signal()

ZONE = "zone"
PROJECT = "project"
REGION = "region"


def announce(
    sender: type[models.Model],
    zone_ids: Iterable[int | None] = (),
    project_ids: Iterable[int | None] = (),
    region_ids: Iterable[int | None] = (),
) -> None:
    zones = frozenset(pk for pk in zone_ids if pk is not None)
    projects = frozenset(pk for pk in project_ids if pk is not None)
    regions = frozenset(pk for pk in region_ids if pk is not None)
    if zones or projects or regions:
        figures_changed.send(
            sender=sender, zone_ids=zones, project_ids=projects, region_ids=regions
        )


@cache  # asked at every row loaded (post_init): its queryset class is built once
def key_of(model: type[models.Model]) -> str:
    """``"zone"`` or ``"project"``: what a row of ``model`` is announced by."""
    queryset_class = type(model._default_manager.get_queryset())
    return getattr(queryset_class, "changes_by", "")


class TrackedQuerySet(models.QuerySet[Any]):
    """A queryset whose bulk writes announce the zones or projects they touch."""

    changes_by: ClassVar[str] = PROJECT

    @property
    def _key(self) -> str:
        return f"{self.changes_by}_id"

    def _announce_rows(self) -> None:
        keys = set(self.order_by().values_list(self._key, flat=True).distinct())
        self._announce(keys)

    def _announce_objects(self, objs: Iterable[models.Model]) -> None:
        self._announce({getattr(obj, self._key) for obj in objs})

    def _announce(self, keys: Iterable[int | None]) -> None:
        announce(self.model, **{f"{self.changes_by}_ids": keys})

    def update(self, **kwargs: Any) -> int:
        # The rows' keys before the update (a row moved to another zone leaves one) and the
        # key it is moved to.
        self._announce_rows()
        moved_to = kwargs.get(self.changes_by, kwargs.get(self._key))
        if hasattr(moved_to, "resolve_expression"):
            # An expression (bulk_update's Case(When(...)), an F()): the keys it moves the
            # rows to are known once it has run.
            pks = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            self.model._default_manager.filter(pk__in=pks)._announce_rows()
            return updated
        if moved_to is not None:
            self._announce([getattr(moved_to, "pk", moved_to)])
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._announce_rows()
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        self._announce_objects(created)
        return created

    def bulk_update(  # type: ignore[override]
        self, objs: Iterable[Any], fields: Sequence[str], *args: Any, **kwargs: Any
    ) -> int:
        objs = list(objs)
        if self._key in fields or self.changes_by in fields:
            # Moved rows: the keys they had, then (below) the keys they have.
            self.filter(pk__in=[obj.pk for obj in objs])._announce_rows()
        self._announce_objects(objs)
        return super().bulk_update(objs, fields, *args, **kwargs)
