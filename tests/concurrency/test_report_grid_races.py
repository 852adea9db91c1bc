"""Officials saving the monthly grid at the same moment, on PostgreSQL: each thread is a
browser with its own database connection. No lost update, no 5xx, one row per project-month.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/zt_grid``; SQLite serialises
writers, so there the races cannot happen and these tests skip (saying so).
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from investment.models import InvestmentReport
from parks.choices import Role
from tests.factories import (
    InvestmentReportFactory,
    MembershipFactory,
    StartedProjectFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


URL = reverse("investment:grid") + "?year=2026&month=10"


def _officials(zone, count):
    users = []
    for n in range(count):
        user = UserFactory(username=f"official{n}")
        MembershipFactory(user=user, zone=zone, role=Role.OFFICIAL)
        users.append(user)
    return users


def _browser(user):
    client = Client()
    client.force_login(user)
    return client


def _page(client):
    """Every cell as the page shows it: what the browser posts when nothing is typed."""
    page = client.get(URL)
    data = {}
    for _project, form in page.context["grid"].rows:
        for field in [*form.visible_fields(), form["version"]]:
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
    return data


def _cell(project, name="completed_investment"):
    return f"p{project.pk}-{name}"


def _all_at_once(posts):
    """Send each (client, data) at the same moment; the responses, in the same order."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def send(index, client, data):
        try:
            barrier.wait()
            responses[index] = client.post(URL, data)
        finally:
            connection.close()  # each thread's own connection

    threads = [
        threading.Thread(target=send, args=(index, client, data))
        for index, (client, data) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_two_officials_saving_different_rows_keep_both(zone_a):
    first, second = StartedProjectFactory(zone=zone_a), StartedProjectFactory(zone=zone_a)
    one, two = (_browser(user) for user in _officials(zone_a, 2))
    ones, twos = _page(one), _page(two)
    ones[_cell(first)] = "100"
    twos[_cell(second)] = "50"

    responses = _all_at_once([(one, ones), (two, twos)])

    assert [r.status_code for r in responses] == [302, 302]
    stored = dict(InvestmentReport.objects.values_list("project", "completed_investment"))
    assert stored == {first.pk: Decimal("100.00"), second.pk: Decimal("50.00")}


def test_the_same_cell_saved_at_once_keeps_the_first_and_shows_the_second_a_conflict(zone_a):
    project = StartedProjectFactory(zone=zone_a)
    InvestmentReportFactory(project=project, year=2026, month=10, completed_investment=100)
    one, two = (_browser(user) for user in _officials(zone_a, 2))
    ones, twos = _page(one), _page(two)
    ones[_cell(project)], twos[_cell(project)] = "120", "150"

    responses = _all_at_once([(one, ones), (two, twos)])

    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302]
    saved = "120" if responses[0].status_code == 302 else "150"
    refused = responses[1] if saved == "120" else responses[0]
    assert refused.context["grid"].rows[0][1].conflict is True
    assert InvestmentReport.objects.get().completed_investment == Decimal(saved)


def test_a_stale_grid_does_not_overwrite_a_cell_changed_since(zone_a):
    first, second = StartedProjectFactory(zone=zone_a), StartedProjectFactory(zone=zone_a)
    InvestmentReportFactory(project=first, year=2026, month=10, completed_investment=100)
    one, two = (_browser(user) for user in _officials(zone_a, 2))
    stale = _page(one)
    twos = _page(two)
    twos[_cell(first)] = "120"
    assert two.post(URL, twos).status_code == 302

    stale[_cell(second)] = "30"  # the first row, untouched, still shows 100
    assert one.post(URL, stale).status_code == 302
    stale = _page(one)
    stale_again = dict(stale)
    twos = _page(two)
    twos[_cell(first)] = "130"
    assert two.post(URL, twos).status_code == 302
    stale_again[_cell(first)] = "140"  # changed by both: a conflict
    refused = one.post(URL, stale_again)

    assert refused.status_code == 200
    stored = dict(InvestmentReport.objects.values_list("project", "completed_investment"))
    assert stored == {first.pk: Decimal("130.00"), second.pk: Decimal("30.00")}


def test_ten_first_saves_of_one_row_at_once_store_one_row_and_no_error(zone_a):
    project = StartedProjectFactory(zone=zone_a)
    browsers = [_browser(user) for user in _officials(zone_a, 10)]
    posts = []
    for n, browser in enumerate(browsers, start=1):
        data = _page(browser)
        data[_cell(project)] = str(n)  # official n types n
        posts.append((browser, data))

    responses = _all_at_once(posts)

    codes = [r.status_code for r in responses]
    assert all(code < 500 for code in codes), codes
    assert codes.count(302) == 1, codes
    winner = codes.index(302) + 1
    # The nine others are told someone else saved first, with that official's figure.
    for response in responses:
        if response.status_code == 200:
            assert response.context["grid"].rows[0][1].conflict is True
    assert InvestmentReport.objects.get().completed_investment == Decimal(winner)
