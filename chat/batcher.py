"""Group commit for socket sends.

Sends arriving while a transaction is being committed wait and are stored together in the
next one, so one worker stores many messages per commit instead of one: at low load every
send commits on its own (latency = one commit); under load, batches grow with the load.
Every message is committed before its ``message.ack`` is sent.

Where a batch is stored:

* PostgreSQL (default): over async connections in the event loop (``chat.writer``), in
  ``CHAT_WRITERS`` lanes: no thread hop, and REST requests (Django runs sync views on one
  shared thread) never queue behind socket sends;
* PostgreSQL with ``CHAT_ASYNC_WRITER=false``: ``messages_store`` on a dedicated thread with
  its own Django connection;
* SQLite: ``messages_store`` on the shared thread (one writer anyway, and test databases are
  shared in-memory ones).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection

from backend.core.exceptions import ServiceUnavailable

from .services import SendRequest, SendResult, messages_store
from .writer import close_writers, get_writer

logger = logging.getLogger(__name__)

_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chat-writer")


def _store(requests: Sequence[SendRequest]) -> list[SendResult]:
    try:
        return messages_store(requests=requests, notify=False)
    except (OperationalError, InterfaceError):
        # The database is unreachable or the connection broke: drop the connection so the
        # next batch opens a fresh one, and fail this batch (retryable).
        _close_connection()
        raise


def _close_connection() -> None:
    try:
        connection.close()
    except Exception:
        logger.debug("closing a broken database connection failed", exc_info=True)


def _lanes() -> int:
    return settings.CHAT_WRITERS if connection.vendor == "postgresql" and settings.CHAT_ASYNC_WRITER else 1


async def _run(requests: list[SendRequest], lane: int = 0) -> list[SendResult]:
    if connection.vendor == "postgresql":
        if settings.CHAT_ASYNC_WRITER:
            return await get_writer(lane).store(requests)
        # Through sync_to_async (not run_in_executor) so that after-commit callbacks in the
        # writer thread can reach this event loop with async_to_sync.
        return await sync_to_async(_store, thread_sensitive=False, executor=_writer)(requests)
    return await sync_to_async(_store, thread_sensitive=True)(requests)


class SendBatcher:
    """Collects sends from every socket of one event loop into batches, one transaction each.

    With ``writers`` > 1 (PostgreSQL's async writer), conversations are spread over that many
    lanes by id, each with its own connection and one transaction in flight: commits overlap
    (PostgreSQL flushes concurrent commits together), and one conversation always uses the
    same lane, so its sends are stored in the order they arrived.
    """

    def __init__(self, max_batch: int, writers: int = 1) -> None:
        self.max_batch = max_batch
        self.writers = max(1, writers)
        self._pending: list[list[tuple[SendRequest, asyncio.Future[SendResult]]]] = [[] for _ in range(self.writers)]
        self._tasks: list[asyncio.Task[None] | None] = [None] * self.writers
        self.batches = 0
        self.stored = 0

    def submit(self, request: SendRequest) -> asyncio.Future[SendResult]:
        """Queue ``request``; the future resolves once its batch committed (or failed)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[SendResult] = loop.create_future()
        lane = request.conversation_id % self.writers
        self._pending[lane].append((request, future))
        task = self._tasks[lane]
        if task is None or task.done():
            self._tasks[lane] = loop.create_task(self._drain(lane))
        return future

    async def wait_idle(self) -> None:
        """Wait until every submitted send has been stored or has failed."""
        for task in self._tasks:
            while task is not None and not task.done():
                await asyncio.shield(task)

    async def aclose(self) -> None:
        """Finish pending sends and close this loop's database connections (tests, shutdown)."""
        await self.wait_idle()
        await close_writers()

    @staticmethod
    async def _store_alone(request: SendRequest, lane: int) -> SendResult:
        try:
            (result,) = await _run([request], lane)
        except (OperationalError, InterfaceError):
            raise
        except DatabaseError as exc:
            logger.warning("a send could not be stored: %s", type(exc).__name__)
            error = ServiceUnavailable("The message could not be stored; try again.", code="database_unavailable")
            return SendResult(request=request, error=error)
        return result

    async def _drain(self, lane: int) -> None:
        pending = self._pending[lane]
        while pending:
            batch = pending[: self.max_batch]
            del pending[: self.max_batch]
            try:
                results = await _run([request for request, _ in batch], lane)
            except (OperationalError, InterfaceError) as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            except DatabaseError as exc:
                if len(batch) == 1:
                    batch[0][1].set_exception(exc)
                    continue
                # Something about one message (not the database as a whole) failed the
                # batch: store them one by one so it cannot fail everyone else's.
                logger.warning("a batch of %d sends failed (%s); storing them one by one", len(batch), exc)
                results = [await self._store_alone(request, lane) for request, _ in batch]
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            self.batches += 1
            self.stored += len(batch)
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


_batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SendBatcher] = weakref.WeakKeyDictionary()


def get_batcher() -> SendBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        batcher = _batchers[loop] = SendBatcher(settings.CHAT_BATCH_MAX, _lanes())
    return batcher


def close_writer_connection() -> None:
    """Close the writer thread's database connection (tests call this before the database goes)."""
    _writer.submit(_close_connection).result(timeout=10)
