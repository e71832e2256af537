"""The Streamlit pieces every page shares: loading, view state <-> URL, widgets declared by a
view's parameters, charts, tables, downloads and links. Streamlit stays at this edge; everything
a page shows is computed by its view module, without Streamlit."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import streamlit as st

from tradeviz import access, charts, export, history, shared, site, state, store, words
from tradeviz.charts import ChartSpec
from tradeviz.markdown import escape_markdown
from tradeviz.views import Download, Link, RecordCard, Section, Table, column_formats, column_labels

DATA_ENV = store.DATA_ENV
data_dir = store.data_dir


def _writes_log() -> logging.Logger:
    """Writes, and refused attempts, go to the server's log (stderr) with a time stamp."""
    log = logging.getLogger("tradeviz.writes")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


_WRITES_LOG = _writes_log()


# ---- loading --------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_load(folder: str, signature: tuple) -> store.Dataset:
    # One Dataset per (folder, file signature), shared by every session and never copied: a
    # rebuilt dataset has a new signature, so it is picked up without a restart.
    return store.load(Path(folder))


def ensure_navigation() -> None:
    """Streamlit treats a `pages/` folder next to the entry script as a v1 multipage app until the
    entry script has called st.navigation once in this process: a permalink opened as the very
    first request would run the page without dashboard.py (no navigation, no layout). Flipping
    the flag that st.navigation itself sets and rerunning routes the request through
    dashboard.py. This reads and writes a Streamlit internal because no public API exists for
    it; tests/test_streamlit_contract.py fails if Streamlit changes it, and the browser test
    of a first-request permalink checks the behaviour."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def load_dataset() -> store.Dataset:
    """Load (cached) and show any problem with the files; the page keeps working on what loaded."""
    ensure_navigation()
    notice_dropped_queries()
    phone_style()
    try:
        folder = data_dir()
    except shared.Unreachable as exc:
        st.error(f"{escape_markdown(str(exc))} The dashboard shows data again as soon as it can be read.", icon="⚠️")
        st.stop()
    dataset = _cached_load(str(folder), store.signature(folder))
    files = [p for p in dataset.problems if p.row is None]
    rows = [p for p in dataset.problems if p.row is not None]
    if files:
        st.error(f"Some data could not be loaded; those tables are shown empty.\n\n{_problem_list(files)}", icon="⚠️")
    if rows:
        count = words.plural(len({(p.file, p.row) for p in rows}), "row")
        st.warning(f"Rows that break the dataset's rules are left out of every chart, table and computation "
                   f"({count}):\n\n{_problem_list(rows)}", icon="⚠️")
    return dataset


def shared_and_read_only() -> bool:
    """On a replica serving a shared dataset, say that it is read-only here and return True."""
    location = store.shared_location()
    if location is None:
        return False
    st.info(f"This dashboard serves the shared dataset at {escape_markdown(shared.redacted(location))}, read-only. "
            "Add and review articles where the dataset is built (`python -m tradeviz add-article`, then this page "
            "there), and upload the rebuilt folder.", icon="🔒")
    return True


def _problem_list(problems: list, shown: int = 10) -> str:
    lines = "\n".join(f"- {escape_markdown(str(p))}" for p in problems[:shown])
    return lines + (f"\n- … and {len(problems) - shown} more" if len(problems) > shown else "")


def footer(dataset: store.Dataset) -> None:
    st.divider()
    st.caption(f"Data version {dataset.version} · every figure links to its source · tradeviz")


# ---- view state <-> URL ---------------------------------------------------------------------

_LAST_QUERY = "_tradeviz_last_query"
_VALUES = "_tradeviz_values"


def widget_key(page: str, key: str) -> str:
    return f"{page}:{key}"


def _current_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


DROPPED_QUERY_KEY = "tradeviz-dropped-query"


def notice_dropped_queries() -> None:
    """Streamlit drops a query string over its limits (about 1,000 parameters or 512 KB) whole,
    before any script runs, and tells the page nothing. Its check is wrapped so that a dropped
    query string arrives as one parameter saying how large it was, which the page turns into a
    notice. This wraps a Streamlit internal because no public API exists for it;
    tests/test_streamlit_contract.py fails if Streamlit changes it."""
    from streamlit.runtime import app_session

    original = app_session.sanitize_query_string
    if getattr(original, "tradeviz_wrapped", False):
        return

    def sanitize(query_string: str) -> str:
        kept = original(query_string)
        if query_string and not kept:
            return f"{DROPPED_QUERY_KEY}={len(query_string)}.{query_string.count('&') + 1}"
        return kept

    sanitize.tradeviz_wrapped = True
    sanitize.original = original
    app_session.sanitize_query_string = sanitize


def _dropped_query(query: dict[str, list[str]]) -> str | None:
    """The notice for a query string Streamlit dropped, read from the marker parameter."""
    marker = (query.pop(DROPPED_QUERY_KEY, None) or [""])[0]
    characters, _, fields = marker.partition(".")
    if not (characters.isdigit() and fields.isdigit()):
        return None
    return state.dropped_query_notice(int(characters), int(fields))


def _widget_value(param: state.Param, value: Any) -> Any:
    if param.widget == "tabs":  # st.tabs keeps the label of the open tab
        return param.label_of(value)
    return list(value) if param.kind == "choices" else value


def _normalised(param: state.Param, value: Any) -> Any:
    if param.widget == "tabs":
        return next((o for o in param.options if param.label_of(o) == value), param.default)
    if param.kind == "choices":
        return tuple(o for o in param.options if o in set(value or ()))
    if param.kind in state.RANGE_KINDS:
        return tuple(value) if value is not None else param.full_range
    return value


def view_state(page: str, params: tuple[state.Param, ...], dataset: store.Dataset) -> dict:
    """The page's current values, one per parameter.

    Read from the URL whenever the URL changed from outside (a link was opened, the page was
    reloaded), seeding the widgets' session state and showing notices for what was ignored;
    otherwise from the widgets. The values are also kept apart from the widgets, because
    Streamlit forgets a widget's state in a run that does not draw it (a presentation view
    without filters must still show the filtered view)."""
    query = _current_query()
    kept = st.session_state.setdefault(_VALUES, {}).setdefault(page, {})
    if query != st.session_state.get(_LAST_QUERY, {}).get(page):
        dropped = _dropped_query(query)
        decoded = state.from_query(params, query)
        for param in params:
            st.session_state[widget_key(page, param.key)] = _widget_value(param, decoded.state[param.key])
        kept.clear()
        kept.update(decoded.state)
        st.session_state[f"_notices_{page}"] = [*decoded.notices, *([dropped] if dropped else [])]
        st.session_state[f"_link_version_{page}"] = decoded.version
    values = {}
    for param in params:
        key = widget_key(page, param.key)
        if key not in st.session_state:
            st.session_state[key] = _widget_value(param, kept.get(param.key, param.default))
        values[param.key] = _normalised(param, st.session_state[key])
    kept.update(values)
    for notice in st.session_state.get(f"_notices_{page}", []):
        st.warning(escape_markdown(notice), icon="⚠️")
    link_version = st.session_state.get(f"_link_version_{page}")
    if link_version and link_version != dataset.version:
        st.info(f"This link was made with data version {link_version}; the data has changed since "
                f"(now {dataset.version}). See “What changed” below the chart.", icon="ℹ️")
    return values


def take_pick(page: str, param: state.Param, source: str, picked: str | None) -> None:
    """A record clicked in a chart or selected in a table becomes the parameter's value. Only a
    new pick counts: the chart and the table keep their last selection while the picker may
    have moved on. Call it before the view is read, so this run already shows the pick."""
    last = f"_last_pick_{page}_{source}"
    if picked != st.session_state.get(last):
        st.session_state[last] = picked
        if picked is not None and picked in param.members:
            set_value(page, param.key, picked)


def set_value(page: str, key: str, value: Any) -> None:
    """Set a parameter before its widget is drawn (a chart click choosing a record)."""
    st.session_state[widget_key(page, key)] = value


def query(params: tuple[state.Param, ...], values: dict, dataset: store.Dataset) -> dict[str, list[str]]:
    """The view as a query: defaults left out, data version included."""
    return state.to_query(params, values, version=dataset.version)


def publish(page: str, params: tuple[state.Param, ...], values: dict, dataset: store.Dataset,
            link_box: bool = True) -> str:
    """Write the view to the URL, remember it so the next run knows the URL was written by us,
    and show the permalink. Returns the permalink."""
    query = state.to_query(params, values, version=dataset.version)
    address = _current_query()
    written = st.session_state.setdefault(_LAST_QUERY, {})
    # Writing the query pushes a browser-history entry. A link just opened (the address is not
    # what this session last wrote) that already shows this view is left as it is, so Back
    # leaves the page in one press; every change a user makes afterwards is written.
    if address != written.get(page) and state.shows_the_same_view(params, address, query):
        written[page] = address
    else:
        if query != address:
            st.query_params.from_dict(query)
        written[page] = query
    link = permalink(page, query)
    if not link_box:
        return link
    # Lazy: the link box is built only when opened (the address bar holds the same link).
    box = st.expander("Link to this view", key=f"{page}:link-box", on_change="rerun")
    if box.open:
        with box:
            st.code(link, language=None, wrap_lines=True)
            st.caption("Opening this link restores the page with the same filters.")
    return link


def origin() -> str:
    """The public address when one is set (site.PUBLIC_URL_ENV), else 'http://host:port' of the
    browser session ('' outside one, e.g. under AppTest)."""
    if site.public_url():
        return site.public_url()
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - st.context.url is unavailable outside a browser session
        base = ""
    return "/".join(base.split("/")[:3]) if base.startswith("http") else ""


def permalink(url_path: str, query: dict[str, list[str]]) -> str:
    return state.permalink(origin(), url_path, query)


def metric(label: str, value: Any, delta: str | None = None, help: str | None = None, where=st) -> None:
    """st.metric renders its label, value, delta and help as Markdown: each may hold text from
    the data (a period label, a source title), so each is escaped."""
    where.metric(escape_markdown(str(label)), escape_markdown(str(value)),
                 delta=_escaped_delta(delta) if delta else None, help=escape_markdown(help) if help else None)


def _escaped_delta(delta: str) -> str:
    # Streamlit picks the arrow from a leading minus sign, so the sign stays unescaped (a sign
    # directly before a character starts no Markdown list).
    sign = delta[0] if delta[0] in "+-" else ""
    return sign + escape_markdown(delta[len(sign):])


# ---- widgets --------------------------------------------------------------------------------


def widget(page: str, param: state.Param, where=st, options=None, labels=None, on_change: Callable | None = None):
    """Draw the widget a parameter declares, keyed so `view_state` reads it. `options` and
    `labels` replace the parameter's own where the view narrows them (a picker of the figures
    in view)."""
    key = widget_key(page, param.key)
    options = list(param.options if options is None else options)
    labels = param.labels if labels is None else labels
    label_of = (lambda o: labels.get(o, o)) if labels else str
    # Pills and segmented controls render their option labels as Markdown; a label may come
    # from the data (an area's name), so it goes through the one escaping function.
    markdown_label_of = lambda o: escape_markdown(str(label_of(o)))  # noqa: E731
    common = dict(key=key, help=param.help, on_change=on_change)
    kind = param.widget
    if kind == "slider":
        low, high = param.bounds
        return where.slider(param.label, min_value=low, max_value=high, **common)
    if kind == "multiselect":
        return where.multiselect(param.label, options=options, format_func=label_of,
                                 placeholder=param.placeholder, **common)
    if kind == "pills":
        # The label says how many are chosen once some are (a pills widget keeps its state by key,
        # whatever its label).
        label = state.choices_label(param.label, len(st.session_state.get(key) or ()), len(options))
        return where.pills(label, options=options, format_func=markdown_label_of, selection_mode="multi", **common)
    if kind == "segmented":
        return where.segmented_control(param.label, options=options, format_func=markdown_label_of, required=True, **common)
    if kind == "selectbox":
        return where.selectbox(param.label, options=options, format_func=label_of, **common)
    if kind == "text":
        return where.text_input(param.label, placeholder=param.placeholder, **common)
    if kind == "toggle":
        return where.toggle(param.label, **common)
    if kind == "date":
        low, high = param.bounds
        return where.date_input(param.label, min_value=low, max_value=high, format="YYYY-MM-DD", **common)
    raise ValueError(f"{param.key}: no widget of kind {kind!r}")


def tabs(page: str, param: state.Param) -> dict[str, Any]:
    """Tabs that run lazily: only the open one's content is computed and sent (check `.open`).
    The open tab is a parameter of the view, so a permalink reopens it."""
    containers = st.tabs([param.label_of(o) for o in param.options], key=widget_key(page, param.key),
                         on_change="rerun")
    return dict(zip(param.options, containers))


# ---- charts, tables, downloads --------------------------------------------------------------


def chart(spec: ChartSpec, key: str, on_select: Callable | str = "ignore", heading: bool = False):
    """The chart from its Vega-Lite dict: no Altair object and no second conversion. Its title
    is the page's to write (`heading`: as a subheader and caption above it), so it wraps."""
    if heading and spec.title:
        st.subheader(escape_markdown(spec.title))
        if spec.subtitle:
            st.caption(escape_markdown(spec.subtitle))
    selecting = on_select != "ignore" and spec.selection is not None
    phone = is_phone()
    if phone:
        spec = charts.variant(spec, "phone")
    drawn = charts.for_phone(spec.streamlit_spec) if phone else spec.streamlit_spec
    event = st.vega_lite_chart(
        drawn, width="stretch", height=spec.height or "content", key=key,
        on_select=on_select if selecting else "ignore",
        selection_mode=[spec.selection] if selecting else None,
    )
    if spec.note:
        st.caption(escape_markdown(spec.note))
    if spec.description:
        # The chart in words, for a screen reader and for anyone who cannot see the marks.
        st.caption(escape_markdown(f"In words: {spec.description}"))
    return event


