from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.accounts.services import coordinator_create
from backend.core.exceptions import ValidationFailed


class Command(BaseCommand):
    help = "Create (or reset the password of) a coordinator account, non-interactively."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--display-name", default="Coordinator")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = coordinator_create(
                email=options["email"], password=options["password"], display_name=options["display_name"]
            )
        except ValidationFailed as exc:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in (exc.fields or {}).items())
            raise CommandError(problems or exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Coordinator {user.email} is ready (id {user.pk})."))
