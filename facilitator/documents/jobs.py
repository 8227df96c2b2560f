"""Making a PDF in a child process.

ReportLab is not thread-safe, and a batch of 500 certificates must not freeze the
window or the phone server, so the app and the server hand a `PdfJob` (plain,
picklable data) to a fresh process and hear back its progress and its end.
"""

from __future__ import annotations

import importlib
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

Progress = Callable[[int, int], None]


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


def handout(content, page_size, *, path: str, progress: Progress) -> None:
    from .handout import render_handout

    progress(0, 1)
    render_handout(content, path, page_size=page_size)
    progress(1, 1)


def certificates(issued, facts, page_size: str, *, path: str, progress: Progress) -> None:
    """Draw certificates already issued (and recorded) by the parent."""
    from .certificates import write_certificates

    write_certificates(issued, facts, path, page_size, progress)
    progress(len(issued), len(issued))
