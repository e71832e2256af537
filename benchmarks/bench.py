"""Speed of every page, as ratios to a one-chart hello page measured in the same run.

    make bench                     # everything: AppTest reruns, Chromium, scale
    python benchmarks/bench.py apptest browser
    python benchmarks/bench.py scale --sizes 10000,100000

This machine is shared and noisy, so absolute times do not count: each page is divided by the
hello page (benchmarks/hello.py) measured in the same process and the same minute.

- apptest: warm rerun of each page under AppTest (median of 7 reruns), three repetitions; the
  median ratio and the range of the three. Target: every page <= 3x.
- browser: in Debian's Chromium against a real `streamlit run` server, `page.goto` until every
  chart of the page is drawn (pages without a chart: until the page has finished), divided by
  the same for the hello page; and a change of the years slider until the chart is redrawn,
  divided by the hello page's slider redrawing its chart. Target: goto <= 1.2x.
- scale: Trade and Timeline on SYNTHETIC data (benchmarks/synthetic.py, written to a temporary
  folder, never shipped) of 10,000, 100,000 and 1,000,000 trade rows and milestones, each size in
  a fresh process: a change of the years to a range not seen before, divided by (the same filter
  and aggregation done directly with pyarrow on the same Parquet rows + the hello page's rerun);
  and the process's peak memory above its baseline, divided by the Arrow size of the tables.
  Targets: <= 10x and <= 3x.

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

HELLO = ROOT / "benchmarks" / "hello.py"
PAGES = {path.stem: path for path in sorted((ROOT / "pages").glob("*.py"))}
URLS = {"overview": "/", "trade": "/trade", "timeline": "/timeline", "policy_areas": "/policy-areas",
        "articles": "/articles", "data": "/data"}
TARGETS = {"apptest": 3.0, "browser": 1.2, "scale_change": 10.0, "scale_memory": 3.0}
RERUNS, REPETITIONS = 7, 3


def quiet_streamlit() -> None:
    # Pages run outside a server under AppTest; Streamlit warns about that on every run.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


def median_of(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_rerun(path: Path, runs: int = RERUNS) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(path), default_timeout=120)
    app.run()
    app.run()
    return median_of(app.run, runs)


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "SLOW"


# ---- AppTest --------------------------------------------------------------------------------


def bench_apptest(repetitions: int) -> bool:
    quiet_streamlit()
    os.environ.pop("TRADEVIZ_DATA", None)
    ratios: dict[str, list[float]] = {name: [] for name in PAGES}
    hello_ms = []
    for _ in range(repetitions):
        hello = warm_rerun(HELLO)
        hello_ms.append(hello * 1000)
        for name, path in PAGES.items():
            ratios[name].append(warm_rerun(path) / hello)
    print(f"\n### Warm rerun under AppTest, ratio to the hello page (hello: {statistics.median(hello_ms):.1f} ms)\n")
    print("| page | ratio (median) | range | target | |")
    print("|---|---|---|---|---|")
    ok = True
    for name, values in ratios.items():
        middle = statistics.median(values)
        ok &= middle <= TARGETS["apptest"]
        print(f"| {name} | {middle:.2f}× | {min(values):.2f}–{max(values):.2f}× | ≤ {TARGETS['apptest']}× | "
              f"{verdict(middle, TARGETS['apptest'])} |")
    return ok


# ---- Chromium -------------------------------------------------------------------------------

DRAWN = """(expected) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (charts.length < expected) return false;
  if (!charts.every(c => c.querySelector('svg.marks g.mark-group, svg.marks path, svg.marks text'))) return false;
  return expected > 0 || !!document.querySelector('[data-testid="stMain"] [data-testid="stMarkdown"]');
}"""
REDRAWN = """(old) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const svg = document.querySelector('[data-testid="stVegaLiteChart"] svg.marks');
  return !!svg && svg.innerHTML !== old;
}"""


def _visit(browser, url: str, expected: int) -> float:
    from browser import wait_until_idle  # noqa: F401 - same helpers as the tests

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, arg=expected, polling="raf", timeout=60_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def _chart_count(browser, url: str) -> int:
    from browser import wait_until_idle

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"]', timeout=60_000)
    wait_until_idle(page)
    page.wait_for_timeout(1500)
    count = page.locator('[data-testid="stVegaLiteChart"]').count()
    context.close()
    return count


def _slider_change(browser, url: str, runs: int) -> float:
    """Press ArrowLeft on the first slider's upper thumb until the chart is redrawn, `runs` times."""
    from browser import wait_until_idle

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DRAWN, arg=1, polling="raf", timeout=60_000)
    wait_until_idle(page)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').last
    times = []
    for _ in range(runs):
        old = page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.inner_html()
        thumb.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(REDRAWN, arg=old, polling="raf", timeout=60_000)
        times.append(time.perf_counter() - start)
        wait_until_idle(page)
    context.close()
    return statistics.median(times)


