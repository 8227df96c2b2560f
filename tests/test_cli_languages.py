"""The commands speak the system's language (LC_ALL, LC_MESSAGES, LANG, as gettext reads
them): what they print, their errors, their help and argparse's own words; English
under C."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pytest

from facilitator.cli import build_parser, main
from facilitator.documents.signing import payloads_in_pdf

from .test_cli_documents import db, shipped_workshop  # noqa: F401 (fixtures)


@pytest.fixture
def system_language(monkeypatch):
    """Set the system's language for the commands run in this test, as LANG alone."""
    def set_language(value: str) -> None:
        for name in ("LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", value)

    return set_language


def run(capsys, *argv) -> tuple[int, str, str]:
    """A command's exit status (argparse's too) and what it printed."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("language, argv, said", [
    ("de_DE.UTF-8", ["export", "--db", "{tmp}/none.db", "--out", "{tmp}/out"],
     "facilitator: keine Datenbank unter {tmp}/none.db: starte zuerst eine Session oder gib --db an\n"),
    ("ja_JP.UTF-8", ["serve", "deck.md", "--resume", "--db", "{tmp}/none.db"],
     "facilitator: --resume はセッション自身のデッキで続行します：デッキは指定しないでください\n"),
    ("de_DE.UTF-8", ["handout"], "facilitator handout: Fehler: folgende Argumente fehlen: --out\n"),
    ("ar_EG.UTF-8", ["handout", "--out", "x.pdf", "--page-size", "B5"],
     "facilitator handout: خطأ: الوسيط --page-size: اختيار غير صالح: 'B5' (اختر من 'A4', 'Letter')\n"),
    ("fr_FR.UTF-8", ["certificates", "--out", "x.pdf", "--minimum-presence", "many"],
     "facilitator certificates\u202f: erreur\u202f: argument --minimum-presence\u202f: pas un nombre entier\u202f: 'many'\n"),
    ("es_ES.UTF-8", ["certificates", "--out", "x.pdf", "--date", "12/03/2026"],
     "facilitator certificates: error: argumento --date: no es una fecha como 2026-03-12: '12/03/2026'\n"),
    ("zh_CN.UTF-8", ["--bogus"], "facilitator：错误：无法识别的参数：--bogus\n"),
    ("pt_BR.UTF-8", ["serve", "--port"], "facilitator serve: erro: argumento --port: esperava um argumento\n"),
    ("ja_JP.UTF-8", ["certificates", "--o", "x"],
     "facilitator certificates：エラー：あいまいなオプション：--o は --organisation, --out のどれにも当てはまります\n"),
    ("de_DE.UTF-8", ["certificates", "--out", "x", "--include-short-presence=ja"],
     "facilitator certificates: Fehler: Argument --include-short-presence: angegebenes Argument ignoriert: 'ja'\n"),
    ("C.UTF-8", ["handout"], "facilitator handout: error: the following arguments are required: --out\n"),
])
def test_a_commands_error_is_said_in_the_systems_language(capsys, system_language, tmp_path, language, argv, said):
    system_language(language)
    code, out, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code in (1, 2) and out == ""
    assert err.endswith(said.format(tmp=tmp_path))


@pytest.mark.parametrize("language, usage", [("de_DE.UTF-8", "Aufruf: "), ("ja_JP.UTF-8", "使い方: "),
                                             ("C", "usage: ")])
def test_a_usage_error_shows_the_usage_in_the_systems_language(capsys, system_language, language, usage):
    system_language(language)
    code, _, err = run(capsys, "handout")
    assert code == 2 and err.startswith(usage + "facilitator handout [-h] [--db PATH]")


@pytest.mark.parametrize("language, found", [
    ("de_DE.UTF-8", "3 Probleme gefunden"), ("ar_EG.UTF-8", "عُثر على 3 مشكلات"), ("ja_JP.UTF-8", "3 件の問題が見つかりました"),
    ("C", "3 problems found"),
])
def test_check_counts_the_problems_in_the_systems_language(write_files, capsys, system_language, language, found):
    system_language(language)
    folder = write_files({
        "deck.md": "---\ntitle: Broken\nduration: 10\ncolour: red\n---\n"
                   "<!-- minutes: two -->\n# One\n---\n---\n# Three\n",
    })
    code, _, err = run(capsys, "check", folder / "deck.md", "--db", folder / "x.db")
    assert code == 1 and err.splitlines()[-1] == found


def test_certificates_and_their_check_in_the_systems_language(db, tmp_path, capsys, system_language):  # noqa: F811
    system_language("de_DE.UTF-8")
    out = tmp_path / "certificates.pdf"
    code, stdout, _ = run(capsys, "certificates", "--db", db, "--out", out)
    lines = stdout.splitlines()
    assert code == 0 and re.fullmatch(rf"Bescheinigungen: {re.escape(str(out))} \(12 Seiten, FAC-\S+ bis FAC-\S+\)",
                                      lines[0])
    assert lines[1].startswith("signiert mit dem Schlüssel ")
    assert lines[2].startswith("ihre QR-Codes enthalten nur die signierten Angaben")
    system_language("ja_JP.UTF-8")
    code, stdout, _ = run(capsys, "verify", "--db", db, payloads_in_pdf(out)[0])
    assert code == 0 and stdout.startswith("有効：FAC-2026-0001-")
    assert "2026年" in stdout.splitlines()[1]  # the day as Japanese writes it


def _help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every description and help a person reads in `parser --help` and its commands'."""
    texts = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            texts.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts += [choice.help for choice in action._choices_actions]
            for command in action.choices.values():
                texts += _help_texts(command)
    return texts


def test_every_help_and_description_is_said_in_the_systems_language(system_language):
    system_language("C")
    english = _help_texts(build_parser())
    system_language("de_DE.UTF-8")
    german = _help_texts(build_parser())
    assert len(german) == len(english) > 60
    assert [text for text, said in zip(english, german) if text == said] == []


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", [[], ["present"], ["certificates"], ["doctor"]], ids=lambda c: c[0] if c else "-")
def test_help_in_german_has_no_english_left(capsys, system_language, command):
    system_language("C")
    english = _help_texts(build_parser())
    system_language("de_DE.UTF-8")
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0 and out.startswith(f"Aufruf: facilitator {command[0] if command else ''}".rstrip())
    assert "Optionen:" in out and "diese Hilfe anzeigen und beenden" in out
    assert [text for text in english if _words(text) in _words(out)] == []


def test_help_in_english_under_c(capsys, system_language):
    system_language("C")
    code, out, _ = run(capsys, "present", "--help")
    assert code == 0 and out.startswith("usage: facilitator present [-h]")
    assert "options:" in out and "show this help message and exit" in out
    assert "start a new session of a deck" in _words(out).lower()


@pytest.mark.parametrize("variable", ["LANG", "LC_MESSAGES", "LC_ALL"])
def test_the_console_command_reads_the_systems_language_from_its_environment(variable):
    environment = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_MESSAGES", "LC_ALL")}
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--help"], capture_output=True, text=True, timeout=60,
        env=dict(environment, **{variable: "de_DE.UTF-8"}),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: facilitator")
    assert "Ohne Befehl: der Startbildschirm." in _words(result.stdout)
