"""Comtrade files written by the project itself, in the layouts and encodings people download:
the Comtrade+ website CSV (quoted cells, a trailing comma on each row, Windows-1252 bytes) and API
JSON, a spreadsheet's UTF-16 "Unicode text", the legacy website and bulk CSVs and the legacy
API's JSON. The column names are the layouts' own; every figure is made up for the tests (the
FIGURES below), so each sum a test expects can be worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

COMTRADE_PLUS = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,"
                 "flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
                 "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,"
                 "customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,"
                 "altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,"
                 "cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate").split(",")
LEGACY_WEBSITE = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
                  "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,2nd Partner Code,2nd Partner,"
                  "2nd Partner ISO,Customs Proc. Code,Customs,Mode of Transport Code,Mode of Transport,Commodity Code,"
                  "Commodity,Qty Unit Code,Qty Unit,Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),"
                  "Gross weight (kg),Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag").split(",")
LEGACY_BULK = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
               "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Commodity,"
               "Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag").split(",")
FLOW_NAMES = {"M": "Import", "X": "Export", "RX": "Re-export", "RM": "Re-import"}
LEGACY_FLOWS = {"M": "1", "X": "2", "RX": "3", "RM": "4"}
PLACES = {"AZE": (31, "Azerbaijan"), "CHN": (156, "China"), "CIV": (384, "Côte d'Ivoire"), "CUW": (531, "Curaçao"),
          "W00": (0, "World")}


@dataclass(frozen=True)
class Figure:
    reporter: str
    partner: str
    flow: str          # Comtrade+'s letter: M, X, RX, RM
    year: int
    code: str          # TOTAL or HS digits
    description: str
    value: float       # USD
    weight: float | None = None
    month: int | None = None
    classification: str = "H5"


# Azerbaijan's imports from two partners with accented names, and from China, in 2023:
# chapter 18 from Côte d'Ivoire is 1,234,567 USD, 27 from Curaçao 98,765.5 USD, and from China
# TOTAL 7,000,000 = 84 (4,000,000) + 85 (2,500,000) + 87 (500,000).
FIGURES = (
    Figure("AZE", "CIV", "M", 2023, "18", "Cocoa and cocoa preparations — café, crème", 1_234_567.0, 250_000.0),
    Figure("AZE", "CUW", "M", 2023, "27", "Mineral fuels, mineral oils", 98_765.5, 40_000.0),
    Figure("AZE", "CHN", "M", 2023, "TOTAL", "All Commodities", 7_000_000.0),
    Figure("AZE", "CHN", "M", 2023, "84", "Nuclear reactors, boilers, machinery", 4_000_000.0, 900_000.0),
    Figure("AZE", "CHN", "M", 2023, "85", "Electrical machinery and equipment", 2_500_000.0, 300_000.0),
    Figure("AZE", "CHN", "M", 2023, "87", "Vehicles other than railway", 500_000.0, 120_000.0),
    Figure("AZE", "CHN", "X", 2023, "27", "Mineral fuels, mineral oils", 3_000_000.0, 5_000_000.0),
)


def _n(value: float) -> str:
    """A number as an export writes it: whole numbers without a decimal point."""
    return f"{int(value)}" if float(value).is_integer() else repr(float(value))


def _plus_row(f: Figure) -> dict:
    reporter_code, reporter_name = PLACES[f.reporter]
    partner_code, partner_name = PLACES[f.partner]
    annual = f.month is None
    return {"typeCode": "C", "freqCode": "A" if annual else "M", "refPeriodId": f"{f.year}{f.month or 1:02d}01",
            "refYear": f.year, "refMonth": 52 if annual else f.month, "period": f.year if annual else f"{f.year}{f.month:02d}",
            "reporterCode": reporter_code, "reporterISO": f.reporter, "reporterDesc": reporter_name,
            "flowCode": f.flow, "flowDesc": FLOW_NAMES[f.flow], "partnerCode": partner_code, "partnerISO": f.partner,
            "partnerDesc": partner_name, "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World",
            "classificationCode": f.classification, "classificationSearchCode": "HS", "isOriginalClassification": "true",
            "cmdCode": f.code, "cmdDesc": f.description, "aggrLevel": 0 if f.code == "TOTAL" else len(f.code),
            "isLeaf": "false", "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": 0, "motCode": 0,
            "motDesc": "TOTAL MOT", "qtyUnitCode": -1, "qtyUnitAbbr": "N/A", "qty": 0, "isQtyEstimated": "false",
            "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": 0, "isAltQtyEstimated": "false",
            "netWgt": "" if f.weight is None else _n(f.weight), "isNetWgtEstimated": "false", "grossWgt": 0,
            "isGrossWgtEstimated": "false", "cifvalue": _n(f.value) if f.flow in ("M", "RM") else "",
            "fobvalue": _n(f.value) if f.flow in ("X", "RX") else "", "primaryValue": _n(f.value),
            "legacyEstimationFlag": 0, "isReported": "true", "isAggregate": "true"}


def website_csv(path: Path, figures=FIGURES, encoding: str = "cp1252", trailing_comma: bool = True,
                delimiter: str = ",") -> Path:
    """The Comtrade+ website's CSV download: the header bare, every cell of a row quoted and the
    row ended by a comma, in `encoding` (the website writes Windows-1252)."""
    out = io.StringIO()
    out.write(delimiter.join(COMTRADE_PLUS) + "\r\n")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="")
    for figure in figures:
        row = _plus_row(figure)
        writer.writerow([row[name] for name in COMTRADE_PLUS])
        out.write((delimiter if trailing_comma else "") + "\r\n")
    path.write_bytes(out.getvalue().replace('""', "").encode(encoding))
    return path


def unicode_text(path: Path, figures=FIGURES) -> Path:
    """A spreadsheet's "Unicode text": tab-separated, UTF-16 LE with its byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    writer.writerow(COMTRADE_PLUS)
    for figure in figures:
        row = _plus_row(figure)
        writer.writerow([row[name] for name in COMTRADE_PLUS])
    path.write_bytes(out.getvalue().encode("utf-16"))   # Python writes the BOM, little-endian here
    return path


