"""Shared fixtures: the small hand-designed dataset in tests/fixtures/data, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit import config as streamlit_config

from tradeviz import build, store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
PAGES = sorted((ROOT / "pages").glob("*.py"))

# The groups CI runs one after another (make test), each test in exactly one:
#   browser  Debian's Chromium, a real `streamlit run` server, or an S3 stand-in (moto)
#   apptest  pages under streamlit.testing.v1.AppTest
#   unit     everything else: plain functions on small inputs
BROWSER_FIXTURES = {"browser", "server", "bundled_server", "hostile_server", "totals_server", "served", "serving",
                    "s3_server", "s3_products", "bucket"}
BROWSER_MODULES = {"test_serve", "test_review_protocol", "test_products_s3", "test_shared_data"}


def test_group(item) -> str:
    module = item.module.__name__.rpartition(".")[2]
    if module.startswith("test_browser") or module in BROWSER_MODULES or BROWSER_FIXTURES & set(item.fixturenames):
        return "browser"
    if "AppTest" in Path(item.module.__file__).read_text(encoding="utf-8"):
        return "apptest"
    return "unit"


def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(test_group(item))


# .streamlit/config.toml hides error details from viewers; under AppTest a test failure should
# show the exception.
streamlit_config.set_option("client.showErrorDetails", "full")


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory) -> Path:
    """A copy of the fixture sources with freshly built Parquet files beside them."""
    folder = tmp_path_factory.mktemp("fixture") / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    build.build(folder)
    return folder


@pytest.fixture(scope="session")
def fixture_dataset(fixture_data) -> store.Dataset:
    return store.load(fixture_data)


@pytest.fixture
def editable_data(tmp_path) -> Path:
    """A throwaway copy of the fixture sources that a test may break."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    return folder


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for every browser test; each test opens its own context. Playwright
    is imported here, by the tests that use it, not by every test."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A page in a fresh context as a phone visitor's browser opens it (390×844, touch, mobile)."""
    from browser import PHONE_CONTEXT

    context = browser.new_context(**PHONE_CONTEXT)
    yield context.new_page()
    context.close()
