"""tradeviz.views.review: the Review page's cards in words, and what a save still needs (values
worked out by hand)."""

import pandas as pd
import pytest

from tradeviz import review_file
from tradeviz.views import review as view

AREAS = {"trade": "Trade & investment", "transport": "Transport"}
TURNOVER = {"flow": "turnover", "value": "748.8", "unit": "usd_million", "qualifier": "exact",
            "period_start": "2026-01-01", "period_end": "2026-03-31", "growth_reported": "17.7",
            "growth_unit": "percent", "growth_qualifier": "exact", "growth_basis": "same_period_prior_year",
            "reporter": "press_article", "reporter_detail": "", "stat_basis": "not_stated", "confidence": "normal",
            "note": ""}
VISIT = {"title": "Minister visits Beijing", "date_start": "2026-04-09", "date_end": "2026-04-10",
         "date_precision": "day", "event_status": "occurred", "milestone_kind": "visit", "summary": "",
         "actors": "Minister of Economy", "policy_areas": "trade; transport", "event_key": "", "confidence": "normal",
         "note": ""}
EVENTS = {"2026-04-visit": "Minister visits Beijing (9 April 2026)"}


def test_every_editable_field_has_a_name_and_each_kind_shows_its_own():
    assert set(view.FIELDS) == {*review_file.FIGURE_FIELDS, *review_file.EVENT_FIELDS, *review_file.SHARED_FIELDS}
    for kind, names in review_file.EDITABLE.items():
        assert set(view.KIND_FIELDS[kind]) == set(names) - {"status"}
    assert all(f.label and f.label != f.name for f in view.FIELDS.values())


@pytest.mark.parametrize(("start", "end", "precision", "expected"), [
    ("2026-04-09", "2026-04-09", "day", "9 April 2026"),
    ("1994-03-07", "1994-03-10", "day", "7–10 March 1994"),
    ("2025-08-31", "2025-09-01", "", "31 August 2025 – 1 September 2025"),
    ("2026-06-01", "2026-06-30", "month", "June 2026"),
    ("2026-01-01", "2026-12-31", "year", "2026"),
    ("", "", "undated", "undated"),
    ("09/04/2026", "", "day", "09/04/2026"),
])
def test_date_text(start, end, precision, expected):
    assert view.date_text(start, end, precision) == expected


def test_a_figure_in_words():
    assert view.heading("figure", TURNOVER) == "Trade turnover, 2026 Jan–Mar"
    assert view.facts("figure", TURNOVER, AREAS) == [
        ("Value", "$748.8 m"), ("Period", "2026 Jan–Mar"),
        ("Growth", "+17.7% on the same period of the previous year"),
        ("Reported by", "A news article (the article itself), whose statistics not stated")]
    customs = {**TURNOVER, "reporter": "az_customs", "reporter_detail": "State Customs Committee",
               "stat_basis": "azerbaijan", "confidence": "low", "note": "check the bulletin"}
    assert view.facts("figure", customs, AREAS)[3:] == [
        ("Reported by", "Azerbaijan State Customs Committee: State Customs Committee, Azerbaijan's statistics"),
        ("Confidence", "Low (to check)"), ("Note", "check the bulletin")]
    rank = {"flow": "trading_partner_rank", "value": "3", "unit": "rank", "qualifier": "exact",
            "period_start": "", "period_end": ""}
    assert view.heading("figure", rank) == "China's rank among Azerbaijan's trading partners"
    assert view.facts("figure", rank, AREAS) == [("Value", "3rd"),
                                                 ("Period", "not stated (the article's date stands for it)")]
    more = {**TURNOVER, "value": "4800", "qualifier": "more_than", "growth_reported": ""}
    assert view.facts("figure", more, AREAS)[0] == ("Value", ">$4.80 bn")
    assert len(view.facts("figure", more, AREAS)) == 3


def test_an_event_in_words_with_its_status():
    assert view.heading("event", VISIT) == "Minister visits Beijing"
    assert view.facts("event", VISIT, AREAS) == [
        ("Date", "9–10 April 2026"), ("Status", "Occurred"), ("Kind", "Visit"), ("Who", "Minister of Economy"),
        ("Policy areas", "Trade & investment, Transport")]
    planned = {**VISIT, "event_status": "planned", "policy_areas": "digital", "actors": ""}
    assert view.facts("event", planned, AREAS) == [
        ("Date", "9–10 April 2026"), ("Status", "Planned"), ("Kind", "Visit"), ("Policy areas", "digital")]
    assert view.heading("event", {**VISIT, "title": " "}) == "(no title)"
    shared = {**VISIT, "event_key": "2026-04-visit"}
    assert view.facts("event", shared, AREAS, EVENTS)[-1] == ("Same event as", "Minister visits Beijing (9 April 2026)")
    assert view.facts("event", shared, AREAS)[-1] == ("Same event as", "2026-04-visit")


