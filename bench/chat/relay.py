"""The floor: a bare asyncio WebSocket relay speaking the chat protocol, with no database.

``python -m bench.chat.relay PORT``. Tickets are ``CONVERSATION.SIDE`` (the bench hands them
out); every send is acked to its socket and relayed to the other side of its conversation.
"""

from __future__ import annotations

import asyncio
import json
import sys
from urllib.parse import parse_qs, urlparse

import websockets

peers: dict[int, list[websockets.ServerConnection | None]] = {}
seqs: dict[int, int] = {}


async def handler(ws: websockets.ServerConnection) -> None:
    ticket = parse_qs(urlparse(ws.request.path).query)["ticket"][0]
    conversation, side = (int(x) for x in ticket.split("."))
    user = f"user-{conversation}-{side}"
    slots = peers.setdefault(conversation, [None, None])
    slots[side] = ws
    await ws.send(json.dumps({"type": "ready", "user": user, "conversations": []}))
    try:
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") != "message.send":
                continue
            seq = seqs[conversation] = seqs.get(conversation, 0) + 1
            message = {
                "id": seq,
                "conversation": conversation,
                "seq": seq,
                "sender": user,
                "body": frame["body"],
                "created_at": "",
                "client_msg_id": frame["client_msg_id"],
                "moderation": {"status": "delivered", "flags": [], "notice": None},
            }
            await ws.send(
                json.dumps({"type": "message.ack", "client_msg_id": frame["client_msg_id"], "message": message})
            )
            peer = slots[1 - side]
            if peer is not None:
                await peer.send(json.dumps({"type": "message.new", "message": message}))
    finally:
        slots[side] = None


async def main(port: int) -> None:
    async with websockets.serve(handler, "127.0.0.1", port, max_size=65536, compression=None, ping_interval=None):
        await asyncio.Future()


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main(int(sys.argv[1])))
