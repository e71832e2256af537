"""Read the human-editable sources (CSV tables, Markdown articles) into Arrow tables.

Every problem names the file, the row (as a spreadsheet shows it: the header is row 1) and the
column, and all problems are collected before anything is reported, so one edit-run cycle fixes
them all.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import math
import re
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
# The ids an article and its source may have: they become file names (data/articles/<id>.md)
# and parts of other ids, so only lower-case letters, digits, "-" and "_", starting with a letter
# or a digit, at most 64 characters (no "..", no hidden file, no space or markup).
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
SAFE_ID_TEXT = ("lower-case letters, digits, '-' and '_', starting with a letter or a digit, "
                "at most 64 characters")
# An article larger than this is refused (a news article is some kilobytes; 1 MB is a book).
MAX_ARTICLE_BYTES = 1_000_000
# The longest cell a source CSV may hold: larger than any article, so a sentence always fits; the
# csv module's own default (131,072 characters) would raise on a long cell instead of naming it.
MAX_CELL_CHARS = 2 * MAX_ARTICLE_BYTES
csv.field_size_limit(MAX_CELL_CHARS)


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


class Unreadable(Exception):
    """A source file that cannot be read as CSV text; str() names the file and the reason."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_csv_rows(path: Path, label: str | None = None) -> list[list[str]]:
    """Every row of a CSV file as cells of text, the header first. Raises Unreadable, naming the
    file, when it is missing, not UTF-8, has a NUL byte or a cell beyond MAX_CELL_CHARS."""
    label = label or path.as_posix()
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        raise Unreadable(Problem(label, "file is missing")) from None
    except IsADirectoryError:
        raise Unreadable(Problem(label, "is a folder, not a CSV file")) from None
    except OSError as exc:
        raise Unreadable(Problem(label, f"cannot be read ({exc.strerror or exc})")) from None
    return parse_csv(payload, label)


def parse_csv(payload: bytes, label: str) -> list[list[str]]:
    """CSV bytes as rows of text cells; raises Unreadable naming `label` (see read_csv_rows)."""
    try:
        # "utf-8-sig": a spreadsheet's "CSV UTF-8" starts with a byte-order mark, which would
        # otherwise glue itself to the first column's name.
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(Problem(label, f"is not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise Unreadable(Problem(label, f"line {line} holds a NUL byte: this is not a text file"))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as exc:
        raise Unreadable(Problem(label, f"line {reader.line_num}: not valid CSV ({exc})")) from None


def csv_line(cells) -> str:
    """One CSV row as text ending in "\\n", read back cell for cell by read_csv_rows: a cell is
    quoted when it holds a comma, a quote, a carriage return or a line feed. (The csv module's
    writer leaves a lone carriage return unquoted with "\\n" line ends, and the reader then
    splits the row there.)"""
    out = []
    for cell in cells:
        text = "" if cell is None else str(cell)
        if any(mark in text for mark in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        out.append(text)
    return ",".join(out) + "\n"


def csv_bytes(header, rows) -> bytes:
    """A whole CSV file: the header, then the rows (each a sequence of cells in header order)."""
    return "".join([csv_line(header), *(csv_line(row) for row in rows)]).encode("utf-8")


def appended(existing: bytes, rows) -> bytes:
    """`existing` CSV bytes with `rows` added at the end: every byte already there stays as it
    is (so every cell the build accepted reads back unchanged, and a diff shows only the new
    rows). A last line without its line end gets one first."""
    if existing and not existing.endswith((b"\n", b"\r")):
        existing += b"\n"
    return existing + "".join(csv_line(row) for row in rows).encode("utf-8")


def read_csv_table(path: Path, table: Table, label: str | None = None) -> tuple[pa.Table, list[Problem]]:
    label = label or path.as_posix()
    problems: list[Problem] = []
    try:
        rows = read_csv_rows(path, label)
    except Unreadable as exc:
        return table.arrow_schema.empty_table(), [exc.problem]
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


def read_text_file(path: Path, label: str | None = None, limit: int = MAX_ARTICLE_BYTES) -> str:
    """A UTF-8 text file of at most `limit` bytes. Raises Unreadable with one line naming the file
    and the problem: missing, a folder, a name too long, too large, not UTF-8."""
    label = label or path.as_posix()
    try:
        with path.open("rb") as handle:
            payload = handle.read(limit + 1)
    except FileNotFoundError:
        raise Unreadable(Problem(label, "no such file")) from None
    except IsADirectoryError:
        raise Unreadable(Problem(label, "is a folder, not a file")) from None
    except OSError as exc:
        reason = "the name is too long" if exc.errno == errno.ENAMETOOLONG else (exc.strerror or str(exc))
        raise Unreadable(Problem(label, f"cannot be read: {reason}")) from None
    if len(payload) > limit:
        raise Unreadable(Problem(label, f"is larger than {limit:,} bytes, the limit for one article"))
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(Problem(label, f"is not UTF-8 text ({exc.reason} at byte {exc.start})")) from None


def read_article(path: Path, label: str | None = None, read_from: Path | None = None) -> tuple[dict | None, list[Problem]]:
    """The article in `path` (its name gives the id it must have), read from `read_from` when
    given (a staged copy that is not yet in place)."""
    label = label or path.as_posix()
    try:
        text = read_text_file(read_from or path, label)
    except Unreadable as exc:
        return None, [exc.problem]
    return parse_article(text, path.stem, label)


def parse_article(text: str, stem: str, label: str) -> tuple[dict | None, list[Problem]]:
    table = schema.ARTICLES
    try:
        front, body = split_front_matter(text)
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        return None, [Problem(label, _yaml_problem(exc))]
    except ValueError as exc:
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
    for name in ("article_id", "source_id"):
        value = record.get(name)
        if isinstance(value, str) and not SAFE_ID.fullmatch(value):
            problems.append(Problem(label, f"{value[:80]!r} is not a safe id ({SAFE_ID_TEXT})", column=name))
    if stem != record.get("article_id"):
        problems.append(
            Problem(label, f"article_id {str(record.get('article_id'))[:80]!r} differs from the file name",
                    column="article_id")
        )
    return (None if problems else record), problems


def read_articles(folder: Path, root: Path, staged: dict[Path, Path] | None = None) -> tuple[pa.Table, list[Problem]]:
    """Every data/articles/*.md; `staged` maps a file to the copy to read instead (new files
    included), so a write can be checked before it is put in place."""
    staged = staged or {}
    records, problems = [], []
    paths = set(folder.glob("*.md")) | {path for path in staged if path.parent == folder and path.suffix == ".md"}
    for path in sorted(paths):
        record, found = read_article(path, path.relative_to(root).as_posix(), staged.get(path))
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


def read_all(data_dir: Path, staged: dict[Path, Path] | None = None) -> tuple[dict[str, pa.Table], list[Problem]]:
    """Read every editable source under data_dir (data/sources/*.csv, data/articles/*.md);
    `staged` maps a file to the copy to read instead (tradeviz.writes checks a write this way
    before putting it in place). Problems name the file in its place."""
    staged = staged or {}
    root = data_dir.parent
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    for name in CSV_TABLES:
        path = data_dir / "sources" / f"{name}.csv"
        tables[name], found = read_csv_table(staged.get(path, path), schema.TABLES[name],
                                             path.relative_to(root).as_posix())
        problems.extend(found)
    tables["articles"], found = read_articles(data_dir / "articles", root, staged)
    problems.extend(found)
    problems.extend(rules.cross_table_problems(tables))
    return tables, problems
