"""Numbers and lists as English: the only place a figure becomes text.

Every function returns plain text; whoever shows it escapes it for its medium (Markdown, HTML).
"""

from __future__ import annotations

import math

from tradeviz import schema


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def value_text(value: float, unit: str, qualifier: str) -> str:
    """'>$2.00 bn', '~$1.20 bn', '$53.3 m', '4th', '7.9%' — the qualifier is never dropped."""
    if _missing(value):
        return "—"
    symbol = schema.QUALIFIER_SYMBOLS.get(qualifier, "")
    if unit == "usd_million":
        text = f"${value / 1000:,.2f} bn" if abs(value) >= 1000 else f"${value:,.1f} m"
    elif unit == "rank":
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        text = f"{n}{suffix}"
    elif unit == "percent":
        text = f"{value:g}%"
    else:
        text = f"{value:g} {unit}"
    return f"{symbol}{text}"


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
