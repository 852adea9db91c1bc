"""The one parser of typed amounts (zonetrack.amounts): units converted, never dropped."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports.figures.numbers import ONE_YI as FIGURES_ONE_YI
from zonetrack.amounts import (
    MU,
    ONE_YI,
    PERCENT,
    WAN_USD,
    WAN_YUAN,
    format_amount,
    parse_amount,
)


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("3.2亿元", WAN_YUAN, "32000.00"),
        ("3.2亿", WAN_YUAN, "32000.00"),
        ("500万", WAN_YUAN, "500.00"),
        ("500万元", WAN_YUAN, "500.00"),
        ("12300元", WAN_YUAN, "1.23"),  # 12300 ÷ 10000
        ("1,234.5", WAN_YUAN, "1234.50"),  # a bare number is in the field's unit
        ("１２，３４５．６７", WAN_YUAN, "12345.67"),  # full width, Chinese comma
        (" 1 234 万元 ", WAN_YUAN, "1234.00"),
        ("-5", WAN_YUAN, "-5.00"),  # the model's validator refuses it, naming the field
        ("1.5亿美元", WAN_USD, "15000.00"),
        ("500万美元", WAN_USD, "500.00"),
        ("12300美元", WAN_USD, "1.23"),
        ("80", WAN_USD, "80.00"),
        ("35%", PERCENT, "35.00"),
        ("35％", PERCENT, "35.00"),
        ("12.5亩", MU, "12.50"),
    ],
)
def test_it_reads_an_amount_in_the_fields_unit(typed, unit, value):
    assert parse_amount(typed, unit) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "unit", "message"),
    [
        (
            "12345元",
            WAN_YUAN,
            "“12345元”折合 1.2345（万元），超过 2 位小数：请四舍五入到 2 位小数后填写。",
        ),
        (
            "1.234",
            WAN_YUAN,
            "“1.234”折合 1.234（万元），超过 2 位小数：请四舍五入到 2 位小数后填写。",
        ),
        ("500万美元", WAN_YUAN, "“500万美元”的单位是万美元，本栏的单位是万元。"),
        ("30亩", WAN_YUAN, "“30亩”的单位是亩，本栏的单位是万元。"),
        ("35%", WAN_YUAN, "“35%”的单位是%，本栏的单位是万元。"),
        ("3亿元", WAN_USD, "“3亿元”的单位是亿元，本栏的单位是万美元。"),
        ("500万", WAN_USD, "“500万”的单位是万，本栏的单位是万美元。"),  # CNY or USD?
        ("3亿", PERCENT, "“3亿”的单位是亿，本栏的单位是百分比（%）。"),
        ("30亩", PERCENT, "“30亩”的单位是亩，本栏的单位是百分比（%）。"),
        ("5万元", MU, "“5万元”的单位是万元，本栏的单位是亩。"),
        ("5万元", None, "“5万元”的单位是万元，本栏的单位是不带单位的数字。"),
        ("三亿", WAN_YUAN, "“三亿”不是以万元为单位的数字。"),
        ("1.2.3", WAN_YUAN, "“1.2.3”不是以万元为单位的数字。"),
        ("亿元", WAN_YUAN, "“亿元”不是以万元为单位的数字。"),
        ("1e5", WAN_YUAN, "“1e5”不是以万元为单位的数字。"),
        ("NaN", WAN_YUAN, "“NaN”不是以万元为单位的数字。"),
        ("约500", WAN_YUAN, "“约500”不是以万元为单位的数字。"),
        ("1" * 41, WAN_YUAN, "数字过长。"),
    ],
)
def test_it_refuses_what_it_cannot_read_exactly_in_the_fields_unit(typed, unit, message):
    with pytest.raises(ValidationError) as caught:
        parse_amount(typed, unit)
    assert caught.value.messages == [message]


def test_empty_text_is_no_value():
    assert parse_amount("  ", WAN_YUAN) is None
    assert parse_amount(None, WAN_YUAN) is None


def test_without_places_a_bare_number_keeps_its_digits():
    assert parse_amount("2026", places=None) == Decimal("2026")


def test_a_parsed_amount_reads_back_in_its_unit():
    assert format_amount(parse_amount("3.2亿元", WAN_YUAN), WAN_YUAN) == "32,000.00 万元"
    assert format_amount(Decimal("35"), PERCENT) == "35.00%"


def test_one_yi_is_the_one_constant_of_the_parser_and_the_figures():
    # 1亿元 = 10,000 万元, typed or counted: the signing thresholds use the same number.
    assert parse_amount("1亿元", WAN_YUAN) == ONE_YI == Decimal("10000")
    assert FIGURES_ONE_YI is ONE_YI


@pytest.mark.parametrize(
    ("typed", "code"),
    [("1e999999", "invalid"), ("1E+23", "invalid"), ("9" * 41, "too_long"), ("1_000", "invalid")],
)
def test_an_exponent_or_an_over_long_figure_is_refused_before_any_conversion(typed, code):
    # A Decimal of 1e999999 converted to an int would take the worker for minutes: the
    # parser reads plain digits of at most 40 characters only.
    with pytest.raises(ValidationError) as raised:
        parse_amount(typed, places=None)
    assert raised.value.code == code
