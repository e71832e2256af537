"""Who may change the data, asked again at each write; the Review page's cards and their save; refused attempts logged."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import streamlit as st

from tradeviz import access
from tradeviz.markdown import Markdown, joined, md
from tradeviz.ui import text
from tradeviz.ui.streamlit_internals import widgets_sent


def _writes_log() -> logging.Logger:
    """Writes, and refused attempts, go to the server's log (stderr) with a time stamp."""
    log = logging.getLogger("tradeviz.writes")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


_WRITES_LOG = _writes_log()


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def current_access() -> access.Access:
    """This session's access, from the identity Streamlit read on the server from its signed
    cookie (st.user) and the server's configuration: asked again at every write."""
    return access.decide(_secrets(), st.user.to_dict())


def _log_refused(who: access.Access, what: str) -> None:
    address = st.context.ip_address  # None on localhost (Streamlit's docs)
    _WRITES_LOG.warning("Refused %s from %s (%s%s); nothing was written", what, who.who, who.reason,
                        f"; client {address}" if address else "")


def sign_in_panel() -> access.Access:
    """Say who may change the data here and offer to sign in or out; returns the session's access."""
    who = current_access()
    if not who.configured:
        st.info("Read-only: editing is turned off on this server. An operator turns it on by configuring "
                "sign-in and the editors' addresses (README, “Who can change the data”); the command line "
                "(`python -m tradeviz add-article`) works where the data folder is.", icon="🔒")
    elif not who.identity:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.info("Read-only. Editors sign in to accept, correct or reject candidates.", icon="🔒")
        if right.button("Sign in", key="review-sign-in"):
            st.login(access.provider_name(_secrets()))
    else:
        left, right = st.columns([4, 1], vertical_alignment="center")
        if who.editor:
            text.caption(md("Signed in as {}, an editor: each decision you save is recorded under this "
                            "address.", who.identity), where=left)
        else:
            text.warning(md("Read-only: {}. An operator can add the address to the editors.", who.reason),
                         icon="🔒", where=left)
        if right.button("Sign out", key="review-sign-out"):
            st.logout()
    return who


# The keys of the editor's widgets carry the revision the rows were opened at and the card's
# number; a session that is not an editor's never draws them, so values sent for them are refused.
REVIEW_EDITOR_KEYS = ("review-decision:", "review-correct:", "review-field:")


REVIEW_DATES = (dt.date(1990, 1, 1), dt.date(2045, 12, 31))


EVENT_STATUS_COLOURS = {"planned": "orange", "occurred": "blue"}


DECIDED_COLOURS = {"accepted": "green", "rejected": "red"}


def review(shown, folder: Path, areas: dict[str, str], events: dict[str, str], view_key: str,
           who: access.Access) -> None:
    """The candidates as cards: each in words beside its sentence. An editor decides each with one
    click (Accept or Reject), may correct its fields first, and saves; Save says what it will do
    or what it still needs. Anyone else sees the same cards with no controls. A save applies only
    the candidates of the rows the server handed out, by their ids, against the revision they
    were opened at (tradeviz.review.save), so a save that crosses another is refused, not lost;
    whether it may happen is asked again from the session's identity at the moment of the write."""
    from tradeviz import review as review_writes
    from tradeviz.views import review as view

    if "review-saved" in st.session_state:
        text.success(st.session_state.pop("review-saved"), icon=":material/check_circle:")
    if shown.problem:
        text.error(shown.empty_reason, icon="⚠️")
        return
    if shown.empty_reason:
        text.info(shown.empty_reason, icon="📝")
        return
    # The rows as they were when the page opened, and their revision, kept on the server: each
    # card's candidate id comes from here, never from the client, and the cards stay until a save
    # even if another reviewer's save changes the file meanwhile (theirs show after ours).
    base_key = f"review-base:{view_key}"
    base, rows = st.session_state.setdefault(base_key, (shown.revision, shown.rows))
    text.caption(shown.count_text)
    shown_cards = view.cards(rows)
    if not who.editor:
        for card in shown_cards:
            _review_card(card, areas, events, None)
        # A client may still send values for the editor's widgets (their ids are easy to learn);
        # Streamlit drops values for widgets this run does not draw, and the attempt is logged.
        sent = [widget for widget in widgets_sent()
                if widget.endswith("-review-save") or any(f"-{key}" in widget for key in REVIEW_EDITOR_KEYS)]
        if sent:
            _log_refused(who, f"a Review save (values for {', '.join(w.split('-', 2)[-1] for w in sent)})")
            st.error("Not saved: only signed-in editors change the data.", icon="🔒")
        return
    chosen = {}
    for card in shown_cards:
        decision, values = _review_card(card, areas, events, base)
        if decision in view.DECISIONS:
            chosen[card.candidate_id] = {"status": decision, **values}
    ready = view.save_state(chosen, shown_cards, areas)
    # The save bar stays in view at the foot of the window while the cards scroll.
    with st.bottom, st.container(key="review-savebar"):
        left, right = st.columns([1, 4], vertical_alignment="center")
        clicked = left.button("Save decisions", key="review-save", type="primary", disabled=not ready.ready,
                              width="stretch")
        text.markdown(ready.message, where=right)
    if not clicked:
        return
    now = current_access()
    if not now.editor:
        _log_refused(now, f"a Review save of {len(chosen)} decision(s)")
        st.error("Not saved: only signed-in editors change the data.", icon="🔒")
        return
    try:
        review_writes.save(folder, chosen, base, now.identity)
    except review_writes.ReviewConflict as conflict:
        st.session_state.pop(base_key, None)
        text.error(str(conflict), icon="⚠️")
        return
    except review_writes.ReviewFailed as failure:
        text.error(md("Not saved: the accepted rows do not build.\n\n{}",
                      joined("\n", (md("- {}", p) for p in failure.problems[:10]))), icon="⚠️")
        return
    _WRITES_LOG.info("%s saved %d decision(s) on the Review page", now.identity, len(chosen))
    st.session_state.pop(base_key, None)
    st.session_state["review-saved"] = f"Saved {len(chosen)} decision(s) by {now.identity}; the dataset is rebuilt."
    st.rerun()


