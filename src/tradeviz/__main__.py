"""Command line: `python -m tradeviz build [--data DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tradeviz import build, store

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tradeviz")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="validate data/sources and data/articles, write data/*.parquet")
    build_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: %(default)s)")
    build_cmd.add_argument("--out", type=Path, default=None, help="where to write Parquet (default: the data folder)")
    args = parser.parse_args(argv)

    if args.command == "build":
        try:
            written = build.build(args.data, args.out)
        except build.BuildFailed as failure:
            print(f"Build failed; nothing was written.\n{failure}", file=sys.stderr)
            return 1
        for name, path in written.items():
            print(f"wrote {path}")
        print(f"data version {store.data_version(args.out or args.data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
