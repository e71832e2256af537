"""The Products view: what is traded, from UN Comtrade files imported with
`python -m tradeviz import-comtrade`, read through the products store (tradeviz.products_store).
Every read is a scan of the partitioned Parquet with the filters pushed down (reporter and years
prune partitions; flow, HS level and chapter filter row groups), so a view never materialises
rows it will not show. Growth and gaps come from `metrics`, words from `words`; a view writes all
its money in one unit (`words.money_unit`), chosen once from the largest figure it shows."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd

from tradeviz import charts, metrics, products_store, state, store, words
from tradeviz.store import Dataset
from tradeviz.views import Download, Table, table, trade_rows

PAGE = "products"
TOTAL_LEVEL = "0"
LEVELS = {TOTAL_LEVEL: "All goods (TOTAL)", "2": "HS chapters (2 digits)", "4": "HS headings (4 digits)",
          "6": "HS subheadings (6 digits)"}
FLOWS = {"imports": "Imports", "exports": "Exports"}
PERIODS = {"years": "Whole years", "months": "Same months, year on year"}
TOP = 15
SERIES_FILES_AT_ONCE = 4
PAIR = "pair"   # the partner option meaning "the other side of the pair" (ISO codes are 3 capitals)
OPPOSITE = {"imports": "exports", "exports": "imports"}
# The main dataset holds Azerbaijan's trade with China, its flows as Azerbaijan's; its figures
# are Azerbaijan's side or China's (metrics.national_figures).
MAIN_PAIR = {"AZE": "azerbaijan", "CHN": "china"}
SIDE_WORDS = {"azerbaijan": "Azerbaijan's own figures (customs, officials)",
              "china": "China's own figures (statistics, officials)"}
# Why two sides' figures for the same trade differ even when both are right (UN Comtrade's own
# note on valuation: https://uncomtrade.org/docs/trade-valuation).
VALUATION_NOTE = ("Imports are usually valued with freight and insurance to the importer's border (CIF), exports "
                  "at the exporter's border (FOB), so a reporter's imports and its partner's exports of the same "
                  "goods differ even when both are right (UN Comtrade: uncomtrade.org/docs/trade-valuation).")
NATIONAL_NOTE = ("A UN Comtrade total is what a country reported to the UN, often revised later; a national figure is "
                 "what its customs or an official released, rounded as stated. Consistent: the two can be the same "
                 "amount within the national figure's rounding; inconsistent: they cannot.")
IMPORT_HINT = ("No product-level data is imported yet. Download UN Comtrade data (a CSV from comtradeplus.un.org "
               "or the API's JSON) for Azerbaijan and China and run `python -m tradeviz import-comtrade FILE...`.")


def _where(dataset: Dataset) -> str | None:
    return products_store.location(dataset.folder, store.shared_location())


def counterpart(reporter: str, pairs: list[tuple[str, str]]) -> str | None:
    """The partner a reporter's figures are compared with by default: a partner that reports
    too (so each side's own figure can be set against the other's), else its first partner."""
    partners = [p for r, p in pairs if r == reporter]
    reporters = {r for r, _ in pairs}
    return next((p for p in partners if p in reporters and p != reporter), partners[0] if partners else None)


# ---- the set, read once per version ---------------------------------------------------------

_SETS: dict[tuple[str, str], products_store.Partitions | str] = {}


def _read(dataset: Dataset) -> tuple[str | None, tuple | None, str]:
    """(location, the manifest as read, why the set cannot be read): one read of the manifest,
    which on shared storage is one request to the store."""
    where = _where(dataset)
    try:
        return where, products_store.read_manifest(where), ""
    except products_store.Unreadable as problem:
        return where, None, str(problem)


def _files(where: str, found: tuple) -> products_store.Partitions | str:
    """The set's partitions, listed once per set version (on shared storage every listing is a
    request to the store); the reason when its folder cannot be read."""
    key = (where, found[0]["version"])
    if key not in _SETS:
        try:
            _SETS[key] = products_store.partitions(found)
        except products_store.Unreadable as problem:
            _SETS[key] = str(problem)
        while len(_SETS) > 8:
            _SETS.pop(next(iter(_SETS)))
    return _SETS[key]


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    where, found, _ = _read(dataset)
    parts = _files(where, found) if found is not None else None
    if isinstance(parts, products_store.Partitions):
        return _params(parts.reporters, parts.years, tuple(sorted({p for _, p in products_store.pairs_in(found[0])})))
    return _params((), (), ())


@functools.lru_cache(maxsize=8)
def _params(reporters: tuple[str, ...], years: tuple[int, ...], partners: tuple[str, ...]) -> tuple[state.Param, ...]:
    reporters, years = reporters or ("AZE",), years or (2024,)
    # A slider needs two ends: a set of one year offers the year before it too (it holds nothing).
    bounds = (years[0], years[-1]) if len(years) > 1 else (years[0] - 1, years[0])
    return (
        state.Param("reporter", "choice", default="AZE" if "AZE" in reporters else reporters[0],
                    options=tuple(reporters), label="Reporter", widget="segmented"),
        state.Param("partner", "choice", default=PAIR, options=(PAIR, *partners), label="Partner", widget="selectbox",
                    labels={PAIR: "The other side of the pair"}),
        state.Param("flow", "choice", default="imports", options=tuple(FLOWS), label="Flow", widget="segmented",
                    labels=FLOWS),
        state.Param("years", "year_range", bounds=bounds, label="Years", widget="slider"),
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
    notice: str = ""          # what of the set could not be read, while the rest is shown
    unit: str = ""            # the view's one money unit ("USD million")
    has_series: bool = True   # the TOTAL level's chart is the series itself


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
        return SetFacts(manifest["version"], tuple(products_store.pairs_in(manifest)),
                        tuple(sorted(products_store.revisions_in(manifest).items())),
                        products_store.source_note(manifest))


@dataclass(frozen=True)
class _Main:
    """The main dataset, hashed by its version: the TOTAL level sets its national figures
    beside Comtrade's, and a view is cached per products and data version."""
    version: str
    dataset: Dataset | None = field(default=None, compare=False, hash=False)


