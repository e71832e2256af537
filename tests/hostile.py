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
