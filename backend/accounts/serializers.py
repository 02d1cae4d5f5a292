from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import Role, User

DISPLAY_NAME_HELP = "A pseudonym shown to other people: 2-40 letters, digits, spaces, '.', '_' or '-'."


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "email", "role", "display_name")
        read_only_fields = ("id", "email", "role")


class DisplayNameField(serializers.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            r"^[\w .\-]{2,40}$",
            max_length=40,
            min_length=2,
            help_text=DISPLAY_NAME_HELP,
            error_messages={"invalid": DISPLAY_NAME_HELP},
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data)).strip()


class MeUpdateSerializer(serializers.Serializer):
    display_name = DisplayNameField(required=False)


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    role = serializers.ChoiceField(choices=[Role.MENTEE.value, Role.MENTOR.value])
    display_name = DisplayNameField()


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class WsTicketSerializer(serializers.Serializer):
    ticket = serializers.CharField(read_only=True)
    expires_in = serializers.IntegerField(read_only=True, help_text="Seconds until the ticket expires.")
