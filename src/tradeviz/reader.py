"""The article reader: the facts each article is the source of, and the article itself as
escaped HTML with those facts highlighted at their sentences, search matches marked, and
links to each record. Plain functions of strings and frames (views/articles.py wires them)."""

from __future__ import annotations

from itertools import groupby

import pandas as pd

from tradeviz import schema, state, text, words
from tradeviz.store import Dataset

NO_RECORD = ""
SNIPPETS_PER_ARTICLE = 3

FACT_COLUMNS = ["number", "kind", "record_id", "article_id", "extracted", "detail", "sentence", "found", "start", "end",
                "page", "param"]


# ---- facts: the trade and milestone rows an article is the source of ----------------------


def _trade_label(row) -> str:
    """'Trade turnover: $84.0 m, +20%, 2025 Jan–Jul': what was taken from the sentence."""
    parts = []
    if pd.notna(row["value"]):
        parts.append(words.value_text(row["value"], row["unit"], row["qualifier"]))
    growth = words.growth_text(row["growth_reported"], row["growth_unit"], row["growth_qualifier"])
    if growth:
        parts.append(growth)
    return f"{schema.FLOW_LABELS[row['flow']]}: {', '.join(parts)} · {row['period_label']}"


def _milestone_label(row) -> str:
    """'Visit, 1994: First official visit'; an undated one is 'Institution: Tourism office'."""
    when = "" if row["date_precision"] == "undated" else f", {row['date_label']}"
    return f"{row['kind'].capitalize()}{when}: {row['title']}"


def facts(dataset: Dataset) -> pd.DataFrame:
    """One row per trade figure or milestone whose source is an article, with where its sentence
    is in that article's text (start/end; -1 when it cannot be found). Ordered by article and by
    position in the text; `number` counts facts within an article from 1."""
    articles = dataset["articles"]
    by_source = dict(zip(articles["source_id"], zip(articles["article_id"], articles["text"])))
    rows = []
    for row in dataset["trade"].to_dict("records"):
        if row["source_id"] in by_source:
            rows.append({"kind": "figure", "record_id": row["record_id"], "extracted": _trade_label(row),
                         "detail": words.figure_headline(row), "page": "trade", "param": "record",
                         "source_id": row["source_id"], "sentence": row["source_sentence"]})
    for row in dataset["milestones"].to_dict("records"):
        if row["source_id"] in by_source:
            rows.append({"kind": "event", "record_id": row["milestone_id"], "extracted": _milestone_label(row),
                         "detail": f"{_milestone_label(row)}. {row['summary']}", "page": "timeline",
                         "param": "milestone", "source_id": row["source_id"], "sentence": row["source_sentence"]})
    for row in rows:
        article_id, body = by_source[row.pop("source_id")]
        sentence = row["sentence"] if isinstance(row["sentence"], str) else ""
        span = text.locate(body, sentence)
        row.update(article_id=article_id, sentence=sentence, found=span is not None,
                   start=span[0] if span else -1, end=span[1] if span else -1)
    frame = pd.DataFrame(rows, columns=[c for c in FACT_COLUMNS if c != "number"])
    frame = frame.astype({"found": bool, "start": "int64", "end": "int64"})
    # Found sentences in text order; a fact whose sentence is missing goes last.
    frame["_order"] = frame["start"].where(frame["found"], 10**12)
    frame = frame.sort_values(["article_id", "_order", "kind", "record_id"], kind="stable").drop(columns="_order")
    frame.insert(0, "number", frame.groupby("article_id").cumcount().astype("int64") + 1)
    return frame[FACT_COLUMNS].reset_index(drop=True)


def fact_query(fact) -> dict[str, list[str]]:
    return {fact["param"]: [fact["record_id"]]}


def fact_url(fact) -> str:
    """'/trade?record=f08' or '/timeline?milestone=m01': the record's own page."""
    return state.permalink("", fact["page"], fact_query(fact))


def facts_table(article_facts: pd.DataFrame) -> pd.DataFrame:
    """The side panel's list as a table (shown and downloaded alike)."""
    return pd.DataFrame({
        "number": article_facts["number"],
        "kind": article_facts["kind"],
        "record_id": article_facts["record_id"],
        "extracted": article_facts["extracted"],
        "sentence": article_facts["sentence"],
        "found_in_text": article_facts["found"],
        "link": [fact_url(f) for f in article_facts.to_dict("records")],
    }).reset_index(drop=True)


