from celery import shared_task


@shared_task(name="backend.safety.tasks.escalate_crisis_alerts")
def escalate_crisis_alerts() -> int:
    from .moderation import alerts_escalate

    return alerts_escalate()


@shared_task(name="backend.safety.tasks.purge_old_conversations")
def purge_old_conversations() -> int:
    from .privacy import conversations_purge

    return conversations_purge()


@shared_task(name="backend.safety.tasks.crisis_second_opinions")
def crisis_second_opinions(message_ids: list[int]) -> int:
    from .moderation import crisis_second_opinions as run

    return run(message_ids=message_ids)
