"""Speed of every page, as ratios to a one-chart hello page and to pyarrow, by wall time AND by
CPU time, with the targets of issue 25.

    make bench                                   # three runs of everything (about 40 minutes)
    .venv/bin/python benchmarks/bench.py --quick # one short run, 100,000 rows: for development
    .venv/bin/python benchmarks/bench.py apptest browser --runs 3
    .venv/bin/python benchmarks/bench.py scale --size 1000000

This machine is shared and its load changes by the minute, so absolute times do not count. Each
measurement is divided by its yardstick measured in the same process and the same minute: the
hello page (benchmarks/hello.py: a title, a slider and one Altair chart of 1,000 rows), or pyarrow
doing the same filter and aggregation. Wall time alone flatters: a loaded machine stretches the
yardstick's wall time (pyarrow's threads wait for a core) as much as the page's. So every ratio is
given twice, by wall time and by the CPU time of the process doing the work (this process under
AppTest: `time.process_time`, every thread; a server and Chromium: /proc/<pid>/stat, with the
children they have reaped). A target stated in time is met when BOTH ratios are within it; one
stated in CPU time (pyarrow) by the CPU ratio; the cold first view (seconds) by its wall time.

Every page runs through dashboard.py's navigation, as a server runs it (AppTest on dashboard.py
with `switch_page`, or `streamlit run dashboard.py`), never by running a page file alone.

Blocks (each prints the load average when it starts and at each run):
- apptest: on the bundled data (and, for Products, a SYNTHETIC products set of 100,000 rows: the
  bundled data has none), for every page: a warm unchanged rerun ÷ hello's warm rerun (≤ 2×), and
  a real filter change — a value the process has not seen, so no cache answers it — ÷ hello's
  slider change (≤ 2.5×). Pages without a filter say so.
- browser: Debian's Chromium against real `streamlit run` servers: goto until every chart of the
  page is drawn ÷ the same for hello, on Overview, Trade, Timeline and Products (≤ 1.2×); a press
  of the years slider until the chart is redrawn ÷ hello's slider (≤ 1.3×). CPU: the server's and
  Chromium's processes together.
- scale: SYNTHETIC trade rows and milestones (benchmarks/synthetic.py; temporary, never shipped),
  1,000,000 of each: a cold first view (a fresh process's first run of the page, imports and
  loading included, as a newly started server's first visitor gets it: ≤ 8 s); a years change
  ÷ pyarrow's CPU time for the same filter and aggregation on the same rows (≤ 2×); an unchanged
  rerun ÷ hello (≤ 2×); the peak resident memory while the years change, above the process
  before it loaded the data, ÷ the Arrow size of the tables (≤ 2×).
- products: benchmarks/products.py at 10,000,000 SYNTHETIC product rows, once a run (time ≤ 1.5×
  pyarrow, memory ≤ 2× the selection; that script measures wall time only).

Each block runs `--runs` times (3); a row gives the median over the runs, their range and the
verdict (ok / MISSED). Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]

HELLO = ROOT / "benchmarks" / "hello.py"
DASHBOARD = ROOT / "dashboard.py"
PRODUCT_ROWS = 100_000  # the products set the apptest and browser blocks give the Products page


# ---- targets and their report (pure: unit-tested in tests/test_bench.py) --------------------------


@dataclass(frozen=True)
class Target:
    limit: float
    unit: str = "×"        # "×": a ratio; " s": seconds
    judged: str = "both"   # "both": wall and CPU ratios; "cpu"; "wall"; "value": one figure, no CPU


RERUN = Target(2.0)
CHANGE = Target(2.5)
GOTO = Target(1.2)
SLIDER = Target(1.3)
COLD = Target(8.0, " s", "wall")
SCALE_CHANGE = Target(2.0, judged="cpu")
SCALE_RERUN = Target(2.0)
SCALE_MEMORY = Target(2.0, judged="value")
PRODUCTS_TIME = Target(1.5, judged="wall")
PRODUCTS_MEMORY = Target(2.0, judged="value")
JUDGED = {"both": "wall and CPU", "cpu": "CPU", "wall": "wall", "value": "the figure"}


def ratio(value: float, reference: float) -> float:
    """value ÷ reference; NaN when either is missing or the reference is not above zero (too
    small to measure), so that a ratio nobody could measure never passes a target."""
    if value is None or reference is None or not reference > 0 or math.isnan(value):
        return math.nan
    return value / reference


def middle(values: list[float]) -> float:
    """The median of the measured values (NaN when none was measured, or one was not)."""
    if not values or any(math.isnan(v) for v in values):
        return math.nan
    return statistics.median(values)


def figure(value: float | None, unit: str = "×") -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.2f}{unit}" if unit == "×" else f"{value:.1f}{unit}" if unit == " s" else f"{value:.0f}{unit}"


def spread(values: list[float], unit: str = "×") -> str:
    """The range of the runs, lowest–highest ('—' when a run is missing)."""
    if not values or any(math.isnan(v) for v in values):
        return "—"
    low, high = figure(min(values), unit), figure(max(values), unit)
    return low if low == high else f"{low.removesuffix(unit)}–{high}"


def verdict(target: Target, wall: list[float], cpu: list[float] | None = None) -> str:
    """ok when the median over the runs of each judged measure is within the target; MISSED
    otherwise, or when a judged measure is missing."""
    judged = {"both": [wall, cpu], "cpu": [cpu], "wall": [wall], "value": [wall]}[target.judged]
    medians = [middle(values or []) for values in judged]
    return "ok" if all(m <= target.limit for m in medians) else "MISSED"


def report_row(label: str, target: Target, wall: list[float], cpu: list[float] | None = None) -> str:
    """One markdown row: what, target, wall median and range, CPU median and range, judged on, verdict."""
    cpu_text = (f"{figure(middle(cpu), target.unit)} | {spread(cpu, target.unit)}" if cpu is not None else "— | —")
    return (f"| {label} | ≤ {figure(target.limit, target.unit)} | {figure(middle(wall), target.unit)} | "
            f"{spread(wall, target.unit)} | {cpu_text} | {JUDGED[target.judged]} | {verdict(target, wall, cpu)} |")


REPORT_HEAD = ("| measurement | target | wall (median of runs) | wall range | CPU (median) | CPU range | judged on | |\n"
               "|---|---|---|---|---|---|---|---|")


def stat_cpu_ticks(stat: str) -> int:
    """utime + stime + cutime + cstime of one /proc/<pid>/stat line, in clock ticks. The command
    name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'."""
    fields = stat.rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15])


