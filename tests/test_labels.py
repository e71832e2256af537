"""Where a timeline's marks and titles go (tradeviz.labels), by hand-computed pixels.

The surfaces here use 10-px type: a character is 0.58 × 10 = 5.8 px wide."""

from __future__ import annotations

import pandas as pd

from tradeviz import labels

SURFACE = labels.Surface("test", plot_px=400, font_px=10, mark_px=19, line_chars=24, mark_rows=3, label_rows=3)


def test_wrap_is_even_and_never_cuts_a_word():
    assert labels.wrap("Working visit across New Year", 24) == ("Working visit", "across New Year")
    assert labels.wrap("Aliyev and Xi meet in Tianjin ahead of the SCO summit", 24) == (
        "Aliyev and Xi meet", "in Tianjin ahead", "of the SCO summit")
    assert labels.wrap("Supercalifragilisticexpialidocious word", 10) == ("Supercalifragilisticexpialidocious", "word")
    assert labels.wrap("Short", 24) == ("Short",) and labels.wrap("", 24) == ()


def test_dodge_spreads_marks_that_would_cover_one_another():
    # Diameter 19: the mark at 10 reaches 19.5; the one at 20 starts at 10.5, so it goes a row
    # down; 40 starts at 30.5, clear of row 0 (19.5 + 1); 100 clear of everything.
    assert labels.dodge([10, 20, 40, 100], [19] * 4, rows=3) == ([0, 1, 0, 0], [0, 1, 2, 3])
    # One row only: the second mark lands on the first and joins its pile.
    assert labels.dodge([10, 20], [19, 19], rows=1) == ([0, 0], [0, 0])
    # A lane's name 50 px wide opens row 0 (to 58 with the gap): a mark at 30 (from 20.5) goes
    # a row down, one at 80 (from 70.5) stays.
    assert labels.dodge([30, 80], [19, 19], rows=3, name_px=50) == ([1, 0], [0, 1])


def test_place_centres_titles_on_their_marks_and_keeps_them_apart():
    placed = labels.place([200, 205, 5, 395, 20], ["Alpha", "Beta", "Gamma ray", "Delta", "Unplaceable here"],
                          order=[0, 1, 2, 3, 4], surface=SURFACE)
    alpha, beta, gamma, delta, last = placed
    # "Alpha" (29 px) centred on 200: 185.5–214.5 on row 0 (and row 1 kept blank under it).
    assert (alpha.lines, alpha.row, alpha.anchor, alpha.left, alpha.right) == (("Alpha",), 0, "center", 185.5, 214.5)
    # "Beta" (23.2 px) at 205 overlaps Alpha however it stands on rows 0 and 1: row 2, centred.
    assert (beta.row, beta.anchor) == (2, "center") and round(beta.left, 1) == 193.4
    # "Gamma ray" (52.2 px) cannot be centred on 5: it starts at its mark.
    assert (gamma.row, gamma.anchor, gamma.left) == (0, "left", 5)
    # "Delta" (29 px) at 395, near the right edge: it ends at its mark.
    assert (delta.row, delta.anchor, delta.right) == (0, "right", 395)
    # "Unplaceable here" starting at 20 (to 112.8) would cover Gamma ray (5–57.2) on rows 0–1
    # and fits on row 2.
    assert (last.row, last.anchor) == (2, "left")
    # A title no wrapping fits inside a 30-px plot is left to the tooltip.
    narrow = labels.Surface("narrow", 30, 10, 19, 24, 1, 3)
    assert labels.place([15], ["Unbreakable"], [0], narrow) == [None]


def test_lay_out_gives_each_lane_its_own_rows_and_each_pile_one_badge():
    frame = pd.DataFrame({
        "milestone_id": ["a", "b", "c", "d"], "event_key": ["a", "b", "c", "d"],
        "lane": ["One", "One", "Two", "One"],
        # Over 2000–2009 on 400 px: 2000-07-02 is at 20 px, 2000-07-12 at 21.1 px, 2005-01-01 at 200 px.
        "mid": pd.to_datetime(["2000-07-02", "2000-07-12", "2005-01-01", "2005-01-01"]),
        "title": ["First", "Second", "Third", "Third"], "statements": [2, 3, 1, 1],
        "selected": [False] * 4, "reference": [False, False, False, True], "label_rank": [0, 1, 0, -1],
    })
    one_row = labels.Surface("test", plot_px=400, font_px=10, mark_px=19, line_chars=24, mark_rows=1, label_rows=2)
    layout = labels.lay_out(frame, ["One", "Two"], (2000, 2009), one_row)
    # Lane One: its name (3 × 5.8 × 1.12 = 19.5 px, to 27.5 with the gap) and marks a and b on row 0:
    # with one row, b lands on a, and the pile carries one badge, 2 + 3 = 5, on the later mark.
    # d is event c's reference tick in lane One. Titles: "First" on row 1; "Second" would cover
    # it and has no second free row. Lane Two starts at row 2, its title on row 3.
    marks = layout.marks.set_index("milestone_id")
    assert marks["slot"].to_dict() == {"a": 0.0, "b": 0.0, "c": 2.0, "d": 0.0}
    assert marks["badge"].to_dict() == {"a": "", "b": "5", "c": "", "d": ""}
    assert layout.labels[["milestone_id", "line", "slot"]].values.tolist() == [["a", "First", 1.0], ["c", "Third", 3.0]]
    assert layout.lanes.values.tolist() == [["One", 0.0, -0.5], ["Two", 2.0, 1.5]]
    assert layout.slots == 4
