def test_it_answers_400_to_a_nul_byte_in_the_query_string(client, db):
    response = client.get("/admin/login/", {"q": "abc\x00def"})
    assert response.status_code == 400


def test_it_answers_400_to_a_nul_byte_in_a_parameter_name(client, db):
    response = client.get("/admin/login/?a%00b=1")
    assert response.status_code == 400


def test_it_lets_ordinary_requests_through(client, db):
    assert client.get("/admin/login/", {"q": "丹阳"}).status_code == 200


def test_the_favicon_browsers_ask_for_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_an_over_long_query_string_is_the_sites_414_page(client, db, settings):
    settings.MAX_QUERY_STRING_LENGTH = 100
    response = client.get("/admin/login/", {"q": "x" * 200})
    assert response.status_code == 414
    assert b'id="error-page"' in response.content


def test_an_over_long_query_string_is_a_414_in_json_under_the_api(client, db, settings):
    settings.MAX_QUERY_STRING_LENGTH = 100
    response = client.get("/api/projects/", {"q": "x" * 200})
    assert response.status_code == 414
    assert "100" in response.json()["detail"]


def test_a_query_string_at_the_limit_is_answered(client, db, settings):
    settings.MAX_QUERY_STRING_LENGTH = 100
    # "q=" and 98 characters: 100 in all.
    assert client.get("/admin/login/", {"q": "x" * 98}).status_code == 200


def test_gunicorn_reads_request_lines_as_long_as_it_may():
    from pathlib import Path

    config = {}
    exec((Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text(), config)
    # 8190 is gunicorn's own maximum; Django's limit must lie under it to answer first.
    assert config["limit_request_line"] == 8190
    from django.conf import settings

    assert settings.MAX_QUERY_STRING_LENGTH < 8190
