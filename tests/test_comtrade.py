"""The UN Comtrade importer (tradeviz.comtrade, `python -m tradeviz import-comtrade`) on small
fixture files in Comtrade's real column layout (tests/fixtures/comtrade; the values are made
up for the tests)."""

import io
import json
import math
from pathlib import Path

import pandas.testing
import pyarrow as pa
import pyarrow.compute as pc

from tradeviz import comtrade, products_store, products_table, products_writer
from tradeviz.__main__ import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "comtrade"


def test_annual_csv_keeps_each_reporters_own_figures():
    rows, problems = comtrade.parse(FIXTURES / "annual.csv")
    assert problems == []
    assert len(rows) == 15
    first = {k: rows[0][k] for k in ("reporter_iso", "partner_iso", "flow", "freq", "year", "month", "cmd_code",
                                     "aggr_level", "value_usd", "source_line")}
    assert first == {"reporter_iso": "AZE", "partner_iso": "CHN", "flow": "imports", "freq": "A", "year": 2024,
                     "month": None, "cmd_code": "TOTAL", "aggr_level": 0, "value_usd": 1_000_000.0, "source_line": 2}
    # Azerbaijan's imports from China and China's exports to Azerbaijan stay two rows.
    totals = {(r["reporter_iso"], r["flow"]) for r in rows if r["cmd_code"] == "TOTAL" and r["year"] == 2024}
    assert totals == {("AZE", "imports"), ("CHN", "exports")}


def test_monthly_api_json():
    rows, problems = comtrade.parse(FIXTURES / "monthly.json")
    assert problems == []
    assert [(r["month"], r["cmd_code"], r["value_usd"]) for r in rows] == [
        (1, "TOTAL", 90_000.0), (2, "TOTAL", 85_000.0), (3, "TOTAL", 110_000.0), (1, "85", 30_000.0)]
    assert rows[0]["source_line"] == 1  # the record's position in the API's "data" list


def test_compressed_tab_or_semicolon_files_read_as_the_csv(tmp_path):
    """The bulk download's .gz, a tab-separated export and a spreadsheet's semicolons: the same
    rows as the comma-separated file (only the file's name differs)."""
    import csv
    import gzip

    text = (FIXTURES / "annual.csv").read_text(encoding="utf-8")
    records = list(csv.reader(text.splitlines()))

    def written(name: str, delimiter: str, compress: bool) -> Path:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(records)
        data = out.getvalue().encode("utf-8")
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if compress else data)
        return path

    expected, _ = comtrade.parse(FIXTURES / "annual.csv")
    for path in (written("COMTRADE-FINAL-CA031202400H6[2025-01-01].gz", "\t", True),
                 written("semicolons.csv", ";", False), written("tabs.txt", "\t", False)):
        rows, problems = comtrade.parse(path)
        assert problems == []
        assert [{**r, "source_file": "annual.csv"} for r in rows] == expected, path.name


def test_an_unreadable_file_is_named_not_raised(tmp_path):
    broken = tmp_path / "cut.csv.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6)   # a gzip header and nothing after it
    rows, problems = comtrade.parse(broken)
    assert rows == [] and [str(p).split(" (")[0] for p in problems] == ["cut.csv.gz: cannot be read"]


def test_a_file_cut_off_midway_is_a_problem_and_nothing_is_written(tmp_path):
    """Read as a stream, a compressed file that ends early gives its first rows and then a
    problem; the import refuses the set rather than keep part of a file."""
    import gzip

    header, body = (FIXTURES / "annual.csv").read_bytes().split(b"\n", 1)
    whole = gzip.compress(header + b"\n" + body * 40)
    cut = tmp_path / "cut-midway.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    rows, problems = comtrade.parse(cut)
    assert rows and [str(p).split(" (")[0] for p in problems] == ["cut-midway.csv.gz: cannot be read"]
    try:
        comtrade.import_files([cut], tmp_path / products_store.PRODUCTS)
    except comtrade.ImportFailed as failure:
        assert [str(p).split(" (")[0] for p in failure.problems] == ["cut-midway.csv.gz: cannot be read"]
    else:
        raise AssertionError("a file cut off midway was imported")
    assert not (tmp_path / products_store.PRODUCTS).exists()


