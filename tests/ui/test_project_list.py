import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from projects.choices import MilestoneKind, Stage
from tests.factories import (
    AnnualPlanEntryFactory,
    MilestoneFactory,
    ParkFactory,
    ProjectFactory,
    RegionFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("projects:list")


def _names(response):
    return [p.name for p in response.context["page"]]


def test_it_shows_only_the_officials_zones(client, alice, zone_a, zone_b):
    ProjectFactory(zone=zone_a, name="甲区项目")
    ProjectFactory(zone=zone_b, name="乙区项目")
    client.force_login(alice)
    assert _names(client.get(URL)) == ["甲区项目"]


def test_leadership_sees_every_zone_of_its_region_without_edit_buttons(
    client, dave, zone_a, zone_b
):
    ProjectFactory(zone=zone_a, name="甲区项目")
    ProjectFactory(zone=zone_b, name="乙区项目")
    client.force_login(dave)
    response = client.get(URL)
    assert sorted(_names(response)) == ["乙区项目", "甲区项目"]
    body = response.content.decode()
    assert reverse("projects:create") not in body
    assert 'hx-get="/projects/' not in body  # no milestone buttons


def test_it_filters_by_stage_size_park_and_search(client, alice, zone_a):
    park = ParkFactory(zone=zone_a, name="新材料产业园")
    big = ProjectFactory(zone=zone_a, name="大项目", total_investment=Decimal("120000"))
    ProjectFactory(zone=zone_a, name="小项目", total_investment=Decimal("4000"), park=park)
    signed = ProjectFactory(zone=zone_a, name="已签约", investor="丹耀光学")
    MilestoneFactory(project=signed, kind=MilestoneKind.SIGNING, actual_on=date(2026, 5, 1))
    client.force_login(alice)

    assert _names(client.get(URL, {"stage": Stage.SIGNED})) == ["已签约"]
    # ≥ 10亿 = 100000 万元
    assert _names(client.get(URL, {"min_investment": "100000"})) == [big.name]
    assert _names(client.get(URL, {"park": park.pk})) == ["小项目"]
    assert _names(client.get(URL, {"q": "丹耀"})) == ["已签约"]


def test_the_filters_offer_all_instead_of_a_blank_choice(client, alice):
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert '<option value="" selected>全部</option>' in body
    assert "---------" not in body


def test_it_sorts_by_investment_largest_first(client, alice, zone_a):
    for name, total in (("甲", "300"), ("乙", "900"), ("丙", "500")):
        ProjectFactory(zone=zone_a, name=name, total_investment=Decimal(total))
    client.force_login(alice)
    assert _names(client.get(URL, {"sort": "-total_investment"})) == ["乙", "丙", "甲"]


def test_it_ignores_a_filter_naming_another_zone(client, alice, zone_a, zone_b):
    ProjectFactory(zone=zone_a, name="甲区项目")
    ProjectFactory(zone=zone_b, name="乙区项目")
    client.force_login(alice)
    response = client.get(URL, {"zone": zone_b.pk})
    assert response.status_code == 200
    assert "乙区项目" not in response.content.decode()


def test_it_paginates(client, alice, zone_a):
    for n in range(30):
        ProjectFactory(zone=zone_a, code=f"A{n:03d}")
    client.force_login(alice)
    page2 = client.get(URL, {"page": 2, "page_size": 25})
    assert [p.code for p in page2.context["page"]] == [f"A{n:03d}" for n in range(25, 30)]


def test_a_nul_byte_in_the_search_is_a_400(client, alice):
    client.force_login(alice)
    assert client.get(URL, {"q": "a\x00b"}).status_code == 400


def test_its_query_count_does_not_grow_with_the_rows(
    client, alice, zone_a, django_assert_num_queries
):
    client.force_login(alice)
    ProjectFactory(zone=zone_a)
    # session, user, memberships, zone and park choices, count, page, milestones, lights
    with django_assert_num_queries(9):
        client.get(URL)
    for _ in range(40):
        project = ProjectFactory(zone=zone_a, park=ParkFactory(zone=zone_a))
        MilestoneFactory(project=project)
    with django_assert_num_queries(9):
        client.get(URL)


def test_it_exports_the_filtered_list_to_excel(client, alice, zone_a):
    ProjectFactory(zone=zone_a, code="P-BIG", total_investment=Decimal("120000"))
    ProjectFactory(zone=zone_a, code="P-SMALL", total_investment=Decimal("100"))
    client.force_login(alice)
    with translation.override("zh-hans"):
        response = client.get(reverse("projects:export"), {"min_investment": "10000"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编码"
    assert [row[0] for row in rows[1:]] == ["P-BIG"]
    assert rows[1][10] == 120000


def test_the_size_filter_offers_the_5yi_tier(client, alice, zone_a):
    ProjectFactory(zone=zone_a, code="P-5YI", total_investment=Decimal("50000"))
    ProjectFactory(zone=zone_a, code="P-4YI", total_investment=Decimal("49999.99"))
    client.force_login(alice)
    with translation.override("zh-hans"):
        response = client.get(URL, {"min_investment": "50000"})
    assert [p.code for p in response.context["page"]] == ["P-5YI"]
    sizes = [
        str(label)
        for _value, label in response.context["filter_form"].fields["min_investment"].widget.choices
    ]
    assert sizes[1:] == [
        "5000万元以上",
        "1亿元以上",
        "5亿元以上",
        "10亿元以上",
        "30亿元以上",
        "50亿元以上",
    ]


def test_the_export_is_named_for_the_zone_it_lists(client, alice, zone_a):
    client.force_login(alice)
    with translation.override("zh-hans"):
        named = client.get(reverse("projects:export"), {"zone": zone_a.pk})
        unnamed = client.get(reverse("projects:export"))
    # 镇江新区-重点项目清单-20261122.xlsx, as RFC 5987 sends a name beyond ASCII.
    assert named["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%95%87%E6%B1%9F%E6%96%B0%E5%8C%BA-%E9%87%8D%E7%82%B9"
        "%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95-20261122.xlsx"
    )
    assert unnamed["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%87%8D%E7%82%B9%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95"
        "-20261122.xlsx"
    )


# -- the filters a dashboard link applies that the form does not show ---------------------


def _chips(response):
    return [(chip.name, chip.label, chip.value) for chip in response.context["active_filters"]]


def test_it_names_each_filter_the_form_does_not_show(client, dave, city, zone_a):
    client.force_login(dave)
    # The link behind a dashboard's "new starts started": region, plan and milestone filters.
    response = client.get(
        URL,
        {
            "region": city.pk,
            "plan_year": "2026",
            "plan_type": "new",
            "milestone": "groundbreaking",
            "reached_to": "2026-11-22",
            "stage": Stage.SIGNED,  # shown by the form: no chip
            "sort": "name",
        },
    )
    assert _chips(response) == [
        ("region", "地区", "镇江市"),
        ("plan_year", "列入该年度重点项目计划", "2026"),
        ("plan_type", "计划类型", "新开工"),
        ("milestone", "以下日期适用的节点类型", "开工"),
        ("reached_to", "节点实际日期不晚于", "2026-11-22"),
    ]
    body = response.content.decode()
    assert 'id="active-filters"' in body
    assert "镇江市" in body
    # Clearing keeps the sort order and drops every filter, shown or not.
    assert response.context["clear_filters_url"] == f"{URL}?sort=name"


def test_a_chips_link_removes_just_that_filter(client, alice, zone_a):
    planned = ProjectFactory(zone=zone_a, name="计划内")
    ProjectFactory(zone=zone_a, name="计划外")
    AnnualPlanEntryFactory(project=planned, year=2026)
    client.force_login(alice)
    response = client.get(URL, {"plan_year": "2026", "stage": Stage.NEGOTIATING, "page": "1"})
    (chip,) = response.context["active_filters"]
    assert chip.remove_url == f"{URL}?stage={Stage.NEGOTIATING}"
    assert _names(response) == ["计划内"]
    assert sorted(_names(client.get(chip.remove_url))) == ["计划内", "计划外"]
    assert client.get(chip.remove_url).context["active_filters"] == []


def test_it_shows_no_bar_without_hidden_filters(client, alice):
    client.force_login(alice)
    response = client.get(URL, {"stage": Stage.SIGNED, "q": "光学"})
    assert response.context["active_filters"] == []
    assert 'id="active-filters"' not in response.content.decode()


def test_a_size_outside_the_forms_buckets_is_a_chip_in_10k_cny(client, alice):
    client.force_login(alice)
    assert _chips(client.get(URL, {"min_investment": "100000"})) == []
    assert _chips(client.get(URL, {"min_investment": "20000"})) == [
        ("min_investment", "规模", "20,000.00 万元")
    ]


def test_it_never_names_a_region_or_zone_the_user_cannot_see(client, alice, zone_b):
    far = RegionFactory(name="苏州市", code="JS-SZ")
    client.force_login(alice)
    response = client.get(URL, {"region": far.pk, "zone": zone_b.pk, "signed_from": "2026-01-01"})
    assert _chips(response) == [("signed_from", "签约日期不早于", "2026-01-01")]
    body = response.content.decode()
    assert "苏州市" not in body
    assert "丹阳经开区" not in body


def test_its_query_count_with_hidden_filters_does_not_grow_with_the_rows(
    client, dave, city, zone_a, django_assert_num_queries
):
    client.force_login(dave)
    params = {"region": city.pk, "plan_year": "2026", "reached_to": "2026-11-22"}

    def add(n):
        for _ in range(n):
            project = ProjectFactory(zone=zone_a)
            AnnualPlanEntryFactory(project=project)
            MilestoneFactory(project=project, actual_on=date(2026, 3, 1))

    add(1)
    # session, user, memberships, region of the filter, zone and park choices, count, page,
    # milestones, lights: naming the region in its chip reads nothing more
    with django_assert_num_queries(10):
        assert len(client.get(URL, params).context["active_filters"]) == 3
    add(30)
    with django_assert_num_queries(10):
        client.get(URL, params)


def test_the_excel_export_applies_the_hidden_filters_too(client, dave, city, zone_a):
    planned = ProjectFactory(zone=zone_a, code="P-PLAN")
    AnnualPlanEntryFactory(project=planned, year=2026, plan_type="new")
    AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a, code="P-OLD"), year=2025)
    ProjectFactory(zone=zone_a, code="P-NONE")
    client.force_login(dave)
    list_response = client.get(URL, {"region": city.pk, "plan_year": "2026"})
    assert [p.code for p in list_response.context["page"]] == ["P-PLAN"]
    # The list's export link carries the same query string.
    assert f'href="{reverse("projects:export")}?region={city.pk}&amp;plan_year=2026"' in (
        list_response.content.decode()
    )
    response = client.get(reverse("projects:export"), {"region": city.pk, "plan_year": "2026"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in list(sheet.iter_rows(values_only=True))[1:]] == ["P-PLAN"]
