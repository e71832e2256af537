"""Sign-in in Chromium against a real OpenID Connect provider on 127.0.0.1 (tests/signin.py), on
one `streamlit run` server and on deploy/serve.py's two replicas behind nginx:
- anonymous: the candidates, no Save, and a crafted save changes nothing;
- signed in but not an editor: refused, in the page and for a crafted save;
- an editor: a decision by one click on Accept, beside the candidate's sentence, saved, with the
  reviewer column holding the signed-in address; on a phone, no text of its cards is cut."""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from browser import PHONE, PHONE_AGENT, free_port, new_page, streamlit_server, wait_until_idle
from deployed import serve_py
from protocol import run
from shown import plain
from signin import (EDITOR, REFUSED, VIEWER, crafted_save, data_with_candidates, editor_widgets, files_of, provider,
                    secrets_file, sign_in)
from test_browser_phone_text import CUT_TEXT
from tradeviz import review, store

CARDS = '[class*="st-key-review-card-"]'
FIRST_CARD = ".st-key-review-card-1"


def text(sentence: str):
    """A sentence as the page shows it: escaped text keeps a word joiner before an "@"."""
    return re.compile(re.escape(sentence).replace("@", "\u2060?@"))
SAVE = "Save decisions"
SENTENCE = ("In the first quarter of 2026, trade turnover between Azerbaijan and China amounted to $748,8 million, "
            "the State Customs Committee reported.")


@pytest.fixture(scope="module", params=["one server", "2 replicas behind nginx"])
def site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("signin")
    data = data_with_candidates(root / "data")
    env = {"TRADEVIZ_DATA": str(data)}
    with provider(root / "logs") as idp:
        port = free_port()
        secrets = secrets_file(root / "secrets", idp, f"http://127.0.0.1:{port}/oauth2callback")
        if request.param == "one server":
            with streamlit_server(root / "logs", env=env, args=("--secrets.files", str(secrets)), port=port) as base:
                yield SimpleNamespace(name="one", base=base, data=data, logs=lambda: (root / "logs" / "server.out").read_text(),
                                      shots=root)
        else:
            with serve_py(port, root / "serve", secrets=secrets, env=env) as (_, base, logs):
                yield SimpleNamespace(name="nginx", base=base, data=data, shots=root,
                                      logs=lambda: "".join(p.read_text() for p in sorted(logs.glob("replica-*.log"))))


@pytest.fixture(scope="module")
def editor_ids(site):
    """The ids an editor's page gives the table and Save: what a crafted save names."""
    return run(editor_widgets(site.base, run(sign_in(site.base, EDITOR))))


def sign_in_with_chromium(page, base, subject):
    """Press Sign in on the Review page, answer the provider's form, come back to Review."""
    page.goto(f"{base}/review")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=60_000)
    page.locator('input[name="sub"]').fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**", timeout=60_000)
    page.goto(f"{base}/review")


def test_anonymous_sees_the_candidates_without_save(site, browser, editor_ids):
    before, version = files_of(site.data), store.data_version(site.data)
    context, page = new_page(browser, {"width": 1400, "height": 1000})
    page.goto(f"{site.base}/review")
    expect(page.get_by_text("Read-only. Editors sign in to accept, correct or reject candidates.")).to_be_visible(
        timeout=60_000)
    expect(page.locator(FIRST_CARD)).to_be_visible()
    wait_until_idle(page)
    assert page.locator(CARDS).count() == 6
    assert page.get_by_role("button", name=SAVE).count() == 0
    assert page.get_by_role("radio", name="Accept").count() == 0
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.screenshot(path=site.shots / f"review-anonymous-{site.name}.png")
    context.close()
    refused = run(crafted_save(site.base, editor_ids))
    assert REFUSED in refused.texts()
    assert files_of(site.data) == before and store.data_version(site.data) == version
    assert "Refused a Review save (values for review-decision:" in site.logs()


