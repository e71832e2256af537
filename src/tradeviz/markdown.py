"""Markdown made from our own markup and text from the data, the text from the data always escaped.

Streamlit renders most strings as Markdown (CommonMark + GFM + LaTeX + emoji shortcodes + HTML).
A plain `str` is text: `escaped` makes it literal. `Markdown` is a `str` whose every piece from
the data went through `escaped` already: `md` builds one from a template we wrote, and
tradeviz.ui.text shows it as it is while escaping anything else it is given.
"""

from __future__ import annotations

import re
from typing import Iterable

# Every character that Streamlit's Markdown could treat as syntax. Escaping all of them turns
# any text into literal text.
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|<>~$:=\"'&")


# Two kinds of Markdown are found in the text after escapes are resolved, so a backslash does
# not stop them: GitHub's bare addresses (made links) and Streamlit's `:material/icon:` (drawn as
# an icon). A word joiner (U+2060, invisible) after "http", "https", "www" or ":material" and
# before an "@" breaks the patterns they look for.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(https?|www)(?=[:.])|(?<=[\w.+-])(?=@)|(?<=:material)(?=/)")


class Markdown(str):
    """Markdown that is safe to render: our markup, with every piece from the data escaped."""

    __slots__ = ()


def escape_markdown(text: str) -> str:
    """Make text from the dataset or the URL inert in st.markdown: no emphasis, links (bare
    addresses included), images, HTML, LaTeX or directives."""
    text = _AUTOLINK_START.sub(lambda m: m.group(0) + WORD_JOINER, text)
    return "".join(f"\\{ch}" if ch in MARKDOWN_SPECIALS else ch for ch in text)


def escaped(value: object) -> Markdown:
    """`value` as literal text in Markdown; a `Markdown` is already safe and stays as it is."""
    if isinstance(value, Markdown):
        return value
    return Markdown(escape_markdown(str(value)))


def md(template: str, *values: object, **named: object) -> Markdown:
    """Our Markdown `template` (str.format fields) with every value escaped:
    md("**{}**", title) is bold literal text whatever the title holds."""
    return Markdown(template.format(*(escaped(v) for v in values), **{k: escaped(v) for k, v in named.items()}))


def joined(separator: str, parts: Iterable[object]) -> Markdown:
    """The parts, each escaped (a `Markdown` part kept as it is), joined by our `separator`."""
    return Markdown(separator.join(escaped(part) for part in parts))
