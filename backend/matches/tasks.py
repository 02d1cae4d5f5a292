from celery import shared_task


@shared_task(name="backend.matches.tasks.run_matching")
def run_matching(run_id: int) -> None:
    from .runs import run_execute

    run_execute(run_id=run_id)


@shared_task(name="backend.matches.tasks.expire_stale_matches")
def expire_stale_matches() -> int:
    from .services import matches_expire_stale

    return matches_expire_stale()
