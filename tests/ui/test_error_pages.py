"""Error pages in the site's layout, in Chinese and English, each with a way home; JSON under
/api/; never Django's technical page with DEBUG off."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.ui.error_urls"


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def _assert_error_page(response, status, text):
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert 'id="error-page"' in body
    assert text in body
    assert 'id="error-home" href="/"' in body or 'href="/" id="error-home"' in body
    assert "zonetrack.css" in body
    assert "Traceback" not in body and "technical" not in body.lower()


def test_an_unknown_address_shows_the_404_page_in_chinese(client, alice):
    client.force_login(alice)

    response = client.get("/no-such-page/")

    _assert_error_page(response, 404, "页面不存在")
    # In the site's layout: the signed-in user keeps the navigation.
    assert 'class="navbar' in response.content.decode()


def test_the_404_page_speaks_english_to_a_user_who_chose_it(client, alice):
    client.force_login(alice)
    _english(client)

    _assert_error_page(client.get("/no-such-page/"), 404, "This page does not exist")


def test_a_project_outside_the_users_zones_is_a_404_page(client, alice, zone_b):
    project = ProjectFactory(zone=zone_b)
    client.force_login(alice)

    _assert_error_page(client.get(reverse("projects:detail", args=[project.pk])), 404, "页面不存在")


def test_a_refused_action_shows_the_403_page(client, alice):
    client.force_login(alice)

    _assert_error_page(client.get("/test-errors/forbidden/"), 403, "无权进行此操作")
    _english(client)
    _assert_error_page(client.get("/test-errors/forbidden/"), 403, "You may not do this")


def test_a_suspicious_request_shows_the_400_page(client, alice):
    client.force_login(alice)

    _assert_error_page(client.get("/test-errors/bad/"), 400, "无法处理该请求")
    _english(client)
    _assert_error_page(client.get("/test-errors/bad/"), 400, "The request could not be understood")


def test_a_nul_byte_gets_the_400_page_not_plain_text(client):
    _assert_error_page(client.get("/projects/", {"q": "a\x00b"}), 400, "无法处理该请求")


def test_a_server_error_shows_the_500_page_without_touching_the_database(
    browser, alice, django_assert_num_queries
):
    browser.force_login(alice)

    # The navigation would read the session, the user and the alerts: the 500 page reads none.
    with django_assert_num_queries(0):
        response = browser.get("/test-errors/boom/")

    _assert_error_page(response, 500, "服务器出错了")
    assert 'class="navbar' not in response.content.decode()


def test_the_500_page_speaks_english_to_a_user_who_chose_it(browser, alice):
    browser.force_login(alice)
    _english(browser)

    _assert_error_page(browser.get("/test-errors/boom/"), 500, "Something went wrong on our side")


def test_a_stale_form_shows_the_csrf_page_in_the_users_language(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(reverse("projects:create"), {"code": "X"})

    _assert_error_page(response, 403, "表单已过期")


def test_an_unknown_api_address_answers_json(client, alice):
    client.force_login(alice)

    response = client.get("/api/no-such-endpoint/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到。"}


def test_an_unknown_api_address_answers_json_in_the_language_asked_for(client, alice):
    client.force_login(alice)

    response = client.get("/api/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {"detail": "Not found."}


def test_a_server_error_in_the_api_answers_json(browser, alice):
    browser.force_login(alice)

    response = browser.get("/api/test-errors/boom/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}


def test_a_csrf_failure_in_the_api_answers_json(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    # DRF's views check CSRF themselves; a plain Django view under /api/ relies on the
    # middleware, whose failure view must answer JSON too.
    response = client.post("/api/test-errors/form/", {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_a_form_over_the_size_limit_shows_the_413_page_naming_the_limit(
    browser, alice, zone_a, settings
):
    from projects.models import Project

    # 2 KB of form data at most (files aside); the name alone is 5,000 characters.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    browser.force_login(alice)
    form = {"code": "P9", "name": "x" * 5000, "zone": zone_a.pk}

    response = browser.post(reverse("projects:create"), form)
    _assert_error_page(response, 413, "提交的表单过大")
    assert "2 KB" in response.content.decode()
    _english(browser)
    response = browser.post(reverse("projects:create"), form)
    _assert_error_page(response, 413, "The form sent is too large")
    assert "more than 2 KB of data besides attached files" in response.content.decode()
    assert not Project.objects.filter(code="P9").exists()


def test_a_form_with_too_many_fields_shows_the_400_page_saying_so(browser, alice, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    browser.force_login(alice)
    fields = {f"field{n}": "1" for n in range(11)}

    _assert_error_page(browser.post(reverse("projects:create"), fields), 400, "超过 10 个字段")
    _english(browser)
    response = browser.post(reverse("projects:create"), fields)
    _assert_error_page(response, 400, "The request carries more than 10 fields")
    # Ten fields are read as a form (the project form refuses them field by field).
    del fields["field0"]
    assert browser.post(reverse("projects:create"), fields).status_code == 200
