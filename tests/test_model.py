"""The shipped block model: it loads, reads the code's features, and decides as trained."""

from __future__ import annotations

import numpy as np
import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._features import FEATURES, KIND_FEATURES, LISTING_FEATURES
from cleaners._model import (LISTING_MODEL_PATH, MODEL_PATH, PROSE_MIN_CHARS, PROSE_OUTWEIGH_SHARE, BlockModel,
                             decide, default_listing_model, default_model, prose_blocks, read_model, read_shipped)

from .conftest import page_case

# One split on feature 1 at 0.5: below, a log-odds of -2; above, +2.
STUMP = {"tree_info": [{"tree_structure": {
    "split_feature": 1, "threshold": 0.5, "decision_type": "<=",
    "left_child": {"leaf_value": -2.0}, "right_child": {"leaf_value": 2.0},
}}]}


def test_the_shipped_model_loads_once_per_process():
    assert MODEL_PATH.exists()
    assert default_model() is default_model()


def test_the_shipped_model_reads_the_codes_feature_list():
    assert default_model().features == FEATURES


def test_the_shipped_model_is_small():
    assert MODEL_PATH.stat().st_size < 2_000_000


def test_the_shipped_model_records_how_it_was_trained():
    meta = default_model().meta
    assert set(meta["corpora"]) >= {"wcxb", "fundus-dev"}
    assert meta["folds"] >= 2
    assert meta["pinned"]
    # the mean of two fits (cleaners.train.MEMBERS): the second's leaves must weigh more
    assert meta["members"] == [{}, {"min_sum_hessian_in_leaf": 3.0}]


SHIPPED = {"blocks": default_model, "listing": default_listing_model}


@pytest.mark.parametrize(("model_name", "name"), [(m, page) for m, load in SHIPPED.items()
                                                  for page in sorted(load().meta["pinned"])])
def test_the_shipped_models_give_the_training_runs_chances_on_pinned_pages(model_name, name):
    case = page_case(name)
    model = SHIPPED[model_name]()
    X = Cleaner(CleanerOptions(block_model=None)).features(case.body, case.url, model.features)[1]
    expected = np.array(model.meta["pinned"][name])
    got = model.predict(X)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=2e-6)
    assert ((got >= model.threshold) == (expected >= model.threshold)).all()


def test_the_shipped_listing_model_loads_once_and_reads_the_codes_features():
    assert LISTING_MODEL_PATH.exists() and LISTING_MODEL_PATH.stat().st_size < 500_000
    assert default_listing_model() is default_listing_model()
    model = default_listing_model()
    # the article model's features, then what each block shares with the blocks of its kind
    assert model.features == LISTING_FEATURES == FEATURES + KIND_FEATURES
    assert model.meta["kind"] == "listing-blocks" and "wcxb-pagetypes" in model.meta["corpora"]
    assert model.meta["folds"] >= 2 and model.meta["pinned"]
    # one cut for every block: no second chances tuned for articles
    assert model.context_threshold is None and model.prose_threshold is None


def test_trees_go_left_at_or_below_the_threshold():
    model = BlockModel.from_lightgbm(STUMP, ("a", "b"), 0.5, {})
    chances = model.predict(np.array([[9.0, 0.5], [9.0, 0.6]]))
    np.testing.assert_allclose(chances, [1 / (1 + np.exp(2)), 1 / (1 + np.exp(-2))])


def test_a_model_survives_its_json():
    model = BlockModel.from_lightgbm(STUMP, ("a", "b"), 0.4, {"trained": "today"})
    again = BlockModel.from_json(model.to_json())
    X = np.array([[0.0, 0.1], [0.0, 0.9]])
    np.testing.assert_array_equal(model.predict(X), again.predict(X))
    assert again.threshold == 0.4 and again.meta == {"trained": "today"}
    assert again.decision() == model.decision()
    prose = BlockModel(**{**model.__dict__, "prose_threshold": 0.3, "thin_chars": 1500.0, "prose_groups": ("navigation",),
                          "prose_outweigh_groups": ("navigation",)})
    assert BlockModel.from_json(prose.to_json()).decision() == prose.decision()
    assert prose.decision()["prose_outweigh_groups"] == ("navigation",)


#: chances of six blocks in page order; the rules kept the last two; the first four are one box
CHANCES = np.array([0.55, 0.5, 0.62, 0.8, 0.9, 0.3])
RULES_KEEP = np.array([False, False, False, False, True, True])
BOX = np.array([7, 7, 7, 7, 0, 0])


