"""The layering the code promises (README, Layout), checked by reading every import.

pages  ->  the ui modules, their own view   (wiring only)
ui     ->  views, vocabulary, the read side; each of its modules one job
views  ->  vocabulary, the read side  (never Streamlit, never ui, never the write side)
vocabulary  ->  each other, never views or ui
Only the ui package imports Streamlit, and only ui.streamlit_internals reaches into Streamlit's
internals; no module imports a page; no import cycle. Every module is listed in LAYERS and says
its job in the first line of its docstring, so a new one is placed on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tradeviz"
PAGES = sorted((ROOT / "pages").glob("*.py"))


def imports(path: Path) -> set[str]:
    """Every module the file imports, by full dotted name (`from tradeviz import ui` gives
    tradeviz.ui; `from tradeviz.views import trade as view` gives tradeviz.views.trade)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}

# Every module of the package, by layer.
LAYERS = {
    "entry": {"tradeviz.__main__"},
    # The Streamlit side, one module a job (the package's docstring lists them).
    "ui": {"tradeviz.ui", "tradeviz.ui.loading", "tradeviz.ui.url_state", "tradeviz.ui.widgets", "tradeviz.ui.text",
           "tradeviz.ui.display", "tradeviz.ui.presenting", "tradeviz.ui.keyboard", "tradeviz.ui.style",
           "tradeviz.ui.editing", "tradeviz.ui.streamlit_internals"},
    "views": {name for name in MODULES if name.startswith("tradeviz.views")},
    # What writes the dataset or a products set: a page that shows data never reaches it.
    "write": {"tradeviz.build", "tradeviz.comtrade", "tradeviz.products_writer", "tradeviz.review", "tradeviz.writes"},
    # What reads the dataset and the products set from disk or shared storage.
    "read": {"tradeviz.store", "tradeviz.shared", "tradeviz.products_store", "tradeviz.history",
             "tradeviz.memory", "tradeviz.review_file"},
    # Pure functions and tables: no disk, no Streamlit.
    "vocabulary": {"tradeviz.schema", "tradeviz.rules", "tradeviz.records", "tradeviz.products_table",
                   "tradeviz.periods", "tradeviz.words", "tradeviz.filters", "tradeviz.intervals", "tradeviz.metrics",
                   "tradeviz.text", "tradeviz.markdown", "tradeviz.provenance", "tradeviz.charts", "tradeviz.export", "tradeviz.state",
                   "tradeviz.reader", "tradeviz.search", "tradeviz.site", "tradeviz.labels", "tradeviz.excerpts",
                   "tradeviz.coverage", "tradeviz.access", "tradeviz.extract",
                   "tradeviz.extract.numbers", "tradeviz.extract.places", "tradeviz.extract.figures",
                   "tradeviz.extract.ranks", "tradeviz.extract.events"},
}


def ours(names: set[str]) -> set[str]:
    """The tradeviz modules among `names` (a name like tradeviz.views.Table counts as its module)."""
    out = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name.startswith("tradeviz"):
            out.add(name)
    return out


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_page_imports_only_streamlit_ui_and_its_own_view(page):
    allowed = {"streamlit", "tradeviz", "tradeviz.ui", "tradeviz.views", f"tradeviz.views.{page.stem}"} | LAYERS["ui"]
    assert imports(page) - allowed == set()


def test_the_entry_point_imports_only_streamlit_and_the_page_list():
    assert imports(ROOT / "dashboard.py") - {"streamlit", "tradeviz", "tradeviz.site", "tradeviz.memory"} == set()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_ui_imports_streamlit(name):
    uses_streamlit = any(n == "streamlit" or n.startswith("streamlit.") for n in imports(MODULES[name]))
    # Every module of the ui package draws with Streamlit; the package itself only lists them.
    assert uses_streamlit == name.startswith("tradeviz.ui."), name


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("tradeviz.views")))
def test_views_never_import_ui(name):
    assert not {n for n in ours(imports(MODULES[name])) if n.startswith("tradeviz.ui")}


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith(("tradeviz.views", "tradeviz.ui"))
                                        and n != "tradeviz"))
def test_vocabulary_never_imports_views_or_ui(name):
    assert not {n for n in ours(imports(MODULES[name])) if n.startswith(("tradeviz.views", "tradeviz.ui"))}


def test_every_module_is_in_one_layer():
    placed = [name for members in LAYERS.values() for name in members]
    assert sorted(placed) == sorted(set(placed)), "a module in two layers"
    assert set(placed) == set(MODULES)


def reached(name: str) -> set[str]:
    """Every module `name` imports, directly or through others."""
    seen, todo = set(), [name]
    while todo:
        for target in ours(imports(MODULES[todo.pop()])) - {"tradeviz"}:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.mark.parametrize("name", sorted(LAYERS["views"]))
