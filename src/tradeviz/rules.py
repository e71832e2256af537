"""The dataset's rules beyond types and allowed values: references between tables, date ranges,
provenance, magnitudes. One definition, used by the build (on the editable sources, rows
numbered as a spreadsheet shows them) and by the loader (on the Parquet files, rows numbered
from 0), so a file the build would refuse is never shown as if it were sound.

`locate(table, index, row)` says where a row is, as (file, row number) for a Problem.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tradeviz import schema
from tradeviz.schema import Problem

Locate = Callable[[str, int, dict], tuple[str, int | None]]


def in_sources(table: str, index: int, row: dict) -> tuple[str, int | None]:
    """Where a row is in the editable sources: a CSV line (header = 1) or an article file."""
    if table == "articles":
        return f"data/articles/{row.get('article_id')}.md", None
    return f"data/sources/{table}.csv", index + 2


def in_parquet(table: str, index: int, row: dict) -> tuple[str, int | None]:
    """Where a row is in the built dataset: its index in the Parquet file."""
    return f"data/{table}.parquet", index


# Bands an analyst would notice being broken: a value in thousands or units instead of millions
# of USD lands far outside them. Sourced annual turnover runs from $1.5m (1992) to $4.87bn (2025).
TURNOVER_BAND_USD_MILLION = (1.0, 10_000.0)
RANK_BAND = (1, 30)
UNIT_OF_FLOW = {"trading_partner_rank": "rank", "import_source_rank": "rank",
                "share_of_trade": "percent", "share_of_imports": "percent"}


def problems(tables: dict[str, pa.Table], locate: Locate = in_sources) -> list[Problem]:
    """Every rule below, over every table, table by table and row by row."""
    found = _Found(tables, locate)
    _cross_table(found)
    _sanity(found)
    return found.problems


# Each rule is a mask over a whole column (Arrow compute), so a million rows cost a fraction of a
# second; only the rows that fail become Python objects, for their messages.


TABLE_ORDER = ("sources", "policy_areas", "trade", "milestones", "indicators", "articles")


class _Found:
    def __init__(self, tables: dict[str, pa.Table], locate: Locate):
        self.tables, self.locate, self._found = tables, locate, []

    @property
    def problems(self) -> list[Problem]:
        """In the order an editor reads them: table by table, row by row, rule by rule."""
        return [problem for *_, problem in sorted(self._found, key=lambda item: item[:2])]

    def append(self, table: str, index: int, problem: Problem) -> None:
        self._found.append((TABLE_ORDER.index(table), index, problem))

    def add(self, table: str, mask, column: str, message: Callable[[dict], str]) -> None:
        """A problem for each row where `mask` is true."""
        data = self.tables[table]
        rows = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist() if data.num_rows else []
        for index in rows:
            row = data.slice(index, 1).to_pylist()[0]
            file, row_number = self.locate(table, index, row)
            self.append(table, index, Problem(file, message(row), row_number, column))


# The type of each column name in the schema (a name has one type in every table): a column
# built from a list of Nones (tests, an all-empty CSV column) has Arrow's null type until cast.
_TYPES = {column.name: column.type for table in schema.TABLES.values() for column in table.columns}


def _column(table: pa.Table, name: str):
    values = table.column(name).combine_chunks() if table.num_rows else pa.array([], table.schema.field(name).type)
    if pa.types.is_null(values.type) and name in _TYPES:
        values = values.cast(_TYPES[name])
    return values


def _list_items_outside(values, allowed: set[str]):
    """Per row: whether any item of the list column is not in `allowed`."""
    if len(values) == 0:
        return pa.array([], pa.bool_())
    items = pc.list_flatten(values)
    bad = pc.invert(pc.fill_null(pc.is_in(items, value_set=pa.array(sorted(allowed), pa.string())), False))
    parents = pc.filter(pc.list_parent_indices(values), bad).to_numpy(zero_copy_only=False)
    mask = np.zeros(len(values), dtype=bool)
    mask[parents] = True
    return pa.array(mask)


def cross_table_problems(tables: dict[str, pa.Table], locate: Locate = in_sources) -> list[Problem]:
    """References between tables, date ranges, and provenance rules."""
    found = _Found(tables, locate)
    _cross_table(found)
    return found.problems


def _cross_table(found: _Found) -> None:
    tables = found.tables
    sources = tables["sources"]
    source_ids = pa.array(sorted(set(_column(sources, "source_id").to_pylist()) - {None}), pa.string())
    areas = set(_column(tables["policy_areas"], "area_id").to_pylist()) - {None}
    # An article's text with its whitespace made single spaces: a sentence is found in it whatever
    # line breaks and passages (an excerpts article keeps one sentence a passage) it spans.
    article_text = {a["source_id"]: " ".join((a["text"] or "").split())
                    for a in tables["articles"].select(["source_id", "text"]).to_pylist()}
    # A record from an article, or from a source an article is stored for (whole or as excerpts),
    # cites its sentence, and the sentence is in the article.
    article_sources = {s["source_id"] for s in sources.select(["source_id", "kind"]).to_pylist()
                       if s["kind"] == "article"} | set(article_text)

    found.add("sources", pc.and_kleene(pc.not_equal(_column(sources, "kind"), "article"),
                                 pc.or_kleene(pc.is_null(_column(sources, "url")), pc.equal(_column(sources, "url"), ""))),
              "url", lambda row: "a source that is not an article needs an address")

    for name in ("trade", "milestones", "indicators"):
        table = tables[name]
        start_col = "date_start" if name == "milestones" else "period_start"
        end_col = "date_end" if name == "milestones" else "period_end"
        source_id = _column(table, "source_id")
        found.add(name, pc.invert(pc.is_in(source_id, value_set=source_ids)), "source_id",
                  lambda row: f"{row['source_id']!r} is not in sources.csv")
        start, end = _column(table, start_col), _column(table, end_col)
        found.add(name, pc.xor(pc.is_null(start), pc.is_null(end)), end_col,
                  lambda row, s=start_col, e=end_col: f"give both {s} and {e}, or neither")
        found.add(name, pc.less(end, start), end_col,
                  lambda row, s=start_col, e=end_col: f"{row[e]} is before {s} {row[s]}")
        if name != "indicators" and table.num_rows:
            from_article = pc.is_in(source_id, value_set=pa.array(sorted(article_sources), pa.string()))
            sentence = _column(table, "source_sentence")
            found.add(name, pc.and_kleene(from_article, pc.or_kleene(pc.is_null(sentence), pc.equal(sentence, ""))),
                      "source_sentence", lambda row: "a figure from an article needs the sentence it comes from")
            # A sentence is looked up once per (article, sentence), not once per row.
            pairs = pa.table({"source_id": source_id, "sentence": sentence}).filter(
                pc.and_kleene(from_article, pc.invert(pc.fill_null(pc.equal(sentence, ""), True))))
            missing = {(p["source_id"], p["sentence"]) for p in pairs.group_by(["source_id", "sentence"]).aggregate([]).to_pylist()
                       if p["source_id"] in article_text
                       and " ".join(p["sentence"].split()) not in article_text[p["source_id"]]}
            if missing:
                keys = pc.binary_join_element_wise(source_id, pc.fill_null(sentence, ""), "\x00")
                bad_keys = pa.array(sorted(f"{a}\x00{b}" for a, b in missing), pa.string())
                found.add(name, pc.is_in(keys, value_set=bad_keys), "source_sentence",
                          lambda row: f"sentence not found in the article {row['source_id']}: {row['source_sentence'][:60]!r}")
        if name == "indicators":
            area = _column(table, "policy_area")
            found.add(name, pc.invert(pc.is_in(area, value_set=pa.array(sorted(areas), pa.string()))), "policy_area",
                      lambda row: f"{row['policy_area']} not in policy_areas.csv")
        elif "policy_areas" in table.column_names:
            found.add(name, _list_items_outside(_column(table, "policy_areas"), areas), "policy_areas",
                      lambda row: f"{', '.join(sorted(set(row['policy_areas']) - areas))} not in policy_areas.csv")

    trade = tables["trade"]
    value, growth, growth_unit = (_column(trade, c) for c in ("value", "growth_reported", "growth_unit"))
    found.add("trade", pc.and_kleene(pc.is_null(value), pc.is_null(growth)), "value",
              lambda row: "a row needs a value, a reported growth, or both")
    found.add("trade", pc.xor(pc.is_null(growth), pc.is_null(growth_unit)), "growth_unit",
              lambda row: "growth_reported and growth_unit go together")

    milestones = tables["milestones"]
    found.add("milestones", _date_precision_mask(milestones), "date_precision",
              lambda row: date_precision_problem(row["date_start"], row["date_end"], row["date_precision"]) or "")

    articles = tables["articles"]
    found.add("articles", pc.invert(pc.is_in(_column(articles, "source_id"), value_set=source_ids)), "source_id",
              lambda row: f"{row['source_id']!r} is not in sources.csv")
    if {"content", "url"} <= set(articles.column_names):
        excerpts = pc.equal(_column(articles, "content"), "excerpts")
        address = pc.fill_null(pc.match_substring_regex(_column(articles, "url"), r"^https?://"), False)
        found.add("articles", pc.and_kleene(excerpts, pc.invert(address)), "url",
                  lambda row: "an article kept as excerpts needs the address of the original (http:// or https://)")
    found.add("articles", _list_items_outside(_column(articles, "policy_areas"), areas), "policy_areas",
              lambda row: f"{', '.join(sorted(set(row['policy_areas']) - areas))} not in policy_areas.csv")


def _date_precision_mask(milestones: pa.Table):
    """Rows whose dates do not fit their precision (date_precision_problem, column-wise)."""
    if not milestones.num_rows:
        return pa.array([], pa.bool_())
    frame = milestones.select(["date_start", "date_end", "date_precision"]).to_pandas(date_as_object=False)
    start = pd.to_datetime(frame["date_start"])
    end = pd.to_datetime(frame["date_end"])
    precision = frame["date_precision"]
    undated = precision.eq("undated")
    bad = undated & start.notna()
    bad |= ~undated & (start.isna() | end.isna())
    year_end = start + pd.offsets.YearEnd(0)
    month_end = start + pd.offsets.MonthEnd(0)
    bad |= precision.eq("year") & start.notna() & ~((start.dt.day_of_year == 1) & (end == year_end))
    bad |= precision.eq("month") & start.notna() & ~((start.dt.day == 1) & (end == month_end))
    return pa.array(bad.to_numpy(dtype=bool))


def date_precision_problem(start: dt.date | None, end: dt.date | None, precision: str) -> str | None:
    """A year-only date must span its year and a month-only date its month, so that filters can
    tell an approximate date from a precise one."""
    if precision == "undated":
        return None if start is None else "an undated milestone has no date_start"
    if start is None:
        return f"a {precision}-precision milestone needs date_start and date_end"
    if end is None:
        return f"a {precision}-precision milestone needs date_end"
    if precision == "year" and not (
        start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)
    ):
        return "a year-precision date runs from 1 January to 31 December of one year"
    if precision == "month":
        next_month = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        if not (start.day == 1 and end == next_month - dt.timedelta(days=1)):
            return "a month-precision date runs from the first to the last day of one month"
    return None


def sanity_problems(tables: dict[str, pa.Table], locate: Locate = in_sources) -> list[Problem]:
    """Magnitudes and units: a number that cannot be a figure of its kind (not finite, outside
    its band, in the wrong unit for its flow)."""
    found = _Found(tables, locate)
    _sanity(found)
    return found.problems


def _sanity(found: _Found) -> None:
    tables = found.tables
    trade = tables["trade"]
    flow, unit = _column(trade, "flow"), _column(trade, "unit")
    value = _column(trade, "value").to_numpy(zero_copy_only=False).astype("float64")
    found.add("trade", pc.not_equal(unit, _expected_units(flow)), "unit",
              lambda row: f"flow {row['flow']} is measured in {UNIT_OF_FLOW.get(row['flow'], 'usd_million')}, found {row['unit']}")
    if "growth_reported" in trade.column_names:
        growth = _column(trade, "growth_reported").to_numpy(zero_copy_only=False).astype("float64")
        found.add("trade", pa.array(~_is_null(trade, "growth_reported") & ~np.isfinite(growth)), "growth_reported", lambda row: f"{row['growth_reported']} is not a finite number")
    present = ~_is_null(trade, "value")
    not_finite = present & ~np.isfinite(value)
    found.add("trade", pa.array(not_finite), "value", lambda row: f"{row['value']} is not a finite number")
    finite = present & np.isfinite(value)
    flows = np.asarray(flow.to_numpy(zero_copy_only=False), dtype=object)
    units = np.asarray(unit.to_numpy(zero_copy_only=False), dtype=object)
    money = np.isin(flows, schema.MONEY_FLOWS)
    low = np.where(flows == "turnover", TURNOVER_BAND_USD_MILLION[0], 0.1)
    with np.errstate(invalid="ignore"):
        out_of_band = finite & money & ((value < low) | (value > TURNOVER_BAND_USD_MILLION[1]))
        bad_rank = finite & ~money & (units == "rank") & ~((value >= RANK_BAND[0]) & (value <= RANK_BAND[1])
                                                             & (value == np.floor(value)))
        bad_share = finite & ~money & (units == "percent") & ~((value >= 0) & (value <= 100))
    found.add("trade", pa.array(out_of_band), "value",
              lambda row: f"{row['value']} USD million is outside {0.1 if row['flow'] != 'turnover' else TURNOVER_BAND_USD_MILLION[0]}"
                          f"–{TURNOVER_BAND_USD_MILLION[1]}: a units mistake?")
    found.add("trade", pa.array(bad_rank), "value", lambda row: f"rank {row['value']} is not a whole number in {RANK_BAND}")
    found.add("trade", pa.array(bad_share), "value", lambda row: f"share {row['value']}% is outside 0–100")
    indicators = tables.get("indicators")
    if indicators is not None and indicators.num_rows:
        values = _column(indicators, "value").to_numpy(zero_copy_only=False).astype("float64")
        present = ~_is_null(indicators, "value")
        with np.errstate(invalid="ignore"):
            bad = present & ~(np.isfinite(values) & (values >= 0))
        found.add("indicators", pa.array(bad), "value", lambda row: f"{row['value']} is not a finite number of 0 or more")


def _expected_units(flow):
    out = pa.array(["usd_million"] * len(flow), pa.string()) if len(flow) else pa.array([], pa.string())
    for name, unit in UNIT_OF_FLOW.items():
        out = pc.if_else(pc.fill_null(pc.equal(flow, name), False), unit, out)
    return out


def _is_null(table: pa.Table, column: str) -> np.ndarray:
    return pc.is_null(_column(table, column)).to_numpy(zero_copy_only=False).astype(bool)
