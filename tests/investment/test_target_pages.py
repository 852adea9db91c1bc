"""The targets page (/targets/): a zone lead sets a zone's targets, everyone else reads them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from investment.choices import TargetMetric
from investment.models import Target
from tests.factories import TargetFactory

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST_URL = reverse("investment:targets")
CREATE_URL = reverse("investment:target_create")


def _edit_url(target):
    return reverse("investment:target_edit", args=[target.pk])


def _delete_url(target):
    return reverse("investment:target_delete", args=[target.pk])


def _form_data(zone, **changes):
    data = {
        "zone": zone.pk,
        "year": "2026",
        "metric": TargetMetric.SIGNED_INVESTMENT,
        "min_investment": "10000",
        "annual_value": "152,000",
        "q1_value": "30000",
        "q2_value": "70000",
        "q3_value": "110000",
    }
    data.update(changes)
    return data


def test_a_zone_lead_adds_a_target_with_quarterly_values_and_a_size_tier(client, carol, zone_a):
    client.force_login(carol)

    response = client.post(f"{CREATE_URL}?zone={zone_a.pk}&year=2026", _form_data(zone_a))

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?zone={zone_a.pk}&year=2026"
    target = Target.objects.get()
    assert (target.zone, target.year, target.metric) == (
        zone_a,
        2026,
        TargetMetric.SIGNED_INVESTMENT,
    )
    assert target.min_investment == Decimal("10000")
    assert target.quarter_values() == [
        Decimal("30000"),
        Decimal("70000"),
        Decimal("110000"),
        Decimal("152000"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "1亿元以上" in page
    assert "152,000.00" in page


def test_the_list_shows_counts_as_whole_numbers_and_empty_quarters_as_dashes(client, carol, zone_a):
    TargetFactory(zone=zone_a, metric=TargetMetric.STARTED_COUNT, annual_value=Decimal("42"))
    client.force_login(carol)
    page = client.get(LIST_URL, {"zone": zone_a.pk, "year": 2026}).content.decode()
    row = page[page.index('data-metric="started_count"') :].split("</tr>")[0]
    assert ">42<" in row
    assert "42.00" not in row
    assert row.count("—") == 3
    assert "不限规模" in row


def test_it_offers_the_tiers_of_the_reports_as_minimum_sizes(client, carol, zone_a):
    client.force_login(carol)
    form = client.get(CREATE_URL, {"zone": zone_a.pk}).context["form"]
    labels = [str(label) for _value, label in form.fields["min_investment"].choices]
    assert labels == [
        "不限规模",
        "5000万元以上",
        "1亿元以上",
        "5亿元以上",
        "10亿元以上",
        "30亿元以上",
        "50亿元以上",
    ]


def test_it_refuses_a_duplicate_target_with_a_clear_message(client, carol, zone_a):
    TargetFactory(
        zone=zone_a,
        metric=TargetMetric.SIGNED_INVESTMENT,
        min_investment=Decimal("10000"),
        annual_value=Decimal("1"),
    )
    client.force_login(carol)

    response = client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(zone_a))

    assert response.status_code == 200
    message = "该开发区本年度已有此指标（同一投资下限、类别和级别）的目标。"
    assert message in response.content.decode()
    assert Target.objects.get().annual_value == Decimal("1")


def test_it_refuses_quarterly_values_that_are_not_cumulative(client, carol, zone_a):
    client.force_login(carol)

    response = client.post(
        CREATE_URL + f"?zone={zone_a.pk}", _form_data(zone_a, q1_value="50000", q2_value="40000")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["q2_value"] == [
        "季度目标为累计值：每季度不得低于上一季度。"
    ]
    assert not Target.objects.exists()


def test_the_zone_lead_edits_a_target_with_its_tier_preselected(client, carol, zone_a):
    target = TargetFactory(
        zone=zone_a, metric=TargetMetric.SIGNED_COUNT, min_investment=Decimal("10000")
    )
    client.force_login(carol)
    page = client.get(_edit_url(target)).content.decode()
    assert '<option value="10000" selected>' in page

    response = client.post(
        _edit_url(target),
        _form_data(
            zone_a,
            metric=TargetMetric.SIGNED_COUNT,
            annual_value="22",
            q1_value="",
            q2_value="11",
            q3_value="",
        ),
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.annual_value, target.q1_value, target.q2_value) == (
        Decimal("22"),
        None,
        Decimal("11"),
    )


def test_a_minimum_off_the_tiers_set_through_the_api_is_kept_on_edit(client, carol, zone_a):
    target = TargetFactory(zone=zone_a, min_investment=Decimal("2000"), annual_value=5)
    client.force_login(carol)
    assert '<option value="2000" selected>' in client.get(_edit_url(target)).content.decode()

    client.post(
        _edit_url(target),
        _form_data(
            zone_a,
            metric=target.metric,
            min_investment="2000",
            annual_value="6",
            q1_value="",
            q2_value="",
            q3_value="",
        ),
    )

    target.refresh_from_db()
    assert (target.min_investment, target.annual_value) == (Decimal("2000"), Decimal("6"))


def test_the_zone_lead_deletes_a_target_after_confirming(client, carol, zone_a):
    target = TargetFactory(zone=zone_a)
    client.force_login(carol)
    assert client.get(_delete_url(target)).status_code == 200
    assert Target.objects.exists()

    response = client.post(_delete_url(target))

    assert response.status_code == 302
    assert not Target.objects.exists()


def test_an_administrator_sets_targets_too(client, admin_user, zone_a):
    client.force_login(admin_user)
    response = client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(zone_a))
    assert response.status_code == 302
    assert Target.objects.filter(zone=zone_a).count() == 1


def test_an_official_reads_the_targets_of_the_zone_without_a_form(client, alice, zone_a):
    target = TargetFactory(zone=zone_a)
    client.force_login(alice)
    page = client.get(LIST_URL, {"zone": zone_a.pk})
    assert page.status_code == 200
    assert page.context["targets"] == [target]
    assert 'id="add-target"' not in page.content.decode()
    assert _edit_url(target) not in page.content.decode()
    assert client.get(CREATE_URL, {"zone": zone_a.pk}).status_code == 403
    assert client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(zone_a)).status_code == 403
    assert client.post(_edit_url(target), _form_data(zone_a)).status_code == 403
    assert client.post(_delete_url(target)).status_code == 403
    assert Target.objects.get().annual_value == Decimal("20")


def test_leadership_reads_the_targets_and_is_refused_every_write(client, dave, zone_a):
    target = TargetFactory(zone=zone_a)
    client.force_login(dave)
    page = client.get(LIST_URL, {"zone": zone_a.pk})
    assert page.status_code == 200
    assert 'id="add-target"' not in page.content.decode()
    assert client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(zone_a)).status_code == 403
    assert client.post(_edit_url(target), _form_data(zone_a)).status_code == 403
    assert client.post(_delete_url(target)).status_code == 403
    assert Target.objects.count() == 1


def test_another_zones_targets_are_404(client, bob, zone_a):
    target = TargetFactory(zone=zone_a)
    client.force_login(bob)
    assert client.get(LIST_URL, {"zone": zone_a.pk}).status_code == 404
    assert client.get(CREATE_URL, {"zone": zone_a.pk}).status_code == 404
    assert client.get(_edit_url(target)).status_code == 404
    assert client.post(_delete_url(target)).status_code == 404
    assert client.get(LIST_URL, {"zone": "not-a-zone"}).status_code == 404
    assert Target.objects.exists()


def test_a_zone_lead_cannot_move_a_target_to_a_zone_it_does_not_lead(client, carol, zone_a, zone_b):
    client.force_login(carol)
    response = client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(zone_b))
    assert response.status_code == 200
    assert "zone" in response.context["form"].errors
    assert not Target.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, zone_a):
    target = TargetFactory(zone=zone_a)
    for url in (LIST_URL, CREATE_URL, _edit_url(target), _delete_url(target)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(_delete_url(target)).status_code == 302
    assert Target.objects.exists()


def test_the_navigation_links_the_targets_for_those_who_read_them(client, alice, admin_user):
    client.force_login(alice)
    assert 'id="nav-targets"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_target_list_takes_the_same_queries_for_3_or_30_targets(
    client, carol, zone_a, rows, django_assert_num_queries
):
    metrics = TargetMetric.values
    tiers = [0, 5000, 10000, 50000, 100000]
    for index in range(rows):
        TargetFactory(
            zone=zone_a,
            metric=metrics[index % len(metrics)],
            min_investment=tiers[index // len(metrics)],
        )
    client.force_login(carol)
    # 1 session, 2 user, 3 memberships, 4 the user's zones (the picker and the one asked
    # for), 5 the targets
    with django_assert_num_queries(5):
        response = client.get(LIST_URL, {"zone": zone_a.pk, "year": 2026})
    assert len(response.context["targets"]) == rows


def test_a_zone_lead_sets_a_target_of_industrial_projects_of_city_level(client, carol, zone_a):
    client.force_login(carol)
    data = _form_data(
        zone_a,
        metric=TargetMetric.STARTED_COUNT,
        min_investment="0",
        annual_value="42",
        q1_value="",
        q2_value="",
        q3_value="",
        category="industrial",
        level="city_and_above",
    )
    response = client.post(f"{CREATE_URL}?zone={zone_a.pk}&year=2026", data)
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.category, target.level) == ("industrial", "city_and_above")
    page = client.get(response["Location"]).content.decode()
    assert "工业项目（制造业和技术改造） · 市级以上" in page
