"""The keys a presenter presses: Previous, Next and Leave buttons that answer a clicker's keys."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tradeviz.ui.url_state import set_value


# Keys a presentation clicker or keyboard sends: Right, PageDown and Space go on; Left and
# PageUp go back; Esc leaves.
NEXT_KEYS, PREVIOUS_KEYS, LEAVE_KEY = ("Right", "PageDown", "Space"), ("Left", "PageUp"), "Esc"


def steps(page: str, key: str, previous: Any, following: Any, leave: tuple[str, Any] | None = None,
          labels: tuple[str, str] = ("← Previous", "Next →")) -> None:
    """Previous / Next buttons that set parameter `key` to `previous` / `following` (None: no
    such step), answering the keys a presenter uses; `leave` = (parameter, value) for Esc."""
    left, right, rest = st.columns([1, 1, 5])
    left.button(labels[0], key=f"{page}-{key}-previous", disabled=previous is None, shortcut=PREVIOUS_KEYS[0],
                on_click=set_value, args=(page, key, previous))
    right.button(labels[1], key=f"{page}-{key}-next", disabled=following is None, shortcut=NEXT_KEYS[0],
                 on_click=set_value, args=(page, key, following))
    if leave is not None:
        rest.button("Leave (Esc)", key=f"{page}-{key}-leave", shortcut=LEAVE_KEY, on_click=set_value,
                    args=(page, *leave))
    # The other keys, on buttons nobody sees (a button takes one shortcut).
    with st.container(key="steps-hidden"):
        for shortcut in NEXT_KEYS[1:]:
            st.button(f"next {shortcut}", key=f"{page}-{key}-next-{shortcut}", disabled=following is None,
                      shortcut=shortcut, on_click=set_value, args=(page, key, following))
        for shortcut in PREVIOUS_KEYS[1:]:
            st.button(f"previous {shortcut}", key=f"{page}-{key}-previous-{shortcut}", disabled=previous is None,
                      shortcut=shortcut, on_click=set_value, args=(page, key, previous))


def leave_presentation(page: str) -> None:
    st.button("Leave the presentation view (Esc)", key=f"{page}-leave-present", shortcut=LEAVE_KEY,
              on_click=set_value, args=(page, "present", False))
