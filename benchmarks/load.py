"""Fifty viewers: concurrent browser sessions against one server, then against replicas behind nginx.

    .venv/bin/python benchmarks/load.py                      # 50 sessions: one server, then 2 replicas + nginx
    .venv/bin/python benchmarks/load.py --sessions 10 --setups one
    .venv/bin/python benchmarks/load.py --client protocol     # the same, without a browser per session

Localhost only, bounded in count (--sessions) and time (--timeout per step). Each session is a
fresh Chromium context (its own cookies, its own Streamlit session) that opens the Trade page,
waits until its chart is drawn, switches the flow filter to exports only and waits until the
page says how many figures are in view after the change, then closes. The sessions start
together, spread over --ramp seconds. Printed per setup: errors, p50/p95 of "chart drawn" and
of "filter applied", the servers' CPU time against the wall time of the run (the fifty
Chromium pages share the machine's cores with the servers: when the servers use a small share,
the times measure the load generator), and the servers' resident memory (RSS, summed over replicas): at start,
after one warm-up session, at the peak, and after every session has closed and Streamlit has
let the disconnected sessions go (server.disconnectedSessionTTL in .streamlit/config.toml).
Target on the 2-core machine: 0 errors; RSS after close within 20 % of RSS after the first
session. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "deploy"), str(ROOT / "benchmarks")]

from bench import PeakRss, rss_bytes  # noqa: E402
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from protocol import Session  # noqa: E402
from serve import behind_nginx, free_port, replicas  # noqa: E402

CHART = '[data-testid="stVegaLiteChart"] svg.marks'
COUNT = re.compile(r"^\d+ figures? in view")
# Streamlit keeps a closed session this long (server.disconnectedSessionTTL) before letting it go.
SESSION_TTL_SECONDS = 15
RSS_TARGET = 1.20


def rss_mb(pids: list[int]) -> float:
    return rss_bytes(pids) / 2**20


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the server processes so far."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except OSError:
            pass
    return total / ticks


async def session(browser, base: str, delay: float, timeout_ms: int) -> dict:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    result = {"error": None, "chart": None, "filter": None}
    try:
        start = time.perf_counter()
        await page.goto(f"{base}/trade", timeout=timeout_ms)
        await page.locator(CHART).first.wait_for(state="visible", timeout=timeout_ms)
        result["chart"] = time.perf_counter() - start
        count = page.get_by_text(COUNT)
        await count.wait_for(timeout=timeout_ms)
        before = await count.inner_text()
        start = time.perf_counter()
        await page.get_by_role("button", name="Exports to China").first.click(timeout=timeout_ms)
        deadline = time.monotonic() + timeout_ms / 1000
        while (await count.inner_text()) == before:
            if time.monotonic() > deadline:
                raise TimeoutError("the figure count did not change after the filter")
            await asyncio.sleep(0.05)
        result["filter"] = time.perf_counter() - start
        if await page.locator('[data-testid="stException"]').count():
            raise RuntimeError("the page shows an exception")
    except Exception as exc:  # every failure is counted and reported, none ends the run
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    finally:
        await context.close()
    return result


async def protocol_session(base: str, delay: float, timeout_ms: int) -> dict:
    """A viewer as the server sees one, without a browser: Streamlit's WebSocket protocol
    (tests/protocol.py). The page is asked for (as the browser does on opening /trade), then the
    same page with the flow filter in its query (as a link to that view does); "chart drawn" is
    the arrival of the chart's element, "filter applied" that of the changed figure count."""
    await asyncio.sleep(delay)
    result = {"error": None, "chart": None, "filter": None}

    def count_of(run) -> tuple[float | None, str | None]:
        for at, element in run.elements:
            if element.WhichOneof("type") == "exception":
                raise RuntimeError(f"the page raised: {element.exception.message[:100]}")
            if element.WhichOneof("type") == "markdown" and COUNT.match(element.markdown.body):
                return at, element.markdown.body
        return None, None

    try:
        async with Session(base, timeout=timeout_ms / 1000) as session:
            first = await session.run("trade")
            chart = first.first("vega_lite_chart")
            result["chart"] = chart[0] if chart else None
            _, before = count_of(first)
            result["filter"], after = count_of(await session.run("trade", "flow=exports"))
            if result["chart"] is None or after is None or after == before:
                raise RuntimeError("the chart or the changed figure count did not arrive")
    except Exception as exc:  # every failure is counted and reported, none ends the run
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
    return result