def chart_with_images(spec: ChartSpec, page: str, description: str, key: str, version: str = "",
                      caption: str = "") -> None:
    """The chart under its heading and over its source line, its PNG/SVG downloads, then a
    caption (plain text)."""
    chart(spec, key=key, heading=True)
    if spec.source_note:
        st.caption(escape_markdown(spec.source_note))
    chart_downloads(spec, page, description, key=f"{key}-image", version=version)
    if caption:
        st.caption(escape_markdown(caption))


def chart_downloads(spec: ChartSpec, page: str, description: str, key: str, version: str = "") -> None:
    """PNG and SVG of the chart at 16:9 (1920×1080) and 4:3 (1440×1080), with the full source
    line inside the image, each drawn only on a click."""
    buttons = (("Chart as PNG", "png", "16:9", export.chart_png, "image/png"),
               ("Chart as SVG", "svg", "16:9", export.chart_svg, "image/svg+xml"),
               ("PNG, 4:3", "png", "4:3", export.chart_png, "image/png"),
               ("SVG, 4:3", "svg", "4:3", export.chart_svg, "image/svg+xml"))
    for column, (label, extension, size, draw, mime) in zip(st.columns(len(buttons)), buttons):
        pixels = "x".join(str(n) for n in export.IMAGE_SIZES[size])
        column.download_button(label, lambda draw=draw, size=size: draw(export.image_spec(spec, size)),
                               file_name=export.file_name(page, description, extension, version, size=pixels),
                               mime=mime, key=f"{key}-{extension}-{size}", on_click="ignore")