def test_removed_blocks_come_back_above_the_restore_threshold_only():
    keep = decide(CHANCES, RULES_KEEP, BOX, 0.4, 0.7)
    assert keep.tolist() == [False, False, False, True, True, False]


def test_a_removed_run_comes_back_beside_a_block_of_its_box_that_came_back():
    keep = decide(CHANCES, RULES_KEEP, BOX, 0.4, 0.7, context_threshold=0.5)
    assert keep.tolist() == [True, True, True, True, True, False]


def test_the_run_stops_at_a_block_below_the_context_threshold_or_of_another_box():
    assert decide(CHANCES, RULES_KEEP, BOX, 0.4, 0.7, context_threshold=0.52).tolist() == [False, False, True, True, True, False]
    other_box = np.array([7, 7, 8, 7, 0, 0])
    assert decide(CHANCES, RULES_KEEP, other_box, 0.4, 0.7, context_threshold=0.5).tolist() == [False, False, False, True, True, False]


def test_blocks_the_rules_kept_never_pull_removed_ones_back():
    keep = decide(np.array([0.6, 0.9]), np.array([False, True]), np.array([3, 3]), 0.4, 0.7, context_threshold=0.5)
    assert keep.tolist() == [False, True]


def test_a_model_refuses_rows_of_another_width():
    model = BlockModel.from_lightgbm(STUMP, ("a", "b"), 0.5, {})
    with pytest.raises(ValueError, match="expected 2 features"):
        model.predict(np.zeros((1, 3)))


def test_json_of_another_format_is_refused():
    with pytest.raises(ValueError, match="not a block model"):
        BlockModel.from_json('{"format": "something-else"}')


def test_a_shipped_model_file_that_is_missing_or_refused_leaves_the_rules_to_decide(tmp_path, caplog):
    assert read_shipped(tmp_path / "missing.json", BlockModel.from_json, "block") is None
    refused = tmp_path / "other.json"
    refused.write_text('{"format": "something-else"}', encoding="utf-8")
    assert read_shipped(refused, BlockModel.from_json, "block") is None
    assert "block model not used: not a block model" in caplog.text
    shipped = read_shipped(MODEL_PATH, BlockModel.from_json, "block")
    assert shipped is not None and shipped.features == default_model().features


def test_a_model_file_of_other_features_leaves_the_rules_to_decide(tmp_path, caplog):
    stale = tmp_path / "stale.json"
    stale.write_text(BlockModel.from_lightgbm(STUMP, ("a", "b"), 0.5, {}).to_json(), encoding="utf-8")
    assert read_model(stale, "block", FEATURES) is None
    assert "block model not used: fitted on 2 features" in caplog.text
    assert read_model(stale, "block", ("a", "b")) is not None
    assert read_model(tmp_path / "missing.json", "block", FEATURES) is None


def test_without_a_model_the_rules_alone_decide():
    case = page_case("en-news-semantic")
    rules_only = Cleaner(CleanerOptions(block_model=None)).clean_html(case.body, url=case.url)
    assert rules_only.text
    assert not any(r.rule == "block-model" for r in rules_only.removed)


def test_many_rows_are_evaluated_in_chunks_with_the_same_result():
    model = default_model()
    rng = np.random.default_rng(3)
    X = rng.random((5000, len(FEATURES))).astype(np.float32)
    whole = np.concatenate([model.predict(X[:2000]), model.predict(X[2000:4000]), model.predict(X[4000:])])
    np.testing.assert_allclose(model.predict(X), whole)


def test_a_lead_outside_the_main_region_comes_back_beside_its_kept_text():
    chances = np.array([0.6, 0.6, 0.95, 0.9])
    rules_keep = np.array([False, False, True, True])
    box = np.array([-2, -2, 0, 0])
    joins_main = np.array([True, True, False, False])
    assert decide(chances, rules_keep, box, 0.4, 0.8, 0.5).tolist() == [False, False, True, True]
    assert decide(chances, rules_keep, box, 0.4, 0.8, 0.5, joins_main).tolist() == [True, True, True, True]
    # never across two pages' blocks given at once
    page = np.array([0, 1, 1, 1])
    assert decide(chances, rules_keep, box, 0.4, 0.8, 0.5, joins_main, page).tolist() == [False, True, True, True]


#: features of the prose tests: a block's length, links, the rules' named box and the main region
PROSE_FEATURES = ("log_chars", "link_density", "pruned_navigation", "pruned_comments", "in_main")


def prose_rows(*rows: tuple[int, float, int, int, int]) -> np.ndarray:
    """Rows of PROSE_FEATURES from (characters, link density, navigation box, comments box, in main)."""
    return np.array([[np.log1p(c), ld, nav, com, main] for c, ld, nav, com, main in rows])


