"""Source CSVs round-trip: every cell the build accepts (carriage returns, line feeds, quotes,
commas, a leading '=') reads back unchanged after a write (records.csv_bytes, records.appended,
and the rewrites of add-article and a Review save)."""

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeviz import build, records, review, schema

ROOT = Path(__file__).resolve().parents[1]
CUSTOMS = ROOT / "tests" / "fixtures" / "extract" / "customs-q1-2026.md"
FRONT = ('---\narticle_id: fx-customs-q1\nsource_id: fx-customs-q1\ntitle: "Trade with China grows"\n'
         "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
         "publisher: Fixture Press\npolicy_areas: [trade]\n---\n")
# Any text but NUL, which no text file holds (records.parse_csv refuses it, naming the line).
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
# Cells that are hard for CSV, drawn often.
TRICKY = st.sampled_from(["\r", "\n", "\r\n", '"', ",", "=1+1", "=HYPERLINK(\"x\")", " lead", "trail ", "", '""', "a\rb"])
CELL = st.one_of(TEXT, TRICKY, st.lists(st.one_of(TEXT, TRICKY), max_size=4).map("".join))


def test_a_lone_carriage_return_is_quoted():
    # The csv module's writer with "\n" line ends leaves this cell bare; read back, it splits the row.
    assert records.csv_line(["a\rb", "c"]) == '"a\rb",c\n'
    assert records.csv_line(['say "hi"', "x,y", "=1+2", ""]) == '"say ""hi""","x,y",=1+2,\n'
    assert records.parse_csv(records.csv_bytes(["h1", "h2"], [["a\rb", "c"]]), "t.csv") == [["h1", "h2"], ["a\rb", "c"]]


def test_appended_keeps_every_existing_byte():
    existing = '\ufeffh1,h2\r\n"x\ry",1\r\nlast,row'.encode("utf-8")  # BOM, CRLF, no final line end
    out = records.appended(existing, [["new", "=2"]])
    assert out == existing + b"\nnew,=2\n"
    assert records.parse_csv(out, "t.csv") == [["h1", "h2"], ["x\ry", "1"], ["last", "row"], ["new", "=2"]]


@settings(deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=8))
def test_csv_bytes_round_trip(rows):
    assert records.parse_csv(records.csv_bytes(["a", "b", "c"], rows), "t.csv") == [["a", "b", "c"], *rows]


@settings(deadline=None)
@given(old=st.lists(st.lists(CELL, min_size=2, max_size=2), max_size=5),
       new=st.lists(st.lists(CELL, min_size=2, max_size=2), max_size=5),
       crlf=st.booleans(), bom=st.booleans(), last_line_end=st.booleans())
def test_appended_round_trip(old, new, crlf, bom, last_line_end):
    text = records.csv_bytes(["a", "b"], old).decode("utf-8")
    if crlf:  # line ends outside quotes only: a spreadsheet's CRLF file
        text = "".join(records.csv_line(row).replace("\n", "\r\n") if not any(c in "".join(row) for c in "\r\n\",")
                       else records.csv_line(row) for row in [["a", "b"], *old])
    if not last_line_end:
        text = text.removesuffix("\n")
        if text.endswith("\r"):
            text = text[:-1]
    existing = (("\ufeff" if bom else "") + text).encode("utf-8")
    before = records.parse_csv(existing, "t.csv")
    out = records.appended(existing, new)
    assert out.startswith(existing)
    assert records.parse_csv(out, "t.csv") == before + new


def test_parse_csv_names_the_file_and_the_problem():
    with pytest.raises(records.Unreadable, match=r"^t.csv: line 2 holds a NUL byte"):
        records.parse_csv(b"a,b\nx\x00,y\n", "t.csv")
    with pytest.raises(records.Unreadable, match=r"^t.csv: is not UTF-8 text \(invalid start byte at byte 4\)"):
        records.parse_csv(b"a,b\n\xff,y\n", "t.csv")
    with pytest.raises(records.Unreadable, match=r"^t.csv: line 2: not valid CSV \(field larger than field limit"):
        records.parse_csv(b"a\n" + b"x" * (records.MAX_CELL_CHARS + 1) + b"\n", "t.csv")


@pytest.fixture(scope="module")
def with_candidates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv") / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    article = folder.parent / "fx-customs-q1.md"
    article.write_text(FRONT + CUSTOMS.read_text(encoding="utf-8"), encoding="utf-8")
    review.add_article(folder, article)
    return folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(CELL, min_size=5, max_size=5), texts=st.lists(CELL, min_size=4, max_size=4))
def test_a_review_save_keeps_every_cell_the_build_accepted(with_candidates, tmp_path_factory, notes, texts):
    """trade.csv rows with arbitrary notes and review.csv rows with arbitrary text: after a save
    that accepts one candidate (appending to trade.csv and rewriting review.csv), every one of
    those cells reads back as it was, and the decided row holds the text it was given."""
    folder = tmp_path_factory.mktemp("example") / "data"
    shutil.copytree(with_candidates, folder)
    trade_path, review_path = folder / "sources" / "trade.csv", review.review_path(folder)
    trade = records.read_csv_rows(trade_path)
    note = trade[0].index("note")
    for row, text in zip(trade[1:6], notes):
        row[note] = text
    trade_path.write_bytes(records.csv_bytes(trade[0], trade[1:]))
    rows = records.read_csv_rows(review_path)
    column = {name: rows[0].index(name) for name in ("sentence", "title", "summary", "growth_basis")}
    rows[4][column["sentence"]], rows[5][column["title"]], rows[6][column["summary"]] = texts[:3]
    review_path.write_bytes(records.csv_bytes(rows[0], rows[1:]))
    build.build(folder)  # the build accepts these cells
    snapshot = review.read(folder)
    review.save(folder, {"fx-customs-q1-c001": {"status": "accepted"},
                         "fx-customs-q1-c002": {"status": "rejected", "growth_basis": texts[3]}},
                snapshot.revision, "editor@example.org")
    trade_after = records.read_csv_rows(trade_path)
    assert trade_after[:len(trade)] == trade and trade_after[-1][0] == "fx-customs-q1-r001"
    rows_after = records.read_csv_rows(review_path)
    assert rows_after[0] == rows[0] and rows_after[3:] == rows[3:]
    assert rows_after[2][column["growth_basis"]] == texts[3]
    tables, problems = records.read_all(folder)
    assert problems == []
    assert tables["trade"].num_rows == len(trade)  # header + old rows - 1 + the new one
    assert schema.TRADE.column_names == tables["trade"].column_names
