"""The Products view: what is traded, from UN Comtrade files imported with
`python -m tradeviz import-comtrade` (tradeviz.comtrade). Every read is a scan of the partitioned
Parquet with the filters pushed down (reporter and years prune partitions; flow, HS level and
chapter filter row groups), so a view never materialises rows it will not show."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass

import pandas as pd
import pyarrow.compute as pc

from tradeviz import charts, comtrade, state, store, words
from tradeviz.store import Dataset
from tradeviz.views import Download, Table, table

PAGE = "products"
LEVELS = {"2": "HS chapters (2 digits)", "4": "HS headings (4 digits)", "6": "HS subheadings (6 digits)"}
FLOWS = {"imports": "Imports", "exports": "Exports"}
PERIODS = {"years": "Whole years", "months": "Same months, year on year"}
TOP = 15
SERIES_FILES_AT_ONCE = 4
PAIR = "pair"   # the partner option meaning "the other side of the pair" (ISO codes are 3 capitals)
OPPOSITE = {"imports": "exports", "exports": "imports"}
TABLE_LABELS = {"cmd_code": "HS code", "cmd_desc": "Product", "first": "First year, USD", "last": "Last year, USD",
                "change_pct": "Change, %", "mirror": "Partner's mirror figure, USD", "gap": "Gap, USD",
                "gap_pct": "Gap, % of the partner's"}
# Why two sides' figures for the same trade differ even when both are right (UN Comtrade's own
# note on valuation: https://uncomtrade.org/docs/trade-valuation).
VALUATION_NOTE = ("Imports are usually valued with freight and insurance to the importer's border (CIF), exports "
                  "at the exporter's border (FOB), so a reporter's imports and its partner's exports of the same "
                  "goods differ even when both are right (UN Comtrade: uncomtrade.org/docs/trade-valuation).")
IMPORT_HINT = ("No product-level data is imported yet. Download UN Comtrade data (a CSV from comtradeplus.un.org "
               "or the API's JSON) for Azerbaijan and China and run `python -m tradeviz import-comtrade FILE...`.")


def _where(dataset: Dataset) -> str | None:
    return comtrade.location(dataset.folder, store.shared_location())


def counterpart(reporter: str, pairs: list[tuple[str, str]]) -> str | None:
    """The partner a reporter's figures are compared with by default: a partner that reports
    too (so each side's own figure can be set against the other's), else its first partner."""
    partners = [p for r, p in pairs if r == reporter]
    reporters = {r for r, _ in pairs}
    return next((p for p in partners if p in reporters and p != reporter), partners[0] if partners else None)


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    where = _where(dataset)
    found = comtrade.read_manifest(where)
    return _params(where, found[0]["version"] if found else "")


@functools.lru_cache(maxsize=8)
def _params(where: str | None, version: str) -> tuple[state.Param, ...]:
    # Listed once per set version: on shared storage every listing is a request to the store.
    reporters, years = comtrade.partitions(where) if version else ([], [])
    reporters, years = reporters or ["AZE"], years or [2024]
    partners = sorted({p for _, p in comtrade.pairs(where)}) if version else []
    return (
        state.Param("reporter", "choice", default="AZE" if "AZE" in reporters else reporters[0],
                    options=tuple(reporters), label="Reporter", widget="segmented"),
        state.Param("partner", "choice", default=PAIR, options=(PAIR, *partners), label="Partner", widget="selectbox",
                    labels={PAIR: "The other side of the pair"}),
        state.Param("flow", "choice", default="imports", options=tuple(FLOWS), label="Flow", widget="segmented",
                    labels=FLOWS),
        state.Param("years", "year_range", bounds=(years[0], years[-1]), label="Years", widget="slider"),
        state.Param("level", "choice", default="2", options=tuple(LEVELS), label="Detail", widget="segmented",
                    labels=LEVELS),
        state.Param("period", "choice", default="years", options=tuple(PERIODS), label="Compare", widget="segmented",
                    labels=PERIODS),
        state.Param("chapter", "text", default="", label="Within HS code (e.g. 87)", widget="text"),
        state.Param("product", "text", default="", label="Series of HS code (blank: the largest)", widget="text"),
        state.Param("present", "flag", default=False, label="Presentation view (charts only)", widget="toggle"),
    )


@dataclass(frozen=True)
class ProductsView:
    available: bool
    chart: charts.ChartSpec | None
    rows: Table | None
    download: Download | None
    count_text: str
    empty_reason: str
    series: charts.ChartSpec | None = None
    series_text: str = ""
    mirror_note: str = ""
    revision_note: str = ""


def revision_note(revisions: dict[tuple[str, int], tuple[str, ...]], reporter: str, partner: str, first: int,
                  last: int, mirrored: bool) -> str:
    """What a difference of HS revision means for this view's comparisons: a change from the
    first to the last year given in two revisions, or a mirror given in another revision than
    the reporter's figure, may compare different definitions of one code. Empty when the
    revisions agree or the files did not name them."""
    own_first, own_last = revisions.get((reporter, first)), revisions.get((reporter, last))
    notes = []
    if last > first and own_first and own_last and own_first != own_last:
        notes.append(f"{reporter} gives {first} in {comtrade.revision_names(own_first)} and {last} in "
                     f"{comtrade.revision_names(own_last)}: the Harmonized System's revisions split, merged or "
                     "redefined some codes in between, so a product's change may compare two definitions of it.")
    theirs = revisions.get((partner, last))
    if mirrored and own_last and theirs and own_last != theirs:
        notes.append(f"In {last}, {reporter} gives its figures in {comtrade.revision_names(own_last)} and {partner} "
                     f"in {comtrade.revision_names(theirs)}: one code may cover different goods on the two sides.")
    return " ".join(notes)


def with_revisions(rows: pd.DataFrame, revisions: dict[tuple[str, int], tuple[str, ...]], reporter: str,
                   partner: str, first: int, last: int, mirrored: bool) -> pd.DataFrame:
    """The CSV's rows with the HS revision of each figure's column (Comtrade's codes: H6 is
    HS 2022), so a comparison across revisions can be told apart away from the page; as they
    are when the files did not name revisions."""
    if not revisions:
        return rows
    columns = {"first_hs_revision": (reporter, first), "last_hs_revision": (reporter, last)}
    if "first" not in rows:   # a one-year view has one value column
        columns.pop("first_hs_revision")
    if mirrored:
        columns["mirror_hs_revision"] = (partner, last)
    return rows.assign(**{name: " ".join(revisions.get(key, ())) for name, key in columns.items()})


def series_revision_note(revisions: dict[tuple[str, int], tuple[str, ...]], reporters: tuple[str, ...],
                         years: list[int]) -> str:
    """A caution when the years of a product's series are given in more than one HS revision."""
    found = sorted({code for reporter in reporters for year in years for code in revisions.get((reporter, year), ())})
    if len(found) < 2:
        return ""
    return (f"These figures are given in {len(found)} HS revisions ({comtrade.revision_names(tuple(found))}): "
            "the code may not cover the same goods in every year or on both sides.")


