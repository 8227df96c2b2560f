import subprocess
import sys

import pytest

from facilitator.cli import main


def test_check_prints_the_shipped_workshops_summary(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Social media is everyone's job"
    assert out[1].startswith("  slides: ")
    assert out[2] == "  planned: 55 of 55 minutes"
    assert out[3].startswith("  exercises: 12 (")
    assert not [line for line in out if "warning" in line]


def test_check_reports_every_problem_with_file_and_line(write_files, capsys):
    folder = write_files({
        "deck.md": "---\ntitle: Broken\nduration: 10\ncolour: red\n---\n"
                   "<!-- minutes: two -->\n# One\n---\n---\n# Three\n",
    })
    assert main(["check", str(folder / "deck.md"), "--db", str(folder / "x.db")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{folder / 'deck.md'}:4: unknown front matter key `colour`",
        f"{folder / 'deck.md'}:6: `minutes` must be a number above 0, not 'two'",
        f"{folder / 'deck.md'}:8: empty slide: two `---` separators with nothing between them",
        "3 problems found",
    ]


def test_check_of_a_missing_file_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.md")]) == 1
    err = capsys.readouterr().err
    assert "nope.md:1: cannot read the deck" in err and "Traceback" not in err


def test_the_console_command_offers_the_window_and_its_commands():
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Without a command: the start screen" in " ".join(result.stdout.split())
    assert all(command in result.stdout for command in ("check", "serve", "present"))


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
