"""The Comtrade importer: read UN Comtrade files as people download them, check them, and hand
the rows to the set writer (tradeviz.products_writer) as one new products set.

What it reads (each file's layout is told by its header, whatever its name):
- Comtrade+ (comtradeplus.un.org, 2023 on): the API's JSON ({"data": [...]}), the website's CSV
  download (quoted cells, often a trailing comma on each row, Windows-1252 bytes), the bulk
  download's .gz files; column names in any case (refYear, RefYear).
- the legacy Comtrade (comtrade.un.org, until 2023): the website's and the API's CSV ("Trade
  Value (US$)", "Commodity Code", "Reporter ISO", "2nd Partner Code"…), the bulk CSV ("Year,
  …,Trade Flow Code,Reporter Code,…,Trade Value (US$),Flag", usually zipped), and the API's JSON
  ({"dataset": [...]}, rtCode, cmdCode, TradeValue).
Each is mapped to one table (tradeviz.products_table): flow codes (M/X/RM/RX, legacy 1-4), the
reporter's and partner's codes, the commodity code, value in USD, net weight and quantity, and
the HS revision. SITC and BEC figures are refused with a sentence: their codes (SITC 84 is
clothing, HS 84 machinery) would read as HS codes on the Products page. Services (typeCode S)
are refused too. Any other layout is refused with a sentence naming it and what to download.

Encodings are detected by a rule (ENCODING_RULE), and each file's encoding and layout are said.
Compressed files (gzip, a zip of one file) are read as a stream, their expanded size bounded.

Each side's figures stay its own: Azerbaijan's imports from China and China's exports to
Azerbaijan are two rows (two reporters), which is what mirror statistics at product level
compare. Every row is checked against the products table's value rules and key, and every bad
row is named by file and line. Of a figure broken down by second partner, customs procedure or
mode of transport, only the total row is kept, and a warning says how many rows were left out.
A total smaller than the sum of its children in the files is reported as a warning.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from tradeviz import products_table, products_writer
from tradeviz.products_table import SCHEMA, SHOWN_PER_RULE, TOTAL, Problem

ENCODING_RULE = (
    "A byte-order mark decides (UTF-8, UTF-16 LE or BE). Without one, a file whose first bytes "
    "hold a NUL in every other byte is UTF-16 (LE or BE by their place); any other is read as UTF-8 "
    "until its first byte that is not ASCII: when that byte starts no valid UTF-8 sequence, the "
    "whole file is Windows-1252 (cp1252, which Latin-1 text is too, and in which the website's CSV "
    "download is written; the ASCII before it reads the same in both). A byte the chosen encoding "
    "cannot read is an error naming its line and column.")
# Comtrade's flow codes the table holds (Comtrade+ letters; the legacy files' numbers).
FLOW_CODES = {"M": "imports", "X": "exports", "RM": "re-imports", "RX": "re-exports",
              "1": "imports", "2": "exports", "3": "re-exports", "4": "re-imports"}
# Comtrade+'s further flows, which overlap the four above (domestic exports are part of exports,
# goods for processing part of imports or exports): left out with a warning, never added.
OTHER_FLOWS = {"DX": "domestic exports", "FM": "foreign imports", "MIP": "imports for inward processing",
               "XIP": "exports after inward processing", "MOP": "imports after outward processing",
               "XOP": "exports for outward processing"}
# The total row of each breakdown: partner2Code 0 is the world, customsCode C00 every customs
# procedure, motCode 0 every mode of transport. The API without breakdownMode=classic returns a
# total and its breakdowns side by side (dozens of rows for one figure); the table has no columns
# for them, so summing them would count a figure several times.
BREAKDOWN_TOTALS = {"partner2": ("", "0"), "customs": ("", "C00"), "transport": ("", "0")}
BREAKDOWN_NAMES = "partner2Code 0, customsCode C00, motCode 0"
# Each field of the table's layout and the column names that carry it in Comtrade's layouts,
# compared without case, spaces or punctuation ("Trade Value (US$)" is tradevalueus).
FIELDS = {
    "type": ("typecode",), "freq": ("freqcode",), "year": ("refyear", "year", "yr"), "month": ("refmonth",),
    "period": ("period",), "reporter_code": ("reportercode", "rtcode"), "reporter_iso": ("reporteriso", "rt3iso"),
    "partner_code": ("partnercode", "ptcode"), "partner_iso": ("partneriso", "pt3iso"),
    "flow": ("flowcode", "tradeflowcode", "rgcode"), "cmd_code": ("cmdcode", "commoditycode"),
    "cmd_desc": ("cmddesc", "commodity", "cmddesce"), "is_leaf": ("isleaf", "isleafcode"),
    "value": ("primaryvalue", "tradevalueus", "tradevalue", "value"),
    "net_weight": ("netwgt", "netweightkg", "netweight"), "qty": ("qty", "tradequantity"),
    "qty_unit": ("qtyunitabbr", "qtyunit", "qtdesc"),
    "classification": ("classificationcode", "classification", "pfcode"),
    "partner2": ("partner2code", "2ndpartnercode", "ptcode2"), "customs": ("customscode", "customsproccode", "cstcode"),
    "transport": ("motcode", "modeoftransportcode"),
}
NEEDED = (("year", "period"), ("reporter_code", "reporter_iso"), ("partner_code", "partner_iso"), ("flow",),
          ("cmd_code",), ("value",))
DOWNLOAD = ("Download goods by HS code from comtradeplus.un.org (Trade data, Goods, HS; as CSV or through "
            "the API as JSON) and import that file.")
# Layouts that are not Comtrade's product tables, each told by columns of its own.
REFUSED_LAYOUTS = (
    ({"countryorarea", "commcode", "tradeusd"},
     "is the UNdata / Kaggle 'Global Commodity Trade Statistics' layout (country_or_area, comm_code, trade_usd): "
     "it gives each country's trade with the whole world, by country name, so no partner's figure can be read "
     "from it. "),
    ({"reporter", "partner", "productcode", "tradevalueinusd"} , "is a WITS layout, not Comtrade's own. "),
)
CLASSIFICATIONS = {"S": "SITC", "B": "BEC", "E": "EBOPS (services)"}
# A compressed file may expand to this many times its size (floor: EXPANSION_FLOOR bytes): far
# above what trade tables compress by (ten to thirty times), far below a decompression bomb's
# thousand. A text line longer than MAX_LINE characters is no row of a trade table.
EXPANSION_RATIO = 100
EXPANSION_FLOOR = 32 << 20
MAX_LINE = 1 << 20
CHUNK = 1 << 16
BATCH_ROWS = 65_536
MAGIC = {b"\x1f\x8b": "gzip", b"PK\x03\x04": "zip", b"\xd0\xcf\x11\xe0": "xls", b"PAR1": "parquet"}


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Refused(Exception):
    """A file that cannot be read any further: its one problem."""
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class FileRead:
    """One file as read: its rows in the table's layout (Arrow batches), what was wrong, how it
    was read, and the HS revisions by (reporter, year)."""
    name: str
    batches: list[pa.RecordBatch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""
    layout: str = ""
    revisions: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    count: int = 0   # rows read (kept when the batches are handed on)

    @property
    def rows(self) -> int:
        return sum(batch.num_rows for batch in self.batches) if self.batches else self.count

    def table(self) -> pa.Table:
        return pa.Table.from_batches(self.batches, schema=SCHEMA)

    def how(self) -> str:
        """'annual.csv: 15 rows, Comtrade+ CSV, read as UTF-8'."""
        return (f"{self.name}: {self.rows:,} row{'' if self.rows == 1 else 's'}, {self.layout or 'no layout'}"
                + (f", read as {self.encoding}" if self.encoding else ""))


@dataclass
class Imported:
    rows: int
    warnings: list[Problem]
    files: list[FileRead]
    version: str


# ---- bytes: the file, its compression, its size ---------------------------------------------


class Bounded(io.RawIOBase):
    """A decompressing stream that stops at `limit` expanded bytes."""

    def __init__(self, stream, limit: int, label: str, packed: int, underneath=None):
        self.stream, self.limit, self.label, self.packed, self.read_so_far = stream, limit, label, packed, 0
        self.underneath = underneath

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        # What the decompressor has (read1): asked for more than the input still holds, it reads
        # to the input's end, so a file cut off midway would give none of the rows before the cut.
        data = self.stream.read1(min(size, CHUNK) if size and size > 0 else CHUNK)
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise Refused(Problem(self.label, None, f"expands to more than {self.limit / 2**20:,.0f} MB from "
                                                    f"{self.packed / 2**20:,.1f} MB ({EXPANSION_RATIO} times its "
                                                    "size at most): refused as a possible decompression bomb"))
        return data

    def close(self) -> None:
        self.stream.close()
        if self.underneath is not None:
            self.underneath.close()
        super().close()


def _open_bytes(path: Path):
    """The file's bytes as a stream: a gzip file or a zip of one file expanded as read, and
    bounded (EXPANSION_RATIO). Refused: a missing file, a folder, a workbook, a Parquet file."""
    label = path.name
    try:
        if path.is_dir():
            raise Refused(Problem(label, None, "is a folder, not a file: name the files in it"))
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError:
        raise Refused(Problem(str(path), None, "does not exist")) from None
    except OSError as exc:
        raise Refused(Problem(label[:120], None, f"cannot be opened ({exc.strerror or exc})")) from None
    head = handle.read(4)
    handle.seek(0)
    kind = next((name for magic, name in MAGIC.items() if head.startswith(magic)), None)
    limit = max(EXPANSION_RATIO * size, EXPANSION_FLOOR)
    if kind == "gzip":
        return Bounded(gzip.GzipFile(fileobj=handle), limit, label, size, handle)
    if kind == "zip":
        archive = zipfile.ZipFile(handle)
        names = [info for info in archive.infolist() if not info.is_dir()]
        if any(info.filename.startswith("xl/") for info in names):
            raise Refused(Problem(label, None, "is an Excel workbook: " + DOWNLOAD.replace("import that file",
                                                                                          "import the CSV")))
        if len(names) != 1:
            raise Refused(Problem(label, None, f"is a zip of {len(names)} files: unzip it and import each file"))
        return Bounded(archive.open(names[0]), max(EXPANSION_RATIO * names[0].compress_size, EXPANSION_FLOOR),
                       label, names[0].compress_size, handle)
    if kind == "xls":
        handle.close()
        raise Refused(Problem(label, None, "is an Excel workbook: " + DOWNLOAD.replace("import that file",
                                                                                      "import the CSV")))
    if kind == "parquet":
        handle.close()
        raise Refused(Problem(label, None, "is a Parquet file: to serve a set another engine wrote, put it under "
                                           "products/sets/NAME/reporter_iso=…/year=…/ and run "
                                           "python -m tradeviz register-products NAME"))
    return handle


# ---- text: the encoding, lines with their numbers -------------------------------------------


def _encoding_of(head: bytes) -> tuple[str, str, int]:
    """(codec, the name said, bytes of byte-order mark) by ENCODING_RULE; codec "utf-8?" is
    UTF-8 that may yet turn out cp1252."""
    for bom, codec, name in ((codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
                             (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE")):
        if head.startswith(bom):
            return codec, name, len(bom)
    sample = head[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) / 4 and not sample[0::2].count(0):
        return "utf-16-le", "UTF-16 LE (no byte-order mark)", 0
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) / 4 and not sample[1::2].count(0):
        return "utf-16-be", "UTF-16 BE (no byte-order mark)", 0
    return "utf-8?", "UTF-8", 0


class Text:
    """The lines of a byte stream decoded by ENCODING_RULE, each with its ending; `encoding` is
    the encoding read (known after the first line), `line` the number of the last line given."""

    def __init__(self, stream, label: str):
        self.stream, self.label = stream, label
        self.encoding, self.line = "", 0

    def __iter__(self) -> Iterator[str]:
        head = b""
        while len(head) < 64:   # enough to tell the encoding, however little a read gives
            more = self.stream.read(CHUNK)
            if not more:
                break
            head += more
        codec, self.encoding, skip = _encoding_of(head)
        if codec == "utf-8?" and b"\x00" in head[:4096]:
            raise Refused(Problem(self.label, None, "is not a text file (it holds NUL bytes): " + DOWNLOAD))
        tentative = codec == "utf-8?"
        decoder = codecs.getincrementaldecoder("utf-8" if tentative else codec)("strict")
        data, offset, pending, ascii_so_far = head[skip:], skip, "", True
        while True:
            final = not data
            carry = decoder.getstate()[0]
            try:
                text = decoder.decode(data, final)
            except UnicodeDecodeError as exc:
                if not (tentative and ascii_so_far and (carry + data)[:exc.start].isascii()):
                    self._undecodable(exc, carry + data, offset - len(carry), pending,
                                      "utf-8" if tentative else codec)
                tentative, self.encoding = False, "Windows-1252 (cp1252)"
                decoder = codecs.getincrementaldecoder("cp1252")("strict")
                try:
                    text = decoder.decode(carry + data, final)
                except UnicodeDecodeError as again:
                    self._undecodable(again, carry + data, offset - len(carry), pending, "cp1252")
            if tentative and ascii_so_far and not text.isascii():
                ascii_so_far = False
                self.encoding = "UTF-8"
            offset += len(data)
            pending += text
            lines = pending.split("\n")
            pending = lines.pop()
            for line in lines:
                self.line += 1
                yield line + "\n"
            if len(pending) > MAX_LINE:
                raise Refused(Problem(self.label, self.line + 1, f"is longer than {MAX_LINE:,} characters: no row "
                                                                 "of a trade table is"))
            if final:
                break
            data = self.stream.read(CHUNK)
        if pending:
            self.line += 1
            yield pending

    def _undecodable(self, exc: UnicodeDecodeError, data: bytes, offset: int, pending: str, codec: str) -> None:
        before = pending + data[:exc.start].decode(codec, errors="replace")
        line = self.line + 1 + before.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + 1
        bad = data[exc.start:exc.end].hex(" ")
        raise Refused(Problem(self.label, line, f"column {column}: byte {bad} (file offset {offset + exc.start:,}) "
                                                f"cannot be read as {self.encoding}: save the file as UTF-8 "
                                                "or as it was downloaded"))


# ---- layouts: which column holds which field ------------------------------------------------


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Layout:
    name: str
    at: dict[str, int]   # field -> the column's position
    header: tuple[str, ...] = ()

    def names(self) -> dict[str, str]:
        """The table's columns -> the file's own names for them, as problems name them."""
        fields = {"value_usd": "value", "net_weight_kg": "net_weight", "year": "year" if "year" in self.at else "period",
                  "month": "month" if "month" in self.at else "period"}
        out = {}
        for column in SCHEMA.names:
            where = self.at.get(fields.get(column, column))
            if where is not None and where < len(self.header):
                out[column] = self.header[where]
        return out


def layout_of(header: list[str], label: str, json_key: str = "") -> Layout:
    """Where each field is in a file of this header, and the layout's name; a header of no
    layout the importer reads is refused with a sentence naming it and what to download."""
    names = [_normal(name) for name in header]
    present = set(names)
    at = {}
    for name, aliases in FIELDS.items():
        for alias in aliases:
            if alias in present:
                at[name] = names.index(alias)
                break
    for columns, sentence in REFUSED_LAYOUTS:
        if columns <= present:
            raise Refused(Problem(label, 1, sentence + DOWNLOAD))
    missing = [" or ".join(FIELDS[name][0] for name in choice) for choice in NEEDED
               if not any(name in at for name in choice)]
    if missing:
        raise Refused(Problem(label, 1, f"is in no layout tradeviz reads: its {'records' if json_key else 'header'} "
                                        f"lack {', '.join(missing)} (tradeviz reads Comtrade+ API JSON and CSV "
                                        "downloads, and the legacy Comtrade website, bulk and API files). " + DOWNLOAD))
    if "primaryvalue" in present or "refyear" in present:
        name = f"Comtrade+ {'API JSON' if json_key else 'CSV'}"
    elif json_key:
        name = "legacy Comtrade API JSON"
    elif "2ndpartnercode" in present:
        name = "legacy Comtrade website CSV"
    else:
        name = "legacy Comtrade bulk CSV"
    return Layout(name, at, tuple(header))


# ---- rows: raw cells to the table's columns -------------------------------------------------


class Rows:
    """Rows of one file in the table's columns, made into Arrow batches of BATCH_ROWS and
    checked by the table's value rules as each batch is made (problems name the file's own
    columns, `names`)."""

    def __init__(self, read: FileRead):
        self.read = read
        self.names: dict[str, str] = {}
        self.columns: dict[str, list] = {name: [] for name in SCHEMA.names}
        self.shown: dict[str, int] = {}
        self.shared: dict = {}

    def add(self, values: dict) -> None:
        for name, column in self.columns.items():
            value = values[name]
            if isinstance(value, str):
                value = self.shared.setdefault(value, value)
            column.append(value)
        if len(self.columns["year"]) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.columns["year"]:
            return
        batch = pa.RecordBatch.from_pydict(self.columns, schema=SCHEMA)
        self.columns = {name: [] for name in SCHEMA.names}
        lines = batch.column("source_line")
        self.read.problems.extend(products_table.broken_rules(
            batch, self.shown, lambda at: (self.read.name, lines[at].as_py(), ""), self.names))
        self.read.batches.append(batch)

    def finish(self) -> None:
        self.flush()
        self.read.problems.extend(products_table.hidden_counts(self.shown, self.read.name))


@dataclass
class Tally:
    """What one file's rows were left out for, and rows that could not be read."""
    breakdowns: dict[tuple, int] = field(default_factory=dict)
    left_out: int = 0
    other_flows: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0


