"""Command line for operators with file access to the data folder (the served app writes only
through the Review page, and only for signed-in editors):

    python -m tradeviz build [--data DIR] [--out DIR]
    python -m tradeviz add-article FILE [--excerpts] [--data DIR]
    python -m tradeviz extract FILE --published DATE [--json]
    python -m tradeviz import-comtrade FILE... [--data DIR]
    python -m tradeviz register-products NAME [--products LOCATION]

Every write is all or nothing (tradeviz.writes); a problem is printed as one line per problem,
naming the file, never as a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tradeviz import build, comtrade, extract, memory, products_store, products_writer, records, review, store, writes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tradeviz")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="validate data/sources and data/articles, write data/*.parquet")
    build_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: %(default)s)")
    build_cmd.add_argument("--out", type=Path, default=None, help="where to write Parquet (default: the data folder)")
    extract_cmd = commands.add_parser("extract", help="print the figures and dated events an article proposes")
    extract_cmd.add_argument("file", type=Path, help="a plain-text or Markdown article (front matter is skipped)")
    extract_cmd.add_argument("--published", type=_date, required=True, help="publication date, YYYY-MM-DD")
    extract_cmd.add_argument("--json", action="store_true", help="one JSON array of candidates")
    add_cmd = commands.add_parser("add-article", help="store an article, propose its records for review, rebuild")
    add_cmd.add_argument("file", type=Path, help="Markdown with the front matter of data/articles/*.md")
    add_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: %(default)s)")
    add_cmd.add_argument("--excerpts", action="store_true",
                         help="store only the sentences the extractor proposes (a source that may not be republished; "
                              "its front matter must give the original's url)")
    import_cmd = commands.add_parser("import-comtrade", help="import UN Comtrade CSV/JSON files as product-level trade")
    import_cmd.add_argument("files", type=Path, nargs="+", help="Comtrade CSV downloads, API JSON responses or bulk .gz files")
    import_cmd.add_argument("--data", type=Path, default=None,
                            help="the data folder whose products/ to write (default: where the app reads, "
                                 "TRADEVIZ_PRODUCTS, or beside TRADEVIZ_DATA, or the bundled data/)")
    register_cmd = commands.add_parser(
        "register-products", help="serve a products set another engine wrote under <products>/sets/NAME")
    register_cmd.add_argument("name", help="the set's folder name under sets/")
    register_cmd.add_argument("--products", default=None,
                              help="the products location, a folder or a URI (default: where the app reads, "
                                   "TRADEVIZ_PRODUCTS, or beside TRADEVIZ_DATA, or the bundled data/)")
    args = parser.parse_args(argv)
    memory.tune_for_server()   # the command may load a dataset or write a products set

    if args.command == "import-comtrade":
        return _import_comtrade(args.files, args.data)
    if args.command == "register-products":
        return _register_products(args.name, args.products)
    if args.command == "add-article":
        try:
            added = review.add_article(args.data, args.file, keep_excerpts=args.excerpts)
        except records.Unreadable as failure:
            print(f"Not added; nothing was written. {failure}", file=sys.stderr)
            return 1
        except review.ReviewFailed as failure:
            print(f"Not added; nothing was written.\n{failure}", file=sys.stderr)
            return 1
        if added.already:
            print(f"data/articles/{added.article_id}.md is already stored with this text ({added.candidates} "
                  f"candidate(s) in data/sources/{review.REVIEW_FILE}); nothing to do")
            return 0
        kept = " (its candidates' sentences only)" if args.excerpts else ""
        print(f"stored data/articles/{added.article_id}.md{kept}; {added.candidates} candidate(s) to review in "
              f"data/sources/{review.REVIEW_FILE} (the Review page); data version {store.data_version(args.data)}")
        return 0
    if args.command == "extract":
        return _extract(args.file, args.published, args.json)

    if args.command == "build":
        try:
            with writes.locked(args.data):
                writes.recover(args.data)
                if args.out is None or args.out.resolve() == args.data.resolve():
                    written = writes.commit(args.data, {}).written
                else:
                    written = build.build(args.data, args.out)
        except build.BuildFailed as failure:
            print(f"Build failed; nothing was written.\n{failure}", file=sys.stderr)
            return 1
        for name, path in written.items():
            print(f"wrote {path}")
        print(f"data version {store.data_version(args.out or args.data)}")
    return 0


def _products_location(data: Path | None) -> str:
    """Where import-comtrade and register-products write: the data folder's products/ when one
    is named, else the products set the app serves (products_store.served_location)."""
    return str(data / products_store.PRODUCTS) if data is not None else products_store.served_location()


def _import_comtrade(files: list[Path], data: Path | None) -> int:
    where = _products_location(data)
    try:
        imported = comtrade.import_files(files, where)
    except comtrade.ImportFailed as failure:
        print(f"Import failed; nothing was written.\n{failure}", file=sys.stderr)
        return 1
    for read in imported.files:
        print(read.how())
    for warning in imported.warnings:
        print(warning, file=sys.stderr)
    print(f"wrote {imported.rows:,} product rows to {products_store.shown_name(where)} (partitioned by reporter "
          f"and year; version {imported.version})")
    return 0


def _register_products(name: str, products: str | None) -> int:
    where = products or _products_location(None)
    version, problems = products_writer.register_set(where, name)
    if not version:
        print("Not registered; the manifest is unchanged.", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not version:
        return 1
    print(f"serving sets/{name} (version {version})")
    return 0


def _date(text: str):
    try:
        return records.parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _extract(path: Path, published, as_json: bool) -> int:
    try:
        text = records.read_text_file(path)
    except records.Unreadable as exc:
        print(exc, file=sys.stderr)
        return 1
    if text.lstrip().startswith(records.FRONT_MATTER_FENCE):
        try:
            _, text = records.split_front_matter(text.lstrip())
        except ValueError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 1
    candidates = extract.extract(text, published)
    if as_json:
        print(json.dumps(extract.as_json(candidates), ensure_ascii=False, indent=2))
        return 0
    for candidate in candidates:
        fields = ", ".join(f"{k}={v}" for k, v in candidate.fields.items() if v not in (None, [], ""))
        print(f"{candidate.kind}: {fields}\n    “{candidate.sentence}” [{candidate.span[0]}:{candidate.span[1]}]")
    print(f"{len(candidates)} candidate(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
