import pytest

from facilitator.core.store import Attendee, Item
from facilitator.core.tally import leaderboard, rank_items, standing, tally, word_frequencies


def answers(*values):
    """Answers as the store counts them: each distinct one with how often it was given."""
    distinct = []
    for value in values:
        if value not in distinct:
            distinct.append(value)
    return [(value, values.count(value)) for value in distinct]


def test_single_choice_counts_and_percentages(workshop):
    result = tally(workshop.exercises["pick-one"], answers(0, 2, 2, 2), [])
    assert result.respondents == 4
    assert [(o.label, o.count, o.percent) for o in result.options] == [
        ("Red", 1, 25.0), ("Green", 0, 0.0), ("Blue", 3, 75.0)
    ]


def test_multiple_choice_percentages_are_of_respondents(workshop):
    result = tally(workshop.exercises["pick-some"], answers([0, 1], [0], [1, 3]), [])
    assert [o.count for o in result.options] == [2, 2, 0, 1]
    assert result.options[0].percent == pytest.approx(200 / 3)


def test_no_answers_give_zeros_not_errors(workshop):
    assert [o.percent for o in tally(workshop.exercises["pick-one"], [], []).options] == [0.0] * 3
    scale = tally(workshop.exercises["rate"], [], [])
    assert scale.average is None and scale.rows[0].average is None


def test_scale_average_and_full_distribution(workshop):
    result = tally(workshop.exercises["rate"], answers(5, 4, 4, 1), [])
    (row,) = result.rows
    assert row.average == 3.5 and result.average == 3.5
    assert row.distribution == ((1, 1), (2, 0), (3, 0), (4, 2), (5, 1))
    assert (result.min_label, result.max_label) == ("Not at all", "Very")


def test_scale_with_statements_has_a_row_each(workshop):
    result = tally(workshop.exercises["rate-many"], answers([1, 5], [3, 5]), [])
    assert [(r.statement, r.average) for r in result.rows] == [
        ("We have a policy", 2.0), ("We train staff", 5.0)
    ]
    assert result.average == 3.5


def test_word_cloud_counts_every_entry_of_every_answer(workshop):
    result = tally(workshop.exercises["words"], answers(["Trust", "reach"], ["trust"], ["fear"]), [])
    assert result.respondents == 3
    assert [(w.text, w.count) for w in result.words] == [("Trust", 2), ("fear", 1), ("reach", 1)]


@pytest.mark.parametrize(
    "words, expected",
    [
        (["Trust", "trust", "TRUST"], [("Trust", 3)]),
        (["social  media", "Social Media", "Social Media"], [("Social Media", 3)]),
        (["b", "a", "a", "c", "b"], [("a", 2), ("b", 2), ("c", 1)]),
        (["ＡＩ", "ai"], [("ＡＩ", 2)]),
        ([], []),
    ],
)
def test_word_frequencies(words, expected):
    assert [(w.text, w.count) for w in word_frequencies((w, 1) for w in words)] == expected


def test_word_frequencies_weigh_repeated_answers():
    assert [(w.text, w.count) for w in word_frequencies([("Trust", 4), ("trust", 1)])] == [("Trust", 5)]


def item(item_id, upvotes, created_at=0.0, hidden=False, author=1):
    return Item(item_id, 1, author, f"idea {item_id}", hidden, False, created_at, upvotes)


def test_board_ranks_visible_items_by_upvotes_then_age(workshop):
    items = [item(1, 2, 1.0), item(2, 5, 2.0), item(3, 2, 0.5, author=2), item(4, 9, hidden=True)]
    result = tally(workshop.exercises["ideas"], [], items)
    assert [i.id for i in result.items] == [2, 3, 1]
    assert (result.hidden, result.authors) == (1, 2)


def test_rank_items_breaks_full_ties_by_id():
    assert [i.id for i in rank_items([item(2, 0), item(1, 0)])] == [1, 2]


def test_quiz_tally_marks_the_correct_option(workshop):
    result = tally(workshop.exercises["quiz"], answers([1], [1], [0]), [])
    assert [(o.count, o.correct) for o in result.options] == [(1, False), (2, True)]
    assert result.correct_count == 2


def person(n, joined_at=0.0):
    return Attendee(n, 1, f"P{n}", f"t{n}", joined_at, joined_at)


@pytest.mark.parametrize("scores, who, rank, points", [
    ([(person(1), 500, 1), (person(2), 900, 1)], person(1), 2, 500),  # on the board
    ([(person(1), 500, 1), (person(2), 0, 0)], person(3), 2, 0),  # beside those who scored none
    ([(person(1), 500, 1), (person(2), 900, 1)], person(3), 3, 0),  # after everyone who scored
    ([], person(3), 1, 0),
])
def test_everyone_has_a_standing_answered_or_not(scores, who, rank, points):
    entry = standing(leaderboard(scores), who)
    assert (entry.rank, entry.name, entry.points) == (rank, who.name, points)


def test_leaderboard_shares_ranks_on_equal_points():
    scores = [(person(1), 500, 1), (person(2), 900, 1), (person(3), 500, 1), (person(4), 0, 0)]
    assert [(e.rank, e.name) for e in leaderboard(scores)] == [
        (1, "P2"), (2, "P1"), (2, "P3"), (4, "P4")
    ]


def test_scale_statements_lowest_first_ties_in_order_unrated_last(workshop):
    exercise = workshop.exercises["rate-many"]
    rated = tally(exercise, answers([4, 2], [4, 2]), [])
    assert [r.statement for r in rated.lowest_first()] == ["We train staff", "We have a policy"]
    tied = tally(exercise, answers([3, 3]), [])
    assert [r.statement for r in tied.lowest_first()] == ["We have a policy", "We train staff"]
    assert tally(exercise, [], []).lowest_first() == tally(exercise, [], []).rows


def test_each_statement_keeps_its_distribution_over_every_point(workshop):
    result = tally(workshop.exercises["rate-many"], answers([1, 5], [3, 5], [3, 4]), [])
    assert [r.distribution for r in result.rows] == [
        ((1, 1), (2, 0), (3, 2), (4, 0), (5, 0)),
        ((1, 0), (2, 0), (3, 0), (4, 1), (5, 2)),
    ]
