"""The importer on files in each layout and encoding people download (written by
tests/comtrade_files.py): each is imported with exact sums, or refused with a sentence that names
the file and says what to download instead."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.compute as pc
import pytest

import comtrade_files as files
from tradeviz import comtrade, products_store
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
# Every figure of comtrade_files.FIGURES, by (reporter, partner, flow, year, code), in USD. The
# chapters from China add up to its TOTAL: 4,000,000 + 2,500,000 + 500,000 = 7,000,000.
EXPECTED = {("AZE", "CIV", "imports", 2023, "18"): 1_234_567.0, ("AZE", "CUW", "imports", 2023, "27"): 98_765.5,
            ("AZE", "CHN", "imports", 2023, "TOTAL"): 7_000_000.0, ("AZE", "CHN", "imports", 2023, "84"): 4_000_000.0,
            ("AZE", "CHN", "imports", 2023, "85"): 2_500_000.0, ("AZE", "CHN", "imports", 2023, "87"): 500_000.0,
            ("AZE", "CHN", "exports", 2023, "27"): 3_000_000.0}


def stored(where: Path) -> dict:
    """The imported set's values summed by (reporter, partner, flow, year, code)."""
    table = products_store.open_set(str(where)).to_table(
        columns=["reporter_iso", "partner_iso", "flow", "year", "cmd_code", "value_usd"])
    sums = table.group_by(["reporter_iso", "partner_iso", "flow", "year", "cmd_code"]).aggregate([("value_usd", "sum")])
    return {tuple(row[:5]): row[5] for row in zip(*(sums[c].to_pylist() for c in sums.column_names))}


def imported(tmp_path: Path, *paths: Path) -> comtrade.Imported:
    return comtrade.import_files(list(paths), tmp_path / "products")


@pytest.mark.parametrize("write, layout, encoding", [
    (lambda p: files.website_csv(p / "TradeData_1_2_2025.csv"), "Comtrade+ CSV", "Windows-1252 (cp1252)"),
    (lambda p: files.unicode_text(p / "unicode.txt"), "Comtrade+ CSV", "UTF-16 LE"),
    (lambda p: files.website_csv(p / "bom.csv", encoding="utf-8-sig", trailing_comma=False), "Comtrade+ CSV",
     "UTF-8 with a byte-order mark"),
    (lambda p: files.website_csv(p / "plain.csv", encoding="utf-8"), "Comtrade+ CSV", "UTF-8"),
    (lambda p: files.api_json(p / "api.json"), "Comtrade+ API JSON", "UTF-8"),
    (lambda p: files.legacy_csv(p / "comtrade.csv", encoding="cp1252"), "legacy Comtrade website CSV",
     "Windows-1252 (cp1252)"),
    (lambda p: files.legacy_csv(p / "bulk.csv", header=files.LEGACY_BULK), "legacy Comtrade bulk CSV", "UTF-8"),
    (lambda p: files.legacy_api_json(p / "legacy.json"), "legacy Comtrade API JSON", "UTF-8"),
], ids=["website-cp1252", "utf16", "utf8-bom", "utf8", "api-json", "legacy-website", "legacy-bulk", "legacy-api"])
def test_each_layout_and_encoding_imports_with_exact_sums(tmp_path, write, layout, encoding):
    path = write(tmp_path)
    result = imported(tmp_path, path)
    (read,) = result.files
    assert (read.layout, read.encoding, read.rows) == (layout, encoding, 7)
    assert result.warnings == [] and stored(tmp_path / "products") == EXPECTED
    # The accented text survives the decoding (the description of chapter 18).
    table = products_store.open_set(str(tmp_path / "products")).to_table(filter=pc.field("cmd_code") == "18")
    assert table["cmd_desc"].to_pylist() == ["Cocoa and cocoa preparations — café, crème"]
    # Each file's source line points at its row: the second figure is on line 3 (JSON: record 2).
    lines = products_store.open_set(str(tmp_path / "products")).to_table(filter=pc.field("cmd_code") == "27")
    assert sorted(lines["source_line"].to_pylist()) == ([2, 7] if path.suffix == ".json" else [3, 8])


