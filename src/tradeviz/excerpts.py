"""Articles kept as excerpts: a source the project may not republish is stored as its address,
publisher and date and only the sentences its records cite, one passage (paragraph) each.

`add-article --excerpts` extracts candidates from the whole text it is given, then stores only
their sentences (`excerpt`, `relocated` gives each candidate's span in the stored text); when the
review decides candidates, the passages no accepted record and no undecided candidate cites are
dropped (`pruned`). Plain functions over strings; the writing is tradeviz.review's.
"""

from __future__ import annotations

from collections.abc import Iterable

from tradeviz import text as textlib

SEPARATOR = "\n\n"


def excerpt(sentences: Iterable[str]) -> str:
    """The stored text of an excerpts article: each distinct sentence once, in the order given
    (reading order), one passage each; a sentence that is part of a longer one given (a record
    may cite two sentences together) is kept only within it. A sentence's inner line breaks
    become spaces, so that a passage is exactly one paragraph."""
    seen: list[str] = []
    for sentence in sentences:
        one = " ".join(sentence.split())
        if one and one not in seen:
            seen.append(one)
    return SEPARATOR.join(one for one in seen if not any(one != other and one in other for other in seen))


def passages(stored: str) -> list[str]:
    """The passages of a stored text (its paragraphs), stripped."""
    return [stored[start:end].strip() for start, end in textlib.paragraph_spans(stored) if stored[start:end].strip()]


def relocated(sentence: str, stored: str) -> tuple[int, int] | None:
    """Where `sentence` (whitespace as in the whole text) stands in the stored excerpt text, or
    None when it is not there."""
    one = " ".join(sentence.split())
    at = stored.find(one) if one else -1
    return None if at < 0 else (at, at + len(one))


def pruned(stored: str, cited: Iterable[str]) -> str:
    """The stored text with only the passages that one of `cited` (sentences of accepted records
    and of candidates still undecided) is part of, in their order."""
    wanted = [" ".join(c.split()) for c in cited if c and c.strip()]
    return SEPARATOR.join(p for p in passages(stored) if any(w in " ".join(p.split()) for w in wanted))
