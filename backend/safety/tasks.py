from celery import shared_task


@shared_task(name="backend.safety.tasks.escalate_crisis_alerts")
def escalate_crisis_alerts() -> int:
    from .moderation import alerts_escalate

    return alerts_escalate()
