"""The socket path's store on PostgreSQL: the send service's statements over an async connection.

The batcher runs one batch at a time per event loop, so one connection is all it needs; it
lives in the event loop (psycopg's async API), so storing a batch costs no thread hop and
no contention for the GIL with the loop. The statements, the decisions and the results are
exactly those of :func:`chat.services.messages_store` (shared functions); a batch takes two
round trips: ``BEGIN`` + lock-and-check, then insert-and-count + ``COMMIT``.

A retry of a send stored before (rare) is handed to ``messages_store`` itself, which looks
stored sends up first. Database errors come out as Django's ``DatabaseError`` subclasses,
like the rest of the code base expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Sequence
from typing import Any

import psycopg
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, IntegrityError, OperationalError

from . import services
from .services import SendRequest, SendResult

logger = logging.getLogger(__name__)

# libpq keywords worth passing on from DATABASES["default"]["OPTIONS"].
_LIBPQ_OPTIONS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "connect_timeout",
    "application_name",
    "options",
    "target_session_attrs",
    "passfile",
    "service",
}


def connection_kwargs() -> dict[str, Any]:
    db = settings.DATABASES["default"]
    kwargs: dict[str, Any] = {"dbname": db["NAME"], "autocommit": True, "prepare_threshold": 2}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if db.get(key):
            kwargs[name] = str(db[key])
    kwargs.update({k: v for k, v in (db.get("OPTIONS") or {}).items() if k in _LIBPQ_OPTIONS})
    return kwargs


class AsyncWriter:
    """Stores batches over one async PostgreSQL connection (reopened after a failure)."""

    def __init__(self) -> None:
        self.conn: psycopg.AsyncConnection[Any] | None = None

    async def connection(self) -> psycopg.AsyncConnection[Any]:
        if self.conn is None or self.conn.closed:
            self.conn = await psycopg.AsyncConnection.connect(**connection_kwargs())
        return self.conn

    async def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None and not conn.closed:
            with contextlib.suppress(Exception):
                await conn.close()

    async def store(self, requests: Sequence[SendRequest]) -> list[SendResult]:
        try:
            results = await self._store(requests)
        except services.StoredBefore:
            # Let the portable path find the stored sends (and report reuse across conversations).
            results = await sync_to_async(services.messages_store, thread_sensitive=True)(
                requests=requests, notify=False
            )
            return results
        flagged = services.flagged_results(results)
        if flagged:
            # After commit, off the loop: moderation follow-up may write to the database.
            task = asyncio.ensure_future(sync_to_async(services.signal_stored, thread_sensitive=True)(flagged))
            _background.add(task)
            task.add_done_callback(_background.discard)
        return results

    async def _store(self, requests: Sequence[SendRequest]) -> list[SendResult]:
        conversation_ids = sorted({r.conversation_id for r in requests})
        try:
            conn = await self.connection()
        except psycopg.Error as exc:
            raise OperationalError(f"cannot connect: {type(exc).__name__}") from exc
        try:
            async with conn.pipeline() as pipeline:
                await conn.execute("BEGIN")
                cursor = await conn.execute(services.lock_sql(), [conversation_ids])
                # In the same round trip: is any of these sends a retry of one stored before?
                stored = await conn.execute(
                    services.stored_before_sql(),
                    [[r.sender_id for r in requests], [r.client_msg_id for r in requests]],
                )
                conversations = services.conversations_from_rows(await cursor.fetchall())
                if await stored.fetchall():
                    await conn.execute("ROLLBACK")
                    await pipeline.sync()
                    raise services.StoredBefore()
                results, new_messages, touched = services.plan_batch(requests, conversations, {})
                if new_messages:
                    insert = await conn.execute(services.insert_sql(), services.insert_params(new_messages, touched))
                await conn.execute("COMMIT")
                await pipeline.sync()
                if new_messages:
                    services.apply_ids(new_messages, await insert.fetchall())
        except psycopg.errors.UniqueViolation as exc:
            await self._rollback(conn)
            raise services.StoredBefore() from exc
        except psycopg.IntegrityError as exc:
            await self._rollback(conn)
            raise IntegrityError(str(exc)) from exc
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            # Unreachable, restarted, or the connection broke mid-batch: nothing was committed
            # (COMMIT is the last statement) unless the failure hit the COMMIT's reply itself,
            # in which case the client's retry with the same client_msg_id finds the message.
            await self.close()
            raise OperationalError(f"database unavailable: {type(exc).__name__}") from exc
        except psycopg.Error as exc:
            # The statement failed (bad data, ...): the database itself is fine.
            await self._rollback(conn)
            raise DatabaseError(f"batch failed: {type(exc).__name__}") from exc
        except BaseException:
            await self.close()
            raise
        return services.finish_batch(results)

    async def _rollback(self, conn: psycopg.AsyncConnection[Any]) -> None:
        try:
            await conn.execute("ROLLBACK")
        except psycopg.Error:
            await self.close()


_background: set[asyncio.Task[Any]] = set()
_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, AsyncWriter]] = weakref.WeakKeyDictionary()


def get_writer(lane: int = 0) -> AsyncWriter:
    """The writer (and connection) of one batcher lane in the running event loop."""
    lanes = _writers.setdefault(asyncio.get_running_loop(), {})
    writer = lanes.get(lane)
    if writer is None:
        writer = lanes[lane] = AsyncWriter()
    return writer


async def close_writers() -> None:
    for writer in list(_writers.get(asyncio.get_running_loop(), {}).values()):
        await writer.close()
