"""Who changed what, when and from where: django-simple-history's records, and their display.

Every audited model keeps ``history = HistoricalRecords(bases=[ClientAddress])``, so each
historical row also stores the client address of the request that wrote it (from
zonetrack.clients, which believes X-Forwarded-For only from trusted proxies).

Each historical queryset is read once; changes are compared between consecutive versions of
the same object in memory, so a page of history costs one query per audited model, not per row.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.db import models
from django.db.models import Field, QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .clients import client_address

# Bookkeeping fields that change on every save and say nothing to a reader.
IGNORED_FIELDS = {"id", "updated_at", "created_at", "recorded_at", "recorded_by", "path"}

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def request_address() -> str | None:
    """The client address of the request being served, or None outside one (jobs, commands).

    A field default rather than a signal handler, because bulk_create_with_history and
    bulk_update_with_history build their historical rows without sending signals.
    """
    # simple_history's HistoryRequestMiddleware keeps the current request here.
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return None
    return client_address(request) or None


class ClientAddress(models.Model):
    """The base of every historical model: where the write came from."""

    ip_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True, default=request_address
    )

    class Meta:
        abstract = True


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEvent:
    when: datetime
    who: object
    subject: str
    action: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(
    model_field: "Field[Any, Any]", value: object, names: Mapping[tuple[Any, Any], str]
) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(names.get((model_field.related_model, value), value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def history_events(
    historical_querysets: Iterable[QuerySet[Any]],
    subject: Callable[[Any], str],
    *,
    related_names: Mapping[tuple[Any, Any], str] | None = None,
    limit: int = 50,
) -> list[HistoryEvent]:
    """The latest ``limit`` events over the given historical querysets, newest first.

    ``subject(record)`` names the object a record is about ("Signing", "2026-10 report");
    ``related_names`` maps (model, pk) to a display name for foreign keys that may change.
    """
    names = related_names or {}
    events: list[HistoryEvent] = []
    for queryset in historical_querysets:
        versions: dict[Any, list[Any]] = {}
        for record in queryset.select_related("history_user").order_by(
            "history_date", "history_id"
        ):
            versions.setdefault(record.id, []).append(record)
        for records in versions.values():
            events.append(_event(records[0], None, subject, names))
            events.extend(_event(new, old, subject, names) for old, new in pairwise(records))
    events = [event for event in events if event.kind != "~" or event.changes]
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:limit]


def _event(
    record: Any,
    previous: Any,
    subject: Callable[[Any], str],
    names: Mapping[tuple[Any, Any], str],
) -> HistoryEvent:
    model = record.instance_type
    event = HistoryEvent(
        when=record.history_date,
        who=record.history_user,
        subject=subject(record),
        action=ACTIONS.get(record.history_type, record.history_type),
        kind=record.history_type,
    )
    if previous is None or record.history_type != "~":
        return event
    # Compared here rather than with diff_against(), which skips non-editable fields such as
    # the derived stage, a change a reader wants to see.
    for tracked in previous.tracked_fields:
        if tracked.name in IGNORED_FIELDS:
            continue
        old = getattr(previous, tracked.attname)
        new = getattr(record, tracked.attname)
        if old == new:
            continue
        model_field = model._meta.get_field(tracked.name)
        event.changes.append(
            FieldChange(
                label=str(model_field.verbose_name),
                old=_display(model_field, old, names),
                new=_display(model_field, new, names),
            )
        )
    return event