def select(dataset: Dataset, values: dict) -> ProductsView:
    where, found, problem = _read(dataset)
    if problem:
        return ProductsView(False, None, None, None, "", f"The products set cannot be read: {problem}.")
    if found is None:
        return ProductsView(False, None, None, None, "", IMPORT_HINT)
    parts = _files(where, found)
    if isinstance(parts, str):
        return ProductsView(False, None, None, None, "", f"The products set cannot be read: {parts}.")
    notice = "; ".join(parts.problems)
    if not parts.files:
        return ProductsView(False, None, None, None, "", f"The products set cannot be read: {notice}.")
    try:
        # Presenting shows the same view: it is not part of what is selected.
        shown = _select(where, SetFacts.of(found[0]), tuple(sorted((k, _hashable(v)) for k, v in values.items()
                                                                   if k != "present")),
                        _Main(dataset.version, dataset))
    except products_store.Unreadable as unreadable:
        return ProductsView(False, None, None, None, "", f"The products set cannot be read: {unreadable}.")
    return shown if not notice else ProductsView(**{**shown.__dict__, "notice": f"Left out of the products set: {notice}."})


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@functools.lru_cache(maxsize=4)
def _dataset(where: str, version: str):
    # One dataset object per products version, shared by every filter set: it keeps the Parquet
    # footers it has read (row-group statistics, tens of MB at 10 M rows), which a new object
    # per filter change would read and parse again.
    found = products_store.read_manifest(where)
    parts = _files(where, found)
    if isinstance(parts, str):
        raise products_store.Unreadable(parts)
    return products_store.dataset(found, parts)


def _period(months: int):
    """How a figure's period is named: its year, or the same months of it."""
    return (lambda year: words.months_words(months, year)) if months else (lambda year: f"{year}")


