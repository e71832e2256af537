"""markdown.py: text from the data made literal in Streamlit's Markdown, our markup kept."""

from tradeviz.markdown import Markdown, escape_markdown, escaped, joined, md

WJ = "\u2060"  # the word joiner that breaks bare addresses, e-mail addresses and icon names


def test_escape_markdown_makes_syntax_literal():
    assert escape_markdown("**b** [x](y) <i> #") == "\\*\\*b\\*\\* \\[x\\]\\(y\\) \\<i\\> \\#"


def test_every_markdown_special_gets_a_backslash():
    assert escape_markdown("_a_ `c` ~s~ {t} !i |p| +l -m =h \"q\" 'r' \\") == (
        "\\_a\\_ \\`c\\` \\~s\\~ \\{t\\} \\!i \\|p\\| \\+l \\-m \\=h \\\"q\\\" \\'r\\' \\\\")


def test_dollar_signs_start_no_latex():
    assert escape_markdown("$5 and $x^2$") == "\\$5 and \\$x^2\\$"


def test_html_is_shown_as_text():
    assert escape_markdown("<script>alert(1)</script> & <b>") == (
        "\\<script\\>alert\\(1\\)\\</script\\> \\& \\<b\\>")


def test_an_at_sign_after_a_word_makes_no_mail_link():
    assert escape_markdown("press@mfa.gov.az") == f"press{WJ}@mfa\\.gov\\.az"
    assert escape_markdown("a @ b") == "a @ b"   # nothing to link: left as it is


def test_bare_addresses_and_icon_names_are_broken():
    assert escape_markdown("https://x.org") == f"https{WJ}\\://x\\.org"
    assert escape_markdown("www.x.org") == f"www{WJ}\\.x\\.org"
    assert escape_markdown(":material/home:") == f"\\:material{WJ}/home\\:"


def test_escaped_gives_markdown_and_keeps_markdown_as_it_is():
    assert escaped("a.b") == "a\\.b" and isinstance(escaped("a.b"), Markdown)
    assert escaped(3.5) == "3\\.5"
    already = Markdown("**bold**")
    assert escaped(already) is already


def test_md_escapes_every_value_but_not_the_template():
    result = md("**{}** · {who}", "a_b", who="<i>x</i>")
    assert result == "**a\\_b** · \\<i\\>x\\</i\\>"
    assert isinstance(result, Markdown)
    assert md("> {}", Markdown("*kept*")) == "> *kept*"


def test_joined_escapes_each_part_and_keeps_markdown_parts():
    assert joined(" · ", ["a.b", Markdown("*c*"), 7]) == "a\\.b · *c* · 7"