async def run_sessions(base: str, count: int, ramp: float, timeout_ms: int, client: str = "browser") -> list[dict]:
    delays = [ramp * n / max(count - 1, 1) for n in range(count)]
    if client == "protocol":
        return await asyncio.gather(*(protocol_session(base, d, timeout_ms) for d in delays))
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(session(browser, base, d, timeout_ms) for d in delays))
        finally:
            await browser.close()


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(base: str, replica_bases: list[str], pids: list[int], sessions: int, ramp: float, timeout_ms: int,
            client: str) -> dict:
    at_start = rss_mb(pids)
    # One session on each replica first, so each has loaded the dataset and its imports: RSS
    # after that is the baseline the fifty sessions' leftovers are compared with.
    warm = [r for replica in replica_bases for r in asyncio.run(run_sessions(replica, 1, 0, timeout_ms, client))]
    time.sleep(SESSION_TTL_SECONDS + 5)
    after_first = rss_mb(pids)
    cpu_before, wall_before = cpu_seconds(pids), time.perf_counter()
    with PeakRss(pids, interval=0.1) as peak:
        results = asyncio.run(run_sessions(base, sessions, ramp, timeout_ms, client))
    server_cpu, wall = cpu_seconds(pids) - cpu_before, time.perf_counter() - wall_before
    time.sleep(SESSION_TTL_SECONDS + 5)
    after_close = rss_mb(pids)
    charts = [r["chart"] for r in results if r["chart"] is not None]
    filters = [r["filter"] for r in results if r["filter"] is not None]
    errors = [r["error"] for r in results + warm if r["error"]]
    return {"sessions": sessions, "errors": errors, "chart_p50": percentile(charts, 0.5),
            "chart_p95": percentile(charts, 0.95), "filter_p50": percentile(filters, 0.5),
            "filter_p95": percentile(filters, 0.95), "rss_start": at_start, "rss_first": after_first,
            "rss_peak": peak.peak / 2**20, "rss_after": after_close, "server_cpu": server_cpu, "wall": wall}


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def report(name: str, m: dict) -> bool:
    ratio = m["rss_after"] / m["rss_first"] if m["rss_first"] else float("inf")
    ok = not m["errors"] and ratio <= RSS_TARGET
    print(f"| {name} | {m['sessions']} | {len(m['errors'])} | {seconds(m['chart_p50'])} | {seconds(m['chart_p95'])} | "
          f"{seconds(m['filter_p50'])} | {seconds(m['filter_p95'])} | {m['rss_start']:.0f} MB | {m['rss_first']:.0f} MB | "
          f"{m['rss_peak']:.0f} MB | {m['rss_after']:.0f} MB | {ratio:.2f}× | {'ok' if ok else 'MISSED'} | "
          f"{m['server_cpu']:.0f} s of {m['wall']:.0f} s |", flush=True)
    for error in sorted(set(m["errors"]))[:5]:
        print(f"  error ({m['errors'].count(error)}×): {error}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions start")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds each step may take")
    parser.add_argument("--setups", default="one,nginx", help="one (one server), nginx (2 replicas behind nginx)")
    parser.add_argument("--client", choices=("browser", "protocol"), default="browser",
                        help="browser: a Chromium page per session (what a viewer waits for, but fifty pages load "
                             "the machine more than the server does); protocol: Streamlit's WebSocket protocol, "
                             "no rendering (what the server takes)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 200:
        parser.error("--sessions is bounded to 1–200 on one machine")
    timeout_ms = int(args.timeout * 1000)
    print(f"client: {args.client}")
    print("| setup | sessions | errors | chart drawn p50 | p95 | filter applied p50 | p95 | RSS at start | "
          "after 1st session | peak | after all closed | after ÷ 1st | target | server CPU of wall time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        logs = Path(folder)
        if "one" in args.setups:
            with replicas(1, logs) as started:
                pids = [process.pid for process, _ in started]
                ok &= report("one server", measure(started[0][1], [started[0][1]], pids, args.sessions, args.ramp,
                                                   timeout_ms, args.client))
        if "nginx" in args.setups:
            with replicas(2, logs) as started, behind_nginx([b for _, b in started], free_port(), logs / "nginx") as base:
                pids = [process.pid for process, _ in started]
                ok &= report("2 replicas behind nginx", measure(base, [b for _, b in started], pids, args.sessions,
                                                                args.ramp, timeout_ms, args.client))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
