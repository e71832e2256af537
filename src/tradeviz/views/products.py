"""The Products view: what is traded, from UN Comtrade files imported with
`python -m tradeviz import-comtrade` (tradeviz.comtrade). Every read is a scan of the partitioned
Parquet with the filters pushed down (reporter and years prune partitions; flow, HS level and
chapter filter row groups), so a view never materialises rows it will not show."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
import pyarrow.compute as pc

from tradeviz import charts, comtrade, state, words
from tradeviz.store import Dataset
from tradeviz.views import Download, Table, table

PAGE = "products"
LEVELS = {"2": "HS chapters (2 digits)", "4": "HS headings (4 digits)", "6": "HS subheadings (6 digits)"}
FLOWS = {"imports": "Imports", "exports": "Exports"}
TOP = 15
OPPOSITE = {"imports": "exports", "exports": "imports"}
TABLE_LABELS = {"cmd_code": "HS code", "cmd_desc": "Product", "first": "First year, USD", "last": "Last year, USD",
                "change_pct": "Change, %", "mirror": "Partner's mirror figure, USD", "gap": "Gap, USD"}
IMPORT_HINT = ("No product-level data is imported yet. Download UN Comtrade data (a CSV from comtradeplus.un.org "
               "or the API's JSON) for Azerbaijan and China and run `python -m tradeviz import-comtrade FILE...`.")


def _where(dataset: Dataset) -> str | None:
    return comtrade.location(dataset.folder)


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    reporters, years = comtrade.partitions(_where(dataset))
    reporters, years = reporters or ["AZE"], years or [2024]
    return (
        state.Param("reporter", "choice", default="AZE" if "AZE" in reporters else reporters[0],
                    options=tuple(reporters), label="Reporter", widget="segmented"),
        state.Param("flow", "choice", default="imports", options=tuple(FLOWS), label="Flow", widget="segmented",
                    labels=FLOWS),
        state.Param("years", "year_range", bounds=(years[0], years[-1]), label="Years", widget="slider"),
        state.Param("level", "choice", default="2", options=tuple(LEVELS), label="Detail", widget="segmented",
                    labels=LEVELS),
        state.Param("chapter", "text", default="", label="Within HS code (e.g. 87)", widget="text"),
    )


@dataclass(frozen=True)
class ProductsView:
    available: bool
    chart: charts.ChartSpec | None
    rows: Table | None
    download: Download | None
    count_text: str
    empty_reason: str


def select(dataset: Dataset, values: dict) -> ProductsView:
    where = _where(dataset)
    found = comtrade.read_manifest(where)
    if found is None:
        return ProductsView(False, None, None, None, "", IMPORT_HINT)
    return _select(where, found[0]["version"], tuple(sorted((k, _hashable(v)) for k, v in values.items())))


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@functools.lru_cache(maxsize=64)
def _select(where: str, version: str, frozen: tuple) -> ProductsView:
    # Cached per products location, version and filter set: a filter seen before costs nothing.
    values = dict(frozen)
    data = comtrade.dataset(where)
    first, last = values["years"]
    chapter = "".join(ch for ch in values["chapter"] if ch.isdigit())
    level = int(values["level"])

    def scan(reporter: str, flow: str) -> pd.DataFrame:
        condition = ((pc.field("reporter_iso") == reporter) & (pc.field("year") >= first) & (pc.field("year") <= last)
                     & (pc.field("flow") == flow) & (pc.field("freq") == "A") & (pc.field("aggr_level") == level))
        if chapter:
            condition &= pc.starts_with(pc.field("cmd_code"), chapter)
        # Few batches in flight: the scan's memory stays near the rows it keeps.
        return data.to_table(filter=condition, columns=["cmd_code", "cmd_desc", "year", "value_usd", "partner_iso"],
                             batch_readahead=2, fragment_readahead=2).to_pandas()

    rows = scan(values["reporter"], values["flow"])
    if rows.empty:
        return ProductsView(True, None, None, None, "", "No annual product figures match: widen the years, "
                            "choose another flow or level, or clear the HS code.")
    partner = rows["partner_iso"].mode().iloc[0]
    mirror = scan(partner, OPPOSITE[values["flow"]])
    # Growth between the first and last years the range holds figures for (a year of monthly
    # figures only has no annual product rows).
    first, last = int(rows["year"].min()), int(rows["year"].max())
    by_year = rows.pivot_table(index=["cmd_code", "cmd_desc"], columns="year", values="value_usd", aggfunc="sum")
    out = pd.DataFrame({"first": by_year[first].to_numpy(), "last": by_year[last].to_numpy()},
                       index=by_year.index).reset_index()
    out["change_pct"] = (out["last"] / out["first"] - 1.0) * 100.0 if last > first else float("nan")
    mirror_last = mirror[mirror["year"] == last].groupby("cmd_code")["value_usd"].sum()
    out["mirror"] = out["cmd_code"].map(mirror_last)
    out["gap"] = out["last"] - out["mirror"]
    for column in ("first", "last", "change_pct", "mirror", "gap"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    out = out.sort_values("last", ascending=False, na_position="last").reset_index(drop=True)
    top = out.dropna(subset=["last"]).head(TOP)
    frame = pd.DataFrame({"product": top["cmd_code"] + " " + top["cmd_desc"].str.slice(0, 48),
                          "value": top["last"] / 1e6,
                          "value_label": [words.value_text(v / 1e6, "usd_million", "exact") for v in top["last"]]})
    flow_words = {"imports": f"{values['reporter']}'s imports from {partner}",
                  "exports": f"{values['reporter']}'s exports to {partner}"}[values["flow"]]
    chart = charts.ranked_products(frame, f"{flow_words}, {last}: largest products",
                                   f"{LEVELS[values['level']]}{', within ' + chapter if chapter else ''}; "
                                   f"as {values['reporter']} reports", source_note="Source: UN Comtrade, as imported.")
    description = f"{values['reporter']} {values['flow']} {first}-{last} HS{level}{' ' + chapter if chapter else ''}"
    return ProductsView(True, chart, table(out, labels=TABLE_LABELS), Download(out, PAGE, description, version=version),
                        f"{len(out)} products; "
                        + (f"growth from {first} to {last}" if last > first else f"figures of {last} only, so no growth")
                        + f"; the mirror column is {partner}'s own {OPPOSITE[values['flow']]} of the same products "
                          f"in {last}", "")