def bench_browser(runs: int) -> bool:
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    with tempfile.TemporaryDirectory() as logs, \
            streamlit_server(Path(logs) / "app") as app, \
            streamlit_server(Path(logs) / "hello", script=HELLO) as hello, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        counts = {name: _chart_count(browser, app + url) for name, url in URLS.items()}
        _chart_count(browser, hello)
        load_ratios: dict[str, list[float]] = {name: [] for name in URLS}
        hello_times = []
        for _ in range(runs):
            hello_time = _visit(browser, hello, 1)
            hello_times.append(hello_time)
            for name, url in URLS.items():
                load_ratios[name].append(_visit(browser, app + url, counts[name]) / hello_time)
        hello_slider = _slider_change(browser, hello, runs)
        slider_ratios = {name: _slider_change(browser, app + URLS[name], runs) / hello_slider
                         for name in ("trade", "timeline")}
        browser.close()
    print(f"\n### In Chromium, ratio to the hello page (hello: goto → chart drawn "
          f"{statistics.median(hello_times) * 1000:.0f} ms, slider → chart redrawn {hello_slider * 1000:.0f} ms)\n")
    print("| page | charts | goto → every chart drawn | range | target | | years slider → chart redrawn |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for name, values in load_ratios.items():
        middle = statistics.median(values)
        ok &= middle <= TARGETS["browser"]
        slider = f"{slider_ratios[name]:.2f}×" if name in slider_ratios else "—"
        print(f"| {name} | {counts[name]} | {middle:.2f}× | {min(values):.2f}–{max(values):.2f}× | "
              f"≤ {TARGETS['browser']}× | {verdict(middle, TARGETS['browser'])} | {slider} |")
    return ok


# ---- scale ----------------------------------------------------------------------------------


def rss_bytes(pids=None) -> int:
    """Resident memory of the processes `pids` (this process when none are given)."""
    total = 0
    for pid in pids or ["self"]:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:  # a process that has just ended counts for nothing
            pass
    return total


class PeakRss:
    """The resident memory of `pids` (this process when none are given), sampled every
    `interval` seconds on a thread while the block runs: at the start and at its peak, in bytes."""

    def __init__(self, pids=None, interval: float = 0.005):
        self.pids, self.interval = pids, interval
        self.start = self.peak = self.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> int:
        return rss_bytes(self.pids)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())


class HighWaterRss:
    """This process's exact peak resident memory while the block runs, in bytes above its
    resident memory at the start (`peak`): the kernel's high-water mark (VmHWM) is reset on
    entry (/proc/self/clear_refs, Linux 4.0 and later), so no short peak is missed between
    samples. Memory freed before the block is first handed back (Arrow's pool, glibc's heap),
    so that what the block needs is counted and not what a previous step left behind."""

    def __enter__(self):
        import gc

        from tradeviz import store

        gc.collect()
        store.hand_back_freed_memory()
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        self.start = self._status("VmRSS")
        return self

    def __exit__(self, *exc):
        self.peak = max(self._status("VmHWM") - self.start, 0)

    @staticmethod
    def _status(key: str) -> int:
        with open("/proc/self/status") as handle:
            line = next(line for line in handle if line.startswith(key + ":"))
        return int(line.split()[1]) * 1024


YEAR_RANGES = [(2001, 2012), (2002, 2013), (2003, 2011), (2004, 2014), (2000, 2010)]