@dataclass(frozen=True)
class SetFacts:
    """What a view needs from a products set's manifest, taken from the one read per rerun: on
    shared storage each further read of the manifest is another request to the store."""
    version: str
    pairs: tuple[tuple[str, str], ...]
    revisions: tuple[tuple[tuple[str, int], tuple[str, ...]], ...]
    source_note: str

    @staticmethod
    def of(manifest: dict) -> "SetFacts":
        return SetFacts(manifest["version"], tuple(comtrade.pairs_in(manifest)),
                        tuple(sorted(comtrade.revisions_in(manifest).items())), comtrade.source_note(manifest))


def select(dataset: Dataset, values: dict) -> ProductsView:
    where = _where(dataset)
    found = comtrade.read_manifest(where)
    if found is None:
        return ProductsView(False, None, None, None, "", IMPORT_HINT)
    # Presenting shows the same view: it is not part of what is selected.
    return _select(where, SetFacts.of(found[0]),
                   tuple(sorted((k, _hashable(v)) for k, v in values.items() if k != "present")))


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _condition(reporter: str, partner: str, flow: str, level: int | None = None, prefix: str = "",
               code: str = "", months: int = 0) -> pc.Expression:
    """Annual rows of one reporter, partner and flow; with `months`, monthly rows of months 1 to
    `months` instead."""
    condition = ((pc.field("reporter_iso") == reporter) & (pc.field("partner_iso") == partner)
                 & (pc.field("flow") == flow))
    condition &= ((pc.field("freq") == "M") & (pc.field("month") <= months)) if months else (pc.field("freq") == "A")
    if level is not None:
        condition &= pc.field("aggr_level") == level
    if prefix:
        condition &= pc.starts_with(pc.field("cmd_code"), prefix)
    if code:
        condition &= pc.field("cmd_code") == code
    return condition


