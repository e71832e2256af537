"""Read the human-editable sources (CSV tables, Markdown articles) into Arrow tables.

Every problem names the file, the row (as a spreadsheet shows it: the header is row 1) and the
column, and all problems are collected before anything is reported, so one edit-run cycle fixes
them all.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pyarrow as pa
import yaml

from tradeviz import rules, schema
from tradeviz.schema import Problem, Table

CSV_TABLES = ("sources", "policy_areas", "trade", "milestones", "indicators")
LIST_SEPARATOR = ";"
FRONT_MATTER_FENCE = "---"
# Front-matter fields an article may leave out, and what they then are: an article is whole and
# has no address unless it says otherwise (the seeds and a user's own articles).
FRONT_MATTER_DEFAULTS = {"content": "full", "url": None}


class RecordsInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def parse_cell(text: str, column: schema.Column):
    """Turn one CSV cell into the column's Python value; raise ValueError with a readable reason."""
    text = text.strip()
    if pa.types.is_list(column.type):
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    if text == "":
        return None
    if pa.types.is_date32(column.type):
        return parse_iso_date(text)
    if pa.types.is_floating(column.type):
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{text!r} is not a finite number")
        return number
    return text


def parse_iso_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD") from None


def read_csv_table(path: Path, table: Table, label: str | None = None) -> tuple[pa.Table, list[Problem]]:
    label = label or path.as_posix()
    problems: list[Problem] = []
    try:
        # "utf-8-sig": a spreadsheet's "CSV UTF-8" starts with a byte-order mark, which would
        # otherwise glue itself to the first column's name.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        return table.arrow_schema.empty_table(), [Problem(label, "file is missing")]
    except UnicodeDecodeError as exc:
        return table.arrow_schema.empty_table(), [Problem(label, f"is not UTF-8 text ({exc.reason})")]
    if not rows:
        return table.arrow_schema.empty_table(), [Problem(label, "file is empty, expected a header row")]
    header = [h.strip() for h in rows[0]]
    for name in table.column_names:
        if name not in header:
            problems.append(Problem(label, "column is missing from the header", row=1, column=name))
    for name in header:
        if name not in table.column_names:
            problems.append(Problem(label, "is not a column of this table", row=1, column=name))
    if problems:
        return table.arrow_schema.empty_table(), problems

    columns: dict[str, list] = {name: [] for name in table.column_names}
    for offset, cells in enumerate(rows[1:]):
        row_number = offset + 2
        if len(cells) != len(header):
            problems.append(
                Problem(label, f"has {len(cells)} cells, the header has {len(header)}", row=row_number)
            )
            continue
        by_name = dict(zip(header, cells))
        for column in table.columns:
            try:
                columns[column.name].append(parse_cell(by_name[column.name], column))
            except ValueError as exc:
                problems.append(Problem(label, str(exc), row=row_number, column=column.name))
                columns[column.name].append(None)
    if problems:
        return table.arrow_schema.empty_table(), problems
    data = _to_arrow(columns, table)
    problems.extend(schema.value_problems(table, data, label, first_row=2))
    return data, problems


def _to_arrow(columns: dict[str, list], table: Table) -> pa.Table:
    # Nullability is checked by value_problems with row numbers; building with nullable fields
    # first means a missing required cell is reported, not raised by Arrow.
    loose = pa.schema([pa.field(f.name, f.type, nullable=True) for f in table.arrow_schema])
    return pa.Table.from_pydict(columns, schema=loose)


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter YAML, body) of a Markdown file that starts with a '---' fence."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ValueError("does not start with a '---' front-matter line")
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]).strip("\n")
    raise ValueError("front matter has no closing '---' line")


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """The YAML error with the line of the file where it was noticed (the front matter starts on
    line 2) and, for an unclosed list or quote, the line where that began."""
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return f"front matter is not valid YAML: {what}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    began = (f" ({context.removeprefix('while parsing ')} from line {context_mark.line + 2})"
             if context and context_mark is not None and context_mark.line != mark.line else "")
    return f"line {mark.line + 2}: front matter is not valid YAML: {what}{began}"


def read_article(path: Path, label: str | None = None) -> tuple[dict | None, list[Problem]]:
    label = label or path.as_posix()
    table = schema.ARTICLES
    try:
        front, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        return None, [Problem(label, _yaml_problem(exc))]
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [Problem(label, str(exc).splitlines()[0])]
    if not isinstance(meta, dict):
        return None, [Problem(label, "front matter is not a mapping of field: value")]
    problems = []
    record: dict = {}
    for column in table.columns:
        if column.name == "text":
            record["text"] = body
            continue
        if column.name not in meta and column.name in FRONT_MATTER_DEFAULTS:
            record[column.name] = FRONT_MATTER_DEFAULTS[column.name]
            continue
        if column.name not in meta:
            problems.append(Problem(label, "field is missing from the front matter", column=column.name))
            continue
        value = meta[column.name]
        try:
            if value is None:
                record[column.name] = None
            elif pa.types.is_list(column.type):
                if not isinstance(value, list):
                    raise ValueError(f"{value!r} is not a list such as [trade, energy]")
                record[column.name] = [str(v) for v in value]
            elif pa.types.is_date32(column.type):
                record[column.name] = parse_iso_date(value)
            else:
                record[column.name] = str(value)
        except ValueError as exc:
            problems.append(Problem(label, str(exc), column=column.name))
    for name in meta:
        if name not in table.column_names:
            problems.append(Problem(label, "is not a field of an article", column=name))
    if path.stem != record.get("article_id"):
        problems.append(
            Problem(label, f"article_id {record.get('article_id')!r} differs from the file name", column="article_id")
        )
    return (None if problems else record), problems


def read_articles(folder: Path, root: Path) -> tuple[pa.Table, list[Problem]]:
    records, problems = [], []
    for path in sorted(folder.glob("*.md")):
        record, found = read_article(path, path.relative_to(root).as_posix())
        problems.extend(found)
        if record is not None:
            records.append(record)
    columns = {c: [r[c] for r in records] for c in schema.ARTICLES.column_names}
    data = _to_arrow(columns, schema.ARTICLES)
    # Article files have no rows; report the file instead of a row number.
    for p in schema.value_problems(schema.ARTICLES, data, "data/articles", first_row=0):
        name = f"data/articles/{records[p.row]['article_id']}.md" if p.row is not None else p.file
        problems.append(Problem(name, p.message, column=p.column))
    return data, problems


def read_all(data_dir: Path) -> tuple[dict[str, pa.Table], list[Problem]]:
    """Read every editable source under data_dir (data/sources/*.csv, data/articles/*.md)."""
    root = data_dir.parent
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    for name in CSV_TABLES:
        path = data_dir / "sources" / f"{name}.csv"
        tables[name], found = read_csv_table(path, schema.TABLES[name], path.relative_to(root).as_posix())
        problems.extend(found)
    tables["articles"], found = read_articles(data_dir / "articles", root)
    problems.extend(found)
    problems.extend(rules.cross_table_problems(tables))
    return tables, problems
