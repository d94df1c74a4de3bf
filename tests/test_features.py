"""The block model's features: one row per block, each column what its name says."""

from __future__ import annotations

import numpy as np
import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._features import (FEATURES, KIND_FEATURES, LISTING_FEATURES, kind_features, model_input,
                                stopwords_for)

PROSE = ("The council voted on Tuesday to rebuild the old bridge over the river, after years of "
         "debate about its cost and the traffic it would bring into the town centre. ")
PAGE = (
    "<html lang='en'><head><title>Bridge</title></head><body>"
    "<nav class='menu'><ul><li><a href='/a'>Home</a></li><li><a href='/b'>World</a></li>"
    "<li><a href='/c'>Sport</a></li></ul></nav>"
    "<article><h1>Bridge</h1>"
    f"<p>{PROSE * 2}</p><p>{PROSE}</p><p>{PROSE * 3}</p>"
    "<div class='share-bar'><p>Share this story on every network you like</p></div>"
    "</article>"
    "<aside><h3>More</h3><ul><li><a href='/x'>Another story about a road</a></li>"
    "<li><a href='/y'>A third story about the rain</a></li></ul></aside>"
    "</body></html>"
)


@pytest.fixture(scope="module")
def rows():
    blocks, X = Cleaner(CleanerOptions(block_model=None)).features(PAGE, "https://news.example/bridge")
    return {b.source: dict(zip(FEATURES, map(float, row))) for b, row in zip(blocks, X)}


def test_feature_names_are_unique():
    assert len(set(FEATURES)) == len(FEATURES)


def test_one_row_per_block_one_column_per_feature():
    blocks, X = Cleaner(CleanerOptions(block_model=None)).features(PAGE, "https://news.example/bridge")
    assert X.shape == (len(blocks), len(FEATURES))


def test_prose_is_in_the_main_region_and_kept_by_the_rules(rows):
    prose = rows[(PROSE * 2).strip()]
    assert prose["in_main"] == 1.0
    assert prose["verdict_kept"] == 1.0
    assert prose["tag_p"] == 1.0
    assert prose["ends_sentence"] == 1.0
    assert prose["link_density"] == 0.0


def test_menu_items_are_links_outside_the_region(rows):
    home = rows["Home"]
    assert home["link_density"] == 1.0
    assert home["in_main"] == 0.0
    assert home["levels_to_nav"] == 2.0  # li, ul, nav
    assert home["pruned_navigation"] == 1.0


def test_a_box_a_tree_rule_names_is_kept_for_the_model_with_its_rule_as_a_feature(rows):
    share = rows["Share this story on every network you like"]
    assert share["pruned_share"] == 1.0
    assert share["levels_to_class_share"] == 1.0  # the p, then its share-bar box


def test_stop_word_density_reads_the_page_language(rows):
    prose = rows[(PROSE * 2).strip()]
    assert prose["stopword_density"] > 0.3
    assert rows["Sport"]["stopword_density"] == 0.0


@pytest.mark.parametrize(
    "words, member",
    [
        ("der die und ist nicht mit dem ein".split(), "und"),
        ("le la et est dans une pour pas".split(), "et"),
        ("the and of is to in that it".split(), "the"),
    ],
    ids=["german", "french", "english"],
)
def test_stopwords_for_picks_the_language_that_covers_the_words(words, member):
    assert member in stopwords_for(words)


def test_stopwords_for_text_without_stop_words_is_empty():
    assert stopwords_for(["東京", "大阪"]) == frozenset()


def test_neighbours_and_runs(rows):
    first, second = rows[(PROSE * 2).strip()], rows[PROSE.strip()]
    assert second["prev_kept"] == 1.0
    assert second["run_kept_before"] >= 1.0
    assert first["next_ends_sentence"] == 1.0


@pytest.mark.parametrize("texts", [
    ["Hello, World! 2026.", "", "Ünïcode Ärger | Menü › Start", "東京都は３日、新しい計画を発表した。", "서울 뉴스 · 2026"],
    ["\n\nline one\nline two\n", "ΑΘΗΝΑ, Москва / Київ • A>B", "x" * 1000, "\U0001d400\U0001f600 astral"],
    ["", "Ab, c.", "", "", "D!"],  # empty texts first, between and last
    ["", ""],
])
def test_char_counts_equal_the_per_class_regexes(texts):
    from cleaners._features import _COUNTED, _char_counts

    counts = _char_counts(texts)
    assert counts.shape == (len(texts), len(_COUNTED))
    for row, text in zip(counts.tolist(), texts):
        assert row == [len(pattern.findall(text)) for pattern in _COUNTED]


