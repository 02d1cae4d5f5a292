"""seq is gapless and unique under real concurrency (PostgreSQL, one connection per thread)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from chat.models import Conversation, Message
from chat.services import message_prepare, messages_store

from .conftest import transactional_db

pytestmark = transactional_db

THREADS = 8
PER_THREAD = 15


def test_concurrent_senders_get_gapless_unique_seqs(postgres, mentee, mentor, conversation):
    barrier = threading.Barrier(THREADS)

    def worker(index: int) -> list[int]:
        sender = (mentee, mentor)[index % 2]
        seqs = []
        try:
            barrier.wait(timeout=10)
            for i in range(PER_THREAD):
                # Mix single sends with small batches, as REST and the socket batcher do.
                batch = 1 if i % 3 else 3
                requests = [
                    message_prepare(
                        sender=sender, conversation_id=conversation.pk, client_msg_id=str(uuid.uuid4()), body=f"{index}"
                    )
                    for _ in range(batch)
                ]
                seqs += [r.message["seq"] for r in messages_store(requests=requests)]
        finally:
            connection.close()
        return seqs

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))

    every = sorted(s for seqs in results for s in seqs)
    total = sum(len(seqs) for seqs in results)
    assert every == list(range(1, total + 1))
    assert all(seqs == sorted(seqs) for seqs in results)  # each sender's own sends stay in order
    assert Conversation.objects.get(pk=conversation.pk).last_seq == total
    assert Message.objects.count() == total


def test_concurrent_retries_of_one_send_store_it_once(postgres, mentee, conversation):
    barrier = threading.Barrier(THREADS)

    def worker(_: int) -> int:
        try:
            request = message_prepare(
                sender=mentee, conversation_id=conversation.pk, client_msg_id="the-one", body="once"
            )
            barrier.wait(timeout=10)
            (result,) = messages_store(requests=[request])
            return result.message["id"]
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        ids = set(pool.map(worker, range(THREADS)))
    assert len(ids) == 1
    assert Message.objects.count() == 1
