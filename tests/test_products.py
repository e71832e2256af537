"""The Products view on fixture Comtrade files (tests/fixtures/comtrade), imported into a copy of
the fixture dataset."""

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from products_data import products_data as fixture_products
from shown import plain
from tradeviz import metrics, store, words
from tradeviz.views import defaults
from tradeviz.views import products as view

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "products.py")


@pytest.fixture(scope="module")
def products_data(tmp_path_factory):
    return fixture_products(tmp_path_factory.mktemp("products") / "data")


def test_the_counterpart_is_a_partner_that_reports_too():
    pairs = [("AZE", "CHN"), ("AZE", "USA"), ("CHN", "AZE")]
    assert view.counterpart("AZE", pairs) == "CHN"
    assert view.counterpart("CHN", pairs) == "AZE"
    assert view.counterpart("AZE", [("AZE", "USA")]) == "USA"   # no partner reports: the first
    assert view.counterpart("TUR", pairs) is None


def test_the_view_ranks_products_with_growth_and_the_mirror_figure(products_data):
    dataset = store.load(products_data)
    shown = view.select(dataset, defaults(view.params(dataset)))
    rows = shown.rows.frame
    # Azerbaijan's imports from China only: the 5,000,000 USD of chapter 84 from the USA is not here.
    assert list(rows["cmd_code"]) == ["84", "85", "87"]
    # 84: 300,000 (2023) to 400,000 (2024) USD is +33.33 %; China reports exporting 1,200,000 USD.
    # The largest figure shown (1,200,000) reads under 10,000 in thousands: the view's one unit.
    first = rows.iloc[0]
    assert shown.unit == "USD thousand" and shown.rows.labels["last"] == "2024, USD thousand"
    assert (first["first"], first["last"], first["mirror"], first["gap"]) == (300.0, 400.0, 1_200.0, -800.0)
    # The CSV keeps raw USD, in columns that say so.
    csv_first = shown.download.rows.iloc[0]
    assert (csv_first["first_usd"], csv_first["last_usd"], csv_first["mirror_usd"], csv_first["gap_usd"]) == (
        300_000.0, 400_000.0, 1_200_000.0, -800_000.0)
    assert first["change_pct"] == 33.3                                     # shown to one decimal
    # The gap as a share of the partner's figure: -800,000 / 1,200,000 = -66.67 %.
    assert first["gap_pct"] == -66.7 and shown.download.rows.iloc[0]["gap_pct"] == pytest.approx(-200 / 3)
    assert shown.mirror_note.startswith("Imports are usually valued with freight and insurance")
    assert shown.download.rows.iloc[0]["change_pct"] == pytest.approx(100 / 3)   # every digit in the CSV
    assert rows.iloc[1]["change_pct"] == 25.0                              # 85: 280,000 to 350,000
    assert math.isnan(rows.iloc[2]["change_pct"])                         # 87: no 2023 figure
    assert "growth from 2023 to 2024" in shown.count_text                 # 2025 has monthly rows only
    headings = view.select(dataset, defaults(view.params(dataset)) | {"level": "4", "chapter": "87"})
    assert list(headings.rows.frame["cmd_code"]) == ["8703", "8704"]


def test_another_partner_has_no_mirror_when_it_does_not_report(products_data):
    dataset = store.load(products_data)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"partner": "USA"})
    assert list(shown.rows.frame["last"]) == [5_000.0] and shown.unit == "USD thousand"   # 5,000,000 USD
    assert list(shown.rows.frame.columns) == ["cmd_code", "cmd_desc", "last", "mirror", "gap", "gap_pct"]  # one year
    assert shown.mirror_note == ""   # no mirror figure, nothing to explain
    assert "USA reports no exports of these products in 2024, so there is no mirror figure" in shown.count_text
    assert "AZE's imports from USA, 2024" in shown.chart.title


