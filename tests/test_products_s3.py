"""The Products view reading its set from an S3-compatible object store: a local moto server on
localhost (moto[server]), the products folder uploaded as is, TRADEVIZ_PRODUCTS an s3:// URI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyarrow import fs
from streamlit.testing.v1 import AppTest

from browser import free_port
from products_data import products_data
from shown import plain
from tradeviz import comtrade, ui

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def s3_products(tmp_path_factory):
    import boto3
    from moto.server import ThreadedMotoServer

    folder = products_data(tmp_path_factory.mktemp("products") / "data")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=f"http://{endpoint}", region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test").create_bucket(Bucket="shared")
        s3 = fs.S3FileSystem(endpoint_override=endpoint, scheme="http", access_key="test", secret_key="test",
                             region="us-east-1")
        fs.copy_files(str(folder / comtrade.PRODUCTS), "shared/tradeviz/products", destination_filesystem=s3)
        yield folder, f"s3://test:test@shared/tradeviz/products?endpoint_override={endpoint}&scheme=http&region=us-east-1"
    finally:
        server.stop()


def test_the_set_is_read_from_the_object_store(s3_products):
    _, uri = s3_products
    assert comtrade.partitions(uri) == (["AZE", "CHN"], [2023, 2024, 2025])
    assert comtrade.dataset(uri).count_rows() == 15


def test_products_page_on_the_object_store(s3_products, monkeypatch):
    folder, uri = s3_products
    monkeypatch.setenv(ui.DATA_ENV, str(folder))
    monkeypatch.setenv(comtrade.PRODUCTS_ENV, uri)
    shutil.rmtree(folder / comtrade.PRODUCTS)  # only the bucket holds the products now
    at = AppTest.from_file(str(ROOT / "pages" / "products.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("vega_lite_chart")) == 1
    assert any(plain(c.value).startswith("3 products;") for c in at.caption)
