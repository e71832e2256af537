from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeviz import state
from tradeviz.state import Param

PARAMS = (
    Param("years", "year_range", bounds=(1992, 2026)),
    Param("flow", "choices", options=("turnover", "exports", "imports")),
    Param("reporter", "choice", options=("all", "az_customs", "cn_official"), default="all"),
    Param("q", "text"),
    Param("milestones", "flag", default=False),
    Param("base", "int", default=2015, bounds=(1992, 2026)),
)
DEFAULT = {"years": (1992, 2026), "flow": (), "reporter": "all", "q": "",
           "milestones": False, "base": 2015}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(url, keep_blank_values=True)


@pytest.mark.parametrize(
    ("url", "changes", "notices"),
    [
        ("", {}, []),
        ("years_from=2019&years_to=2025", {"years": (2019, 2025)}, []),
        ("flow=exports&flow=imports", {"flow": ("exports", "imports")}, []),
        ("flow=imports&flow=exports", {"flow": ("exports", "imports")}, []),
        ("flow=reexport", {}, ["Ignored ?flow=reexport: expected any of turnover, exports, imports"]),
        ("flow=exports&flow=exports", {"flow": ("exports",)}, ["Ignored ?flow=exports: repeated value"]),
        ("reporter=az_customs&reporter=cn_official", {"reporter": "az_customs"},
         ["Ignored ?reporter=cn_official: this parameter takes one value; the first was used"]),
        ("years_from=2025&years_to=2019", {}, ["Ignored ?years_from=2025&years_to=2019: the range ends before it starts"]),
        ("years_from=twenty&years_to=2020", {"years": (1992, 2020)},
         ["Ignored ?years_from=twenty: expected a year from 1992 to 2026"]),
        ("years_to=99999999999", {}, ["Ignored ?years_to=99999999999: expected a year from 1992 to 2026"]),
        ("q=%3Cscript%3E", {"q": "<script>"}, []),
        ("q=" + "x" * 201, {}, ["Ignored ?q=" + "x" * 39 + "…: longer than 200 characters"]),
        ("milestones=1", {"milestones": True}, []),
        ("milestones=maybe", {}, ["Ignored ?milestones=maybe: expected 1 or 0"]),
        ("base=２０２０", {}, ["Ignored ?base=２０２０: expected a whole number from 1992 to 2026"]),
        ("colour=red", {}, ["Ignored ?colour=red: unknown parameter"]),
        ("v=not-a-version", {}, ["Ignored ?v=not-a-version: not a data version"]),
        # A parameter's name is shortened like its value: a name is as much input as a value.
        ("[Session expired - sign in again](https://example.invalid/login)=1", {},
         ["Ignored ?[Session expired - sign in again](https…=1: unknown parameter"]),
        ("a=1&b=2&c=3&d=4&e=5&f=6&g=7", {},
         [f"Ignored ?{k}={n}: unknown parameter" for n, k in enumerate("abcde", 1)]
         + ["Ignored 2 more unknown parameters"]),
    ],
)
def test_from_query(url, changes, notices):
    decoded = state.from_query(PARAMS, query(url))
    assert decoded.state == {**DEFAULT, **changes}
    assert decoded.notices == notices


def test_a_query_string_dropped_whole_is_noticed():
    assert state.dropped_query_notice(4003, 1001) == (
        "This link's query string was too large for the server (4,003 characters, 1,001 "
        "parameters) and was ignored as a whole: the page shows its default view.")


def test_version_is_read():
    assert state.from_query(PARAMS, query("v=0123abcdef")).version == "0123abcdef"


def test_to_query_leaves_defaults_out_and_repeats_lists():
    assert state.to_query(PARAMS, DEFAULT) == {}
    view = {**DEFAULT, "years": (2019, 2025), "flow": ("exports", "imports"), "milestones": True}
    assert state.to_query(PARAMS, view, version="abc1234567") == {
        "years_from": ["2019"], "years_to": ["2025"], "flow": ["exports", "imports"],
        "milestones": ["1"], "v": ["abc1234567"],
    }
    assert state.query_string(state.to_query(PARAMS, view)) == (
        "years_from=2019&years_to=2025&flow=exports&flow=imports&milestones=1"
    )


def test_permalink():
    assert state.permalink("http://localhost:8501/", "/trade", {"flow": ["exports", "imports"]}) == (
        "http://localhost:8501/trade?flow=exports&flow=imports"
    )
    assert state.permalink("http://h", "timeline", {}) == "http://h/timeline"


def test_an_empty_selection_means_all_and_survives_the_permalink():
    # Nothing chosen is the default (all), written as no parameter, and read back as nothing chosen.
    view = {**DEFAULT, "flow": ()}
    assert state.to_query(PARAMS, view) == {}
    assert state.from_query(PARAMS, {}).state["flow"] == ()
    with pytest.raises(ValueError, match="an empty selection means all"):
        Param("flow", "choices", options=("a", "b"), default=("a",))


def test_a_cleared_choice_reopens_cleared():
    # "From" cleared to its empty option while its default is a year: written as `a=`.
    params = (Param("a", "choice", default="2024", options=("", "2023", "2024")),)
    assert state.to_query(params, {"a": ""}) == {"a": [""]}
    assert state.query_string(state.to_query(params, {"a": ""})) == "a="
    assert state.from_query(params, query("a=")).state == {"a": ""}
    assert state.to_query(params, {"a": "2024"}) == {}