def test_a_products_series_shows_both_sides(products_data):
    dataset = store.load(products_data)
    shown = view.select(dataset, defaults(view.params(dataset)))
    assert list(shown.chart.data("products")["value_label"]) == ["$400 k", "$350 k", "$250 k"]
    series = shown.series.data("series")   # the largest product, 84, by default
    # In the view's one unit (USD thousand), as the bars and the table.
    assert sorted(zip(series["side"].str.split(",").str[0], series["year"], series["value"])) == [
        ("AZE's imports from CHN", 2023, 300.0), ("AZE's imports from CHN", 2024, 400.0),
        ("CHN's exports to AZE", 2023, 900.0), ("CHN's exports to AZE", 2024, 1_200.0)]
    assert sorted(series["value_label"]) == ["$1,200 k", "$300 k", "$400 k", "$900 k"]
    assert shown.series.spec["layer"][0]["encoding"]["y"]["title"] == "USD thousand"
    assert shown.chart.spec["layer"][0]["encoding"]["x"]["title"] == "USD thousand"
    assert shown.series_text == "HS 84: 4 annual figures from 2 reporting sides"
    one_side = view.select(dataset, defaults(view.params(dataset)) | {"product": "8703"})
    assert one_side.series_text == "HS 8703: 1 annual figure from 1 reporting side"
    # A code the table (HS 2) does not hold: its name is read with its figures; the table's
    # largest product takes its name from the table.
    assert one_side.series.title == "HS 8703 Motor cars: each year" and shown.series.title.startswith("HS 84 ")
    words_only = view.select(dataset, defaults(view.params(dataset)) | {"product": "**cars**"})
    assert words_only.series_text.startswith("“**cars**” is not an HS code, so the largest product is shown. HS 84:")
    missing = view.select(dataset, defaults(view.params(dataset)) | {"product": "9999"})
    assert missing.series is None and missing.series_text.startswith("No annual figures of HS 9999")


def test_exports_have_growth_between_two_years(products_data):
    dataset = store.load(products_data)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"flow": "exports", "years": (2023, 2024),
                                                                  "level": "2"})
    assert shown.chart is not None and "figures of 2023 only" in shown.count_text  # only chapter 27, 2023


def count_line(at) -> str:
    return next(plain(c.value) for c in at.caption if plain(c.value).split("; ")[0].split(" ")[-1] in ("product", "products"))


def test_a_new_filter_set_reads_the_manifest_once(products_data, monkeypatch):
    """On shared storage each read of the manifest is a request: a filter change reads it once,
    to see whether the set changed, and takes pairs, revisions and source from that read."""
    from tradeviz import products_store

    dataset = store.load(products_data)
    values = defaults(view.params(dataset))
    view.select(dataset, values)
    reads = []
    real = products_store.read_manifest
    monkeypatch.setattr(products_store, "read_manifest", lambda where: reads.append(where) or real(where))
    shown = view.select(dataset, values | {"flow": "exports"})
    assert len(reads) == 1 and shown.chart is not None


