"""Adding an article and reviewing what it proposes: the article is stored with its front matter,
its candidates (tradeviz.extract) go to a review file beside the sources, and an editor accepts,
corrects or rejects each. Accepting writes the editable sources and rebuilds the dataset.

The review file, `data/sources/review.csv`, holds one row per candidate: its fields, its status
(candidate, accepted, rejected), who decided and when, and the record it became; it is read by
tradeviz.review_file (the read side, which pages reach), and written only here. Every write is
all or nothing (tradeviz.writes: the files and the rebuilt dataset switch together, under a
lock). A save names each candidate by its id and brings only the fields an editor may change
(EDITABLE, by the candidate's kind); everything else comes from the stored candidate. It names the
revision of the review file it was made from, and is refused when another save has since decided
one of the same candidates, so two editors reviewing at once never lose each other's work
(decisions on different candidates are merged). Who may save is decided by the caller
(tradeviz.access): this module records the identity it is given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradeviz import build, excerpts, extract, periods, records, schema, writes
from tradeviz.review_file import (COLUMNS, EDITABLE, EVENT_FIELDS, FIGURE_FIELDS, REVIEW_FILE, REVIEW_LABEL,  # noqa: F401
                                   SHARED_FIELDS, STATUSES, Snapshot, read, review_path)
from tradeviz.schema import Problem

# A candidate's fields before an editor sets them: who produced a figure and on whose statistics are
# not the extractor's to guess (a news article, basis not stated, until the editor says otherwise);
# an event is its own event until the editor names the event_key it shares with other statements.
DEFAULTS = {"reporter": "press_article", "stat_basis": "not_stated", "confidence": "normal"}
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
class Added:
    article_id: str
    candidates: int
    already: bool = False   # the same article was stored before (a re-run): nothing was written


# ---- files ----------------------------------------------------------------------------------


def _with_rows(snapshot: Snapshot, new_rows: list[dict]) -> bytes:
    """The review file with rows added: appended when its header is COLUMNS, else rewritten."""
    lines = [[row.get(column, "") for column in COLUMNS] for row in new_rows]
    header = records.parse_csv(snapshot.payload, REVIEW_LABEL)[0] if snapshot.payload else None
    if header == list(COLUMNS):
        return records.appended(snapshot.payload, lines)
    old = snapshot.rows.reindex(columns=list(COLUMNS)).values.tolist()
    return records.csv_bytes(COLUMNS, old + lines)


def _appended_to_table(path: Path, label: str, new_rows: list[dict]) -> bytes:
    """A source table's bytes with `new_rows` appended in its header's order; every existing byte stays."""
    payload = path.read_bytes()
    header = [h.strip() for h in records.parse_csv(payload, label)[0]]
    extra = sorted({key for row in new_rows for key in row} - set(header))
    if extra:
        raise ReviewFailed([Problem(label, f"has no column {', '.join(extra)} for the new rows", row=1)])
    return records.appended(payload, [[row.get(column, "") for column in header] for row in new_rows])


# ---- adding an article ----------------------------------------------------------------------


def candidate_rows(article_id: str, text: str, published: dt.date, start: int = 1) -> pd.DataFrame:
    """The extractor's candidates as review rows, numbered from `start`."""
    rows = []
    for number, candidate in enumerate(extract.extract(text, published), start=start):
        fields = candidate.fields
        row = {column: "" for column in COLUMNS}
        row.update({"candidate_id": f"{article_id}-c{number:03d}", "article_id": article_id, "kind": candidate.kind,
                    "status": "candidate", "sentence": candidate.sentence,
                    "span_start": str(candidate.span[0]), "span_end": str(candidate.span[1]),
                    "confidence": DEFAULTS["confidence"]})
        if candidate.kind == "figure":
            row.update({k: _cell(fields.get(k)) for k in FIGURE_FIELDS})
            row.update({"reporter": DEFAULTS["reporter"], "stat_basis": DEFAULTS["stat_basis"]})
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


def _with_body(text: str, fields: dict[str, str], body: str) -> str:
    """The article file `text` with `fields` set in its front matter (each replacing its line, or
    added at the end) and `body` as its text."""
    front, _ = records.split_front_matter(text)
    lines = [line for line in front.split("\n") if line.split(":", 1)[0].strip() not in fields]
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return "\n".join([records.FRONT_MATTER_FENCE, *lines, records.FRONT_MATTER_FENCE, body, ""])