def months_span(months: int) -> str:
    """'Jan–Mar'; 'Jan' for one month."""
    return f"Jan{'–' + calendar.month_abbr[months] if months > 1 else ''}"


def months_words(months: int, year: int) -> str:
    """'Jan–Mar 2025'; 'Jan 2025' for one month."""
    return f"{months_span(months)} {year}"


def months_reported(data, reporter: str, partner: str, flow: str, years: tuple[int, int]) -> dict[int, set[int]]:
    """Year → the months with any monthly row of the reporter's flow with the partner."""
    scanner = data.scanner(filter=_condition(reporter, partner, flow, months=12) & (pc.field("year") >= years[0])
                           & (pc.field("year") <= years[1]), columns=["year", "month"])
    found: dict[int, set[int]] = {}
    for batch in scanner.to_batches():
        for year, month in zip(batch.column("year").to_pylist(), batch.column("month").to_pylist()):
            found.setdefault(year, set()).add(month)
    return found


def same_months(reported: dict[int, set[int]]) -> tuple[int, int] | None:
    """(year, n): the latest year with monthly figures and its months 1 to n, the longest run
    from January without a gap; None when there is no such year or it has no January."""
    if not reported:
        return None
    year = max(reported)
    months = 0
    while months + 1 in reported[year]:
        months += 1
    return (year, months) if months else None


def missing_months(reported: dict[int, set[int]], year: int, months: int) -> list[int]:
    return [m for m in range(1, months + 1) if m not in reported.get(year, set())]


def flow_words(reporter: str, partner: str, flow: str) -> str:
    return {"imports": f"{reporter}'s imports from {partner}", "exports": f"{reporter}'s exports to {partner}"}[flow]


@functools.lru_cache(maxsize=4)
def _dataset(where: str, version: str):
    # One dataset object per products version, shared by every filter set: it keeps the Parquet
    # footers it has read (row-group statistics, tens of MB at 10 M rows), which a new object
    # per filter change would read and parse again.
    return comtrade.dataset(where)


