"""text.py: paragraphs, sentences, locating cited sentences, search, snippets, highlight segments."""

import pytest

from tradeviz import text
from tradeviz.text import Segment, Snippet

#          0         1         2         3         4         5         6
#          0123456789012345678901234567890123456789012345678901234567890123
ARTICLE = ("First one. Dr. Who met H. Aliyev in 2005. Trade grew 4.5 times!\n"
           "\n"
           "New para “quoted.” Next (here). end\nline two.")
# The first line ends at 63 (its "\n"), the blank line is 64, the second paragraph runs from 65 to
# len(ARTICLE) = 110; in it "New para “quoted.”" is 65-83 and "end" starts at 97.


def test_paragraph_spans():
    assert text.paragraph_spans(ARTICLE) == [(0, 63), (65, 110)]


def test_paragraph_spans_skip_surrounding_and_repeated_blank_lines():
    # "\n\n  a\n \n\n b  \n" -> 'a' at 4, 'b' at 10 (the line ' b  ' starts at 9).
    assert text.paragraph_spans("\n\n  a\n \n\n b  \n") == [(4, 5), (10, 11)]
    assert text.paragraph_spans("") == []


def test_sentence_spans_respect_abbreviations_initials_decimals_and_paragraphs():
    result = [ARTICLE[s:e] for s, e in text.sentence_spans(ARTICLE)]
    assert result == [
        "First one.",
        "Dr. Who met H. Aliyev in 2005.",      # 'Dr.' and the initial 'H.' do not end a sentence
        "Trade grew 4.5 times!",               # nor does the point in 4.5; the paragraph break does
        "New para “quoted.”",                  # the closing quote belongs to the sentence
        "Next (here). end\nline two.",         # a lower-case word does not start a sentence
    ]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Trade grew 4.5 times!", (42, 63)),                 # exact
    ("end line two.", (97, 110)),                        # the text wraps it over two lines
    ("Trade grew 4.5  times!", (42, 63)),                # extra spaces in the data
    ("Trade grew 5 times!", None),
    ("", None),
    ("   ", None),
])
def test_locate(sentence, expected):
    assert text.locate(ARTICLE, sentence) == expected


def test_locate_takes_the_first_occurrence():
    assert text.locate("a. b. a.", "a.") == (0, 2)


@pytest.mark.parametrize(("haystack", "query", "expected"), [
    ("Trade  trade\nTRADE", "trade", [(0, 5), (7, 12), (13, 18)]),   # any case
    ("a b\n c", "b   c", [(2, 6)]),                                   # any whitespace between words
    ("cost $2.5 (bn)", "$2.5 (bn)", [(5, 14)]),                       # special characters are literal
    ("2.5 2x5", "2.5", [(0, 3)]),                                     # '.' is not a wildcard
    ("aaaa", "aa", [(0, 2), (2, 4)]),                                 # non-overlapping
    ("anything", "  ", []),
])
def test_find_all(haystack, query, expected):
    assert text.find_all(haystack, query) == expected


def test_search_pattern_empty_is_none():
    assert text.search_pattern("") is None


LONG = "one two three four five six seven eight nine ten"
#       0   4   8     14   19   24  28    34    40   45


def test_snippet_cuts_at_whole_words():
    # 'six' is 24-27; 10 characters before is 14 ('four' starts there), 10 after is 37 (inside
    # 'eight', 34-39), so the snippet ends after 'seven' at 33.
    assert text.snippet(LONG, (24, 27), context=10) == Snippet("four five ", "six", " seven", True, True)


def test_snippet_moves_past_a_cut_word():
    # 9 before 'six' is 15, inside 'four' (14-18): the snippet starts at 'five'.
    assert text.snippet(LONG, (24, 27), context=9) == Snippet("five ", "six", " seven", True, True)


def test_snippet_at_the_edges_of_a_paragraph_has_no_ellipsis():
    assert text.snippet(LONG, (0, 3), context=100) == Snippet("", "one", LONG[3:], False, False)
    assert text.snippet("a b\n\nc d e", (5, 6), context=100) == Snippet("", "c", " d e", False, False)


def test_snippet_collapses_whitespace():
    assert text.snippet("a\n  b c", (4, 5), context=10) == Snippet("a ", "b", " c", False, False)


def test_snippet_plain():
    assert Snippet("four five ", "six", " seven", True, True).plain == "…four five six seven…"


def test_snippets_limit():
    result = text.snippets("x a x b x c x", "x", limit=2, context=2)
    assert [s.plain for s in result] == ["x a…", "…a x b…"]
    assert text.snippets("abc", "") == []


def test_segments_partition_overlapping_spans():
    result = text.segments(10, [(2, 5, "a"), (4, 8, "b"), (4, 8, "c"), (9, 9, "empty")])
    assert result == [
        Segment(0, 2, frozenset()),
        Segment(2, 4, frozenset({"a"})),
        Segment(4, 5, frozenset({"a", "b", "c"})),
        Segment(5, 8, frozenset({"b", "c"})),
        Segment(8, 10, frozenset()),
    ]


def test_segments_without_spans_and_clipping():
    assert text.segments(3, []) == [Segment(0, 3, frozenset())]
    assert text.segments(4, [(2, 9, "x")]) == [Segment(0, 2, frozenset()), Segment(2, 4, frozenset({"x"}))]
    assert text.segments(0, []) == []


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_minutes(words, minutes):
    assert text.reading_minutes(" ".join(["w"] * words)) == minutes


def test_html_text_escapes_markup():
    assert text.html_text('<b x="1">&\'') == "&lt;b x=&quot;1&quot;&gt;&amp;&#x27;"


def test_snippet_html_escapes_every_part():
    piece = Snippet("<i>", "<b>", "&", True, False)
    assert text.snippet_html(piece) == "…&lt;i&gt;<mark>&lt;b&gt;</mark>&amp;"


def test_shortened_cuts_at_a_word_with_an_ellipsis():
    assert text.shortened("short", 10) == "short"
    assert text.shortened("one two three four", 10) == "one two…"
    # No space near the limit: cut inside the word.
    assert text.shortened("abcdefghijklmnop", 6) == "abcde…"
