import pytest

from backend.safety.crisis_resources import country_for_timezone

URL = "/api/v1/crisis-resources/"

pytestmark = pytest.mark.django_db


def test_anyone_gets_the_us_lines(api):
    body = api.get(URL + "?country=US").json()
    assert body["listed"] is True
    contacts = {(r["kind"], r["contact"]) for r in body["resources"]}
    assert ("call", "988") in contacts
    assert ("text", "988") in contacts
    assert body["emergency"] == "911"


def test_the_uk_gets_samaritans(api):
    body = api.get(URL + "?country=gb").json()
    assert any(r["name"] == "Samaritans" and r["contact"] == "116 123" for r in body["resources"])


def test_an_unlisted_country_gets_the_international_directory(api):
    body = api.get(URL + "?country=ZZ").json()
    assert body["listed"] is False
    assert body["resources"][0]["kind"] == "web"


def test_a_malformed_country_is_a_validation_error(api):
    response = api.get(URL + "?country=USA")
    assert response.status_code == 400
    assert "country" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("tz", "country"),
    [("America/New_York", "US"), ("Europe/London", "GB"), ("Asia/Kolkata", "IN"), ("UTC", None), ("", None)],
)
def test_a_country_is_guessed_from_the_time_zone(tz, country):
    assert country_for_timezone(tz) == country
