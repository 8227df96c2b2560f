import datetime

import pytest

from facilitator.core.wording import format_date, plural


@pytest.mark.parametrize("count, one, many, expected", [
    (0, "vote", None, "0 votes"), (1, "vote", None, "1 vote"), (2, "person", "people", "2 people"),
])
def test_plural(count, one, many, expected):
    assert plural(count, one, many) == expected


def test_dates_read_the_same_whatever_the_locale(other_locale):
    day = datetime.date(2026, 12, 31)
    assert day.strftime("%B") != "December"  # the locale is in effect: strftime would be wrong
    assert format_date(day) == "31 December 2026"
