"""Training the listing pages' block model: a tiny corpus gives a working model, its cut chosen
out of fold by site."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("lightgbm")
pytest.importorskip("sklearn")

from cleaners import train, train_listing  # noqa: E402
from cleaners._features import LISTING_FEATURES  # noqa: E402
from cleaners._model import BlockModel  # noqa: E402

from .conftest import FIXTURES, all_page_cases  # noqa: E402

# pages with a true text of their own (the golden articles): what the trainer needs of a corpus
PAGES = [c for c in all_page_cases() if c.expected_text]


@pytest.fixture(scope="module")
def data():
    records = [{"id": c.name, "url": c.url, "body": c.expected_text,
                "html": c.body.decode(c.meta.get("encoding", "utf-8"), errors="replace")} for c in PAGES]
    # the listing model's columns, as train_listing builds them
    return train.build_dataset({"golden": records}, progress=False, features=LISTING_FEATURES)


def test_the_cut_is_the_best_of_the_tried_ones_on_the_chances(data):
    perfect = data.y.astype(float)
    assert train_listing.pick_threshold(data, perfect) in train_listing.THRESHOLDS
    # with chances that are the labels themselves, every cut keeps exactly the content
    cut = train_listing.pick_threshold(data, perfect)
    assert ((perfect >= cut) == data.y.astype(bool)).all()
    # and of cuts that score alike, the highest (the one keeping the least) is taken
    assert cut == max(train_listing.THRESHOLDS)


def test_the_cut_keeps_the_content_and_leaves_what_scores_below_it(data):
    content = data.y.astype(bool)
    chance = np.where(content, 0.3, 0.25)
    assert train_listing.pick_threshold(data, chance) == 0.3


@pytest.mark.skipif(not (train.DEFAULT_SHARED / "eval" / "score.py").exists(),
                    reason="the shared scorer is not beside the repository")
def test_with_the_scorer_the_cut_is_chosen_by_f1_alone(data):
    scorer = train.load_scorer(train.DEFAULT_SHARED)
    recs = [{"id": p["id"], "body": p["body"]} for p in data.pages]
    chance = np.random.default_rng(5).random(len(data.y)) * 0.5 + data.y * 0.3
    f1 = {t: scorer.score(recs, train.block_texts(data, chance >= t))["f1"] for t in train_listing.THRESHOLDS}
    within = [t for t, f in f1.items() if f >= max(f1.values()) - train_listing.F1_TIE - 1e-12]
    assert train_listing.pick_threshold(data, chance, scorer) == max(within)


def test_training_writes_a_working_model_with_one_cut(data, tmp_path):
    models, tests, chance = train.cross_validate(data, 3, train_listing.PARAMS, train_listing.MEMBERS)
    assert len(models) == 3 and chance.shape == data.y.shape
    cut = train_listing.pick_threshold(data, chance)
    model = train.fit(data, params=train_listing.PARAMS, threshold=cut, meta={"kind": "listing-blocks"},
                      pages=train.pinned_pages(train_listing.PINNED_PAGES), members=train_listing.MEMBERS)
    again = BlockModel.from_json(model.to_json())
    assert again.features == LISTING_FEATURES and again.threshold == cut and again.restore_threshold is None
    assert set(again.meta["pinned"]) == set(train_listing.PINNED_PAGES)
    np.testing.assert_allclose(again.predict(data.X), model.predict(data.X))
    # in-sample it tells the pages' text from the rest
    kept = again.predict(data.X) >= cut
    assert (kept == data.y.astype(bool)).mean() > 0.9


def test_the_cleaner_is_scored_with_and_without_the_listing_model(data):
    folder = FIXTURES / "listing-guides"
    case = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    page = {"id": "guides", "url": case["url"], "html": (folder / "page.html").read_text(encoding="utf-8")}
    without = train_listing.predictions([page], None)["guides"]
    assert "No digging needed: earth up as the shoots grow" in without
    assert not any(cruft in without for cruft in case["must_not_contain"])
    # a listing model that keeps every block (its cut at 0) is the one that decides: the menu stays
    keep_all = train.fit(data, params=train_listing.PARAMS, threshold=0.0, members=train_listing.MEMBERS)
    with_model = train_listing.predictions([page], keep_all)["guides"]
    assert "Building raised beds that last" in with_model and "Recipes" in with_model
    assert "No digging needed: earth up as the shoots grow" in with_model


def test_a_missing_corpus_is_a_clear_error(tmp_path, capsys):
    assert train_listing.main(["--shared", str(tmp_path), "--cv-only"]) == 2
    assert "not found" in capsys.readouterr().err
