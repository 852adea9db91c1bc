"""Each money column of the leadership pages in one unit, said in its header: 亿元 once any
of its values reaches 1亿 (10,000万), else 万元. Worked by hand on the small city of
``build_city``: zone A signed A1 (20,000万) and A2 (5,000万) in 2026, A3 (8,000万) in 2025;
zone B signed B1 (150,000万); A completed 100 + 150 + 500 = 750万.
"""

import pytest
from django.urls import reverse

from tests.reports.dashboard_data import WHEN, build_city

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def city_data(zone_a, zone_b):
    return build_city(zone_a, zone_b)


def test_the_wall_boards_sums_are_in_one_unit_per_column(client, alice, zone_a, city_data):
    client.force_login(alice)
    html = client.get(reverse("reports:wallboard", args=[zone_a.pk]), WHEN).content.decode()
    # Total investment: 20,000万 reaches 1亿, so A1 2.00, A2 0.50, A3 0.80 (亿元).
    assert "总投资（亿元）" in html
    for cell in ("2.00", "0.50", "0.80"):
        assert f'<td class="text-end text-nowrap zt-num">{cell}</td>' in html
    # Planned 1,000 / 1,000 / 2,000万 and completed at most 500万: 万元.
    assert "计划（万元）" in html and "已完成（万元）" in html
    assert '<td class="text-end text-nowrap zt-num">2,000.00</td>' in html
    assert "亿元</td>" not in html and "万元</td>" not in html  # no unit in a cell


def test_the_zone_table_of_a_region_gives_each_money_column_its_unit(client, dave, city, city_data):
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), WHEN)
    html = response.content.decode()
    # Signed in 2026: A 25,000万 = 2.50亿, B 150,000万 = 15.00亿; completed A 750万, B 0.
    assert "投资额（亿元）" in html and "已完成（万元）" in html
    table = html[html.index('id="zone-table"') :]
    for cell in ("2.50", "15.00", "750.00", "0.00"):
        assert f">{cell}</a></td>" in table
