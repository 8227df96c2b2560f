"""Saving what phones send with as few commits and fsyncs as a full room allows.

A vote is acknowledged only once it is on disk. Doing that one vote at a time would cost
a transaction and an fsync each; instead, the answers that arrive in one turn of the
event loop are recorded in one transaction, and everyone waiting for the disk shares
one fsync. Under light load a batch is one vote, and nothing waits for company.
"""

from __future__ import annotations

import asyncio

from facilitator.core.session import Answer, LiveSession
from facilitator.core.store import ResponseRecord, Store


class DurableAcks:
    """Waits until what was committed before the call is fsynced; one fsync, run off
    the event loop, serves every request waiting at that moment."""

    def __init__(self, store: Store):
        self.store = store
        self._waiting: list[asyncio.Future] = []
        self._syncing = False

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._waiting.append(future)
        if not self._syncing:
            self._start(loop)
        await future

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._syncing = True
        batch, self._waiting = self._waiting, []
        synced = loop.run_in_executor(None, self.store.sync)
        synced.add_done_callback(lambda done: self._finish(loop, batch, done))

    def _finish(self, loop: asyncio.AbstractEventLoop, batch: list[asyncio.Future], done: asyncio.Future) -> None:
        self._syncing = False
        error = done.exception()
        for future in batch:
            if future.done():
                continue
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)
        if self._waiting:
            self._start(loop)


class AnswerBatcher:
    """Records the answers of one turn of the event loop with one commit."""

    def __init__(self, session: LiveSession, durable: DurableAcks):
        self.session = session
        self.durable = durable
        self._pending: list[tuple[Answer, asyncio.Future]] = []

    async def submit(self, answer: Answer) -> ResponseRecord:
        """The recorded answer, once on disk; raises what refused it or failed it."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if not self._pending:
            loop.call_soon(self._record)
        self._pending.append((answer, future))
        result = await future
        if isinstance(result, Exception):
            raise result
        await self.durable.wait()
        return result

    def _record(self) -> None:
        batch, self._pending = self._pending, []
        try:
            results = self.session.respond_all([answer for answer, _ in batch])
        except Exception as error:  # the commit itself failed: nothing of the batch was saved
            for _, future in batch:
                future.set_exception(error)
            return
        for (_, future), result in zip(batch, results):
            future.set_result(result)