def test_many_repeats_and_totals_are_named_five_at_a_time():
    """Six chapters repeated and six chapters below their headings' sum: five of each are named
    by file and line, and the rest counted."""
    rows, _ = comtrade.parse(FIXTURES / "annual.csv")
    template = next(r for r in rows if r["cmd_code"] == "84" and r["reporter_iso"] == "AZE" and r["year"] == 2024)
    made = []
    for n, chapter in enumerate(range(10, 16)):
        line = 100 + 10 * n
        chapter_row = {**template, "cmd_code": f"{chapter}", "value_usd": 10.0, "source_line": line}
        heading = {**template, "cmd_code": f"{chapter}01", "aggr_level": 4, "value_usd": 50.0, "source_line": line + 1}
        made += [chapter_row, heading, {**chapter_row, "source_line": line + 2}]
    found = [str(p) for p in comtrade.checks(made)]
    assert found[:5] == [f"annual.csv, line {100 + 10 * n + 2}: repeats annual.csv line {100 + 10 * n} "
                         f"(imports {10 + n} 2024, partner CHN)" for n in range(5)]
    assert found[5] == "these files: 1 more rows repeat the key of an earlier row"
    assert found[6:11] == [f"annual.csv, line {100 + 10 * n}: warning: {10 + n} is 10 USD but its children in these "
                           "files sum to 50 USD" for n in range(5)]
    assert found[11:] == ["these files: warning: 1 more totals below the sum of their children"]


def test_bad_rows_are_named_by_file_and_line():
    rows, problems = comtrade.parse(FIXTURES / "bad.csv")
    # Each named by the file's own column; a row whose number cannot be read is not checked further.
    assert [str(p) for p in problems] == [
        "bad.csv, line 5: flowCode 'Z' is not one of imports, exports, re-imports, re-exports (Comtrade's M, X, RM, "
        "RX; legacy 1 to 4)",
        "bad.csv, line 5: primaryValue -5 is not a number of 0 or more",
        "bad.csv, line 6: primaryValue 'abc' is not a number",
    ]
    assert [str(p) for p in comtrade.checks(rows)] == [
        "bad.csv, line 4: repeats bad.csv line 3 (imports 84 2024, partner CHN)"]


def test_a_total_below_its_childrens_sum_is_a_warning():
    rows, _ = comtrade.parse(FIXTURES / "annual.csv")
    # China's exports: TOTAL 1,100,000 but chapter 84 alone 1,200,000. Azerbaijan's imports agree:
    # TOTAL = 84 + 85 + 87 and 87 = 8703 + 8704; 2023 exports have only one chapter (below TOTAL).
    assert [str(p) for p in comtrade.checks(rows)] == [
        "annual.csv, line 8: warning: TOTAL is 1,100,000 USD but its children in these files sum to 1,200,000 USD"]


def _api_record(cmd: str, value: float, customs: str = "C00", transport: int = 0, partner2: int = 0) -> dict:
    """One record of the API's data list, with the fields a breakdown is told by."""
    record = json.loads((FIXTURES / "monthly.json").read_text())["data"][0]
    return {**record, "freqCode": "A", "refMonth": 52, "period": "2024", "refYear": 2024, "cmdCode": cmd,
            "aggrLevel": 0 if cmd == "TOTAL" else len(cmd), "customsCode": customs, "motCode": transport,
            "partner2Code": partner2, "primaryValue": value}


