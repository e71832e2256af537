"""The Products view reading its set from an S3-compatible object store: a local moto server on
localhost (moto[server]), the products folder uploaded as is, TRADEVIZ_PRODUCTS an s3:// URI."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from products_data import products_in_a_bucket
from shown import plain
from tradeviz import products_store, store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def s3_products(tmp_path_factory):
    with products_in_a_bucket(tmp_path_factory.mktemp("products") / "data") as found:
        yield found


def test_the_set_is_read_from_the_object_store(s3_products):
    folder, uri = s3_products
    assert not (folder / products_store.PRODUCTS).exists()
    assert (lambda p: (p.reporters, p.years))(products_store.partitions(products_store.read_manifest(uri))) == (("AZE", "CHN"), (2023, 2024, 2025))
    assert products_store.pairs_in(products_store.read_manifest(uri)[0]) == [("AZE", "CHN"), ("AZE", "USA"), ("CHN", "AZE")]
    assert products_store.open_set(uri).count_rows() == 19


def test_products_page_on_the_object_store(s3_products, monkeypatch):
    folder, uri = s3_products
    monkeypatch.setenv(store.DATA_ENV, str(folder))
    monkeypatch.setenv(products_store.PRODUCTS_ENV, uri)
    at = AppTest.from_file(str(ROOT / "pages" / "products.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("vega_lite_chart")) == 2
    assert any(plain(c.value).startswith("3 products;") for c in at.caption)