def test_prose_is_a_long_block_with_few_links_removed_from_a_named_box_of_a_thin_page():
    X = prose_rows(
        (800, 0.0, 0, 0, 1),  # the rules kept this: the page's whole kept text
        (600, 0.02, 1, 0, 0),  # prose in a navigation box
        (600, 0.5, 1, 0, 0),  # links in a navigation box
        (PROSE_MIN_CHARS - 50, 0.0, 1, 0, 0),  # too short
        (600, 0.0, 0, 1, 0),  # prose in a comments box, a group not given
        (600, 0.0, 0, 0, 0),  # in no named box
    )
    rules_keep = np.array([True, False, False, False, False, False])
    found = prose_blocks(X, PROSE_FEATURES, rules_keep, ("navigation",), 1500.0)
    assert found.tolist() == [False, True, False, False, False, False]
    # a page whose rules kept more than thin_chars is not thin
    assert not prose_blocks(X, PROSE_FEATURES, rules_keep, ("navigation",), 500.0).any()
    # pages given at once are each measured on their own
    page = np.array([0, 1, 1, 1, 1, 1])
    assert prose_blocks(X, PROSE_FEATURES, rules_keep, ("navigation",), 500.0, page).tolist() == found.tolist()


def test_an_outweighing_groups_prose_comes_back_only_where_it_outweighs_what_the_rules_kept():
    # a short story the rules kept (1,800 characters), and a navigation box's paragraph beside it:
    # a box of its kind, not the story
    beside = prose_rows((1800, 0.0, 0, 0, 1), (300, 0.0, 1, 0, 0), (300, 0.0, 0, 1, 0))
    rules_keep = np.array([True, False, False])
    groups = ("navigation", "comments")
    assert prose_blocks(beside, PROSE_FEATURES, rules_keep, groups, 3000.0).tolist() == [False, True, True]
    assert prose_blocks(beside, PROSE_FEATURES, rules_keep, groups, 3000.0,
                        outweigh=("navigation",)).tolist() == [False, False, True]
    # the story itself in such boxes, the rules keeping a line: the boxes' prose outweighs it
    story = prose_rows((120, 0.0, 0, 0, 1), (700, 0.0, 1, 0, 0), (900, 0.0, 1, 0, 0), (300, 0.0, 0, 1, 0))
    rules_keep = np.array([True, False, False, False])
    assert prose_blocks(story, PROSE_FEATURES, rules_keep, groups, 3000.0,
                        outweigh=("navigation",)).tolist() == [False, True, True, True]
    # each page measured on its own: the short story beside, the boxed story after it
    both = np.vstack([beside, story])
    page = np.array([0, 0, 0, 1, 1, 1, 1])
    keep = np.array([True, False, False, True, False, False, False])
    assert prose_blocks(both, PROSE_FEATURES, keep, groups, 3000.0, page, ("navigation",)).tolist() == [
        False, False, True, False, True, True, True]
    # the share is of the characters the rules kept
    assert 300 < PROSE_OUTWEIGH_SHARE * 1800 and 700 + 900 >= PROSE_OUTWEIGH_SHARE * 120


def test_prose_comes_back_at_the_prose_threshold_and_other_removed_blocks_do_not():
    chances = np.array([0.9, 0.4, 0.4, 0.2])
    rules_keep = np.array([True, False, False, False])
    box = np.array([0, 3, 5, 3])
    prose = np.array([False, True, False, True])
    assert decide(chances, rules_keep, box, 0.45, 0.85).tolist() == [True, False, False, False]
    assert decide(chances, rules_keep, box, 0.45, 0.85, prose=prose, prose_threshold=0.35).tolist() == [True, True, False, False]
    # never higher than the restore cut
    assert decide(chances, rules_keep, box, 0.45, 0.3, prose=prose, prose_threshold=0.5).tolist() == [True, True, True, False]


def test_a_model_without_a_prose_cut_finds_no_prose():
    model = BlockModel.from_lightgbm(STUMP, PROSE_FEATURES, 0.5, {})
    X = prose_rows((100, 0.0, 0, 0, 1), (900, 0.0, 1, 0, 0))
    assert not model.prose(X, np.array([True, False])).any()
    with_cut = BlockModel(**{**model.__dict__, "prose_threshold": 0.3, "thin_chars": 1500.0, "prose_groups": ("navigation",)})
    assert with_cut.prose(X, np.array([True, False])).tolist() == [False, True]