def test_breakdowns_of_a_total_are_left_out_so_nothing_is_counted_twice(tmp_path):
    """The API without breakdownMode=classic sends a total beside its breakdowns by customs
    procedure, mode of transport and second partner; only the total is a figure of the table."""
    records = [_api_record("TOTAL", 1_000.0), _api_record("TOTAL", 600.0, customs="C01"),
               _api_record("TOTAL", 400.0, customs="C02"), _api_record("TOTAL", 700.0, transport=2100),
               _api_record("TOTAL", 300.0, partner2=643),
               _api_record("84", 250.0, customs="C01")]   # a breakdown whose total is not in the file
    path = tmp_path / "plus.json"
    path.write_text(json.dumps({"data": records}))
    rows, problems = comtrade.parse(path)
    assert [(r["cmd_code"], r["value_usd"], r["source_line"]) for r in rows] == [("TOTAL", 1_000.0, 1)]
    assert [str(p) for p in problems] == [
        "plus.json: warning: 5 rows break a figure down by second partner, customs procedure or mode of transport; "
        "only the total rows (partner2Code 0, customsCode C00, motCode 0) are kept, so no figure is counted twice",
        "plus.json, line 6: warning: is a breakdown of imports 84 2024 whose total row is not in this file: "
        "that figure is left out"]
    # The import goes ahead with the warnings, and the total is the only figure written.
    assert main(["import-comtrade", str(path), "--data", str(tmp_path)]) == 0
    assert products_store.open_set(tmp_path).to_table(columns=["cmd_code", "value_usd"]).to_pylist() == [
        {"cmd_code": "TOTAL", "value_usd": 1_000.0}]


def test_one_breakdown_row_is_counted_in_the_singular(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"data": [_api_record("TOTAL", 10.0), _api_record("TOTAL", 4.0, customs="C01")]}))
    _, problems = comtrade.parse(path)
    assert [str(p).split(";")[0] for p in problems] == [
        "one.json: warning: 1 row breaks a figure down by second partner, customs procedure or mode of transport"]


def test_breakdowns_without_their_total_are_named_up_to_five_then_counted(tmp_path):
    path = tmp_path / "orphans.json"
    path.write_text(json.dumps({"data": [_api_record(f"{chapter:02d}", 5.0, customs="C01") for chapter in range(1, 8)]}))
    _, problems = comtrade.parse(path)
    assert [p.line for p in problems] == [None, 1, 2, 3, 4, 5, None]
    assert str(problems[-1]) == "orphans.json: warning: 2 more breakdowns without their total row"
    assert all(p.warning for p in problems)


def test_a_total_written_twice_is_a_duplicate_whether_its_breakdown_fields_are_empty_or_zero(tmp_path):
    blank = {**_api_record("TOTAL", 10.0), "customsCode": None, "motCode": None, "partner2Code": None}
    path = tmp_path / "twice.json"
    path.write_text(json.dumps({"data": [_api_record("TOTAL", 10.0), blank]}))
    rows, problems = comtrade.parse(path)
    assert problems == [] and len(rows) == 2
    assert [str(p) for p in comtrade.checks(rows)] == [
        "twice.json, line 2: repeats twice.json line 1 (imports TOTAL 2024, partner CHN)"]


def test_import_writes_a_partitioned_set_and_refuses_bad_files(tmp_path, capsys):
    files = [str(FIXTURES / "annual.csv"), str(FIXTURES / "monthly.json")]
    assert main(["import-comtrade", *files, "--data", str(tmp_path)]) == 0
    assert "wrote 19 product rows" in capsys.readouterr().out
    partitions = sorted(str(p.parent.relative_to(tmp_path / "products" / "sets")).split("/", 1)[1]
                        for p in (tmp_path / "products").rglob("*.parquet"))
    assert partitions == ["reporter_iso=AZE/year=2023", "reporter_iso=AZE/year=2024", "reporter_iso=AZE/year=2025",
                          "reporter_iso=CHN/year=2023", "reporter_iso=CHN/year=2024"]
    dataset = products_store.open_set(tmp_path)
    chapters = dataset.to_table(filter=(pc.field("reporter_iso") == "AZE") & (pc.field("year") == 2024)
                                & (pc.field("partner_iso") == "CHN") & (pc.field("aggr_level") == 2), columns=["cmd_code", "value_usd"]).to_pylist()
    assert sorted((r["cmd_code"], r["value_usd"]) for r in chapters) == [
        ("84", 400_000.0), ("85", 350_000.0), ("87", 250_000.0)]
    before = sorted(p.name for p in (tmp_path / "products" / "sets").iterdir())
    assert main(["import-comtrade", str(FIXTURES / "bad.csv"), "--data", str(tmp_path)]) == 1
    assert "bad.csv, line 5: flowCode 'Z'" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "products" / "sets").iterdir()) == before
    assert products_store.open_set(tmp_path).count_rows() == 19
    assert products_store.pairs_in(products_store.read_manifest(str(tmp_path / "products"))[0]) == [("AZE", "CHN"), ("AZE", "USA"), ("CHN", "AZE")]
    # The manifest names the files imported: 15 rows under the CSV's header line, 4 API records.
    manifest = json.loads((tmp_path / "products" / "manifest.json").read_text())
    assert manifest["files"] == [["annual.csv", 15], ["monthly.json", 4]]
    # Every fixture row says classificationCode H6 (HS 2022).
    assert manifest["hs_revisions"] == [["AZE", 2023, ["H6"]], ["AZE", 2024, ["H6"]], ["AZE", 2025, ["H6"]],
                                        ["CHN", 2023, ["H6"]], ["CHN", 2024, ["H6"]]]
    assert products_table.revision_names(("H4", "H6")) == "HS 2012 (H4) and HS 2022 (H6)"
    assert products_table.revision_names(("SITC",)) == "SITC"
    assert products_store.source_note(manifest) == "Source: UN Comtrade, imported from annual.csv, monthly.json."