# ---- the list -----------------------------------------------------------------------------


def meta_line(article, area_names: dict[str, str]) -> str:
    """'Trend News Agency · 31 August 2025 · Emin Aliyev, Editor-in-Chief · Trade & investment · 4 min read'
    (plain text; escape it for the medium it is shown in). A missing publisher or author is left out."""
    published = article["published"]
    parts = [article["publisher"]] if isinstance(article["publisher"], str) and article["publisher"] else []
    parts.append(f"{published.day} {published:%B %Y}")
    if isinstance(article["author"], str) and article["author"]:
        role = article["author_role"] if isinstance(article["author_role"], str) and article["author_role"] else ""
        parts.append(article["author"] + (f", {role}" if role else ""))
    areas = [area_names.get(a, a) for a in article["policy_areas"]]
    if areas:
        parts.append(", ".join(areas))
    if is_excerpts(article):
        count = len(text.paragraph_spans(article["text"]))
        parts.append(f"excerpts only: {count} passage{'s' if count != 1 else ''} the dataset cites")
    else:
        parts.append(f"{text.reading_minutes(article['text'])} min read")
    return " · ".join(parts)


def is_excerpts(article) -> bool:
    """True for an article kept as the sentences the dataset cites, not whole."""
    return article.get("content") == "excerpts"


def original_link(article) -> str:
    """An escaped link to the original article, for an address that is http(s); '' otherwise
    (the address is data: anything else, javascript: included, is not made a link)."""
    url = article.get("url")
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        return ""
    return f'<a class="tv-original" href="{text.html_text(url)}" target="_blank" rel="noopener noreferrer">' \
           f'{text.html_text(url)}</a>'


def excerpt_note_html(article) -> str:
    """The notice above an article kept as excerpts: what is shown, and where the rest is."""
    link = original_link(article)
    where = f" The whole article: {link}" if link else ""
    return (f'<p class="tv-excerpt-note"><strong>Excerpts.</strong> Only the sentences that figures or '
            f'events in the dataset cite are kept here, each quoted as published; the article itself is '
            f'not republished.{where}</p>')


def card_html(article, query: str, area_names: dict[str, str]) -> str:
    """One entry of the list: title (query matches marked), the meta line, up to three snippets."""
    title = _marked(article["title"], text.find_all(article["title"], query))
    pieces = "".join(f'<p class="tv-snippet">{text.snippet_html(s)}</p>'
                     for s in text.snippets(article["text"], query, limit=SNIPPETS_PER_ARTICLE))
    badge = '<span class="tv-badge">Excerpts</span> ' if is_excerpts(article) else ""
    return (f'<div class="tv-card"><div class="tv-card-title">{badge}{title}</div>'
            f'<div class="tv-meta">{text.html_text(meta_line(article, area_names))}</div>{pieces}</div>')


def _marked(value: str, spans: list[tuple[int, int]]) -> str:
    out = []
    for seg in text.segments(len(value), [(s, e, "hit") for s, e in spans]):
        piece = text.html_text(value[seg.start:seg.end])
        out.append(f"<mark>{piece}</mark>" if seg.keys else piece)
    return "".join(out)


# ---- the reader ---------------------------------------------------------------------------

SEARCH_KEY = "search"


def fact_anchor(record_id: str) -> str:
    """The element id of a fact's highlight in the reader ('fact-f08')."""
    return "fact-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in record_id)


