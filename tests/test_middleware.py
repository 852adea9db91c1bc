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
