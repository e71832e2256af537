"""The fixture dataset with the fixture Comtrade files imported as its products set
(tests/fixtures/comtrade), built in a folder of the caller's choosing."""

from __future__ import annotations

import shutil
from pathlib import Path

from tradeviz import build, comtrade

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "comtrade"


def products_data(folder: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    comtrade.import_files([FIXTURES / "annual.csv", FIXTURES / "monthly.json"], folder)
    return folder