@functools.lru_cache(maxsize=64)
def _select(where: str, facts: SetFacts, frozen: tuple, main: _Main | None = None) -> ProductsView:
    # Cached per products location, set version, filter set and data version: a filter seen
    # before costs nothing.
    values = dict(frozen)
    data = _dataset(where, facts.version)
    reporter, flow = values["reporter"], values["flow"]
    chosen_partner = values.get("partner", PAIR)
    partner = counterpart(reporter, list(facts.pairs)) if chosen_partner in (PAIR, "") else chosen_partner
    if partner is None:
        return ProductsView(True, None, None, None, "", f"The imported files hold no figures reported by {reporter}.")
    chosen = values["years"]
    months, reported, no_change, first = 0, {}, "", None
    if values.get("period", "years") == "months":
        reported = products_store.months_reported(data, reporter, partner, flow, chosen)
        found = metrics.same_months(reported)
        if found is None:
            return ProductsView(True, None, None, None, "", f"No monthly product figures of "
                                f"{words.flow_words(reporter, partner, flow)} from January in {chosen[0]}–{chosen[1]}: "
                                "compare whole years, widen the years, or import monthly files.")
        year, months = found
        # The same months of the year before, and only when that year has every one of them:
        # a sum over fewer months would read as a fall.
        gaps = metrics.missing_months(reported, year - 1, months)
        first = year if gaps else year - 1
        if gaps:
            no_change = f"{year - 1} has no monthly figures for {words.month_names(gaps)}, so no change is given"
    if values["level"] == TOTAL_LEVEL:
        return _totals(data, facts, values, reporter, partner, months, reported, main)
    return _products(data, facts, values, reporter, partner, months, reported, first, no_change)


