"""SYNTHETIC product-level trade for scale runs only — never shipped as data.

    .venv/bin/python benchmarks/synthetic_products.py /tmp/products-1m --rows 1000000

Writes N rows in the importer's output layout (tradeviz.products_table.SCHEMA, partitioned by reporter
and year, with a manifest), as if every partner of Azerbaijan and China had been imported at HS 2,
4 and 6 digits: reporters AZE and CHN, 250 partners, years 2000–2024, imports and exports. Values
are random; keys are distinct, as the importer requires; every row's source_file says SYNTHETIC.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tradeviz import products_store, products_table, products_writer  # noqa: E402

YEARS = np.arange(2000, 2025)


def codes_pool(rng: np.random.Generator) -> dict[int, np.ndarray]:
    """HS-like codes by digits: 97 chapters, 4 to 21 headings each, 1 to 8 subheadings each."""
    chapters = [f"{c:02d}" for c in range(1, 98)]
    headings = [f"{c}{h:02d}" for c in chapters for h in range(1, int(rng.integers(4, 22)) + 1)]
    subheadings = [f"{h}{s:02d}" for h in headings for s in range(1, int(rng.integers(1, 9)) + 1)]
    return {2: np.array(chapters), 4: np.array(headings), 6: np.array(subheadings)}


def table(rows: int, seed: int = 0) -> pa.Table:
    """`rows` rows with distinct keys (reporter, partner, flow, year, code), as the importer
    would accept them: candidates are drawn with a tenth more than needed, repeats of a key
    dropped, and the first `rows` kept in the order drawn."""
    rng = np.random.default_rng(seed)
    # As many codes as the Harmonized System has (about 97 chapters, 1,200 headings and 5,600
    # subheadings): a product's rows repeat over years and partners as real downloads do.
    pool = codes_pool(rng)
    every_code = np.concatenate(list(pool.values()))
    first_of_level = {digits: sum(len(pool[d]) for d in pool if d < digits) for digits in pool}
    drawn: list[np.ndarray] = []
    seen = np.empty(0, dtype=np.int64)
    while sum(len(part) for part in drawn) < rows:
        want = int((rows - sum(len(part) for part in drawn)) * 1.1) + 1_000
        reporter = (rng.random(want) >= 0.3).astype(np.int64)             # 30 % AZE, 70 % CHN
        partner = rng.integers(1, 251, want)
        pair = rng.random(want) < 0.2                                     # a fifth with the other side
        partner = np.where(pair, np.where(reporter == 0, 156, 31), partner)
        flow = rng.integers(0, 2, want)
        year = rng.integers(0, len(YEARS), want)
        level = rng.choice(np.array([2, 4, 6]), want, p=[0.05, 0.25, 0.70])
        code = np.empty(want, dtype=np.int64)
        for digits, choices in pool.items():
            at = level == digits
            code[at] = first_of_level[digits] + rng.integers(0, len(choices), at.sum())
        key = (((reporter * 251 + partner) * 2 + flow) * len(YEARS) + year) * len(every_code) + code
        _, first = np.unique(key, return_index=True)
        fresh = np.sort(first)
        fresh = fresh[~np.isin(key[fresh], seen)]
        seen = np.concatenate([seen, key[fresh]])
        drawn.append(key[fresh])
    key = np.concatenate(drawn)[:rows]
    key, code = np.divmod(key, len(every_code))
    key, year = np.divmod(key, len(YEARS))
    key, flow = np.divmod(key, 2)
    reporter, partner_code = np.divmod(key, 251)
    codes = every_code[code]
    level = np.char.str_len(codes).astype("int8")
    partner_iso = np.where(partner_code == 156, "CHN", np.where(partner_code == 31, "AZE",
                           np.char.add("P", partner_code.astype(str))))
    return pa.table({
        "reporter_code": pa.array(np.where(reporter == 0, 31, 156).astype("int32")),
        "reporter_iso": pa.array(np.where(reporter == 0, "AZE", "CHN")),
        "partner_code": pa.array(partner_code.astype("int32")), "partner_iso": pa.array(partner_iso),
        "flow": pa.array(np.where(flow == 0, "imports", "exports")), "freq": pa.array(np.full(rows, "A")),
        "year": pa.array(YEARS[year].astype("int16")), "month": pa.nulls(rows, pa.int8()),
        "cmd_code": pa.array(codes), "cmd_desc": pa.array(np.char.add("SYNTHETIC product ", codes)),
        "aggr_level": pa.array(level), "is_leaf": pa.array(level == 6),
        "value_usd": pa.array(np.round(rng.lognormal(11, 2, rows), 0)), "net_weight_kg": pa.nulls(rows, pa.float64()),
        "qty": pa.nulls(rows, pa.float64()), "qty_unit": pa.array(np.full(rows, "")),
        "source_file": pa.array(np.full(rows, "SYNTHETIC")), "source_line": pa.array(np.arange(rows, dtype="int32")),
    }, schema=products_table.SCHEMA)


def write(folder: Path, rows: int, seed: int = 0) -> Path:
    products_writer.write_set(table(rows, seed), folder / products_store.PRODUCTS)
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write(args.folder, args.rows)
    print(f"wrote {args.rows:,} SYNTHETIC product rows to {args.folder / products_store.PRODUCTS}")
