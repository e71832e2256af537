"""The deck: slides from saved views, editing a deck, and the pack built from it."""

from pathlib import Path

import pytest

from tradeviz import state, store
from tradeviz.views import deck, defaults, pack

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def bundled():
    return store.load(DATA)


def test_links_split_and_join():
    assert deck.split_link("trade?flow=exports&flow=imports") == ("trade", {"flow": ["exports", "imports"]})
    assert deck.split_link("") == ("overview", {}) and deck.split_link("/") == ("overview", {})
    # The data version is left out: a slide shows the current data.
    assert deck.link_of("trade", {"flow": ["exports"], "v": ["abc123"]}) == "trade?flow=exports"
    assert deck.link_of("policy-areas", {}) == "policy-areas"


def test_editing_a_deck():
    links = ("a", "b", "c")
    assert deck.moved(links, 0, 1) == ("b", "a", "c")
    assert deck.moved(links, 0, -1) == links  # nothing before the first
    assert deck.moved(links, 2, 1) == links
    assert deck.removed(links, 1) == ("a", "c")
    assert deck.added(links, "d") == ("a", "b", "c", "d")
    assert len(deck.added(tuple(str(i) for i in range(deck.MAX_SLIDES)), "x")) == deck.MAX_SLIDES


def test_the_deck_lives_in_the_url(bundled):
    params = deck.params(bundled)
    # No `s`: the default deck; `s=` alone: an emptied deck that reopens empty; order kept.
    assert state.from_query(params, {}).state["s"] == deck.DEFAULT_DECK
    assert state.from_query(params, {"s": [""]}).state["s"] == ()
    assert state.from_query(params, {"s": ["timeline", "overview"]}).state["s"] == ("timeline", "overview")
    assert deck.deck_query(params, ()) == {"s": [""]}
    assert deck.deck_query(params, deck.DEFAULT_DECK) == {}
    assert deck.deck_query(params, ("timeline", "overview"), at=2) == {"s": ["timeline", "overview"], "at": ["2"]}
    decoded = state.from_query(params, {"s": ["ok", "bad\x00link"]})
    assert decoded.state["s"] == ("ok",) and decoded.notices[0].startswith("Ignored ?s=bad\\x00link")


def test_default_deck_slides(bundled):
    shown = deck.select(bundled, defaults(deck.params(bundled)))
    assert [s.title for s in shown.slides] == [
        "Azerbaijan–China relations at a glance", "Turnover, 2017–2026, full years",
        "Exports to China, imports from China and the balance, 2016–2026, full years", "Mirror statistics, 2016–2026",
        "All milestones, 2015–2026", "Aliyev and Xi meet in Tianjin ahead of the SCO summit", "Policy areas"]
    assert all(not s.problem for s in shown.slides)
    overview, turnover, _, mirror, _, story, areas = shown.slides
    assert overview.figures[0] == ("Trade turnover, 2025", "$4.87 bn", "+30.2% as reported")
    # Takeaways say what the data says, no more.
    assert turnover.takeaway == "Trade turnover: ~$1.30 bn in 2017, $4.87 bn in 2025."
    assert mirror.takeaway.startswith("Turnover, 2017: Azerbaijani side ~$1.30 bn, Chinese side $964.0 m")
    assert story.card.subtitle == "31 August 2025" and story.source_ids == ("seed-2025-08-31",)
    assert any(item.startswith("Tourism & culture:") and "planned: 2026 to be declared" in item for item in areas.items)
    assert shown.at == 1 and shown.position == "1 / 7"


def test_a_slide_says_why_it_cannot_show_a_link(bundled):
    shown = deck.select(bundled, {"s": ("data?table=trade", "trade?flow=reexport", "nowhere"), "at": 9,
                                  "present": False, "screen": "1080"})
    assert shown.at == 3  # clamped to the deck
    data, bad, unknown = shown.slides
    assert data.problem.startswith("The Data & downloads page has no slide")
    assert bad.problem == "Ignored ?flow=reexport: expected any of turnover, exports, imports, balance"
    assert bad.chart is not None  # the rest of the view still shows
    assert unknown.problem.startswith("The nowhere page has no slide")


def test_pack_escapes_the_data_and_keeps_chart_ids_apart(bundled):
    hostile = deck.Slide("trade", "<script>alert(1)</script>", takeaway="a & b", items=("<b>x</b>",))
    document = pack.html(bundled, [hostile], "")
    assert "<script>alert" not in document and "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "&lt;b&gt;x&lt;/b&gt;" in document and "a &amp; b" in document
    svg = '<svg><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"></g></svg>'
    assert pack._unique_ids(svg, "s2-") == ('<svg><defs><clipPath id="s2-clip1"/></defs>'
                                           '<g clip-path="url(#s2-clip1)"></g></svg>')


def test_the_public_address_is_the_one_set_without_its_trailing_slash(monkeypatch):
    from tradeviz import site

    monkeypatch.delenv(site.PUBLIC_URL_ENV, raising=False)
    assert site.public_url() == ""
    monkeypatch.setenv(site.PUBLIC_URL_ENV, " https://tradeviz.example.org/ ")
    assert site.public_url() == "https://tradeviz.example.org"