def _products(data, facts: SetFacts, values: dict, reporter: str, partner: str, months: int,
              reported: dict[int, set[int]], first: int | None, no_change: str) -> ProductsView:
    flow, chosen, level = values["flow"], values["years"], int(values["level"])
    chapter = _digits(values["chapter"])
    condition = products_store.condition(reporter, partner, flow, level, chapter, months=months)
    own = products_store.sums_by_code_and_year(data, condition, *((first, max(reported)) if months else chosen),
                                               ends_only=True)
    if not own.years:
        return ProductsView(True, None, None, None, "", f"No {'monthly' if months else 'annual'} product figures of "
                            f"{words.flow_words(reporter, partner, flow)} match: widen the years, choose another partner, "
                            "flow or level, or clear the HS code.")
    # Growth between the first and last years the range holds figures for (a year of monthly
    # figures only has no annual product rows).
    first, last = own.years[0], own.years[-1]
    period = _period(months)
    # A partner's figure over fewer of the months would read as a gap: no mirror then.
    partner_reported = products_store.months_reported(data, partner, reporter, OPPOSITE[flow], chosen) if months else {}
    mirror_gaps = metrics.missing_months(partner_reported, last, months) if months else []
    mirror = (products_store.CodeYearSums.empty() if mirror_gaps else products_store.sums_by_code_and_year(
        data, products_store.condition(partner, reporter, OPPOSITE[flow], level, chapter, months=months), last, last))
    mirror_last = dict(zip(mirror.codes.to_pylist(), mirror.by_year[0])) if mirror.years else {}
    out = metrics.product_changes(own.frame(), first, last, mirror_last)
    top = out.dropna(subset=["last_usd"]).head(TOP)
    if last == first:  # one year: no second column of the same figures, and no growth
        out = out.drop(columns=["first_usd", "change_pct"])
    typed = values.get("product", "").strip()
    revisions = dict(facts.revisions)
    # In months mode the series sums the same months of each year, as the comparison does, and
    # only over years where that side has every one of the months.
    code = _digits(typed) or top["cmd_code"].iloc[0]
    named = out.loc[out["cmd_code"] == code, "cmd_desc"]
    series_parts, series_text, name = _series(data, values, reporter, partner, code, months,
                                              (reported, partner_reported) if months else None,
                                              None if named.empty else named.fillna("").iloc[0])
    if typed and not _digits(typed):
        series_text = f"“{typed[:40]}” is not an HS code, so the largest product is shown. {series_text}"
    # One unit for the whole view, from the largest figure it shows.
    money = [*top["last_usd"], *out.get("first_usd", []), *out["mirror_usd"],
             *(series_parts["value_usd"] if series_parts is not None else [])]
    unit = words.money_unit(money)
    ranked = pd.DataFrame({"product": top["cmd_code"] + " " + top["cmd_desc"].str.slice(0, 48),
                           "value": [words.in_unit(v, unit) for v in top["last_usd"]],
                           "value_label": [words.money_in(v, unit) for v in top["last_usd"]]})
    chart = charts.ranked_products(ranked, f"{words.flow_words(reporter, partner, flow)}, {period(last)}: largest products",
                                   f"{LEVELS[values['level']]}{', within ' + _digits(values['chapter']) if _digits(values['chapter']) else ''}; "
                                   f"as {reporter} reports; {unit.name}", source_note=facts.source_note, unit=unit.name)
    series = None
    if series_parts is not None:
        caution = words.series_revision_note(revisions, (reporter, partner), sorted(set(series_parts["year"])))
        span = words.months_span(months) if months else ""
        frame = series_parts.assign(value=[words.in_unit(v, unit) for v in series_parts["value_usd"]],
                                    value_label=[words.money_in(v, unit) for v in series_parts["value_usd"]]
                                    ).drop(columns="value_usd")
        series = charts.product_series(frame, tuple(values["years"]),
                                       f"HS {code} {name[:60]}: {span + ' of ' if months else ''}each year",
                                       "Each side's own figure for the same trade; where the lines part, they disagree"
                                       + (f". {caution}" if caution else ""), source_note=facts.source_note,
                                       unit=unit.name)
    chapter = _digits(values["chapter"])
    description = (f"{reporter} {flow} {partner} {words.months_span(months) + ' ' if months else ''}"
                   f"{first}-{last} HS{values['level']}{' ' + chapter if chapter else ''}")
    if mirror.years:
        mirror_words = f"the mirror column is {partner}'s own {OPPOSITE[flow]} of the same products in {period(last)}"
    elif mirror_gaps:
        mirror_words = (f"{partner} has no monthly figures of its {OPPOSITE[flow]} for "
                        f"{words.month_names(mirror_gaps)} {last}, so there is no mirror figure")
    else:
        mirror_words = (f"{partner} reports no {OPPOSITE[flow]} of these products in {period(last)}, so there is no "
                        "mirror figure")
    shown = pd.DataFrame({"cmd_code": out["cmd_code"], "cmd_desc": out["cmd_desc"]})
    for column in ("first", "last", "mirror", "gap"):
        if f"{column}_usd" in out:
            shown[column] = [words.in_unit(v, unit) for v in out[f"{column}_usd"]]
        if column == "last" and "change_pct" in out:
            shown["change_pct"] = out["change_pct"].round(1)
    shown["gap_pct"] = out["gap_pct"].round(1)
    # Short headings: a table wider than the page hides its last columns behind a scroll.
    labels = {"cmd_code": "HS code", "cmd_desc": "Product", "first": f"{period(first)}, {unit.name}",
              "last": f"{period(last)}, {unit.name}", "change_pct": "Change, %",
              "mirror": f"{partner}'s {OPPOSITE[flow]}, {period(last)}, {unit.name}", "gap": f"Gap, {unit.name}",
              "gap_pct": f"Gap, % of {partner}'s"}
    count = (f"{len(out):,} product{'' if len(out) == 1 else 's'}; "
             + (f"{'change' if months else 'growth'} from {period(first)} to {period(last)}" if last > first
                else no_change or f"figures of {period(last)} only, so no growth")
             + f"; {mirror_words}")
    return ProductsView(True, chart, table(shown, labels=labels),
                        Download(out, PAGE, description, version=facts.version,
                                 shape=functools.partial(with_revisions, revisions=revisions, reporter=reporter,
                                                         partner=partner, first=first, last=last,
                                                         mirrored=bool(mirror.years))),
                        count, "", series, series_text, VALUATION_NOTE if mirror.years else "",
                        words.revision_note(revisions, reporter, partner, first, last, bool(mirror.years)),
                        unit=unit.name)