def table(rows: Table | pd.DataFrame, **options):
    """st.dataframe with the house defaults: no index, full width, dates shown as dates, decimals
    with thousands separators, missing cells blank, the view's column headings; a note when only
    the first rows are shown. The frame goes to Streamlit as it is (no copy, no Styler)."""
    shown = rows if isinstance(rows, Table) else Table(rows, len(rows))
    frame = shown.frame
    labels = column_labels(frame.columns, shown.labels)
    result = st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config(frame, labels),
                          placeholder="", **options)
    if shown.caption:
        st.caption(shown.caption)
    return result


def column_config(frame: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    """Streamlit's column formats for `views.column_formats`, headed by `labels`."""
    config: dict[str, Any] = {}
    for name, kind in column_formats(frame).items():
        if kind == "date":
            config[name] = st.column_config.DateColumn(labels[name], format="YYYY-MM-DD")
        elif kind == "decimal":
            config[name] = st.column_config.NumberColumn(labels[name], format="localized")
        else:
            config[name] = labels[name]
    return config


def coverage_grid(rows: Table) -> None:
    """The coverage grid: one narrow text column per year, the row's labels pinned at the left.
    Its cells say what they hold in words (coverage.LEGEND); they are not coloured, because a
    pandas Styler formats every cell again on each rerun (half of the Data page's time)."""
    frame = rows.frame
    years = [c for c in frame.columns if str(c).isdigit()]
    labels = column_labels(frame.columns, rows.labels)
    config = {name: st.column_config.TextColumn(labels[name], width="small" if name in years else None,
                                                pinned=name not in years)
              for name in frame.columns}
    # Every row on screen at once (35 px a row, plus the header): a gap hidden by scrolling is
    # not a gap anyone sees.
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, height=35 * (len(frame) + 1) + 3)


