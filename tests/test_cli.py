import subprocess
import sys

import pytest

from facilitator.cli import build_parser, main
from facilitator.live.network import DEFAULT_PORT


def test_check_prints_the_shipped_workshops_summary(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Social media is everyone's job"
    assert out[1].startswith("  slides: ")
    assert out[2] == "  planned: 60 of 60 minutes"
    assert out[3].startswith("  exercises: 11 (")
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


SERVE = [sys.executable, "-m", "facilitator", "serve", "--host", "127.0.0.1", "--port", "0"]


@pytest.mark.parametrize("content, cause", [
    (b"PK\x03\x04 a zip file named .db", "it is not a database"),
    (b"SQLite format 3\x00" + bytes(200), "its header is damaged"),
])
def test_serve_refuses_a_broken_database_in_words_with_status_1(tmp_path, content, cause):
    db = tmp_path / "broken.db"
    db.write_bytes(content)
    result = subprocess.run([*SERVE, "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"facilitator: cannot use the database {db}: {cause}")
    assert result.stderr.endswith("(--db PATH chooses another database file)\n")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["broken.db"] and db.read_bytes() == content


@pytest.mark.parametrize("lang, said", [
    ("de_DE.UTF-8", "facilitator: Die Datenbank {db} kann nicht verwendet werden: das ist keine Datenbank (die Datei"
                    " beginnt nicht wie eine SQLite-Datei). Nimm eine andere Datenbankdatei.\n"),
    ("ar_EG.UTF-8", "facilitator: لا يمكن استخدام قاعدة البيانات {db}: هذا ليس قاعدة بيانات (لا يبدأ كما يبدأ ملف"
                    " SQLite). استخدم ملف قاعدة بيانات آخر.\n"),
])
def test_a_broken_database_is_refused_in_the_systems_language(tmp_path, capsys, monkeypatch, lang, said):
    monkeypatch.setenv("LANG", lang)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    db = tmp_path / "broken.db"
    db.write_bytes(b"PK\x03\x04 a zip file named .db")
    assert main(["serve", "--host", "127.0.0.1", "--port", "0", "--db", str(db)]) == 1
    assert capsys.readouterr().err.startswith(said.format(db=db))


def test_the_window_refuses_a_broken_database_and_quits_with_status_1_if_no_other_is_chosen(
    tmp_path, monkeypatch,
):
    from facilitator import app

    db = tmp_path / "broken.db"
    db.write_text("hello", "utf-8")
    offered = []
    monkeypatch.setattr(app, "ask_for_another_database", lambda error: offered.append(error))
    assert main(["present", "--db", str(db)]) == 1
    assert [error.cause for error in offered] == [
        "it is not a database (it does not begin as an SQLite file does)"
    ]


def serving(db, timeout: float = 60) -> subprocess.Popen:
    """`facilitator serve` on `db`, once it says it serves."""
    process = subprocess.Popen([*SERVE, "--db", str(db)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("Serving until"):
            return process
    process.wait(timeout)
    raise AssertionError(f"serve did not start: {process.stderr.read()}")


def test_a_second_serve_on_one_database_is_refused_until_the_first_is_killed(tmp_path):
    db = tmp_path / "room.db"
    first = serving(db)
    with first:
        second = subprocess.run([*SERVE, "--db", str(db)], capture_output=True, text=True, timeout=60)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert second.stderr.startswith(
            f"facilitator: cannot use the database {db}: it is in use by process {first.pid} "
            "(facilitator serve, since "
        )
        first.kill()  # a kill -9: the operating system lets go of the lock
    third = serving(db)
    with third:
        third.kill()


def test_serve_prints_one_line_when_saving_fails_and_one_when_it_works_again(
    tmp_path, capsys, disk_full, workshop,
):
    from facilitator.cli import print_health
    from facilitator.core.errors import StorageFault
    from facilitator.core.session import LiveSession
    from facilitator.core.store import Store

    store = Store.open(tmp_path / "room.db")
    store.health.events.subscribe(print_health)
    session = LiveSession.start(store, workshop)
    disk_full(store)
    for name in ("Ana", "Bo", "Chiara", "Dara"):
        with pytest.raises(StorageFault):
            session.join(name)
    disk_full(store, False)
    session.join("Eve")
    session.join("Femi")
    store.close()
    out, err = capsys.readouterr()
    assert err == ("Cannot save answers: the disk is full. Phones are asked to try again in a "
                   "moment; what they were told was saved is safe.\n")
    assert out == "Saving works again.\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_database_option_reaches_the_command_before_or_after_its_name(tmp_path, capsys, where):
    db = tmp_path / "elsewhere.db"
    options, command = ["--db", str(db)], ["export", "--out", str(tmp_path)]
    assert main(options + command if where == "before" else command + options) == 1
    assert capsys.readouterr().err.startswith(f"facilitator: no database at {db}:")


@pytest.mark.parametrize("argv", [
    ["--host", "127.0.0.2", "--port", "9000", "serve"],
    ["serve", "--host", "127.0.0.2", "--port", "9000"],
], ids=["before", "after"])
def test_the_network_options_reach_the_command_before_or_after_its_name(argv):
    args = build_parser().parse_args(argv)
    assert (args.host, args.port) == ("127.0.0.2", 9000)


@pytest.mark.parametrize("argv", [[], ["serve"], ["export", "--out", "records"]])
def test_the_shared_options_default_alike_with_or_without_a_command(argv):
    args = build_parser().parse_args(argv)
    assert (args.db, args.host, args.port) == (None, None, DEFAULT_PORT)


def test_check_of_a_pdf_deck_prints_its_pages_and_what_is_missing(tmp_path, capsys):
    from tests.deck_files import make_pdf, pdfpc_pages, write_pdfpc

    talk = make_pdf(tmp_path / "talk.pdf", 4, labels=["1", "2", "2", "3"], title="Posting at work")
    write_pdfpc(talk.with_suffix(".pdfpc"), pdfpc_pages({0: "Hello\nlayout: join", 1: "exercise: icebreaker-one-word"}, ["1", "2", "2", "3"]))
    assert main(["check", str(talk)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["Posting at work", "  slides: 3 (4 pages)"]
    assert "  warning: no duration is given: one minute per slide is assumed; set `duration` in talk.facilitator.yaml" in out
    assert "  warning: 2 slides have no speaker notes" in out


def test_check_names_the_slide_of_each_problem_in_an_imported_deck(tmp_path, capsys):
    from tests.deck_files import make_pdf

    talk = make_pdf(tmp_path / "talk.pdf", 3, annotations={1: "minutes: soon", 2: "exercise: no-such-poll"})
    assert main(["check", str(talk)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{talk}: slide 2: `minutes` must be a number above 0, not 'soon'",
        "1 problem found",
    ]


def test_check_reports_the_pages_its_finder_cannot_draw(tmp_path, capsys):
    from facilitator.cli import check_deck
    from facilitator.core.errors import Problem
    from tests.deck_files import make_pdf

    talk = make_pdf(tmp_path / "talk.pdf", 2)
    assert check_deck(talk, lambda workshop: [Problem(talk, 0, "page 2 cannot be drawn", slide=2)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{talk}: slide 2: page 2 cannot be drawn", "1 problem found"]


@pytest.mark.parametrize("language, warned", [("de-CH", False), ("en-GB", False), ("zh-Hant", True), ("tlh", True)])
def test_check_warns_when_the_decks_language_has_no_catalogue(write_files, capsys, language, warned):
    folder = write_files({
        "deck.md": f"---\ntitle: Talk\nduration: 1\nlanguage: {language}\n---\n<!-- minutes: 1 -->\n# One\n\n<!-- Hi. -->\n",
    })
    assert main(["check", str(folder / "deck.md"), "--db", str(folder / "x.db")]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if "warning" in line]
    expected = (f"  warning: the deck's language {language} has no catalogue: its certificates and "
                "handout print in English. Languages there are: en, ar, de, es, fr, ja, pt-BR, zh-Hans")
    assert warnings == ([expected] if warned else [])


def test_check_speaks_the_systems_language(write_files, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    folder = write_files({
        "deck.md": "---\ntitle: Talk\nduration: 1\nlanguage: tlh\n---\n<!-- minutes: 1 -->\n# One\n\n<!-- Hi. -->\n",
    })
    assert main(["check", str(folder / "deck.md"), "--db", str(folder / "x.db")]) == 0
    assert "  Warnung: Für die Sprache des Foliensatzes, tlh, gibt es keinen Katalog" in capsys.readouterr().out


def test_check_says_a_decks_problem_in_the_systems_language(write_files, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    folder = write_files({"deck.md": "---\ntitle: Talk\nduration: 1\n---\n<!-- minutes: two -->\n# One\n"})
    assert main(["check", str(folder / "deck.md"), "--db", str(folder / "x.db")]) == 1
    assert f"{folder / 'deck.md'}:5: `minutes` muss eine Zahl über 0 sein, nicht 'two'" in capsys.readouterr().err.splitlines()