def with_revisions(rows: pd.DataFrame, revisions: dict[tuple[str, int], tuple[str, ...]], reporter: str,
                   partner: str, first: int, last: int, mirrored: bool) -> pd.DataFrame:
    """The CSV's rows with the HS revision of each figure's column (Comtrade's codes: H6 is
    HS 2022), so a comparison across revisions can be told apart away from the page; as they
    are when the files did not name revisions."""
    if not revisions:
        return rows
    columns = {"first_hs_revision": (reporter, first), "last_hs_revision": (reporter, last)}
    if "first_usd" not in rows:   # a one-year view has one value column
        columns.pop("first_hs_revision")
    if mirrored:
        columns["mirror_hs_revision"] = (partner, last)
    return rows.assign(**{name: " ".join(revisions.get(key, ())) for name, key in columns.items()})


def _series(data, values: dict, reporter: str, partner: str, code: str, months: int = 0,
            coverage: tuple[dict[int, set[int]], dict[int, set[int]]] | None = None, name: str | None = None
            ) -> tuple[pd.DataFrame | None, str, str]:
    """One product's value each year over the chosen years, as the reporter gives it and as the
    partner gives the same trade (the mirror): (rows of year, value_usd and side; the words
    under the chart; the code's name). With `months`, each year's months 1 to `months` instead,
    kept only for the years in which that side (`coverage`) has all of them: a sum over fewer
    would read as a fall. `name` is the code's description when the caller has it, so the
    scans need not read it."""
    flow, years = values["flow"], values["years"]
    # One code: a few rows from each year's file, so several files are read at once (measured at
    # 1 M synthetic rows: the view's time over pyarrow's fell from about 1.45x to 1.2-1.35x).
    sides = [(words.flow_words(reporter, partner, flow) + f", as {reporter} reports", reporter,
              products_store.sums_by_code_and_year(
                  data, products_store.condition(reporter, partner, flow, code=code, months=months), *years,
                  files_at_once=SERIES_FILES_AT_ONCE, descriptions=name is None)),
             (words.flow_words(partner, reporter, OPPOSITE[flow]) + f", as {partner} reports", partner,
              products_store.sums_by_code_and_year(
                  data, products_store.condition(partner, reporter, OPPOSITE[flow], code=code, months=months), *years,
                  files_at_once=SERIES_FILES_AT_ONCE, descriptions=name is None))]
    parts, incomplete = [], []
    for (label, side, sums), reported in zip(sides, coverage or (None, None)):
        whole = [reported is None or not metrics.missing_months(reported, year, months) for year in sums.years]
        incomplete += [f"{side} {year}" for year, ok in zip(sums.years, whole) if not ok]
        if any(whole):
            parts.append(pd.DataFrame({"year": [y for y, ok in zip(sums.years, whole) if ok],
                                       "value_usd": [float(v[0]) for v, ok in zip(sums.by_year, whole) if ok],
                                       "side": label}))
    span = words.months_span(months) if months else ""
    left_out = (f"; left out, for a month without figures of the flow: {', '.join(incomplete)}" if incomplete else "")
    if not parts:
        return None, ((f"No figures of HS {code} for the whole of {span} " if months else
                       f"No annual figures of HS {code} ")
                      + f"in {years[0]}–{years[1]} for this pair and flow{left_out}."), ""
    frame = pd.concat(parts, ignore_index=True)
    if name is None:
        name = next(sums.descriptions[0].as_py() or "" for _, _, sums in sides if sums.years)
    if months:
        return frame, (f"HS {code}: {len(frame)} figure{'' if len(frame) == 1 else 's'} of {span}, one a year, from "
                       f"{len(parts)} reporting side{'' if len(parts) == 1 else 's'}{left_out}"), name
    return frame, (f"HS {code}: {len(frame)} annual figure{'' if len(frame) == 1 else 's'} from {len(parts)} "
                   f"reporting side{'' if len(parts) == 1 else 's'}"), name


# ---- all goods: Comtrade's totals beside the national figures -------------------------------


def _azerbaijan_flow(reporter: str, flow: str) -> str:
    """A reporter's flow as the main dataset names it (Azerbaijan's): China's exports to
    Azerbaijan are Azerbaijan's imports from China."""
    return flow if reporter == "AZE" else OPPOSITE[flow]


