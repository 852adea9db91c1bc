"""The pages nginx answers itself (deploy/nginx/zonetrack.conf's error_page 413 and 414, static
files under static/errors/): the product's format, in step with the app's own pages.
scripts/stack_smoke.sh checks them through nginx."""

import json
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parent.parent
ERRORS = ROOT / "static" / "errors"
SITE = (ROOT / "deploy" / "nginx" / "zonetrack.conf").read_text()


@pytest.mark.parametrize("code", ["413", "414"])
def test_nginx_answers_the_code_with_the_static_pages(code):
    assert f"error_page {code} /_errors/{code}.$zonetrack_error_format;" in SITE
    assert json.loads((ERRORS / f"{code}.json").read_text())["detail"]
    page = (ERRORS / f"{code}.html").read_text()
    assert 'id="error-page"' in page and 'href="/" id="error-home"' in page
    assert "/static/css/zonetrack.css" in page


def test_the_static_414_page_says_what_the_apps_414_page_says_in_both_languages():
    page = (ERRORS / "414.html").read_text()
    for english in (
        "The address is too long",
        "The address carries more filters than the server reads. Choose fewer filters and "
        "try again.",
    ):
        assert english in page
        with translation.override("zh-hans"):
            assert gettext(english) in page
    # Chinese first.
    assert page.index("地址过长") < page.index("The address is too long")


def test_the_static_413_page_names_nginxs_body_limit():
    limit = re.search(r"client_max_body_size (\d+)m;", SITE)
    assert limit
    for name in ("413.html", "413.json"):
        assert f"{limit.group(1)} MB" in (ERRORS / name).read_text()


def test_api_addresses_get_json_and_others_html():
    # The map reads the request line: "GET /api/... HTTP/1.1" (or an absolute URI).
    pattern = re.search(r'map \$request \$zonetrack_error_format \{\s*"~([^"]+)" json;', SITE)
    assert pattern
    api = re.compile(pattern.group(1))
    assert api.match("GET /api/projects/?q=x HTTP/1.1")
    assert api.match("POST https://zonetrack.example.gov/api/projects/ HTTP/1.1")
    assert api.match("GET /api/projects/?q=" + "x" * 200)  # a line cut short
    assert not api.match("GET /projects/?next=/api/ HTTP/1.1")
    assert not api.match("GET /apidocs/ HTTP/1.1")
