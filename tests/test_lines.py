"""The line model for plain-text dumps: its features, the shipped model, training, cleaning."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from cleaners import Cleaner
from cleaners._learn import Learned, Learner
from cleaners._lines import (
    LINE_FEATURES,
    LINES_MODEL_PATH,
    MODEL_RULE,
    clean_lines_learned,
    default_lines_model,
    line_features,
)
from cleaners._model import BlockModel
from cleaners._text import PhraseMatcher
from cleaners.rules import DEFAULT_RULES

MATCHER = PhraseMatcher(DEFAULT_RULES)

PROSE = ("The council voted on Tuesday to keep the library open for another year, "
         "after residents asked for more time to raise the money it needs.")


def feature(lines: list[str], name: str, learned: Learned | None = None, url: str | None = None,
            title: str | None = None) -> list[float]:
    X = line_features(lines, MATCHER, learned, url, title)
    return X[:, LINE_FEATURES.index(name)].tolist()


def test_feature_names_are_unique() -> None:
    assert len(set(LINE_FEATURES)) == len(LINE_FEATURES)


def test_one_row_per_non_empty_line() -> None:
    X = line_features(["First line", "", "   ", "Second line"], MATCHER)
    assert X.shape == (2, len(LINE_FEATURES))
    assert line_features([], MATCHER).shape == (0, len(LINE_FEATURES))


@pytest.mark.parametrize("name, line, expected", [
    pytest.param("log_chars", "abcd", math.log1p(4), id="length-log"),
    pytest.param("log_words", "one two three", math.log1p(3), id="words-log"),
    pytest.param("mean_word_length", "ab abcd", 3.0, id="mean-word-length"),
    pytest.param("ends_sentence", "It rained.", 1.0, id="full-stop"),
    pytest.param("ends_sentence", "雨が降った。", 1.0, id="japanese-full-stop"),
    pytest.param("ends_sentence", "बारिश हुई।", 1.0, id="danda"),
    pytest.param("ends_sentence", "Related stories", 0.0, id="label-unfinished"),
    pytest.param("upper_rate", "BREAKING NEWS", 1.0, id="capitals"),
    pytest.param("title_case_rate", "Home News Sport", 1.0, id="title-case-menu"),
    pytest.param("digit_rate", "2026", 1.0, id="digits"),
    pytest.param("url_like", "Visit www.example.com today", 1.0, id="domain"),
    pytest.param("url_like", "Write to news@example.org", 1.0, id="e-mail"),
    pytest.param("url_like", PROSE, 0.0, id="prose-no-link"),
    pytest.param("separators", "Home | News › World", 2.0, id="breadcrumb"),
    pytest.param("cjk_rate", "新闻", 1.0, id="chinese"),
    pytest.param("cjk_rate", "news", 0.0, id="latin"),
    pytest.param("byline", "By Jane Roe", 1.0, id="byline"),
    pytest.param("title_shaped", "Ski resorts welcome the early season", 1.0, id="title-shaped"),
    pytest.param("title_shaped", PROSE, 0.0, id="prose-not-title"),
])
def test_shape_features(name: str, line: str, expected: float) -> None:
    assert feature([line], name)[0] == pytest.approx(expected)


def test_stopword_density_is_high_for_prose_low_for_labels() -> None:
    prose, label = feature([PROSE, "Quantum chromodynamics lattice"], "stopword_density")
    assert prose > 0.3
    assert label == 0.0


def test_position_in_the_record() -> None:
    lines = ["a line", "another line", "a third line", "the last line"]
    assert feature(lines, "position") == [0.0, 0.25, 0.5, 0.75]
    assert feature(lines, "from_start") == [0, 1, 2, 3]
    assert feature(lines, "from_end") == [3, 2, 1, 0]


@pytest.mark.parametrize("line, group", [
    pytest.param("Share this article", "share", id="share"),
    pytest.param("Previous Article", "related", id="announcer"),
    pytest.param("Get a summary", "widgets", id="summary-widget"),
])
def test_phrase_rule_group_one_hot(line: str, group: str) -> None:
    X = line_features([PROSE, line], MATCHER)
    row = dict(zip(LINE_FEATURES, X[1]))
    assert row["phrase_rule"] == 1.0
    assert row[f"rule_{group}"] == 1.0
    assert sum(v for k, v in row.items() if k.startswith("rule_")) == 1.0
    assert dict(zip(LINE_FEATURES, X[0]))["phrase_rule"] == 0.0


def test_clean_lines_decision_mapped_to_lines() -> None:
    lines = [PROSE, "Share this article", PROSE.replace("library", "pool")]
    assert feature(lines, "rules_keep") == [1.0, 0.0, 1.0]
    assert feature(lines, "clean_phrase") == [0.0, 1.0, 0.0]
    assert feature(lines, "clean_kept") == [1.0, 0.0, 1.0]


def test_learned_signals() -> None:
    learner = Learner()
    for i in range(4):
        learner.add(f"Site Menu Line\nStory number {i} is here.", "https://example.com/a", f"Story title number {i}")
    learned = learner.result()
    lines = ["Site Menu Line", "Story title number 2", "Story title number 1", PROSE]
    url, title = "https://www.example.com/b", "Story title number 1"
    assert feature(lines, "learned_template", learned, url, title) == [1.0, 0.0, 0.0, 0.0]
    # another record's title is a link to it; the record's own title is not
    assert feature(lines, "learned_title", learned, url, title) == [0.0, 1.0, 0.0, 0.0]
    assert feature(lines, "learned_template") == [0.0] * 4  # nothing learned: no signal


def test_repeated_lines_counted() -> None:
    assert feature(["Share on X", PROSE, "Share on X"], "repeats") == [1.0, 0.0, 1.0]


def test_window_reads_the_neighbours() -> None:
    lines = ["short", PROSE, "Share this article", "tail line"]
    X = line_features(lines, MATCHER)
    col = {name: i for i, name in enumerate(LINE_FEATURES)}
    assert X[1, col["prev1_log_chars"]] == X[0, col["log_chars"]]
    assert X[1, col["next1_phrase_rule"]] == 1.0
    assert X[0, col["next2_phrase_rule"]] == 1.0
    assert X[3, col["prev2_ends_sentence"]] == 1.0
    assert X[0, col["prev1_log_chars"]] == -1.0  # no line before the first
    assert X[3, col["next2_log_chars"]] == -1.0


def test_distance_to_prose() -> None:
    lines = ["Menu", PROSE, "Caption", PROSE.replace("library", "pool"), "Footer"]
    assert feature(lines, "lines_since_prose") == [5, 5, 1, 2, 1]
    assert feature(lines, "lines_to_prose") == [1, 2, 1, 5, 5]


# --- the shipped model ---------------------------------------------------------------------

def test_shipped_model_loads_with_these_features() -> None:
    model = default_lines_model()
    assert model is not None, f"{LINES_MODEL_PATH} is missing: run python -m cleaners.train_lines"
    assert model.features == LINE_FEATURES
    assert 0.0 < model.threshold < 1.0
    assert default_lines_model() is model  # loaded once per process
    assert LINES_MODEL_PATH.stat().st_size < 500_000


def test_shipped_model_pins_its_decisions() -> None:
    from cleaners.train_lines import PINNED_TEXT, dump_lines

    model = default_lines_model()
    chances = model.predict(line_features(dump_lines(PINNED_TEXT), MATCHER))
    assert chances.tolist() == pytest.approx(model.meta["pinned"]["chances"], abs=1e-5)


def test_shipped_model_keeps_prose_drops_furniture() -> None:
    from cleaners.train_lines import PINNED_TEXT

    kept, removed = clean_lines_learned(PINNED_TEXT, MATCHER)
    assert any(line.startswith("Heavy snow closed") for line in kept)
    assert any(line.startswith("Drivers were told") for line in kept)
    for cruft in ("Share this article", "Related stories", "Privacy policy | Terms of use | Contact us"):
        assert cruft not in kept


# --- cleaning ------------------------------------------------------------------------------

def keep_all_model() -> BlockModel:
    """A model without trees (probability 0.5 everywhere) that keeps every line."""
    return BlockModel.from_lightgbm({"tree_info": []}, LINE_FEATURES, 0.0, {})


def test_phrase_rules_veto_the_model() -> None:
    text = f"{PROSE}\n\nShare this article\n\nNo time to read?\n\n{PROSE}"
    kept, removed = clean_lines_learned(text, MATCHER, model=keep_all_model())
    assert kept == [PROSE, PROSE]
    assert [rule for rule, _ in removed] == ["share", "summary-widget"]


def test_model_removals_are_named() -> None:
    drop_all = BlockModel.from_lightgbm({"tree_info": []}, LINE_FEATURES, 0.9, {})
    kept, removed = clean_lines_learned(f"{PROSE}\nShare this article", MATCHER, model=drop_all)
    assert kept == []
    assert removed == [(MODEL_RULE, PROSE), ("share", "Share this article")]


WIDGET_DUMP = """Harbour bridge reopens after two years of repairs

