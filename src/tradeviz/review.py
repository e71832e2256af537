"""Adding an article and reviewing what it proposes: the article is stored with its front matter,
its candidates (tradeviz.extract) go to a review file beside the sources, and a person accepts,
corrects or rejects each. Accepting writes the editable sources and rebuilds the dataset.

The review file, `data/sources/review.csv`, holds one row per candidate: its fields, its status
(candidate, accepted, rejected), who decided and when, and the record it became. Every write of
the sources is atomic (temp file, then rename) and made under a lock file; a save names the
revision of the review file it was made from, and is refused when another save has since
decided one of the same candidates, so two people reviewing at once never lose each other's
work (decisions on different candidates are merged).
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradeviz import build, extract, periods, records, schema

REVIEW_FILE = "review.csv"
STATUSES = ("candidate", "accepted", "rejected")
FIGURE_FIELDS = ("flow", "value", "unit", "qualifier", "period_start", "period_end", "growth_reported",
                 "growth_unit", "growth_qualifier", "growth_basis")
# event_status beside the date it qualifies: the Review page's editor shows columns in this order.
EVENT_FIELDS = ("date_start", "date_end", "date_precision", "event_status", "title", "summary", "milestone_kind",
                "actors", "policy_areas")
COLUMNS = ("candidate_id", "article_id", "kind", "status", "reviewer", "reviewed_at", "record_id",
           *FIGURE_FIELDS, *EVENT_FIELDS, "sentence", "span_start", "span_end")
EVENT_KIND_WORDS = (("visit", r"\bvisit"), ("summit", r"\bsummit"), ("agreement", r"\bsign|agreement|memorand"),
                    ("meeting", r"\bmet\b|meet|talks"), ("tourism", r"touris"), ("announcement", r"declar|announc"))
BASIS_TEXT = {"same_period_prior_year": "on the same period of the previous year", "year_on_year": "year on year"}


class ReviewConflict(Exception):
    """Another save decided some of the same candidates since this one was read."""


class ReviewFailed(Exception):
    """The accepted rows do not build; nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Snapshot:
    rows: pd.DataFrame      # COLUMNS, every value a string ("" for empty)
    revision: str           # hash of the file's bytes: what a save was made from


# ---- files ----------------------------------------------------------------------------------


def review_path(data_dir: Path) -> Path:
    return data_dir / "sources" / REVIEW_FILE


@contextmanager
def locked(data_dir: Path):
    """One writer of the sources at a time, across processes (an flock on a lock file)."""
    path = data_dir / "sources" / ".review.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read(data_dir: Path) -> Snapshot:
    path = review_path(data_dir)
    payload = path.read_bytes() if path.exists() else b""
    if payload:
        rows = pd.read_csv(io.BytesIO(payload), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        rows = rows.reindex(columns=list(COLUMNS), fill_value="")
    else:
        rows = pd.DataFrame(columns=list(COLUMNS), dtype=str)
    return Snapshot(rows, hashlib.sha256(payload).hexdigest()[:16])


def _csv_bytes(rows: pd.DataFrame) -> bytes:
    out = io.StringIO()
    rows.reindex(columns=list(COLUMNS)).to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8")


# ---- adding an article ----------------------------------------------------------------------


def candidate_rows(article_id: str, text: str, published: dt.date, start: int = 1) -> pd.DataFrame:
    """The extractor's candidates as review rows, numbered from `start`."""
    rows = []
    for number, candidate in enumerate(extract.extract(text, published), start=start):
        fields = candidate.fields
        row = {column: "" for column in COLUMNS}
        row.update({"candidate_id": f"{article_id}-c{number:03d}", "article_id": article_id, "kind": candidate.kind,
                    "status": "candidate", "sentence": candidate.sentence,
                    "span_start": str(candidate.span[0]), "span_end": str(candidate.span[1])})
        if candidate.kind == "figure":
            row.update({k: _cell(fields.get(k)) for k in FIGURE_FIELDS})
        else:
            row.update({k: _cell(fields.get(k)) for k in ("date_start", "date_end", "date_precision", "title")})
            row["summary"] = fields["title"]
            row["actors"] = "; ".join(fields.get("actors") or [])
            row["policy_areas"] = "; ".join(fields.get("policy_areas") or [])
            row["milestone_kind"] = next((kind for kind, pattern in EVENT_KIND_WORDS
                                          if re.search(pattern, candidate.sentence, re.I)), "other")
            row["event_status"] = fields.get("status") or "occurred"
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=str)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def add_article(data_dir: Path, file: Path) -> tuple[str, int]:
    """Store the article (Markdown with the front matter of data/articles), add its source when
    new, put its candidates in the review file and rebuild. Returns (article_id, candidates)."""
    record, problems = records.read_article(file, file.name)
    if record is None:
        raise ReviewFailed(problems)
    article_id = record["article_id"]
    target = data_dir / "articles" / f"{article_id}.md"
    with locked(data_dir):
        if target.exists():
            raise ReviewFailed([schema.Problem(f"data/articles/{article_id}.md", "an article of this id is already stored")])
        snapshot = read(data_dir)
        new = candidate_rows(article_id, record["text"], record["published"])
        sources_path = data_dir / "sources" / "sources.csv"
        sources = _read_csv(sources_path)
        writes = {target: file.read_bytes(), review_path(data_dir): _csv_bytes(pd.concat([snapshot.rows, new]))}
        if record["source_id"] not in set(sources["source_id"]):
            source = {column: "" for column in sources.columns}
            source.update({"source_id": record["source_id"], "kind": "article", "title": record["title"],
                           "publisher": record.get("publisher") or "", "author": record.get("author") or "",
                           "published": record["published"].isoformat(),
                           "published_label": record["published"].isoformat(), "reliability": "normal",
                           "note": "added with python -m tradeviz add-article"})
            writes[sources_path] = _csv_of(pd.concat([sources, pd.DataFrame([source])]))
        _write_and_build(data_dir, writes)
    return article_id, len(new)


