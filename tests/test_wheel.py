"""The package as a stranger gets it: the sdist built from the checkout, the wheel built
from that sdist, installed with its declared dependencies into a fresh virtual
environment outside the checkout, and the installed commands run from an empty folder."""

import os
import signal
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

REPOSITORY = Path(__file__).resolve().parents[1]
INSTALL_SECONDS = 300


def _shipped_files() -> dict[str, Path]:
    """Each file the wheel must carry, by its name inside the wheel."""
    mapped = {"slides": "facilitator/slides", "exercises": "facilitator/exercises",
              "resources": "facilitator/resources"}
    wanted = {}
    for folder, inside in mapped.items():
        for path in (REPOSITORY / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                wanted[f"{inside}/{path.relative_to(REPOSITORY / folder).as_posix()}"] = path
    for path in (REPOSITORY / "facilitator").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            wanted[path.relative_to(REPOSITORY).as_posix()] = path
    return wanted


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPOSITORY)],
                   check=True, capture_output=True, timeout=INSTALL_SECONDS)
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory):
    """The fresh environment's bin folder, and an environment for its commands in which
    nothing of the checkout is importable."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=INSTALL_SECONDS)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # The install too: a checkout on PYTHONPATH, with the egg-info its build left there,
    # would pass for facilitator installed already, and pip would install nothing.
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(built)],
                   check=True, capture_output=True, timeout=INSTALL_SECONDS, env=environment)
    return bin_dir, environment


@pytest.fixture
def elsewhere(tmp_path):
    """An empty working folder, far from the checkout."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def run(installed, folder, *args, timeout=120):
    bin_dir, environment = installed
    return subprocess.run([str(bin_dir / "facilitator"), *args], cwd=folder, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def test_the_wheel_carries_the_workshop_fonts_licences_and_phone_page(built):
    names = set(zipfile.ZipFile(built).namelist())
    missing = sorted(set(_shipped_files()) - names)
    assert not missing, missing
    catalogues = {n for n in names if n.startswith("facilitator/locales/")}
    assert "facilitator/locales/facilitator.pot" in catalogues
    assert {"de", "fr", "es", "pt_BR", "zh_Hans", "ja", "ar"} <= {n.split("/")[2] for n in catalogues if n.endswith(".po")}
    licences = {n.rsplit("/", 1)[-1] for n in names if ".dist-info/licenses/" in n}
    assert licences == {"LICENSE", "OFL.txt", "LICENSE-Apache-2.0.txt"}
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "bench/"))]


def test_installed_code_and_data_come_from_the_fresh_environment(installed, elsewhere):
    bin_dir, environment = installed
    done = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "import facilitator.core.paths as p; print(p.SHIPPED_DECK); print(p.FONTS_DIR)"],
        cwd=elsewhere, env=environment, capture_output=True, text=True, timeout=60, check=True,
    )
    for line in done.stdout.splitlines():
        assert Path(line).exists() and Path(line).is_relative_to(bin_dir.parent), line


def test_check_validates_the_shipped_workshop(installed, elsewhere):
    done = run(installed, elsewhere, "check", "--db", str(elsewhere / "f.db"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Social media is everyone's job"
    assert "exercises: 11" in done.stdout


def test_certificates_from_a_roster_then_verified(installed, elsewhere):
    (elsewhere / "roster.csv").write_text("name\nZoë Martin\n李雷\nمريم\n", "utf-8")
    database = str(elsewhere / "f.db")
    done = run(installed, elsewhere, "certificates", "--roster", "roster.csv", "--out", "out.pdf",
               "--db", database, "--facilitator", "Ana", "--organisation", "Acme")
    assert done.returncode == 0, done.stderr
    assert "(3 pages" in done.stdout
    # verify reads the PDF with pypdf: a runtime dependency, not only a test one.
    done = run(installed, elsewhere, "verify", "--db", database, "out.pdf")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("valid: FAC-") == 3 and "Zoë Martin" in done.stdout


def test_serve_prints_its_urls_and_serves_the_phone_page(installed, elsewhere):
    bin_dir, environment = installed
    server = subprocess.Popen(
        [str(bin_dir / "facilitator"), "serve", "--db", str(elsewhere / "f.db"),
         "--host", "127.0.0.1", "--port", "0"],
        cwd=elsewhere, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = [server.stdout.readline() for _ in range(3)]
        join = next(line.split()[1] for line in lines if line.startswith("join: "))
        assert any(line.startswith("remote: http://127.0.0.1:") for line in lines), lines
        with urllib.request.urlopen(join, timeout=10) as page:
            assert page.status == 200 and b">Join the session</title>" in page.read()
        base = join.rsplit("/", 1)[0]
        with urllib.request.urlopen(f"{base}/static/phone.js", timeout=10) as script:
            assert script.status == 200 and script.read()
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    assert server.returncode == 0


def test_verify_page_from_the_installed_template(installed, elsewhere):
    done = run(installed, elsewhere, "verify-page", "--out", "site", "--db", str(elsewhere / "f.db"))
    assert done.returncode == 0, done.stderr
    assert "crypto.subtle" in (elsewhere / "site" / "verify.html").read_text(encoding="utf-8")


def test_the_installed_package_speaks_its_languages(installed, elsewhere):
    bin_dir, environment = installed
    said = subprocess.run(
        [str(bin_dir / "python"), "-c", "from facilitator.core.translation import translator, negotiate; "
         "print(translator(negotiate('de-DE')).text('Join'), translator('ar').direction)"],
        cwd=elsewhere, env=environment, capture_output=True, text=True, timeout=60,
    )
    assert said.stdout.split() == ["Beitreten", "rtl"], said.stderr
