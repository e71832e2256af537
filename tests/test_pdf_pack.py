"""The briefing pack as a minister holds it: the PDF read back with poppler (tests/pdf_layout.py).

Every page: no two words' boxes overlap, no type under 9 pt, each chart spreads over at least 80 %
of the text width as vectors (no raster image), and with a public address set no link or text
points at localhost. Packs broken on purpose, one rule each, show the check catches each."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from pdf_layout import drawing_extent, images, links, overlapping_words, pages, text_margins, type_sizes
from tradeviz import store
from tradeviz.views import deck, defaults, pack

DATA = Path(__file__).resolve().parents[1] / "data"
PUBLIC = "https://tradeviz.example.org"
SHOTS = os.environ.get("TRADEVIZ_SHOTS", "")
SMALLEST_PT = 9.0
CHART_SHARE = 0.8
LOCAL = re.compile(r"localhost|127\.0\.0\.1")


def problems(pdf: Path, slides, folder: Path, public: bool = True) -> list[str]:
    """Everything the printed pack does wrong, in words."""
    found = []
    read = pages(pdf)
    for page in read:
        found += [f"page {page.number}: {a.text!r} overlaps {b.text!r}" for a, b in overlapping_words(page)]
    found += [f"page {n}: {text!r} in {size} pt" for n, size, text in type_sizes(pdf) if size < SMALLEST_PT]
    for index, slide in enumerate(slides, start=1):
        if slide.chart is None:
            continue
        heading = re.sub(r"\s+", " ", f"{index}. {slide.title}")
        page = next((p for p in read if heading in p.text), None)
        if page is None:
            found.append(f"slide {index}: no page has its heading {heading!r}")
            continue
        left, right = text_margins(page)
        extent = drawing_extent(pdf, page, folder)
        share = 0.0 if extent is None else (extent[1] - extent[0]) / (right - left)
        if share < CHART_SHARE:
            found.append(f"page {page.number}: the chart spans {share:.0%} of the text width")
    if images(pdf):
        found.append(f"{images(pdf)} raster images: charts must be vectors")
    if public:
        found += [f"a link to {link}" for link in links(pdf) if LOCAL.search(link)]
        found += [f"page {p.number} says {m.group(0)}" for p in read for m in [LOCAL.search(p.text)] if m]
    return found


@pytest.fixture(scope="module")
def bundled():
    return store.load(DATA)


@pytest.fixture(scope="module")
def default_deck(bundled):
    return deck.select(bundled, defaults(deck.params(bundled))).slides


def written(document: str, folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(pack.pdf_of(document))
    return path


def test_the_pack_prints_well(bundled, default_deck, tmp_path):
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(pack.pdf(bundled, default_deck, PUBLIC, public=True))
    assert problems(pdf, default_deck, tmp_path) == []
    # Every page renders; the ones looked at are kept where TRADEVIZ_SHOTS says.
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "pack-page")], check=True)
    rendered = sorted(folder.glob("pack-page-*.png"))
    assert len(rendered) == len(pages(pdf)) >= len(default_deck) + 3
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in rendered)
    # Each permalink opens the public address; every other link is a source's own address.
    addresses = {unquote(url) for url in bundled["sources"]["url"].dropna()}
    assert sum(link.startswith(PUBLIC) for link in links(pdf)) == len(default_deck) + 1
    assert [link for link in links(pdf) if not link.startswith(PUBLIC) and unquote(link) not in addresses] == []


def test_a_pack_without_a_public_address_says_its_links_are_local(bundled, default_deck):
    document = pack.html(bundled, default_deck[:2], "http://localhost:8501")
    assert "The links in this pack are local: they open the dashboard only where it was served " \
           "(http://localhost:8501)." in document
    assert document.count("Permalink (local: opens only where the dashboard was served)") == 2
    public = pack.html(bundled, default_deck[:2], PUBLIC, public=True)
    assert "are local" not in public and "Permalink: <a href=\"https://tradeviz.example.org/overview\"" in public


# Each breaks one rule of print, on a pack of two slides (a chart each).
BROKEN = {
    "overlapping text": ("h2 { margin-bottom: -16pt; }", "overlaps"),
    "small type": (".sources-cited { font-size: 7pt; }", "in 7.0 pt"),
    "narrow chart": (".chart svg { width: 55%; }", "of the text width"),
}


@pytest.mark.parametrize("rule", list(BROKEN))
def test_the_check_catches_a_pack_that_breaks_a_rule(bundled, default_deck, tmp_path, rule):
    slides = default_deck[:2]
    style, said = BROKEN[rule]
    document = pack.html(bundled, slides, PUBLIC, public=True).replace("</style>", f"{style}</style>", 1)
    found = problems(written(document, tmp_path, "broken.pdf"), slides, tmp_path)
    assert any(said in problem for problem in found), found
    # The same pack unbroken passes: it is the rule that is caught, not the pack.
    assert problems(written(pack.html(bundled, slides, PUBLIC, public=True), tmp_path, "whole.pdf"), slides,
                    tmp_path) == []


def test_the_check_catches_local_links_when_a_public_address_is_set(bundled, default_deck, tmp_path):
    slides = default_deck[:1]
    pdf = written(pack.html(bundled, slides, "http://localhost:8501", public=True), tmp_path, "local.pdf")
    found = problems(pdf, slides, tmp_path)
    assert "a link to http://localhost:8501/overview" in found
    assert any(p.startswith("page ") and p.endswith("says localhost") for p in found)
