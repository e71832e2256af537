"""The fixture dataset with the fixture Comtrade files imported as its products set
(tests/fixtures/comtrade), built in a folder of the caller's choosing; and the same products set
in a bucket of a local S3-compatible server (moto[server] on localhost)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from tradeviz import build, comtrade

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "comtrade"


def products_data(folder: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    comtrade.import_files([FIXTURES / "annual.csv", FIXTURES / "monthly.json"], folder)
    return folder


@contextmanager
def s3_server():
    """A moto S3 server on localhost with an empty bucket "shared". Yields (the pyarrow
    filesystem, a function turning a path in the bucket into an s3:// URI with credentials)."""
    import boto3
    from moto.server import ThreadedMotoServer
    from pyarrow import fs

    from browser import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=f"http://{endpoint}", region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test").create_bucket(Bucket="shared")
        s3 = fs.S3FileSystem(endpoint_override=endpoint, scheme="http", access_key="test", secret_key="test",
                             region="us-east-1")
        yield s3, lambda path: f"s3://test:test@shared/{path}?endpoint_override={endpoint}&scheme=http&region=us-east-1"
    finally:
        server.stop()


@contextmanager
def products_in_a_bucket(folder: Path):
    """Build products_data(folder), upload its products set as is to a bucket of a moto S3
    server on localhost, and remove the local copy, so only the bucket holds it. Yields
    (folder, the s3:// URI to give TRADEVIZ_PRODUCTS)."""
    from pyarrow import fs

    products_data(folder)
    with s3_server() as (s3, uri):
        fs.copy_files(str(folder / comtrade.PRODUCTS), "shared/tradeviz/products", destination_filesystem=s3)
        shutil.rmtree(folder / comtrade.PRODUCTS)
        yield folder, uri("tradeviz/products")


@contextmanager
def dataset_in_a_bucket(folder: Path):
    """Build products_data(folder), upload the whole data folder (products set included) to a
    bucket of a moto S3 server on localhost and remove the folder, so only the bucket holds the
    dataset. Yields (the pyarrow filesystem, the s3:// URI to give TRADEVIZ_DATA)."""
    from pyarrow import fs

    products_data(folder)
    with s3_server() as (s3, uri):
        fs.copy_files(str(folder), "shared/tradeviz/data", destination_filesystem=s3)
        shutil.rmtree(folder)
        yield s3, uri("tradeviz/data")
