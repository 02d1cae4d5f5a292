"""The chat fixtures, for the socket tests here: conversations, and a clean layer and flood state per test."""

from tests.chat.conftest import (  # noqa: F401 (fixtures, re-exported for tests/security)
    _close_thread_connections,
    _fresh_chat_state,
    conversation,
    other_conversation,
)