def test_page_reacts_to_its_filters(products_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(products_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 2   # the ranking and one product's series
    assert count_line(at).startswith("3 products")
    # A missing figure (87 has no 2023 figure) is a blank cell, not Streamlit's "None".
    table = at.dataframe[0].proto
    assert table.HasField("placeholder") and table.placeholder == ""
    assert any(plain(c.value).startswith("Imports are usually valued with freight") for c in at.caption)
    at.button_group(key="products:level").set_value("4").run()
    assert count_line(at).startswith("2 products")   # 8703 and 8704
    assert at.query_params["level"] == "4"
    at.button_group(key="products:level").set_value("2").run()
    at.selectbox(key="products:partner").set_value("USA").run()
    assert count_line(at).startswith("1 product;") and at.query_params["partner"] == "USA"
    at.text_input(key="products:product").set_value("9999").run()
    assert any("No annual figures of HS 9999" in plain(i.value) for i in at.info)


def test_page_says_how_to_import_when_there_is_no_product_data(fixture_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "python -m tradeviz import-comtrade" in plain(at.info[0].value)


def test_product_charts_export_with_their_source_line(products_data):
    from tradeviz import export

    dataset = store.load(products_data)
    shown = view.select(dataset, defaults(view.params(dataset)))
    for chart in (shown.chart, shown.series):
        spec = export.image_spec(chart, "16:9")
        assert export.chart_png(spec).startswith(b"\x89PNG")
        assert "Source: UN Comtrade, imported from annual.csv, monthly.json." in export.chart_svg(spec)


def test_a_products_view_is_a_deck_slide(products_data):
    from tradeviz.views import deck

    dataset = store.load(products_data)
    shown = deck.select(dataset, {"s": ("products?level=4&chapter=87", "products?partner=XYZ&product=9999"), "at": 1,
                                  "present": False, "screen": "1080"})
    headings, unknown_partner = shown.slides
    assert headings.title == "AZE's imports from CHN, 2024: largest products"
    assert headings.takeaway.startswith("2 products;") and headings.chart is not None
    assert unknown_partner.problem.startswith("Ignored ?partner=XYZ")   # the rest of the view still shows
    assert unknown_partner.chart is not None


def written_products(folder, rows: list[tuple[str, int, float]], level: int = 2) -> store.Dataset:
    """A products set of AZE's imports from CHN: (HS code, year, USD) rows."""
    import pyarrow as pa

    from tradeviz import products_store, products_table, products_writer

    n = len(rows)
    table = pa.table({name: pa.nulls(n, field.type) for name, field in zip(products_table.SCHEMA.names, products_table.SCHEMA)})
    for name, column in {"reporter_iso": ["AZE"] * n, "partner_iso": ["CHN"] * n, "flow": ["imports"] * n,
                         "freq": ["A"] * n, "cmd_code": [r[0] for r in rows], "year": [r[1] for r in rows],
                         "value_usd": [r[2] for r in rows], "cmd_desc": ["x"] * n, "aggr_level": [level] * n}.items():
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(column, products_table.SCHEMA.field(name).type))
    products_writer.write_set(table, folder / products_store.PRODUCTS)
    return store.Dataset(tables={}, version="test", folder=folder)


def test_no_growth_from_a_first_year_of_zero(tmp_path):
    rows = [("01", 2023, 0.0), ("01", 2024, 10.0), ("02", 2023, 100.0), ("02", 2024, 150.0)]
    dataset = written_products(tmp_path, rows)
    shown = view.select(dataset, defaults(view.params(dataset)))
    changes = dict(zip(shown.download.rows["cmd_code"], shown.download.rows["change_pct"]))
    assert changes["02"] == 50.0 and math.isnan(changes["01"])   # 0 to 10 USD is no percentage
    # A set whose files named no HS revision: the CSV has no revision columns to fill.
    assert list(shown.download.frame().columns) == list(shown.download.rows.columns)


def test_a_count_of_thousands_of_products_is_written_with_a_separator(tmp_path):
    rows = [(f"{100000 + i}", 2024, float(i + 1)) for i in range(1_234)]
    dataset = written_products(tmp_path, rows, level=6)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"level": "6"})
    assert shown.count_text.startswith("1,234 products; figures of 2024 only")
    # Largest first: 1,234 USD for the last code.
    assert list(shown.download.rows["cmd_code"][:2]) == ["101233", "101232"]