No time to read?
Get a summary

The harbour bridge reopened to traffic on Monday morning, two years after engineers found cracks in its main supports and closed it for repairs.

Crews replaced more than four hundred steel plates and repainted the whole span, the city's transport department said in a statement.

Commuters who had been taking a ferry or a long detour around the bay said the reopening would cut their journeys by half an hour each way.

The department said the repairs came in under budget, and that the bridge would now be inspected every six months rather than once a year.

Local shops near the northern end of the bridge, many of which lost trade during the closure, planned a street festival for the weekend.

A ferry service added during the repairs will keep running until the end of the month, so that passengers have time to change their plans.

No time to read?
Get a summary
Previous Article

Council approves new budget for schools and parks

Next Article

Rain expected to return later in the week
"""


def test_widgets_and_article_links_removed() -> None:
    kept, removed = clean_lines_learned(WIDGET_DUMP, MATCHER)
    assert kept[0] == "Harbour bridge reopens after two years of repairs"
    assert len(kept) == 7 and all(line.endswith(".") for line in kept[1:])
    assert {line for _, line in removed} == {
        "No time to read?", "Get a summary", "Previous Article", "Next Article",
        "Council approves new budget for schools and parks", "Rain expected to return later in the week"}


SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_22cdab1bd1da2afc.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed dump is not beside the repository")
def test_seed_dump_cleaned_as_well_as_the_rules() -> None:
    text = SEED.read_text(encoding="utf-8")
    expected, _ = Cleaner().clean_text_lines(text)
    kept, _ = clean_lines_learned(text, MATCHER)
    assert kept == expected
    assert len(kept) == 7  # the title and six paragraphs


# --- training ------------------------------------------------------------------------------

def tiny_corpus() -> list[dict]:
    records = []
    for i, site in enumerate(("alpha.example", "beta.example", "gamma.example") * 2):
        story = [f"Story {i} sentence {k} tells what happened in the town of {site} on day {k}, and why it matters."
                 for k in range(4)]
        dump = "\n\n".join(["Home | News | Sport", f"Headline number {i} of the day", *story,
                            "Share this article", "Related stories", "Copyright Example Media"])
        records.append({"id": f"r{i}", "url": f"https://www.{site}/story-{i}", "title": f"Headline number {i} of the day",
                        "body": "\n\n".join([f"Headline number {i} of the day", *story]),
                        "dump_readability": "\n\n".join([f"Headline number {i} of the day", *story]),
                        "dump_fullpage": dump})
    return records


def test_training_on_a_tiny_corpus_writes_a_working_model(tmp_path: Path) -> None:
    pytest.importorskip("lightgbm")
    from cleaners.train_lines import PARAMS, train

    params = dict(PARAMS, n_estimators=20, min_child_samples=2, num_leaves=4, max_depth=3, subsample=1.0)
    out = tmp_path / "lines.json"
    train({"wcxb": tiny_corpus()}, out, params=params, progress=False)
    model = BlockModel.from_json(out.read_text(encoding="utf-8"))
    assert model.features == LINE_FEATURES
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["pinned"]["chances"]
    record = tiny_corpus()[0]
    kept, removed = clean_lines_learned(record["dump_fullpage"], MATCHER, None, record["url"], record["title"], model=model)
    assert "Story 0 sentence 2 tells what happened in the town of alpha.example on day 2, and why it matters." in kept
    assert "Home | News | Sport" not in kept and "Share this article" not in kept


def test_own_title_and_relative_features() -> None:
    lines = ["Bridge reopens", PROSE, "Menu"]
    assert feature(lines, "own_title", title="Bridge Reopens") == [1.0, 0.0, 0.0]
    assert feature(lines, "own_title") == [0.0, 0.0, 0.0]
    longer = feature(lines, "chars_vs_median")
    assert longer[1] > 0 > longer[2] and longer[0] == 0.0


def test_a_cleaner_opts_in_to_the_line_model() -> None:
    from cleaners import CleanerOptions

    story = ("The council voted on Tuesday to rebuild the old bridge over the river, after years of "
             "debate about its cost and the traffic it would bring into the town centre.")
    dump = f"Bridge to be rebuilt\n\nNo time to read?\n\nGet a summary\n\n{story}\n\n{story.replace('council', 'mayor')}"
    kept, removed = Cleaner(CleanerOptions(line_model=default_lines_model())).clean_text_lines(dump)
    assert story in kept
    assert "No time to read?" not in kept and "Get a summary" not in kept
    assert Cleaner().options.line_model is None  # not yet the default
