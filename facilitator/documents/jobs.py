"""Making a PDF in a child process.

ReportLab is not thread-safe, and a batch of 500 certificates must not freeze the
window or the phone server, so the app and the server hand a `PdfJob` (plain,
picklable data) to a fresh process and hear back its progress and its end.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

Progress = Callable[[int, int], None]
# A PDF child's status once it ended because its parent had gone (sysexits' EX_SOFTWARE):
# not 0, since it did not finish, and not a signal's, since nothing killed it.
PARENT_GONE_EXIT_STATUS = 70


@dataclass(frozen=True)
class PdfJob:
    """Call `function(*args, path=path, progress=...)` in another process."""

    title: str  # what the trainer sees: "Certificates", "Handout"
    function: str  # "package.module:function"
    args: tuple[Any, ...]
    path: str

    def run(self, progress: Progress) -> Path:
        module, name = self.function.split(":")
        getattr(importlib.import_module(module), name)(*self.args, path=self.path, progress=progress)
        return Path(self.path)


def run_in_child(job: PdfJob, messages: "multiprocessing.Queue") -> None:
    """The child's entry point: ("progress", done, total)... then ("done", path) or ("failed", why)."""
    end_with_parent()
    try:
        job.run(lambda done, total: messages.put(("progress", done, total)))
    except Exception as error:  # the parent shows it; the child has no one else to tell
        messages.put(("failed", f"{type(error).__name__}: {error}"))
    else:
        messages.put(("done", job.path))


def child_context():
    """Spawned, not forked: the parent has threads (the phone server, Qt) that a fork
    would copy in whatever state they were in."""
    return multiprocessing.get_context("spawn")


def end_with_parent() -> None:
    """In a child of `child_context()`: end this process as soon as its parent is gone,
    however it went (a kill -9 included), instead of drawing on for nobody.

    Spawned children already hold the means: on POSIX a pipe whose other end only the
    parent holds, which reads as closed once the parent is gone; on Windows a handle to
    the parent process. A thread waits on it. (Linux's PR_SET_PDEATHSIG is not used: it
    fires when the parent *thread* that started the child ends, and the phone server
    starts its workers from a thread that stops before the process does.)
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_once_gone, args=(parent,), name="parent-watch",
                         daemon=True).start()


def _exit_once_gone(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    # Not sys.exit: the main thread may be deep in a drawing that would not notice.
    os._exit(PARENT_GONE_EXIT_STATUS)


def handout(content, page_size: str, *, path: str, progress: Progress) -> None:
    from .handout import render_handout

    progress(0, 1)
    render_handout(content, path, page_size=page_size)
    progress(1, 1)


def certificates(issued, facts, page_size: str, *, path: str, progress: Progress) -> None:
    """Draw certificates already issued (and recorded) by the parent."""
    from .certificates import write_certificates

    write_certificates(issued, facts, path, page_size, progress)
    progress(len(issued), len(issued))