def test_presentation_view_shows_the_charts_without_filters_and_leaves_on_request(products_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(products_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.button_group(key="products:level").set_value("4").run()
    at.toggle(key="products:present").set_value(True).run()
    assert not at.exception and at.query_params["present"] == "1" and at.query_params["level"] == "4"
    # No title, filters, table, link box or CSV: the two charts, their images and the way back.
    assert not at.title and not at.button_group and not at.dataframe and not at.expander
    assert len(at.get("vega_lite_chart")) == 2
    assert any(plain(c.value).startswith("2 products;") for c in at.caption)   # the view chosen is presented
    # Each chart over its source line, on screen as in its images.
    assert [plain(c.value) for c in at.caption].count("Source: UN Comtrade, imported from annual.csv, monthly.json.") == 2
    at.button(key="products-leave-present").click().run()
    assert "present" not in at.query_params and at.title[0].value == "What is traded"
    assert at.button_group(key="products:level").value == "4"


def test_revision_notes_say_when_two_figures_are_in_different_hs_revisions():
    revisions = {("AZE", 2016): ("H4",), ("AZE", 2024): ("H6",), ("CHN", 2024): ("H5",), ("AZE", 2023): ("H6",),
                 ("CHN", 2023): ("H6",)}
    assert words.revision_note(revisions, "AZE", "CHN", 2016, 2024, mirrored=True) == (
        "AZE gives 2016 in HS 2012 (H4) and 2024 in HS 2022 (H6): the Harmonized System's revisions split, merged "
        "or redefined some codes in between, so a product's change may compare two definitions of it. "
        "In 2024, AZE gives its figures in HS 2022 (H6) and CHN in HS 2017 (H5): one code may cover different goods "
        "on the two sides.")
    # No mirror shown, one year, the same revision on both sides, or revisions not named: nothing to say.
    assert words.revision_note(revisions, "AZE", "CHN", 2016, 2024, mirrored=False).startswith("AZE gives 2016")
    assert words.revision_note(revisions, "AZE", "CHN", 2024, 2024, mirrored=False) == ""
    assert words.revision_note(revisions, "AZE", "CHN", 2023, 2023, mirrored=True) == ""
    assert words.revision_note({}, "AZE", "CHN", 2016, 2024, mirrored=True) == ""
    assert words.series_revision_note(revisions, ("AZE", "CHN"), [2023]) == ""
    assert words.series_revision_note(revisions, ("AZE", "CHN"), [2016, 2023, 2024]) == (
        "These figures are given in 3 HS revisions (HS 2012 (H4) and HS 2017 (H5) and HS 2022 (H6)): the code may "
        "not cover the same goods in every year or on both sides.")


def test_a_view_over_two_hs_revisions_says_so_from_the_imported_files(tmp_path, monkeypatch):
    """The fixture files with Azerbaijan's 2023 figures given in HS 2017 (H5) and China's 2024
    in HS 2017: the change from 2023 to 2024 and the 2024 mirror each get their caution, on
    the page too."""
    import csv
    import shutil

    from tradeviz import build, comtrade, products_store

    fixtures = Path(__file__).parent / "fixtures" / "comtrade"
    with (fixtures / "annual.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if (row["reporterISO"], row["refYear"]) in (("AZE", "2023"), ("CHN", "2024")):
            row["classificationCode"] = "H5"
    revised = tmp_path / "annual-revised.csv"
    with revised.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "data", folder)
    build.build(folder)
    comtrade.import_files([revised], folder / products_store.PRODUCTS)
    assert products_store.revisions_in(products_store.read_manifest(str(folder / products_store.PRODUCTS))[0]) == {
        ("AZE", 2023): ("H5",), ("AZE", 2024): ("H6",), ("CHN", 2023): ("H6",), ("CHN", 2024): ("H5",)}
    dataset = store.load(folder)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"years": (2023, 2024)})
    assert shown.revision_note.startswith("AZE gives 2023 in HS 2017 (H5) and 2024 in HS 2022 (H6)")
    assert "In 2024, AZE gives its figures in HS 2022 (H6) and CHN in HS 2017 (H5)" in shown.revision_note
    # The CSV says which revision each figure's column is given in.
    csv_rows = shown.download.frame()
    assert list(csv_rows.columns[-3:]) == ["first_hs_revision", "last_hs_revision", "mirror_hs_revision"]
    assert set(map(tuple, csv_rows[["first_hs_revision", "last_hs_revision", "mirror_hs_revision"]].values)) == {
        ("H5", "H6", "H5")}
    one_year = view.select(dataset, defaults(view.params(dataset)) | {"years": (2024, 2024)}).download.frame()
    assert "first_hs_revision" not in one_year and set(one_year["last_hs_revision"]) == {"H6"}
    # The series' caution is in its subtitle, so the exported image carries it too.
    assert shown.series.subtitle.endswith("they disagree. These figures are given in 2 HS revisions (HS 2017 (H5) "
                                          "and HS 2022 (H6)): the code may not cover the same goods in every year "
                                          "or on both sides.")
    from tradeviz import export
    assert "given in 2 HS revisions" in " ".join(export.image_spec(shown.series)["title"]["subtitle"])
    # The same files all in one revision: no caution.
    plain_set = fixture_products(tmp_path / "plain")
    plain_view = view.select(store.load(plain_set), defaults(view.params(store.load(plain_set))) | {"years": (2023, 2024)})
    assert plain_view.revision_note == "" and plain_view.series.subtitle.endswith("they disagree")
    assert set(plain_view.download.frame()["last_hs_revision"]) == {"H6"}

    monkeypatch.setenv(store.DATA_ENV, str(folder))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["years_from"], at.query_params["years_to"] = "2023", "2024"
    at.run()
    assert not at.exception
    assert any(plain(caption.value).startswith("AZE gives 2023 in HS 2017 (H5)") for caption in at.caption)