def section(part: Section, heading: bool = True) -> None:
    """A part of a page (headed, unless it sits in a tab of its name): its chart, its table, or
    why there is none."""
    if heading:
        st.header(part.heading)
    if part.caption:
        st.caption(escape_markdown(part.caption))
    if part.is_empty:
        st.info(escape_markdown(part.empty))
        return
    if part.chart is not None:
        chart(part.chart, key=f"{part.key}-chart")
    if part.table is not None and not part.table.empty:
        table(part.table)
    if part.footnote:
        st.caption(escape_markdown(part.footnote))


def comparison(result) -> None:
    """Two periods compared: the figures, the chart and where both come from; or why not."""
    if result.message:
        st.info(escape_markdown(result.message), icon="ℹ️")
        return
    # Ranges are long: two to a row, so none is cut.
    for start in range(0, len(result.figures), 2):
        for column, (label, text) in zip(st.columns(2), result.figures[start:start + 2]):
            metric(label, text, where=column)
    chart(result.chart, key="comparison-chart")
    st.caption(escape_markdown(result.sources))


def record_card(card: RecordCard | None) -> None:
    """One figure or milestone read in full, every string from the data escaped."""
    if card is None:
        return
    with st.container(border=True):
        title = f"**{escape_markdown(card.title)}**"
        st.markdown(title + (f" · {escape_markdown(card.subtitle)}" if card.subtitle else ""))
        for line in card.lines:
            st.caption(escape_markdown(line))
        if card.body:
            st.markdown(escape_markdown(card.body))
        if card.facts:
            st.markdown("  \n".join(f"**{escape_markdown(k)}:** {escape_markdown(v)}" for k, v in card.facts))
        if card.sentence:
            st.caption("The sentence it comes from:")
            st.text(card.sentence)
        if card.source_markdown:
            st.markdown(card.source_markdown)
        if card.article_link:
            link(card.article_link)
        for note in card.notes:
            st.caption(escape_markdown(note))


def csv_downloads(download: Download, link: str, dataset: store.Dataset, key: str) -> None:
    """Every row in view as CSV, or as a zip with a README naming the view: built on a click."""
    left, right = st.columns(2)
    left.download_button(download.button_label, download.csv, file_name=download.file_name,
                         mime="text/csv", key=f"{key}-csv", on_click="ignore")
    right.download_button(
        "Same rows as zip with README",
        lambda: export.filtered_zip(download.csv(), download.file_name, download.description, link, dataset.version),
        file_name=download.file_name.replace(".csv", ".zip"), mime="application/zip", key=f"{key}-zip",
        on_click="ignore",
    )


def changes_since_link(dataset: store.Dataset, page: str, rows, id_column: str) -> None:
    """When the page was opened from a link made with another data version, list what changed
    since then among the rows in view (`rows[id_column]`, taken out only then: a million ids
    are not copied on every rerun)."""
    old = st.session_state.get(f"_link_version_{page}")
    if not old or old == dataset.version:
        return
    with st.expander(f"What changed since data version {old}"):
        changes = history.changes(data_dir(), old, dataset.version, set(rows[id_column]))
        if changes is None:
            st.write(f"Version {old} is not in this dataset's history, so the rows it held cannot be compared.")
        elif changes.empty:
            st.write("None of the rows in view changed.")
        else:
            table(changes)


def link(target: Link) -> None:
    """A link to another page's view. Inside the app (same tab, same session) when the page is
    registered by dashboard.py; a page run on its own (AppTest) gets a Markdown permalink."""
    from streamlit.errors import StreamlitPageNotFoundError

    query = {k: list(v) for k, v in target.query.items()}
    try:
        st.page_link(site.BY_PATH[target.page].file, label=escape_markdown(target.label), query_params=query)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{escape_markdown(target.label)}]({state.permalink('', target.page, query)})")


