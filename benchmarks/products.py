"""Products at scale: a filter change of the Products view against the same aggregation run
directly by the engine on the same files, on SYNTHETIC product data (synthetic_products.py).

    .venv/bin/python benchmarks/products.py --sizes 1000000,10000000

Per size, in a fresh process: the view's work for a filter set it has not seen (reporter, flow,
years, HS level and chapter: two scans with the filters pushed down, a pivot, the mirror join)
divided by the same two filtered scans and group-bys done directly with pyarrow.dataset (target
≤ 1.5×); the view's peak memory above the process before it, divided by the Arrow size of the
rows the filters select (target ≤ 2×). When DuckDB is installed, the same aggregation in DuckDB
over the same Parquet files is timed beside pyarrow (it is not a dependency of tradeviz).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
RUNS = 5
FILTERS = [  # each run a filter set not seen before, as a user changing the view would
    {"reporter": "AZE", "flow": "imports", "years": (2015, 2024), "level": "4", "chapter": "87"},
    {"reporter": "CHN", "flow": "exports", "years": (2010, 2020), "level": "4", "chapter": "85"},
    {"reporter": "AZE", "flow": "exports", "years": (2018, 2024), "level": "6", "chapter": "27"},
    {"reporter": "CHN", "flow": "imports", "years": (2005, 2015), "level": "2", "chapter": ""},
    {"reporter": "AZE", "flow": "imports", "years": (2000, 2024), "level": "6", "chapter": "84"},
]


def child(folder: Path) -> dict:
    import pyarrow.compute as pc
    from bench import PeakRss

    from tradeviz import comtrade
    from tradeviz.views import products

    manifest = json.loads((folder / "products" / "manifest.json").read_text())
    data = comtrade.dataset(folder)
    partner = {"AZE": "CHN", "CHN": "AZE"}

    def condition(values, reporter, flow):
        first, last = values["years"]
        c = ((pc.field("reporter_iso") == reporter) & (pc.field("year") >= first) & (pc.field("year") <= last)
             & (pc.field("flow") == flow) & (pc.field("freq") == "A") & (pc.field("aggr_level") == int(values["level"])))
        return c & pc.starts_with(pc.field("cmd_code"), values["chapter"]) if values["chapter"] else c

    def engine(values):
        tables = [data.to_table(filter=condition(values, values["reporter"], values["flow"]),
                                columns=["cmd_code", "cmd_desc", "year", "value_usd", "partner_iso"]),
                  data.to_table(filter=condition(values, partner[values["reporter"]], products.OPPOSITE[values["flow"]]),
                                columns=["cmd_code", "cmd_desc", "year", "value_usd", "partner_iso"])]
        for table in tables:
            table.group_by(["cmd_code", "year"]).aggregate([("value_usd", "sum")])
        return sum(t.nbytes for t in tables)

    def view(values):
        frozen = tuple(sorted((k, v) for k, v in values.items()))
        products._select(str(folder / "products"), manifest["version"], frozen)

    engine(FILTERS[0])  # warm the file metadata cache for both
    view(FILTERS[0])
    engine_times, view_times, peaks, sizes = [], [], [], []
    for values in FILTERS:
        start = time.perf_counter()
        sizes.append(engine(values))
        engine_times.append(time.perf_counter() - start)
        products._select.cache_clear()
        with PeakRss() as memory:
            start = time.perf_counter()
            view(values)
            view_times.append(time.perf_counter() - start)
        peaks.append(max(memory.peak - memory.start, 0) / 2**20)
    result = {"engine": statistics.median(engine_times), "view": statistics.median(view_times),
              "peak_mb": max(peaks), "filtered_mb": max(sizes) / 1e6}
    try:
        import duckdb

        glob = str(folder / "products" / manifest["path"] / "**" / "*.parquet")
        times = []
        for values in FILTERS:
            first, last = values["years"]
            start = time.perf_counter()
            for reporter, flow in ((values["reporter"], values["flow"]),
                                   (partner[values["reporter"]], products.OPPOSITE[values["flow"]])):
                duckdb.sql(f"SELECT cmd_code, year, sum(value_usd) FROM read_parquet('{glob}', hive_partitioning=1) "
                           f"WHERE reporter_iso='{reporter}' AND year BETWEEN {first} AND {last} AND flow='{flow}' "
                           f"AND freq='A' AND aggr_level={int(values['level'])} "
                           f"AND starts_with(cmd_code, '{values['chapter']}') GROUP BY cmd_code, year").fetchall()
            times.append(time.perf_counter() - start)
        result["duckdb"] = statistics.median(times)
    except ImportError:
        result["duckdb"] = None
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    import synthetic_products

    print("| rows | view, filter change | pyarrow, same scans | ratio | target | | DuckDB, same aggregation | "
          "view's peak memory | ÷ filtered Arrow size | target | |")
    print("|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    ok = True
    for size in (int(n) for n in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            synthetic_products.write(Path(folder), size)
            out = subprocess.run([sys.executable, __file__, "--child", folder], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
        ratio = r["view"] / r["engine"]
        memory = r["peak_mb"] / max(r["filtered_mb"], 1e-6)
        ok &= ratio <= 1.5 and memory <= 2.0
        duck = f"{r['duckdb'] * 1000:.0f} ms" if r["duckdb"] is not None else "not installed"
        print(f"| {size:,} | {r['view'] * 1000:.0f} ms | {r['engine'] * 1000:.0f} ms | {ratio:.2f}× | ≤ 1.5× | "
              f"{'ok' if ratio <= 1.5 else 'MISSED'} | {duck} | {r['peak_mb']:.1f} MB | {memory:.2f}× | ≤ 2.0× | "
              f"{'ok' if memory <= 2.0 else 'MISSED'} |", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
