"""Chinese is the default language: every marked string must have a Chinese translation."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

from projects.choices import Stage

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_to_chinese():
    catalog = polib.pofile(str(PO))
    missing = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert missing == [], f"untranslated: {missing}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"


def test_the_compiled_catalog_is_not_older_than_the_source():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run manage.py compilemessages"
    compiled = polib.mofile(str(mo))
    source = polib.pofile(str(PO))
    assert {e.msgid: e.msgstr for e in compiled} == {
        e.msgid: e.msgstr for e in source.translated_entries()
    }, "locale/…/django.mo is stale: run manage.py compilemessages"


def test_chinese_is_the_default_and_english_is_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert str(Stage.UNDER_CONSTRUCTION.label) == "在建"
    with translation.override("en"):
        assert str(Stage.UNDER_CONSTRUCTION.label) == "Under construction"