def article_html(article, article_facts: pd.DataFrame, focus: str = NO_RECORD, query: str = "") -> str:
    """The article as HTML: its paragraphs, each cited sentence in a <mark> followed by links to
    the records taken from it, the focused record's sentence marked as such, and search matches
    marked. Every piece of text from the data is escaped, so markup in an article shows as text."""
    body = article["text"]
    found = article_facts[article_facts["found"]]
    spans = [(f["start"], f["end"], f["record_id"]) for f in found.to_dict("records")]
    spans += [(s, e, SEARCH_KEY) for s, e in text.find_all(body, query)]
    by_id = {f["record_id"]: f for f in found.to_dict("records")}
    # Links go after the last segment of each sentence; facts sharing a sentence share one mark.
    ends: dict[int, list[dict]] = {}
    for fact in found.to_dict("records"):
        ends.setdefault(fact["end"], []).append(fact)
    paragraphs = []
    anchored: set[str] = set()
    for p_start, p_end in text.paragraph_spans(body):
        inside = [(max(s, p_start) - p_start, min(e, p_end) - p_start, k) for s, e, k in spans if s < p_end and e > p_start]
        out = []
        # Consecutive segments under the same facts share one <mark>; search matches nest inside.
        runs = groupby(text.segments(p_end - p_start, inside), key=lambda seg: tuple(sorted(seg.keys - {SEARCH_KEY})))
        for records, run in runs:
            pieces = []
            for seg in run:
                piece = text.html_text(body[p_start + seg.start:p_start + seg.end])
                pieces.append(f'<mark class="tv-hit">{piece}</mark>' if SEARCH_KEY in seg.keys else piece)
            if not records:
                out.extend(pieces)
                continue
            classes = "tv-fact tv-focus" if focus in records else "tv-fact"
            new = [r for r in records if r not in anchored]
            anchored.update(new)
            ids = "".join(f'<span class="tv-anchor" id="{fact_anchor(r)}"></span>' for r in new)
            title = text.html_text(" | ".join(by_id[r]["extracted"] for r in records))
            facts_attr = text.html_text(" ".join(records))
            out.append(f'{ids}<mark class="{classes}" data-facts="{facts_attr}" title="{title}">{"".join(pieces)}</mark>')
            for fact in ends.get(p_start + seg.end, []):
                out.append(_fact_ref(fact, focus))
        paragraphs.append(f"<p>{''.join(out)}</p>")
    if is_excerpts(article):
        # Each passage stands alone, quoted; the gaps between them are the article's, not ours.
        return '<p class="tv-gap">[…]</p>'.join(f'<blockquote class="tv-excerpt">{p}</blockquote>'
                                                 for p in paragraphs)
    return "".join(paragraphs)


def _fact_ref(fact: dict, focus: str) -> str:
    classes = "tv-ref tv-ref-focus" if fact["record_id"] == focus else "tv-ref"
    return (f'<a class="{classes}" href="{text.html_text(fact_url(fact))}" target="_self" '
            f'title="{text.html_text(fact["detail"])}">'
            f'<span class="tv-num">{fact["number"]}</span> {text.html_text(fact["extracted"])} ↗</a>')


def header_html(article, area_names: dict[str, str]) -> str:
    """Title, then source and publication date, above the text."""
    origin = " (title given by the editors)" if article["title_origin"] == "editorial" else ""
    note = excerpt_note_html(article) if is_excerpts(article) else ""
    return (f'<h1 class="tv-title">{text.html_text(article["title"])}</h1>'
            f'<div class="tv-meta">{text.html_text(meta_line(article, area_names))}'
            f'{text.html_text(origin)}</div>{note}')


def reader_html(article, article_facts: pd.DataFrame, area_names: dict[str, str], focus: str = NO_RECORD,
                query: str = "") -> str:
    return (f'<article class="tv-reader">{header_html(article, area_names)}'
            f'{article_html(article, article_facts, focus, query)}</article>')


def side_panel_html(article_facts: pd.DataFrame, focus: str = NO_RECORD) -> str:
    """Every figure and event taken from the article, numbered as in the text, each linking to
    its place in the text and to its record."""
    if article_facts.empty:
        return '<p class="tv-meta">No figure or event in the dataset comes from this article.</p>'
    items = []
    for fact in article_facts.to_dict("records"):
        where = (f'<a href="#{fact_anchor(fact["record_id"])}" target="_self">in the text</a>' if fact["found"]
                 else '<span class="tv-missing">sentence not found in the text</span>')
        record_page = "Trade" if fact["page"] == "trade" else "Timeline"
        classes = "tv-item tv-focus-item" if fact["record_id"] == focus else "tv-item"
        items.append(
            f'<li class="{classes}"><span class="tv-num">{fact["number"]}</span> '
            f'<span class="tv-kind">{fact["kind"]}</span> {text.html_text(fact["extracted"])}<br>'
            f'<span class="tv-links">{where} · <a href="{text.html_text(fact_url(fact))}" target="_self">'
            f'{record_page}: {text.html_text(fact["record_id"])} ↗</a></span></li>')
    return f'<ol class="tv-facts">{"".join(items)}</ol>'


