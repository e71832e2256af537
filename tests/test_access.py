"""Who may change the data (tradeviz.access): decided from the user's claims and the configuration."""

import pytest

from tradeviz import access

AUTH = {"redirect_uri": "https://dash.example.org/oauth2callback", "cookie_secret": "s" * 32, "client_id": "c",
        "client_secret": "x", "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
SECRETS = {"auth": AUTH, "tradeviz": {"editors": [" Aysel@Example.org ", "b@example.org", "", 7]}}


def test_editors_are_compared_without_case_or_spaces():
    assert access.editors(SECRETS) == {"aysel@example.org", "b@example.org"}
    assert access.editors({"tradeviz": {"editors": "one@example.org"}}) == {"one@example.org"}
    assert access.editors({}) == frozenset() and access.editors({"tradeviz": "x"}) == frozenset()


@pytest.mark.parametrize(("secrets", "configured"), [
    ({}, False),
    ({"auth": {**AUTH, "client_secret": ""}}, False),
    ({"auth": {k: v for k, v in AUTH.items() if k != "cookie_secret"}}, False),
    ({"auth": AUTH}, True),
    # A named provider: [auth.corp] with its client, [tradeviz] provider = "corp".
    ({"auth": {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "s", "corp": AUTH}, "tradeviz": {"provider": "corp"}},
     True),
    ({"auth": {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "s", "corp": AUTH}}, False),
])
def test_sign_in_is_configured_only_with_every_key(secrets, configured):
    assert access.sign_in_configured(secrets) is configured


@pytest.mark.parametrize(("secrets", "user", "expected"), [
    ({}, {"is_logged_in": True, "email": "aysel@example.org"},
     access.Access(False, "", False, "editing is turned off on this server (no sign-in is configured)")),
    (SECRETS, {}, access.Access(True, "", False, "no one is signed in")),
    (SECRETS, {"is_logged_in": False, "email": "aysel@example.org"}, access.Access(True, "", False, "no one is signed in")),
    (SECRETS, {"is_logged_in": True}, access.Access(True, "", False, "the sign-in gave no e-mail address")),
    (SECRETS, {"is_logged_in": True, "email": "c@example.org"},
     access.Access(True, "c@example.org", False, "c@example.org is not on this server's list of editors")),
    (SECRETS, {"is_logged_in": True, "email": "AYSEL@example.org", "email_verified": False},
     access.Access(True, "AYSEL@example.org", False, "AYSEL@example.org is not a verified address at the identity provider")),
    (SECRETS, {"is_logged_in": True, "email": "AYSEL@example.org"}, access.Access(True, "AYSEL@example.org", True, "")),
    (SECRETS, {"is_logged_in": True, "email": "b@example.org", "email_verified": True},
     access.Access(True, "b@example.org", True, "")),
])
def test_decide(secrets, user, expected):
    assert access.decide(secrets, user) == expected


def test_who_names_an_anonymous_session():
    assert access.Access(True, "", False, "x").who == "an anonymous session"
    assert access.Access(True, "a@example.org", True, "").who == "a@example.org"
