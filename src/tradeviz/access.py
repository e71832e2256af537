"""Who may change the data from the app: signed-in editors, and no one else.

Sign-in is Streamlit's own (`st.login`, OpenID Connect through Authlib), configured in
`.streamlit/secrets.toml` under `[auth]`; the editors are an allowlist of e-mail addresses in the
same file, under `[tradeviz] editors`. Without an `[auth]` section the app is read-only for
everyone. The command line (`python -m tradeviz add-article`, `build`, …) is for operators with
file access and is not governed here.

This module decides from plain values (the user's claims as Streamlit read them from its signed
cookie on the server, the configuration); tradeviz.ui.editing hands it `st.user` and `st.secrets` at the
moment of every write, so what a page shows is never what grants a write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The keys Streamlit needs in [auth] for a provider (its docs: redirect_uri and cookie_secret,
# and for the provider client_id, client_secret and server_metadata_url).
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
SECTION = "tradeviz"


@dataclass(frozen=True)
class Access:
    configured: bool        # sign-in is set up on this server
    identity: str           # the signed-in e-mail address, "" when no one is signed in
    editor: bool            # may change the data
    reason: str             # why not, in a sentence for the page and the server log ("" for an editor)

    @property
    def who(self) -> str:
        return self.identity or "an anonymous session"


def sign_in_configured(secrets: Mapping) -> bool:
    """[auth] holds everything Streamlit needs for one provider (directly, or in a named
    [auth.<provider>] section: the provider named by [tradeviz] provider)."""
    auth = secrets.get("auth") or {}
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return False
    provider = provider_name(secrets)
    section = auth.get(provider) if provider else auth
    return isinstance(section, Mapping) and all(section.get(key) for key in AUTH_KEYS[2:])


def provider_name(secrets: Mapping) -> str | None:
    """The named provider to sign in with ([tradeviz] provider), None for the [auth] section itself."""
    own = secrets.get(SECTION) or {}
    name = own.get("provider") if isinstance(own, Mapping) else None
    return str(name) if name else None


def editors(secrets: Mapping) -> frozenset[str]:
    """The allowlist: [tradeviz] editors, e-mail addresses compared without case or spaces."""
    own = secrets.get(SECTION) or {}
    listed = own.get("editors") if isinstance(own, Mapping) else None
    if isinstance(listed, str):
        listed = [listed]
    return frozenset(normal(address) for address in (listed or ()) if isinstance(address, str) and normal(address))


def normal(address: str) -> str:
    return address.strip().casefold()


def decide(secrets: Mapping, user: Mapping) -> Access:
    """The access of a session whose user claims are `user` (st.user: is_logged_in, email,
    email_verified, …) under the configuration `secrets`."""
    if not sign_in_configured(secrets):
        return Access(False, "", False, "editing is turned off on this server (no sign-in is configured)")
    if not user.get("is_logged_in"):
        return Access(True, "", False, "no one is signed in")
    email = user.get("email")
    if not isinstance(email, str) or not email.strip():
        return Access(True, "", False, "the sign-in gave no e-mail address")
    identity = email.strip()
    if user.get("email_verified") is False:
        return Access(True, identity, False, f"{identity} is not a verified address at the identity provider")
    if normal(identity) not in editors(secrets):
        return Access(True, identity, False, f"{identity} is not on this server's list of editors")
    return Access(True, identity, True, "")
