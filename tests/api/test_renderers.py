"""The splicing JSON renderer writes ready-made JSON text as the JSON renderer would write its
value, byte for byte, and parses it when asked for another layout."""

from rest_framework.renderers import JSONRenderer

from zonetrack.api.renderers import JSONText, SplicingJSONRenderer, compact_json

TARGETS = [
    {"metric": "signed_count", "progress": 0.6271, "actual": "14.00", "category": None},
    {"name": "开发区\u2028é", "quarters": [{"quarter": 1, "target": "4.00"}], "ok": True},
]


def spliced(targets):
    """The JSON text of a list, in parts, as the rollups give every zone's targets."""
    first, second = (compact_json(target).encode() for target in targets)
    return JSONText([b"[", first, b",", second, b"]"])


def answer(targets):
    return {"scope": {"type": "all", "name": "全部"}, "year": 2026, "targets": targets, "n": 1.5}


def test_it_writes_the_text_as_the_json_renderer_writes_its_value():
    text = spliced(TARGETS)
    assert text.value() == TARGETS
    written = SplicingJSONRenderer().render(answer(text))
    assert written == JSONRenderer().render(answer(TARGETS))
    assert b"\\u2028" in written and "开发区".encode() in written


def test_it_parses_the_text_when_asked_to_indent_as_the_browsable_api_does():
    context = {"indent": 4}
    written = SplicingJSONRenderer().render(answer(spliced(TARGETS)), None, context)
    assert written == JSONRenderer().render(answer(TARGETS), None, context)
    indented = "application/json; indent=2"
    written = SplicingJSONRenderer().render(answer(spliced(TARGETS)), indented)
    assert written == JSONRenderer().render(answer(TARGETS), indented)


def test_it_parses_the_text_when_the_api_writes_ascii_only():
    class Ascii(SplicingJSONRenderer):
        ensure_ascii = True

    class AsciiJSON(JSONRenderer):
        ensure_ascii = True

    assert Ascii().render(answer(spliced(TARGETS))) == AsciiJSON().render(answer(TARGETS))


def test_it_renders_other_answers_as_the_json_renderer_does():
    for data in (answer(TARGETS), [1, {"a": "é"}], {}, None, {"detail": "未找到。"}):
        assert SplicingJSONRenderer().render(data) == JSONRenderer().render(data)