def monthly_products(folder, rows: list[tuple[str, str, str, int, int, float]]) -> store.Dataset:
    """A products set of monthly rows: (reporter, flow, HS code, year, month, USD), AZE and CHN
    reporting each other, HS 2."""
    import pyarrow as pa

    from tradeviz import products_store, products_table, products_writer

    n = len(rows)
    table = pa.table({name: pa.nulls(n, field.type) for name, field in zip(products_table.SCHEMA.names, products_table.SCHEMA)})
    columns = {"reporter_iso": [r[0] for r in rows], "partner_iso": ["CHN" if r[0] == "AZE" else "AZE" for r in rows],
               "flow": [r[1] for r in rows], "freq": ["M"] * n, "cmd_code": [r[2] for r in rows],
               "year": [r[3] for r in rows], "month": [r[4] for r in rows], "value_usd": [r[5] for r in rows],
               "cmd_desc": ["x"] * n, "aggr_level": [2] * n}
    for name, column in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(column, products_table.SCHEMA.field(name).type))
    products_writer.write_set(table, folder / products_store.PRODUCTS)
    return store.Dataset(tables={}, version="test", folder=folder)


def test_same_months_finds_the_latest_run_from_january():
    assert metrics.same_months({2024: set(range(1, 13)), 2025: {1, 2, 3, 5}}) == (2025, 3)   # May after a gap
    assert metrics.same_months({2025: {2, 3}}) is None   # no January: no run from it
    assert metrics.same_months({}) is None
    assert metrics.missing_months({2024: {1, 3}}, 2024, 3) == [2]
    assert metrics.missing_months({}, 2024, 2) == [1, 2]
    assert (words.months_words(3, 2025), words.months_words(1, 2025)) == ("Jan–Mar 2025", "Jan 2025")


