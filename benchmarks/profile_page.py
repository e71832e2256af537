"""Where a page's time goes: cProfile inside Streamlit's script thread, over reruns or filter
changes of one page run through dashboard.py's navigation (as benchmarks/bench.py measures it).

    .venv/bin/python benchmarks/profile_page.py trade --change slider trade:years --count 20
    .venv/bin/python benchmarks/profile_page.py data --change text_input data:q
    .venv/bin/python benchmarks/profile_page.py timeline --rerun --count 30
    TRADEVIZ_DATA=/tmp/synthetic .venv/bin/python benchmarks/profile_page.py trade --change slider trade:years --count 5

Prints the functions by own time and by cumulative time (shares of the profiled script time).
The profiler inflates many small calls (pandas' Python layers above all), so shares of
small-frame work are upper bounds; compare before and after a change, never across tools.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import bench  # noqa: E402


def profiled_runs(page: str, change: tuple[str, str] | None, count: int, products_rows: int) -> pstats.Stats:
    from streamlit.runtime.scriptrunner import script_runner

    profile = cProfile.Profile()
    active = {"on": False}
    original = script_runner.ScriptRunner._run_script

    def run_script(self, *args, **kwargs):
        if not active["on"]:
            return original(self, *args, **kwargs)
        profile.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profile.disable()

    script_runner.ScriptRunner._run_script = run_script
    bench.quiet_streamlit()
    if page == "products" and "TRADEVIZ_PRODUCTS" not in os.environ:
        import synthetic_products

        folder = Path(tempfile.mkdtemp(prefix="tradeviz-profile-products-"))
        synthetic_products.write(folder, products_rows)   # the set is written to folder/products
        os.environ["TRADEVIZ_PRODUCTS"] = str(folder / "products")
    app = bench.open_page(f"pages/{page}.py")
    app.run()
    if change is None:
        values = None
    else:
        kind, key = change
        if kind == "slider":
            slider = app.slider(key=key)
            low, high = int(slider.min), int(slider.max)
            values = bench.year_ranges(low, high) if "TRADEVIZ_DATA" not in os.environ else iter(bench.YEAR_RANGES * 3)
        else:
            values = bench.search_pool(page)
    active["on"] = True
    started = time.perf_counter(), time.process_time()
    if values is None:
        bench.reruns(app, count)
    else:
        bench.changes(app, change, values, count)
    wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
    active["on"] = False
    print(f"{page}: {count} {'reruns' if change is None else 'changes of ' + change[1]}: "
          f"{wall / count * 1000:.1f} ms wall, {cpu / count * 1000:.1f} ms CPU each (under the profiler)")
    return pstats.Stats(profile, stream=io.StringIO())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="a page file's name: trade, timeline, data, products, ...")
    parser.add_argument("--change", nargs=2, metavar=("KIND", "KEY"), help="widget accessor and key, e.g. slider trade:years")
    parser.add_argument("--rerun", action="store_true", help="unchanged reruns instead of changes")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--products-rows", type=int, default=bench.PRODUCT_ROWS)
    parser.add_argument("--dump", help="write the raw profile here (for snakeviz, pstats)")
    args = parser.parse_args()
    change = None if args.rerun or not args.change else tuple(args.change)
    stats = profiled_runs(args.page, change, args.count, args.products_rows)
    if args.dump:
        stats.dump_stats(args.dump)
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top * 2)
    text = out.getvalue()
    print(text.replace(str(ROOT) + "/", "").replace(str(Path(sys.prefix)) + "/lib/python3.11/site-packages/", ""))


if __name__ == "__main__":
    main()
