"""A PDF child process ends by itself once its parent is gone, even after a kill -9."""

import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator.documents.jobs import PdfWorkers, child_context
from tests.processes import linux_only, running, wait_until

pytestmark = pytest.mark.skipif(not linux_only(), reason="reads processes from /proc")

ROOT = Path(__file__).resolve().parents[2]

# A parent as the app is one: it starts a job in a worker (as ui/printing.py and the
# phone server do), says the worker's pid once the job is under way, then waits to be killed.
PARENT = """
import time
from facilitator.documents.jobs import PdfWorkers, child_context
from tests.documents.test_jobs import DrawForAMinute

progress = child_context().Queue()
workers = PdfWorkers(1, progress)
workers.submit(DrawForAMinute())
assert progress.get(timeout=60) == (0, 1)
[child] = workers.processes()
print(child.pid, flush=True)
time.sleep(600)
"""


@dataclass(frozen=True)
class DrawForAMinute:
    """A job far longer than the test: only its parent's end can stop it in time."""

    title = "Slow"

    def run(self, progress) -> None:
        progress(0, 1)
        time.sleep(60)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=lambda s: s.name)
def test_a_pdf_child_ends_when_its_parent_is_killed(how):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=ROOT,
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


def test_a_job_under_way_stops_when_its_workers_are_terminated():
    progress = child_context().Queue()
    workers = PdfWorkers(1, progress)
    result = workers.submit(DrawForAMinute())
    assert progress.get(timeout=60) == (0, 1)
    [child] = workers.processes()
    workers.terminate()
    assert wait_until(lambda: not running(child.pid), timeout=10), "the drawing went on"
    assert result.exception(timeout=10) is not None
