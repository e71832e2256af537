"""A view's parts drawn: charts with their image downloads, tables, sections, cards, CSV downloads."""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd
import streamlit as st

from tradeviz import charts, export, history, store
from tradeviz.charts import ChartSpec
from tradeviz.markdown import joined, md
from tradeviz.ui import text
from tradeviz.ui.style import is_phone
from tradeviz.ui.url_state import link, link_version
from tradeviz.views import Download, RecordCard, Section, Table, column_formats, column_labels


def chart(spec: ChartSpec, key: str, on_select: Callable | str = "ignore", heading: bool = False):
    """The chart from its Vega-Lite dict: no Altair object and no second conversion. Its title
    is the page's to write (`heading`: as a subheader and caption above it), so it wraps."""
    if heading and spec.title:
        text.subheader(spec.title)
        if spec.subtitle:
            text.caption(spec.subtitle)
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
        text.caption(spec.note)
    if spec.description:
        # The chart in words, for a screen reader and for anyone who cannot see the marks.
        text.caption(f"In words: {spec.description}")
    return event


def chart_with_images(spec: ChartSpec, page: str, description: str, key: str, version: str = "",
                      caption: str = "") -> None:
    """The chart under its heading and over its source line, its PNG/SVG downloads, then a
    caption (plain text)."""
    chart(spec, key=key, heading=True)
    if spec.source_note:
        text.caption(spec.source_note)
    chart_downloads(spec, page, description, key=f"{key}-image", version=version)
    if caption:
        text.caption(caption)


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
        text.caption(part.caption)
    if part.is_empty:
        text.info(part.empty)
        return
    if part.chart is not None:
        chart(part.chart, key=f"{part.key}-chart")
    if part.table is not None and not part.table.empty:
        table(part.table)
    if part.footnote:
        text.caption(part.footnote)


def comparison(result) -> None:
    """Two periods compared: the figures, the chart and where both come from; or why not."""
    if result.message:
        text.info(result.message, icon="ℹ️")
        return
    # Ranges are long: two to a row, so none is cut.
    for start in range(0, len(result.figures), 2):
        for column, (label, figure) in zip(st.columns(2), result.figures[start:start + 2]):
            text.metric(label, figure, where=column)
    chart(result.chart, key="comparison-chart")
    text.caption(result.sources)


def record_card(card: RecordCard | None) -> None:
    """One figure or milestone read in full, every string from the data escaped."""
    if card is None:
        return
    with st.container(border=True):
        title = md("**{}**", card.title)
        text.markdown(md("{} · {}", title, card.subtitle) if card.subtitle else title)
        for line in card.lines:
            text.caption(line)
        if card.body:
            text.markdown(card.body)
        if card.facts:
            text.markdown(joined("  \n", (md("**{}:** {}", name, value) for name, value in card.facts)))
        if card.sentence:
            st.caption("The sentence it comes from:")
            st.text(card.sentence)
        if card.source_markdown:
            text.markdown(card.source_markdown)   # Markdown: provenance.source_line escaped its text
        if card.article_link:
            link(card.article_link)
        for note in card.notes:
            text.caption(note)


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
    old = link_version(page)
    if not old or old == dataset.version:
        return
    with st.expander(f"What changed since data version {old}"):
        changes = history.changes(store.data_dir(), old, dataset.version, set(rows[id_column]))
        if changes is None:
            st.write(f"Version {old} is not in this dataset's history, so the rows it held cannot be compared.")
        elif changes.empty:
            st.write("None of the rows in view changed.")
        else:
            table(changes)