def load_text() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


# ---- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    wall: float
    cpu: float

    @staticmethod
    def median(costs: list[Cost]) -> Cost:
        return Cost(statistics.median(c.wall for c in costs), statistics.median(c.cpu for c in costs))

    def over(self, reference: Cost) -> tuple[float, float]:
        return ratio(self.wall, reference.wall), ratio(self.cpu, reference.cpu)


def timed(func, cpu=time.process_time) -> Cost:
    """Wall and CPU time of func(); CPU time of this process (every thread) unless `cpu` says whose."""
    wall, used = time.perf_counter(), cpu()
    func()
    return Cost(time.perf_counter() - wall, cpu() - used)


def processes_cpu(pids) -> float:
    """CPU seconds used by the processes `pids` and the children they have reaped."""
    ticks = 0
    for pid in pids:
        try:
            ticks += stat_cpu_ticks(Path(f"/proc/{pid}/stat").read_text())
        except (OSError, IndexError, ValueError):  # a process that has just ended counts for nothing
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def descendants(root: int) -> list[tuple[int, str, str]]:
    """(pid, command name, command line) of every process below `root`."""
    parents, names, lines = {}, {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                lines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            names[int(entry.name)] = stat[stat.index("(") + 1:stat.rindex(")")]
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += [(pid, names[pid], lines[pid]) for pid in children]
        frontier += children
    return found


def quiet_streamlit() -> None:
    # Pages run outside a server under AppTest; Streamlit warns about that on every run.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


def open_page(file: str, timeout: int = 600):
    """An AppTest of dashboard.py, navigated to `file` (a page of tradeviz.site) and run once;
    the hello page is its own script."""
    from streamlit.testing.v1 import AppTest

    if Path(file) == HELLO:
        app = AppTest.from_file(str(HELLO), default_timeout=timeout)
    else:
        app = AppTest.from_file(str(DASHBOARD), default_timeout=timeout)
        app.switch_page(file)
    run_checked(app)
    return app


def run_checked(app) -> None:
    app.run()
    if app.exception:
        raise RuntimeError(f"the page raised: {[e.value for e in app.exception]}")


def reruns(app, count: int) -> Cost:
    """The median cost of `count` unchanged reruns of an app already run twice."""
    return Cost.median([timed(lambda: run_checked(app)) for _ in range(count)])


def changes(app, change: tuple[str, str], values, count: int) -> Cost:
    """The median cost of `count` reruns, each after setting the widget to the next of `values`
    that differs from its current value."""
    kind, key = change
    costs = []
    for value in values:
        widget = getattr(app, kind)(key=key)
        if value == widget.value:
            continue
        widget.set_value(value)
        costs.append(timed(lambda: run_checked(app)))
        if len(costs) == count:
            break
    return Cost.median(costs)


def year_ranges(low: int, high: int):
    """Every year range within low..high, widest first, as a user narrows the years."""
    for shrink in range(1, high - low):
        for left in range(shrink + 1):
            yield (low + left, high - (shrink - left))


# The years changes at scale: ranges of 10 or 11 years (a third of the synthetic rows), as in the
# runs the issue quotes.
YEAR_RANGES = [(2001, 2012), (2002, 2013), (2003, 2011), (2004, 2014), (2000, 2010), (2005, 2015), (1999, 2009)]


def hello_points():
    """Distinct positions of the hello page's slider (10..999), never its default 1000."""
    yield from itertools.chain(range(990, 10, -7), range(991, 10, -7))


# ---- machine ----------------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal")) / 2**20
    try:
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        system = release.get("PRETTY_NAME", "").strip('"')
    except OSError:
        system = platform.system()
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "no Chromium"
    from importlib.metadata import version

    packages = ", ".join(f"{name} {version(name)}" for name in ("streamlit", "pandas", "pyarrow", "altair"))
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB memory, {system}, Linux {platform.release()}, "
            f"Python {platform.python_version()}, {packages}, {chromium}")