def _row(cells: list[str], layout: Layout, line: int, read: FileRead, tally: Tally) -> dict | None:
    """One row's cells as the table's columns; None for a row left out (a breakdown, another
    flow) or one whose numbers cannot be read (its problem added to `read`)."""
    at = layout.at

    def cell(name: str) -> str:
        where = at.get(name)
        return cells[where].strip() if where is not None and where < len(cells) else ""

    kind = cell("type")
    if kind and kind != "C":
        raise Refused(Problem(read.name, line, f"holds services (typeCode {kind!r}): the products layer holds goods. "
                                               + DOWNLOAD))
    classification = cell("classification")
    if classification and not classification.startswith("H"):
        family = CLASSIFICATIONS.get(classification[:1], f"classification {classification}")
        raise Refused(Problem(read.name, line, f"gives {family} figures (classification {classification!r}), not HS: "
                                               "their codes would read as HS codes on the Products page (SITC 84 is "
                                               "clothing, HS 84 machinery), so they are not imported. Download the "
                                               "same years by HS code (H0 covers 1988 on) from comtradeplus.un.org."))
    flow_code = cell("flow")
    if flow_code in OTHER_FLOWS:
        tally.other_flows[flow_code] = tally.other_flows.get(flow_code, 0) + 1
        return None
    period = cell("period")
    numbers, bad = {}, []
    for name, whole in (("year", True), ("month", True), ("reporter_code", True), ("partner_code", True),
                        ("value", False), ("net_weight", False), ("qty", False)):
        text = cell(name) or (period[:4] if name == "year" else period[4:6] if name == "month" and len(period) == 6
                              else "")
        try:
            # "2024.0" in some exports
            numbers[name] = (int(float(text)) if whole else float(text)) if text else None
        except (ValueError, OverflowError):
            bad.append(f"{layout.header[at[name]] if name in at else 'period'} {text!r}")
    if bad:
        tally.unreadable += 1
        if tally.unreadable <= SHOWN_PER_RULE:
            read.problems.append(Problem(read.name, line, f"{' and '.join(bad)} {'is' if len(bad) == 1 else 'are'} "
                                                          f"not {'a number' if len(bad) == 1 else 'numbers'}"))
        return None
    year, reporter_code, partner_code = numbers["year"], numbers["reporter_code"], numbers["partner_code"]
    value, weight, qty = numbers["value"], numbers["net_weight"], numbers["qty"]
    freq = cell("freq") or ("M" if len(period) == 6 and period.isdigit() else "A")
    month = numbers["month"] if freq == "M" else None
    code = cell("cmd_code")
    reporter = cell("reporter_iso") or (str(reporter_code) if reporter_code is not None else "")
    partner = cell("partner_iso") or (str(partner_code) if partner_code is not None else "")
    flow = FLOW_CODES.get(flow_code, flow_code)
    if any(cell(name) not in totals for name, totals in BREAKDOWN_TOTALS.items()):
        tally.left_out += 1
        tally.breakdowns.setdefault((reporter, year, partner, flow, freq, month, code), line)
        return None
    if classification:
        read.revisions.setdefault((reporter, year), set()).add(classification)
    return {"reporter_code": reporter_code, "reporter_iso": reporter, "partner_code": partner_code,
            "partner_iso": partner, "flow": flow, "freq": freq, "year": year if year is not None and -32768 < year < 32768
            else None, "month": month if month is None or -128 < month < 128 else None, "cmd_code": code,
            "cmd_desc": cell("cmd_desc"), "aggr_level": 0 if code == TOTAL else min(len(code), 127),
            "is_leaf": cell("is_leaf").lower() in ("1", "true"), "value_usd": value, "net_weight_kg": weight,
            "qty": qty, "qty_unit": cell("qty_unit"), "source_file": read.name, "source_line": line}


