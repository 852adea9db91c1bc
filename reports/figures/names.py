"""The field names of the figures' dataclasses, looked up once per class: adding up and
decoding thousands of zones' figures would otherwise rebuild them at every call
(``dataclasses.fields`` is not cached)."""

from dataclasses import fields
from functools import cache
from typing import Any


def field_names(cls: type) -> tuple[str, ...]:
    return _names(cls)


@cache
def _names(cls: Any) -> tuple[str, ...]:
    # Any: a dataclass with eq has unhashable instances, which mypy takes its class for.
    return tuple(f.name for f in fields(cls))
