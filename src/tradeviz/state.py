"""View state <-> URL query parameters, as a pure round trip (no Streamlit here).

A page declares its parameters as a tuple of `Param`s. `from_query` turns a query (every key
mapped to the list of its values, as repeated keys arrive) into a complete, valid state plus a
list of notices naming everything it ignored; `to_query` writes a state back, leaving defaults
out so that links stay short. Anything invalid falls back to the default with a notice; nothing
raises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Container, Iterable, Mapping
from urllib.parse import urlencode

VERSION_KEY = "v"
MAX_TEXT_LENGTH = 200
MAX_VALUES = 50
MAX_SHOWN = 40  # a notice quotes at most this many characters of what it ignored


@dataclass(frozen=True)
class Param:
    """One query parameter of a page, and the widget that sets it.

    kind: "choice" (one of options), "choices" (any of options, repeated key; none chosen means
    all, so its default is always empty), "text", "year_range" (two years, keys suffixed
    _from/_to), "date_range" (two ISO dates, keys suffixed _from/_to, bounds are dates), "flag"
    (on/off), "int", "id" (one record id out of `members`, which may hold millions: it is
    tested for membership, never listed), "texts" (an ordered list of short texts, repeated key,
    order kept: a deck's slides; `default` is the list when the key is absent, and an emptied
    list is written as `key=` so it reopens empty).

    widget: how a page shows it ("slider", "pills", "segmented", "multiselect", "selectbox",
    "text", "toggle", "date", or "" for a parameter without a widget of its own); labels maps
    an option to the words shown for it.
    """

    key: str
    kind: str
    default: Any = None
    options: tuple[str, ...] = ()
    bounds: tuple[Any, Any] | None = None
    label: str = ""
    widget: str = ""
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    help: str | None = None
    placeholder: str | None = None
    members: Container[str] = field(default_factory=frozenset, compare=False, hash=False, repr=False)
    noun: str = "record"  # what an "id" names, for notices: "no milestone has this id"

    def __post_init__(self):
        if self.kind == "choices":
            if tuple(self.default or ()):
                raise ValueError(f"{self.key}: an empty selection means all, so a choices default is always empty")
            object.__setattr__(self, "default", ())

    @property
    def keys(self) -> tuple[str, ...]:
        if self.kind in RANGE_KINDS:
            return (f"{self.key}_from", f"{self.key}_to")
        return (self.key,)

    def label_of(self, option: str) -> str:
        return self.labels.get(option, option)

    @property
    def full_range(self) -> tuple[Any, Any]:
        """A range parameter's default, or its bounds when it has none."""
        return tuple(self.default or self.bounds)


RANGE_KINDS = ("year_range", "date_range")


ALL_WHEN_NONE = "(none chosen: all)"


def choices_label(label: str, chosen: int, options: int) -> str:
    """A multiple choice's label as things stand: 'Flows (none chosen: all)' while none is chosen,
    'Flows (2 of 4 chosen)' once some are (the hint would be wrong then)."""
    if ALL_WHEN_NONE not in label or not chosen:
        return label
    return label.replace(ALL_WHEN_NONE, f"({chosen} of {options} chosen)")


@dataclass
class Decoded:
    state: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    version: str | None = None


def _show(values: Iterable[str]) -> str:
    text = ", ".join(values)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _ignored(key: str, values: Iterable[str], reason: str) -> str:
    return f"Ignored ?{_show([key])}={_show(values)}: {reason}"


# A link with hundreds of made-up parameters gets a few notices and a count, not hundreds.
MAX_UNKNOWN_NOTICES = 5


def from_query(params: tuple[Param, ...], query: dict[str, list[str]]) -> Decoded:
    notices: list[str] = []
    state: dict[str, Any] = {}
    known = {VERSION_KEY}
    for param in params:
        known.update(param.keys)
        decode = _DECODERS[param.kind]
        state[param.key] = decode(param, query, notices)
    unknown = sorted(set(query) - known)
    for key in unknown[:MAX_UNKNOWN_NOTICES]:
        notices.append(_ignored(key, query[key], "unknown parameter"))
    if len(unknown) > MAX_UNKNOWN_NOTICES:
        notices.append(f"Ignored {len(unknown) - MAX_UNKNOWN_NOTICES} more unknown parameters")
    version_values = query.get(VERSION_KEY) or []
    version = version_values[0] if version_values and _is_version(version_values[0]) else None
    if version_values and version is None:
        notices.append(_ignored(VERSION_KEY, version_values, "not a data version"))
    return Decoded(state, notices, version)