def _in_reading_order(sentences: list[str], whole: str) -> list[str]:
    """`sentences` in the order they stand in the whole text (one it does not hold goes last)."""
    flat = " ".join(whole.split())
    def where(sentence):
        at = flat.find(" ".join(sentence.split()))
        return at if at >= 0 else len(flat)
    return sorted(sentences, key=where)


def _relocated(rows: pd.DataFrame, stored: str) -> pd.DataFrame:
    """The rows' spans in the stored text of an excerpts article (empty for a sentence it no
    longer holds)."""
    rows = rows.copy()
    for index, sentence in rows["sentence"].items():
        # The stored passage is the sentence with its whitespace made single spaces: so is the
        # sentence the candidate (and the record it becomes) cites.
        rows.at[index, "sentence"] = sentence = " ".join(sentence.split())
        span = excerpts.relocated(sentence, stored)
        rows.at[index, "span_start"], rows.at[index, "span_end"] = (str(span[0]), str(span[1])) if span else ("", "")
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def add_article(data_dir: Path, file: Path, keep_excerpts: bool = False) -> Added:
    """Store the article (Markdown with the front matter of data/articles, at most
    records.MAX_ARTICLE_BYTES), add its source when new, put its candidates in the review file
    and rebuild, all or nothing. With `keep_excerpts` (a source the project may not republish)
    the candidates are found in the whole text, but only their sentences are stored, one passage
    each, under `content: excerpts` (the front matter must give the original's url). The same
    article added again (a re-run after an interruption) changes nothing and is reported as
    already stored. Raises records.Unreadable (the file cannot be read) or ReviewFailed (it is
    not a valid article, or does not build)."""
    text = records.read_text_file(file, str(file))
    record, problems = records.parse_article(text, file.stem, file.name)
    if record is None:
        raise ReviewFailed(problems)
    article_id = record["article_id"]
    target = data_dir / "articles" / f"{article_id}.md"
    new = candidate_rows(article_id, record["text"], record["published"])
    if keep_excerpts and new.empty:
        raise ReviewFailed([Problem(file.name, "the extractor proposes no sentence of it, so an excerpt would be "
                                               "empty: add it whole, or record its facts in data/sources")])
    with writes.locked(data_dir):
        writes.recover(data_dir)
        if keep_excerpts:
            # Read under the lock: the records data/sources already holds from this source keep
            # their sentences too, and another writer may have just added one.
            text, record, new = _excerpted(data_dir, text, file, record, new)
        payload = text.encode("utf-8")
        snapshot = read(data_dir)
        stored = int((snapshot.rows["article_id"] == article_id).sum())
        if target.exists():
            if target.read_bytes() == payload:
                return Added(article_id, stored, already=True)
            raise ReviewFailed([Problem(f"data/articles/{article_id}.md",
                                        "another article of this id is already stored; give this one another article_id")])
        if stored:
            raise ReviewFailed([Problem(REVIEW_LABEL, f"already holds {stored} candidate(s) of article {article_id!r}, "
                                                      "which is not stored: remove those rows first")])
        files = {target: payload, review_path(data_dir): _with_rows(snapshot, new.to_dict("records"))}
        sources_path = data_dir / "sources" / "sources.csv"
        known = set(records.read_csv_table(sources_path, schema.SOURCES)[0].column("source_id").to_pylist())
        if record["source_id"] not in known:
            source = {"source_id": record["source_id"], "kind": "article", "title": record["title"],
                      "publisher": record.get("publisher") or "", "author": record.get("author") or "",
                      "published": record["published"].isoformat(),
                      "published_label": record["published"].isoformat(), "url": record.get("url") or "",
                      "reliability": "normal", "note": "added with python -m tradeviz add-article"}
            files[sources_path] = _appended_to_table(sources_path, "data/sources/sources.csv", [source])
        _commit(data_dir, files)
    return Added(article_id, len(new))


def _excerpted(data_dir: Path, text: str, file: Path, record: dict, new: pd.DataFrame):
    """The article file kept as excerpts (content: excerpts, its candidates' sentences and those
    data/sources already cites from its source, in reading order), its record, and its candidates
    with their spans in the stored text."""
    held = [c for c in _cited_in_sources(data_dir, record["source_id"]) if c and c.strip()]
    text = _with_body(text, {"content": "excerpts"},
                      excerpts.excerpt(_in_reading_order([*new["sentence"], *held], record["text"])))
    record, problems = records.parse_article(text, file.stem, file.name)
    if record is None:
        raise ReviewFailed(problems)
    return text, record, _relocated(new, record["text"])


