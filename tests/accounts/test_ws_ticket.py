"""WebSocket tickets: one-time, short-lived, stored where every worker can redeem them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts.models import WsTicket
from backend.accounts.services import user_deactivate, ws_ticket_redeem

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/ws-ticket/"


def test_it_issues_a_ticket_that_lives_at_most_a_minute(as_user, mentee):
    response = as_user(mentee).post(URL)
    assert response.status_code == 201
    body = response.json()
    assert len(body["ticket"]) >= 32
    assert 0 < body["expires_in"] <= 60


def test_a_ticket_redeems_once_for_its_user(as_user, mentee):
    ticket = as_user(mentee).post(URL).json()["ticket"]
    assert ws_ticket_redeem(ticket=ticket) == mentee
    assert ws_ticket_redeem(ticket=ticket) is None


def test_an_expired_ticket_is_refused(as_user, mentee):
    ticket = as_user(mentee).post(URL).json()["ticket"]
    WsTicket.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ws_ticket_redeem(ticket=ticket) is None


def test_the_ticket_itself_is_not_stored(as_user, mentee):
    ticket = as_user(mentee).post(URL).json()["ticket"]
    assert not WsTicket.objects.filter(key_hash=ticket).exists()


def test_a_deactivated_users_ticket_is_refused(as_user, mentee):
    ticket = as_user(mentee).post(URL).json()["ticket"]
    user_deactivate(user=mentee)
    assert ws_ticket_redeem(ticket=ticket) is None


def test_logging_out_revokes_unused_tickets(as_user, mentee):
    from rest_framework_simplejwt.tokens import RefreshToken

    refresh = RefreshToken.for_user(mentee)
    api = as_user(mentee)
    ticket = api.post(URL).json()["ticket"]
    assert api.post("/api/v1/auth/logout/", {"refresh": str(refresh)}, format="json").status_code == 204
    assert ws_ticket_redeem(ticket=ticket) is None


def test_an_anonymous_client_gets_no_ticket(api):
    assert api.post(URL).status_code == 401


def test_unknown_or_absurd_tickets_are_refused(db):
    assert ws_ticket_redeem(ticket="") is None
    assert ws_ticket_redeem(ticket="x" * 10_000) is None
    assert ws_ticket_redeem(ticket="nope") is None