def search_box(page: str) -> None:
    """A box that opens the Search page with its words (Enter or the button): a form, so the
    words act once, not on every later run of this page."""
    with st.form(f"{page}-search", border=False, enter_to_submit=True):
        words_typed = st.text_input("Search everything", placeholder="e.g. first visit, Middle Corridor, visa, SCO",
                                    key=f"{page}-search-words")
        submitted = st.form_submit_button("Search", icon=":material/search:")
    if submitted and words_typed.strip():
        from streamlit.errors import StreamlitPageNotFoundError

        query = {"q": words_typed.strip()[: state.MAX_TEXT_LENGTH]}
        try:
            st.switch_page(site.BY_PATH["search"].file, query_params=query)
        except StreamlitPageNotFoundError:  # a page run on its own (AppTest): a link instead
            link(Link("search", f"Search for “{query['q']}”", {"q": [query["q"]]}))


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def current_access() -> access.Access:
    """This session's access, from the identity Streamlit read on the server from its signed
    cookie (st.user) and the server's configuration: asked again at every write."""
    return access.decide(_secrets(), st.user.to_dict())


def _widgets_sent() -> list[str]:
    """The ids of the widgets whose values this session's client sent for this run. Streamlit has
    no public API for this; it keeps the values it received in the session state's
    `_new_widget_state` until the run ends (tests/test_streamlit_contract.py fails if that
    changes, and tests/test_review_protocol.py checks the behaviour with a real client)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return []
    return list(ctx.session_state._state._new_widget_state.states)


def _log_refused(who: access.Access, what: str) -> None:
    address = st.context.ip_address  # None on localhost (Streamlit's docs)
    _WRITES_LOG.warning("Refused %s from %s (%s%s); nothing was written", what, who.who, who.reason,
                        f"; client {address}" if address else "")


def sign_in_panel() -> access.Access:
    """Say who may change the data here and offer to sign in or out; returns the session's access."""
    who = current_access()
    if not who.configured:
        st.info("Read-only: editing is turned off on this server. An operator turns it on by configuring "
                "sign-in and the editors' addresses (README, “Who can change the data”); the command line "
                "(`python -m tradeviz add-article`) works where the data folder is.", icon="🔒")
    elif not who.identity:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.info("Read-only. Editors sign in to accept, correct or reject candidates.", icon="🔒")
        if right.button("Sign in", key="review-sign-in"):
            st.login(access.provider_name(_secrets()))
    else:
        left, right = st.columns([4, 1], vertical_alignment="center")
        if who.editor:
            left.caption(f"Signed in as {escape_markdown(who.identity)}, an editor: each decision you save is "
                         "recorded under this address.")
        else:
            left.warning(f"Read-only: {escape_markdown(who.reason)}. An operator can add the address to the "
                         "editors.", icon="🔒")
        if right.button("Sign out", key="review-sign-out"):
            st.logout()
    return who


# The keys of the editor's widgets carry the revision the rows were opened at and the card's
# number; a session that is not an editor's never draws them, so values sent for them are refused.
REVIEW_EDITOR_KEYS = ("review-decision:", "review-correct:", "review-field:")
REVIEW_DATES = (dt.date(1990, 1, 1), dt.date(2045, 12, 31))
EVENT_STATUS_COLOURS = {"planned": "orange", "occurred": "blue"}
DECIDED_COLOURS = {"accepted": "green", "rejected": "red"}


def review(shown, folder: Path, areas: dict[str, str], events: dict[str, str], view_key: str,
           who: access.Access) -> None:
    """The candidates as cards: each in words beside its sentence. An editor decides each with one
    click (Accept or Reject), may correct its fields first, and saves; Save says what it will do
    or what it still needs. Anyone else sees the same cards with no controls. A save applies only
    the candidates of the rows the server handed out, by their ids, against the revision they
    were opened at (tradeviz.review.save), so a save that crosses another is refused, not lost;
    whether it may happen is asked again from the session's identity at the moment of the write."""
    from tradeviz import review as review_writes
    from tradeviz.views import review as view

    if "review-saved" in st.session_state:
        st.success(escape_markdown(st.session_state.pop("review-saved")), icon=":material/check_circle:")
    if shown.problem:
        st.error(escape_markdown(shown.empty_reason), icon="⚠️")
        return
    if shown.empty_reason:
        st.info(escape_markdown(shown.empty_reason), icon="📝")
        return
    # The rows as they were when the page opened, and their revision, kept on the server: each
    # card's candidate id comes from here, never from the client, and the cards stay until a save
    # even if another reviewer's save changes the file meanwhile (theirs show after ours).
    base_key = f"review-base:{view_key}"
    base, rows = st.session_state.setdefault(base_key, (shown.revision, shown.rows))
    st.caption(escape_markdown(shown.count_text))
    shown_cards = view.cards(rows)
    if not who.editor:
        for card in shown_cards:
            _review_card(card, areas, events, None)
        # A client may still send values for the editor's widgets (their ids are easy to learn);
        # Streamlit drops values for widgets this run does not draw, and the attempt is logged.
        sent = [widget for widget in _widgets_sent()
                if widget.endswith("-review-save") or any(f"-{key}" in widget for key in REVIEW_EDITOR_KEYS)]
        if sent:
            _log_refused(who, f"a Review save (values for {', '.join(w.split('-', 2)[-1] for w in sent)})")
            st.error("Not saved: only signed-in editors change the data.", icon="🔒")
        return
    chosen = {}
    for card in shown_cards:
        decision, values = _review_card(card, areas, events, base)
        if decision in view.DECISIONS:
            chosen[card.candidate_id] = {"status": decision, **values}
    ready = view.save_state(chosen, shown_cards, areas)
    # The save bar stays in view at the foot of the window while the cards scroll.
    with st.bottom, st.container(key="review-savebar"):
        left, right = st.columns([1, 4], vertical_alignment="center")
        clicked = left.button("Save decisions", key="review-save", type="primary", disabled=not ready.ready,
                              width="stretch")
        right.markdown(escape_markdown(ready.message))
    if not clicked:
        return
    now = current_access()
    if not now.editor:
        _log_refused(now, f"a Review save of {len(chosen)} decision(s)")
        st.error("Not saved: only signed-in editors change the data.", icon="🔒")
        return
    try:
        review_writes.save(folder, chosen, base, now.identity)
    except review_writes.ReviewConflict as conflict:
        st.session_state.pop(base_key, None)
        st.error(escape_markdown(str(conflict)), icon="⚠️")
        return
    except review_writes.ReviewFailed as failure:
        st.error("Not saved: the accepted rows do not build.\n\n"
                 + "\n".join(f"- {escape_markdown(str(p))}" for p in failure.problems[:10]), icon="⚠️")
        return
    _WRITES_LOG.info("%s saved %d decision(s) on the Review page", now.identity, len(chosen))
    st.session_state.pop(base_key, None)
    st.session_state["review-saved"] = f"Saved {len(chosen)} decision(s) by {now.identity}; the dataset is rebuilt."
    st.rerun()


