"""What a reader sees of text that reached Streamlit's Markdown escaped (tradeviz.markdown.escape_markdown)."""

import re


def plain(markdown: str) -> str:
    """The text with Markdown backslash escapes removed: '1 article\\: all' -> '1 article: all'."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def plains(elements) -> list[str]:
    return [plain(e.value) for e in elements]
