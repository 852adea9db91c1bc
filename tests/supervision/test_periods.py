"""The periods of a cadence, worked by hand on a calendar of 2026."""

from datetime import date, timedelta

import pytest

from supervision.periods import (
    current_starts,
    due_periods,
    is_period_start,
    period_index,
    period_of,
    previous_period,
)


@pytest.mark.parametrize(
    ("cadence", "day", "period"),
    [
        # 2026-11-22 is a Sunday: its ISO week began on Monday the 16th.
        ("weekly", date(2026, 11, 22), (date(2026, 11, 16), date(2026, 11, 22))),
        ("weekly", date(2026, 11, 16), (date(2026, 11, 16), date(2026, 11, 22))),
        # A week across the year's end: Thursday 2026-12-31 is in the week of Monday the 28th.
        ("weekly", date(2026, 12, 31), (date(2026, 12, 28), date(2027, 1, 3))),
        ("biweekly", date(2026, 11, 15), (date(2026, 11, 1), date(2026, 11, 15))),
        ("biweekly", date(2026, 11, 16), (date(2026, 11, 16), date(2026, 11, 30))),
        ("biweekly", date(2026, 2, 20), (date(2026, 2, 16), date(2026, 2, 28))),
        ("biweekly", date(2028, 2, 29), (date(2028, 2, 16), date(2028, 2, 29))),
        ("monthly", date(2026, 11, 22), (date(2026, 11, 1), date(2026, 11, 30))),
        ("monthly", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_the_period_of_a_day_follows_the_cadence(cadence, day, period):
    assert period_of(cadence, day) == period


def test_it_refuses_an_unknown_cadence():
    with pytest.raises(ValueError, match="yearly"):
        period_of("yearly", date(2026, 11, 22))


@pytest.mark.parametrize(
    ("cadence", "day", "period"),
    [
        ("weekly", date(2026, 1, 1), (date(2025, 12, 22), date(2025, 12, 28))),
        ("biweekly", date(2026, 11, 22), (date(2026, 11, 1), date(2026, 11, 15))),
        ("biweekly", date(2026, 3, 10), (date(2026, 2, 16), date(2026, 2, 28))),
        ("monthly", date(2026, 1, 20), (date(2025, 12, 1), date(2025, 12, 31))),
    ],
)
def test_the_previous_period_is_the_one_just_before(cadence, day, period):
    assert previous_period(cadence, day) == period


def test_only_the_first_day_of_a_period_starts_it():
    assert is_period_start("weekly", date(2026, 11, 16))
    assert not is_period_start("weekly", date(2026, 11, 17))
    assert is_period_start("biweekly", date(2026, 11, 16))
    assert not is_period_start("biweekly", date(2026, 11, 15))
    assert is_period_start("monthly", date(2026, 11, 1))
    assert not is_period_start("monthly", date(2026, 11, 16))


def test_the_due_periods_run_from_the_first_to_the_current_one():
    assert due_periods("biweekly", date(2026, 10, 5), date(2026, 11, 22)) == [
        (date(2026, 10, 1), date(2026, 10, 15)),
        (date(2026, 10, 16), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 15)),
        (date(2026, 11, 16), date(2026, 11, 30)),
    ]
    assert due_periods("monthly", date(2026, 11, 30), date(2026, 11, 22)) == []


def test_period_numbers_differ_by_the_periods_between_two_days():
    # Week of Mon 2026-10-26 to that of Mon 2026-11-16: 3 weeks; Oct 1-15 to Nov 16-30: 3
    # half-months; October to November: 1 month. Days of one period share its number.
    assert (
        period_index("weekly", date(2026, 11, 22)) - period_index("weekly", date(2026, 10, 26)) == 3
    )
    assert period_index("weekly", date(2026, 11, 16)) == period_index("weekly", date(2026, 11, 22))
    assert (
        period_index("biweekly", date(2026, 11, 16)) - period_index("biweekly", date(2026, 10, 15))
        == 3
    )
    assert period_index("biweekly", date(2026, 11, 30)) == period_index(
        "biweekly", date(2026, 11, 16)
    )
    assert (
        period_index("monthly", date(2026, 11, 30)) - period_index("monthly", date(2026, 10, 1))
        == 1
    )
    assert (
        period_index("monthly", date(2027, 1, 1)) - period_index("monthly", date(2026, 12, 31)) == 1
    )


@pytest.mark.parametrize("cadence", ["weekly", "biweekly", "monthly"])
def test_period_numbers_count_the_due_periods(cadence):
    # Over two years and across a new year, the difference of the numbers is the number of
    # due periods less one (0 when none is due).
    days = [date(2025, 12, 1) + timedelta(days=n) for n in range(0, 400, 3)]
    for since in days[::7]:
        for day in days:
            expected = max(len(due_periods(cadence, since, day)) - 1, 0)
            assert max(period_index(cadence, day) - period_index(cadence, since), 0) == expected


def test_the_current_starts_cover_every_cadence():
    assert current_starts(date(2026, 11, 22)) == {
        "weekly": date(2026, 11, 16),
        "biweekly": date(2026, 11, 16),
        "monthly": date(2026, 11, 1),
    }
