"""`facilitator doctor`: each finding from faked probes, and the real probes once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import doctor
from facilitator.core.powerpoint import INSTALL_HINT
from facilitator.doctor import LibreOffice, Probes, WindowProbe
from facilitator.live.network import Interface

# What Qt 6.11 prints (QT_DEBUG_PLUGINS=1) when it cannot load its xcb platform.
XCB_CURSOR = (
    "qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb "
    "platform plugin.\nqt.qpa.plugin: Could not load the Qt platform plugin \"xcb\" in \"\" "
    "even though it was found.\n"
)
XKB_X11 = (
    'qt.core.library: "/venv/PySide6/Qt/plugins/platforms/libqxcb.so" cannot load: Cannot load '
    "library /venv/PySide6/Qt/plugins/platforms/libqxcb.so: (libxkbcommon-x11.so.0: cannot "
    "open shared object file: No such file or directory)\n"
)
# What it prints on a Debian bookworm without libxcb-cursor0.
XCB_CURSOR_SO = XKB_X11.replace("libxkbcommon-x11.so.0", "libxcb-cursor.so.0")
# With the library installed and no display, Qt still adds its xcb-cursor hint.
NO_DISPLAY = "qt.qpa.xcb: could not connect to display \n" + XCB_CURSOR


def probes(**changed) -> Probes:
    healthy = dict(
        window=lambda: WindowProbe("xcb"),
        phone_interface=lambda: Interface("wlan0", "192.168.1.20"),
        font_files=lambda: ["NotoSans-Regular.ttf", "wqy-microhei.ttc"],
        libreoffice=lambda: LibreOffice(Path("/usr/bin/soffice"), "LibreOffice 7.4.7.2 40(Build:2)"),
        environment={"DISPLAY": ":0"},
    )
    return Probes(**(healthy | changed))


def finding(topic, database, **changed):
    return next(f for f in doctor.examine(database, probes(**changed)) if f.topic == topic)


@pytest.fixture
def database(tmp_path):
    return tmp_path / "data" / "facilitator.db"


def test_a_ready_laptop_says_so_and_exits_0(database, capsys):
    assert doctor.run(database, probes()) == 0
    out = capsys.readouterr().out
    for said in ("Facilitator 0.1.0", "Qt can open a window here (platform xcb)",
                 "phones will use 192.168.1.20 on the interface wlan0",
                 f"{database} (is made at the first session)",
                 f"{database.parent / 'certificate-key.pem'} (is made with the first certificates)",
                 "2 shipped font files",
                 "LibreOffice 7.4.7.2 40(Build:2) at /usr/bin/soffice: PowerPoint decks can be shown",
                 "Ready for a session."):
        assert said in out
    assert "!!" not in out


@pytest.mark.parametrize(
    "probe, said",
    [
        (WindowProbe(None, XCB_CURSOR), "the system library libxcb-cursor0 is missing"),
        (WindowProbe(None, XKB_X11), "the system library libxkbcommon-x11.so.0 is missing"),
        (WindowProbe(None, XKB_X11 + NO_DISPLAY), "the system library libxkbcommon-x11.so.0 is missing"),
        (WindowProbe(None, XCB_CURSOR_SO + XCB_CURSOR),
         "the system library libxcb-cursor0 (libxcb-cursor.so.0) is missing"),
        (WindowProbe(None, silent_for=20.0), "Qt cannot open a window: it gave no answer within 20 seconds"),
        (WindowProbe(None, "qt.qpa.plugin: the platform plugin exploded\n"),
         "Qt cannot open a window: qt.qpa.plugin: the platform plugin exploded"),
        (WindowProbe(None, ""), "Qt cannot open a window: no message"),
    ],
)
def test_a_window_that_cannot_open_blocks_and_names_the_missing_library(database, probe, said, capsys):
    found = finding("window", database, window=lambda: probe)
    assert said in found.text and found.blocking
    assert doctor.run(database, probes(window=lambda: probe)) == 1
    assert "!! window" in capsys.readouterr().out


@pytest.mark.parametrize(
    "environment, said",
    [({}, "there is no display here"), ({"DISPLAY": ":9"}, "the display :9 does not answer")],
)
def test_no_display_points_to_serve_without_blocking(database, environment, said):
    found = finding("window", database, window=lambda: WindowProbe(None, NO_DISPLAY), environment=environment)
    assert said in found.text and "facilitator serve" in found.text and not found.blocking


@pytest.mark.parametrize(
    "interface, said, blocking",
    [
        (Interface("", "10.0.0.5"), "phones will use 10.0.0.5 on the default route's interface", False),
        (None, "phones cannot reach it", True),
    ],
)
def test_the_phones_address(database, interface, said, blocking):
    found = finding("phones", database, phone_interface=lambda: interface)
    assert said in found.text and found.blocking is blocking


def test_a_database_folder_that_cannot_be_made_blocks(tmp_path):
    (tmp_path / "a-file").write_text("")
    found = finding("database", tmp_path / "a-file" / "facilitator.db")
    assert found.text.endswith(f"cannot be used: {tmp_path / 'a-file'} is a file, not a folder")
    assert found.blocking


def test_a_database_the_store_would_refuse_blocks(database):
    database.parent.mkdir()
    database.write_bytes(b"not a database at all")
    found = finding("database", database)
    assert "cannot be used: it is not a database" in found.text and found.blocking


def test_existing_database_and_key_are_named(database):
    database.parent.mkdir()
    database.write_bytes(b"")
    (database.parent / "certificate-key.pem").write_text("")
    assert finding("database", database).text == f"{database} (exists)"
    assert finding("signing key", database).text.startswith(f"{database.parent / 'certificate-key.pem'} (exists)")


def test_unreadable_fonts_block(database):
    def missing():
        raise FileNotFoundError("shipped font missing: NotoSans-Regular.ttf")

    found = finding("fonts", database, font_files=missing)
    assert "NotoSans-Regular.ttf" in found.text and found.blocking


def test_no_libreoffice_says_how_to_install_it_and_does_not_block(database):
    found = finding("LibreOffice", database, libreoffice=lambda: None)
    assert found.text == f"not found, so PowerPoint decks cannot be shown: {INSTALL_HINT}"
    assert not found.blocking
    assert doctor.run(database, probes(libreoffice=lambda: None)) == 0


def test_a_libreoffice_that_gives_no_version_is_named_by_its_path(database):
    found = finding("LibreOffice", database, libreoffice=lambda: LibreOffice(Path("C:/LO/soffice.exe"), ""))
    assert found.text == f"found at {Path('C:/LO/soffice.exe')}: PowerPoint decks can be shown"


def test_the_real_libreoffice_probe_gives_its_version(libreoffice):
    found = doctor.probe_libreoffice()
    assert found.path == libreoffice and found.version.startswith("LibreOffice ")


def test_the_real_window_probe_reports_a_platform_qt_cannot_load(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    probe = doctor.probe_window()
    assert probe.platform is None and "no-such-platform" in probe.output


def test_the_real_probes_from_the_command_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "doctor", "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, timeout=60,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert "Qt can open a window here (platform offscreen)" in done.stdout
    assert "shipped font files in" in done.stdout and "NotoSans-Regular.ttf" in done.stdout
    assert "PowerPoint decks can" in done.stdout
    assert done.returncode == (1 if "!!" in done.stdout else 0), done.stdout


@pytest.mark.parametrize("language, said", [
    ("de_DE.UTF-8", ["Qt kann hier ein Fenster öffnen (Plattform xcb)",
                     "Handys verwenden 192.168.1.20 über die Schnittstelle wlan0",
                     "2 mitgelieferte Schriftdateien in", "Bereit für eine Session."]),
    ("ar_EG.UTF-8", ["يستطيع Qt فتح نافذة هنا (المنصة xcb)", "ملفا خط مرفقان في", "جاهز لجلسة."]),
    ("C", ["Qt can open a window here (platform xcb)", "Ready for a session."]),
])
def test_the_command_says_its_report_in_the_systems_language(database, capsys, monkeypatch, language, said):
    from facilitator.cli import main

    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", language)
    monkeypatch.setattr(doctor, "Probes", probes)  # the faked probes, as the command makes them
    assert main(["doctor", "--db", str(database)]) == 0
    out = capsys.readouterr().out
    assert [line for line in said if line not in out] == []


def test_a_report_in_japanese_lines_up_its_findings_by_display_width(database):
    from facilitator.core.translation import translator
    from facilitator.process import columns

    words = translator("ja")
    findings = doctor.examine(database, probes(window=lambda: WindowProbe(None, XCB_CURSOR)))
    lines, status = doctor.report(findings, words)
    assert status == 1 and lines[1].startswith("!! ウィンドウ")
    starts = {columns(line[:line.index(words.say(f.text))]) for line, f in zip(lines, findings)}
    assert len(starts) == 1  # each finding's text begins in the same column