def _review_card(card, areas: dict[str, str], events: dict[str, str],
                 base: str | None) -> tuple[str | None, dict[str, str]]:
    """One candidate: what it proposes in words, its sentence beside it, and for an editor
    (`base`, the revision the rows were opened at) the decision and the corrections. Returns the
    decision and the fields as they now stand."""
    from tradeviz.views import review as view

    values = dict(card.values)
    decision = None
    with st.container(border=True, key=f"review-card-{card.number}"):
        what, sentence, act = st.columns([5, 6, 3], gap="medium")
        corrections = st.container()
        with act:
            if base is not None and card.status == "candidate":
                decision = st.segmented_control("Decision", view.DECISIONS, format_func=view.DECISION_LABELS.get,
                                                key=f"review-decision:{base}:{card.number}")
                if st.toggle("Correct the fields", key=f"review-correct:{base}:{card.number}",
                             help="Change what was read from the sentence before accepting it."):
                    with corrections:
                        values.update(_review_fields(card, areas, events, base))
            elif card.status == "candidate":
                st.badge(view.STATUS_LABELS["candidate"], color="gray")
            else:
                st.badge(view.STATUS_LABELS.get(card.status, card.status), color=DECIDED_COLOURS.get(card.status, "gray"))
                st.caption(escape_markdown(card.decided))
        with what:
            line = f":gray-badge[{card.kind_label}]"
            if card.kind == "event":
                status = values.get("event_status", "")
                line += (f" :{EVENT_STATUS_COLOURS.get(status, 'gray')}-badge"
                         f"[{view.EVENT_STATUS_LABELS.get(status, 'Status not stated')}]")
            st.markdown(f"{line} :small[:gray[#{card.number} · {escape_markdown(card.candidate_id)}]]")
            st.markdown(f"**{escape_markdown(view.heading(card.kind, values))}**  \n"
                        + "  \n".join(f":gray[{label}] {escape_markdown(text)}"
                                       for label, text in view.facts(card.kind, values, areas, events)))
        with sentence:
            st.caption("The article's sentence")
            st.markdown("> " + escape_markdown(card.sentence.replace("\n", " ")) if card.sentence.strip()
                        else ":gray[(no sentence)]")
        if decision == "accepted":
            missing = view.needs(card.kind, values, areas)
            if missing:
                st.warning("To accept it, give it " + escape_markdown(view.and_list(missing)) + ".", icon="✏️")
    return decision, values


def _review_fields(card, areas: dict[str, str], events: dict[str, str], base: str) -> dict[str, str]:
    """The widgets that correct a card's fields, three to a row; returns the fields' values."""
    from tradeviz.views import review as view

    out = {}
    fields = card.fields
    for start in range(0, len(fields), 3):
        for column, spec in zip(st.columns(3), fields[start:start + 3]):
            key = f"review-field:{base}:{card.number}:{spec.name}"
            current = card.values.get(spec.name, "")
            if spec.kind == "choice":
                options = list(spec.options) + ([current] if current not in spec.options else [])
                out[spec.name] = column.selectbox(spec.label, options, index=options.index(current),
                                                  format_func=spec.label_of, key=key, help=spec.help)
            elif spec.kind == "date":
                try:
                    value = dt.date.fromisoformat(current) if current else None
                except ValueError:
                    value = None
                chosen = column.date_input(spec.label, value=value, min_value=REVIEW_DATES[0],
                                           max_value=REVIEW_DATES[1], format="YYYY-MM-DD", key=key, help=spec.help)
                out[spec.name] = chosen.isoformat() if isinstance(chosen, dt.date) else ""
            elif spec.kind == "areas":
                chosen_areas = view.split_areas(current)
                options = list(areas) + [a for a in chosen_areas if a not in areas]
                picked = column.multiselect(spec.label, options, default=chosen_areas,
                                            format_func=lambda a: areas.get(a, f"{a} (not on the list)"), key=key,
                                            help=spec.help)
                out[spec.name] = view.join_areas(picked)
            elif spec.kind == "event":
                options = ["", *events, *([current] if current and current not in events else [])]
                out[spec.name] = column.selectbox(
                    spec.label, options, index=options.index(current), key=key, help=spec.help,
                    format_func=lambda k: events.get(k, k) if k else view.OWN_EVENT)
            else:
                out[spec.name] = column.text_input(spec.label, value=current, key=key, help=spec.help).strip()
    return out