def _csv_rows(header_line: str, lines: Iterator[str], text: Text, label: str
              ) -> tuple[Layout, Iterator[tuple[int, list[str]]]]:
    delimiter = max((",", "\t", ";"), key=header_line.count)
    header = next(csv.reader([header_line], delimiter=delimiter))
    layout = layout_of(header, label)
    reader = csv.reader(lines, delimiter=delimiter)

    def rows():
        for cells in reader:
            if any(cell.strip() for cell in cells):   # a line of blanks is no row
                yield text.line, cells
    return layout, rows()


def _json_rows(first: str, lines: Iterator[str], label: str) -> tuple[Layout, Iterator[tuple[int, list[str]]]]:
    try:
        payload = json.loads(first + "".join(lines))
    except json.JSONDecodeError as exc:
        raise Refused(Problem(label, exc.lineno, f"column {exc.colno}: is not JSON ({exc.msg})")) from None
    if isinstance(payload, dict):
        error = payload.get("error") or (payload.get("message") if "statusCode" in payload else "")
        if error:
            raise Refused(Problem(label, None, f"is the API's answer of an error ({str(error)[:200]}), not data"))
        key = "data" if "data" in payload else "dataset"
        records = payload.get(key)
    else:
        records, key = payload, "list"
    if not isinstance(records, list):
        raise Refused(Problem(label, None, 'is JSON with no list of records (expected the API\'s {"data": [...]}, '
                                           'the legacy API\'s {"dataset": [...]} or a list)'))
    records = [r for r in records if isinstance(r, dict)]
    if not records:
        return Layout("JSON", {}), iter(())
    header = list(records[0])
    layout = layout_of(header, label, json_key=key)

    def rows():
        for n, record in enumerate(records, start=1):
            yield n, ["" if record.get(k) is None else str(record.get(k)) for k in header]
    return layout, rows()


