"""Shortcuts for driving the match workflow through the HTTP API."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient


def request_match(api: APIClient, mentor_id: Any, note: str = "Hoping to talk about panic at work.") -> Any:
    return api.post("/api/v1/matches/", {"mentor_id": str(mentor_id), "note": note}, format="json")


def act(api: APIClient, match_id: Any, action: str, **body: Any) -> Any:
    return api.post(f"/api/v1/matches/{match_id}/{action}/", body, format="json")
