"""Every write of the data the figures are made of leaves a note for the zone's rollup.

The models whose querysets derive from ``zonetrack.changes.TrackedQuerySet`` are the data of
the figures: their bulk writes announce themselves on ``figures_changed``, and their saves and
deletes send Django's signals; both are turned into ``RollupChange`` rows here, in the
transaction of the write. A row moved to another zone (or project) notes both. A migration
may change data through historical models, which announce nothing: after one, every rollup
is recomputed on its next read.
"""

import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import reduce
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.db.models.signals import (
    post_delete,
    post_init,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

from parks.models import Region, Zone
from zonetrack.changes import REGION, ZONE, figures_changed, key_of

from ..models import ZoneRollup
from .rollups import forget_regions, record_change

LOADED = "_zonetrack_loaded_key"
# A row loaded without its key (``only()``, ``defer()``): read the stored key before a write.
UNKNOWN = "_zonetrack_unknown_key"


def tracked_models() -> list[type[Model]]:
    """The models whose writes change the figures."""
    return [model for model in apps.get_models() if key_of(model)]


def _announced(
    sender: Any,
    zone_ids: frozenset[int],
    project_ids: frozenset[int],
    region_ids: frozenset[int] = frozenset(),
    **kwargs: Any,
) -> None:
    record_change(zone_ids | _zones_below(region_ids), project_ids)


def _zones_below(region_ids: Iterable[int]) -> set[int]:
    """The zones of the regions ``region_ids`` and of every region below them."""
    paths = list(Region.objects.filter(pk__in=list(region_ids)).values_list("path", flat=True))
    if not paths:
        return set()
    below = reduce(operator.or_, (Q(region__path__startswith=path) for path in paths))
    return set(Zone.objects.filter(below).values_list("pk", flat=True))


def _loaded(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # From __dict__, so that a deferred field is not fetched.
    instance.__dict__[LOADED] = instance.__dict__.get(f"{key_of(sender)}_id", UNKNOWN)


def _writing(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # A row loaded without its key: the key it has now, before the write changes it.
    if instance.__dict__.get(LOADED) == UNKNOWN:
        stored = sender._base_manager.filter(pk=instance.pk)
        instance.__dict__[LOADED] = stored.values_list(f"{key_of(sender)}_id", flat=True).first()


def _written(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    name = f"{key_of(sender)}_id"
    before = instance.__dict__.get(LOADED)
    # Still deferred (not assigned): unchanged, and not fetched (a deleted row is gone).
    now = instance.__dict__.get(name, before)
    keys = {now, before} - {None, UNKNOWN}
    instance.__dict__[LOADED] = now
    if key_of(sender) == ZONE:
        record_change(zone_ids=keys)
    elif key_of(sender) == REGION:
        record_change(zone_ids=_zones_below(keys))
    else:
        record_change(project_ids=keys)


# Where a zone or region sits: moving one changes which region rows add up its rollup.
PLACE = {"parks.zone": "region_id", "parks.region": "path"}
PLACED = "_zonetrack_placed"


def _place_loaded(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    instance.__dict__[PLACED] = instance.__dict__.get(PLACE[sender._meta.label_lower])


def _place_saved(sender: type[Model], instance: Any, created: bool = False, **kwargs: Any) -> None:
    place = getattr(instance, PLACE[sender._meta.label_lower])
    if not created and instance.__dict__.get(PLACED) != place:
        forget_regions()
    instance.__dict__[PLACED] = place


def _place_deleted(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    forget_regions()


def _migrated(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    if plan:
        ZoneRollup.objects.update(as_of=date.min)
        forget_regions()


def disconnect() -> None:
    """Undo ``connect``: writes leave no notes until it is called again."""
    figures_changed.disconnect(dispatch_uid="zt-rollup-announced")
    post_migrate.disconnect(dispatch_uid="zt-rollup-migrated")
    for model in tracked_models():
        label = model._meta.label_lower
        post_init.disconnect(sender=model, dispatch_uid=f"zt-rollup-init-{label}")
        pre_save.disconnect(sender=model, dispatch_uid=f"zt-rollup-pre-save-{label}")
        pre_delete.disconnect(sender=model, dispatch_uid=f"zt-rollup-pre-delete-{label}")
        post_save.disconnect(sender=model, dispatch_uid=f"zt-rollup-save-{label}")
        post_delete.disconnect(sender=model, dispatch_uid=f"zt-rollup-delete-{label}")


@contextmanager
def suspended() -> Iterator[None]:
    """Writes inside leave no ``RollupChange`` (for the benchmark only, to time a write
    without the tracking). The rollups cannot tell what changed meanwhile, so on leaving
    every one is marked stale: its next read recomputes it."""
    disconnect()
    try:
        yield
    finally:
        connect()
        ZoneRollup.objects.update(as_of=date.min)


def connect() -> None:
    figures_changed.connect(_announced, dispatch_uid="zt-rollup-announced")
    post_migrate.connect(_migrated, dispatch_uid="zt-rollup-migrated")
    for place in (Zone, Region):
        name = place._meta.label_lower
        post_init.connect(_place_loaded, sender=place, dispatch_uid=f"zt-place-init-{name}")
        post_save.connect(_place_saved, sender=place, dispatch_uid=f"zt-place-save-{name}")
        post_delete.connect(_place_deleted, sender=place, dispatch_uid=f"zt-place-delete-{name}")
    for model in tracked_models():
        label = model._meta.label_lower
        post_init.connect(_loaded, sender=model, dispatch_uid=f"zt-rollup-init-{label}")
        pre_save.connect(_writing, sender=model, dispatch_uid=f"zt-rollup-pre-save-{label}")
        pre_delete.connect(_writing, sender=model, dispatch_uid=f"zt-rollup-pre-delete-{label}")
        post_save.connect(_written, sender=model, dispatch_uid=f"zt-rollup-save-{label}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"zt-rollup-delete-{label}")
