"""TRADEVIZ_DATA naming shared storage (tradeviz.shared): a moto S3 server on localhost holds the
whole dataset, products set included, and no local folder does. A replica copies the small main
dataset and scans the products set in the bucket."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from products_data import dataset_in_a_bucket
from shown import plain
from tradeviz import products_store, shared, store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bucket(tmp_path_factory):
    with dataset_in_a_bucket(tmp_path_factory.mktemp("shared") / "data") as found:
        yield found


@pytest.fixture
def serving(bucket, monkeypatch, tmp_path):
    """This process serving the bucket's dataset, with its own copy cache."""
    _, uri = bucket
    monkeypatch.setenv(store.DATA_ENV, uri)
    monkeypatch.setenv(shared.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(products_store.PRODUCTS_ENV, raising=False)
    monkeypatch.setattr(shared, "_copies", {})
    return uri


def test_locations_and_redaction():
    uri = "s3://key:secret@bucket/data?endpoint_override=host:9000&scheme=http"
    assert shared.is_shared(uri) and not shared.is_shared("/srv/data")
    assert shared.products_location(uri) == "s3://key:secret@bucket/data/products?endpoint_override=host:9000&scheme=http"
    assert shared.products_location("s3://bucket/data/") == "s3://bucket/data/products"
    assert shared.redacted(uri) == "s3://…@bucket/data?endpoint_override=host:9000&scheme=http"
    assert shared.redacted("s3://bucket/data") == "s3://bucket/data"


def test_a_replica_copies_the_dataset_but_not_the_products(serving, tmp_path):
    folder = store.data_dir()
    assert folder.is_relative_to(tmp_path / "cache")
    assert (folder / store.MANIFEST).exists() and not (folder / products_store.PRODUCTS).exists()
    dataset = store.load(folder)
    assert dataset.problems == [] and len(dataset["indicators"]) > 0
    assert store.data_dir() == folder   # within CHECK_SECONDS: no new request
    assert products_store.location(folder, store.shared_location()) == shared.products_location(serving)


def test_a_new_manifest_makes_a_new_copy(bucket, serving, monkeypatch):
    s3, _ = bucket
    first = store.data_dir()
    monkeypatch.setattr(shared, "CHECK_SECONDS", 0.0)
    assert store.data_dir() == first   # the same manifest: the same copy
    path = "shared/tradeviz/data/manifest.json"
    with s3.open_input_stream(path) as stream:
        original = stream.read()
    try:
        with s3.open_output_stream(path) as stream:
            stream.write(original + b"\n")   # as if a build had switched sets
        second = store.data_dir()
        assert second != first and (second / store.MANIFEST).read_bytes() == original + b"\n"
    finally:
        with s3.open_output_stream(path) as stream:
            stream.write(original)


def test_unreachable_storage_is_a_message_without_credentials(tmp_path, monkeypatch):
    monkeypatch.setattr(shared, "_copies", {})
    uri = "s3://key:secret@shared/data?endpoint_override=127.0.0.1:9&scheme=http&region=us-east-1"
    with pytest.raises(shared.Unreachable) as caught:
        shared.local_copy(uri, cache=tmp_path)
    assert str(caught.value).startswith("The shared dataset at s3://…@shared/data?") and "secret" not in str(caught.value)


def test_pages_on_the_shared_dataset(serving):
    overview = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not overview.exception and len(overview.get("vega_lite_chart")) == 1
    products = AppTest.from_file(str(ROOT / "pages" / "products.py"), default_timeout=60).run()
    assert not products.exception and len(products.get("vega_lite_chart")) == 2
    assert any(plain(c.value).startswith("3 products;") for c in products.caption)
    review = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60).run()
    assert not review.exception
    assert "serves the shared dataset at s3://…@shared/tradeviz/data" in plain(review.info[0].value)
    assert "secret" not in plain(review.info[0].value)
    assert [t.key for t in review.text_input] == [] and "review-save" not in [b.key for b in review.button]


def test_a_page_says_when_the_shared_dataset_cannot_be_read(monkeypatch, tmp_path):
    monkeypatch.setattr(shared, "_copies", {})
    monkeypatch.setenv(shared.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv(store.DATA_ENV, "s3://key:secret@shared/data?endpoint_override=127.0.0.1:9&scheme=http")
    at = AppTest.from_file(str(ROOT / "pages" / "trade.py"), default_timeout=60).run()
    assert not at.exception
    message = plain(at.error[0].value)
    assert message.startswith("The shared dataset at s3://…@shared/data") and "secret" not in message