def test_an_id_is_checked_against_members_without_listing_them():
    params = (Param("record", "id", default="", members=frozenset({"f01", "f02"}), noun="figure"),)
    assert state.from_query(params, query("record=f02")).state == {"record": "f02"}
    decoded = state.from_query(params, query("record=f99"))
    assert decoded.state == {"record": ""}
    assert decoded.notices == ["Ignored ?record=f99: no figure has this id"]
    assert state.to_query(params, {"record": "f02"}) == {"record": ["f02"]}


states = st.fixed_dictionaries({
    "years": st.tuples(st.integers(1992, 2026), st.integers(1992, 2026)).map(lambda t: tuple(sorted(t))),
    "flow": st.sets(st.sampled_from(["turnover", "exports", "imports"])).map(
        lambda s: tuple(o for o in ("turnover", "exports", "imports") if o in s)),
    "reporter": st.sampled_from(["all", "az_customs", "cn_official"]),
    "q": st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=50),
    "milestones": st.booleans(),
    "base": st.integers(1992, 2026),
})


@settings(deadline=None)
@given(states)
def test_round_trip(view):
    decoded = state.from_query(PARAMS, query(state.query_string(state.to_query(PARAMS, view))))
    assert decoded.notices == []
    assert decoded.state == view


# No deadline: on a shared, busy machine one example once took longer than the 200 ms default.
@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["years_from", "years_to", "flow", "reporter", "q", "milestones", "base", "v", "x"])
    | st.text(max_size=8),
    st.lists(st.text(max_size=300), min_size=1, max_size=60),
    max_size=10,
))
def test_any_query_decodes_to_a_valid_state(raw):
    decoded = state.from_query(PARAMS, raw)
    result = decoded.state
    assert 1992 <= result["years"][0] <= result["years"][1] <= 2026
    assert set(result["flow"]) <= {"turnover", "exports", "imports"}
    assert result["reporter"] in ("all", "az_customs", "cn_official")
    assert isinstance(result["q"], str) and len(result["q"]) <= state.MAX_TEXT_LENGTH
    assert isinstance(result["milestones"], bool)
    assert 1992 <= result["base"] <= 2026
    assert all(isinstance(n, str) for n in decoded.notices)


# ---- date ranges (the Articles page's "published" filter) -----------------------------------

import datetime as dt  # noqa: E402

DATES = (Param("published", "date_range", bounds=(dt.date(2025, 4, 22), dt.date(2025, 8, 31))),)


@pytest.mark.parametrize(
    ("url", "expected", "notices"),
    [
        ("", (dt.date(2025, 4, 22), dt.date(2025, 8, 31)), []),
        ("published_from=2025-05-01", (dt.date(2025, 5, 1), dt.date(2025, 8, 31)), []),
        ("published_from=2025-05-01&published_to=2025-05-01", (dt.date(2025, 5, 1), dt.date(2025, 5, 1)), []),
        ("published_from=20250501", (dt.date(2025, 4, 22), dt.date(2025, 8, 31)),
         ["Ignored ?published_from=20250501: expected a date (YYYY-MM-DD) from 2025-04-22 to 2025-08-31"]),
        ("published_to=2025-02-30", (dt.date(2025, 4, 22), dt.date(2025, 8, 31)),
         ["Ignored ?published_to=2025-02-30: expected a date (YYYY-MM-DD) from 2025-04-22 to 2025-08-31"]),
        ("published_to=2025-09-01", (dt.date(2025, 4, 22), dt.date(2025, 8, 31)),
         ["Ignored ?published_to=2025-09-01: expected a date (YYYY-MM-DD) from 2025-04-22 to 2025-08-31"]),
        ("published_from=2025-08-01&published_to=2025-05-01", (dt.date(2025, 4, 22), dt.date(2025, 8, 31)),
         ["Ignored ?published_from=2025-08-01&published_to=2025-05-01: the range ends before it starts"]),
    ],
)
def test_date_range_from_query(url, expected, notices):
    decoded = state.from_query(DATES, query(url))
    assert decoded.state == {"published": expected}
    assert decoded.notices == notices


def test_date_range_to_query_leaves_out_the_default_and_writes_iso_dates():
    full = (dt.date(2025, 4, 22), dt.date(2025, 8, 31))
    assert state.to_query(DATES, {"published": full}) == {}
    assert state.to_query(DATES, {"published": (dt.date(2025, 5, 1), dt.date(2025, 8, 31))}) == {
        "published_from": ["2025-05-01"], "published_to": ["2025-08-31"]}


@pytest.mark.parametrize(
    ("address", "written", "same"),
    [
        # A fresh link without the data version opens the view written with it.
        ("", "v=08c6dc74e9", True),
        ("flow=imports&flow=exports", "flow=exports&flow=imports&v=08c6dc74e9", True),
        # An ignored value leaves the default view, which is what the page shows.
        ("flow=reexport", "v=08c6dc74e9", True),
        ("flow=exports", "flow=imports&v=08c6dc74e9", False),
        ("years_from=2019", "v=08c6dc74e9", False),
    ],
)
def test_shows_the_same_view(address, written, same):
    assert state.shows_the_same_view(PARAMS, query(address), query(written)) is same


def test_a_multiple_choice_label_says_how_many_are_chosen():
    assert state.choices_label("Flows (none chosen: all)", 0, 4) == "Flows (none chosen: all)"
    assert state.choices_label("Flows (none chosen: all)", 2, 4) == "Flows (2 of 4 chosen)"
    assert state.choices_label("Years", 2, 4) == "Years"
