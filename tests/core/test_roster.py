"""Roster CSV files as spreadsheets write them, and the errors for ones that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.core.errors import FormatError
from facilitator.core.roster import MAX_ROSTER_BYTES, load_roster, parse_roster


def problems(data: bytes | str) -> list[tuple[int, str]]:
    with pytest.raises(FormatError) as caught:
        parse_roster(data)
    return [(p.line, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("data", [
    b"name,email\nAnna Lee,anna@example.com\nJos\xc3\xa9 Garc\xc3\xada,jose@example.com\n",
    b"\xef\xbb\xbfname,email\r\nAnna Lee,anna@example.com\r\nJos\xc3\xa9 Garc\xc3\xada,jose@example.com\r\n",
    b"name;email\rAnna Lee;anna@example.com\rJos\xc3\xa9 Garc\xc3\xada;jose@example.com",
    b"Name\tEmail\nAnna Lee\tanna@example.com\nJos\xc3\xa9 Garc\xc3\xada\tjose@example.com\n",
    b'" NAME ","email"\n"Anna Lee","anna@example.com"\n\n,\n"Jos\xc3\xa9 Garc\xc3\xada",jose@example.com\n',
], ids=["comma", "bom-crlf", "semicolon-cr", "tab", "quoted-blank-rows"])
def test_spreadsheet_dialects(data):
    roster = parse_roster(data)
    assert roster.names == ["Anna Lee", "José García"]
    assert [entry.get("EMAIL") for entry in roster.entries] == ["anna@example.com", "jose@example.com"]
    assert roster.duplicates == () and roster.repeated_lines == ()


def test_semicolons_with_commas_in_names():
    roster = parse_roster("name;team\nSmith, Jane;Sales\nLee, Anna;Ops\n")
    assert roster.names == ["Smith, Jane", "Lee, Anna"]
    assert roster.columns == ("name", "team")


def test_other_columns_are_kept():
    roster = parse_roster("Email,Name,Team,Badge No.\na@x.org,Anna Lee,Sales,17\nb@x.org,Ben Ode,,\n")
    assert roster.columns == ("Email", "Name", "Team", "Badge No.")
    assert roster.entries[0].fields == {"Email": "a@x.org", "Name": "Anna Lee", "Team": "Sales", "Badge No.": "17"}
    assert roster.entries[1].fields["Team"] == "" and roster.entries[1].get("badge no.") == ""
    assert roster.entries[1].get("missing", "?") == "?"


def test_quoted_fields_over_several_lines():
    data = 'name,note\n"Anna\nLee","first line\nsecond line"\nBen Ode,x\n"Cy\r\nDee",\n'
    roster = parse_roster(data)
    # A line break inside a name is a space on the certificate; the note keeps its own.
    assert roster.names == ["Anna Lee", "Ben Ode", "Cy Dee"]
    assert roster.entries[0].fields["note"] == "first line\nsecond line"
    assert [entry.line for entry in roster.entries] == [2, 5, 6]  # where each row starts


def test_a_bad_row_after_a_quoted_line_break_is_named_by_its_own_line():
    data = 'name,note\n"Anna\nLee",x\n,no name here\n'
    assert problems(data) == [(4, "the name is empty")]


def test_names_are_tidied():
    roster = parse_roster("name\n  Anna   Lee \nBen\x07 Ode\nAme\u0301lie\n")
    assert roster.names == ["Anna Lee", "Ben Ode", "Amélie"]


def test_duplicate_names_are_kept_and_listed():
    roster = parse_roster("name,email\nAnna Lee,a@x.org\nBen Ode,b@x.org\nANNA LEE,other@x.org\n")
    assert roster.names == ["Anna Lee", "Ben Ode", "ANNA LEE"]
    assert roster.duplicates == (("Anna Lee", (2, 4)),)


def test_a_row_pasted_twice_is_kept_once():
    roster = parse_roster("name,email\nAnna Lee,a@x.org\nBen Ode,b@x.org\nAnna Lee,a@x.org\n")
    assert roster.names == ["Anna Lee", "Ben Ode"]
    assert roster.repeated_lines == (4,)


def test_a_name_only_roster_keeps_both_people_of_one_name():
    roster = parse_roster("name\nAnna Lee\nAnna Lee\n")
    assert len(roster) == 2 and roster.duplicates == (("Anna Lee", (2, 3)),)


@pytest.mark.parametrize("data, expected", [
    (b"email,team\na@x.org,Sales\n", [(1, "no `name` column in the header line (found 'email', 'team')")]),
    (b"\n\nfull name;mail\nAnna;a\n", [(3, "no `name` column in the header line (found 'full name;mail')")]),
    (b"", [(1, "the file is empty")]),
    (b"\n ,  \n", [(1, "the file is empty")]),
    (b"name,email\n", [(1, "no names below the header line")]),
    (b"name,email\nAnna Lee,a\n,b@x.org\n", [(3, "the name is empty")]),
    (b"name\n" + b"x" * 81 + b"\n", [(2, "the name is longer than 80 characters")]),
    ("name\nAnna\n\u200b\ufeff\n".encode(), [(3, "the name is empty: it has only invisible characters")]),
    ("name\nAnita \u0915\n".encode(), [(2, "the name has \u0915 (U+0915 DEVANAGARI LETTER KA)")]),
    ("name\nAnna\uffff\n".encode(), [(2, "the name holds U+FFFF (a noncharacter)")]),
    (b"name,email\nLee, Anna,a@x.org\n", [(2, "3 fields but the header has 2")]),
    (b"name,,email\nAnna,,a\n", [(1, "column 2 of the header line has no name")]),
    (b"name,Email,email\nAnna,a,b\n", [(1, "the column 'email' appears twice")]),
    (b"name\nAnna\nJos\xe9 Garc\xeda\n", [(3, "not UTF-8 text")]),
    (b"name\nAn\x00na\n", [(2, "contains NUL bytes")]),
])
def test_rosters_that_cannot_be_used(data, expected):
    found = problems(data)
    assert [line for line, _ in found] == [line for line, _ in expected]
    for (_, message), (_, start) in zip(found, expected):
        assert message.startswith(start), message


def test_every_bad_row_is_reported_at_once():
    data = "name,email\n,a@x.org\nAnna,b\n" + "y" * 90 + ",c\nBen,d,extra\n"
    assert [line for line, _ in problems(data)] == [2, 4, 5]


def test_trailing_empty_fields_are_not_extra_columns():
    roster = parse_roster("name,email\nAnna,a@x.org,,\n")
    assert roster.entries[0].fields == {"name": "Anna", "email": "a@x.org"}


def test_error_names_the_file(tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"name\nJos\xe9\n")
    with pytest.raises(FormatError) as caught:
        load_roster(path)
    assert str(caught.value).startswith(f"{path}:2: not UTF-8 text")


def test_missing_and_oversized_files(tmp_path: Path):
    with pytest.raises(FormatError, match="cannot read the file"):
        load_roster(tmp_path / "nope.csv")
    big = tmp_path / "big.csv"
    big.write_bytes(b"name\n" + b"Anna Lee\n" * (MAX_ROSTER_BYTES // 9 + 1))
    with pytest.raises(FormatError, match="larger than 5 MB"):
        load_roster(big)


def test_load_roster_reads_the_file(tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffname;team\nΝίκος Παπαδόπουλος;Ops\n王芳;Sales\n".encode())
    roster = load_roster(path)
    assert roster.path == path and roster.names == ["Νίκος Παπαδόπουλος", "王芳"]
