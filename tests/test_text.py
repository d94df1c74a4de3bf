"""cleaners._text: the line-level cruft pass."""

from __future__ import annotations

import pytest

from cleaners import clean_text
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


@pytest.mark.parametrize("line", [
    "Share this on WhatsApp", "Share via Email", "Whatsapp Facebook Pint Baixar", "Facebook | Twitter | Email",
    "Media caption Who is Julian Assange?", "Image copyright Getty Images", "Main article: Firefox",
    "Article détaillé : Histoire de Lyon",
])
def test_more_cruft_lines_in_dumps(line):
    prose = "The council met on Tuesday to discuss the harbour and the ferry timetable for the winter months ahead."
    kept = clean_text(f"{prose}\n\n{line}\n\n{prose.replace('council', 'board')}")
    assert line not in kept and prose in kept


def test_one_share_button_above_a_long_table_leaves_the_table():
    rows = [f"{i} Driver Number{i} {5000 - i} {i % 7} {i % 3} {i % 11} {i % 13}" for i in range(1, 41)]
    text = "\n\n".join(["Share this on WhatsApp", *rows,
                        "The final standings after 36 races of the season, with points, wins, poles and top-ten finishes for every driver."])
    kept = clean_text(text)
    assert "Share this on WhatsApp" not in kept
    assert all(row in kept for row in rows)