@pytest.mark.parametrize(("kind", "change", "expected"), [
    ("figure", {}, []),
    ("figure", {"value": "", "growth_reported": "", "growth_unit": ""}, ["a value or a reported growth"]),
    ("figure", {"value": "about 5"}, ["a number as its value (not “about 5”)"]),
    ("figure", {"value": "1,234.5"}, []),
    ("figure", {"growth_unit": ""}, ["the unit of its growth"]),
    ("figure", {"growth_reported": ""}, ["a reported growth for its growth unit (or no growth unit)"]),
    ("figure", {"unit": "rank"}, ["the unit its figure is measured in (USD million)"]),
    ("figure", {"flow": "trading_partner_rank", "value": "3"}, ["the unit its figure is measured in (Rank)"]),
    ("figure", {"period_end": ""}, ["both period dates, or neither"]),
    ("figure", {"period_end": "2025-12-31"}, ["a period that ends after it starts"]),
    ("figure", {"period_start": "Q1 2026"}, ["period dates as YYYY-MM-DD (not “Q1 2026”)"]),
    ("figure", {"flow": ""}, ["what the figure is"]),
    ("figure", {"reporter": "newspaper", "stat_basis": "both"}, ["who reported it from the list (not “newspaper”)",
                                                                 "whose statistics from the list (not “both”)"]),
    ("figure", {"reporter": "", "stat_basis": "", "confidence": ""}, []),
    ("event", {"confidence": "high"}, ["a confidence from the list (not “high”)"]),
    ("event", {}, []),
    ("event", {"title": "", "actors": ""}, ["a title", "who took part (Who)"]),
    ("event", {"policy_areas": ""}, ["a policy area"]),
    ("event", {"policy_areas": "trade; digital"}, ["policy areas from the list (not digital)"]),
    ("event", {"date_precision": "month"}, ["dates that fit its precision (a month-precision date runs from the "
                                            "first to the last day of one month)"]),
    ("event", {"date_start": "", "date_end": "", "date_precision": ""}, []),
    ("event", {"date_end": "2026-04-01"}, ["a date that ends after it starts"]),
    ("other", {}, ["a known kind (not “other”)"]),
])
def test_what_an_accepted_candidate_still_needs(kind, change, expected):
    base = TURNOVER if kind == "figure" else VISIT
    assert view.needs(kind, {**base, **change}, AREAS) == expected


def cards():
    rows = pd.DataFrame([
        {**dict.fromkeys(review_file.COLUMNS, ""), **TURNOVER, "candidate_id": "a-c001", "kind": "figure",
         "status": "candidate", "sentence": "Turnover grew."},
        {**dict.fromkeys(review_file.COLUMNS, ""), **VISIT, "candidate_id": "a-c002", "kind": "event",
         "status": "accepted", "reviewer": "aysel@example.org", "reviewed_at": "2026-04-15T10:00:00+00:00",
         "record_id": "a-r002", "sentence": "The minister visited."},
        {**dict.fromkeys(review_file.COLUMNS, ""), **VISIT, "candidate_id": "a-c003", "kind": "event",
         "status": "rejected", "sentence": "Nothing."},
    ])
    return view.cards(rows)


def test_cards_number_the_rows_and_say_who_decided():
    first, second, third = cards()
    assert (first.number, first.candidate_id, first.kind_label, first.sentence) == (1, "a-c001", "Trade figure",
                                                                                   "Turnover grew.")
    assert first.values == TURNOVER and first.decided == ""
    assert [f.name for f in second.fields][:3] == ["title", "date_start", "date_end"]
    assert second.decided == "Accepted by aysel@example.org on 2026-04-15, as record a-r002"
    assert third.decided == "Rejected"


def test_save_says_what_it_needs_or_what_it_will_do():
    shown = cards()
    assert view.save_state({}, shown, AREAS) == view.SaveState(
        False, "Nothing to save yet: choose Accept or Reject on a candidate.")
    assert view.save_state({"a-c001": {**TURNOVER, "status": "rejected"}}, shown, AREAS) == view.SaveState(
        True, "Ready: 1 to reject. Saving records it under your address and rebuilds the dataset; a decision is final.")
    lacking = {"a-c001": {**TURNOVER, "status": "accepted", "value": "", "growth_reported": "", "growth_unit": ""},
               "a-c003": {**VISIT, "status": "accepted", "title": ""}}
    assert view.save_state(lacking, shown, AREAS) == view.SaveState(
        False, "Save needs, before it can accept: #1 (Trade turnover, 2026 Jan–Mar) needs a value or a reported "
               "growth; #3 ((no title)) needs a title.")
    both = {"a-c001": {**TURNOVER, "status": "accepted"}, "a-c003": {**VISIT, "status": "rejected"}}
    assert view.save_state(both, shown, AREAS).message.startswith("Ready: 1 to accept and 1 to reject. Saving "
                                                                  "records them")


def test_a_long_heading_is_shortened_in_what_save_says():
    shown = cards()
    long_title = {**VISIT, "status": "accepted", "actors": "", "title": "The two governments will hold the next "
                  "meeting of their intergovernmental trade commission"}
    assert view.save_state({"a-c003": long_title}, shown, AREAS).message == (
        "Save needs, before it can accept: #3 (The two governments will hold the next meeting…) needs who took "
        "part (Who).")


def test_and_list():
    assert view.and_list(["a"]) == "a"
    assert view.and_list(["a", "b", "c"]) == "a, b and c"
