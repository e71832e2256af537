"""Speed of the data path and of each page, against targets. Run: `make bench`.

Prints one line per measurement (median of N runs) and exits non-zero if a target is missed.
Targets are for the 2-core machines this project runs on; they live here, not in tests.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tradeviz import build, export, store, trade_view  # noqa: E402

# name -> target seconds (median)
TARGETS = {
    "build all tables": 1.0,
    "store.load": 0.15,
    "trade_view.prepare + select": 0.1,
    "CSV of all trade rows": 0.05,
    "AppTest warm run, each page": 1.0,
}


def median_seconds(func, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    import tempfile

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["build all tables"] = median_seconds(lambda: build.build(ROOT / "data", Path(tmp)), runs=3)
    results["store.load"] = median_seconds(lambda: store.load(ROOT / "data"))
    dataset = store.load(ROOT / "data")
    rows = trade_view.prepare(dataset)
    defaults = {p.key: p.default for p in trade_view.params(rows, dataset)}
    defaults["years"] = next(p.bounds for p in trade_view.params(rows, dataset) if p.key == "years")
    results["trade_view.prepare + select"] = median_seconds(
        lambda: trade_view.select(trade_view.prepare(dataset), dataset, defaults))
    results["CSV of all trade rows"] = median_seconds(lambda: export.to_csv(export.with_labels(trade_view.export_rows(rows))))

    import logging

    from streamlit.testing.v1 import AppTest

    # Pages run outside a server here; Streamlit warns about that on every run.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    page_times = {}
    for page in sorted((ROOT / "pages").glob("*.py")):
        AppTest.from_file(str(page), default_timeout=60).run()  # warm imports and caches
        page_times[page.stem] = median_seconds(lambda: AppTest.from_file(str(page), default_timeout=60).run(), runs=5)
    results["AppTest warm run, each page"] = max(page_times.values())

    failed = False
    for name, seconds in results.items():
        target = TARGETS[name]
        verdict = "ok" if seconds <= target else "SLOW"
        failed |= seconds > target
        print(f"{verdict:4}  {name:32} {seconds * 1000:8.1f} ms   (target {target * 1000:.0f} ms)")
    for page, seconds in page_times.items():
        print(f"      page {page:27} {seconds * 1000:8.1f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
