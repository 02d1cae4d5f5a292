import pytest
from django.core.management import CommandError, call_command

from backend.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_creates_a_coordinator_who_can_log_in(api):
    call_command("create_coordinator", "--email", "Coord@Example.org", "--password", "a-long-unusual-passphrase")
    user = User.objects.get(email="coord@example.org")
    assert user.role == "coordinator"
    response = api.post(
        "/api/v1/auth/token/", {"email": "coord@example.org", "password": "a-long-unusual-passphrase"}, format="json"
    )
    assert response.status_code == 200


def test_running_it_again_resets_the_password_without_a_duplicate(api):
    call_command("create_coordinator", "--email", "c@example.org", "--password", "a-long-unusual-passphrase")
    call_command("create_coordinator", "--email", "c@example.org", "--password", "another-long-passphrase")
    assert User.objects.filter(email="c@example.org").count() == 1
    assert User.objects.get(email="c@example.org").check_password("another-long-passphrase")


def test_it_refuses_a_weak_password():
    with pytest.raises(CommandError, match="password"):
        call_command("create_coordinator", "--email", "c@example.org", "--password", "123")
    assert not User.objects.exists()


def test_it_refuses_to_turn_a_mentee_into_a_coordinator(mentee):
    with pytest.raises(CommandError, match="email"):
        call_command("create_coordinator", "--email", mentee.email, "--password", "a-long-unusual-passphrase")
    mentee.refresh_from_db()
    assert mentee.role == "mentee"