def pyarrow_reference(folder: Path, page: str) -> float:
    """The same filter and aggregation done directly with pyarrow on the same Parquet rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from tradeviz import store
    import pyarrow.parquet as pq

    if page == "trade":
        table = pq.read_table(store.parquet_path(folder, "trade"))

        def run(years):
            start, end = pc.year(table["period_start"]), pc.year(table["period_end"])
            keep = pc.and_(pc.and_(pc.greater_equal(start, years[0]), pc.less_equal(end, years[1])),
                           pc.is_in(table["flow"], pa.array(["turnover", "exports", "imports"])))
            return table.filter(keep).group_by(["flow", "period_end"]).aggregate([("value", "max"), ("record_id", "count")])
    else:
        table = pq.read_table(store.parquet_path(folder, "milestones"))

        def run(years):
            start, end = pc.year(table["date_start"]), pc.year(table["date_end"])
            keep = pc.and_(pc.less_equal(start, years[1]), pc.greater_equal(end, years[0]))
            return table.filter(keep).group_by(["kind"]).aggregate([("milestone_id", "count")])
    ranges = iter(YEAR_RANGES * 3)
    return median_of(lambda: run(next(ranges)), len(YEAR_RANGES))


def scale_child(folder: Path) -> dict:
    """Run in a fresh process: measure Trade and Timeline on the synthetic dataset in `folder`."""
    import pyarrow.parquet as pq
    from streamlit.testing.v1 import AppTest

    from tradeviz import schema, store

    import synthetic

    quiet_streamlit()
    os.environ.pop("TRADEVIZ_DATA", None)
    hello = warm_rerun(HELLO)
    for path in PAGES.values():  # warm imports and one-time allocations on the bundled data
        warm_rerun(path, runs=1)
    # ... and the code paths only a larger dataset takes (summarised charts, truncated tables),
    # on 2,000 synthetic rows: the baseline is then the process with all its code warm.
    with tempfile.TemporaryDirectory(prefix="tradeviz-synthetic-warm-") as small:
        os.environ["TRADEVIZ_DATA"] = str(synthetic.write(Path(small), 2_000, 2_000))
        for page in ("trade", "timeline"):
            app = AppTest.from_file(str(PAGES[page]), default_timeout=600)
            app.run()
            app.slider(key=f"{page}:years").set_value((1995, 2000))
            app.run()
    arrow_bytes = sum(pq.read_table(store.parquet_path(folder, name)).nbytes for name in schema.TABLES)
    os.environ["TRADEVIZ_DATA"] = str(folder)
    baseline = rss_bytes()
    out = {"hello_ms": hello * 1000, "arrow_mb": arrow_bytes / 2**20, "pages": {}}
    with PeakRss() as memory:
        for page in ("trade", "timeline"):
            app = AppTest.from_file(str(PAGES[page]), default_timeout=600)
            start = time.perf_counter()
            app.run()
            first = time.perf_counter() - start
            assert not app.exception, [e.value for e in app.exception]
            changes = []
            for years in YEAR_RANGES:
                app.slider(key=f"{page}:years").set_value(years)
                start = time.perf_counter()
                app.run()
                changes.append(time.perf_counter() - start)
                assert not app.exception, [e.value for e in app.exception]
            out["pages"][page] = {"first_s": first, "change_ms": statistics.median(changes) * 1000}
    out["peak_mb"] = (memory.peak - baseline) / 2**20
    out["memory_ratio"] = (memory.peak - baseline) / arrow_bytes
    # The references read the Parquet files again: after the memory of the app is measured.
    for page, figures in out["pages"].items():
        reference = pyarrow_reference(folder, page)
        figures["pyarrow_ms"] = reference * 1000
        figures["ratio"] = figures["change_ms"] / 1000 / (reference + hello)
    return out


def bench_scale(sizes: list[int]) -> bool:
    import synthetic

    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="tradeviz-synthetic-") as folder:
            synthetic.write(Path(folder), size, size)
            result = subprocess.run([sys.executable, __file__, "_scale_child", folder], capture_output=True,
                                    text=True, timeout=3600)
            if result.returncode != 0:
                print(result.stdout[-3000:], result.stderr[-3000:])
                raise SystemExit(f"the scale run at {size:,} rows failed")
            rows.append((size, json.loads(result.stdout.strip().splitlines()[-1])))
    print("\n### SYNTHETIC data at scale (trade rows = milestones = N), each size in a fresh process\n")
    print("| N | page | first view (derived once) | years changed | pyarrow, same filter | ratio to pyarrow + hello | "
          "target | | peak memory above baseline | ÷ Arrow size of the tables | target | |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for size, result in rows:
        for page, figures in result["pages"].items():
            ok &= figures["ratio"] <= TARGETS["scale_change"]
            memory = (f"{result['peak_mb']:,.0f} MB | {result['memory_ratio']:.2f}× | ≤ {TARGETS['scale_memory']}× | "
                      f"{verdict(result['memory_ratio'], TARGETS['scale_memory'])}") if page == "trade" else "| | |"
            print(f"| {size:,} | {page} | {figures['first_s']:.2f} s | {figures['change_ms']:.0f} ms | "
                  f"{figures['pyarrow_ms']:.1f} ms | {figures['ratio']:.2f}× | ≤ {TARGETS['scale_change']}× | "
                  f"{verdict(figures['ratio'], TARGETS['scale_change'])} | {memory} |")
        ok &= result["memory_ratio"] <= TARGETS["scale_memory"]
    hello = ", ".join(f"{result['hello_ms']:.1f} ms" for _, result in rows)
    arrow = ", ".join(f"{result['arrow_mb']:,.0f} MB" for _, result in rows)
    print(f"\n(hello page rerun in the same processes: {hello}; Arrow size of the tables: {arrow})")
    return ok


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_scale_child"]:
        print(json.dumps(scale_child(Path(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description="tradeviz speed, as ratios to a hello page")
    parser.add_argument("parts", nargs="*", help="apptest, browser, scale, products (default: all four)")
    parser.add_argument("--product-sizes", default="1000000,10000000")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--quick", action="store_true", help="one repetition, three browser visits")
    args = parser.parse_args(argv)
    known = {"apptest", "browser", "scale", "products"}
    parts = args.parts or ["apptest", "browser", "scale", "products"]
    if set(parts) - known:
        parser.error(f"unknown part: {', '.join(sorted(set(parts) - known))}")
    print(f"tradeviz benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
    ok = True
    if "apptest" in parts:
        ok &= bench_apptest(1 if args.quick else REPETITIONS)
    if "browser" in parts:
        ok &= bench_browser(3 if args.quick else 7)
    if "scale" in parts:
        ok &= bench_scale([int(n) for n in args.sizes.split(",")])
    if "products" in parts:
        print("\n### Products at scale (SYNTHETIC product rows), benchmarks/products.py\n", flush=True)
        ok &= subprocess.run([sys.executable, str(Path(__file__).with_name("products.py")),
                              "--sizes", args.product_sizes, "--each"]).returncode == 0
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