def read(path: Path) -> FileRead:
    """One file read into the table's columns, with every problem found (by line; a JSON file's
    "line" is the record's position in its list, 1 = first)."""
    result = FileRead(path.name)
    tally = Tally()
    rows = Rows(result)
    text = None
    try:
        with _open_bytes(path) as stream:
            text = Text(stream, path.name)
            lines = iter(text)
            first = next((line for line in lines if line.strip()), "")
            if not first:
                raise Refused(Problem(path.name, None, "is empty"))
            if first.lstrip()[:1] in ("{", "[") or path.name.lower().removesuffix(".gz").endswith(".json"):
                layout, records = _json_rows(first, lines, path.name)
            else:
                layout, records = _csv_rows(first, lines, text, path.name)
            result.layout, rows.names = layout.name, layout.names()
            for line, cells in records:
                record = _row(cells, layout, line, result, tally)
                if record is not None:
                    rows.add(record)
    except Refused as refused:
        result.problems.append(refused.problem)
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile, csv.Error) as exc:
        result.problems.append(Problem(path.name, None, f"cannot be read ({exc})"))
    result.encoding = text.encoding if text is not None else ""
    rows.finish()
    result.count = result.rows
    result.problems.sort(key=lambda p: (p.line is None, p.line or 0))
    _tally_warnings(result, tally)
    if not result.rows and not (tally.left_out or tally.other_flows) and not any(not p.warning for p in result.problems):
        result.problems.append(Problem(path.name, None, "holds no rows (a header only, or an empty list of records)",
                                       warning=True))
    return result


