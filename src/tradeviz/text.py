"""Text from the dataset: escaping for display, sentences, search and highlight spans."""

from __future__ import annotations

# Every character that Streamlit's Markdown (CommonMark + GFM + LaTeX + emoji shortcodes + HTML)
# could treat as syntax. Escaping all of them turns any text into literal text.
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|<>~$:=\"'&")


def escape_markdown(text: str) -> str:
    """Make text from the dataset inert in st.markdown: no emphasis, links, HTML or LaTeX."""
    return "".join(f"\\{ch}" if ch in MARKDOWN_SPECIALS else ch for ch in text)