def focus_scroll_script(record: str) -> str:
    """A script that scrolls the focused highlight into view once it is on the page (trying for
    up to 5 s). The id is built by `fact_anchor`, so it holds only letters, digits, '-' and '_'.
    The script has no '<' in it: Streamlit's sanitiser drops a script containing '<' + a word
    character (as in 'n<50')."""
    anchor = fact_anchor(record)
    return ("<script>(function(){var n=0;function go(){var el=document.getElementById('" + anchor + "');"
            "if(el){el.scrollIntoView({block:'center'});}else if(n++ !== 50){setTimeout(go,100);}}go();})();</script>")


STYLE = """<style>
.tv-reader{font-family:Georgia,'Iowan Old Style','Palatino Linotype',Palatino,'Times New Roman',serif;
  font-size:1.16rem;line-height:1.72;max-width:40em;color:inherit;}
.tv-reader p{margin:0 0 1.05em 0;hyphens:auto;}
.tv-title{font-family:inherit;font-size:2rem;line-height:1.25;font-weight:700;margin:0 0 .35em 0;padding:0;}
.tv-meta{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:.88rem;color:#5f6368;
  margin:0 0 1.4em 0;line-height:1.5;}
mark.tv-fact{background:#fff1b8;color:inherit;padding:.05em .1em;border-radius:2px;
  box-shadow:inset 0 -2px 0 #f0c000;}
mark.tv-fact.tv-focus{background:#ffd591;box-shadow:inset 0 -2px 0 #e67700;outline:2px solid #e67700;
  outline-offset:1px;}
mark.tv-hit{background:#c5e4ff;color:inherit;padding:0 .05em;border-radius:2px;}
.tv-card mark{background:#c5e4ff;color:inherit;padding:0 .05em;border-radius:2px;}
a.tv-ref{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:.74rem;line-height:1.2;
  margin:0 .2em;padding:.08em .5em;border-radius:.8em;-webkit-box-decoration-break:clone;box-decoration-break:clone;
  border:1px solid #d9b600;background:#fffbe6;color:#614700;text-decoration:none;vertical-align:.12em;}
a.tv-ref:hover{background:#fff1b8;text-decoration:underline;}
a.tv-ref.tv-ref-focus{border-color:#e67700;background:#fff4e6;color:#7a3e00;}
.tv-num{font-weight:700;}
.tv-anchor{scroll-margin-top:6rem;}
.tv-card-title{font-size:1.2rem;font-weight:600;line-height:1.35;margin-bottom:.2em;}
.tv-card .tv-meta{margin-bottom:.5em;}
.tv-snippet{font-family:Georgia,serif;font-size:.98rem;line-height:1.55;margin:.2em 0;color:inherit;}
ol.tv-facts{list-style:none;padding:0;margin:0;font-size:.92rem;line-height:1.45;}
ol.tv-facts li{padding:.5em 0;border-bottom:1px solid rgba(128,128,128,.25);}
ol.tv-facts li.tv-focus-item{background:#fff4e6;padding-left:.4em;border-left:3px solid #e67700;}
.tv-kind{font-size:.72rem;text-transform:uppercase;letter-spacing:.04em;color:#5f6368;margin-right:.2em;}
.tv-links{font-size:.82rem;}
.tv-missing{color:#c92a2a;font-weight:600;}
blockquote.tv-excerpt{margin:0 0 .4em 0;padding:.1em 0 .1em 1em;border-left:3px solid #adb5bd;}
blockquote.tv-excerpt p{margin:0;}
p.tv-gap{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#868e96;margin:.2em 0 .6em 1em;}
p.tv-excerpt-note{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:.9rem;line-height:1.5;
  background:#f1f3f5;border-radius:4px;padding:.6em .8em;margin:0 0 1.2em 0;}
.tv-badge{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:.7rem;font-weight:600;
  text-transform:uppercase;letter-spacing:.05em;background:#e9ecef;color:#495057;border-radius:3px;
  padding:.1em .45em;vertical-align:.2em;}
a.tv-original{word-break:break-all;}
</style>"""
