"""Numbers as a Chinese report writes them: one unit per column (亿元 once any value of the
column reaches 1亿), thresholds as "1亿元以上", no ".00" on a whole sum in a tile, counts as
whole projects rounded half up, sums rounded half up. Worked by hand.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from reports.dashboards.targets import TargetRow
from reports.figures.metrics import Figures
from reports.figures.period import Period
from reports.quarterly.report import COLUMNS, QuarterlyReport, TargetLine, ZoneLine, with_units
from reports.quarterly.tables import cell_text
from reports.templatetags.dashboard import (
    WAN,
    YI,
    compact_money,
    figure,
    money_unit,
    threshold,
)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_a_whole_sum_in_a_tile_has_no_cents():
    assert figure("8800.00", "money") == "8,800 万元"
    assert figure("8800.50", "money") == "8,800.50 万元"
    assert figure("4560000.00", "money") == "456 亿元"  # 4,560,000万 = 456亿
    assert figure("720700.00", "money") == "72.07 亿元"


def test_sums_round_half_up_as_a_reader_does():
    # 10,050万 = 1.005亿: half up 1.01 (Python's half-to-even would say 1.00).
    assert compact_money("10050") == "1.01 亿元"


def test_in_english_a_whole_sum_in_millions_has_no_cents():
    with translation.override("en"):
        assert compact_money("8800") == "CNY 88M"
        assert compact_money("8850") == "CNY 88.50M"


def test_counts_are_whole_projects_rounded_half_up():
    assert figure("58.5", "count") == "59"  # half to even would give 58
    assert figure("58.49", "count") == "58"
    assert figure("1234", "count") == "1,234"
    assert figure(Decimal("12.00"), "count") == "12"


def test_rates_round_half_up_to_one_decimal():
    assert figure(0.8925, "rate") == "89.3%"  # 89.25 -> 89.3 (half to even: 89.2)
    assert figure(0.5, "rate") == "50.0%"


def test_a_column_is_in_yi_once_any_of_its_values_reaches_one_yi():
    assert money_unit(["9999.99", None, "5000"]) is WAN
    assert money_unit(["9999.99", "10000"]) is YI
    assert money_unit(["-12000"]) is YI
    # Every cell of a 亿元 column in 亿元, without the unit: 2,500万 is 0.25.
    assert [YI.format(v) for v in ("2500", "150000", "175000", None)] == [
        "0.25",
        "15.00",
        "17.50",
        "—",
    ]
    assert WAN.format("750") == "750.00"
    assert str(YI.label) == "亿元" and str(WAN.label) == "万元"


@pytest.mark.parametrize(
    ("minimum", "words"),
    [
        (5000, "5000万元以上"),
        (10000, "1亿元以上"),
        (50000, "5亿元以上"),
        (100000, "10亿元以上"),
        (300000, "30亿元以上"),
        (500000, "50亿元以上"),
        (Decimal("20000.00"), "2 亿元以上"),  # not a size of the seeds: the sum, then 以上
    ],
)
def test_thresholds_are_written_as_reports_write_them(minimum, words):
    assert threshold(minimum) == words


def test_the_quarterly_money_columns_carry_one_unit_each_in_their_header():
    small = Figures(planned_investment=Decimal("9000"), completed_investment=Decimal("750"))
    large = Figures(planned_investment=Decimal("3000"), signed_investment=Decimal("150000"))
    lines = [ZoneLine(1, "A", "A", "", small), ZoneLine(2, "B", "B", "", large)]
    total = ZoneLine(None, "合计", "", "", small + large)
    columns = {column.figure: column for column in with_units([*lines, total])}
    # Planned: 9000 + 3000 = 12000万 in all, so 亿元; done: 750万 at most, so 万元.
    assert columns["planned_investment"].heading == "年度计划（亿元）"
    assert cell_text(columns["planned_investment"])(Decimal("9000")) == "0.90"
    assert cell_text(columns["completed_investment"])(Decimal("750")) == "750.00"
    assert columns["completed_investment"].heading.endswith("（万元）")
    assert columns["signed_investment"].heading == "总投资（亿元）"
    # Counts and rates have no unit in their header.
    assert columns["planned_new"].heading == str(columns["planned_new"].label)
    assert cell_text(columns["planned_new"])(Decimal("2")) == "2"
    signed = [c.label for c in COLUMNS if c.figure.startswith("signed_count_from_")]
    assert [str(label) for label in signed] == ["1亿元以上", "5亿元以上", "10亿元以上"]


def test_a_quarterly_target_row_rounds_expected_counts_half_up_and_names_its_unit():
    count = TargetLine(
        "A",
        "started_count",
        Decimal(5000),
        Decimal(11),
        [(Decimal("2.75"), Decimal(3))],
        Decimal(3),
        Decimal("9.5"),
        0.2727,
        "behind",
    )
    # 11 a year, 86.4% of it gone: 9.5 due is 10 projects; Q1's 2.75 is 3.
    assert count.heading == "开工项目数（个）" and count.size == "5000万元以上"
    assert count.texts["expected"] == "10" and count.number(Decimal("9.5")) == 10
    assert count.texts["quarters"][0] == ("3", "3", False)
    money = TargetLine(
        "A",
        "signed_investment",
        Decimal(10000),
        Decimal(80000),
        [(Decimal(20000), Decimal("9000.50"))],
        Decimal("9000.50"),
        Decimal("71440"),
        0.1125,
        "behind",
    )
    # 80,000万 = 8亿 in the row, so every sum of it in 亿元: 9,000.50万 is 0.90亿.
    assert money.heading == "签约投资额（亿元）" and money.size == "1亿元以上"
    assert money.texts["annual"] == "8.00" and money.texts["expected"] == "7.14"
    assert money.texts["quarters"][0] == ("2.00", "0.90", True)


def test_a_dashboard_target_row_is_in_one_unit_with_whole_expected_counts():
    money = TargetRow(
        "signed_investment", Decimal(10000), Decimal(80000), Decimal("9000.50"), Decimal(71440)
    )
    assert str(money.texts["unit"]) == "亿元"
    assert (money.texts["annual"], money.texts["actual"], money.texts["expected"]) == (
        "8.00",
        "0.90",
        "7.14",
    )
    small = TargetRow("completed_investment", Decimal(0), Decimal(9000), Decimal(100))
    assert str(small.texts["unit"]) == "万元" and small.texts["annual"] == "9,000.00"
    count = TargetRow("signed_count", Decimal(0), Decimal(66), Decimal(11), Decimal("58.5"))
    assert str(count.texts["unit"]) == "个" and count.texts["expected"] == "59"
    assert count.size == "" and money.size == "1亿元以上"


def test_the_quarterly_file_is_named_for_its_region_and_quarter():
    class City:
        type, id = "region", 1

        def as_dict(self):
            return {"name": "镇江市"}

    report = QuarterlyReport(
        City(), 2026, 4, Period(2026, date(2026, 11, 22)), [], None, [], last_year=None
    )
    assert report.filename == "镇江市-2026年第4季度重点项目推进情况.xlsx"
    assert report.title == "镇江市2026年第4季度重点项目推进情况"
