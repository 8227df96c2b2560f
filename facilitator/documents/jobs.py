"""Making a PDF in a child process.

ReportLab is not thread-safe, and a batch of 500 certificates must not freeze the
window or the phone server, so the window and the server hand a typed job (plain,
picklable data with a `run` method: `HandoutJob`, `CertificatesJob`, `NameProblemJob`)
to `PdfWorkers`, spawned processes that send back its progress and its result.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from facilitator.core.operations import Certificate
from facilitator.core.translation import Message

Progress = Callable[[int, int], None]
# A PDF child's status once it ended because its parent had gone (sysexits' EX_SOFTWARE):
# not 0, since it did not finish, and not a signal's, since nothing killed it.
PARENT_GONE_EXIT_STATUS = 70


class PdfJob(Protocol):
    """Plain, picklable data that a worker turns into a result (a PDF's bytes, mostly)."""

    title: Message  # what the trainer sees: "Certificates", "Handout"
    subject: Message  # what sentences name: "Making the certificates…"

    def run(self, progress: Progress) -> Any: ...


@dataclass(frozen=True)
class HandoutJob:
    """The action-ideas handout of `content` (documents.handout.HandoutContent)."""

    content: Any
    page_size: str = "A4"  # a name of documents.handout.PAGE_SIZES
    title = Message("Handout")  # what the trainer sees
    subject = Message("handout")

    def run(self, progress: Progress) -> bytes:
        from .handout import render_handout

        progress(0, 1)
        with tempfile.TemporaryDirectory(prefix="facilitator-") as folder:
            path = Path(folder) / "handout.pdf"
            render_handout(self.content, path, page_size=self.page_size)
            pdf = path.read_bytes()
        progress(1, 1)
        return pdf


@dataclass(frozen=True)
class CertificatesJob:
    """Certificates already issued (and recorded) by the parent, one page each."""

    certificates: Sequence[Certificate]
    facts: Any  # documents.certificates.WorkshopFacts
    page_size: str = "A4"
    title = Message("Certificates")
    subject = Message("certificates")

    def run(self, progress: Progress) -> bytes:
        from .certificates import certificates_pdf

        pdf = certificates_pdf(self.certificates, self.facts, self.page_size, progress)
        progress(len(self.certificates), len(self.certificates))
        return pdf


@dataclass(frozen=True)
class NameProblemJob:
    """Why `name` cannot print on a certificate, said as an attendee would (no code
    points), or None when it can."""

    name: str
    title = Message("Name check")
    subject = Message("name check")

    def run(self, progress: Progress) -> str | None:
        from .fonts import missing_characters
        from .namecheck import printing_problem

        problem = printing_problem(self.name)
        missing = missing_characters(self.name) if problem else []
        if missing:
            return "no font here can print " + " ".join(missing[:5])
        return problem


class PdfWorkers:
    """The one way to run a PdfJob: in spawned worker processes, reused from job to job,
    each ending with its parent. The window runs one job at a time in its own; the phone
    server shares a few between every phone.

    `progress`, a queue of `child_context()`, hears each job's (done, total) reports.
    A job's error comes back as RuntimeError with its message: not every library's
    exception survives the trip back (unpickling calls its constructor with other
    arguments, and a failed unpickling breaks the whole pool).
    """

    def __init__(self, workers: int, progress: "multiprocessing.Queue | None" = None):
        self._pool = ProcessPoolExecutor(
            workers, mp_context=child_context(), initializer=_start_worker, initargs=(progress,)
        )

    def submit(self, job: PdfJob) -> Future:
        """Raises concurrent.futures.process.BrokenProcessPool once a worker died."""
        return self._pool.submit(_work, job)

    def shutdown(self, *, wait: bool) -> None:
        """Stop taking jobs and drop those not started; a job under way runs to its end."""
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def terminate(self) -> None:
        """Stop now, a job under way included (the trainer closed its preview)."""
        processes = self.processes()
        self.shutdown(wait=False)
        for process in processes:
            process.terminate()

    def processes(self) -> list[multiprocessing.process.BaseProcess]:
        """The worker processes running now (none before the first job)."""
        # The executor offers no public view of its processes; this is the one place
        # that reads it.
        return list((self._pool._processes or {}).values())


_progress_queue: "multiprocessing.Queue | None" = None  # in a worker: where reports go


def _start_worker(progress: "multiprocessing.Queue | None") -> None:
    global _progress_queue
    _progress_queue = progress
    end_with_parent()


def _report(done: int, total: int) -> None:
    if _progress_queue is not None:
        _progress_queue.put((done, total))


def _work(job: PdfJob) -> Any:
    try:
        return job.run(_report)
    except Exception as error:
        raise RuntimeError(f"{type(error).__name__}: {error}") from None


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
