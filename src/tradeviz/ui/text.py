"""Streamlit's text elements for text from the data: each escapes what it is given.

A plain `str` is shown as literal text (tradeviz.markdown.escaped); a `tradeviz.markdown.Markdown`
(our markup around escaped text, made by `md`) is shown as it is. So a page cannot forget to
escape: it hands these functions the text, never Markdown it built by hand. `where` is the
container to draw in (a column, an expander); Streamlit's module by default.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from tradeviz.markdown import Markdown, escaped, md  # md: a page builds its Markdown through this module

__all__ = ["md", "markdown", "caption", "subheader", "info", "warning", "error", "success", "metric"]


def markdown(body: Any, where=st) -> None:
    where.markdown(escaped(body))


def caption(body: Any, where=st) -> None:
    where.caption(escaped(body))


def subheader(body: Any, where=st) -> None:
    where.subheader(escaped(body))


def info(body: Any, icon: str | None = None, where=st) -> None:
    where.info(escaped(body), icon=icon)


def warning(body: Any, icon: str | None = None, where=st) -> None:
    where.warning(escaped(body), icon=icon)


def error(body: Any, icon: str | None = None, where=st) -> None:
    where.error(escaped(body), icon=icon)


def success(body: Any, icon: str | None = None, where=st) -> None:
    where.success(escaped(body), icon=icon)


def metric(label: Any, value: Any, delta: str | None = None, help: str | None = None, where=st) -> None:
    """st.metric renders its label, value, delta and help as Markdown: each may hold text from
    the data (a period label, a source title), so each is escaped."""
    where.metric(escaped(label), escaped(value), delta=_escaped_delta(delta) if delta else None,
                 help=escaped(help) if help else None)


def _escaped_delta(delta: str) -> Markdown:
    # Streamlit picks the arrow from a leading minus sign, so the sign stays unescaped (a sign
    # directly before a character starts no Markdown list).
    sign = delta[0] if delta[0] in "+-" else ""
    return Markdown(sign + escaped(delta[len(sign):]))
