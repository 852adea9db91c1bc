"""The API's JSON parser, bounded in nesting: a body nested deeper than any of the API's
bodies is a 400 naming the limit, found before the decoder runs.

Python's decoder recurses once per nesting level: a body of 100,000 opening brackets would
exhaust the stack (a RecursionError, so a 500). The body's size is bounded before it gets
here: DRF reads it through ``request.body``, which refuses more than
DATA_UPLOAD_MAX_MEMORY_SIZE (answered 413 by zonetrack.errors).
"""

import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

# The deepest of the API's bodies is an object of lists of objects (3); 32 leaves room.
MAX_DEPTH = 32

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings aside)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise exceptions.ParseError(
                _("JSON parse error - {error}").format(error=error)
            ) from None
        if nesting_depth(text) > MAX_DEPTH:
            raise exceptions.ParseError(
                _("JSON parse error - arrays and objects nest more than {n} levels deep.").format(
                    n=MAX_DEPTH
                )
            )
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as error:
            raise exceptions.ParseError(
                _("JSON parse error - {error}").format(error=error)
            ) from None
