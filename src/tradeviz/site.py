"""The pages of the dashboard: one list, read by dashboard.py to build the navigation and by
`ui.url_state.link` to build links between pages (the package never imports a page script)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    file: str       # relative to the project root, as st.Page and AppTest take it
    title: str
    icon: str
    url_path: str   # '' for the default page, served at '/'


PAGES = (
    Page("pages/overview.py", "Overview", ":material/dashboard:", "overview"),
    Page("pages/trade.py", "Trade", ":material/show_chart:", "trade"),
    Page("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    Page("pages/products.py", "Products", ":material/inventory_2:", "products"),
    Page("pages/policy_areas.py", "Policy areas", ":material/category:", "policy-areas"),
    Page("pages/articles.py", "Articles", ":material/article:", "articles"),
    Page("pages/data.py", "Data & downloads", ":material/download:", "data"),
    Page("pages/search.py", "Search", ":material/search:", "search"),
    Page("pages/review.py", "Review", ":material/rate_review:", "review"),
    Page("pages/deck.py", "Briefing deck", ":material/slideshow:", "deck"),
)
DEFAULT = "overview"
# The browser tab's icon, served by the app itself: a `:material/…` or emoji icon makes every
# visitor's browser fetch it from a Google or CDN server.
ICON = Path(__file__).parent / "assets" / "icon.png"
BY_PATH = {page.url_path: page for page in PAGES}
# The address the dashboard is reached at by others (e.g. https://tradeviz.example.org, behind a
# proxy): permalinks and the briefing pack's links use it rather than the address of the
# browser that asked (http://localhost:8501 for whoever runs it locally).
PUBLIC_URL_ENV = "TRADEVIZ_PUBLIC_URL"


def public_url() -> str:
    """The public address without a trailing slash, or '' when none is set."""
    return os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