def dropped_query_notice(characters: int, parameters: int) -> str:
    """What a page says when Streamlit dropped the link's query string for its size."""
    return (f"This link's query string was too large for the server ({characters:,} characters, "
            f"{parameters:,} parameters) and was ignored as a whole: the page shows its default view.")


def _is_version(text: str) -> bool:
    return 4 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text)


def _single(param: Param, query: dict[str, list[str]], notices: list[str], key: str | None = None) -> str | None:
    key = key or param.key
    values = query.get(key) or []
    if not values:
        return None
    if len(values) > 1:
        notices.append(_ignored(key, values[1:], "this parameter takes one value; the first was used"))
    return values[0]


def _decode_choice(param: Param, query, notices):
    value = _single(param, query, notices)
    if value is None:
        return param.default
    if value not in param.options:
        notices.append(_ignored(param.key, [value], f"expected one of {_show(param.options)}"))
        return param.default
    return value


def _decode_choices(param: Param, query, notices):
    values = query.get(param.key)
    if not values:
        return ()
    if len(values) > MAX_VALUES:
        notices.append(_ignored(param.key, values[MAX_VALUES:], f"more than {MAX_VALUES} values"))
        values = values[:MAX_VALUES]
    kept: list[str] = []
    unknown, repeated = [], []
    for value in values:
        if value not in param.options:
            unknown.append(value)
        elif value in kept:
            repeated.append(value)
        else:
            kept.append(value)
    if unknown:
        notices.append(_ignored(param.key, unknown, f"expected any of {_show(param.options)}"))
    if repeated:
        notices.append(_ignored(param.key, repeated, "repeated value"))
    if not kept:
        return ()
    # Keep the options' order so equal selections give equal URLs.
    return tuple(o for o in param.options if o in kept)


def _decode_texts(param: Param, query, notices):
    values = query.get(param.key)
    if values is None:
        return tuple(param.default or ())
    if values == [""]:
        return ()
    if len(values) > MAX_VALUES:
        notices.append(_ignored(param.key, values[MAX_VALUES:], f"more than {MAX_VALUES} values"))
        values = values[:MAX_VALUES]
    kept = []
    for value in values:
        if not value or len(value) > MAX_TEXT_LENGTH * 4 or any(ord(c) < 32 for c in value):
            notices.append(_ignored(param.key, [value.encode("unicode_escape").decode()],
                                    f"expected a text of 1 to {MAX_TEXT_LENGTH * 4} printable characters"))
            continue
        kept.append(value)
    return tuple(kept)


def _decode_text(param: Param, query, notices):
    value = _single(param, query, notices)
    if value is None:
        return param.default or ""
    if len(value) > MAX_TEXT_LENGTH:
        notices.append(_ignored(param.key, [value], f"longer than {MAX_TEXT_LENGTH} characters"))
        return param.default or ""
    if any(ord(c) < 32 for c in value):
        notices.append(_ignored(param.key, [value.encode('unicode_escape').decode()], "contains control characters"))
        return param.default or ""
    return value


def _decode_id(param: Param, query, notices):
    value = _single(param, query, notices)
    if value is None or value == param.default:
        return param.default
    if value not in param.members:
        notices.append(_ignored(param.key, [value], f"no {param.noun} has this id"))
        return param.default
    return value


def _parse_int(text: str) -> int | None:
    text = text.strip()
    if not text or len(text) > 6:
        return None
    digits = text[1:] if text[0] in "+-" else text
    if not digits.isascii() or not digits.isdecimal():
        return None
    return int(text)


def _decode_int(param: Param, query, notices):
    value = _single(param, query, notices)
    if value is None:
        return param.default
    number = _parse_int(value)
    low, high = param.bounds or (-(10**6), 10**6)
    if number is None or not low <= number <= high:
        notices.append(_ignored(param.key, [value], f"expected a whole number from {low} to {high}"))
        return param.default
    return number


