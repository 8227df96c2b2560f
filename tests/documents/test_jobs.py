"""A PDF child process ends by itself once its parent is gone, even after a kill -9."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import linux_only, running, wait_until

pytestmark = pytest.mark.skipif(not linux_only(), reason="reads processes from /proc")

ROOT = Path(__file__).resolve().parents[2]

# A parent as the app is one: it starts a job in a child (as ui/printing.py does), says the
# child's pid once the job is under way, then waits to be killed.
PARENT = """
import sys, time
from facilitator.documents.jobs import PdfJob, child_context, run_in_child

context = child_context()
messages = context.Queue()
job = PdfJob("Slow", "tests.documents.test_jobs:draw_for_a_minute", (), sys.argv[1])
child = context.Process(target=run_in_child, args=(job, messages), daemon=True)
child.start()
assert messages.get(timeout=60)[0] == "progress"
print(child.pid, flush=True)
time.sleep(600)
"""


def draw_for_a_minute(*, path: str, progress) -> None:
    """A job far longer than the test: only its parent's end can stop it in time."""
    progress(0, 1)
    time.sleep(60)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=lambda s: s.name)
def test_a_pdf_child_ends_when_its_parent_is_killed(tmp_path, how):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(tmp_path / "slow.pdf")], cwd=ROOT,
        stdout=subprocess.PIPE, text=True,
    )
    try:
        child = int(parent.stdout.readline())
        assert running(child)
        parent.send_signal(how)
        parent.wait(timeout=10)
        assert wait_until(lambda: not running(child), timeout=10), "the child outlived its parent"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
