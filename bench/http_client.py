"""A small asyncio HTTP/1.1 client for load generation: keep-alive connections per client.

Each simulated person (``key``) has connections of their own, reused while they stay busy,
as an app's would be: someone who requests again within ``MAX_IDLE`` seconds reuses theirs,
anyone else opens a new one, which the kernel hands to whichever server worker accepts it
first. The load client shares one event loop (and one core) with the chat sockets, so it
does as little per request as HTTP/1.1 allows: one write, a header parse, a body read. Only
what the Kindred API answers is understood (``Content-Length`` or chunked bodies).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

# uvicorn closes a connection idle for 5 s (--timeout-keep-alive); a pooled connection idle
# for longer than this is dropped rather than reused, so a request never races that close.
MAX_IDLE = 3.0


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.last_used = time.monotonic()

    def close(self) -> None:
        self.writer.close()


class HttpPool:
    """At most ``size`` requests in flight to ``host:port`` (like a proxy's upstream limit); more wait."""

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port = host, port
        self.gate = asyncio.Semaphore(size)
        self.idle: dict[str, list[_Connection]] = {}
        self.opened = 0
        self.swept = 0.0

    def _sweep(self, now: float) -> None:
        """Close every connection idle too long (the server is about to close it anyway)."""
        self.swept = now
        for key, idle in list(self.idle.items()):
            fresh = [conn for conn in idle if now - conn.last_used < MAX_IDLE]
            for conn in idle:
                if now - conn.last_used >= MAX_IDLE:
                    conn.close()
            if fresh:
                self.idle[key] = fresh
            else:
                del self.idle[key]

    async def _acquire(self, key: str) -> _Connection:
        now = time.monotonic()
        if now - self.swept > 1.0:
            self._sweep(now)
        idle = self.idle.get(key, [])
        while idle:
            conn = idle.pop()
            if now - conn.last_used < MAX_IDLE:
                return conn
            conn.close()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.opened += 1
        return _Connection(reader, writer)

    async def request(
        self,
        method: str,
        path: str,
        *,
        key: str = "",
        token: str | None = None,
        body: Any = None,
        timeout: float = 30.0,
    ) -> tuple[int, bytes]:
        """Send one request as client ``key``; returns ``(status, body)``.

        Transport errors raise ``OSError``, ``TimeoutError`` or ``asyncio.IncompleteReadError``.
        """
        payload = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: application/json\r\n"
        if token:
            head += f"Authorization: Bearer {token}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        data = head.encode() + b"\r\n" + payload
        async with self.gate:
            conn = await self._acquire(key)
            try:
                status, content, keep = await asyncio.wait_for(self._exchange(conn, data), timeout)
            except BaseException:
                conn.close()
                raise
            if keep:
                conn.last_used = time.monotonic()
                self.idle.setdefault(key, []).append(conn)
            else:
                conn.close()
            return status, content

    @staticmethod
    async def _exchange(conn: _Connection, data: bytes) -> tuple[int, bytes, bool]:
        conn.writer.write(data)
        raw = await conn.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            content = await conn.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await conn.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await conn.reader.readexactly(size + 2)
                if size == 0:
                    break
                parts.append(chunk[:-2])
            content = b"".join(parts)
        else:
            content = b""
        return status, content, headers.get("connection", "").lower() != "close"

    async def close(self) -> None:
        for idle in self.idle.values():
            for conn in idle:
                conn.close()
        self.idle.clear()