# ---- deciding -------------------------------------------------------------------------------


def save(data_dir: Path, decisions: dict[str, dict[str, str]], revision: str, reviewer: str,
         now: dt.datetime | None = None) -> Snapshot:
    """Apply `decisions` (candidate id -> the fields an editor set: status, and corrected coded
    fields of the candidate's kind; any other field is ignored), made from the review file at
    `revision`, recording `reviewer`. Accepted candidates become records in the sources, and the
    dataset is rebuilt; all of it or nothing. A decision is final: a decided candidate is not
    decided again. Raises ReviewConflict when another save has decided one of these candidates
    since `revision`, ReviewFailed when a candidate is unknown or the records do not build."""
    if not reviewer.strip():
        raise ValueError("a save records who made it")
    try:
        return _save(data_dir, decisions, revision, reviewer, now)
    except records.Unreadable as unreadable:
        raise ReviewFailed([unreadable.problem]) from None


def _save(data_dir: Path, decisions: dict[str, dict[str, str]], revision: str, reviewer: str,
          now: dt.datetime | None) -> Snapshot:
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with writes.locked(data_dir):
        writes.recover(data_dir)
        current = read(data_dir)
        rows = current.rows.set_index("candidate_id", drop=False)
        unknown = [cid for cid in decisions if cid not in rows.index]
        if unknown:
            raise ReviewFailed([Problem(REVIEW_LABEL, f"has no candidate {cid[:80]!r}") for cid in unknown[:10]])
        changed = {}
        for cid, fields in decisions.items():
            allowed = EDITABLE.get(rows.at[cid, "kind"], ("status",))
            taken = {k: "" if v is None else str(v) for k, v in fields.items() if k in allowed}
            if taken.get("status", "candidate") == "candidate":
                continue  # a correction without a decision is not kept
            if taken["status"] not in STATUSES:
                raise ReviewFailed([Problem(REVIEW_LABEL, f"{taken['status'][:40]!r} is not a status "
                                            f"({', '.join(STATUSES)})", column="status")])
            changed[cid] = taken
        taken = [cid for cid in changed if rows.at[cid, "status"] != "candidate"]
        if taken and current.revision != revision:
            raise ReviewConflict(
                f"Someone else decided {len(taken)} of these candidates since you opened them "
                f"({', '.join(taken[:5])}): reload to see their decisions, then save yours again.")
        if taken:
            raise ReviewFailed([Problem(REVIEW_LABEL, f"{cid} is already {rows.at[cid, 'status']}: a decision is final "
                                                      "here (correct its record in data/sources instead)")
                                for cid in taken[:10]])
        articles = {path.stem: records.read_article(path, path.name)[0] for path in (data_dir / "articles").glob("*.md")}
        new_trade, new_milestones = [], []
        for cid, fields in changed.items():
            for column, value in fields.items():
                rows.at[cid, column] = value
            rows.at[cid, "reviewer"] = reviewer
            rows.at[cid, "reviewed_at"] = now.isoformat()
            if fields["status"] != "accepted":
                continue
            decision = rows.loc[cid].to_dict()
            article = articles.get(decision["article_id"])
            if article is None:
                raise ReviewFailed([Problem(f"data/articles/{decision['article_id']}.md",
                                            f"is missing or invalid, so {cid} cannot be accepted")])
            record_id = re.sub(r"-c(\d+)$", r"-r\1", cid)
            rows.at[cid, "record_id"] = record_id
            if decision["kind"] == "figure":
                new_trade.append(_trade_row(decision, record_id, article))
            else:
                new_milestones.append(_milestone_row(decision, record_id, article))
        files = _pruned_excerpts(data_dir, rows, {rows.at[cid, "article_id"] for cid in changed}, articles)
        files[review_path(data_dir)] = records.csv_bytes(COLUMNS, rows.reindex(columns=list(COLUMNS)).values.tolist())
        for name, new_rows in (("trade", new_trade), ("milestones", new_milestones)):
            if new_rows:
                path = data_dir / "sources" / f"{name}.csv"
                files[path] = _appended_to_table(path, f"data/sources/{name}.csv", new_rows)
        if changed:
            _commit(data_dir, files)
        return read(data_dir)


