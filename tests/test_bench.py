"""The pure helpers of benchmarks/bench.py: ratios, ranges, verdicts and the rows that print them."""

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench  # noqa: E402


def test_ratio_divides_and_refuses_what_cannot_be_measured():
    assert bench.ratio(3.0, 2.0) == 1.5
    assert bench.ratio(0.05, 0.2) == 0.25
    assert math.isnan(bench.ratio(1.0, 0.0))     # a reference too small to measure
    assert math.isnan(bench.ratio(1.0, None))
    assert math.isnan(bench.ratio(math.nan, 1.0))


def test_cost_over_gives_the_wall_and_the_cpu_ratio():
    page, hello = bench.Cost(wall=0.030, cpu=0.045), bench.Cost(wall=0.020, cpu=0.015)
    assert page.over(hello) == pytest.approx((1.5, 3.0))
    costs = [bench.Cost(1.0, 4.0), bench.Cost(3.0, 2.0), bench.Cost(2.0, 9.0)]
    assert bench.Cost.median(costs) == bench.Cost(2.0, 4.0)


def test_middle_is_the_median_and_nan_when_a_run_is_missing():
    assert bench.middle([1.3, 0.9, 1.1]) == 1.1
    assert bench.middle([1.0, 2.0]) == 1.5
    assert math.isnan(bench.middle([]))
    assert math.isnan(bench.middle([1.0, math.nan, 1.2]))


def test_figure_and_spread_format_ratios_and_seconds():
    assert bench.figure(1.234) == "1.23×"
    assert bench.figure(7.96, " s") == "8.0 s"
    assert bench.figure(math.nan) == "—"
    assert bench.spread([1.3, 0.9, 1.1]) == "0.90–1.30×"
    assert bench.spread([2.04, 2.041]) == "2.04×"          # one figure when the runs print alike
    assert bench.spread([31.9, 35.04], " s") == "31.9–35.0 s"
    assert bench.spread([1.0, math.nan]) == "—"


def test_verdict_judges_the_medians_it_names():
    both = bench.Target(2.0)
    assert bench.verdict(both, [1.9, 2.1, 1.8], [1.0, 1.2, 1.1]) == "ok"        # medians 1.9 and 1.1
    assert bench.verdict(both, [1.9, 2.1, 1.8], [2.2, 2.5, 1.0]) == "MISSED"    # CPU median 2.2
    assert bench.verdict(both, [2.0], [2.0]) == "ok"                            # the limit itself is met
    cpu = bench.Target(2.0, judged="cpu")
    assert bench.verdict(cpu, [5.0], [1.5]) == "ok"                             # wall not judged
    assert bench.verdict(cpu, [1.0], [2.01]) == "MISSED"
    seconds = bench.Target(8.0, " s", "wall")
    assert bench.verdict(seconds, [7.5, 8.5, 9.0], [3.0]) == "MISSED"           # wall median 8.5 s
    assert bench.verdict(bench.Target(2.0, judged="value"), [1.77]) == "ok"
    assert bench.verdict(both, [1.0], None) == "MISSED"                         # CPU never measured


def test_report_row_prints_target_medians_ranges_and_verdict():
    row = bench.report_row("trade: rerun", bench.Target(2.0), [1.5, 1.2, 1.4], [2.5, 2.1, 2.2])
    assert row == "| trade: rerun | ≤ 2.00× | 1.40× | 1.20–1.50× | 2.20× | 2.10–2.50× | wall and CPU | MISSED |"
    memory = bench.report_row("memory", bench.Target(2.0, judged="value"), [1.77, 1.62, 1.70])
    assert memory == "| memory | ≤ 2.00× | 1.70× | 1.62–1.77× | — | — | the figure | ok |"
    assert row.count("|") == bench.REPORT_HEAD.splitlines()[0].count("|")


def test_stat_cpu_ticks_adds_utime_stime_and_reaped_children():
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
    line = "4242 (python3 (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 120 30 7 3 20 0 5 0 100 0 0"
    assert bench.stat_cpu_ticks(line) == 120 + 30 + 7 + 3


def test_year_ranges_are_distinct_widest_first_and_within_bounds():
    ranges = list(bench.year_ranges(2000, 2004))
    assert ranges[:3] == [(2000, 2003), (2001, 2004), (2000, 2002)]
    assert len(ranges) == len(set(ranges)) == 2 + 3 + 4        # every range but the whole one
    assert all(2000 <= low < high <= 2004 for low, high in ranges)


def test_common_words_counts_texts_not_occurrences():
    texts = ["Baku and Beijing, Baku again", "Beijing railway", "railway corridor 2019", "tea"]
    assert bench.common_words(texts, shortest=4) == ["beijing", "railway", "again", "baku", "corridor"]


def test_products_summary_reads_the_row_of_a_size():
    line = ("| 10,000,000 | 1210 ms | 950 ms | 1.27× | ≤ 1.5× | ok | not installed | 12.5 MB | 20.1 MB | "
            "1.61× | ≤ 2.0× | ok | 0.92× | 2.4 MB for 3 kB |")
    assert bench.products_summary(line) == (1.27, 1.61)
    assert bench.products_summary("| rows | view | pyarrow | ratio | target | | a | b | c | d | e |") is None
    nan_memory = line.replace("1.61×", "nan×")
    assert math.isnan(bench.products_summary(nan_memory)[1])
