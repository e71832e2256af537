"""No markup from the data or the URL is interpreted on any page.

Every free-text field of the fixture holds a hostile string (Markdown links and images,
autolinks, HTML, LaTeX, colour directives and icons, long and unusual Unicode: hostile.py), and
every parameter of every page gets one as its value and as a parameter name. Each page runs
under AppTest in several views; every element that Streamlit renders as Markdown must carry the
string escaped (so it shows literally), and every element that shows plain text must carry it
unescaped (so it shows without backslashes). A Chromium run of the same data is in
test_browser_offline.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from shown import plain

from hostile import HOSTILE_STRINGS, hostile_everywhere
from tradeviz import markdown, store
from tradeviz.views import deck, overview, policy_areas, timeline, trade

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"ZQ(\d)")
# Proto fields that Streamlit renders as Markdown, by element type; other fields are plain text
# (tables, select options, chart data) or code.
MARKDOWN_FIELDS = {
    "markdown": ("body",), "caption": ("body",), "subheader": ("body",), "header": ("body",), "title": ("body",),
    "alert": ("body",), "metric": ("label", "body", "delta", "help"), "button_group": ("content",), "expander": ("label",),
    "button": ("label", "help"), "tab": ("label",),
}
PLAIN_FIELDS = {"selectbox": ("options", "rawValue"), "multiselect": ("options",)}


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    return hostile_everywhere(tmp_path_factory.mktemp("hostile") / "data")


def strings(node, element_type: str, fields: tuple[str, ...]):
    """Every string under the named proto fields of each element of the type, wherever nested."""
    found = []

    def collect(value, name):
        if isinstance(value, dict):
            for key, inner in value.items():
                collect(inner, key)
        elif isinstance(value, list):
            for inner in value:
                collect(inner, name)
        elif isinstance(value, str) and name in fields:
            found.append(value)

    def visit(item):
        proto = getattr(item, "proto", None)
        if proto is not None and getattr(item, "type", None) == element_type:
            collect(MessageToDict(proto), "")
        children = getattr(item, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                visit(child)

    visit(node)
    return found


def landed(value: str):
    """(hostile string, what follows its marker in `value`) for every hostile string in value."""
    for match in MARKER.finditer(value):
        yield HOSTILE_STRINGS[int(match.group(1)) - 1], value[match.start():]


def shown_as_given(expected: str, found: str) -> bool:
    """`found` starts with `expected`, or with a prefix of it cut where the app shortened it."""
    common = 0
    for a, b in zip(expected, found):
        if a != b:
            break
        common += 1
    # Trailing spaces may be trimmed; a shortened string ends in "…".
    return common >= len(expected.rstrip()) or found[common:common + 1] == "…"


def problems_on(at: AppTest) -> list[str]:
    problems = [f"exception: {e.value}" for e in at.exception]
    for element_type, fields in MARKDOWN_FIELDS.items():
        for value in strings(at._tree, element_type, fields):
            for hostile, found in landed(value):
                if not shown_as_given(markdown.escape_markdown(hostile), found):
                    problems.append(f"{element_type} renders Markdown from {hostile[:20]!r}: {found[:80]!r}")
    for element_type, fields in PLAIN_FIELDS.items():
        for value in strings(at._tree, element_type, fields):
            for hostile, found in landed(value):
                if not shown_as_given(hostile, found):
                    problems.append(f"{element_type} shows {hostile[:20]!r} altered: {found[:80]!r}")
    return problems


def run(page: str, query: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


VIEWS = [
    ("overview", {}),
    ("trade", {}), ("trade", {"periods": "partial"}), ("trade", {"periods": "all", "milestones": "1"}),
    *[("trade", {"tab": tab}) for tab in ("read", "series", "table", "compare", "growth", "mirror", "conflicts", "ranks")],
    ("trade", {"record": "f06"}), ("trade", {"present": "1"}),
    ("timeline", {}), ("timeline", {"milestone": "m02"}), ("timeline", {"story": "1", "milestone": "m02"}),
    ("timeline", {"lane": "kind", "trade": "1"}), ("timeline", {"tab": "milestones"}), ("timeline", {"tab": "undated"}), ("timeline", {"present": "1"}),
    ("policy_areas", {}),
    ("articles", {}), ("articles", {"article": "fx-article"}), ("articles", {"article": "fx-article", "record": "f08"}),
    ("data", {}), *[("data", {"table": t}) for t in ("sources", "milestones", "indicators", "articles", "policy_areas")],
    ("deck", {}), *[("deck", {"present": "1", "at": str(n)}) for n in (1, 2, 4, 5, 6, 7)],
    ("search", {"q": "ZQ1"}), ("search", {"q": "evil invalid"}), ("search", {"q": "long"}),
]


@pytest.mark.parametrize("page,query", VIEWS, ids=[f"{p}-{'&'.join(f'{k}={v}' for k, v in q.items())}" for p, q in VIEWS])
def test_no_markup_from_the_data_is_interpreted(hostile_data, monkeypatch, page, query):
    monkeypatch.setenv(store.DATA_ENV, str(hostile_data))
    at = run(page, query)
    # The view asked for is the one checked (the default deck's links name bundled records, which
    # the fixture lacks: those slides say so).
    assert page == "deck" or not at.warning, [w.value for w in at.warning]
    assert problems_on(at) == []
    assert reached(at), "no hostile string reached the page, so nothing was checked"


def reached(at: AppTest) -> bool:
    """Some hostile string is on the page: as text, as HTML, in a table or in a chart."""
    texts = [value for t, f in {**MARKDOWN_FIELDS, **PLAIN_FIELDS, "html": ("body",)}.items()
             for value in strings(at._tree, t, f)]
    texts += [frame.value.astype(str).to_csv() for frame in at.dataframe]
    texts += [str(chart.proto.spec) + str(chart.proto.datasets) for chart in at.get("vega_lite_chart")]
    return any("ZQ" in value for value in texts)


PAGE_PARAMS = {"overview": overview, "trade": trade, "timeline": timeline, "policy_areas": policy_areas, "deck": deck}


@pytest.mark.parametrize("page", sorted(PAGE_PARAMS))
def test_no_markup_from_the_url_is_interpreted(fixture_data, monkeypatch, page):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    params = PAGE_PARAMS[page].params(store.load(fixture_data))
    query = {key: list(HOSTILE_STRINGS[:3]) for param in params for key in param.keys}
    query.update({hostile: "1" for hostile in HOSTILE_STRINGS})
    at = run(page, query)
    assert problems_on(at) == []
    notices = [w.value for w in at.warning]
    # Every hostile parameter name is named in a notice, escaped and shortened.
    for hostile in HOSTILE_STRINGS[:5]:
        assert any(markdown.escape_markdown(hostile[:20]) in n for n in notices), hostile
    assert all(len(n) < 400 for n in notices)


@pytest.fixture(scope="module")
def bad_data(fixture_data, tmp_path_factory):
    from bad_values import bad_values_data

    return bad_values_data(fixture_data, tmp_path_factory.mktemp("bad") / "data")


@pytest.mark.parametrize("page,query", VIEWS, ids=[f"{p}-{'&'.join(f'{k}={v}' for k, v in q.items())}" for p, q in VIEWS])
def test_every_view_runs_on_values_the_build_would_refuse(bad_data, monkeypatch, page, query):
    # Zero, negative, NaN and infinite figures, a reversed period, dangling references (bad_values.py).
    monkeypatch.setenv(store.DATA_ENV, str(bad_data))
    at = run(page, query)
    assert not at.exception, [e.value for e in at.exception]
    # The page says which rows were left out, naming the first broken one (f02's value of 0.0) ...
    left_out = [plain(w.value) for w in at.warning if "left out of every chart" in plain(w.value)]
    assert len(left_out) == 1 and "data/trade.parquet, row 1, column value: 0.0" in left_out[0]
    # ... and still draws the rest: a chart, a table, or words saying what is shown or why nothing
    # can be (a slide in presentation has no title).
    assert at.get("vega_lite_chart") or at.dataframe or [e for e in (*at.caption, *at.info) if e.value]
