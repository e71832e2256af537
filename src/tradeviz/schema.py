"""Every table of the dataset: its columns, their types, and the values a column may take.

`records` checks the editable sources against these definitions, `build` writes Parquet with
these exact schemas, and `store` refuses a Parquet file whose schema differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

LIST_OF_STRINGS = pa.list_(pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    required: bool = True
    allowed: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: tuple[Column, ...]
    description: str = ""
    foreign_keys: dict[str, str] = field(default_factory=dict)  # column -> table name

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type, nullable=not c.required) for c in self.columns]
        )

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


SOURCE_KINDS = (
    "article",
    "news_report",
    "interview",
    "official_statement",
    "statistics_release",
    "reference",
    "blog",
)
RELIABILITIES = ("normal", "low", "mirror")
REPORTERS = (
    "az_customs",
    "az_ministry",
    "az_official",
    "cn_statistics",
    "cn_official",
    "news_agency",
    "press_article",
    "blog",
)
REPORTER_LABELS = {
    "az_customs": "Azerbaijan State Customs Committee",
    "az_ministry": "Azerbaijan Ministry of Economy",
    "az_official": "Azerbaijani official (quoted)",
    "cn_statistics": "Chinese-side statistics",
    "cn_official": "Chinese diplomat (quoted)",
    "news_agency": "News agency (basis not stated)",
    "press_article": "Seed news article",
    "blog": "Blog (low reliability)",
}
STAT_BASES = ("azerbaijan", "china", "not_stated")
FLOWS = (
    "turnover",
    "exports",
    "imports",
    "trading_partner_rank",
    "import_source_rank",
    "share_of_trade",
    "share_of_imports",
)
FLOW_LABELS = {
    "turnover": "Trade turnover",
    "exports": "Azerbaijan's exports to China",
    "imports": "Azerbaijan's imports from China",
    "trading_partner_rank": "China's rank among Azerbaijan's trading partners",
    "import_source_rank": "China's rank among Azerbaijan's import sources",
    "share_of_trade": "China's share of Azerbaijan's foreign trade",
    "share_of_imports": "China's share of Azerbaijan's imports",
}
MONEY_FLOWS = ("turnover", "exports", "imports")
UNITS = ("usd_million", "rank", "percent")
QUALIFIERS = ("exact", "about", "more_than", "less_than")
QUALIFIER_SYMBOLS = {"exact": "", "about": "~", "more_than": ">", "less_than": "<"}
GROWTH_UNITS = ("percent", "multiple")
CONFIDENCES = ("normal", "low", "inconsistent")
DATE_PRECISIONS = ("day", "month", "year", "undated")
# Whether a statement reports something that took place (or held) by its source's date, or
# something announced as still to come: "2026 is set to be declared the Year of Azerbaijani
# Tourism in China" is planned; it is never a policy area's latest event.
MILESTONE_STATUSES = ("occurred", "planned")
MILESTONE_KINDS = (
    "visit",
    "agreement",
    "summit",
    "meeting",
    "institution",
    "tourism",
    "transport",
    "energy",
    "health",
    "status",
    "announcement",
    "other",
)
INDICATOR_UNITS = (
    "count",
    "usd_million",
    "cny_million",
    "percent",
    "thousand_tonnes",
    "teu",
    "megawatt",
    "multiple",
    "per_week",
)
TITLE_ORIGINS = ("seed", "editorial")
# "full": the whole article (the seeds, a user's own articles); "excerpts": only the sentences
# the dataset's records cite, for a source the project may not republish (with its address).
ARTICLE_CONTENTS = ("full", "excerpts")

SOURCES = Table(
    name="sources",
    key="source_id",
    description="Every document a record comes from.",
    columns=(
        Column("source_id", pa.string(), description="short slug"),
        Column("kind", pa.string(), allowed=SOURCE_KINDS),
        Column("title", pa.string()),
        Column("publisher", pa.string(), required=False),
        Column("author", pa.string(), required=False),
        Column("published", pa.date32(), required=False, description="publication day, when known"),
        Column("published_label", pa.string(), description="what is known of the date, e.g. '2013'"),
        Column("url", pa.string(), required=False, description="empty only for the seed articles"),
        Column("reliability", pa.string(), allowed=RELIABILITIES),
        Column("note", pa.string(), required=False),
    ),
)

POLICY_AREAS = Table(
    name="policy_areas",
    key="area_id",
    description="The policy areas that milestones, figures and articles are tagged with.",
    columns=(
        Column("area_id", pa.string()),
        Column("name", pa.string()),
        Column("description", pa.string()),
    ),
)

TRADE = Table(
    name="trade",
    key="record_id",
    description="One row per reported trade figure, as its source states it.",
    foreign_keys={"source_id": "sources"},
    columns=(
        Column("record_id", pa.string()),
        Column("reporter", pa.string(), allowed=REPORTERS, description="who produced the number"),
        Column("reporter_detail", pa.string(), description="who exactly, in words"),
        Column("stat_basis", pa.string(), allowed=STAT_BASES, description="whose statistics, as stated"),
        Column("flow", pa.string(), allowed=FLOWS),
        Column("period_start", pa.date32(), required=False),
        Column("period_end", pa.date32(), required=False),
        Column("period_label", pa.string()),
        Column("value", pa.float64(), required=False, description="empty for a growth-only statement"),
        Column("unit", pa.string(), allowed=UNITS),
        Column("qualifier", pa.string(), allowed=QUALIFIERS),
        Column("growth_reported", pa.float64(), required=False, description="growth as the source states it"),
        Column("growth_unit", pa.string(), required=False, allowed=GROWTH_UNITS),
        Column("growth_qualifier", pa.string(), required=False, allowed=QUALIFIERS),
        Column("growth_basis", pa.string(), required=False),
        Column("source_id", pa.string()),
        Column("source_sentence", pa.string(), required=False, description="exact sentence, for articles"),
        Column("confidence", pa.string(), allowed=CONFIDENCES),
        Column("note", pa.string(), required=False),
    ),
)

MILESTONES = Table(
    name="milestones",
    key="milestone_id",
    description="Diplomatic and policy milestones, one row per source statement.",
    foreign_keys={"source_id": "sources"},
    columns=(
        Column("milestone_id", pa.string()),
        Column("event_key", pa.string(), description="shared by rows about the same event"),
        Column("date_start", pa.date32(), required=False),
        Column("date_end", pa.date32(), required=False),
        Column("date_precision", pa.string(), allowed=DATE_PRECISIONS),
        Column("date_label", pa.string()),
        Column("title", pa.string()),
        Column("summary", pa.string()),
        Column("kind", pa.string(), allowed=MILESTONE_KINDS),
        Column("status", pa.string(), allowed=MILESTONE_STATUSES,
               description="occurred: took place, or held, by the source's date; planned: announced as still to come"),
        Column("actors", LIST_OF_STRINGS),
        Column("policy_areas", LIST_OF_STRINGS),
        Column("source_id", pa.string()),
        Column("source_sentence", pa.string(), required=False),
        Column("confidence", pa.string(), allowed=CONFIDENCES),
        Column("note", pa.string(), required=False),
    ),
)

INDICATORS = Table(
    name="indicators",
    key="indicator_id",
    description="Context figures that are not bilateral trade flows (investment, trains, visitors...).",
    foreign_keys={"source_id": "sources"},
    columns=(
        Column("indicator_id", pa.string()),
        Column("period_start", pa.date32(), required=False),
        Column("period_end", pa.date32(), required=False),
        Column("period_label", pa.string()),
        Column("measure", pa.string()),
        Column("value", pa.float64()),
        Column("unit", pa.string(), allowed=INDICATOR_UNITS),
        Column("qualifier", pa.string(), allowed=QUALIFIERS),
        Column("policy_area", pa.string()),
        Column("source_id", pa.string()),
        Column("note", pa.string(), required=False),
    ),
)

ARTICLES = Table(
    name="articles",
    key="article_id",
    description="Source articles: the seeds in full, other articles as the sentences the records cite.",
    foreign_keys={"source_id": "sources"},
    columns=(
        Column("article_id", pa.string()),
        Column("source_id", pa.string()),
        Column("title", pa.string()),
        Column("title_origin", pa.string(), allowed=TITLE_ORIGINS),
        Column("published", pa.date32()),
        Column("author", pa.string(), required=False),
        Column("author_role", pa.string(), required=False),
        Column("publisher", pa.string(), required=False),
        Column("policy_areas", LIST_OF_STRINGS),
        Column("content", pa.string(), allowed=ARTICLE_CONTENTS,
               description="full: the whole article; excerpts: only the sentences the records cite"),
        Column("url", pa.string(), required=False,
               description="address of the original article; required for excerpts"),
        Column("text", pa.large_string()),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (SOURCES, POLICY_AREAS, TRADE, MILESTONES, INDICATORS, ARTICLES)
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one file), phrased so an editor can find and fix it."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


def schema_problems(table: Table, actual: pa.Schema, file: str) -> list[Problem]:
    """Columns missing, unexpected, or of the wrong type compared with the table's definition."""
    problems = []
    expected = table.arrow_schema
    for f in expected:
        if f.name not in actual.names:
            problems.append(Problem(file, "column is missing", column=f.name))
        elif not actual.field(f.name).type.equals(f.type):
            problems.append(
                Problem(
                    file,
                    f"has type {actual.field(f.name).type}, expected {f.type}",
                    column=f.name,
                )
            )
    for name in actual.names:
        if name not in expected.names:
            problems.append(Problem(file, "is not a column of this table", column=name))
    return problems


