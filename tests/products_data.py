"""The fixture dataset with the fixture Comtrade files imported as its products set
(tests/fixtures/comtrade), built in a folder of the caller's choosing; and the same products set
in a bucket of a local S3-compatible server (moto[server] on localhost); and a dataset with national
figures beside UN Comtrade's all-goods totals (totals_data)."""

from __future__ import annotations

import csv
import shutil
from contextlib import contextmanager
from pathlib import Path

import comtrade_files as files
from tradeviz import build, comtrade, products_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "comtrade"


def products_data(folder: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    comtrade.import_files([FIXTURES / "annual.csv", FIXTURES / "monthly.json"], folder / products_store.PRODUCTS)
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
        fs.copy_files(str(folder / products_store.PRODUCTS), "shared/tradeviz/products", destination_filesystem=s3)
        shutil.rmtree(folder / products_store.PRODUCTS)
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


# National figures added to the fixture dataset (USD million), each with the interval its
# qualifier and rounding give (intervals.money_precision):
# n01 AZ customs, imports 2022, 1,250 exact: precise to 10, [1,245, 1,255];
# n02 an Azerbaijani official, imports 2021, about 1,000: precise to 1,000, [500, 1,500];
# n03 Chinese statistics, imports (China's exports to Azerbaijan) 2022, 1,200: [1,150, 1,250];
# n04 AZ customs, imports 2022, 2,000, flagged low-confidence by the research.
NATIONAL = [
    ("n01", "az_customs", "State Customs Committee", "azerbaijan", 2022, "1250", "exact", "normal"),
    ("n02", "az_official", "An official", "not_stated", 2021, "1000", "about", "normal"),
    ("n03", "cn_statistics", "China-side table", "china", 2022, "1200", "exact", "normal"),
    ("n04", "az_customs", "State Customs Committee", "azerbaijan", 2022, "2000", "exact", "low"),
]
# UN Comtrade's totals: AZE's imports from CHN in 2021 and 2022, CHN's exports to AZE in 2022.
TOTALS = [files.Figure("AZE", "CHN", "M", 2021, "TOTAL", "All Commodities", 1_100_000_000.0),
          files.Figure("AZE", "CHN", "M", 2022, "TOTAL", "All Commodities", 1_250_000_000.0),
          files.Figure("CHN", "AZE", "X", 2022, "TOTAL", "All Commodities", 1_300_000_000.0)]


def totals_data(folder: Path) -> Path:
    """The fixture dataset with NATIONAL's figures added and TOTALS imported as its products set."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    path = folder / "sources" / "trade.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for record, reporter, detail, basis, year, value, qualifier, confidence in NATIONAL:
        rows.append({**{k: "" for k in rows[0]}, "record_id": record, "reporter": reporter, "reporter_detail": detail,
                     "stat_basis": basis, "flow": "imports", "period_start": f"{year}-01-01",
                     "period_end": f"{year}-12-31", "period_label": str(year), "value": value, "unit": "usd_million",
                     "qualifier": qualifier, "source_id": "fx-mirror" if reporter.startswith("cn") else "fx-customs",
                     "source_sentence": f"Imports in {year}.", "confidence": confidence})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    build.build(folder)
    comtrade.import_files([files.api_json(folder.parent / "totals.json", TOTALS)], folder / products_store.PRODUCTS)
    return folder