# ---- deciding -------------------------------------------------------------------------------


def save(data_dir: Path, decisions: pd.DataFrame, revision: str, reviewer: str,
         now: dt.datetime | None = None) -> Snapshot:
    """Apply `decisions` (review rows, possibly edited, with status accepted/rejected/candidate)
    made from the review file at `revision`. Accepted rows become records in the sources, and
    the dataset is rebuilt; all of it or nothing. Raises ReviewConflict when another save has
    decided one of these candidates since `revision`, ReviewFailed when the records do not build."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with locked(data_dir):
        current = read(data_dir)
        rows = current.rows.set_index("candidate_id", drop=False)
        changed = decisions[decisions["status"] != "candidate"]
        if current.revision != revision:
            taken = [cid for cid in changed["candidate_id"] if rows.at[cid, "status"] != "candidate"]
            if taken:
                raise ReviewConflict(
                    f"Someone else decided {len(taken)} of these candidates since you opened them "
                    f"({', '.join(taken[:5])}): reload to see their decisions, then save yours again.")
        trade_path = data_dir / "sources" / "trade.csv"
        milestones_path = data_dir / "sources" / "milestones.csv"
        trade, milestones = _read_csv(trade_path), _read_csv(milestones_path)
        articles = {path.stem: records.read_article(path, path.name)[0] for path in (data_dir / "articles").glob("*.md")}
        new_trade, new_milestones = [], []
        for decision in changed.to_dict("records"):
            cid = decision["candidate_id"]
            for column in COLUMNS:
                rows.at[cid, column] = str(decision.get(column, rows.at[cid, column]) or "")
            rows.at[cid, "reviewer"] = reviewer
            rows.at[cid, "reviewed_at"] = now.isoformat()
            if decision["status"] == "accepted":
                article = articles[decision["article_id"]]
                record_id = re.sub(r"-c(\d+)$", r"-r\1", cid)
                rows.at[cid, "record_id"] = record_id
                if decision["kind"] == "figure":
                    new_trade.append(_trade_row(decision, record_id, article, trade.columns))
                else:
                    new_milestones.append(_milestone_row(decision, record_id, article, milestones.columns))
        writes = {review_path(data_dir): _csv_bytes(rows.reset_index(drop=True))}
        if new_trade:
            writes[trade_path] = _csv_of(pd.concat([trade, pd.DataFrame(new_trade)]))
        if new_milestones:
            writes[milestones_path] = _csv_of(pd.concat([milestones, pd.DataFrame(new_milestones)]))
        _write_and_build(data_dir, writes)
        return read(data_dir)


def _trade_row(decision: dict, record_id: str, article: dict, columns) -> dict:
    row = {column: "" for column in columns}
    start, end = decision["period_start"], decision["period_end"]
    label = (periods.label(pd.Timestamp(start), pd.Timestamp(end)) if start and end
             else f"at publication, {article['published'].isoformat()} (period not stated)")
    row.update({k: decision.get(k, "") for k in FIGURE_FIELDS})
    row.update({"record_id": record_id, "reporter": "press_article",
                "reporter_detail": article.get("publisher") or article["title"], "stat_basis": "not_stated",
                "period_label": label, "source_id": article["source_id"], "source_sentence": decision["sentence"],
                "confidence": "normal", "growth_basis": BASIS_TEXT.get(decision.get("growth_basis", ""),
                                                                       decision.get("growth_basis", "")),
                "note": f"accepted in review ({decision['candidate_id']})"})
    return row


def _milestone_row(decision: dict, record_id: str, article: dict, columns) -> dict:
    row = {column: "" for column in columns}
    start = decision["date_start"]
    precision = decision["date_precision"] or ("day" if start else "undated")
    label = "" if not start else {
        "day": lambda d: f"{d.day} {d:%B %Y}", "month": lambda d: f"{d:%B %Y}", "year": lambda d: f"{d.year}",
    }[precision](dt.date.fromisoformat(start))
    row.update({"milestone_id": record_id, "event_key": record_id, "date_start": start, "date_end": decision["date_end"],
                "date_precision": precision, "date_label": label or "undated", "title": decision["title"],
                "summary": decision["summary"] or decision["title"], "kind": decision["milestone_kind"] or "other",
                "status": decision["event_status"] or "occurred", "actors": decision["actors"],
                "policy_areas": decision["policy_areas"], "source_id": article["source_id"],
                "source_sentence": decision["sentence"], "confidence": "normal",
                "note": f"accepted in review ({decision['candidate_id']})"})
    return row


# ---- writing --------------------------------------------------------------------------------


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _csv_of(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return out.getvalue().encode("utf-8")


def _write_and_build(data_dir: Path, writes: dict[Path, bytes]) -> None:
    """Write each file atomically and rebuild; if the build refuses, put every file back."""
    backups = {path: (path.read_bytes() if path.exists() else None) for path in writes}
    try:
        for path, payload in writes.items():
            build.atomic_write(path, payload)
        build.build(data_dir)
    except build.BuildFailed as failure:
        for path, payload in backups.items():
            if payload is None:
                path.unlink(missing_ok=True)
            else:
                build.atomic_write(path, payload)
        raise ReviewFailed(failure.problems) from None


