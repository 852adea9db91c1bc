"""A JSON renderer that splices ready-made JSON text into an answer instead of parsing it and
rendering it again: /api/stats/ for every zone lists 10,000 targets (about 5 MB), kept as
JSON text in the zones' rollups.

A value of the answer's top-level object given as ``JSONText`` is written as it stands; the
rest is rendered as ``JSONRenderer`` renders it, so the bytes are those ``JSONRenderer``
would write for the parsed value. The text must be compact JSON as ``compact_json`` writes
it; when the API is set to render otherwise (indented, as the browsable API asks; ASCII only;
not compact), the text is parsed and rendered like any value.
"""

from collections.abc import Iterable
from typing import Any

from rest_framework.renderers import JSONRenderer
from rest_framework.utils import json


class JSONText:
    """The JSON text of one value, UTF-8, in parts (joined, they are the text: megabytes of
    it are copied once, into the answer), to be written into the answer as it stands."""

    __slots__ = ("parts",)

    def __init__(self, parts: Iterable[bytes]):
        self.parts = list(parts)

    def __bytes__(self) -> bytes:
        return b"".join(self.parts)

    def __repr__(self) -> str:
        return f"JSONText({bytes(self)[:60]!r}...)"

    def value(self) -> Any:
        return json.loads(bytes(self).decode())


def compact_json(value: Any) -> str:
    """``value`` as the API renders it by default (compact, unicode, strict): the text of a
    ``JSONText``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class SplicingJSONRenderer(JSONRenderer):
    """``JSONRenderer``, writing the ``JSONText`` values of the top-level object as they are."""

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if not isinstance(data, dict) or not any(isinstance(v, JSONText) for v in data.values()):
            return super().render(data, accepted_media_type, renderer_context)
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent is not None or self.ensure_ascii or not self.compact or not self.strict:
            parsed = {k: v.value() if isinstance(v, JSONText) else v for k, v in data.items()}
            return super().render(parsed, accepted_media_type, renderer_context)
        pieces: list[bytes] = []
        for key, value in data.items():
            pieces.append(b"," if pieces else b"{")
            if isinstance(value, JSONText):
                pieces += [compact_json(str(key)).encode(), b":", *value.parts]
            else:
                # "key":value, rendered as {"key":value} without its braces.
                pieces.append(super().render({key: value}, accepted_media_type)[1:-1])
        pieces.append(b"}")
        return b"".join(pieces)
