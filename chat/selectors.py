"""Read-side queries for conversations and messages. Another person's conversation is "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, When

from backend.accounts.models import Role, User
from backend.core.exceptions import NotFound

from .models import Conversation, Message, ModerationStatus


def _party(user: User) -> Q:
    return Q(match__mentee_id=user.pk) | Q(match__mentor_id=user.pk)


def visible_messages(*, viewer: User) -> Q:
    """Messages ``viewer`` may see in a conversation they can read: everything but others' held ones."""
    if viewer.role == Role.COORDINATOR:
        return Q()
    return ~Q(status=ModerationStatus.HELD) | Q(sender_id=viewer.pk)


def conversations_for(*, user: User) -> QuerySet[Conversation]:
    """``user``'s conversations, newest activity first, with ``last_message_id``, ``read_seq`` and ``unread``."""
    visible = Message.objects.filter(conversation=OuterRef("pk")).filter(visible_messages(viewer=user))
    read_seq = Case(
        When(match__mentee_id=user.pk, then=F("mentee_read_seq")),
        default=F("mentor_read_seq"),
        output_field=IntegerField(),
    )
    unread = (
        visible.filter(seq__gt=OuterRef("read_seq"))
        .exclude(sender_id=user.pk)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Conversation.objects.filter(_party(user))
        .select_related("match", "match__mentee", "match__mentor")
        .annotate(
            read_seq=read_seq,
            last_message_id=Subquery(visible.order_by("-seq").values("pk")[:1]),
        )
        .annotate(unread=Subquery(unread, output_field=IntegerField()))
        .order_by(F("closed_at").desc(nulls_first=True), "-last_seq", "-pk")
    )


def conversation_for_reader(*, user: User, conversation_id: Any) -> Conversation:
    """A conversation ``user`` may read: a party's own, or any for a coordinator."""
    qs = Conversation.objects.select_related("match")
    if user.role != Role.COORDINATOR:
        qs = qs.filter(_party(user))
    try:
        return qs.get(pk=conversation_id)
    except (Conversation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such conversation.") from exc


def messages_after(*, conversation: Conversation, viewer: User, after: int) -> QuerySet[Message]:
    """The messages of ``conversation`` with ``seq > after`` that ``viewer`` may see, in order."""
    return (
        Message.objects.filter(conversation=conversation, seq__gt=after)
        .filter(visible_messages(viewer=viewer))
        .order_by("seq")
    )


def open_conversations_of(*, user_ids: list[Any]) -> dict[str, dict[int, tuple[str, int, int]]]:
    """For each user: their open conversations as ``{id: (peer id, last_seq, read_seq)}``."""
    out: dict[str, dict[int, tuple[str, int, int]]] = {str(u): {} for u in user_ids}
    rows = Conversation.objects.filter(
        Q(match__mentee_id__in=user_ids) | Q(match__mentor_id__in=user_ids),
        closed_at__isnull=True,
        match__state="active",
    ).values_list("pk", "match__mentee_id", "match__mentor_id", "last_seq", "mentee_read_seq", "mentor_read_seq")
    for pk, mentee_id, mentor_id, last_seq, mentee_read, mentor_read in rows:
        if str(mentee_id) in out:
            out[str(mentee_id)][pk] = (str(mentor_id), last_seq, mentee_read)
        if str(mentor_id) in out:
            out[str(mentor_id)][pk] = (str(mentee_id), last_seq, mentor_read)
    return out


def users_allowed_to_chat(*, user_ids: list[Any]) -> set[str]:
    """Those of ``user_ids`` whose accounts may still use the socket (active, not erased, not suspended)."""
    rows = (
        User.objects.filter(pk__in=user_ids, is_active=True, erased_at__isnull=True)
        .exclude(role=Role.MENTOR, mentor_profile__vetting_status="suspended")
        .values_list("pk", flat=True)
    )
    return {str(pk) for pk in rows}