def test_the_source_note_names_the_first_files_and_counts_the_rest():
    many = {"files": [[f"TradeData_{year}.csv", 10] for year in range(2019, 2025)]}
    assert products_store.source_note(many) == ("Source: UN Comtrade, imported from TradeData_2019.csv, TradeData_2020.csv, "
                                          "TradeData_2021.csv and 3 more.")
    assert products_store.source_note({"version": "x"}) == "Source: UN Comtrade, as imported."   # a set from before files were listed


def test_sums_by_code_and_year_on_the_fixture_set(tmp_path):
    main(["import-comtrade", str(FIXTURES / "annual.csv"), "--data", str(tmp_path)])
    imports = ((pc.field("reporter_iso") == "AZE") & (pc.field("partner_iso") == "CHN")
               & (pc.field("flow") == "imports") & (pc.field("freq") == "A") & (pc.field("aggr_level") == 2))
    sums = products_store.sums_by_code_and_year(products_store.open_set(tmp_path), imports, 2020, 2025)
    assert sums.years == [2023, 2024]   # no annual row in 2020-2022 or 2025: those years are left out
    found = {code: [sums.value(code, year) for year in sums.years] for code in sums.codes.to_pylist()}
    assert found["84"] == [300_000.0, 400_000.0] and found["85"] == [280_000.0, 350_000.0]
    assert math.isnan(found["87"][0]) and found["87"][1] == 250_000.0   # no 2023 figure is not 0
    assert dict(zip(sums.codes.to_pylist(), sums.descriptions.to_pylist()))["87"] == "Vehicles other than railway"
    frame = sums.frame()
    assert list(frame.columns) == ["cmd_code", "cmd_desc", 2023, 2024]


def write_rows(folder, years: list[int], codes: list[str], values: list[float]):
    rows = len(years)
    table = pa.table({name: pa.nulls(rows, field.type) for name, field in zip(products_table.SCHEMA.names, products_table.SCHEMA)})
    for name, column in {"reporter_iso": ["AZE"] * rows, "partner_iso": ["CHN"] * rows, "flow": ["imports"] * rows,
                         "freq": ["A"] * rows, "year": years, "cmd_code": codes,
                         "cmd_desc": [f"product {c}" for c in codes], "aggr_level": [2] * rows,
                         "value_usd": values}.items():
        table = table.set_column(table.schema.get_field_index(name), name,
                                 pa.array(column, products_table.SCHEMA.field(name).type))
    products_writer.write_set(table, folder / products_store.PRODUCTS)
    return products_store.open_set(folder)


def test_sums_by_code_and_year_adds_across_batches(tmp_path):
    # 5,000 rows in one partition each year: row groups of 1,024, so the scan streams several
    # batches and meets code "02" only in a later one.
    data = write_rows(tmp_path, [2020] * 5_000 + [2021] * 5_000, ["01"] * 5_000 + ["02"] * 5_000,
                      [1.0] * 5_000 + [2.0] * 5_000)
    sums = products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2022)
    assert sums.years == [2020, 2021]
    assert sums.value("01", 2020) == 5_000.0 and math.isnan(sums.value("01", 2021))
    assert math.isnan(sums.value("02", 2020)) and sums.value("02", 2021) == 10_000.0
    # Reading several files at once gives the same sums.
    ahead = products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2022, files_at_once=4)
    pandas.testing.assert_frame_equal(ahead.frame(), sums.frame())


