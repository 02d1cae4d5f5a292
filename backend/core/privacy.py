"""Export and erasure of one person's data, assembled from every app.

Each app registers what it holds about a user: an exporter returning JSON-ready data,
and an eraser removing or anonymising it. The account itself is handled here, last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from backend.accounts.models import User

Exporter = Callable[["User"], Any]
Eraser = Callable[["User"], None]

_exporters: dict[str, Exporter] = {}
_erasers: list[tuple[str, Eraser]] = []


def register_exporter(section: str, exporter: Exporter) -> None:
    _exporters[section] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    if all(existing != name for existing, _ in _erasers):
        _erasers.append((name, eraser))


def user_export(*, user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "kindred-export/1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": str(user.pk),
            "email": user.email,
            "role": user.role,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
        },
    }
    for section, exporter in _exporters.items():
        data[section] = exporter(user)
    from backend.safety.services import audit_record

    audit_record(actor=user, action="user.export", target_type="user", target_id=user.pk)
    return data


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase ``user``: app data first, then the account is anonymised and locked.

    The row stays (other people's history refers to it) but holds no personal data.
    """
    from backend.accounts.services import user_revoke_tokens
    from backend.safety.services import audit_record

    # Recorded first, while the actor still has a role; never with personal data.
    audit_record(actor=user, action="user.erase", target_type="user", target_id=user.pk)
    for _name, eraser in _erasers:
        eraser(user)
    user_revoke_tokens(user=user)
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = "Removed user"
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save(update_fields=["email", "display_name", "is_active", "erased_at", "password"])
    from chat.notify import CLOSE_FORBIDDEN, disconnect_user

    disconnect_user(user.pk, CLOSE_FORBIDDEN)
