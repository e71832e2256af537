"""Sign-in for tests, with real parts: an OpenID Connect provider (oidc-provider-mock, a real
provider built on Authlib) on a free 127.0.0.1 port, a secrets.toml for Streamlit's own st.login,
and a data folder with candidates to review. Nothing of Streamlit's auth is mocked: a test signs
in through the provider's authorization form, in Chromium or over plain HTTP."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

from browser import free_port, stop, wait_until_answering
from protocol import Session, strings_value, trigger

ROOT = Path(__file__).resolve().parents[1]
PROVIDER = Path(sys.executable).with_name("oidc-provider-mock")
# What an editor's browser sends when the first card's Accept is clicked: the decision
# control's chosen option, by the label it shows.
ACCEPT = ["Accept"]
REFUSED = "Not saved: only signed-in editors change the data."
EDITOR = "editor@example.org"
VIEWER = "viewer@example.org"     # signs in, but is not on the list of editors
CUSTOMS = ROOT / "tests" / "fixtures" / "extract" / "customs-q1-2026.md"
FRONT = ('---\narticle_id: fx-customs-q1\nsource_id: fx-customs-q1\ntitle: "Trade with China grows"\n'
         "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
         "publisher: Fixture Press\npolicy_areas: [trade]\n---\n")
# A second article whose candidates are events: one that occurred, two planned.
VISIT = ROOT / "tests" / "fixtures" / "extract" / "ministers-visit-2026.md"
VISIT_FRONT = ('---\narticle_id: fx-visit-2026\nsource_id: fx-visit-2026\ntitle: "Economy minister in Beijing"\n'
               "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
               "publisher: Fixture Press\npolicy_areas: [trade]\n---\n")


@contextmanager
def provider(log_dir: Path):
    """A running OpenID Connect provider; yields its base URL. Its users are the editor and the
    viewer, each with a verified e-mail address; it is stopped by PID however the test ends."""
    port = free_port()
    users = [{"sub": address, "email": address, "email_verified": True, "name": address.split("@")[0]}
             for address in (EDITOR, VIEWER)]
    args = [str(PROVIDER), "--host", "127.0.0.1", "--port", str(port)]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    log_dir.mkdir(parents=True, exist_ok=True)
    out = (log_dir / "provider.out").open("w")
    process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(process, lambda: _issuer(base), "the provider", 60,
                             lambda: (log_dir / "provider.out").read_text())
        yield base
    finally:
        stop(process)
        out.close()


def _issuer(base: str) -> str | None:
    """The issuer the provider's discovery document names, once it serves one."""
    with urllib.request.urlopen(f"{base}/.well-known/openid-configuration", timeout=2) as response:
        return json.load(response).get("issuer")


def secrets_file(folder: Path, provider_base: str, redirect_uri: str, editors=(EDITOR,)) -> Path:
    """A secrets.toml as an operator writes it (README, "Who can change the data")."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "tradeviz"\n'
        'client_secret = "tradeviz-test-secret"\n'
        f'server_metadata_url = "{provider_base}/.well-known/openid-configuration"\n'
        "\n[tradeviz]\n"
        f"editors = {json.dumps(list(editors))}\n", encoding="utf-8")
    return path


def data_with_candidates(folder: Path) -> Path:
    """The fixture dataset with two added articles' candidates to review: six trade figures
    (fx-customs-q1, the article the page opens at) and three events (fx-visit-2026)."""
    from tradeviz import build, review

    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    for name, front, body in (("fx-customs-q1", FRONT, CUSTOMS), ("fx-visit-2026", VISIT_FRONT, VISIT)):
        article = folder.parent / f"{name}.md"
        article.write_text(front + body.read_text(encoding="utf-8"), encoding="utf-8")
        review.add_article(folder, article)
    return folder


def sign_in_over_http(app_base: str, login_path: str, subject: str) -> dict[str, str]:
    """Follow a sign-in the app started (the auth redirect st.login sent) with a plain HTTP client:
    the app's /auth/login, the provider's form answered for `subject`, the app's callback.
    Returns the cookies the app set (the signed `_streamlit_user` among them)."""
    import requests

    http = requests.Session()
    # The browser's script asks for the health endpoint first, which sets the XSRF cookie; the
    # WebSocket reads the signed user cookie only with that token (tests/protocol.py sends it).
    http.get(app_base + "/_stcore/health", timeout=30)
    response = http.get(urljoin(app_base + "/", login_path), allow_redirects=False, timeout=30)
    assert response.status_code in (302, 303, 307), response.text[:300]
    form = response.headers["location"]
    assert http.get(form, timeout=30).status_code == 200
    response = http.post(form, data={"sub": subject}, allow_redirects=False, timeout=30)
    callback = response.headers["location"]
    assert callback.startswith(app_base + "/oauth2callback"), callback
    http.get(callback, allow_redirects=False, timeout=30)
    cookies = http.cookies.get_dict()
    assert "_streamlit_user" in cookies, cookies
    return cookies


async def sign_in(base: str, subject: str) -> dict[str, str]:
    """Press Sign in on the Review page of a scripted session, follow its redirect over HTTP."""
    async with Session(base) as session:
        page = await session.run("review")
        button = page.widget_id("button", "review-sign-in")
        assert button, page.texts()
        pressed = await session.run("review", widgets=[trigger(button)])
    assert pressed.redirect, "st.login sent no redirect"
    return sign_in_over_http(base, pressed.redirect, subject)


async def editor_widgets(base: str, cookies: dict[str, str]) -> tuple[str, str]:
    """The ids an editor's Review page gives the first card's decision and the Save button."""
    async with Session(base, cookies) as session:
        page = await session.run("review")
    decision = next(e.button_group.id for e in page.of_type("button_group")
                    if "-review-decision:" in e.button_group.id and e.button_group.id.endswith(":1"))
    save = page.widget_id("button", "review-save")
    assert decision and save
    return decision, save


async def crafted_save(base: str, widgets: tuple[str, str], cookies: dict[str, str] | None = None):
    """The save an editor's browser sends (the first card accepted, then Save), with the ids of an
    editor's decision control and Save button, sent from a session with `cookies` (none: anonymous)."""
    decision, save = widgets
    async with Session(base, cookies) as session:
        await session.run("review")
        return await session.run("review", widgets=[strings_value(decision, ACCEPT), trigger(save)])


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".write.lock"}