def api_json(path: Path, figures=FIGURES) -> Path:
    """The Comtrade+ API's answer: {"elements", "count", "data": [...]}, UTF-8."""
    data = [{k: (None if v == "" else v) for k, v in _plus_row(f).items()} for f in figures]
    path.write_text(json.dumps({"elements": None, "count": len(data), "data": data}, ensure_ascii=False), encoding="utf-8")
    return path


def _legacy_row(f: Figure) -> dict:
    reporter_code, reporter_name = PLACES[f.reporter]
    partner_code, partner_name = PLACES[f.partner]
    period = f"{f.year}" if f.month is None else f"{f.year}{f.month:02d}"
    return {"Classification": f.classification, "Year": f.year, "Period": period, "Period Desc.": period,
            "Aggregate Level": 0 if f.code == "TOTAL" else len(f.code), "Is Leaf Code": 0,
            "Trade Flow Code": LEGACY_FLOWS[f.flow], "Trade Flow": FLOW_NAMES[f.flow], "Reporter Code": reporter_code,
            "Reporter": reporter_name, "Reporter ISO": f.reporter, "Partner Code": partner_code, "Partner": partner_name,
            "Partner ISO": f.partner, "2nd Partner Code": "", "2nd Partner": "", "2nd Partner ISO": "",
            "Customs Proc. Code": "", "Customs": "", "Mode of Transport Code": "", "Mode of Transport": "",
            "Commodity Code": f.code, "Commodity": f.description, "Qty Unit Code": 1, "Qty Unit": "No Quantity",
            "Qty": "", "Alt Qty Unit Code": "", "Alt Qty Unit": "", "Alt Qty": "",
            "Netweight (kg)": "" if f.weight is None else _n(f.weight), "Gross weight (kg)": "",
            "Trade Value (US$)": _n(f.value), "CIF Trade Value (US$)": "", "FOB Trade Value (US$)": "", "Flag": 0}


def legacy_csv(path: Path, figures=FIGURES, header=LEGACY_WEBSITE, encoding: str = "utf-8") -> Path:
    """The legacy website's CSV (LEGACY_WEBSITE) or the legacy bulk CSV (LEGACY_BULK): plain
    cells, quoted only where a comma needs it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for figure in figures:
        row = _legacy_row(figure)
        writer.writerow([row[name] for name in header])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def legacy_api_json(path: Path, figures=FIGURES) -> Path:
    """The legacy API's answer: {"validation": …, "dataset": [...]}, rtCode/cmdCode/TradeValue."""
    data = []
    for f in figures:
        row = _legacy_row(f)
        data.append({"pfCode": f.classification, "yr": f.year, "period": int(row["Period"]), "periodDesc": row["Period"],
                     "aggrLevel": row["Aggregate Level"], "IsLeaf": 0, "rgCode": int(LEGACY_FLOWS[f.flow]),
                     "rgDesc": FLOW_NAMES[f.flow], "rtCode": row["Reporter Code"], "rtTitle": row["Reporter"],
                     "rt3ISO": f.reporter, "ptCode": row["Partner Code"], "ptTitle": row["Partner"], "pt3ISO": f.partner,
                     "ptCode2": None, "ptTitle2": "", "pt3ISO2": "", "cstCode": "", "cstDesc": "", "motCode": "",
                     "motDesc": "", "cmdCode": f.code, "cmdDescE": f.description, "qtCode": 1, "qtDesc": "No Quantity",
                     "qtAltCode": None, "qtAltDesc": "", "TradeQuantity": None, "AltQuantity": None,
                     "NetWeight": f.weight, "GrossWeight": None, "TradeValue": f.value, "CIFValue": None,
                     "FOBValue": None, "estCode": 0})
    path.write_text(json.dumps({"validation": {"status": {"name": "Ok", "value": 0}}, "dataset": data}), encoding="utf-8")
    return path
