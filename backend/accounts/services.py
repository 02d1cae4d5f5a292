"""Account services: registration, login lockout, logout, WebSocket tickets, revocation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from backend.core.exceptions import ApplicationError, ValidationFailed

from .models import Role, User, WsTicket


class LoginLocked(ApplicationError):
    status_code = 429
    code = "login_locked"
    message = "Too many failed sign-in attempts; try again later."


@transaction.atomic
def user_register(*, email: str, password: str, role: str, display_name: str) -> User:
    """Create a mentee or mentor account (coordinators are never self-registered)."""
    if role not in (Role.MENTEE, Role.MENTOR):
        raise ValidationFailed(fields={"role": ["Must be 'mentee' or 'mentor'."]})
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationFailed(fields={"email": ["An account with this email already exists."]})
    candidate = User(email=email, role=role, display_name=display_name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc
    user = User.objects.create_user(email=email, password=password, role=role, display_name=display_name)
    # Imported here: profiles depend on accounts, not the other way round.
    from backend.profiles.services import profile_create_empty

    profile_create_empty(user=user)
    return user


def coordinator_create(*, email: str, password: str, display_name: str = "Coordinator") -> User:
    email = email.strip().lower()
    try:
        validate_password(password, user=User(email=email, display_name=display_name))
    except DjangoValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc
    user, created = User.objects.get_or_create(
        email=email, defaults={"role": Role.COORDINATOR, "display_name": display_name}
    )
    if not created and user.role != Role.COORDINATOR:
        raise ValidationFailed(fields={"email": ["This email belongs to a mentee or mentor account."]})
    user.set_password(password)
    user.is_active = True
    user.save()
    return user


# --- Login lockout --------------------------------------------------------------------
def _lockout_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


def login_check_not_locked(*, email: str) -> None:
    failures = cache.get(_lockout_key(email), 0)
    if failures >= settings.LOGIN_LOCKOUT_FAILURES:
        wait = settings.LOGIN_LOCKOUT_SECONDS
        raise LoginLocked(extra={"retry_after": wait})


def login_record_failure(*, email: str) -> None:
    key = _lockout_key(email)
    if cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def login_record_success(*, email: str) -> None:
    cache.delete(_lockout_key(email))


# --- Tokens ---------------------------------------------------------------------------
def tokens_for_user(user: User) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def user_logout(*, user: User, refresh: str) -> None:
    """Blacklist ``refresh``; it must be a live refresh token of ``user``."""
    try:
        token = RefreshToken(refresh)  # type: ignore[arg-type]
    except TokenError as exc:
        raise ValidationFailed(fields={"refresh": ["Token is invalid or expired."]}) from exc
    if str(token.get("user_id")) != str(user.pk):
        raise ValidationFailed(fields={"refresh": ["Token is invalid or expired."]})
    token.blacklist()
    _refuse_earlier_access_tokens(user)
    user_revoke_tickets(user=user)
    from chat.notify import CLOSE_UNAUTHENTICATED, disconnect_user

    disconnect_user(user.pk, CLOSE_UNAUTHENTICATED)


def user_revoke_tokens(*, user: User) -> None:
    """Blacklist every outstanding refresh token and ticket of ``user``."""
    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=t) for t in live], ignore_conflicts=True)
    _refuse_earlier_access_tokens(user)
    user_revoke_tickets(user=user)


def _refuse_earlier_access_tokens(user: User) -> None:
    """Access tokens issued before now stop working (``iat`` has whole seconds: a token
    issued in this same second still works, so a device refreshing right now is not refused)."""
    user.tokens_valid_after = timezone.now().replace(microsecond=0)
    User.objects.filter(pk=user.pk).update(tokens_valid_after=user.tokens_valid_after)


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    """Deactivate an account: every token and socket ticket stops working at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_revoke_tokens(user=user)
    from chat.notify import CLOSE_FORBIDDEN, disconnect_user

    disconnect_user(user.pk, CLOSE_FORBIDDEN)


# --- WebSocket tickets ----------------------------------------------------------------
def _ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def ws_ticket_issue(*, user: User) -> tuple[str, int]:
    """Issue a one-time ticket for the socket handshake; returns (ticket, seconds to live)."""
    ticket = secrets.token_urlsafe(32)
    ttl = settings.WS_TICKET_SECONDS
    now = timezone.now()
    WsTicket.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    WsTicket.objects.create(key_hash=_ticket_hash(ticket), user=user, expires_at=now + timedelta(seconds=ttl))
    return ticket, ttl


def ws_ticket_redeem(*, ticket: str) -> User | None:
    """Redeem a ticket once. Returns its active user, or None if unknown, used or expired.

    The conditional UPDATE makes redemption atomic: of two workers racing on one ticket
    exactly one sees a row updated.
    """
    if not ticket or len(ticket) > 200:
        return None
    now = timezone.now()
    key_hash = _ticket_hash(ticket)
    claimed = WsTicket.objects.filter(key_hash=key_hash, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if claimed != 1:
        return None
    user = User.objects.filter(ws_tickets__key_hash=key_hash, is_active=True, erased_at__isnull=True).first()
    return user


def user_revoke_tickets(*, user: User) -> None:
    WsTicket.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())


def user_update(*, user: User, display_name: str | None = None) -> User:
    if display_name is not None:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
    return user
