"""Numbers and lists as English: the only place a figure becomes text.

Every function returns plain text; whoever shows it escapes it for its medium (Markdown, HTML).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass

from tradeviz import schema
from tradeviz.products_table import revision_names


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def value_text(value: float, unit: str, qualifier: str) -> str:
    """'>$2.00 bn', '~$1.20 bn', '$53.3 m', '4th', '7.9%' — the qualifier is never dropped."""
    if _missing(value):
        return "—"
    symbol = schema.QUALIFIER_SYMBOLS.get(qualifier, "")
    if unit == "usd_million":
        sign, size = ("−" if value < 0 else ""), abs(value)
        text = f"{sign}${size / 1000:,.2f} bn" if size >= 1000 else f"{sign}${size:,.1f} m"
    elif unit == "rank":
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        text = f"{n}{suffix}"
    elif unit == "percent":
        text = f"{value:g}%"
    else:
        text = f"{value:g} {unit}"
    return f"{symbol}{text}"


def usd_text(value: float) -> str:
    """A value in USD with three significant digits and its scale: '$400 k', '$1.20 m',
    '$3.45 bn', '$950'; '—' when missing. For product figures, which run from hundreds of
    dollars to billions (a single decimal of millions would write $350,000 as '$0.3 m')."""
    if _missing(value):
        return "—"
    sign, size = ("−" if value < 0 else ""), abs(value)
    if size == 0:
        return "$0"
    # Rounded to three significant digits first, so 999,999 is '$1.00 m', not '$1000 k'.
    size = round(size, 2 - math.floor(math.log10(size)))
    for scale, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if size >= scale:
            scaled = size / scale
            return f"{sign}${scaled:.{max(0, 2 - math.floor(math.log10(scaled)))}f}{suffix}"
    return f"{sign}${size:.3g}"


def growth_text(value: float, unit: str | None, qualifier: str | None) -> str:
    """'+26.7%', '>+20%', '4.5×'; '' when no growth is stated."""
    if _missing(value) or not isinstance(unit, str):
        return ""
    symbol = schema.QUALIFIER_SYMBOLS.get(qualifier if isinstance(qualifier, str) else "exact", "")
    if unit == "multiple":
        return f"{symbol}{value:g}×"
    return f"{symbol}{value:+g}%"


def values_text(values, units, qualifiers) -> list[str]:
    return [value_text(v, u, q) for v, u, q in zip(values, units, qualifiers)]


def growths_text(values, units, qualifiers) -> list[str]:
    return [growth_text(v, u, q) for v, u, q in zip(values, units, qualifiers)]


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 milestone', '2 milestones', '3 statements about 2 events' (with many='…')."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def join(items: list[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or 'or')."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def years_text(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def sentence_case(text: str) -> str:
    """First letter upper case, the rest untouched: a description used as a heading."""
    return text[:1].upper() + text[1:]


FLOW_WORDS = {"turnover": "turnover", "exports": "exports to China", "imports": "imports from China",
              "trading_partner_rank": "partner rank", "import_source_rank": "import-source rank",
              "share_of_trade": "share of trade", "share_of_imports": "share of imports"}
PERIOD_WORDS = {"all": "", "annual": "full years", "partial": "part-year periods"}


def figure_headline(row) -> str:
    """'Trade turnover, 2025 Jan–Jul: $2.50 bn, +26.7% (same period…); reported by …' for a trade row."""
    value = value_text(row["value"], row["unit"], row["qualifier"]) if not _missing(row["value"]) else "no value stated"
    text = f"{schema.FLOW_LABELS[row['flow']]}, {row['period_label']}: {value}"
    growth = growth_text(row["growth_reported"], row["growth_unit"], row["growth_qualifier"])
    if growth:
        basis = row["growth_basis"] if isinstance(row["growth_basis"], str) else ""
        text += f", {growth}" + (f" ({basis})" if basis else "")
    return f"{text}; reported by {row['reporter_detail']}"


def _range_decimals(values: list[float], least: int) -> int:
    """Enough decimals to write both ends as they are (at most `least` + 2): '$748.75–748.85 m'
    rather than a rounded '$748.8–748.9 m' that says something else."""
    for decimals in range(least, least + 3):
        if all(abs(round(v, decimals) - v) < 1e-9 for v in values):
            return decimals
    return least + 2


def money_range(low: float, high: float, outward: bool = False) -> str:
    """A money interval (USD million) in words: '$2.45–2.55 bn', '$748.75–748.85 m',
    '≥ $1.00 bn', '≤ $80.0 m', '−$150.0 m to $30.0 m'. '—' when nothing is known.

    outward: a computed range, rounded outward to the usual decimals (the low end down, the high
    end up), so the words still contain every value the range does: '$1.12–1.14 bn' rather
    than '$1.1205–1.1315 bn'."""
    if _missing(low) or _missing(high):
        return "—"
    finite_low, finite_high = math.isfinite(low), math.isfinite(high)
    if not finite_low and not finite_high:
        return "any amount"
    if not finite_high:
        return "≥ " + value_text(low, "usd_million", "exact")
    if not finite_low or low == 0 < high:
        return "≤ " + value_text(high, "usd_million", "exact")
    if low == high:
        return value_text(low, "usd_million", "exact")
    billions = max(abs(low), abs(high)) >= 1000
    scale, unit, least = (1000.0, "bn", 2) if billions else (1.0, "m", 1)
    ends = [low / scale, high / scale]
    if outward:
        step = 10.0 ** least
        ends = [math.floor(ends[0] * step + 1e-9) / step, math.ceil(ends[1] * step - 1e-9) / step]
    decimals = least if outward else _range_decimals(ends, least)
    first, last = (f"{abs(v):,.{decimals}f}" for v in ends)
    if low < 0 <= high:
        return f"−${first} {unit} to ${last} {unit}"
    if high < 0:
        return f"−${last}–{first} {unit}"
    return f"${first}–{last} {unit}"


def percent_range(low: float, high: float, decimals: int = 1) -> str:
    """A change in percent, rounded outward (the low end down, the high end up) so the words
    contain every value the range does: '+33.5% or more', '+18.8% to +22.8%', '+20.7%'."""
    if _missing(low) or _missing(high):
        return "—"
    step = 10.0 ** decimals
    low = math.floor(low * step + 1e-9) / step if math.isfinite(low) else low
    high = math.ceil(high * step - 1e-9) / step if math.isfinite(high) else high
    if math.isinf(high) and low <= -100:
        return "any change"
    if math.isinf(high):
        return f"{low:+.{decimals}f}% or more"
    if low <= -100 and high < 0:
        return f"a fall of at least {abs(high):.{decimals}f}%"
    first, last = f"{low:+.{decimals}f}%", f"{high:+.{decimals}f}%"
    return first if first == last else f"{first} to {last}"


def multiple_range(low: float, high: float) -> str:
    """'1.29×–1.32×', '1.30×', '≥ 1.34×', rounded outward."""
    if _missing(low) or _missing(high):
        return "—"
    low = math.floor(low * 100 + 1e-9) / 100
    high = math.ceil(high * 100 - 1e-9) / 100 if math.isfinite(high) else high
    if math.isinf(high):
        return f"≥ {low:.2f}×"
    first, last = f"{low:.2f}×", f"{high:.2f}×"
    return first if first == last else f"{first}–{last}"


# ---- products (UN Comtrade) -----------------------------------------------------------------


@dataclass(frozen=True)
class MoneyUnit:
    """The one unit a view writes its money in: on the axis, on the bars and in the table."""
    scale: float
    name: str     # "USD million", as an axis or a column heading says it
    suffix: str   # " m", as a label says it: "$1,200 m"


MONEY_UNITS = (MoneyUnit(1.0, "USD", ""), MoneyUnit(1e3, "USD thousand", " k"), MoneyUnit(1e6, "USD million", " m"),
               MoneyUnit(1e9, "USD billion", " bn"))


def money_unit(values) -> MoneyUnit:
    """The smallest unit in which the largest of `values` (USD) reads under 10,000: $1.2 bn
    is written 1,200 USD million, so that a product of $400 k beside it is still 0.40, not
    0.0004 of a billion. USD when there is no value."""
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    largest = max(finite, default=0.0)
    return next((unit for unit in MONEY_UNITS if largest / unit.scale < 10_000), MONEY_UNITS[-1])


def in_unit(value: float, unit: MoneyUnit) -> float:
    """`value` (USD) in `unit`, to the digits `money_in` writes: what a table shows, so its
    cells and the labels agree."""
    if _missing(value):
        return float("nan")
    return round(value / unit.scale, _unit_decimals(abs(value / unit.scale)))


def _unit_decimals(size: float) -> int:
    """Two or three significant digits, at most three decimals: 1,200; 56.7; 5.67; 0.40; 0.012."""
    return 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 0.1 else 3


def money_in(value: float, unit: MoneyUnit, qualifier: str = "exact") -> str:
    """'$1,200 m', '$56.7 m', '$0.40 m', '$0.012 m', '<$0.001 m' in `unit`, a stated figure's
    qualifier kept ('~$1,000 m', '>$2,000 m'); '—' when missing."""
    if _missing(value):
        return "—"
    scaled = value / unit.scale
    size = abs(scaled)
    if 0 < size < 0.0005:
        return f"<${0.001:.3f}{unit.suffix}"
    sign = "−" if scaled < 0 else ""
    symbol = schema.QUALIFIER_SYMBOLS.get(qualifier, "")
    return f"{symbol}{sign}${size:,.{_unit_decimals(size)}f}{unit.suffix}"


def flow_words(reporter: str, partner: str, flow: str) -> str:
    """"AZE's imports from CHN", "AZE's exports to CHN"."""
    return {"imports": f"{reporter}'s imports from {partner}", "exports": f"{reporter}'s exports to {partner}"}[flow]


def months_span(months: int) -> str:
    """'Jan–Mar'; 'Jan' for one month."""
    return f"Jan{'–' + calendar.month_abbr[months] if months > 1 else ''}"


def months_words(months: int, year: int) -> str:
    """'Jan–Mar 2025'; 'Jan 2025' for one month."""
    return f"{months_span(months)} {year}"


def month_names(months: list[int]) -> str:
    return ", ".join(calendar.month_abbr[m] for m in months)


def revision_note(revisions: dict[tuple[str, int], tuple[str, ...]], reporter: str, partner: str, first: int,
                  last: int, mirrored: bool) -> str:
    """What a difference of HS revision means for a view's comparisons: a change from the
    first to the last year given in two revisions, or a mirror given in another revision than
    the reporter's figure, may compare different definitions of one code. Empty when the
    revisions agree or the files did not name them."""
    own_first, own_last = revisions.get((reporter, first)), revisions.get((reporter, last))
    notes = []
    if last > first and own_first and own_last and own_first != own_last:
        notes.append(f"{reporter} gives {first} in {revision_names(own_first)} and {last} in "
                     f"{revision_names(own_last)}: the Harmonized System's revisions split, merged or "
                     "redefined some codes in between, so a product's change may compare two definitions of it.")
    theirs = revisions.get((partner, last))
    if mirrored and own_last and theirs and own_last != theirs:
        notes.append(f"In {last}, {reporter} gives its figures in {revision_names(own_last)} and {partner} "
                     f"in {revision_names(theirs)}: one code may cover different goods on the two sides.")
    return " ".join(notes)


def series_revision_note(revisions: dict[tuple[str, int], tuple[str, ...]], reporters: tuple[str, ...],
                         years: list[int]) -> str:
    """A caution when the years of a product's series are given in more than one HS revision."""
    found = sorted({code for reporter in reporters for year in years for code in revisions.get((reporter, year), ())})
    if len(found) < 2:
        return ""
    return (f"These figures are given in {len(found)} HS revisions ({revision_names(tuple(found))}): "
            "the code may not cover the same goods in every year or on both sides.")


VERDICT_WORDS = {"consistent": "consistent", "inconsistent": "inconsistent", "cannot tell": "cannot tell"}


def verdict_counts(verdicts) -> str:
    """'2 consistent, 1 inconsistent, 3 cannot tell' (kinds with none left out)."""
    counts = {kind: 0 for kind in VERDICT_WORDS}
    for verdict in verdicts:
        counts[verdict] = counts.get(verdict, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing compared"


def money_gap(low: float, high: float, unit: MoneyUnit) -> str:
    """A gap that is an interval, in `unit`: '−$12.5 m to −$2.50 m', '$3.00 m' when one value."""
    if _missing(low) or _missing(high):
        return "—"
    first, last = money_in(low, unit), money_in(high, unit)
    return first if first == last else f"{first} to {last}"