def _totals(data, facts: SetFacts, values: dict, reporter: str, partner: str, months: int,
            reported: dict[int, set[int]], main: _Main | None) -> ProductsView:
    """All goods (cmd_code TOTAL), each year in range: each side's Comtrade total, and, for
    Azerbaijan and China, the main dataset's national figures of the same flow, side and period
    beside them with the gap and whether they can agree (metrics.against_national)."""
    flow, years = values["flow"], values["years"]
    period = _period(months)
    partner_reported = products_store.months_reported(data, partner, reporter, OPPOSITE[flow], years) if months else {}
    sides = []
    for side, its_flow, coverage in ((reporter, flow, reported), (partner, OPPOSITE[flow], partner_reported)):
        counterpart_ = partner if side == reporter else reporter
        sums = products_store.sums_by_code_and_year(
            data, products_store.condition(side, counterpart_, its_flow, 0, months=months), *years,
            files_at_once=SERIES_FILES_AT_ONCE, descriptions=False)
        for year, column in zip(sums.years, sums.by_year):
            if months and metrics.missing_months(coverage, year, months):
                continue
            if len(column) and column[0] == column[0]:
                sides.append({"year": year, "reporter": side, "flow": its_flow, "comtrade_usd": float(column[0])})
    if not sides:
        return ProductsView(True, None, None, None, "", f"No {'monthly' if months else 'annual'} all-goods (TOTAL) "
                            f"figures of {words.flow_words(reporter, partner, flow)} or its mirror in "
                            f"{years[0]}–{years[1]}: import a file with cmdCode TOTAL, or widen the years.",
                            has_series=False)
    totals = pd.DataFrame(sides)
    compared = {reporter, partner} == set(MAIN_PAIR) and main is not None and main.dataset is not None
    if compared:
        main_flow = _azerbaijan_flow(reporter, flow)
        national = metrics.national_figures(trade_rows(main.dataset), main_flow, months or 12)
        sources = main.dataset["sources"].set_index("source_id")["title"]
        against = metrics.against_national(totals.assign(side=totals["reporter"].map(MAIN_PAIR))[
            ["year", "side", "comtrade_usd"]], national)
        against["reporter_iso"] = against["side"].map({v: k for k, v in MAIN_PAIR.items()})
        against["source_title"] = against["source_id"].map(sources).fillna("").astype("str")
    else:
        national = pd.DataFrame(columns=metrics.NATIONAL_COLUMNS, dtype="float64")
        against = None
    unit = words.money_unit([*totals["comtrade_usd"], *national["high_usd"].where(national["high_usd"] < float("inf"))])
    comtrade_label = {side: f"{words.flow_words(side, partner if side == reporter else reporter, its_flow)}, as "
                            f"{side} reports to UN Comtrade"
                      for side, its_flow in ((reporter, flow), (partner, OPPOSITE[flow]))}
    drawn = pd.DataFrame({"kind": "comtrade", "year": totals["year"], "side": totals["reporter"].map(comtrade_label),
                          "value": [words.in_unit(v, unit) for v in totals["comtrade_usd"]],
                          "value_label": [words.money_in(v, unit) for v in totals["comtrade_usd"]],
                          "low": float("nan"), "high": float("nan"), "range_label": "", "source": "UN Comtrade"})
    if compared and len(national):
        # A figure the research flags is listed in the table, never drawn.
        in_range = national[(national["year"] >= years[0]) & (national["year"] <= years[1])
                            & (national["confidence"] == "normal")]
        titles = main.dataset["sources"].set_index("source_id")["title"]
        drawn = pd.concat([drawn, pd.DataFrame({
            "kind": "national", "year": in_range["year"], "side": in_range["side"].map(SIDE_WORDS),
            "value": [words.in_unit(v, unit) for v in in_range["value_usd"]],
            "value_label": [words.money_in(v, unit, q) for v, q in zip(in_range["value_usd"], in_range["qualifier"])],
            "low": [words.in_unit(v, unit) for v in in_range["low_usd"]],
            "high": [words.in_unit(v, unit) for v in in_range["high_usd"]],
            "range_label": [words.money_gap(lo, hi, unit) for lo, hi in zip(in_range["low_usd"], in_range["high_usd"])],
            "source": in_range["source_id"].map(titles).fillna("").astype("str")})], ignore_index=True)
    title = f"{words.flow_words(reporter, partner, flow)}, all goods: {words.months_span(months) + ' of ' if months else ''}each year"
    subtitle = (f"UN Comtrade totals as each side reports them, and the national figures of the same flow (diamonds, "
                f"with the range their rounding allows); {unit.name}" if compared else
                f"UN Comtrade totals as each side reports them; {unit.name}")
    chart = charts.totals_against_national(drawn, tuple(years), title, subtitle, facts.source_note, unit.name)
    description = f"{reporter} {flow} {partner} {words.months_span(months) + ' ' if months else ''}{years[0]}-{years[1]} TOTAL"
    if against is None:
        rows = totals.assign(period=[period(y) for y in totals["year"]])
        shown = pd.DataFrame({"period": rows["period"], "reporter": rows["reporter"],
                              "comtrade": [words.in_unit(v, unit) for v in rows["comtrade_usd"]]})
        labels = {"period": "Period", "reporter": "Reported by", "comtrade": f"UN Comtrade, {unit.name}"}
        count = (f"{len(totals)} all-goods total{'' if len(totals) == 1 else 's'} from UN Comtrade; the main dataset "
                 f"holds national figures for Azerbaijan and China only, so none stand beside {reporter}–{partner}")
        return ProductsView(True, chart, table(shown, labels=labels),
                            Download(rows, PAGE, description, version=facts.version), count, "", unit=unit.name,
                            has_series=False)
    compared_rows = against[(against["year"] >= years[0]) & (against["year"] <= years[1])].reset_index(drop=True)
    shown = pd.DataFrame({
        "period": [period(y) for y in compared_rows["year"]], "reporter": compared_rows["reporter_iso"],
        "comtrade": [words.in_unit(v, unit) for v in compared_rows["comtrade_usd"]],
        "national": [words.money_in(v, unit, q) if v == v else ""
                     for v, q in zip(compared_rows["national_usd"], compared_rows["qualifier"])],
        "could_be": [words.money_gap(lo, hi, unit) if lo == lo else ""
                     for lo, hi in zip(compared_rows["national_low_usd"], compared_rows["national_high_usd"])],
        "gap": [words.money_gap(lo, hi, unit) if lo == lo else ""
                for lo, hi in zip(compared_rows["gap_low_usd"], compared_rows["gap_high_usd"])],
        "gap_pct": [words.percent_range(lo, hi) if lo == lo else ""
                    for lo, hi in zip(compared_rows["gap_pct_low"], compared_rows["gap_pct_high"])],
        "verdict": compared_rows["verdict"], "source": compared_rows["source_title"],
        "note": compared_rows["note"]})
    labels = {"period": "Period", "reporter": "Reported by", "comtrade": f"UN Comtrade, {unit.name}",
              "national": f"National figure, {unit.name}", "could_be": f"National figure could be, {unit.name}",
              "gap": f"Gap (Comtrade − national), {unit.name}", "gap_pct": "Gap, % of the national figure",
              "verdict": "Can they agree?", "source": "National figure's source", "note": "Note"}
    compared_count = int((compared_rows["record_id"] != "").sum())
    count = f"{len(totals)} all-goods total{'' if len(totals) == 1 else 's'} from UN Comtrade; " + (
        f"{words.plural(compared_count, 'national figure')} of the same flow, side and period beside them: "
        f"{words.verdict_counts(compared_rows.loc[compared_rows['record_id'] != '', 'verdict'])}"
        + (f"; {int((compared_rows['record_id'] == '').sum())} with no national figure"
           if (compared_rows["record_id"] == "").any() else "")
        if compared_count else "the main dataset holds no national figure of the same flow, side and period")
    return ProductsView(True, chart, table(shown, labels=labels),
                        Download(compared_rows.drop(columns=["side"]).rename(
                            columns={"reporter": "national_reporter", "reporter_iso": "comtrade_reporter"}), PAGE, description, version=facts.version),
                        count, "", mirror_note=NATIONAL_NOTE, unit=unit.name, has_series=False)