@pytest.mark.parametrize("kept", [[], [0], [1], [1, 1, 0, 1, 1, 1, 0, 0, 1], [0, 1, 1, 1], [1, 1, 1, 1]])
def test_runs_count_the_kept_blocks_in_a_row_on_either_side(kept):
    from cleaners._features import _runs

    X = _runs(np.zeros((len(kept), len(FEATURES)), dtype=np.float32), np.array(kept, dtype=np.float64))
    for i in range(len(kept)):
        before = next((k for k in range(i) if not kept[i - 1 - k]), i)
        after = next((k for k in range(len(kept) - i - 1) if not kept[i + 1 + k]), len(kept) - i - 1)
        assert X[i, FEATURES.index("run_kept_before")] == before
        assert X[i, FEATURES.index("run_kept_after")] == after


# A section front: six items of one kind (li.item-12 .. li.item-17: the digits read alike) in a
# list, a lead paragraph of another kind, and a footer line.
TEASER = "A short summary of the story that the section front lists under its headline."
FRONT = (
    "<html lang='en'><head><title>World</title></head><body><main>"
    f"<p class='lead'>{PROSE}</p>"
    "<ul class='stories'>"
    + "".join(f"<li class='item-{12 + k}'>{TEASER} Number {k}.</li>" for k in range(6))
    + "</ul></main><footer><p class='legal'>All rights reserved by the publisher.</p></footer></body></html>"
)


@pytest.fixture(scope="module")
def kinds():
    blocks, X = Cleaner(CleanerOptions(block_model=None)).features(FRONT, "https://news.example/world",
                                                                   LISTING_FEATURES)
    assert X.shape == (len(blocks), len(LISTING_FEATURES))
    return {b.source: dict(zip(LISTING_FEATURES, map(float, row))) for b, row in zip(blocks, X)}


def test_listing_features_are_the_article_features_then_the_kinds():
    assert LISTING_FEATURES[: len(FEATURES)] == FEATURES
    assert LISTING_FEATURES[len(FEATURES):] == KIND_FEATURES
    blocks, X = Cleaner(CleanerOptions(block_model=None)).features(FRONT, "https://news.example/world")
    assert X.shape == (len(blocks), len(FEATURES))


def test_items_of_one_kind_share_their_kinds_kept_text(kinds):
    items = [row for source, row in kinds.items() if source.startswith(TEASER)]
    assert len(items) == 6
    item_chars = len(f"{TEASER} Number 0.")  # each item's text is as long (one digit each)
    lead = kinds[PROSE.strip()]
    kept = [row for row in kinds.values() if row["in_main"] and row["verdict_kept"]]
    assert len(kept) == 7  # the lead and the six items; the footer is outside the main region
    total = len(PROSE.strip()) + 6 * item_chars
    for row in items:
        # the five other items' characters, of all the kept text
        assert row["kind_kept_share"] == pytest.approx(5 * item_chars / total, rel=1e-6)
        assert row["kind_blocks"] == pytest.approx(np.log1p(5))
        assert row["kind_top"] == 1.0  # the items hold more kept text than the lead
    # the lead is the only block of its kind
    assert (lead["kind_kept_share"], lead["kind_blocks"], lead["kind_top"]) == (0.0, 0.0, 0.0)


def test_kinds_need_the_same_parent_too():
    # the same <p class='x'> under two kinds of parent is two kinds
    page = ("<html><body><div class='a'>" + f"<p class='x'>{PROSE}</p>" * 2 + "</div>"
            "<div class='b'>" + f"<p class='x'>{TEASER}</p>" * 3 + "</div></body></html>")
    blocks = Cleaner(CleanerOptions(block_model=None)).features(page, None)[0]
    K = kind_features(blocks)
    counts = {b.source: float(k[1]) for b, k in zip(blocks, K)}
    assert counts[PROSE.strip()] == pytest.approx(np.log1p(1))
    assert counts[TEASER] == pytest.approx(np.log1p(2))


def test_a_model_of_other_features_is_refused():
    with pytest.raises(ValueError, match="FEATURES or LISTING_FEATURES"):
        model_input(np.zeros((2, len(FEATURES))), [], FEATURES[:-1])