def test_a_signed_in_viewer_who_is_not_an_editor_is_refused(site, browser, editor_ids):
    before, version = files_of(site.data), store.data_version(site.data)
    context, page = new_page(browser, {"width": 1400, "height": 1000})
    sign_in_with_chromium(page, site.base, VIEWER)
    expect(page.get_by_text(text(f"Read-only: {VIEWER} is not on this server's list of editors."))).to_be_visible(
        timeout=60_000)
    expect(page.locator(FIRST_CARD)).to_be_visible()
    wait_until_idle(page)
    assert page.get_by_role("button", name=SAVE).count() == 0
    assert page.get_by_role("radio", name="Accept").count() == 0
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.screenshot(path=site.shots / f"review-viewer-{site.name}.png")
    # The same save an editor's browser sends, from this browser's session (its cookies).
    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
    assert "_streamlit_user" in cookies
    refused = run(crafted_save(site.base, editor_ids, cookies))
    assert REFUSED in refused.texts()
    assert any(f"{VIEWER} is not on this server" in plain(text) for text in refused.texts())
    context.close()
    assert files_of(site.data) == before and store.data_version(site.data) == version
    assert f"from {VIEWER} ({VIEWER} is not on this server's list of editors); nothing was written" in site.logs()


def test_an_editor_saves_under_the_signed_in_address(site, browser):
    version = store.data_version(site.data)
    context, page = new_page(browser, {"width": 1440, "height": 900})
    sign_in_with_chromium(page, site.base, EDITOR)
    expect(page.get_by_text(text(f"Signed in as {EDITOR}, an editor"))).to_be_visible(timeout=60_000)
    card = page.locator(FIRST_CARD)
    expect(card).to_be_visible()
    wait_until_idle(page)
    assert page.get_by_role("textbox", name="Your name").count() == 0
    # The candidate in words, and its sentence beside it, both in view without scrolling.
    sentence = card.get_by_text(SENTENCE)
    expect(sentence).to_be_in_viewport()
    expect(card.get_by_text("Trade turnover, 2026 Jan–Mar")).to_be_in_viewport()
    save = page.get_by_role("button", name=SAVE)
    expect(save).to_be_disabled()
    expect(page.get_by_text("Nothing to save yet: choose Accept or Reject on a candidate.")).to_be_visible()
    accept = card.get_by_role("radio", name="Accept")
    accept_box, sentence_box = accept.bounding_box(), sentence.bounding_box()
    assert accept_box["x"] > sentence_box["x"] + sentence_box["width"] - 1, (accept_box, sentence_box)  # beside it
    assert abs(accept_box["y"] - sentence_box["y"]) < 80, (accept_box, sentence_box)
    # One click decides.
    accept.click()
    wait_until_idle(page)
    expect(accept).to_have_attribute("aria-checked", "true")
    expect(save).to_be_enabled()
    expect(page.get_by_text("Ready: 1 to accept.")).to_be_visible()
    page.screenshot(path=site.shots / f"review-editor-decided-{site.name}.png")
    save.click()
    expect(page.get_by_text(text(f"Saved 1 decision(s) by {EDITOR}; the dataset is rebuilt."))).to_be_visible(timeout=60_000)
    expect(page.get_by_text("5 shown; 1 of 9 candidates decided")).to_be_visible()
    page.screenshot(path=site.shots / f"review-editor-{site.name}.png")
    context.close()
    row = review.read(site.data).rows.set_index("candidate_id").loc["fx-customs-q1-c001"]
    assert (row["status"], row["reviewer"], row["record_id"]) == ("accepted", EDITOR, "fx-customs-q1-r001")
    assert store.data_version(site.data) != version
    assert "fx-customs-q1-r001" in set(store.load(site.data)["trade"]["record_id"])


def test_an_editors_review_page_on_a_phone_cuts_no_text(site, browser):
    """At 390×844 the cards stack (what it proposes, its sentence, the decision) and the save bar
    stays at the foot: no text node of the page, before or after a decision, runs past the screen
    or out of a box that clips it (the measure of tests/test_browser_phone_text.py, which sees the
    bundled data's empty Review page only)."""
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_AGENT)
    page = context.new_page()
    sign_in_with_chromium(page, site.base, EDITOR)
    card = page.locator(FIRST_CARD)
    expect(card).to_be_visible(timeout=60_000)
    wait_until_idle(page)
    assert page.evaluate(CUT_TEXT) == []
    card.get_by_role("radio", name="Accept").click()
    wait_until_idle(page)
    expect(page.get_by_text("Ready: 1 to accept.")).to_be_visible()
    card.scroll_into_view_if_needed()
    assert page.evaluate(CUT_TEXT) == []
    page.screenshot(path=site.shots / f"review-editor-phone-{site.name}.png")
    context.close()