def _decode_range(param: Param, query, notices, parse: Callable[[str], Any], expected: str):
    """Both ends of a range: each end that does not parse or falls outside the bounds falls
    back to its default with a notice; a range that ends before it starts falls back whole."""
    low, high = param.bounds
    default = tuple(param.default or (low, high))
    key_from, key_to = param.keys
    ends = []
    for key, fallback in ((key_from, default[0]), (key_to, default[1])):
        value = _single(param, query, notices, key)
        if value is None:
            ends.append(fallback)
            continue
        parsed = parse(value)
        if parsed is None or not low <= parsed <= high:
            notices.append(_ignored(key, [value], f"expected {expected} from {low} to {high}"))
            ends.append(fallback)
        else:
            ends.append(parsed)
    if ends[0] > ends[1]:
        notices.append(f"Ignored ?{key_from}={ends[0]}&{key_to}={ends[1]}: the range ends before it starts")
        return default
    return tuple(ends)


def _decode_year_range(param: Param, query, notices):
    return _decode_range(param, query, notices, _parse_int, "a year")


def _decode_flag(param: Param, query, notices):
    value = _single(param, query, notices)
    if value is None:
        return bool(param.default)
    if value in ("1", "true", "on", "yes"):
        return True
    if value in ("0", "false", "off", "no"):
        return False
    notices.append(_ignored(param.key, [value], "expected 1 or 0"))
    return bool(param.default)


def _parse_date(text: str) -> dt.date | None:
    # Exactly YYYY-MM-DD: fromisoformat alone would also take '20250831' and week dates.
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isdecimal():
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _decode_date_range(param: Param, query, notices):
    return _decode_range(param, query, notices, _parse_date, "a date (YYYY-MM-DD)")


_DECODERS: dict[str, Callable] = {
    "choice": _decode_choice,
    "choices": _decode_choices,
    "text": _decode_text,
    "int": _decode_int,
    "year_range": _decode_year_range,
    "date_range": _decode_date_range,
    "flag": _decode_flag,
    "id": _decode_id,
    "texts": _decode_texts,
}


def to_query(params: tuple[Param, ...], state: dict[str, Any], version: str | None = None) -> dict[str, list[str]]:
    """The query for a state: defaults are left out, lists become repeated keys. A choice whose
    value is the empty option while its default is not is written as `key=`, so a cleared
    selection reopens cleared."""
    query: dict[str, list[str]] = {}
    for param in params:
        value = state.get(param.key, param.default)
        if param.kind in RANGE_KINDS:
            value = tuple(value)
            if value != param.full_range:
                query[param.keys[0]] = [str(value[0])]
                query[param.keys[1]] = [str(value[1])]
            continue
        if param.kind == "choices":
            if value:
                query[param.key] = [o for o in param.options if o in set(value)]
            continue
        if param.kind == "texts":
            if tuple(value) != tuple(param.default or ()):
                query[param.key] = list(value) or [""]
            continue
        if value == param.default or value is None:
            continue
        if param.kind == "flag":
            query[param.key] = ["1" if value else "0"]
        elif param.kind == "text" and value == "":
            continue
        else:
            query[param.key] = [str(value)]
    if version:
        query[VERSION_KEY] = [version]
    return query


def shows_the_same_view(params: tuple[Param, ...], address: dict[str, list[str]], query: dict[str, list[str]]) -> bool:
    """Whether the query in the address bar opens the view `query` describes: the same values once
    read by the page's rules, whatever the data version, the order of keys or what was ignored.
    The page then leaves the address bar alone, so opening a link makes one history entry."""
    def canonical(q):
        return to_query(params, from_query(params, q).state)
    return canonical(address) == canonical(query)


def query_string(query: dict[str, list[str]]) -> str:
    """'a=1&b=x&b=y' with repeated keys, in the order given."""
    return urlencode([(k, v) for k, values in query.items() for v in values])


def permalink(base_url: str, url_path: str, query: dict[str, list[str]]) -> str:
    """The one builder of links to a page view."""
    text = query_string(query)
    return f"{base_url.rstrip('/')}/{url_path.lstrip('/')}" + (f"?{text}" if text else "")
