"""Chinese is the default language: every marked string must have a Chinese translation."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
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


def test_the_catalog_holds_every_message_the_sources_mark(tmp_path, settings, monkeypatch):
    """A string marked since the catalog was last made (a model's new verbose name) is
    shown in English until makemessages brings it in and someone translates it. It runs on
    a copy of the sources: makemessages writes into the locale directory it finds."""
    if shutil.which("xgettext") is None:
        reason = "xgettext (Debian's gettext) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {reason}")
        pytest.skip(
            f"GETTEXT UNAVAILABLE, the catalog is not checked against the sources: {reason}"
        )
    copy = tmp_path / "sources"
    skipped = shutil.ignore_patterns(".*", "node_modules", "vendor", "artifacts", "*.mo")
    shutil.copytree(settings.BASE_DIR, copy, ignore=skipped)
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], verbosity=0)
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    new = [entry.msgid for entry in [*fresh.untranslated_entries(), *fresh.fuzzy_entries()]]
    assert new == [], f"run manage.py makemessages -l zh_Hans and translate: {new}"