def _tally_warnings(result: FileRead, tally: Tally) -> None:
    label = result.name
    if tally.unreadable > SHOWN_PER_RULE:
        result.problems.append(Problem(label, None, f"{tally.unreadable - SHOWN_PER_RULE:,} more rows with a number "
                                                    "that cannot be read"))
    for code, count in sorted(tally.other_flows.items()):
        result.problems.append(Problem(label, None, f"{count:,} row{'s' if count > 1 else ''} of flow {code} "
                                                    f"({OTHER_FLOWS[code]}) left out: they are part of imports or "
                                                    "exports, which the table holds", warning=True))
    if not tally.left_out:
        return
    many = tally.left_out > 1
    result.problems.append(Problem(label, None, f"{tally.left_out:,} row{'s' if many else ''} break{'' if many else 's'} "
                                                "a figure down by second partner, customs procedure or mode of "
                                                f"transport; only the total rows ({BREAKDOWN_NAMES}) are kept, so no "
                                                "figure is counted twice", warning=True))
    table = result.table()
    totals = set(zip(*(table[name].to_pylist() for name in products_table.KEY)))
    orphans = sorted((line, key) for key, line in tally.breakdowns.items() if key not in totals)
    for line, (_, year, _, flow, freq, month, code) in orphans[:SHOWN_PER_RULE]:
        period = f"{year}-{month:02d}" if freq == "M" and month else f"{year}"
        result.problems.append(Problem(label, line, f"is a breakdown of {flow} {code} {period} whose total row is not "
                                                    "in this file: that figure is left out", warning=True))
    if len(orphans) > SHOWN_PER_RULE:
        result.problems.append(Problem(label, None, f"{len(orphans) - SHOWN_PER_RULE:,} more breakdowns without their "
                                                    "total row", warning=True))


