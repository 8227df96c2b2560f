import datetime

import pytest

from facilitator.core.wording import duration_words, format_date, plural


@pytest.mark.parametrize("count, one, many, expected", [
    (0, "vote", None, "0 votes"), (1, "vote", None, "1 vote"), (2, "person", "people", "2 people"),
])
def test_plural(count, one, many, expected):
    assert plural(count, one, many) == expected


def test_dates_read_the_same_whatever_the_locale(other_locale):
    day = datetime.date(2026, 12, 31)
    assert day.strftime("%B") != "December"  # the locale is in effect: strftime would be wrong
    assert format_date(day) == "31 December 2026"


@pytest.mark.parametrize("minutes, words", [
    (55, "55 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes"), (61, "1 hour 1 minute"),
    (1, "1 minute"), (0, "0 minutes"), (120, "2 hours"), (599.6, "10 hours"), (52.4, "52 minutes"),
    (59.5, "1 hour"),
])
def test_durations_read_as_hours_and_minutes(minutes, words):
    assert duration_words(minutes) == words


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError, match="negative"):
        duration_words(-1)
