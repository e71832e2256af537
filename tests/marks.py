"""Read back what reader.article_html highlighted: the text inside each fact's <mark>s."""

import html.parser


class Marks(html.parser.HTMLParser):
    """Collects, for each fact id, the text inside the <mark data-facts> that carry it, and the
    hrefs and tags seen."""

    def __init__(self):
        super().__init__()
        self.open: list[list[str]] = []
        self.text: dict[str, str] = {}
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.classes: dict[str, str] = {}
        self.all_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "a":
            self.hrefs.append(attrs["href"])
        if tag == "mark":
            ids = attrs.get("data-facts", "").split()
            self.open.append(ids)
            for i in ids:
                self.classes[i] = attrs["class"]
        elif tag in ("a",):
            self.open.append([])

    def handle_endtag(self, tag):
        if tag in ("mark", "a"):
            self.open.pop()

    def handle_data(self, data):
        self.all_text += data
        for ids in self.open:
            for i in ids:
                self.text[i] = self.text.get(i, "") + data


def marks_of(html_text: str) -> Marks:
    parser = Marks()
    parser.feed(html_text)
    return parser