# ---- checks across files, and the import ----------------------------------------------------


def parse(path: Path) -> tuple[list[dict], list[Problem]]:
    """The file's rows in the table's layout (as dicts), and every problem found, by line."""
    result = read(path)
    return result.table().to_pylist(), result.problems


def table_checks(table: pa.Table) -> list[Problem]:
    """Repeated keys (errors: each repeat named with the row it repeats) and totals below the
    sum of their children in the same files (warnings). Up to SHOWN_PER_RULE of each are named,
    the rest counted."""
    if not table.num_rows:
        return []
    problems = []
    again = products_table.repeats(table)
    for at, first in zip(again["index"].to_pylist()[:SHOWN_PER_RULE], again["first"].to_pylist()):
        row, earlier = table.slice(at, 1).to_pylist()[0], table.slice(first, 1).to_pylist()[0]
        problems.append(Problem(row["source_file"], row["source_line"],
                                f"repeats {earlier['source_file']} line {earlier['source_line']} "
                                f"({products_table.figure_words(row)})"))
    if again.num_rows > SHOWN_PER_RULE:
        problems.append(Problem("these files", None, f"{again.num_rows - SHOWN_PER_RULE:,} more rows repeat the key "
                                                      "of an earlier row"))
    over = products_table.totals_over_children(table)
    for at, total, summed in zip(over["index"].to_pylist()[:SHOWN_PER_RULE], over["total"].to_pylist(),
                                 over["value_usd_sum"].to_pylist()):
        row = table.slice(at, 1).to_pylist()[0]
        problems.append(Problem(row["source_file"], row["source_line"],
                                f"{row['cmd_code']} is {total:,.0f} USD but its children in these files sum to "
                                f"{summed:,.0f} USD", warning=True))
    if over.num_rows > SHOWN_PER_RULE:
        problems.append(Problem("these files", None, f"{over.num_rows - SHOWN_PER_RULE:,} more totals below the sum "
                                                      "of their children", warning=True))
    return problems


