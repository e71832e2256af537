"""The fixture dataset plus an article full of markup (tests/fixtures/hostile), with a figure and
a milestone citing its sentences: for escaping tests. Built in a folder of the caller's choosing,
so the shared fixture and the counts other tests rely on stay as they are."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from tradeviz import build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
HOSTILE_ARTICLE = ROOT / "tests" / "fixtures" / "hostile" / "fx-hostile.md"

TITLE = "<script>alert('title')</script> **Bold** title & [link](javascript:alert(1))"
FIGURE_SENTENCE = ('Exports reached **$9 million** in [2024](javascript:alert(2)), says the '
                   '<a href="https://evil.example">report</a>.')
EVENT_SENTENCE = '<script>alert("xss")</script> The corridor opened in 2024 <b>with fanfare</b>.'

ROWS = {
    "sources": {"source_id": "fx-hostile", "kind": "article", "title": TITLE, "publisher": "", "author": "",
                "published": "2025-04-22", "published_label": "2025-04-22", "url": "", "reliability": "normal",
                "note": "markup everywhere, for escaping tests"},
    "trade": {"record_id": "h01", "reporter": "press_article", "reporter_detail": "<b>Hostile</b> Press",
              "stat_basis": "not_stated", "flow": "exports", "period_start": "2024-01-01", "period_end": "2024-12-31",
              "period_label": "2024 <i>", "value": "9", "unit": "usd_million", "qualifier": "exact",
              "source_id": "fx-hostile", "source_sentence": FIGURE_SENTENCE, "confidence": "normal"},
    "milestones": {"milestone_id": "h02", "event_key": "corridor", "date_start": "2024-01-01",
                   "date_end": "2024-12-31", "date_precision": "year", "date_label": "2024",
                   "title": "<i>Corridor</i> **opens**", "summary": "[x](javascript:alert(4))", "kind": "transport",
                   "status": "occurred",
                   "actors": "Azerbaijan Railways", "policy_areas": "transport", "source_id": "fx-hostile",
                   "source_sentence": EVENT_SENTENCE, "confidence": "normal"},
}


def _append(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        if not path.read_text(encoding="utf-8").endswith("\n"):
            handle.write("\n")
        csv.writer(handle, lineterminator="\n").writerow([row.get(column, "") for column in header])


def hostile_data(folder: Path) -> Path:
    """Copy the fixture to `folder`, add the hostile article and its rows, build the Parquet files."""
    shutil.copytree(FIXTURE_DATA, folder)
    shutil.copy(HOSTILE_ARTICLE, folder / "articles" / HOSTILE_ARTICLE.name)
    for table, row in ROWS.items():
        _append(folder / "sources" / f"{table}.csv", row)
    build.build(folder)
    return folder


# ---- hostile text in every free-text field -------------------------------------------------

# Each starts with a marker ("ZQ" and a number) that escaping leaves alone, so a test can find
# where the string landed in an element and check that what follows it is inert.
EVIL_HOST = "evil.invalid"
HOSTILE_STRINGS = (
    "ZQ1 [Session expired - sign in again](https://evil.invalid/login)",
    "ZQ2 ![i](https://evil.invalid/t.png)",
    "ZQ3 <https://evil.invalid/auto> and www.evil.invalid",
    "ZQ4 <img src=https://evil.invalid/x.png onerror=alert(1)><b>bold</b>",
    "ZQ5 $\\frac{1}{2}$ and $$x^2$$",
    "ZQ6 :red[red] :blue-background[blue] :material/home: :smile:",
    "ZQ7 **bold** _it_ `code` ~~gone~~ # heading",
    "ZQ8 \u202eevil\u202c \u200d\u0301 \U0001F600 Ǝ Азербайджан 阿塞拜疆 " + "\u0000".replace("\u0000", "\ufffd"),
    "ZQ9 " + "long " * 600,
)
# Columns that hold free text: everything not an id, a reference, a code, a date, a number, an
# address or a sentence that must match its article.
NOT_FREE_TEXT = {"source_id", "record_id", "milestone_id", "event_key", "indicator_id", "area_id",
                 "article_id", "policy_area", "policy_areas", "url", "source_sentence", "growth_basis"}


def _free_text_columns(table) -> list[str]:
    import pyarrow as pa

    return [c.name for c in table.columns
            if c.name not in NOT_FREE_TEXT and not c.allowed
            and (pa.types.is_string(c.type) or pa.types.is_list(c.type))]


def hostile_everywhere(folder: Path) -> Path:
    """The fixture with a hostile string in every free-text field of every row and of every
    article's front matter, and a paragraph of them in each article; built to Parquet."""
    import yaml

    from tradeviz import schema

    shutil.copytree(FIXTURE_DATA, folder)
    tables = {"sources": schema.SOURCES, "trade": schema.TRADE, "milestones": schema.MILESTONES,
              "indicators": schema.INDICATORS, "policy_areas": schema.POLICY_AREAS}
    turn = 0
    for name, table in tables.items():
        path = folder / "sources" / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = list(rows[0]) if rows else []
        for row in rows:
            for column in _free_text_columns(table):
                if column in row:
                    # Lists are ';'-separated in the sources: keep one element per list.
                    row[column] = HOSTILE_STRINGS[turn % len(HOSTILE_STRINGS)].replace(";", ",")
                    turn += 1
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    for article in (folder / "articles").glob("*.md"):
        _, front, body = article.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        for field_ in ("title", "author", "author_role", "publisher"):
            meta[field_] = HOSTILE_STRINGS[turn % len(HOSTILE_STRINGS)]
            turn += 1
        body = body.rstrip("\n") + "\n\n" + "\n\n".join(HOSTILE_STRINGS) + "\n"
        article.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                           encoding="utf-8")
    build.build(folder)
    return folder