def test_the_command_says_how_each_file_was_read(tmp_path, capsys):
    path = files.website_csv(tmp_path / "TradeData.csv")
    assert main(["import-comtrade", str(path), "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "TradeData.csv: 7 rows, Comtrade+ CSV, read as Windows-1252 (cp1252)" in out
    assert "wrote 7 product rows to " in out


def test_a_zipped_legacy_bulk_file_is_read_as_a_stream(tmp_path):
    csv_path = files.legacy_csv(tmp_path / "type-C_r-31_ps-2023_freq-A_px-HS.csv", header=files.LEGACY_BULK)
    zipped = tmp_path / "bulk.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, csv_path.name)
    assert stored_after(tmp_path, zipped) == EXPECTED


def stored_after(tmp_path: Path, path: Path) -> dict:
    imported(tmp_path, path)
    return stored(tmp_path / "products")


def test_a_file_of_totals_only_is_stored(tmp_path):
    totals = [files.Figure("AZE", "CHN", "M", year, "TOTAL", "All Commodities", value)
              for year, value in ((2021, 1_100_000_000.0), (2022, 1_250_000_000.0))]
    totals += [files.Figure("CHN", "AZE", "X", 2022, "TOTAL", "All Commodities", 1_300_000_000.0)]
    imported(tmp_path, files.api_json(tmp_path / "totals.json", totals))
    assert stored(tmp_path / "products") == {("AZE", "CHN", "imports", 2021, "TOTAL"): 1_100_000_000.0,
                                             ("AZE", "CHN", "imports", 2022, "TOTAL"): 1_250_000_000.0,
                                             ("CHN", "AZE", "exports", 2022, "TOTAL"): 1_300_000_000.0}


def refusal(tmp_path: Path, path: Path) -> list[str]:
    with pytest.raises(comtrade.ImportFailed) as failure:
        imported(tmp_path, path)
    assert not (tmp_path / "products").exists()   # nothing written
    return [str(p) for p in failure.value.problems]


def test_sitc_figures_are_refused_with_what_to_download(tmp_path):
    sitc = [files.Figure("AZE", "CHN", "M", 1995, "84", "Articles of apparel", 10.0, classification="S3")]
    (problem,) = refusal(tmp_path, files.legacy_csv(tmp_path / "sitc.csv", sitc, header=files.LEGACY_BULK))
    assert problem == ("sitc.csv, line 2: gives SITC figures (classification 'S3'), not HS: their codes would read "
                       "as HS codes on the Products page (SITC 84 is clothing, HS 84 machinery), so they are not "
                       "imported. Download the same years by HS code (H0 covers 1988 on) from comtradeplus.un.org.")


def test_other_layouts_are_refused_by_name(tmp_path):
    undata = tmp_path / "commodity_trade_statistics_data.csv"
    undata.write_text("country_or_area,year,comm_code,commodity,flow,trade_usd,weight_kg,quantity_name,quantity,"
                      "category\nAzerbaijan,2016,010110,Horses,Import,1000,,No Quantity,,01_live_animals\n")
    (problem,) = refusal(tmp_path, undata)
    assert problem.startswith("commodity_trade_statistics_data.csv, line 1: is the UNdata / Kaggle 'Global "
                              "Commodity Trade Statistics' layout")
    assert problem.endswith("Download goods by HS code from comtradeplus.un.org (Trade data, Goods, HS; as CSV or "
                            "through the API as JSON) and import that file.")
    other = tmp_path / "other.csv"
    other.write_text("Country,Year,Value\nAzerbaijan,2020,5\n")
    (problem,) = refusal(tmp_path, other)
    assert problem.startswith("other.csv, line 1: is in no layout tradeviz reads: its header lack")
    workbook = tmp_path / "TradeData.xlsx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refusal(tmp_path, workbook) == ["TradeData.xlsx: is an Excel workbook: Download goods by HS code from "
                                           "comtradeplus.un.org (Trade data, Goods, HS; as CSV or through the API as "
                                           "JSON) and import the CSV."]
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", "x")
        archive.writestr("b.csv", "y")
    assert refusal(tmp_path, two) == ["two.zip: is a zip of 2 files: unzip it and import each file"]


def test_a_missing_file_or_a_folder_is_one_line(tmp_path):
    assert refusal(tmp_path, tmp_path / "nowhere.csv") == [f"{tmp_path / 'nowhere.csv'}: does not exist"]
    (tmp_path / "folder").mkdir()
    assert refusal(tmp_path, tmp_path / "folder") == ["folder: is a folder, not a file: name the files in it"]


def test_a_byte_the_encoding_cannot_read_is_named_by_line_and_column(tmp_path):
    good = files.website_csv(tmp_path / "good.csv", encoding="utf-8").read_bytes()
    lines = good.split(b"\r\n")
    # Line 3 (the second row) holds a stray byte after valid UTF-8 on line 2: UTF-8 was read, so
    # the byte is an error where it stands (the 5th character of its line, after '"C",').
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\r\n".join([lines[0], lines[1], b'"C",\xff' + lines[2][4:], *lines[3:]]))
    offset = len(lines[0]) + len(lines[1]) + 4 + 4
    assert refusal(tmp_path, broken) == [
        f"broken.csv, line 3: column 5: byte ff (file offset {offset:,}) cannot be read as UTF-8: save the file "
        "as UTF-8 or as it was downloaded"]
    # In Windows-1252, 0x81 is no character: an error on its line too.
    cp = files.website_csv(tmp_path / "cp.csv").read_bytes().split(b"\r\n")
    undefined = tmp_path / "undefined.csv"
    undefined.write_bytes(b"\r\n".join([cp[0], cp[1], cp[2].replace(b'"M"', b'"\x81"', 1), *cp[3:]]))
    column = cp[2].index(b'"M"') + 2   # the byte after the quote, counted from 1 (all ASCII before it)
    offset = len(cp[0]) + len(cp[1]) + 4 + column - 1
    assert refusal(tmp_path, undefined) == [
        f"undefined.csv, line 3: column {column}: byte 81 (file offset {offset:,}) cannot be read as Windows-1252 "
        "(cp1252): save the file as UTF-8 or as it was downloaded"]


def test_a_file_with_no_rows_says_so(tmp_path, capsys):
    header = tmp_path / "header-only.csv"
    header.write_text(",".join(files.COMTRADE_PLUS) + "\n")
    empty = tmp_path / "empty.json"
    empty.write_text('{"data": []}')
    for path in (header, empty):
        with pytest.raises(comtrade.ImportFailed) as failure:
            imported(tmp_path, path)
        assert [str(p) for p in failure.value.problems] == [
            f"{path.name}: no rows: nothing to import (a header only, or an empty list of records)"]
    assert main(["import-comtrade", str(empty), "--data", str(tmp_path)]) == 1
    assert "empty.json: no rows" in capsys.readouterr().err
    # Beside a file with rows, an empty one is a warning and the rest is imported.
    result = imported(tmp_path, empty, files.api_json(tmp_path / "api.json"))
    assert result.rows == 7 and [str(w) for w in result.warnings] == [
        "empty.json: warning: holds no rows (a header only, or an empty list of records)"]


def test_other_comtrade_flows_are_left_out_with_a_warning(tmp_path):
    figures = [*files.FIGURES, files.Figure("AZE", "CHN", "X", 2023, "27", "Mineral fuels", 1.0)]
    path = files.api_json(tmp_path / "flows.json", figures)
    data = json.loads(path.read_text())
    data["data"][-1]["flowCode"] = "DX"
    path.write_text(json.dumps(data))
    result = imported(tmp_path, path)
    assert stored(tmp_path / "products") == EXPECTED
    assert [str(w) for w in result.warnings] == [
        "flows.json: warning: 1 row of flow DX (domestic exports) left out: they are part of imports or exports, "
        "which the table holds"]


# The peak is the process's own high-water mark (VmHWM): getrusage's ru_maxrss would count the
# parent's memory at the fork, which Linux carries across exec.
BOMB = """
import sys
from pathlib import Path
from tradeviz import comtrade
path = Path(sys.argv[1])
try:
    comtrade.import_files([path], path.parent / "products")
except comtrade.ImportFailed as failure:
    print(failure)
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("peak", int(peak.split()[1]) // 1024)
"""


def test_a_decompression_bomb_is_refused_by_name_within_bounded_memory(tmp_path):
    """2 MB of gzip that would expand to 2 GB: a header and a row, then 2,048 gzip members of
    1 MB each, ten lines of spaces (a valid gzip file, read to its end by any gzip reader). It is refused
    once it has expanded to 100 times its size, in a process whose peak resident memory stays
    under 500 MB."""
    bomb = tmp_path / "bulk.csv.gz"
    with bomb.open("wb") as out:
        out.write(gzip.compress(files.website_csv(tmp_path / "start.csv", files.FIGURES[:1], encoding="utf-8").read_bytes()))
        member = gzip.compress((b" " * 104_856 + b"\n") * 10, compresslevel=9)
        for _ in range(2_048):
            out.write(member)
    assert 2 ** 20 < bomb.stat().st_size < 3 * 2 ** 20
    done = subprocess.run([sys.executable, "-c", BOMB, str(bomb)], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    out = done.stdout.splitlines()
    assert out and out[0].startswith("bulk.csv.gz: expands to more than "), (done.stdout, done.stderr[-2000:])
    assert "refused as a possible decompression bomb" in out[0]
    assert int(out[-1].split()[1]) < 500, done.stdout
    assert not (tmp_path / "products").exists()
