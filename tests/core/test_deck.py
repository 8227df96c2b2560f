"""Reading decks: front matter, slides, settings, notes, images and the problems reported."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from facilitator.core.deck import Image, Layout, parse_deck
from facilitator.core.errors import Problem
from facilitator.core.translation import translator
from tests.helpers import problems_from, single_problem, without_direction_marks

FRONT = "---\ntitle: Test deck\nduration: 10\n---\n"


def deck(*body: str) -> str:
    """A deck with valid front matter whose body lines start at line 5."""
    return FRONT + "\n".join(body) + "\n"


@pytest.fixture
def write_deck(write_files):
    def write(text: str, name: str = "deck.md") -> Path:
        return write_files({name: text}) / name

    return write


def problems_of(path: Path) -> list[Problem]:
    return problems_from(parse_deck, path)


def only_problem(path: Path) -> Problem:
    return single_problem(parse_deck, path)


def only_slide(path: Path):
    [slide] = parse_deck(path).slides
    return slide


# -- front matter ---------------------------------------------------------------------


def test_front_matter_values_are_read(write_files):
    folder = write_files({
        "slides/deck.md": (
            "---\n"
            "title: '  Social media  '\n"
            "subtitle: For everyone\n"
            "duration: 45.5\n"
            "facilitator: Alex Example\n"
            "organisation: Example Ltd\n"
            "date: 2025-03-14\n"
            "language: fr\n"
            "logo: logo.png\n"
            "signature: sig/alex.png\n"
            "exercises: ../polls\n"
            "handout: handout.toml\n"
            "---\n"
            "# A\n"
        ),
        "slides/logo.png": "png",
        "slides/sig/alex.png": "png",
        "slides/handout.toml": "",
        "polls/.keep": "",
    })
    parsed = parse_deck(folder / "slides" / "deck.md")
    assert parsed.title == "Social media"
    assert parsed.subtitle == "For everyone"
    assert parsed.duration == 45.5
    assert parsed.facilitator == "Alex Example"
    assert parsed.organisation == "Example Ltd"
    assert parsed.date == datetime.date(2025, 3, 14)
    assert parsed.language == "fr"
    assert parsed.logo == (folder / "slides" / "logo.png").resolve()
    assert parsed.signature == (folder / "slides" / "sig" / "alex.png").resolve()
    assert parsed.exercises_folder == (folder / "polls").resolve()
    assert parsed.handout == (folder / "slides" / "handout.toml").resolve()
    assert parsed.path == (folder / "slides" / "deck.md").resolve()


def test_optional_front_matter_has_defaults(write_deck):
    parsed = parse_deck(write_deck(deck("# A")))
    assert (parsed.subtitle, parsed.facilitator, parsed.organisation) == ("", "", "")
    assert parsed.date is None
    assert parsed.language == "en"
    assert (parsed.logo, parsed.signature, parsed.exercises_folder, parsed.handout) == (None, None, None, None)


def test_front_matter_may_close_with_three_dots(write_deck):
    parsed = parse_deck(write_deck("---\ntitle: T\nduration: 5\n...\n# A\n"))
    assert parsed.title == "T"
    assert [s.title for s in parsed.slides] == ["A"]


BROKEN_FRONT_MATTER = [
    pytest.param("# A\n", 1, "starts with front matter", id="no-front-matter"),
    pytest.param("", 1, "starts with front matter", id="empty-file"),
    pytest.param("---\ntitle: T\nduration: 5\n# A\n", 1, "never closed", id="unclosed"),
    pytest.param("---\ntitle: a: b\nduration: 5\n---\n# A\n", 2, "not valid YAML", id="yaml-error-line-2"),
    pytest.param(
        "---\ntitle: T\nduration: 5\nsubtitle: [unclosed\n---\n# A\n", 4, "not valid YAML",
        id="yaml-error-line-4",
    ),
    pytest.param("---\n- a\n- b\n---\n# A\n", 2, "`key: value` lines", id="not-a-mapping"),
    pytest.param("---\nduration: 5\n---\n# A\n", 1, "missing `title`", id="missing-title"),
    pytest.param("---\ntitle: T\n---\n# A\n", 1, "missing `duration`", id="missing-duration"),
    pytest.param("---\nduration: 5\ntitle: [a, b]\n---\n# A\n", 3, "`title` must be text", id="title-not-text"),
    pytest.param("---\nduration: 5\ntitle: ''\n---\n# A\n", 3, "`title` must be text", id="title-empty"),
    pytest.param(
        "---\ntitle: T\nduration: 5\norganization: Example\n---\n# A\n", 4,
        "unknown front matter key `organization` (did you mean `organisation`?)", id="unknown-key",
    ),
    pytest.param(
        "---\ntitle: T\nduration: 5\ndate: 14/03/2025\n---\n# A\n", 4, "YYYY-MM-DD", id="bad-date",
    ),
    pytest.param(
        "---\ntitle: T\nduration: 5\nlogo: logo.png\n---\n# A\n", 4, "`logo`: 'logo.png' not found",
        id="missing-logo",
    ),
    pytest.param(
        "---\ntitle: T\nduration: 5\nexercises: polls\n---\n# A\n", 4, "`exercises`: 'polls' not found",
        id="missing-exercises-folder",
    ),
    pytest.param(
        "---\ntitle: T\nduration: 5\nhandout: ideas.toml\n---\n# A\n", 4, "`handout`: 'ideas.toml' not found",
        id="missing-handout",
    ),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BROKEN_FRONT_MATTER)
def test_broken_front_matter_is_reported_at_its_line(write_deck, text, line, fragment):
    problem = only_problem(write_deck(text))
    assert problem.line == line
    assert fragment in problem.message


@pytest.mark.parametrize("key", ["subtitle", "facilitator"])
def test_a_yaml_escape_that_is_no_character_is_refused_before_a_session_stores_it(write_deck, key):
    problem = only_problem(write_deck(f'---\nduration: 5\ntitle: T\n{key}: "Bad \\ud800"\n---\n# A\n'))
    assert (problem.line, problem.message) == (
        4, f"`{key}` holds U+D800 (half of a surrogate pair), which is not a character")


@pytest.mark.parametrize("duration", ["ten", "0", "-5", "601", "true", "[10]", "'10'"])
def test_bad_duration_is_reported_at_its_line(write_deck, duration):
    problem = only_problem(write_deck(f"---\ntitle: T\nduration: {duration}\n---\n# A\n"))
    assert problem.line == 3
    assert "`duration` must be the length in minutes" in problem.message


def test_unknown_front_matter_key_without_a_close_match_has_no_suggestion(write_deck):
    problem = only_problem(write_deck("---\ntitle: T\nduration: 5\ncolour: red\n---\n# A\n"))
    assert problem.line == 4
    assert "unknown front matter key `colour`" in problem.message
    assert "did you mean" not in problem.message


# -- encodings and line endings -----------------------------------------------------

SAMPLE = deck(
    "<!-- minutes: 1, layout: join -->",
    "# Join",
    "",
    "<!--",
    "Welcome people.",
    "-->",
    "",
    "---",
    "",
    "<!-- minutes: 2 -->",
    "# Code",
    "",
    "```",
    "---",
    "```",
    "",
    "<!-- Explain the code. -->",
)


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_crlf_and_cr_line_endings_parse_like_lf(tmp_path, newline):
    lf = tmp_path / "lf.md"
    lf.write_bytes(SAMPLE.encode())
    other = tmp_path / "other.md"
    other.write_bytes(SAMPLE.replace("\n", newline).encode())
    expected = parse_deck(lf)
    assert len(expected.slides) == 2
    assert parse_deck(other).slides == expected.slides


def test_crlf_problems_are_reported_at_the_same_line_as_lf(tmp_path):
    path = tmp_path / "deck.md"
    path.write_bytes(deck("# A", "", "<!-- minutes: soon -->").replace("\n", "\r\n").encode())
    problem = only_problem(path)
    assert problem.line == 7
    assert "`minutes` must be a number" in problem.message


def test_utf8_byte_order_mark_is_ignored(tmp_path):
    plain = tmp_path / "plain.md"
    plain.write_bytes(SAMPLE.encode())
    with_bom = tmp_path / "bom.md"
    with_bom.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode())
    parsed = parse_deck(with_bom)
    assert parsed.title == "Test deck"
    assert parsed.slides == parse_deck(plain).slides


def test_non_utf8_bytes_are_reported_at_their_line(tmp_path):
    path = tmp_path / "deck.md"
    path.write_bytes(deck("# A", "", "Caf\xe9 au lait").encode("latin-1"))
    problem = only_problem(path)
    assert problem.line == 7
    assert "not UTF-8" in problem.message


# -- slides and separators ----------------------------------------------------------


def test_slides_are_split_on_separator_lines(write_deck):
    slides = parse_deck(write_deck(deck("# One", "", "---", "", "# Two", "---", "# Three"))).slides
    assert [(s.index, s.number, s.line, s.title) for s in slides] == [
        (0, 1, 5, "One"),
        (1, 2, 8, "Two"),
        (2, 3, 11, "Three"),
    ]


def test_separator_may_have_trailing_spaces_but_nothing_else(write_deck):
    slides = parse_deck(write_deck(deck("# One", "---  ", "# Two", "--- x", "----"))).slides
    assert [s.title for s in slides] == ["One", "Two"]
    assert slides[1].body == "# Two\n--- x\n----"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        pytest.param(("# A", "---", "---", "# B"), 6, id="in-a-row"),
        pytest.param(("# A", "", "---", "", "---", "", "# B"), 7, id="blank-between"),
        pytest.param(("---", "# A"), 4, id="right-after-front-matter"),
    ],
)
def test_empty_slide_is_reported_at_its_first_separator(write_deck, body, line):
    problem = only_problem(write_deck(deck(*body)))
    assert problem.line == line
    assert "empty slide" in problem.message


@pytest.mark.parametrize("ending", ["---", "---\n", "\n---\n\n"], ids=["bare", "newline", "blank-lines"])
def test_trailing_separator_at_the_end_is_tolerated(write_deck, ending):
    parsed = parse_deck(write_deck(FRONT + "# A\n\n---\n\n# B\n" + ending))
    assert [s.title for s in parsed.slides] == ["A", "B"]


def test_deck_with_only_front_matter_has_no_slides(write_deck):
    problem = only_problem(write_deck(FRONT))
    assert problem.line == 5
    assert "no slides" in problem.message


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_separator_inside_fenced_code_is_code(write_deck, fence):
    slide = only_slide(write_deck(deck("# A", f"{fence}yaml", "---", "key: value", "---", fence)))
    assert slide.body == f"# A\n{fence}yaml\n---\nkey: value\n---\n{fence}"


def test_fence_closes_only_with_a_run_as_long_as_its_opening(write_deck):
    parsed = parse_deck(write_deck(deck("# A", "````", "```", "---", "````", "---", "# B")))
    assert [s.title for s in parsed.slides] == ["A", "B"]


def test_comment_opener_inside_fenced_code_is_content(write_deck):
    parsed = parse_deck(write_deck(deck(
        "# A", "```html", "<!-- not a comment", "```", "", "<!-- Notes. -->", "---", "# B",
    )))
    first, second = parsed.slides
    assert "<!-- not a comment" in first.body
    assert first.notes == "Notes."
    assert second.title == "B"


def test_comment_opener_inside_inline_code_is_content(write_deck):
    parsed = parse_deck(write_deck(deck("# A", "Type `<!--` to open a comment.", "---", "# B")))
    first, second = parsed.slides
    assert first.body == "# A\nType `<!--` to open a comment."
    assert first.notes == ""
    assert second.title == "B"


def test_unclosed_comment_is_reported_at_its_opening_line(write_deck):
    problem = only_problem(write_deck(deck("# A", "", "<!-- Say hello", "", "---", "", "# B")))
    assert problem.line == 7
    assert "never closed" in problem.message


def test_separator_inside_a_comment_is_comment_text(write_deck):
    slide = only_slide(write_deck(deck("# A", "<!--", "Part one", "---", "Part two", "-->")))
    assert slide.notes == "Part one\n---\nPart two"


# -- speaker notes ------------------------------------------------------------------


def test_notes_are_the_comment_that_ends_the_slide(write_deck):
    slide = only_slide(write_deck(deck("# A", "", "Text", "", "<!--", "Say hello.", "Then start.", "-->", "")))
    assert slide.notes == "Say hello.\nThen start."
    assert slide.body == "# A\n\nText"


def test_comment_in_the_middle_of_a_slide_is_not_notes(write_deck):
    slide = only_slide(write_deck(deck("# A", "<!-- an aside -->", "Text")))
    assert slide.notes == ""
    assert "aside" not in slide.body


def test_text_after_a_comment_on_its_line_makes_it_not_notes(write_deck):
    slide = only_slide(write_deck(deck("# A", "<!-- an aside --> and more text")))
    assert slide.notes == ""
    assert "and more text" in slide.body


def test_each_slide_has_its_own_notes(write_deck):
    slides = parse_deck(write_deck(deck("# A", "<!-- First. -->", "---", "# B", "---", "# C", "<!-- Third. -->"))).slides
    assert [s.notes for s in slides] == ["First.", "", "Third."]


def test_settings_comment_ending_a_slide_is_not_notes(write_deck):
    slide = only_slide(write_deck(deck("# A", "<!-- minutes: 2 -->")))
    assert slide.notes == ""
    assert slide.minutes == 2


def test_notes_may_be_followed_by_a_settings_comment(write_deck):
    slide = only_slide(write_deck(deck("# A", "<!-- Say hi. -->", "<!-- minutes: 2 -->")))
    assert slide.notes == "Say hi."
    assert slide.minutes == 2


@pytest.mark.parametrize(
    ("body", "notes"),
    [
        pytest.param(("<!-- Type `a --> b` for an arrow. -->",), "Type `a --> b` for an arrow.", id="one-line"),
        pytest.param(("<!--", "Type `-->` to close.", "-->"), "Type `-->` to close.", id="multi-line"),
        pytest.param(("<!-- Type ``a `-->` b`` here. -->",), "Type ``a `-->` b`` here.", id="double-backticks"),
    ],
)
def test_closer_inside_inline_code_does_not_end_notes(write_deck, body, notes):
    slide = only_slide(write_deck(deck("# A", *body)))
    assert slide.notes == notes
    assert slide.body == "# A"


def test_closer_inside_a_fenced_block_in_notes_does_not_end_them(write_deck):
    slide = only_slide(write_deck(deck(
        "# A", "<!--", "Show this:", "```html", "<!-- hidden -->", "a --> b", "```", "-->",
    )))
    assert slide.notes == "Show this:\n```html\n<!-- hidden -->\na --> b\n```"
    assert slide.body == "# A"


# -- settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param("<!-- minutes: 1.5, exercise: icebreaker, layout: join -->", id="commas"),
        pytest.param("<!--\nminutes: 1.5\nexercise: icebreaker\nlayout: join\n-->", id="newlines"),
        pytest.param("<!-- minutes: 1.5,\nexercise: icebreaker, layout: join -->", id="both"),
    ],
)
def test_settings_comment_sets_minutes_exercise_and_layout(write_deck, settings):
    slide = only_slide(write_deck(deck(settings, "# A")))
    assert (slide.minutes, slide.exercise_id, slide.layout) == (1.5, "icebreaker", Layout.JOIN)
    assert slide.notes == ""
    assert slide.body == "# A"


def test_slide_without_settings_has_defaults(write_deck):
    slide = only_slide(write_deck(deck("# A")))
    assert (slide.minutes, slide.exercise_id, slide.layout, slide.exercise_line) == (None, None, Layout.DEFAULT, 0)


def test_exercise_line_is_where_the_exercise_is_set(write_deck):
    slide = only_slide(write_deck(deck("# A", "", "<!--", "minutes: 1", "exercise: icebreaker", "-->")))
    assert slide.exercise_line == 9


@pytest.mark.parametrize("layout", list(Layout))
def test_every_layout_is_accepted(write_deck, layout):
    body = ("# A", "|||", "B") if layout is Layout.TWO_COLUMNS else ("# A",)
    slide = only_slide(write_deck(deck(f"<!-- layout: {layout.value} -->", *body)))
    assert slide.layout is layout


BROKEN_SLIDES = [
    pytest.param(
        ("# A", "<!-- minute: 2 -->"), 6, "unknown slide setting `minute` (did you mean `minutes`?)",
        id="unknown-setting",
    ),
    pytest.param(
        ("# A", "<!--", "minutes: 1", "layout: title", "minutes: 2", "-->"), 9, "`minutes` is set twice",
        id="duplicate-setting",
    ),
    pytest.param(
        ("# A", "<!-- exercise: a, exercise: b -->"), 6, "`exercise` is set twice", id="duplicate-on-one-line",
    ),
    pytest.param(
        ("# A", "<!-- layout: two-column -->"), 6,
        "unknown layout 'two-column' (did you mean `two-columns`?)", id="bad-layout",
    ),
    pytest.param(
        ("# A", "---", "<!-- layout: two-columns -->", "# B", "Left only"), 7,
        "needs a line `|||`", id="two-columns-without-break",
    ),
    pytest.param(
        ("# A", "---", "# B", "Left", "|||", "Right"), 7,
        "only on a slide with `layout: two-columns`", id="break-without-two-columns",
    ),
    *(pytest.param(("# A", "", f"<!-- layout: title, minutes: {minutes} -->"), 7,
                   "`minutes` must be a number above 0", id=f"minutes-{minutes}")
      for minutes in ("two", "0", "-1", "241", "nan")),
    *(pytest.param(("# A", "", f"![Remote]({target})"), 7, "not a file beside the deck", id=f"remote-{scheme}")
      for scheme, target in (("https", "https://example.com/a.png"), ("http", "http://example.com/a.png"),
                             ("data", "data:image/png;base64,AAAA"))),
]


@pytest.mark.parametrize(("body", "line", "fragment"), BROKEN_SLIDES)
def test_broken_slide_is_reported_at_its_line(write_deck, body, line, fragment):
    problem = only_problem(write_deck(deck(*body)))
    assert problem.line == line
    assert fragment in problem.message


@pytest.mark.parametrize(
    "comment, line",
    [
        (["<!-- minutes: 1,5 -->"], 6),
        (["<!--", "minutes: 2", "Then ask a question.", "-->"], 8),
    ],
    ids=["decimal-comma", "settings-then-notes"],
)
def test_settings_mixed_with_other_text_are_an_error(write_deck, comment, line):
    path = write_deck(deck("# A", *comment))
    (problem,) = problems_of(path)
    assert (problem.path, problem.line) == (path, line)
    assert "holds only `key: value` pairs" in problem.message


def test_notes_that_only_mention_a_word_and_colon_are_notes(write_deck):
    slide = only_slide(write_deck(deck("# A", "<!--", "Ask: who posts for us?", "-->")))
    assert slide.notes == "Ask: who posts for us?"


# -- columns and titles -------------------------------------------------------------


def test_two_columns_slide_splits_at_the_break(write_deck):
    slide = only_slide(write_deck(deck("<!-- layout: two-columns -->", "# A", "", "Left text", "|||", "", "Right text")))
    assert slide.columns == ("# A\n\nLeft text", "Right text")


def test_columns_of_a_slide_without_break_is_all_left(write_deck):
    slide = only_slide(write_deck(deck("# A", "Text")))
    assert slide.columns == ("# A\nText", "")


def test_column_break_inside_fenced_code_is_code(write_deck):
    slide = only_slide(write_deck(deck("# A", "```", "|||", "```")))
    assert slide.layout is Layout.DEFAULT


@pytest.mark.parametrize(
    ("body", "title"),
    [
        pytest.param(("Intro", "## Second level", "# Later"), "Second level", id="first-heading"),
        pytest.param(("# Closed heading ##",), "Closed heading", id="closing-hashes"),
        pytest.param(("#NoSpace", "# Real"), "Real", id="needs-a-space"),
        pytest.param(("No heading here",), "", id="none"),
        pytest.param(("```", "# in code", "```", "# Real"), "Real", id="backtick-fence"),
        pytest.param(("~~~", "# in code", "~~~", "# Real"), "Real", id="tilde-fence"),
        pytest.param(("````md", "```", "# in nested code", "```", "````", "# Real"), "Real", id="nested-fence"),
        pytest.param(("<!-- # in a comment -->", "# Real"), "Real", id="comment"),
    ],
)
def test_title_is_the_first_heading_outside_code(write_deck, body, title):
    assert only_slide(write_deck(deck(*body))).title == title


# -- images -------------------------------------------------------------------------


def test_image_path_is_resolved_relative_to_the_deck(write_files):
    folder = write_files({
        "slides/deck.md": deck("# A", "", '![A busy room](images/room.png "The room")'),
        "slides/images/room.png": "png",
    })
    slide = only_slide(folder / "slides" / "deck.md")
    assert slide.images == (Image(alt="A busy room", path=(folder / "slides/images/room.png").resolve(), line=7),)


def test_missing_image_is_reported_at_its_line(write_deck):
    problem = only_problem(write_deck(deck("# A", "", "![Room](images/missing.png)")))
    assert problem.line == 7
    assert "image 'images/missing.png' not found" in problem.message


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(("```markdown", "![Missing](missing.png)", "```"), id="fenced"),
        pytest.param(("Write `![Missing](missing.png)` for an image.",), id="inline"),
        pytest.param(("````", "```", "![Missing](missing.png)", "```", "````"), id="nested-fence"),
    ],
)
def test_image_inside_code_is_ignored(write_deck, body):
    slide = only_slide(write_deck(deck("# A", *body)))
    assert slide.images == ()


# -- several problems and deck totals -------------------------------------------------


def test_all_problems_are_reported_together_sorted_by_line(write_deck):
    path = write_deck(
        "---\n"
        "organization: Example\n"
        "duration: 5\n"
        "---\n"
        "<!-- minutes: lots -->\n"
        "# A\n"
        "---\n"
        "<!-- layout: wide -->\n"
        "# B\n"
    )
    problems = problems_of(path)
    assert [p.line for p in problems] == [1, 2, 5, 8]
    assert "missing `title`" in problems[0].message
    assert "unknown front matter key `organization`" in problems[1].message
    assert "`minutes` must be a number" in problems[2].message
    assert "unknown layout 'wide'" in problems[3].message


def test_planned_minutes_add_up_the_slides_with_minutes(write_deck):
    parsed = parse_deck(write_deck(deck(
        "<!-- minutes: 1.5 -->", "# A", "---", "<!-- minutes: 2 -->", "# B", "---", "# C",
    )))
    assert parsed.planned_minutes == 3.5


def test_exercise_ids_are_in_slide_order_each_once(write_deck):
    parsed = parse_deck(write_deck(deck(
        "<!-- exercise: warm-up -->", "# A", "---",
        "<!-- exercise: quiz -->", "# B", "---",
        "# C", "---",
        "<!-- exercise: warm-up -->", "# D", "---",
        "<!-- exercise: feedback -->", "# E",
    )))
    assert parsed.exercise_ids == ["warm-up", "quiz", "feedback"]


# -- in the reader's language ----------------------------------------------------------


@pytest.mark.parametrize(("text", "language", "said"), [
    pytest.param(deck("<!-- minute: 2 -->", "# A"), "de",
                 "5: unbekannte Folieneinstellung `minute` (meintest du `minutes`?); Einstellungen sind minutes, "
                 "exercise, layout", id="de-setting-with-its-hint"),
    pytest.param("---\ntitle: T\nduration: 10\norganization: X\n---\n# A\n", "de",
                 "4: Front Matter: unbekannter Schlüssel `organization` (meintest du `organisation`?)",
                 id="de-front-matter-named-inside"),
    # PyYAML's own words stay as it wrote them, inside the translated sentence.
    pytest.param("---\ntitle: [T\nduration: 10\n---\n# A\n", "de",
                 "3: Front Matter: kein gültiges YAML: expected ',' or ']', but got ':'", id="de-yaml-words-kept"),
    pytest.param(deck("# A", "---", "---", "# B"), "ar", "6: شريحة فارغة: فاصلان `---` لا شيء بينهما", id="ar-empty-slide"),
    pytest.param("# No front matter\n", "ja",
                 "1: デッキはフロントマターで始まります。`---` の行、少なくとも `title:` と `duration:`、そしてもう一度 "
                 "`---` の行です", id="ja-no-front-matter"),
])
def test_a_decks_problem_is_said_in_the_readers_language(write_deck, text, language, said):
    problem = only_problem(write_deck(text))
    assert without_direction_marks(problem.said(translator(language))) == f"{problem.path}:{said}"
