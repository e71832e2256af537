"""Speed and bounds of the article extractor (tradeviz.extract), on SYNTHETIC articles built here
from sentences written for this script (never a real article).

    .venv/bin/python benchmarks/extract_speed.py            # all cases
    .venv/bin/python benchmarks/extract_speed.py --quick    # the 10,000-word article only

- words10k: a 10,000-word news article dense with figures, ranks, dates and events; extracted
  five times, median wall and CPU time. Target: <= 2 s.
- At the size limit of an added article (1,000,000 characters), four shapes, each once for
  wall time and CPU time and once more for the peak of Python memory allocated (tracemalloc):
  prose; one
  "sentence" of a megabyte with no full stop (a pasted table); a megabyte of digits and commas;
  a megabyte with no space at all. Targets: each <= 30 s of CPU and <= 300 MB, i.e. bounded: the work
  grows with the text, never with its square, and no candidate carries more than
  extract.MAX_SENTENCE_CHARS of sentence.

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
import tracemalloc

from tradeviz import extract

SIZE_LIMIT_CHARS = 1_000_000
PUBLISHED = dt.date(2025, 11, 20)
# SYNTHETIC sentences, written for this benchmark; {n} varies the numbers from one to the next.
SENTENCES = [
    "In January-September 2025, trade turnover between Azerbaijan and China amounted to ${n}.4 million, "
    "up {p}.2 percent year-on-year.",
    "Azerbaijan's exports to China totalled ${n}.7 million, while imports from China reached nearly $1,{n}0 million.",
    "This means a {p} percent increase on the same period of last year.",
    "China remained Azerbaijan's fourth-largest trading partner and its largest source of imports.",
    "The Chinese and Azerbaijani foreign ministers met in Baku on {d} October to discuss transport links.",
    "A new cargo train from Xi'an will depart for Baku on Monday, the railway company said.",
    "Chinese companies have invested about ${n} million in Azerbaijan's economy since 2005.",
    "Officials from both countries said the intergovernmental commission would meet again next month.",
    "Over the ten months of this year, goods worth ${n}.1 million were shipped from Azerbaijan to China.",
    "Analysts expect the corridor to carry more containers as demand for faster routes to Europe grows.",
]


def article(words: int) -> str:
    out, count, n = [], 0, 0
    while count < words:
        paragraph = []
        for template in SENTENCES:
            n += 1
            sentence = template.format(n=100 + n % 800, p=1 + n % 40, d=1 + n % 28)
            paragraph.append(sentence)
            count += len(sentence.split())
        out.append(" ".join(paragraph))
    return "\n\n".join(out)


def shapes() -> dict[str, str]:
    prose = article(SIZE_LIMIT_CHARS // 6)[:SIZE_LIMIT_CHARS]
    one_sentence = ("trade between China and Azerbaijan reached $1 billion in 2024 and exports rose 5% "
                    * (SIZE_LIMIT_CHARS // 80))[:SIZE_LIMIT_CHARS]
    digits = ("1,2,3.4,5,6 " * (SIZE_LIMIT_CHARS // 12))[:SIZE_LIMIT_CHARS]
    no_space = ("Azerbaijan-China$1.5billion" * (SIZE_LIMIT_CHARS // 27))[:SIZE_LIMIT_CHARS]
    return {"prose": prose, "one sentence": one_sentence, "digits and commas": digits, "no space": no_space}


def timed(text: str) -> tuple[float, float, int]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    found = extract.extract(text, PUBLISHED)
    return time.perf_counter() - wall, time.process_time() - cpu, len(found)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 10,000-word article only")
    args = parser.parse_args(argv)
    failed = False
    text = article(10_000)
    runs = [timed(text) for _ in range(5)]
    wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    ok = wall <= 2.0
    failed |= not ok
    print(f"words10k: {len(text.split()):,} words, {len(text):,} chars, {runs[0][2]:,} candidates; "
          f"median of 5: wall {wall:.2f} s, CPU {cpu:.2f} s (target <= 2 s) {'ok' if ok else 'MISSED'}")
    if args.quick:
        return int(failed)
    for name, text in shapes().items():
        wall, cpu, count = timed(text)
        tracemalloc.start()       # a second run for memory: tracing slows the first one down
        timed(text)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        ok = cpu <= 30 and peak <= 300      # CPU time: on a shared machine wall time measures the neighbours
        failed |= not ok
        print(f"size limit, {name}: {len(text):,} chars, {count:,} candidates; wall {wall:.2f} s, CPU {cpu:.2f} s, "
              f"peak Python memory {peak:.0f} MB (targets CPU <= 30 s, <= 300 MB) {'ok' if ok else 'MISSED'}")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
