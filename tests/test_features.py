"""The block model's features: one row per block, each column what its name says."""

from __future__ import annotations

import numpy as np
import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._features import FEATURES, stopwords_for

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