def _pruned_excerpts(data_dir: Path, rows: pd.DataFrame, article_ids: set[str], articles: dict) -> dict[Path, bytes]:
    """The new files of the excerpts articles among `article_ids`: each keeps only the passages
    its accepted and undecided candidates cite (a rejected candidate's sentence is not kept), and
    its candidates' spans are set again in the shorter text. `rows` is changed in place."""
    files = {}
    for article_id in sorted(article_ids):
        article = articles.get(article_id)
        if article is None or article.get("content") != "excerpts":
            continue
        own = rows["article_id"] == article_id
        cited = [*rows.loc[own & rows["status"].isin(["accepted", "candidate"]), "sentence"],
                 *_cited_in_sources(data_dir, article["source_id"])]
        body = excerpts.pruned(article["text"], cited)
        if body == article["text"]:
            continue
        path = data_dir / "articles" / f"{article_id}.md"
        files[path] = _with_body(path.read_text(encoding="utf-8"), {}, body).encode("utf-8")
        moved = _relocated(rows.loc[own], body)
        rows.loc[own, ["span_start", "span_end"]] = moved[["span_start", "span_end"]]
    return files


def _cited_in_sources(data_dir: Path, source_id: str) -> list[str]:
    """The sentences the records of data/sources cite from `source_id` (a record written there
    directly keeps its passage too)."""
    cited = []
    for name in ("trade", "milestones"):
        path = data_dir / "sources" / f"{name}.csv"
        table = records.read_csv_rows(path, f"data/sources/{name}.csv") if path.exists() else []
        if table:
            header = [h.strip() for h in table[0]]
            at, said = header.index("source_id"), header.index("source_sentence")
            cited += [row[said] for row in table[1:] if len(row) == len(header) and row[at] == source_id]
    return cited


def _trade_row(decision: dict, record_id: str, article: dict) -> dict:
    row = {}
    start, end = decision["period_start"], decision["period_end"]
    label = (periods.label(pd.Timestamp(start), pd.Timestamp(end)) if start and end
             else f"at publication, {article['published'].isoformat()} (period not stated)")
    row.update({k: decision.get(k, "") for k in FIGURE_FIELDS})
    row.update({"record_id": record_id, "reporter": decision.get("reporter") or DEFAULTS["reporter"],
                "reporter_detail": decision.get("reporter_detail") or article.get("publisher") or article["title"],
                "stat_basis": decision.get("stat_basis") or DEFAULTS["stat_basis"],
                "period_label": label, "source_id": article["source_id"], "source_sentence": decision["sentence"],
                "confidence": decision.get("confidence") or DEFAULTS["confidence"],
                "growth_basis": BASIS_TEXT.get(decision.get("growth_basis", ""), decision.get("growth_basis", "")),
                "note": _note(decision)})
    return row


def _milestone_row(decision: dict, record_id: str, article: dict) -> dict:
    row = {}
    start = decision["date_start"]
    precision = decision["date_precision"] or ("day" if start else "undated")
    label = "" if not start else {
        "day": lambda d: f"{d.day} {d:%B %Y}", "month": lambda d: f"{d:%B %Y}", "year": lambda d: f"{d.year}",
    }[precision](dt.date.fromisoformat(start))
    row.update({"milestone_id": record_id, "event_key": decision.get("event_key") or record_id,
                "date_start": start, "date_end": decision["date_end"],
                "date_precision": precision, "date_label": label or "undated", "title": decision["title"],
                "summary": decision["summary"] or decision["title"], "kind": decision["milestone_kind"] or "other",
                "status": decision["event_status"] or "occurred", "actors": decision["actors"],
                "policy_areas": decision["policy_areas"], "source_id": article["source_id"],
                "source_sentence": decision["sentence"],
                "confidence": decision.get("confidence") or DEFAULTS["confidence"], "note": _note(decision)})
    return row


def _note(decision: dict) -> str:
    said = (decision.get("note") or "").strip()
    return f"{said}; accepted in review ({decision['candidate_id']})" if said else f"accepted in review ({decision['candidate_id']})"


# ---- writing --------------------------------------------------------------------------------


def _commit(data_dir: Path, files: dict[Path, bytes]) -> None:
    try:
        writes.commit(data_dir, files)
    except build.BuildFailed as failure:
        raise ReviewFailed(failure.problems) from None
