"""What a printed page shows, read back from a PDF with poppler: the box and type size of every
word, the links, and how wide the drawing (everything that is not text) spreads on a page.

- `pdftotext -bbox-layout` gives each word's box in points;
- `pdftohtml -xml -zoom 3` gives each run of text its font size (at zoom 3, its largest, the
  sizes, written as whole numbers, are thirds of a point) and the addresses of the links;
- `pdftoppm -r 72` renders a page at one pixel a point, so the words' boxes can be blanked out of
  it and what ink is left is the drawing.
"""

from __future__ import annotations

import html
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

XHTML = "{http://www.w3.org/1999/xhtml}"
ZOOM = 3  # pdftohtml's largest


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    box: tuple[float, float, float, float]  # x min, y min, x max, y max, in points


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ET.fromstring(out)
    found = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        words = tuple(Word(number, w.text or "", tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                      for w in page.iter(f"{XHTML}word"))
        found.append(Page(number, float(page.get("width")), float(page.get("height")), words))
    return found


def overlapping_words(page: Page, tolerance: float = 0.5) -> list[tuple[Word, Word]]:
    """Pairs of words whose boxes share more than `tolerance` points each way."""
    words = sorted(page.words, key=lambda w: w.box[0])
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.box[0] >= a.box[2] - tolerance:
                break
            width = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            height = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            if width > tolerance and height > tolerance:
                out.append((a, b))
    return out


def type_sizes(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, size in points, text) of every run of text."""
    out = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-zoom", str(ZOOM), "-stdout", str(pdf)], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(out)
    sizes = {}
    runs = []
    for page in root.iter("page"):
        for spec in page.iter("fontspec"):
            sizes[spec.get("id")] = round(int(spec.get("size")) / ZOOM, 2)
        for text in page.iter("text"):
            content = "".join(text.itertext()).strip()
            if content:
                runs.append((int(page.get("number")), sizes[text.get("font")], content))
    return runs


def links(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], check=True,
                         capture_output=True).stdout.decode()
    return [html.unescape(link) for link in re.findall(r'<a href="([^"]*)"', out)]


def images(pdf: Path) -> int:
    """How many raster images the PDF holds (a chart drawn as vectors holds none)."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    return max(0, len(out.strip().splitlines()) - 2)


def drawing_extent(pdf: Path, page: Page, folder: Path) -> tuple[float, float] | None:
    """How far the page's drawing spreads, left to right, in points: its ink that is not a word
    (each word's box, grown by 2 points, is blanked out first), widened by the words written
    beside it (a chart's axis labels, level with its plot). None when the page draws nothing."""
    from PIL import Image, ImageDraw

    stem = folder / f"ink-{page.number}"
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", "-f", str(page.number), "-l",
                    str(page.number), str(pdf), str(stem)], check=True)
    image = Image.open(f"{stem}.png").convert("L")
    draw = ImageDraw.Draw(image)
    for word in page.words:
        x0, y0, x1, y1 = word.box
        draw.rectangle([x0 - 2, y0 - 2, x1 + 2, y1 + 2], fill=255)
    # Ink: anything darker than a pale grid line's anti-aliased fringe.
    box = image.point(lambda v: 255 if v < 235 else 0).getbbox()
    if box is None:
        return None
    left, top, right, bottom = map(float, box)
    beside = [w.box for w in page.words if top <= (w.box[1] + w.box[3]) / 2 <= bottom]
    return min([left, *(b[0] for b in beside)]), max([right, *(b[2] for b in beside)])


def text_margins(page: Page) -> tuple[float, float]:
    """The text column of the page: from its leftmost word to the same distance from the right
    edge (the pack's margins are the same on both sides)."""
    left = min(w.box[0] for w in page.words)
    return left, page.width - left
