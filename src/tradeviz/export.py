"""Exports: spreadsheet-safe CSV of exactly the rows in view, zips with a README, chart images."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from tradeviz import charts, coverage, schema, store

# OWASP CSV injection: a cell that begins with one of these can start a formula in Excel,
# LibreOffice or Google Sheets. Prefixing a single quote makes the spreadsheet show it as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
UNIT_LABELS = {"usd_million": "USD million", "cny_million": "CNY million", "rank": "rank", "percent": "percent",
               "count": "count", "thousand_tonnes": "thousand tonnes", "teu": "TEU (twenty-foot containers)",
               "megawatt": "megawatts", "multiple": "times", "per_week": "a week"}
LABELS = {"flow": schema.FLOW_LABELS, "reporter": schema.REPORTER_LABELS, "unit": UNIT_LABELS}
# Excel on Windows reads a CSV as UTF-8 only when it starts with a byte-order mark; without it,
# "Jan–Mar" arrives as "Janâ€“Mar". Other spreadsheets and pandas (encoding="utf-8-sig") accept it.
BOM = "\ufeff"
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)  # zips of the same data are byte-identical


def neutralise(cell: str) -> str:
    """Prefix a quote to a text cell a spreadsheet would read as a formula."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _cell(value) -> str:
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""  # missing, or no bound on that side (a "more than" figure has no upper end)
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return neutralise("; ".join(str(v) for v in items))
    if pd.isna(value):
        return ""
    return neutralise(str(value))


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Place a human label column right after each code column (flow -> flow_label)."""
    out = frame.copy()
    for column, labels in LABELS.items():
        if column in out.columns and f"{column}_label" not in out.columns:
            position = out.columns.get_loc(column) + 1
            out.insert(position, f"{column}_label", out[column].map(labels))
    return out


def to_csv(frame: pd.DataFrame, truncated_at: int | None = None) -> bytes:
    """UTF-8 CSV with a byte-order mark, a header and CRLF line ends (RFC 4180). Text cells that
    could start a formula are neutralised; numeric columns are written as numbers. If the
    export was cut at `truncated_at` rows, a last line says so."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    if truncated_at is not None:
        writer.writerow([f"# truncated: only the first {truncated_at} rows are included"])
    return buffer.getvalue().encode("utf-8")


SLUG_CHARACTERS = 80


def slug(text: str) -> str:
    # Strip again after the cut: a separator at character 80 must not leave a trailing hyphen.
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:SLUG_CHARACTERS].strip("-") or "all"


def file_name(page: str, description: str, extension: str = "csv", version: str = "", size: str = "") -> str:
    """'tradeviz-trade-turnover-2019-2025-full-years-1920x1080-v08c6dc74e9.png' from the page, the
    view's description, the image's size (if any) and the data version (which says what data the
    file holds). Only the description is ever shortened, and then a short hash of it whole keeps
    two views apart: the size, the version and the extension always end the name, so no two
    exports of different views, sizes or formats share one."""
    described = re.sub(r"[^a-z0-9]+", "-", description.lower()).strip("-")
    short = slug(description)
    if short != (described or "all"):
        short += "-" + hashlib.sha256(description.encode("utf-8")).hexdigest()[:8]
    tail = "".join(f"-{part}" for part in (slug(size) if size else "", f"v{slug(version)}" if version else "") if part)
    return f"tradeviz-{slug(page)}-{short}{tail}.{extension}"


def filtered_zip(csv_bytes: bytes, csv_name: str, description: str, permalink: str, version: str) -> bytes:
    readme = (
        f"# tradeviz export\n\n"
        f"- View: {description}\n- Permalink: {permalink}\n- Data version: {version}\n\n"
        f"`{csv_name}` holds exactly the rows the page showed. Text cells that a spreadsheet could read\n"
        f"as a formula start with a single quote. See the dataset README for column meanings.\n"
    )
    return _zip({csv_name: csv_bytes, "README.md": readme.encode("utf-8")})


