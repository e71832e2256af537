"""Where a timeline draws its marks and their titles, on a surface of known width.

Each title stands under its own mark: centred on it, or starting (ending) at it when centring
would run off the plot. A long title wraps over lines; it is never cut. Titles go in rows under
a lane's marks, the first row that has room; a title with no room anywhere is left to the
tooltip. Marks that would cover one another are spread over rows of their lane at the same x
(a dodge); those still on top of one another share one count badge, so no two badges overlap.

Pure geometry on pixel positions: the same rules serve a page, a phone, a slide and print.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Average advance of a character as a share of the type size (sans-serif, erring wide), and the
# free space kept between two titles on one row.
CHARACTER_WIDTH = 0.58
GAP_PX = 8
# A title wrapped narrower than this to fit beside an edge would be a column of stubs.
FEWEST_LINE_CHARS = 10
# A reference tick's width, and how much wider a lane's name is than a title of as many letters
# (it is bold).
REFERENCE_PX = 6
NAME_WEIGHT = 1.12


@dataclass(frozen=True)
class Surface:
    """What a timeline is drawn on: the plot's width, the type size of titles, a mark's
    diameter, how many characters a title line holds, and how many rows a lane gives its marks
    and its titles."""

    name: str
    plot_px: float
    font_px: float
    mark_px: float
    line_chars: int
    mark_rows: int
    label_rows: int

    def text_px(self, line: str) -> float:
        return len(line) * CHARACTER_WIDTH * self.font_px


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    row: int        # the label row of its first line (0: just under the marks)
    anchor: str     # 'center', 'left' (starts at the mark) or 'right' (ends at the mark)
    left: float
    right: float


def wrap(text: str, line_chars: int) -> tuple[str, ...]:
    """`text` broken between words into as few lines of at most `line_chars` characters as
    it takes, as even as they can be ("Working visit / across New Year", not "Working visit
    across New / Year"); a longer word keeps a line of its own, whole."""
    def lines(width: int) -> list[str]:
        return textwrap.wrap(text, max(1, width), break_long_words=False, break_on_hyphens=False)

    best = lines(line_chars)
    longest_word = max((len(word) for word in text.split()), default=1)
    for width in range(max((len(line) for line in best), default=0) - 1, longest_word - 1, -1):
        narrower = lines(width)
        if len(narrower) > len(best):
            break
        best = narrower
    return tuple(best)


def dodge(xs, diameters, rows: int, name_px: float = 0.0) -> tuple[list[int], list[int]]:
    """For marks at `xs` (pixels) of the given diameters, the row each goes to and the cluster
    it belongs to. The first row starts with the lane's name, `name_px` wide. In x order, a
    mark takes the first row where it clears what is before it; when no row has room it goes
    where it overlaps least, and when that is a mark it joins that mark's cluster (a pile the
    chart gives one badge). Unclustered marks are clusters of one."""
    xs = np.asarray(xs, dtype="float64")
    diameters = np.asarray(diameters, dtype="float64")
    row_of = [0] * len(xs)
    cluster = list(range(len(xs)))
    last: list[int | None] = [None] * max(1, rows)
    edge = [name_px + GAP_PX if name_px else -np.inf] + [-np.inf] * (len(last) - 1)
    for i in np.argsort(xs, kind="stable"):
        left = xs[i] - diameters[i] / 2
        free = [r for r in range(len(last)) if edge[r] + 1 <= left]
        row = free[0] if free else min(range(len(last)), key=lambda r: edge[r])
        if not free and last[row] is not None:
            cluster[i] = cluster[last[row]]
        row_of[i] = row
        last[row] = int(i)
        edge[row] = max(edge[row], xs[i] + diameters[i] / 2)
    return row_of, cluster


def _fittings(x: float, text: str, surface: Surface) -> list[tuple[tuple[str, ...], str, float, float]]:
    """The ways the title can stand at mark x inside the plot, best first: its lines, anchor and
    horizontal extent. Centred on the mark, then ending at it, then starting at it (the side
    with more room first); narrower, over more lines, only when no width fits."""
    for chars in range(surface.line_chars, FEWEST_LINE_CHARS - 1, -2):
        lines = wrap(text, chars)
        width = max(surface.text_px(line) for line in lines)
        sides = [("right", x - width, x), ("left", x, x + width)]
        if x < surface.plot_px / 2:
            sides.reverse()
        found = [(lines, anchor, left, right) for anchor, left, right in [("center", x - width / 2, x + width / 2), *sides]
                 if left >= 0 and right <= surface.plot_px]
        if found:
            return found
    return []


def place(xs, texts, order, surface: Surface) -> list[Label | None]:
    """Labels for the marks of one lane at `xs`, taken in `order` (positions, most wanted
    first): each in the first row under the marks where one of its fittings clears every label
    already placed by GAP_PX, with a blank row between two labels above one another (so two
    titles never read as one); None where none has room."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(surface.label_rows + 1)]
    out: list[Label | None] = [None] * len(xs)
    for i in order:
        fittings = _fittings(float(xs[i]), texts[i], surface)
        for row in range(surface.label_rows):
            fit = next((f for f in fittings if row + len(f[0]) <= surface.label_rows and _free(taken, row, f)), None)
            if fit is not None:
                lines, anchor, left, right = fit
                for r in range(row, row + len(lines) + 1):   # its lines and the blank row under them
                    taken[r].append((left, right))
                out[i] = Label(lines, row, anchor, left, right)
                break
    return out


def _free(taken: list[list[tuple[float, float]]], row: int, fit) -> bool:
    lines, _, left, right = fit
    return all(right + GAP_PX <= a or b + GAP_PX <= left
               for r in range(row, row + len(lines) + 1) for a, b in taken[r])


@dataclass(frozen=True)
class Layout:
    """A timeline laid out on a surface, in rows numbered from the top (`slot`): each lane takes
    a row for its name (when there are lanes to tell apart), the rows its marks are spread
    over, then the rows of its titles; `slots` rows in all. `marks` is the frame with `slot`
    and `badge` (the count written on the mark, or ''); `labels` has one row per line of a
    title; `lanes` gives each lane's `slot` (its name's row) and `top` (where it begins)."""

    marks: pd.DataFrame
    labels: pd.DataFrame
    lanes: pd.DataFrame
    slots: int


LABEL_COLUMNS = ["milestone_id", "event_key", "lane", "mid", "line", "slot", "anchor", "selected", "description"]


def x_px(dates: pd.Series, years: tuple[int, int], plot_px: float) -> np.ndarray:
    """Where dates fall on a plot of `plot_px` spanning 1 January of years[0] to 1 January after
    years[1]."""
    start = pd.Timestamp(year=years[0], month=1, day=1)
    span = (pd.Timestamp(year=years[1] + 1, month=1, day=1) - start).total_seconds()
    return ((dates - start).dt.total_seconds() / span * plot_px).to_numpy(dtype="float64")


def lay_out(frame: pd.DataFrame, lanes: list[str], years: tuple[int, int], surface: Surface,
            selected_px: float | None = None) -> Layout:
    """Rows for the marks of `frame` (lane, mid, title, statements, selected, reference,
    label_rank: labels are placed lowest rank first, a negative rank is never labelled) and
    their labels, lane by lane in the order of `lanes`. The name of each lane (when there are
    lanes to tell apart) opens its first row of marks, the marks clear of it. A reference mark
    (an event drawn in another lane) is a thin tick spread with the marks, with no badge and
    no label."""
    frame = frame.reset_index(drop=True)
    x = x_px(frame["mid"], years, surface.plot_px)
    reference = frame["reference"].to_numpy(dtype=bool)
    diameter = np.where(frame["selected"].to_numpy(dtype=bool), selected_px or surface.mark_px, surface.mark_px)
    diameter = np.where(reference, REFERENCE_PX, diameter)
    statements = np.where(reference, 0, frame["statements"].to_numpy())
    ranks = np.where(reference, -1, frame["label_rank"].to_numpy())
    titles = frame["title"].tolist()
    slot = np.zeros(len(frame), dtype="float64")
    badge = np.array([""] * len(frame), dtype=object)
    named = len(lanes) > 1
    lines: list[dict] = []
    lane_rows: list[dict] = []
    top = 0
    for name in lanes:
        at = np.flatnonzero((frame["lane"] == name).to_numpy())
        rows, cluster = dodge(x[at], diameter[at], surface.mark_rows,
                              name_px=surface.text_px(name) * NAME_WEIGHT if named else 0.0)
        slot[at] = top + np.asarray(rows, dtype="float64")
        piles: dict[int, list[int]] = {}
        for k, c in enumerate(cluster):
            if not reference[at[k]]:
                piles.setdefault(c, []).append(k)
        for members in piles.values():
            total = int(statements[at[members]].sum())
            if total > 1:
                # On the mark drawn last (the latest): the one on top of its pile.
                badge[at[max(members, key=lambda k: x[at[k]])]] = f"{total:,}"
        first_label = top + (max(rows) + 1 if len(rows) else 1)
        order = [k for k in np.argsort(ranks[at], kind="stable") if ranks[at[k]] >= 0]
        used = 0
        for k, label in enumerate(place(x[at], [titles[i] for i in at], order, surface)):
            if label is None:
                continue
            source = frame.iloc[at[k]]
            used = max(used, label.row + len(label.lines))
            for n, text in enumerate(label.lines):
                lines.append({"milestone_id": source["milestone_id"], "event_key": source["event_key"],
                              "lane": name, "mid": source["mid"], "line": text,
                              "slot": float(first_label + label.row + n), "anchor": label.anchor,
                              "selected": bool(source["selected"]),
                              "description": source.get("description", source["title"])})
        lane_rows.append({"lane": name, "slot": float(top), "top": top - 0.5})
        top = first_label + used
    marks = frame.assign(slot=slot, badge=badge.astype("str"))
    labels = pd.DataFrame(lines, columns=LABEL_COLUMNS)
    labels = labels.astype({"line": "str", "slot": "float64", "anchor": "str", "selected": "bool"})
    return Layout(marks, labels, pd.DataFrame(lane_rows, columns=["lane", "slot", "top"]), max(1, top))
