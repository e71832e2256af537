"""Shared fixtures: the small hand-designed dataset in tests/fixtures/data, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from streamlit import config as streamlit_config

from browser import CHROMIUM, CHROMIUM_ARGS
from tradeviz import build, store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
PAGES = sorted((ROOT / "pages").glob("*.py"))

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
    """One Debian Chromium for every browser test; each test opens its own context."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
