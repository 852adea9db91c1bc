from decimal import Decimal

from django.utils import translation

from projects.templatetags.zonetrack import money, percent, wan, yi
from reports.templatetags.dashboard import wan_or_dash


def test_wan_groups_thousands_with_two_decimals():
    assert wan(Decimal("1234567.5")) == "1,234,567.50"
    assert wan(None) == ""


def test_wan_or_dash_reads_a_sum_as_wan_does_and_no_value_as_a_dash():
    assert wan_or_dash(Decimal("8800")) == "8,800.00"
    assert wan_or_dash("") == "—"
    assert wan_or_dash(None) == "—"


def test_yi_divides_by_ten_thousand():
    # 1,153,000 万元 = 115.30 亿元 (seed 000: 20 signed projects, 115.3亿)
    assert yi(Decimal("1153000")) == "115.30"


def test_money_adds_the_yi_figure_from_one_yi_on():
    with translation.override("en"):
        assert money(Decimal("9999.99")) == "9,999.99 10k CNY"
        assert money(Decimal("12000")) == (
            '12,000.00 10k CNY <span class="text-body-secondary small">(1.20 100M CNY)</span>'
        )
    with translation.override("zh-hans"):
        assert money(Decimal("50")) == "50.00 万元"


def test_percent_shows_a_ratio():
    assert percent(Decimal("0.7833")) == "78%"
    assert percent(Decimal("0.7833"), 1) == "78.3%"
    assert percent(None) == "—"
