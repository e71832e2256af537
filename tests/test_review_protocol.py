"""A Review save sent over Streamlit's WebSocket protocol, with no browser (tests/protocol.py, the
client benchmarks/load.py uses), against a real server with sign-in through a real OpenID Connect
provider (tests/signin.py): from an anonymous session and from a signed-in non-editor it changes
no file and not the data version, and is logged; the same message from an editor saves."""

from types import SimpleNamespace

import pytest

from browser import free_port, streamlit_server
from protocol import Session, run
from shown import plain
from signin import (EDITOR, REFUSED, VIEWER, crafted_save, data_with_candidates, editor_widgets, files_of, provider,
                    secrets_file, sign_in)
from tradeviz import review, store


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("protocol")
    data = data_with_candidates(root / "data")
    with provider(root / "logs") as idp:
        port = free_port()
        secrets = secrets_file(root / "secrets", idp, f"http://127.0.0.1:{port}/oauth2callback")
        with streamlit_server(root / "logs", env={"TRADEVIZ_DATA": str(data)},
                              args=("--secrets.files", str(secrets)), port=port) as base:
            yield SimpleNamespace(base=base, data=data, log=root / "logs" / "server.out")


async def review_page(base, cookies=None):
    async with Session(base, cookies) as session:
        return await session.run("review")


def test_a_crafted_save_changes_nothing_unless_an_editor_sends_it(served):
    editor = run(sign_in(served.base, EDITOR))
    shown = run(review_page(served.base, editor))
    assert any(f"Signed in as {EDITOR}" in plain(text) for text in shown.texts()), shown.texts()
    widgets = run(editor_widgets(served.base, editor))
    before, version = files_of(served.data), store.data_version(served.data)

    # Anonymous: no cookie, no XSRF token, no Save on its page.
    anonymous = run(review_page(served.base))
    assert anonymous.widget_id("button", "review-save") is None
    refused = run(crafted_save(served.base, widgets))
    assert REFUSED in refused.texts()
    assert files_of(served.data) == before and store.data_version(served.data) == version

    # Signed in, but not an editor.
    viewer = run(sign_in(served.base, VIEWER))
    refused = run(crafted_save(served.base, widgets, viewer))
    assert any(f"{VIEWER} is not on this server" in plain(text) for text in refused.texts()), refused.texts()
    assert REFUSED in refused.texts()
    assert files_of(served.data) == before and store.data_version(served.data) == version

    log = served.log.read_text()
    attempt = f"Refused a Review save (values for review-decision:{review.read(served.data).revision}:1, review-save) from"
    assert f"{attempt} an anonymous session (no one is signed in); nothing was written" in log
    assert f"{attempt} {VIEWER} ({VIEWER} is not on this server's list of editors); nothing was written" in log

    # The same message from the editor's session saves, under the editor's address.
    saved = run(crafted_save(served.base, widgets, editor))
    assert REFUSED not in saved.texts()
    row = review.read(served.data).rows.set_index("candidate_id").loc["fx-customs-q1-c001"]
    assert (row["status"], row["reviewer"], row["record_id"]) == ("accepted", EDITOR, "fx-customs-q1-r001")
    assert store.data_version(served.data) != version
    assert f"{EDITOR} saved 1 decision(s) on the Review page" in served.log.read_text()
