"""The products table: its columns, its key, and the rules its values keep.

One table of value rules (RULES) is checked column-wise, on Arrow batches, by both writers of a
products set: the importer (tradeviz.comtrade), on the rows it has read from Comtrade's files,
and registration (tradeviz.products_writer), on the rows another engine wrote. One key (KEY)
makes a row unique in both. A problem is named by file and line (or row) and says what rule it
breaks; past SHOWN_PER_RULE of a kind, the rest are counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SCHEMA = pa.schema([
    ("reporter_code", pa.int32()), ("reporter_iso", pa.string()), ("partner_code", pa.int32()),
    ("partner_iso", pa.string()), ("flow", pa.string()), ("freq", pa.string()), ("year", pa.int16()),
    ("month", pa.int8()), ("cmd_code", pa.string()), ("cmd_desc", pa.string()), ("aggr_level", pa.int8()),
    ("is_leaf", pa.bool_()), ("value_usd", pa.float64()), ("net_weight_kg", pa.float64()), ("qty", pa.float64()),
    ("qty_unit", pa.string()), ("source_file", pa.string()), ("source_line", pa.int32()),
])
# A set is stored one Parquet file per reporter and year, under hive folders of these columns.
PARTITIONING = ("reporter_iso", "year")
# What makes a row unique: one figure per reporter, year, partner, flow, period and code. The
# view sums rows by code, so two rows with one key would count a figure twice.
KEY = ("reporter_iso", "year", "partner_iso", "flow", "freq", "month", "cmd_code")
# The rows a total and its children share: the key less the code.
FIGURE = KEY[:-1]
FLOWS = ("imports", "exports", "re-imports", "re-exports")
TOTAL = "TOTAL"
# UN Comtrade's codes of the Harmonized System's revisions (classificationCode, "HS as
# reported"): a code may be split, merged or redefined from one revision to the next.
HS_REVISIONS = {"H0": "HS 1992", "H1": "HS 1996", "H2": "HS 2002", "H3": "HS 2007", "H4": "HS 2012",
                "H5": "HS 2017", "H6": "HS 2022"}
# Rows named per problem kind before the rest of that kind is only counted.
SHOWN_PER_RULE = 5
TOLERANCE = 0.01  # a total within 1 % of its children's sum agrees (rounding)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line is not None else self.file
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


def revision_names(codes: tuple[str, ...]) -> str:
    """'HS 2012 (H4)'; several joined with "and"; a code this list does not know as it is."""
    return " and ".join(f"{HS_REVISIONS[code]} ({code})" if code in HS_REVISIONS else code for code in codes)


def level_of(codes: pa.Array) -> pa.Array:
    """The level of each code: 0 for TOTAL, else its number of digits."""
    return pc.if_else(pc.equal(codes, TOTAL), pa.scalar(0, pa.int8()), pc.cast(pc.utf8_length(codes), pa.int8()))


# ---- the value rules ------------------------------------------------------------------------


def _not(mask) -> pa.Array:
    """Rows where `mask` is not true (a null, from a missing value, breaks the rule)."""
    return pc.invert(pc.fill_null(mask, False))


@dataclass(frozen=True)
class Rule:
    """A value rule: `column` breaks it where `broken(rows)` is true; `says` completes the
    sentence "<column> <value> …"."""
    column: str
    says: str
    broken: Callable[[pa.Table | pa.RecordBatch], pa.Array]


RULES = (
    Rule("freq", "is not A (annual) or M (monthly)", lambda t: _not(pc.is_in(t["freq"], pa.array(["A", "M"])))),
    Rule("year", "is not a year from 1950 to 2100",
         lambda t: _not(pc.and_(pc.greater_equal(t["year"], 1950), pc.less_equal(t["year"], 2100)))),
    Rule("month", "is not a month (1 to 12) of a monthly row",
         lambda t: pc.and_(pc.fill_null(pc.equal(t["freq"], "M"), False),
                           _not(pc.and_(pc.greater_equal(t["month"], 1), pc.less_equal(t["month"], 12))))),
    Rule("month", "is given on an annual row (which has none)",
         lambda t: pc.and_(pc.fill_null(pc.equal(t["freq"], "A"), False), pc.is_valid(t["month"]))),
    Rule("flow", f"is not one of {', '.join(FLOWS)} (Comtrade's M, X, RM, RX; legacy 1 to 4)", lambda t: _not(pc.is_in(t["flow"], pa.array(FLOWS)))),
    Rule("cmd_code", "is not TOTAL or an HS code of 2, 4 or 6 digits",
         lambda t: _not(pc.match_substring_regex(t["cmd_code"], r"^(TOTAL|\d{2}|\d{4}|\d{6})$"))),
    Rule("aggr_level", "is not the code's level (0 for TOTAL, else its digits)",
         lambda t: _not(pc.equal(t["aggr_level"], level_of(t["cmd_code"])))),
    Rule("value_usd", "is not a number of 0 or more",
         lambda t: _not(pc.and_(pc.greater_equal(t["value_usd"], 0), pc.is_finite(t["value_usd"])))),
    Rule("net_weight_kg", "is negative", lambda t: pc.fill_null(pc.less(t["net_weight_kg"], 0), False)),
    Rule("qty", "is negative", lambda t: pc.fill_null(pc.less(t["qty"], 0), False)),
    Rule("reporter_iso", "is missing", lambda t: _not(pc.greater(pc.utf8_length(t["reporter_iso"]), 0))),
    Rule("partner_iso", "is missing", lambda t: _not(pc.greater(pc.utf8_length(t["partner_iso"]), 0))),
)


def _shown(value) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def broken_rules(rows: pa.Table | pa.RecordBatch, shown: dict[str, int],
                 named: Callable[[int], tuple[str, int | None, str]], names: dict[str, str] | None = None
                 ) -> list[Problem]:
    """Every value in `rows` that breaks a rule of RULES, named by `named(index)` → (file,
    line or None, a prefix such as "row 12: "), the column by `names` (the file's own name for
    it) where given; `shown` counts each rule's rows across calls so that only SHOWN_PER_RULE of
    each are named (`hidden_counts` gives the rest)."""
    names = names or {}
    problems = []
    for rule in RULES:
        bad = np.flatnonzero(rule.broken(rows).to_numpy(zero_copy_only=False))
        key = f"{rule.column} {rule.says}"
        for at in bad:
            shown[key] = shown.get(key, 0) + 1
            if shown[key] <= SHOWN_PER_RULE:
                file, line, prefix = named(int(at))
                value = rows[rule.column][int(at)].as_py()
                column = names.get(rule.column, rule.column)
                problems.append(Problem(file, line, f"{prefix}{column} {_shown(value)} {rule.says}"))
    return problems


def hidden_counts(shown: dict[str, int], where: str) -> list[Problem]:
    """One problem per rule broken more often than SHOWN_PER_RULE, counting the rows not named."""
    return [Problem(where, None, f"{n - SHOWN_PER_RULE:,} more rows where {rule}")
            for rule, n in shown.items() if n > SHOWN_PER_RULE]


# ---- the key and the totals -----------------------------------------------------------------


def _keyed(rows: pa.Table) -> pa.Table:
    """KEY (an annual row's missing month as 0, which no monthly row has), value_usd, and each
    row's position in `rows` (index)."""
    columns = {name: rows[name] for name in KEY}
    columns["month"] = pc.fill_null(rows["month"], 0)
    return pa.table({**columns, "value_usd": rows["value_usd"],
                     "index": pa.array(np.arange(rows.num_rows, dtype=np.int64))})


def repeats(rows: pa.Table) -> pa.Table:
    """The rows whose KEY an earlier row has: columns index (the repeat) and first (the row it
    repeats), in index order. Counting keys by a hash finds none in the usual case; only then
    are the repeats joined to their first rows."""
    keyed = _keyed(rows)
    firsts = keyed.group_by(list(KEY), use_threads=False).aggregate([("index", "min")])
    if firsts.num_rows == rows.num_rows:
        return pa.table({"index": pa.array([], pa.int64()), "first": pa.array([], pa.int64())})
    joined = keyed.select([*KEY, "index"]).join(firsts, keys=list(KEY), use_threads=False)
    again = joined.filter(pc.not_equal(joined["index"], joined["index_min"]))
    return pa.table({"index": again["index"], "first": again["index_min"]}).sort_by("index")


def totals_over_children(rows: pa.Table) -> pa.Table:
    """The totals among `rows` (the first row of each key) that are below the sum of their
    children in the same FIGURE group (a chapter and its headings, or TOTAL and its chapters):
    columns index (the total's position in `rows`), total and value_usd_sum, in index order.
    Children below their total are normal (a download of some chapters only, or confidential
    trade); children above it cannot both be right."""
    keyed = _keyed(rows)
    unique = repeats(rows)
    if unique.num_rows:
        keyed = keyed.filter(_not(pc.is_in(keyed["index"], unique["index"])))
    code = keyed["cmd_code"]
    length = pc.utf8_length(code)
    parent = pc.if_else(pc.equal(length, 2), pa.scalar(TOTAL),
                        pc.if_else(pc.equal(length, 4), pc.utf8_slice_codeunits(code, 0, 2),
                                   pc.if_else(pc.equal(length, 6), pc.utf8_slice_codeunits(code, 0, 4),
                                              pa.scalar(None, pa.string()))))
    group = list(FIGURE)
    children = (keyed.select([*group, "value_usd"]).append_column("parent", parent).filter(pc.is_valid(parent))
                .group_by([*group, "parent"], use_threads=False).aggregate([("value_usd", "sum")]))
    parents = pa.table({**{name: keyed[name] for name in group}, "parent": code, "total": keyed["value_usd"],
                        "index": keyed["index"]})
    both = children.join(parents, keys=[*group, "parent"], use_threads=False)
    totals, sums = both["total"], both["value_usd_sum"]
    limit = pc.add(totals, pc.multiply(pc.max_element_wise(totals, pa.scalar(1.0)), pa.scalar(TOLERANCE)))
    return both.filter(pc.greater(sums, limit)).select(["index", "total", "value_usd_sum"]).sort_by("index")


def figure_words(row: dict) -> str:
    """'imports 84 2024-03, partner CHN' for a row of the table (a dict of its columns)."""
    month = f"-{row['month']:02d}" if row.get("month") else ""
    return f"{row['flow']} {row['cmd_code']} {row['year']}{month}, partner {row['partner_iso']}"
