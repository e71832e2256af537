"""ui/text.py: every text element escapes a plain string and shows Markdown we made as it is."""

from tradeviz.markdown import Markdown, md
from tradeviz.ui import text


class Drawn:
    """Stands in for st or a container: records each element drawn, with what it was given."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, element):
        return lambda *args, **options: self.calls.append((element, args, options))


def test_plain_text_is_escaped_in_every_element():
    where = Drawn()
    text.markdown("**x**", where=where)
    text.caption("a_b", where=where)
    text.subheader("#1", where=where)
    text.info("[x](y)", icon="ℹ️", where=where)
    text.warning("$5", where=where)
    text.error("<b>", icon="⚠️", where=where)
    text.success("a@b.az", where=where)
    assert where.calls == [
        ("markdown", ("\\*\\*x\\*\\*",), {}),
        ("caption", ("a\\_b",), {}),
        ("subheader", ("\\#1",), {}),
        ("info", ("\\[x\\]\\(y\\)",), {"icon": "ℹ️"}),
        ("warning", ("\\$5",), {"icon": None}),
        ("error", ("\\<b\\>",), {"icon": "⚠️"}),
        ("success", ("a\u2060@b\\.az",), {"icon": None}),
    ]


def test_markdown_we_made_is_shown_as_it_is():
    where = Drawn()
    text.markdown(md("**{}**", "a*b"), where=where)
    text.caption(Markdown("[Source](https://example.org)"), where=where)
    assert where.calls == [("markdown", ("**a\\*b**",), {}),
                           ("caption", ("[Source](https://example.org)",), {})]


def test_metric_escapes_label_value_and_help_and_keeps_the_sign_of_the_change():
    where = Drawn()
    text.metric("Turnover, 2024", "$1.2 bn", delta="-3.5 %", help="Source: *x*", where=where)
    text.metric("Rank", 3, delta="+1.0", where=where)
    text.metric("Events", 12, where=where)
    assert where.calls == [
        ("metric", ("Turnover, 2024", "\\$1\\.2 bn"), {"delta": "-3\\.5 %", "help": "Source\\: \\*x\\*"}),
        ("metric", ("Rank", "3"), {"delta": "+1\\.0", "help": None}),
        ("metric", ("Events", "12"), {"delta": None, "help": None}),
    ]
