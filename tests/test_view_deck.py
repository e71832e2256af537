"""The deck: slides from saved views, editing a deck, and the pack built from it. On the
fixture (tests/fixtures/data/sources), with expectations read off its rows by hand."""

from tradeviz import state
from tradeviz.views import deck, defaults, pack


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


def test_the_deck_lives_in_the_url(fixture_dataset):
    params = deck.params(fixture_dataset)
    # No `s`: the default deck; `s=` alone: an emptied deck that reopens empty; order kept.
    assert state.from_query(params, {}).state["s"] == deck.DEFAULT_DECK
    assert state.from_query(params, {"s": [""]}).state["s"] == ()
    assert state.from_query(params, {"s": ["timeline", "overview"]}).state["s"] == ("timeline", "overview")
    assert deck.deck_query(params, ()) == {"s": [""]}
    assert deck.deck_query(params, deck.DEFAULT_DECK) == {}
    assert deck.deck_query(params, ("timeline", "overview"), at=2) == {"s": ["timeline", "overview"], "at": ["2"]}
    decoded = state.from_query(params, {"s": ["ok", "bad\x00link"]})
    assert decoded.state["s"] == ("ok",) and decoded.notices[0].startswith("Ignored ?s=bad\\x00link")


FIXTURE_DECK = ("overview", "trade?flow=turnover", "trade?tab=mirror", "timeline?story=1&milestone=m04",
                "policy-areas")


def test_slides_of_the_fixture(fixture_dataset):
    values = defaults(deck.params(fixture_dataset)) | {"s": FIXTURE_DECK}
    shown = deck.select(fixture_dataset, values)
    assert [s.title for s in shown.slides] == [
        "Azerbaijan–China relations at a glance", "Turnover, 2019–2025, full years", "Mirror statistics, 2019–2025",
        "Visa exemption in force", "Policy areas"]
    assert all(not s.problem for s in shown.slides)
    overview, turnover, mirror, story, areas = shown.slides
    # f06: turnover 2024, 180, +20 % reported; f13: rank 4 in 2024; six event keys (m02 and m03
    # are one summit; m05's office is undated but recorded).
    assert overview.figures == (("Trade turnover, 2024", "$180.0 m", "+20% as reported"),
                                ("China's partner rank, 2024", "4th", ""), ("Events recorded", "6", ""))
    # The drawn series runs from f02 (2020, 100) to f06 (2024, 180); takeaways say no more.
    assert turnover.takeaway == "Trade turnover: $100.0 m in 2020, $180.0 m in 2024."
    assert turnover.chart.name == "annual-series"
    # f03 (az_customs, 120) against f04 (cn_statistics, 90, flagged low): shown, never computed.
    assert mirror.takeaway == ("Turnover, 2021: Azerbaijani side $120.0 m, Chinese side $90.0 m (flagged "
                               "low-confidence); not computed: the research flags a figure of this pair.")
    assert story.card.subtitle == "16 July 2025" and story.source_ids == ("fx-customs",)
    assert story.takeaway == "Mutual visa exemption starts."
    assert areas.items[0] == "Tourism & culture: 3 statements; latest: Visa exemption in force (16 July 2025)"
    assert shown.at == 1 and shown.position == "1 / 5"


def test_the_default_deck_names_what_the_fixture_cannot_show(fixture_dataset):
    shown = deck.select(fixture_dataset, defaults(deck.params(fixture_dataset)))
    assert len(shown.slides) == len(deck.DEFAULT_DECK)
    problems = [s.problem for s in shown.slides]
    # The fixture's years are 2019–2025, and the Tianjin meeting is the bundled data's, not the fixture's.
    assert problems[2] == problems[3] == "Ignored ?years_from=2016: expected a year from 2019 to 2025"
    assert problems[5] == "Ignored ?milestone=seed2-2025-08-31-tianjin-meeting: no milestone has this id"
    assert [p for i, p in enumerate(problems) if i not in (2, 3, 5)] == ["", "", "", ""]


def test_a_slide_says_why_it_cannot_show_a_link(fixture_dataset):
    shown = deck.select(fixture_dataset, {"s": ("data?table=trade", "trade?flow=reexport", "nowhere"), "at": 9,
                                          "present": False, "screen": "1080"})
    assert shown.at == 3  # clamped to the deck
    data, bad, unknown = shown.slides
    assert data.problem.startswith("The Data & downloads page has no slide")
    assert bad.problem == "Ignored ?flow=reexport: expected any of turnover, exports, imports, balance"
    assert bad.chart is not None  # the rest of the view still shows
    assert unknown.problem.startswith("The nowhere page has no slide")


def test_pack_escapes_the_data_and_keeps_chart_ids_apart(fixture_dataset):
    hostile = deck.Slide("trade", "<script>alert(1)</script>", takeaway="a & b", items=("<b>x</b>",))
    document = pack.html(fixture_dataset, [hostile], "")
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