@functools.lru_cache(maxsize=64)
def _select(where: str, facts: SetFacts, frozen: tuple) -> ProductsView:
    # Cached per products location, set version and filter set: a filter seen before costs nothing.
    values = dict(frozen)
    version, source_note = facts.version, facts.source_note
    data = _dataset(where, version)
    reporter, flow = values["reporter"], values["flow"]
    chosen_partner = values.get("partner", PAIR)
    partner = counterpart(reporter, list(facts.pairs)) if chosen_partner in (PAIR, "") else chosen_partner
    if partner is None:
        return ProductsView(True, None, None, None, "", f"The imported files hold no figures reported by {reporter}.")
    chosen = values["years"]
    chapter = _digits(values["chapter"])
    level = int(values["level"])
    months, no_change = 0, ""
    if values.get("period", "years") == "months":
        reported = months_reported(data, reporter, partner, flow, chosen)
        found = same_months(reported)
        if found is None:
            return ProductsView(True, None, None, None, "", f"No monthly product figures of "
                                f"{flow_words(reporter, partner, flow)} from January in {chosen[0]}–{chosen[1]}: "
                                "compare whole years, widen the years, or import monthly files.")
        year, months = found
        # The same months of the year before, and only when that year has every one of them:
        # a sum over fewer months would read as a fall.
        gaps = missing_months(reported, year - 1, months)
        first = year if gaps else year - 1
        if gaps:
            no_change = (f"{year - 1} has no monthly figures for {', '.join(calendar.month_abbr[m] for m in gaps)}, "
                         "so no change is given")
        own = comtrade.sums_by_code_and_year(data, _condition(reporter, partner, flow, level, chapter, months=months),
                                             first, year, ends_only=True)
    else:
        own = comtrade.sums_by_code_and_year(data, _condition(reporter, partner, flow, level, chapter), *chosen,
                                             ends_only=True)
    if not own.years:
        return ProductsView(True, None, None, None, "", f"No {'monthly' if months else 'annual'} product figures of "
                            f"{flow_words(reporter, partner, flow)} match: widen the years, choose another partner, "
                            "flow or level, or clear the HS code.")
    # Growth between the first and last years the range holds figures for (a year of monthly
    # figures only has no annual product rows).
    first, last = own.years[0], own.years[-1]

    def period(year: int) -> str:
        """How a figure's period is named: its year, or the same months of it."""
        return months_words(months, year) if months else f"{year}"

    # A partner's figure over fewer of the months would read as a gap: no mirror then.
    partner_reported = months_reported(data, partner, reporter, OPPOSITE[flow], chosen) if months else {}
    mirror_gaps = missing_months(partner_reported, last, months) if months else []
    mirror = (comtrade.CodeYearSums.empty() if mirror_gaps else comtrade.sums_by_code_and_year(
        data, _condition(partner, reporter, OPPOSITE[flow], level, chapter, months=months), last, last))
    by_code = own.frame()
    out = pd.DataFrame({"cmd_code": by_code["cmd_code"], "cmd_desc": by_code["cmd_desc"],
                        "first": by_code[first].astype("float64"), "last": by_code[last].astype("float64")})
    # A product with figures only between the two years has nothing to show here.
    out = out[out["first"].notna() | out["last"].notna()]
    # No growth from a first year of 0 (it would read as infinite).
    out["change_pct"] = ((out["last"] / out["first"].where(out["first"] > 0) - 1.0) * 100.0 if last > first
                         else float("nan"))
    mirror_last = dict(zip(mirror.codes.to_pylist(), mirror.by_year[0])) if mirror.years else {}
    out["mirror"] = out["cmd_code"].map(mirror_last).astype("float64")
    out["gap"] = out["last"] - out["mirror"]
    out["gap_pct"] = out["gap"] / out["mirror"].where(out["mirror"] > 0) * 100.0
    out = out.sort_values(["last", "cmd_code"], ascending=[False, True], na_position="last").reset_index(drop=True)
    top = out.dropna(subset=["last"]).head(TOP)
    if last == first:  # one year: no second column of the same figures, and no growth
        out = out.drop(columns=["first", "change_pct"])
    frame = pd.DataFrame({"product": top["cmd_code"] + " " + top["cmd_desc"].str.slice(0, 48),
                          "value": top["last"] / 1e6,
                          "value_label": [words.usd_text(v) for v in top["last"]]})
    chart = charts.ranked_products(frame, f"{flow_words(reporter, partner, flow)}, {period(last)}: largest products",
                                   f"{LEVELS[values['level']]}{', within ' + chapter if chapter else ''}; "
                                   f"as {reporter} reports", source_note=source_note)
    typed = values.get("product", "").strip()
    revisions = dict(facts.revisions)
    # In months mode the series sums the same months of each year, as the comparison does, and
    # only over years where that side has every one of the months.
    coverage = (reported, partner_reported) if months else None
    code = _digits(typed) or top["cmd_code"].iloc[0]
    named = out.loc[out["cmd_code"] == code, "cmd_desc"]
    series, series_text = _series(data, values, reporter, partner, code, source_note, revisions, months, coverage,
                                  None if named.empty else named.fillna("").iloc[0])
    if typed and not _digits(typed):
        series_text = f"“{typed[:40]}” is not an HS code, so the largest product is shown. {series_text}"
    description = (f"{reporter} {flow} {partner} {'Jan-' + calendar.month_abbr[months] + ' ' if months else ''}"
                   f"{first}-{last} HS{level}{' ' + chapter if chapter else ''}")
    if mirror.years:
        mirror_words = f"the mirror column is {partner}'s own {OPPOSITE[flow]} of the same products in {period(last)}"
    elif mirror_gaps:
        mirror_words = (f"{partner} has no monthly figures of its {OPPOSITE[flow]} for "
                        f"{', '.join(calendar.month_abbr[m] for m in mirror_gaps)} {last}, so there is no mirror figure")
    else:
        mirror_words = (f"{partner} reports no {OPPOSITE[flow]} of these products in {period(last)}, so there is no "
                        "mirror figure")
    # The table shows growth to one decimal; the CSV keeps every digit.
    # Short headings: a table wider than the page hides its last columns behind a scroll.
    labels = {**TABLE_LABELS, "first": f"{period(first)}, USD", "last": f"{period(last)}, USD",
              "mirror": f"{partner}'s {OPPOSITE[flow]}, {period(last)}, USD", "gap_pct": f"Gap, % of {partner}'s"}
    return ProductsView(True, chart, table(out.round({"change_pct": 1, "gap_pct": 1}), labels=labels),
                        Download(out, PAGE, description, version=version,
                                 shape=functools.partial(with_revisions, revisions=revisions, reporter=reporter,
                                                         partner=partner, first=first, last=last,
                                                         mirrored=bool(mirror.years))),
                        f"{len(out):,} product{'' if len(out) == 1 else 's'}; "
                        + (f"{'change' if months else 'growth'} from {period(first)} to {period(last)}" if last > first
                           else no_change or f"figures of {period(last)} only, so no growth")
                        + f"; {mirror_words}", "", series, series_text, VALUATION_NOTE if mirror.years else "",
                        revision_note(revisions, reporter, partner, first, last, bool(mirror.years)))