# ---- presenting: decks, slides, stories ----------------------------------------------------------

# Presenting hides Streamlit's chrome (sidebar, header, toolbar) and letters the slide for the
# back of a room. Our own fixed style sheet: no text from the data is ever part of it.
PRESENT_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"],
[data-testid="stElementToolbar"], .vega-embed .vega-actions, .vega-embed > details {display: none !important;}
.stMainBlockContainer, .block-container {padding: 1.2rem 2.5rem 0.4rem !important; max-width: 100% !important;}
.st-key-slide h1 {font-size: 3.2rem !important; line-height: 1.15 !important; padding: 0 0 0.3rem !important;}
.st-key-slide p, .st-key-slide li {font-size: 1.7rem !important; line-height: 1.35 !important;}
.st-key-slide [data-testid="stMetricValue"], .st-key-slide [data-testid="stMetricValue"] * {font-size: 4.2rem !important;}
.st-key-slide [data-testid="stMetricLabel"], .st-key-slide [data-testid="stMetricLabel"] * {font-size: 1.6rem !important;}
.st-key-slide [data-testid="stMetricDelta"], .st-key-slide [data-testid="stMetricDelta"] * {font-size: 1.5rem !important;}
.st-key-slide [data-testid="stCaptionContainer"] p {font-size: 1.25rem !important;}
.st-key-steps-hidden {display: none !important;}
</style>"""
# Keys a presentation clicker or keyboard sends: Right, PageDown and Space go on; Left and
# PageUp go back; Esc leaves.
NEXT_KEYS, PREVIOUS_KEYS, LEAVE_KEY = ("Right", "PageDown", "Space"), ("Left", "PageUp"), "Esc"


def present_style() -> None:
    st.html(PRESENT_STYLE)


def steps(page: str, key: str, previous: Any, following: Any, leave: tuple[str, Any] | None = None,
          labels: tuple[str, str] = ("← Previous", "Next →")) -> None:
    """Previous / Next buttons that set parameter `key` to `previous` / `following` (None: no
    such step), answering the keys a presenter uses; `leave` = (parameter, value) for Esc."""
    left, right, rest = st.columns([1, 1, 5])
    left.button(labels[0], key=f"{page}-{key}-previous", disabled=previous is None, shortcut=PREVIOUS_KEYS[0],
                on_click=set_value, args=(page, key, previous))
    right.button(labels[1], key=f"{page}-{key}-next", disabled=following is None, shortcut=NEXT_KEYS[0],
                 on_click=set_value, args=(page, key, following))
    if leave is not None:
        rest.button("Leave (Esc)", key=f"{page}-{key}-leave", shortcut=LEAVE_KEY, on_click=set_value,
                    args=(page, *leave))
    # The other keys, on buttons nobody sees (a button takes one shortcut).
    with st.container(key="steps-hidden"):
        for shortcut in NEXT_KEYS[1:]:
            st.button(f"next {shortcut}", key=f"{page}-{key}-next-{shortcut}", disabled=following is None,
                      shortcut=shortcut, on_click=set_value, args=(page, key, following))
        for shortcut in PREVIOUS_KEYS[1:]:
            st.button(f"previous {shortcut}", key=f"{page}-{key}-previous-{shortcut}", disabled=previous is None,
                      shortcut=shortcut, on_click=set_value, args=(page, key, previous))


SLIDE_WIDTH = {"1080": 1840, "720": 1200}


def slide(shown, position: str, screen: str, source_note: str, chart_height: int) -> None:
    """One slide: title, takeaway, the chart (or figures, or lines), the card of a story, the
    source line and where the slide stands. Every text from the data is escaped."""
    if shown is None:
        st.info("This deck has no slides yet: add views from any page with “Add to the briefing deck”.")
        return
    with st.container(key="slide"):
        st.markdown(f"# {escape_markdown(shown.title)}")
        if shown.takeaway:
            st.markdown(escape_markdown(shown.takeaway))
        if shown.problem:
            st.warning(escape_markdown(shown.problem), icon="⚠️")
        if shown.figures:
            for column, (label, value, change) in zip(st.columns(len(shown.figures)), shown.figures):
                metric(label, value, delta=change or None, where=column)
        if shown.card is not None:
            card = shown.card
            facts = " · ".join(f"{k}: {v}" for k, v in card.facts)
            st.markdown(escape_markdown(" · ".join(x for x in (card.subtitle, facts) if x)))
            if card.sentence:
                st.caption(escape_markdown(f"“{card.sentence}”"))
            if card.article_link:
                link(card.article_link)
        if shown.chart is not None:
            # A chart as tall as the slide leaves it, or as its own content needs, whichever is
            # less (a timeline sizes itself by its rows within that height: for_slide).
            own = shown.chart.spec.get("height") if isinstance(shown.chart.spec.get("height"), int) else None
            natural = (shown.chart.spec.get("usermeta") or {}).get("natural_height")
            height = chart_height - (150 if shown.figures else 0) - (160 if shown.card else 0)
            if own and not natural:
                height = min(height, int(own * 1.6) + 170)
            chart(charts.for_slide(shown.chart, SLIDE_WIDTH[screen], height), key="slide-chart")
        for item in shown.items:
            st.markdown(f"- {escape_markdown(item)}")
        if shown.chart is None and source_note:
            st.caption(escape_markdown(source_note))
        st.caption(position)


def add_to_deck(page: str, params: tuple[state.Param, ...], values: dict, dataset: store.Dataset) -> None:
    """“Add to the briefing deck”: this view becomes the deck's last slide (the deck this
    session last showed, or the default one); then a link opens the deck."""
    from tradeviz.views import deck

    deck_params = deck.params(dataset)
    current = st.session_state.get(DECK_LINKS, deck.DEFAULT_DECK)
    this = deck.link_of(page, state.to_query(params, values))
    clicked = st.button("Add this view to the briefing deck", key=f"{page}-add-to-deck", icon=":material/add:")
    if clicked:
        current = deck.added(tuple(current), this)
        st.session_state[DECK_LINKS] = current
        st.session_state[f"{page}-added"] = this
    if st.session_state.get(f"{page}-added") == this:
        link(Link(deck.PAGE, f"Open the briefing deck ({words.plural(len(current), 'slide')})",
                  deck.deck_query(deck_params, tuple(current), at=len(current))))


DECK_LINKS = "_tradeviz_deck_links"


def remember_deck(links: tuple[str, ...]) -> None:
    st.session_state[DECK_LINKS] = tuple(links)



def set_values(page: str, values: dict) -> None:
    for key, value in values.items():
        set_value(page, key, value)


def deck_list(page: str, shown) -> None:
    """The deck's slides in order, each with its takeaway, a link to its view and buttons to
    move it up or down or take it out."""
    from tradeviz.views import deck

    links = shown.links
    for index, item in enumerate(shown.slides):
        with st.container(border=True):
            head, up, down, out = st.columns([12, 1, 1, 1])
            head.markdown(f"**{index + 1}. {escape_markdown(item.title)}**")
            if item.takeaway:
                head.caption(escape_markdown(item.takeaway))
            if item.problem:
                head.warning(escape_markdown(item.problem), icon="⚠️")
            target_page, query = deck.split_link(item.link)
            if target_page in site.BY_PATH:
                with head:
                    link(Link(target_page, "Open this view", query))
            up.button("↑", key=f"{page}-up-{index}", help="Move up", disabled=index == 0,
                      on_click=set_value, args=(page, "s", deck.moved(links, index, -1)))
            down.button("↓", key=f"{page}-down-{index}", help="Move down", disabled=index == len(links) - 1,
                        on_click=set_value, args=(page, "s", deck.moved(links, index, 1)))
            out.button("✕", key=f"{page}-out-{index}", help="Take out of the deck",
                       on_click=set_value, args=(page, "s", deck.removed(links, index)))
    st.button("Start again from the default deck", key=f"{page}-reset", on_click=set_values,
              args=(page, {"s": deck.DEFAULT_DECK, "at": 1}))


def pack_downloads(shown, dataset: store.Dataset) -> None:
    """The briefing pack of this deck, as one self-contained HTML file and as a PDF, each
    built only on a click."""
    from tradeviz.views import pack

    st.subheader("Briefing pack")
    st.caption("The deck's key figures, charts, milestones and numbered sources with their addresses, the "
               "permalinks and the data version, in one file that needs no network.")
    link_base, public = origin(), bool(site.public_url())
    if not public:
        st.caption(escape_markdown(pack.LOCAL_LINKS.format(origin=link_base or "this computer")))
    left, right = st.columns(2)
    left.download_button("Briefing pack (HTML)",
                         lambda: pack.html(dataset, shown.slides, link_base, public).encode("utf-8"),
                         file_name=f"tradeviz-briefing-v{dataset.version}.html", mime="text/html",
                         key="pack-html", on_click="ignore", icon=":material/download:")
    right.download_button("Briefing pack (PDF)", lambda: pack.pdf(dataset, shown.slides, link_base, public),
                          file_name=f"tradeviz-briefing-v{dataset.version}.pdf", mime="application/pdf",
                          key="pack-pdf", on_click="ignore", icon=":material/picture_as_pdf:")


def leave_presentation(page: str) -> None:
    st.button("Leave the presentation view (Esc)", key=f"{page}-leave-present", shortcut=LEAVE_KEY,
              on_click=set_value, args=(page, "present", False))


def is_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its user agent, the marker browsers
    agree on): filters then fold into one expander, so the chart comes first on a small screen."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # noqa: BLE001 - no headers outside a browser session
        agent = ""
    return "Mobi" in agent


# On every screen: a link to a page (a search hit's title) wraps onto more lines rather than
# being cut at the edge.
PAGE_STYLE = """<style>
[data-testid="stPageLink-NavLink"], [data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] p
{white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important;}
</style>"""
# On a phone: the page's side margins go to the charts; tabs wrap onto a second row instead of
# running off the screen's right edge.
PHONE_STYLE = """<style>
.stMainBlockContainer, .block-container {padding-left: 0.5rem !important; padding-right: 0.5rem !important;}
[data-testid="stTabs"] [role="tablist"] {flex-wrap: wrap !important; overflow: visible !important; row-gap: 0.2rem;}
</style>"""


def phone_style() -> None:
    """The page's own style on every screen, and on a phone the phone's."""
    st.html(PAGE_STYLE + (PHONE_STYLE if is_phone() else ""))


def filters_box():
    """Where a page's filters go: a bordered box, or on a phone one closed expander."""
    if is_phone():
        return st.expander("Filters", expanded=False, icon=":material/tune:")
    return st.container(border=True)