def test_sums_of_the_end_years_only(tmp_path):
    data = write_rows(tmp_path, [2020, 2021, 2022, 2022, 2021], ["01", "01", "01", "01", "02"],
                      [1.0, 10.0, 100.0, 5.0, 7.0])
    sums = products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2023, ends_only=True)
    assert sums.years == [2020, 2022]
    assert (sums.value("01", 2020), sums.value("01", 2022)) == (1.0, 105.0)
    # 02 has a row in 2021 only: it is no code of the end years.
    assert sums.codes.to_pylist() == ["01"] and math.isnan(sums.value("02", 2020))
    every = products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2023)
    assert every.years == [2020, 2021, 2022] and every.value("02", 2021) == 7.0


def test_without_descriptions_the_sums_are_the_same_and_the_names_empty(tmp_path):
    data = write_rows(tmp_path, [2020, 2021, 2021], ["01", "01", "02"], [1.0, 2.0, 3.0])
    named = products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2022)
    bare = products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2022, descriptions=False)
    assert named.descriptions.to_pylist() == ["product 01", "product 02"]
    assert bare.descriptions.to_pylist() == [None, None]
    pandas.testing.assert_frame_equal(bare.frame().drop(columns="cmd_desc"), named.frame().drop(columns="cmd_desc"))


def test_each_scan_hands_its_freed_memory_back(tmp_path, monkeypatch):
    from tradeviz import memory

    data = write_rows(tmp_path, [2020], ["01"], [1.0])
    handed = []
    monkeypatch.setattr(memory, "hand_back_freed_memory", lambda: handed.append(True))
    products_store.sums_by_code_and_year(data, pc.field("flow") == "imports", 2019, 2022)
    products_store.sums_by_code_and_year(data, pc.field("flow") == "exports", 2019, 2022)   # no row: still handed back
    assert handed == [True, True]


def test_row_groups_are_sized_to_their_file():
    # About 32 groups a file, of 1,024 to 4,096 rows: 40,000 // 32 = 1,250.
    assert [products_writer.rows_per_group(rows) for rows in (0, 12_000, 40_000, 131_072, 280_000)] == [
        1_024, 1_024, 1_250, 4_096, 4_096]


def test_each_reporter_and_year_is_one_file_of_sorted_row_groups(tmp_path):
    import pyarrow.parquet as pq

    codes = [f"{n:04d}" for n in range(5_000)]
    write_rows(tmp_path, [2021] * 3_000 + [2020] * 2_000, codes[::-1][:3_000] + codes[:2_000], [1.0] * 5_000)
    files = sorted((tmp_path / products_store.PRODUCTS / "sets").glob("*/reporter_iso=*/year=*/*.parquet"))
    assert [f"{f.parent.parent.name}/{f.parent.name}/{f.name}" for f in files] == [
        "reporter_iso=AZE/year=2020/part-0.parquet", "reporter_iso=AZE/year=2021/part-0.parquet"]
    for file, rows in zip(files, (2_000, 3_000)):
        meta = pq.ParquetFile(file).metadata
        # The partition columns are in the folder names, not in the file.
        assert "reporter_iso" not in meta.schema.names and "year" not in meta.schema.names
        assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == (
            [1_024, 976] if rows == 2_000 else [1_024, 1_024, 952])
        # In code order, group after group: statistics tell a scan which groups to skip.
        at = meta.schema.names.index("cmd_code")
        bounds = [(meta.row_group(i).column(at).statistics.min, meta.row_group(i).column(at).statistics.max)
                  for i in range(meta.num_row_groups)]
        assert all(low <= high < next_low for (low, high), (next_low, _) in zip(bounds, bounds[1:]))
    data = products_store.open_set(tmp_path)
    assert data.to_table(filter=pc.field("year") == 2021).num_rows == 3_000