def test_views_never_reach_the_write_side(name):
    """A page that shows data cannot write it: no view imports a module that writes the dataset
    or a products set, even through another module. No view is left out: the Review page reads
    the review file through tradeviz.review_file, and only ui reaches tradeviz.review to save."""
    assert not reached(name) & LAYERS["write"], name


def test_no_import_cycle():
    graph = {name: ours(imports(path)) - {name, "tradeviz"} for name, path in MODULES.items()}
    # A package's __init__ may import its own submodules' names; that is not a cycle of modules.
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if target.startswith(name + "."):
                continue
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, name, target]))
            if target not in state:
                visit(target, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_the_checks_see_imports():
    # A check that found nothing would pass whatever the code did.
    assert "tradeviz.views.trade" in imports(ROOT / "pages" / "trade.py")
    assert "streamlit" in imports(PACKAGE / "ui" / "loading.py")
    assert "tradeviz.ui.widgets" in imports(ROOT / "pages" / "trade.py")
    assert {"tradeviz.metrics", "tradeviz.charts"} <= ours(imports(PACKAGE / "views" / "trade.py"))
    assert "tradeviz.build" in reached("tradeviz.products_writer")
    assert {"tradeviz.build", "tradeviz.writes"} <= reached("tradeviz.review")


def test_every_link_a_view_makes_names_a_page(fixture_dataset):
    from tradeviz import site
    from tradeviz.views import Link, policy_areas, reader_link

    links = [reader_link("a", "r")]
    for card in policy_areas.area_cards(fixture_dataset):
        links += [card.timeline_link, *(link for _, link in card.passages)]
    assert links and all(isinstance(link, Link) and link.page in site.BY_PATH for link in links)


def test_every_extractor_module_is_in_the_layer_list_and_says_its_job():
    # The extractor is split by job; a module added there must be listed in LAYERS and open with a
    # one-line statement of its job.
    for name in sorted(n for n in MODULES if n.startswith("tradeviz.extract.")):
        assert name in LAYERS["vocabulary"], name
        docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
        assert docstring and len(docstring.splitlines()[0]) > 20, name
    assert {"tradeviz.extract.figures", "tradeviz.extract.events"} <= set(MODULES)


def test_conftest_imports_playwright_only_inside_the_browser_fixture():
    # Every test loads conftest.py; only browser tests need Playwright (and tests/browser.py).
    body = ast.parse((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")).body
    top = set()
    for node in body:
        if isinstance(node, ast.Import):
            top.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top.add(node.module)
    assert not {name for name in top if name.startswith("playwright") or name == "browser"}
    assert "playwright.sync_api" in imports(ROOT / "tests" / "conftest.py")   # still there, in the fixture


# What only ui.streamlit_internals may name: Streamlit's runtime and protocol modules, and the
# internals it reads or wraps there. Public modules (streamlit.errors) are open to every ui module.
STREAMLIT_INTERNALS = ("streamlit.runtime", "streamlit.proto", "streamlit.commands")
INTERNAL_NAMES = ("_new_widget_state", "PagesManager", "sanitize_query_string", "get_script_run_ctx")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_streamlit_internals_reaches_into_streamlit(name):
    source = MODULES[name].read_text(encoding="utf-8")
    reaching = {n for n in imports(MODULES[name]) if n.startswith(STREAMLIT_INTERNALS)}
    reaching |= {word for word in INTERNAL_NAMES if word in source}
    if name == "tradeviz.ui.streamlit_internals":
        assert reaching >= {"streamlit.runtime.pages_manager.PagesManager", "_new_widget_state",
                            "sanitize_query_string"}   # the check sees what it looks for
    else:
        assert not reaching, name


def test_every_use_of_a_streamlit_internal_is_guarded_by_the_contract_test():
    tree = ast.parse(MODULES["tradeviz.ui.streamlit_internals"].read_text(encoding="utf-8"))
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    contract = (ROOT / "tests" / "test_streamlit_contract.py").read_text(encoding="utf-8")
    assert functions == {"ensure_navigation", "notice_dropped_queries", "widgets_sent"}
    assert all(f"streamlit_internals.{function}" in contract for function in functions)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_its_job_in_its_first_line(name):
    docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    assert docstring and len(docstring.splitlines()[0]) > 20, name
    if name.startswith("tradeviz.ui"):
        assert docstring.splitlines()[0].endswith("."), name   # the whole job, in one line


@pytest.mark.parametrize("path", [*sorted(MODULES.values()), *PAGES], ids=lambda p: p.stem)
def test_text_from_the_data_is_escaped_in_one_place(path):
    # Pages and ui modules hand text to ui.text (or build Markdown with markdown.md); only
    # tradeviz.markdown itself calls the escaping function.
    if path != MODULES["tradeviz.markdown"]:
        assert "escape_markdown" not in path.read_text(encoding="utf-8"), path