# A column wrong on every row of a large file would otherwise list a million problems.
MAX_PROBLEMS_PER_RULE = 200


def value_problems(table: Table, data: pa.Table, file: str, first_row: int) -> list[Problem]:
    """Required cells that are empty, values outside their allowed set, duplicate keys.

    `first_row` is the row number to report for the first record (2 for a CSV with a header
    line, so the number matches what a spreadsheet shows; 0 for a Parquet row index).
    Checked column by column with Arrow compute, so a million rows cost milliseconds; only the
    rows that fail are turned into Python objects, at most MAX_PROBLEMS_PER_RULE per rule.
    """
    problems: list[Problem] = []
    for col in table.columns:
        if col.name not in data.column_names:
            continue
        values = data.column(col.name).combine_chunks() if data.num_rows else pa.array([], data.column(col.name).type)
        is_list = pa.types.is_list(values.type) or pa.types.is_large_list(values.type)
        empty = pc.is_null(values)
        if is_list:
            empty = pc.or_(empty, pc.equal(pc.fill_null(pc.list_value_length(values), 0), 0))
        empty = pc.fill_null(empty, True)
        found: list[tuple[int, str]] = []
        if col.required:
            found += [(row, "is empty but required") for row in _rows_where(empty)]
        if col.allowed:
            allowed = pa.array(col.allowed, pa.string())
            if is_list:
                items = pc.list_flatten(values)
                bad_items = pc.invert(pc.fill_null(pc.is_in(items, value_set=allowed), False))
                parents = pc.filter(pc.list_parent_indices(values), bad_items).to_pylist()
                bad_values = pc.filter(items, bad_items).to_pylist()
                by_row: dict[int, set] = {}
                for row, item in zip(parents, bad_values):
                    by_row.setdefault(row, set()).add(item)
                found += [(row, _not_allowed(sorted(bad, key=str), col.allowed)) for row, bad in sorted(by_row.items())]
            else:
                bad = pc.and_(pc.invert(empty), pc.invert(pc.fill_null(pc.is_in(values, value_set=allowed), False)))
                rows = _rows_where(bad)
                picked = values.take(pa.array(rows, pa.int64())).to_pylist() if rows else []
                found += [(row, _not_allowed([value], col.allowed)) for row, value in zip(rows, picked)]
        found.sort(key=lambda item: item[0])
        problems += [Problem(file, message, first_row + row, col.name) for row, message in _capped(found, file, col.name)]
    if table.key in data.column_names and data.num_rows:
        keys = data.column(table.key).to_pandas()
        repeated = keys.duplicated(keep="first") & keys.notna()
        if repeated.any():
            first_seen = keys[~keys.duplicated(keep="first")]
            first_row_of = dict(zip(first_seen.to_numpy(), first_seen.index.to_numpy()))
            found = [(int(row), f"{key!r} repeats row {first_row + int(first_row_of[key])}")
                     for row, key in zip(keys.index[repeated], keys[repeated])]
            problems += [Problem(file, message, first_row + row, table.key)
                         for row, message in _capped(found, file, table.key)]
    return problems


def _rows_where(mask: pa.Array) -> list[int]:
    return pc.indices_nonzero(mask).to_pylist()


def _not_allowed(bad: list, allowed: tuple[str, ...]) -> str:
    return f"{', '.join(repr(b) for b in bad)} is not one of {', '.join(allowed)}"


def _capped(found: list[tuple[int, str]], file: str, column: str) -> list[tuple[int, str]]:
    if len(found) <= MAX_PROBLEMS_PER_RULE:
        return found
    kept = found[:MAX_PROBLEMS_PER_RULE]
    last_row = kept[-1][0]
    return kept + [(last_row, f"… and {len(found) - MAX_PROBLEMS_PER_RULE} more rows like these")]
