"""cleaners._text: the line-level cruft pass."""

from __future__ import annotations

import pytest

from cleaners._text import LineFilter, PhraseMatcher, clean_lines, is_byline, normalize_phrase

MATCHER = PhraseMatcher()


@pytest.mark.parametrize(
    "line, rule",
    [
        ("No time to read?", "summary-widget"),
        ("Get a summary", "summary-widget"),
        ("» Read more:", "link-announcer"),
        ("PREVIOUS ARTICLE", "link-announcer"),
        ("Auch interessant", "link-announcer"),
        ("Czytaj więcej", "link-announcer"),
        ("Lire aussi", "link-announcer"),
        ("Read more: Council approves the harbour plan", "link-inline"),
        ("Czytaj więcej: Objazdy w centrum potrwają do wiosny", "link-inline"),
        ("Story continues below advertisement", "ads"),
        ("Anzeige", "ads"),
        ("Share this article", "share"),
        ("Accept all", "consent"),
        ("Leave a comment", "comments"),
    ],
)
def test_cruft_phrases_match(line, rule):
    assert MATCHER.match(line).name == rule


@pytest.mark.parametrize(
    "line",
    [
        "The council said it would read more reports before deciding.",
        "Related parties were not consulted, the report found.",
        "Next year the festival moves to June.",
        "Summary judgments are rare in such cases, the court heard.",
    ],
)
def test_prose_that_starts_like_cruft_is_kept(line):
    assert MATCHER.match(line) is None


def test_normalize_phrase_strips_decoration():
    assert normalize_phrase("  » Next Article →  ") == "next article"


def test_announcer_takes_the_following_title_only():
    lines = ["Previous Article", "", "Some other story about boats", "Next Article", "A third story", "Real paragraph of the article."]
    kept, removed = clean_lines(lines, MATCHER)
    assert kept == ["Real paragraph of the article."]
    assert ("link-announcer", "Some other story about boats") in removed


def test_announcer_never_takes_prose():
    kept, _ = clean_lines(["Related", "This sentence is part of the story and ends with a full stop."], MATCHER)
    assert kept == ["This sentence is part of the story and ends with a full stop."]


def test_line_filter_uses_link_hint_when_known():
    f = LineFilter(MATCHER)
    assert f.check("Read also") == "link-announcer"
    assert f.check("A plain unlinked line", linked=False) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("By Jane Roe", True),
        ("Von Katrin Möller", True),
        ("Updated: 3 November 2026, 10:04", True),
        ("14 October 2026, 4:05pm", True),
        ("Tomasz Zieliński, 18 listopada 2026", True),
        ("By the end of the year the bridge will be finished, engineers said.", False),
        ("The plan was approved on 3 November 2026 after a long debate in the chamber.", False),
    ],
)
def test_is_byline(line, expected):
    assert is_byline(line) is expected