def _series(data, values: dict, reporter: str, partner: str, code: str, source_note: str,
            revisions: dict[tuple[str, int], tuple[str, ...]], months: int = 0,
            coverage: tuple[dict[int, set[int]], dict[int, set[int]]] | None = None, name: str | None = None
            ) -> tuple[charts.ChartSpec | None, str]:
    """One product's annual value over the chosen years, as the reporter gives it and as the
    partner gives the same trade (the mirror). With `months`, each year's months 1 to `months`
    instead, kept only for the years in which that side (`coverage`: the reporter's and the
    partner's months reported, by year) has all of them: a sum over fewer would read as a fall.
    `name` is the code's description when the caller has it, so the scans need not read it."""
    flow, years = values["flow"], values["years"]
    # One code: a few rows from each year's file, so several files are read at once (measured at
    # 1 M synthetic rows: the view's time over pyarrow's fell from about 1.45x to 1.2-1.35x).
    sides = [(flow_words(reporter, partner, flow) + f", as {reporter} reports", reporter,
              comtrade.sums_by_code_and_year(data, _condition(reporter, partner, flow, code=code, months=months),
                                             *years, files_at_once=SERIES_FILES_AT_ONCE, descriptions=name is None)),
             (flow_words(partner, reporter, OPPOSITE[flow]) + f", as {partner} reports", partner,
              comtrade.sums_by_code_and_year(data, _condition(partner, reporter, OPPOSITE[flow], code=code,
                                                              months=months),
                                             *years, files_at_once=SERIES_FILES_AT_ONCE, descriptions=name is None))]
    parts, incomplete = [], []
    for (label, side, sums), reported in zip(sides, coverage or (None, None)):
        whole = [reported is None or not missing_months(reported, year, months) for year in sums.years]
        incomplete += [f"{side} {year}" for year, ok in zip(sums.years, whole) if not ok]
        if any(whole):
            parts.append(pd.DataFrame({"year": [y for y, ok in zip(sums.years, whole) if ok],
                                       "value": [float(v[0]) / 1e6 for v, ok in zip(sums.by_year, whole) if ok],
                                       "side": label}))
    span = months_span(months) if months else ""
    left_out = (f"; left out, for a month without figures of the flow: {', '.join(incomplete)}" if incomplete else "")
    if not parts:
        return None, ((f"No figures of HS {code} for the whole of {span} " if months else
                       f"No annual figures of HS {code} ")
                      + f"in {years[0]}–{years[1]} for this pair and flow{left_out}.")
    frame = pd.concat(parts, ignore_index=True)
    frame["value_label"] = [words.usd_text(v * 1e6) for v in frame["value"]]
    if name is None:
        name = next(sums.descriptions[0].as_py() or "" for _, _, sums in sides if sums.years)
    # The caution goes in the subtitle, so an exported image or a slide of the chart keeps it.
    caution = series_revision_note(revisions, (reporter, partner), sorted(set(frame["year"])))
    chart = charts.product_series(frame, tuple(years), f"HS {code} {name[:60]}: {span + ' of ' if months else ''}each year",
                                  "Each side's own figure for the same trade; where the lines part, they disagree"
                                  + (f". {caution}" if caution else ""), source_note=source_note)
    if months:
        return chart, (f"HS {code}: {len(frame)} figure{'' if len(frame) == 1 else 's'} of {span}, one a year, from "
                       f"{len(parts)} reporting side{'' if len(parts) == 1 else 's'}{left_out}")
    return chart, (f"HS {code}: {len(frame)} annual figure{'' if len(frame) == 1 else 's'} from {len(parts)} "
                   f"reporting side{'' if len(parts) == 1 else 's'}")
