"""What the commands share about their process: here, text wrapped to a terminal's width."""

import pytest

from facilitator.process import columns, wrap


@pytest.mark.parametrize("text, width, lines", [
    ("the session database (default: the most recent one)", 20,
     ["the session database", "(default: the most", "recent one)"]),
    # A path wider than a line keeps whole, on its own line.
    ("the database (default: /root/.local/share/facilitator/facilitator.db)", 24,
     ["the database (default:", "/root/.local/share/facilitator/facilitator.db)"]),
    # Japanese: two columns a character, broken between characters, never before 。or ）.
    ("セッションの番号（既定：最新のセッション）です。", 16,
     ["セッションの番号", "（既定：最新のセ", "ッション）です。"]),
    ("名簿 CSV（`name` 列）の行ごと", 12, ["名簿 CSV", "（`name`", "列）の行ごと"]),
    ("", 10, []),
])
def test_wrap_breaks_at_spaces_and_between_chinese_and_japanese_characters(text, width, lines):
    assert wrap(text, width) == lines


def test_no_wrapped_line_is_wider_than_asked_unless_one_word_is():
    text = "为会话的每位参与者（默认：最近的会话）、名单 CSV 的每一行（需有 `name` 列；逗号或分号分隔），或两者，各打印一张证书。"
    lines = wrap(text, 30)
    assert all(columns(line) <= 30 for line in lines) and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "，。、）；：" for line in lines)


@pytest.mark.parametrize("text, width", [("abc", 3), ("日本", 4), ("A4 用紙", 7)])
def test_columns_counts_wide_characters_twice(text, width):
    assert columns(text) == width