def dataset_readme(version: str, sources: pd.DataFrame, coverage_lines: list[str] | tuple[str, ...] = ()) -> str:
    lines = [f"# tradeviz dataset, version {version}", "",
             "Relations between Azerbaijan and China: trade figures, milestones, policy areas and",
             "their source articles. Every row carries its source (`source_id`, see sources.csv).", ""]
    for table in schema.TABLES.values():
        lines += [f"## {table.name}", "", table.description, "", "| column | type | meaning / allowed values |",
                  "|---|---|---|"]
        for column in table.columns:
            meaning = column.description
            if column.allowed:
                meaning = (meaning + "; " if meaning else "") + "one of " + ", ".join(column.allowed)
            lines.append(f"| {column.name} | {column.type}{'' if column.required else ' (may be empty)'} | {meaning} |")
        lines.append("")
    lines += ["Units: `usd_million` is millions of current US dollars (goods, not inflation-adjusted);",
              "`qualifier` says whether a value is exact, approximate (~) or a bound (> / <).", ""]
    lines += list(coverage_lines)
    lines += ["## Sources", ""]
    for row in sources.itertuples(index=False):
        lines.append(f"- {row.source_id}: {row.title} ({row.published_label}) {row.url if isinstance(row.url, str) else ''}".rstrip())
    return "\n".join(lines) + "\n"


def dataset_zip(tables: dict[str, pd.DataFrame], data_dir: Path, version: str) -> bytes:
    files = {f"csv/{name}.csv": to_csv(with_labels(frame)) for name, frame in sorted(tables.items())}
    for name in sorted(tables):
        path = store.parquet_path(data_dir, name)
        if path.exists():
            files[f"parquet/{name}.parquet"] = path.read_bytes()
    found = coverage.readme_section(tables["trade"], tables["sources"])
    files["README.md"] = dataset_readme(version, tables["sources"], found).encode("utf-8")
    return _zip(files)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, payload)
    return buffer.getvalue()


# Image sizes a presenter asks for: a 16:9 screen at 1080p, and the 4:3 of older projectors.
IMAGE_SIZES = {"16:9": (1920, 1080), "4:3": (1440, 1080)}


def image_spec(chart, size: str = "16:9") -> dict:
    """A chart's Vega-Lite spec with its data inline, at the pixel size named, with presentation
    type and its full source line wrapped under its title, so an exported image carries its
    provenance and nothing falls outside it (`charts.presented`)."""
    width, height = IMAGE_SIZES[size]
    spec = charts.presented(chart, width, height)
    spec["usermeta"] = {"tradeviz_size": [width, height]}
    return spec


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def _exact_size(svg: str, width: int, height: int) -> str:
    """The drawing inside an SVG of exactly `width` × `height`, scaled down (never up) and
    centred when Vega could not fit it itself (a chart of panels sizes itself): every mark
    stays inside the image."""
    found = _SVG_SIZE.search(svg)
    if not found:
        return svg
    drawn_w, drawn_h = float(found.group(1)), float(found.group(2))
    if abs(drawn_w - width) < 0.5 and abs(drawn_h - height) < 0.5:
        return svg
    scale = min(1.0, width / drawn_w, height / drawn_h)
    x = (width - drawn_w * scale) / 2
    y = (height - drawn_h * scale) / 2
    inner = svg[svg.index(">", found.start()) + 1: svg.rindex("</svg>")]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'class="marks" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="white"/>'
            f'<g transform="translate({x:.2f},{y:.2f}) scale({scale:.5f})">{inner}</g></svg>')


def chart_svg(spec: dict) -> str:
    # Imported here: the engine takes a moment to load and only exports need it.
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    size = (spec.get("usermeta") or {}).get("tradeviz_size")
    return _exact_size(svg, *size) if size else svg


def chart_png(spec: dict, scale: float = 1.0) -> bytes:
    """The PNG of exactly the SVG's size (drawn from `chart_svg`, so both images are the same)."""
    import vl_convert as vlc

    return vlc.svg_to_png(chart_svg(spec), scale=scale)


def searchable_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of `frame` as casefolded text: what `search_rows` looks in. Worth making once
    per table and keeping (the Data page does, per dataset): it is most of a search's cost."""
    return frame.astype(str).apply(lambda column: column.str.casefold())


def search_rows(frame: pd.DataFrame, query: str, text: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows where any cell contains `query` (case-insensitive plain text, not a pattern).
    `text` is `searchable_text(frame)`, when kept."""
    needle = query.strip().casefold()
    if not needle:
        return frame
    text = searchable_text(frame) if text is None else text
    found = text.apply(lambda column: column.str.contains(needle, regex=False))
    return frame[found.any(axis=1)]


def column_guide(table: schema.Table) -> pd.DataFrame:
    return pd.DataFrame({
        "column": [c.name for c in table.columns],
        "type": [str(c.type) for c in table.columns],
        "required": [c.required for c in table.columns],
        "meaning": [c.description for c in table.columns],
        "allowed values": [", ".join(c.allowed) for c in table.columns],
    })
