"""Excerpts: only the cited sentences of an article are stored, one passage each."""

from tradeviz import excerpts, text


def test_an_excerpt_keeps_each_sentence_once_in_order_one_passage_each():
    stored = excerpts.excerpt(["In January–March 2030 turnover was $10 million.",
                               "Exports were $4 million in March 2030.",
                               "In January–March 2030 turnover was $10 million.", "  "])
    assert stored == "In January–March 2030 turnover was $10 million.\n\nExports were $4 million in March 2030."
    assert excerpts.passages(stored) == ["In January–March 2030 turnover was $10 million.",
                                         "Exports were $4 million in March 2030."]
    assert len(text.paragraph_spans(stored)) == 2


def test_a_sentence_broken_over_lines_becomes_one_passage():
    stored = excerpts.excerpt(["The minister spoke\nat length about tourism."])
    assert stored == "The minister spoke at length about tourism."


def test_a_candidate_sentence_is_found_again_in_the_stored_text():
    stored = excerpts.excerpt(["In January–March 2030 turnover was $10 million.", "The minister spoke\nat length about tourism."])
    start, end = excerpts.relocated("The minister spoke\nat length about tourism.", stored)
    assert stored[start:end] == "The minister spoke at length about tourism."
    assert start == len("In January–March 2030 turnover was $10 million.") + 2
    assert excerpts.relocated("Trade grew in 2030.", stored) is None
    assert excerpts.relocated("", stored) is None


def test_pruning_keeps_only_the_passages_still_cited():
    stored = "A was $1 million in 2030.\n\nB was $2 million in 2030.\n\nC met D on 1 May 2030."
    assert excerpts.pruned(stored, ["C met D on 1 May 2030.", "A was $1 million in 2030."]) == (
        "A was $1 million in 2030.\n\nC met D on 1 May 2030.")
    assert excerpts.pruned(stored, ["B was $2 million\nin 2030."]) == "B was $2 million in 2030."
    assert excerpts.pruned(stored, []) == ""
    assert excerpts.pruned(stored, [" "]) == ""


def test_a_sentence_cited_within_a_longer_one_is_kept_only_there():
    stored = excerpts.excerpt(["A was $1 million in 2030.", "A was $1 million in 2030. B was $2 million.",
                               "C met D on 1 May 2030."])
    assert excerpts.passages(stored) == ["A was $1 million in 2030. B was $2 million.", "C met D on 1 May 2030."]
    start, end = excerpts.relocated("A was $1 million in 2030.", stored)
    assert stored[start:end] == "A was $1 million in 2030."