def test_same_months_of_two_years_compare_product_by_product(tmp_path, monkeypatch):
    """Jan–Feb 2025 against Jan–Feb 2024 (2024 has every month; 2025 two): 84 from 10+20 to
    15+30 USD is +50 %; the mirror is CHN's exports in Jan–Feb 2025 (40 USD for 84)."""
    rows = [("AZE", "imports", "84", 2024, m, 10.0 * m) for m in range(1, 13)]
    rows += [("AZE", "imports", "84", 2025, 1, 15.0), ("AZE", "imports", "84", 2025, 2, 30.0),
             ("AZE", "imports", "85", 2025, 1, 5.0), ("AZE", "imports", "85", 2024, 1, 4.0),
             ("CHN", "exports", "84", 2025, 1, 25.0), ("CHN", "exports", "84", 2025, 2, 15.0)]
    dataset = monthly_products(tmp_path, rows)
    values = defaults(view.params(dataset)) | {"period": "months"}
    shown = view.select(dataset, values)
    got = shown.download.rows.set_index("cmd_code")
    assert (got.loc["84", "first_usd"], got.loc["84", "last_usd"], got.loc["84", "change_pct"]) == (30.0, 45.0, 50.0)
    assert (got.loc["85", "first_usd"], got.loc["85", "last_usd"], got.loc["85", "change_pct"]) == (4.0, 5.0, 25.0)
    assert (got.loc["84", "mirror_usd"], got.loc["84", "gap_usd"]) == (40.0, 5.0)
    assert shown.count_text.startswith("2 products; change from Jan–Feb 2024 to Jan–Feb 2025; the mirror column is "
                                       "CHN's own exports of the same products in Jan–Feb 2025")
    assert shown.rows.labels["first"] == "Jan–Feb 2024, USD" and shown.chart.title.endswith("Jan–Feb 2025: largest products")
    # The series sums the same months of each year: 84 is 10+20 in 2024 and 15+30 in 2025 as AZE
    # gives it, 25+15 in 2025 as CHN does (in the view's unit, USD).
    assert shown.series.title.endswith(": Jan–Feb of each year")
    points = shown.series.datasets["series"]
    assert sorted(zip(points["side"].str[-11:], points["year"], points["value"])) == [
        ("AZE reports", 2024, 30.0), ("AZE reports", 2025, 45.0), ("CHN reports", 2025, 40.0)]
    assert shown.series_text == "HS 84: 3 figures of Jan–Feb, one a year, from 2 reporting sides"
    # Whole years: no annual rows here, so nothing to compare, said as such.
    assert view.select(dataset, values | {"period": "years"}).empty_reason.startswith("No annual product figures")

    # A year before with a month missing: figures of 2025 only, and why.
    gap = monthly_products(tmp_path / "gap", [r for r in rows if not (r[3] == 2024 and r[4] == 2)])
    shown = view.select(gap, defaults(view.params(gap)) | {"period": "months"})
    assert "first_usd" not in shown.download.rows
    assert shown.count_text.startswith("2 products; 2024 has no monthly figures for Feb, so no change is given")
    # Nor a series point for AZE's 2024 (Jan alone, 10 USD, would read as a fall).
    assert sorted(zip(shown.series.datasets["series"]["side"].str[-11:], shown.series.datasets["series"]["year"])) == [
        ("AZE reports", 2025), ("CHN reports", 2025)]
    assert shown.series_text.endswith("from 2 reporting sides; left out, for a month without figures of the flow: "
                                      "AZE 2024")
    # The partner with one of the months only: no mirror.
    partial = monthly_products(tmp_path / "partial", [r for r in rows if not (r[0] == "CHN" and r[4] == 2)])
    shown = view.select(partial, defaults(view.params(partial)) | {"period": "months"})
    assert shown.download.rows["mirror_usd"].isna().all()
    assert set(shown.series.datasets["series"]["side"].str[-11:]) == {"AZE reports"}
    assert shown.series_text.endswith("from 1 reporting side; left out, for a month without figures of the flow: "
                                      "CHN 2025")
    assert shown.count_text.endswith("CHN has no monthly figures of its exports for Feb 2025, so there is no mirror "
                                     "figure")
    # No side with the whole of the months in any year: no chart, and why.
    none = monthly_products(tmp_path / "none", [("AZE", "imports", "85", 2025, 1, 5.0), ("AZE", "imports", "85", 2025, 2, 6.0),
                                                ("AZE", "imports", "84", 2024, 1, 10.0), ("CHN", "exports", "84", 2024, 1, 25.0)])
    no_series = view.select(none, defaults(view.params(none)) | {"period": "months", "product": "84"})
    assert no_series.series is None
    assert no_series.series_text == ("No figures of HS 84 for the whole of Jan–Feb in 2024–2025 for this pair and flow; "
                                     "left out, for a month without figures of the flow: AZE 2024, CHN 2024.")

    # The page: the choice is a widget and goes in the link.
    monkeypatch.setenv(store.DATA_ENV, str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and any("No annual product figures" in plain(i.value) for i in at.info)
    at.button_group(key="products:period").set_value("months").run()
    assert not at.exception and at.query_params["period"] == "months"
    assert count_line(at).startswith("2 products; change from Jan–Feb 2024 to Jan–Feb 2025")
    assert any("HS 84: 3 figures of Jan–Feb, one a year" in plain(c.value) for c in at.caption)