def checks(rows: list[dict]) -> list[Problem]:
    """`table_checks` on rows in the table's layout (as `parse` gives them)."""
    return table_checks(pa.Table.from_pylist(rows, schema=SCHEMA))


def import_files(paths: list[Path], where: str | Path) -> Imported:
    """Read and check every file and write them as one new products set at the products
    location `where` (a folder or a URI); nothing is written when any row or file is bad, or
    when the files hold no row. Raises ImportFailed with the errors."""
    files, problems, batches, revisions = [], [], [], {}
    for path in paths:
        result = read(Path(path))
        files.append(result)
        problems.extend(result.problems)
        batches.extend(result.batches)
        for key, codes in result.revisions.items():
            revisions.setdefault(key, set()).update(codes)
        result.batches = []
    table = pa.Table.from_batches(batches, schema=SCHEMA)
    del batches
    if not any(not p.warning for p in problems):
        problems.extend(table_checks(table))
    errors = [p for p in problems if not p.warning]
    if not errors and not table.num_rows:
        errors = [Problem(", ".join(Path(p).name for p in paths)[:200], None,
                          "no rows: nothing to import (a header only, or an empty list of records)")]
    if errors:
        raise ImportFailed(errors)
    version = products_writer.write_set(table, where, revisions)
    return Imported(table.num_rows, [p for p in problems if p.warning], files, version)
