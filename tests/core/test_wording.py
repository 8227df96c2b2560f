import datetime

import pytest

from facilitator.core.wording import format_date, plural


@pytest.mark.parametrize("count, one, many, expected", [
    (0, "vote", None, "0 votes"), (1, "vote", None, "1 vote"), (2, "person", "people", "2 people"),
])
def test_plural(count, one, many, expected):
    assert plural(count, one, many) == expected


def test_dates_read_the_same_whatever_the_locale():
    assert format_date(datetime.date(2026, 12, 31)) == "31 December 2026"