def _review_card(card, areas: dict[str, str], events: dict[str, str],
                 base: str | None) -> tuple[str | None, dict[str, str]]:
    """One candidate: what it proposes in words, its sentence beside it, and for an editor
    (`base`, the revision the rows were opened at) the decision and the corrections. Returns the
    decision and the fields as they now stand."""
    from tradeviz.views import review as view

    values = dict(card.values)
    decision = None
    with st.container(border=True, key=f"review-card-{card.number}"):
        what, sentence, act = st.columns([5, 6, 3], gap="medium")
        corrections = st.container()
        with act:
            if base is not None and card.status == "candidate":
                decision = st.segmented_control("Decision", view.DECISIONS, format_func=view.DECISION_LABELS.get,
                                                key=f"review-decision:{base}:{card.number}")
                if st.toggle("Correct the fields", key=f"review-correct:{base}:{card.number}",
                             help="Change what was read from the sentence before accepting it."):
                    with corrections:
                        values.update(_review_fields(card, areas, events, base))
            elif card.status == "candidate":
                st.badge(view.STATUS_LABELS["candidate"], color="gray")
            else:
                st.badge(view.STATUS_LABELS.get(card.status, card.status), color=DECIDED_COLOURS.get(card.status, "gray"))
                text.caption(card.decided)
        with what:
            line = f":gray-badge[{card.kind_label}]"
            if card.kind == "event":
                status = values.get("event_status", "")
                line += (f" :{EVENT_STATUS_COLOURS.get(status, 'gray')}-badge"
                         f"[{view.EVENT_STATUS_LABELS.get(status, 'Status not stated')}]")
            text.markdown(md("{} :small[:gray[#{} · {}]]", Markdown(line), card.number, card.candidate_id))
            facts = view.facts(card.kind, values, areas, events)
            text.markdown(md("**{}**  \n{}", view.heading(card.kind, values),
                             joined("  \n", (md(":gray[{}] {}", label, said) for label, said in facts))))
        with sentence:
            st.caption("The article's sentence")
            text.markdown(md("> {}", card.sentence.replace("\n", " ")) if card.sentence.strip()
                          else Markdown(":gray[(no sentence)]"))
        if decision == "accepted":
            missing = view.needs(card.kind, values, areas)
            if missing:
                text.warning(md("To accept it, give it {}.", view.and_list(missing)), icon="✏️")
    return decision, values


def _review_fields(card, areas: dict[str, str], events: dict[str, str], base: str) -> dict[str, str]:
    """The widgets that correct a card's fields, three to a row; returns the fields' values."""
    from tradeviz.views import review as view

    out = {}
    fields = card.fields
    for start in range(0, len(fields), 3):
        for column, spec in zip(st.columns(3), fields[start:start + 3]):
            key = f"review-field:{base}:{card.number}:{spec.name}"
            current = card.values.get(spec.name, "")
            if spec.kind == "choice":
                options = list(spec.options) + ([current] if current not in spec.options else [])
                out[spec.name] = column.selectbox(spec.label, options, index=options.index(current),
                                                  format_func=spec.label_of, key=key, help=spec.help)
            elif spec.kind == "date":
                try:
                    value = dt.date.fromisoformat(current) if current else None
                except ValueError:
                    value = None
                chosen = column.date_input(spec.label, value=value, min_value=REVIEW_DATES[0],
                                           max_value=REVIEW_DATES[1], format="YYYY-MM-DD", key=key, help=spec.help)
                out[spec.name] = chosen.isoformat() if isinstance(chosen, dt.date) else ""
            elif spec.kind == "areas":
                chosen_areas = view.split_areas(current)
                options = list(areas) + [a for a in chosen_areas if a not in areas]
                picked = column.multiselect(spec.label, options, default=chosen_areas,
                                            format_func=lambda a: areas.get(a, f"{a} (not on the list)"), key=key,
                                            help=spec.help)
                out[spec.name] = view.join_areas(picked)
            elif spec.kind == "event":
                options = ["", *events, *([current] if current and current not in events else [])]
                out[spec.name] = column.selectbox(
                    spec.label, options, index=options.index(current), key=key, help=spec.help,
                    format_func=lambda k: events.get(k, k) if k else view.OWN_EVENT)
            else:
                out[spec.name] = column.text_input(spec.label, value=current, key=key, help=spec.help).strip()
    return out