# ---- AppTest ------------------------------------------------------------------------------------

# The filter a user changes on each page: the years slider (every range new to the process, within
# the slider's bounds), or for Data, Articles and Search the search box, with words of the rows
# they search (the commonest first), so that every search finds something.
PAGE_CHANGES = {"trade": ("slider", "trade:years"), "timeline": ("slider", "timeline:years"),
                "products": ("slider", "products:years"), "data": ("text_input", "data:q"),
                "articles": ("text_input", "articles:q"), "search": ("text_input", "search:q")}
SEARCHED = {"data": ("trade", None), "articles": ("articles", ["text"]), "search": ("milestones", ["title", "summary"])}


def common_words(texts: list[str], shortest: int = 5) -> list[str]:
    """The distinct words of `shortest` letters or more in `texts`, lower case, by the number of
    texts holding them (most first), then alphabetically."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in set(re.findall(rf"[^\W\d_]{{{shortest},}}", text.lower())):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: (-counts[word], word))


def search_pool(page: str):
    from tradeviz import store

    table, columns = SEARCHED[page]
    frame = store.load(store.DATA_DIR)[table]
    columns = columns or [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, str)).any()]
    texts = [" ".join(str(v) for v in row if isinstance(v, str)) for row in frame[columns].itertuples(index=False)]
    return iter(common_words(texts))


def bench_apptest(runs: int, repeats: int, products_folder: Path) -> bool:
    from tradeviz import site

    quiet_streamlit()
    os.environ.pop("TRADEVIZ_DATA", None)
    os.environ["TRADEVIZ_PRODUCTS"] = str(products_folder / "products")
    pages = {page.url_path: page for page in site.PAGES}
    pools = {}  # shared by the runs: no value comes twice
    rerun = {name: ([], []) for name in pages}
    change = {name: ([], []) for name in pages if name in PAGE_CHANGES}
    hello_costs = []
    print(f"\n### Every page under AppTest, through dashboard.py's navigation, on the bundled data "
          f"({load_text()})\n", flush=True)
    hello_values = hello_points()
    for run in range(runs):
        print(f"run {run + 1} of {runs}: {load_text()}", flush=True)
        for name, page in pages.items():
            hello = open_page(str(HELLO))
            hello.run()
            hello_rerun = reruns(hello, repeats)
            hello_change = changes(hello, ("slider", "points"), hello_values, repeats)
            app = open_page(page.file)
            app.run()
            for measure, value in zip(rerun[name], reruns(app, repeats).over(hello_rerun)):
                measure.append(value)
            if name in PAGE_CHANGES:
                kind, key = PAGE_CHANGES[name]
                if name not in pools:
                    pools[name] = (year_ranges(int(app.slider(key=key).min), int(app.slider(key=key).max)) if kind == "slider"
                                   else search_pool(name))
                for measure, value in zip(change[name], changes(app, PAGE_CHANGES[name], pools[name],
                                                                repeats).over(hello_change)):
                    measure.append(value)
            hello_costs.append((hello_rerun, hello_change))
    print(f"\n{REPORT_HEAD}")
    for name in pages:
        print(report_row(f"{name}: warm unchanged rerun ÷ hello's", RERUN, *rerun[name]))
    for name in pages:
        if name in change:
            print(report_row(f"{name}: filter change ({PAGE_CHANGES[name][1]}) ÷ hello's slider", CHANGE, *change[name]))
        else:
            print(f"| {name}: filter change | — | no filter on this page | | | | | |")
    rerun_ms = statistics.median(c[0].wall for c in hello_costs) * 1000
    change_ms = statistics.median(c[1].wall for c in hello_costs) * 1000
    print(f"\n(hello: rerun {rerun_ms:.1f} ms, slider change {change_ms:.1f} ms wall; medians of {repeats} "
          f"per page and run; {load_text()} at the end)", flush=True)
    return all(verdict(RERUN, *rerun[n]) == "ok" for n in rerun) and \
        all(verdict(CHANGE, *change[n]) == "ok" for n in change)


# ---- Chromium -------------------------------------------------------------------------------------

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
BROWSER_PAGES = {"overview": "/", "trade": "/trade", "timeline": "/timeline", "products": "/products"}
SLIDER_PAGES = ("trade", "timeline", "products")


class Served:
    """A running server and Chromium: CPU seconds of the server and every Chromium process."""

    def __init__(self, base: str):
        port = base.rsplit(":", 1)[1]
        below = descendants(os.getpid())
        self.base = base
        self.server = [pid for pid, _, line in below if f"--server.port {port} " in line + " "]
        if len(self.server) != 1:
            raise RuntimeError(f"cannot tell the server on port {port} among {below}")

    def cpu(self) -> float:
        chromium = [pid for pid, name, _ in descendants(os.getpid()) if name.startswith(("chrom", "headless_shell"))]
        return processes_cpu(self.server + chromium)


def _context(browser):
    return browser.new_context(viewport={"width": 1440, "height": 900})


def _visit(browser, served: Served, url: str, expected: int) -> Cost:
    context = _context(browser)
    page = context.new_page()

    def visit():
        page.goto(served.base + url)
        page.wait_for_function(DRAWN, arg=expected, polling="raf", timeout=120_000)
    cost = timed(visit, served.cpu)
    context.close()
    return cost


def _slider_presses(browser, served: Served, url: str, presses: int) -> Cost:
    """Press ArrowLeft on the first slider's upper thumb until the first chart is redrawn: the median
    of `presses` presses (each a range the server has not drawn), after one untimed press."""
    from browser import wait_until_idle

    context = _context(browser)
    page = context.new_page()
    page.goto(served.base + url)
    page.wait_for_function(DRAWN, arg=1, polling="raf", timeout=120_000)
    wait_until_idle(page)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').last
    # One press untimed first: from a default upper year with no figure (Trade's 2026) the chart
    # drawn is the same, nothing is redrawn, and the timed wait would never end. Every timed
    # press then takes a year away from the drawn range.
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    wait_until_idle(page)
    costs = []
    for _ in range(presses):
        old = page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.inner_html()
        thumb.focus()

        def press():
            page.keyboard.press("ArrowLeft")
            page.wait_for_function(REDRAWN, arg=old, polling="raf", timeout=120_000)
        costs.append(timed(press, served.cpu))
        wait_until_idle(page)
    context.close()
    return Cost.median(costs)


def bench_browser(runs: int, visits: int, presses: int, products_folder: Path) -> bool:
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    print(f"\n### In Chromium against `streamlit run` ({load_text()})\n", flush=True)
    # How many charts each page draws, from the page itself under AppTest: a count read in the
    # browser can come too early on a loaded machine, and a visit would then stop at the first chart.
    quiet_streamlit()
    os.environ["TRADEVIZ_PRODUCTS"] = str(products_folder / "products")
    counts = {name: len(open_page(f"pages/{name}.py").get("vega_lite_chart")) for name in BROWSER_PAGES}
    goto = {name: ([], []) for name in BROWSER_PAGES}
    slider = {name: ([], []) for name in SLIDER_PAGES}
    hello_costs = []
    env = {"TRADEVIZ_PRODUCTS": str(products_folder / "products")}
    with tempfile.TemporaryDirectory() as logs, \
            streamlit_server(Path(logs) / "app", env=env) as app_base, \
            streamlit_server(Path(logs) / "hello", script=HELLO) as hello_base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        app, hello = Served(app_base), Served(hello_base)
        for name, url in BROWSER_PAGES.items():  # each page once before timing, as hello
            _visit(browser, app, url, counts[name])
        _visit(browser, hello, "/", 1)
        for run in range(runs):
            print(f"run {run + 1} of {runs}: {load_text()}", flush=True)
            hello_visits, page_visits = [], {name: [] for name in BROWSER_PAGES}
            for _ in range(visits):  # alternating, so that hello and the pages see the same minutes
                hello_visits.append(_visit(browser, hello, "/", 1))
                for name, url in BROWSER_PAGES.items():
                    page_visits[name].append(_visit(browser, app, url, counts[name]))
            hello_goto = Cost.median(hello_visits)
            for name in BROWSER_PAGES:
                for measure, value in zip(goto[name], Cost.median(page_visits[name]).over(hello_goto)):
                    measure.append(value)
            hello_slider = _slider_presses(browser, hello, "/", presses)
            for name in SLIDER_PAGES:
                for measure, value in zip(slider[name], _slider_presses(browser, app, BROWSER_PAGES[name],
                                                                        presses).over(hello_slider)):
                    measure.append(value)
            hello_costs.append((hello_goto, hello_slider))
        browser.close()
    print(f"\n{REPORT_HEAD}")
    for name in BROWSER_PAGES:
        print(report_row(f"{name}: goto → all {counts[name]} charts drawn ÷ hello's", GOTO, *goto[name]))
    for name in SLIDER_PAGES:
        print(report_row(f"{name}: years slider press → chart redrawn ÷ hello's slider", SLIDER, *slider[name]))
    print(f"\n(hello: goto → chart drawn {statistics.median(c[0].wall for c in hello_costs) * 1000:.0f} ms wall, "
          f"{statistics.median(c[0].cpu for c in hello_costs) * 1000:.0f} ms CPU of server and Chromium; slider → "
          f"redrawn {statistics.median(c[1].wall for c in hello_costs) * 1000:.0f} ms wall, "
          f"{statistics.median(c[1].cpu for c in hello_costs) * 1000:.0f} ms CPU; {visits} visits and {presses} "
          f"presses a page and run; {load_text()} at the end)", flush=True)
    return all(verdict(GOTO, *goto[n]) == "ok" for n in goto) and all(verdict(SLIDER, *slider[n]) == "ok" for n in slider)


# ---- scale ----------------------------------------------------------------------------------------


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
    `interval` seconds on a thread while the block runs: at the start and at its peak, in bytes.
    (benchmarks/load.py watches its servers with it.)"""

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
    resident memory at the start (`peak`; `start` is that resident memory): the kernel's
    high-water mark (VmHWM) is reset on entry (/proc/self/clear_refs, Linux 4.0 and later), so no
    short peak is missed between samples. Memory freed before the block is first handed back
    (Arrow's pool, glibc's heap), so that what the block needs is counted and not what a
    previous step left behind. (benchmarks/products.py uses it too.)"""

    def __enter__(self):
        import gc

        from tradeviz import memory

        gc.collect()
        memory.hand_back_freed_memory()
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


SCALE_PAGES = ("trade", "timeline")
COLD_PAGES = ("overview", "trade", "timeline")


def pyarrow_reference(folder: Path, page: str, ranges) -> Cost:
    """The same filter and aggregation done directly with pyarrow on the same Parquet rows, for
    each year range: the median cost (pyarrow's threads count in the CPU time)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from tradeviz import schema, store

    if page == "trade":
        table = pq.read_table(store.parquet_path(folder, "trade"))
        flows = pa.array(sorted(schema.MONEY_FLOWS))

        def run(years):
            start, end = pc.year(table["period_start"]), pc.year(table["period_end"])
            keep = pc.and_(pc.and_(pc.greater_equal(start, years[0]), pc.less_equal(end, years[1])),
                           pc.is_in(table["flow"], flows))
            chosen = table.filter(keep)
            chosen = chosen.append_column("year", pc.year(chosen["period_end"]))
            return chosen.group_by(["flow", "year"]).aggregate([("value", "max"), ("record_id", "count")])
    else:
        table = pq.read_table(store.parquet_path(folder, "milestones"))

        def run(years):
            start, end = pc.year(table["date_start"]), pc.year(table["date_end"])
            keep = pc.and_(pc.less_equal(start, years[1]), pc.greater_equal(end, years[0]))
            chosen = table.filter(keep)
            return (chosen.group_by(["kind"]).aggregate([("milestone_id", "count")]),
                    pc.count_distinct(chosen["event_key"]))
    run(ranges[0])
    return Cost.median([timed(lambda years=years: run(years)) for years in ranges])


def scale_child(folder: Path, repeats: int) -> dict:
    """In a fresh process: Trade and Timeline on the synthetic dataset in `folder`, code warm."""
    import pyarrow.parquet as pq
    from streamlit.testing.v1 import AppTest

    from tradeviz import memory, schema, store

    import synthetic

    quiet_streamlit()
    memory.tune_for_server()   # as dashboard.py does at a server's start, before any load
    os.environ.pop("TRADEVIZ_DATA", None)
    hello = open_page(str(HELLO))
    hello.run()
    pages = {name: f"pages/{name}.py" for name in SCALE_PAGES}
    for file in pages.values():  # imports and one-time allocations, on the bundled data ...
        open_page(file)
    # ... and the code paths only a larger dataset takes (summarised charts, truncated tables), on
    # 2,000 synthetic rows: the baseline is then the process with all its code warm, and no data.
    with tempfile.TemporaryDirectory(prefix="tradeviz-synthetic-warm-") as small:
        os.environ["TRADEVIZ_DATA"] = str(synthetic.write(Path(small), 2_000, 2_000))
        for name, file in pages.items():
            app = open_page(file)
            app.slider(key=f"{name}:years").set_value((1995, 2000))
            run_checked(app)
    arrow_bytes = sum(pq.read_table(store.parquet_path(folder, name)).nbytes for name in schema.TABLES)
    with HighWaterRss() as before:  # hands back what the warm-up freed
        pass
    baseline = before.start
    os.environ["TRADEVIZ_DATA"] = str(folder)
    out = {"arrow_mb": arrow_bytes / 2**20, "pages": {}}
    peaks = []
    for name, file in pages.items():
        app = AppTest.from_file(str(DASHBOARD), default_timeout=1200)
        app.switch_page(file)
        first = timed(lambda: run_checked(app))
        run_checked(app)
        page_rerun = reruns(app, repeats)
        hello_rerun = reruns(hello, repeats)
        ranges = YEAR_RANGES[:repeats]
        with HighWaterRss() as memory:
            change = changes(app, ("slider", f"{name}:years"), iter(ranges), repeats)
        peaks.append(memory.start + memory.peak - baseline)
        reference = pyarrow_reference(folder, name, ranges)
        out["pages"][name] = {"first": [first.wall, first.cpu], "rerun": page_rerun.over(hello_rerun),
                              "change": change.over(reference), "change_s": [change.wall, change.cpu],
                              "pyarrow_s": [reference.wall, reference.cpu],
                              "hello_ms": hello_rerun.wall * 1000}
        del app
    out["peak_mb"] = max(peaks) / 2**20
    out["memory"] = ratio(max(peaks), arrow_bytes)
    return out


def cold_child(folder: Path, page: str) -> dict:
    """In a fresh process with only Streamlit imported: the first run of `page` on the dataset in
    `folder` (imports of the package, loading and deriving included), as a new server's first visitor."""
    from streamlit.testing.v1 import AppTest

    quiet_streamlit()
    os.environ["TRADEVIZ_DATA"] = str(folder)
    if page == "hello":
        app = AppTest.from_file(str(HELLO), default_timeout=1200)
    else:
        app = AppTest.from_file(str(DASHBOARD), default_timeout=1200)
        app.switch_page(f"pages/{page}.py")
    cost = timed(lambda: run_checked(app))
    return {"wall": cost.wall, "cpu": cost.cpu}


def child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=7200)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit(f"the child run {args} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_scale(runs: int, size: int, repeats: int) -> bool:
    import synthetic

    print(f"\n### SYNTHETIC data: {size:,} trade rows and {size:,} milestones, each run in fresh processes "
          f"({load_text()})\n", flush=True)
    cold = {name: ([], []) for name in ("hello", *COLD_PAGES)}
    change = {name: ([], []) for name in SCALE_PAGES}
    rerun = {name: ([], []) for name in SCALE_PAGES}
    memory, results = [], []
    with tempfile.TemporaryDirectory(prefix="tradeviz-synthetic-") as folder:
        synthetic.write(Path(folder), size, size)
        for run in range(runs):
            print(f"run {run + 1} of {runs}: {load_text()}", flush=True)
            for name in cold:
                measured = child("_cold", folder, name)
                cold[name][0].append(measured["wall"])
                cold[name][1].append(measured["cpu"])
            result = child("_scale", folder, str(repeats))
            for name, figures in result["pages"].items():
                for measures, key in ((change, "change"), (rerun, "rerun")):
                    for measure, value in zip(measures[name], figures[key]):
                        measure.append(value)
            memory.append(result["memory"])
            results.append(result)
    print(f"\n{REPORT_HEAD}")
    for name in COLD_PAGES:
        print(report_row(f"{name}: cold first view (fresh process), seconds", COLD, *cold[name]))
    for name in SCALE_PAGES:
        print(report_row(f"{name}: years change ÷ pyarrow, same filter and aggregation", SCALE_CHANGE, *change[name]))
    for name in SCALE_PAGES:
        print(report_row(f"{name}: unchanged rerun ÷ hello's", SCALE_RERUN, *rerun[name]))
    print(report_row("peak memory during a years change ÷ Arrow size of the tables", SCALE_MEMORY, memory))
    print("\n| per run (wall / CPU) | " + " | ".join(f"run {i + 1}" for i in range(runs)) + " |")
    print("|---|" + "---|" * runs)
    print("| hello: cold first view | " + " | ".join(f"{w:.2f} / {c:.2f} s" for w, c in zip(*cold["hello"])) + " |")
    for name in SCALE_PAGES:
        for key, label in (("first", "first view with code warm"), ("change_s", "years change"),
                           ("pyarrow_s", "pyarrow, same filter")):
            print(f"| {name}: {label} | " + " | ".join(
                f"{r['pages'][name][key][0]:.3f} / {r['pages'][name][key][1]:.3f} s" for r in results) + " |")
    print("| hello: unchanged rerun | " + " | ".join(
        f"{r['pages']['trade']['hello_ms']:.1f} ms" for r in results) + " |")
    print("| peak memory above the process without data | " + " | ".join(
        f"{r['peak_mb']:,.0f} MB of {r['arrow_mb']:,.0f} MB Arrow" for r in results) + " |")
    print(f"\n({load_text()} at the end)", flush=True)
    return (all(verdict(COLD, *cold[n]) == "ok" for n in COLD_PAGES)
            and all(verdict(SCALE_CHANGE, *change[n]) == "ok" for n in change)
            and all(verdict(SCALE_RERUN, *rerun[n]) == "ok" for n in rerun)
            and verdict(SCALE_MEMORY, memory) == "ok")


# ---- products -----------------------------------------------------------------------------------


def products_summary(line: str) -> tuple[float, float] | None:
    """(time ratio, memory ratio) from the summary row benchmarks/products.py prints for a size."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) < 10 or not re.fullmatch(r"[\d,]+", cells[0]):
        return None
    number = lambda text: float(text.rstrip("×")) if re.fullmatch(r"[\d.]+×", text) else math.nan  # noqa: E731
    return number(cells[3]), number(cells[9])


def bench_products(runs: int, size: int) -> bool:
    print(f"\n### Products: benchmarks/products.py at {size:,} SYNTHETIC product rows ({load_text()})\n", flush=True)
    times, memories = [], []
    for run in range(runs):
        print(f"run {run + 1} of {runs}: {load_text()}", flush=True)
        out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "products.py"), "--sizes", str(size)],
                             capture_output=True, text=True, timeout=7200)
        print(out.stdout.rstrip(), flush=True)
        rows = [summary for summary in map(products_summary, out.stdout.splitlines()) if summary]
        if out.returncode not in (0, 1) or not rows:
            print(out.stderr[-3000:])
            rows = [(math.nan, math.nan)]
        times.append(rows[0][0])
        memories.append(rows[0][1])
    print(f"\n{REPORT_HEAD}")
    print(report_row("products: filter change ÷ pyarrow, same scans (wall time only)", PRODUCTS_TIME, times))
    print(report_row("products: peak memory ÷ the rows selected", PRODUCTS_MEMORY, memories))
    print(f"\n({load_text()} at the end)", flush=True)
    return verdict(PRODUCTS_TIME, times) == "ok" and verdict(PRODUCTS_MEMORY, memories) == "ok"


# ---- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_scale"]:
        print(json.dumps(scale_child(Path(argv[1]), int(argv[2]))))
        return 0
    if argv[:1] == ["_cold"]:
        print(json.dumps(cold_child(Path(argv[1]), argv[2])))
        return 0
    parser = argparse.ArgumentParser(description="tradeviz speed, as ratios by wall and CPU time")
    parser.add_argument("parts", nargs="*", help="apptest, browser, scale, products (default: all four)")
    parser.add_argument("--runs", type=int, help="runs of each block (3; 1 with --quick)")
    parser.add_argument("--size", type=int, help="synthetic trade rows and milestones (1,000,000; 100,000 with --quick)")
    parser.add_argument("--product-size", type=int, help="synthetic product rows (10,000,000; 1,000,000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="for development: one run, fewer repeats, smaller data")
    args = parser.parse_args(argv)
    known = ("apptest", "browser", "scale", "products")
    parts = args.parts or list(known)
    if set(parts) - set(known):
        parser.error(f"unknown part: {', '.join(sorted(set(parts) - set(known)))}")
    runs = args.runs or (1 if args.quick else 3)
    size = args.size or (100_000 if args.quick else 1_000_000)
    product_size = args.product_size or (1_000_000 if args.quick else 10_000_000)
    repeats = 3 if args.quick else 7
    print(f"tradeviz benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {runs} run(s) of each block"
          f"{' (quick: not the target sizes)' if args.quick else ''}")
    print(f"machine: {machine()}", flush=True)
    ok = True
    with tempfile.TemporaryDirectory(prefix="tradeviz-products-") as products_folder:
        if {"apptest", "browser"} & set(parts):
            import synthetic_products

            synthetic_products.write(Path(products_folder), PRODUCT_ROWS)
        if "apptest" in parts:
            ok &= bench_apptest(runs, repeats, Path(products_folder))
        if "browser" in parts:
            ok &= bench_browser(runs, 2 if args.quick else 3, 3 if args.quick else 5, Path(products_folder))
    if "scale" in parts:
        ok &= bench_scale(runs, size, 3 if args.quick else 5)
    if "products" in parts:
        ok &= bench_products(runs, product_size)
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
