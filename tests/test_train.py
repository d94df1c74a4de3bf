"""Training: a tiny corpus of the golden pages gives a working model, cross-validated by site."""

from __future__ import annotations


import numpy as np
import pytest

pytest.importorskip("lightgbm")
pytest.importorskip("sklearn")

from cleaners import Cleaner, CleanerOptions  # noqa: E402
from cleaners import train  # noqa: E402
from cleaners._model import BlockModel  # noqa: E402

from .conftest import article_cases, write_article_corpus  # noqa: E402

ARTICLES = article_cases()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_article_corpus(tmp_path_factory.mktemp("corpus") / "golden.jsonl.gz")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The council voted on Tuesday to rebuild the bridge", True),
        ("Share this story on Facebook and Twitter now", False),
        ("Bridge", True),
        ("Home", False),
    ],
    ids=["story-sentence", "share-line", "short-in-truth", "short-not-in-truth"],
)
def test_blocks_are_labelled_by_their_overlap_with_the_truth(text, expected):
    truth = "The Bridge\n\nThe council voted on Tuesday to rebuild the bridge over the river."
    shingles = train._shingles(train._WORD.findall(truth))
    assert train.label_block(text, shingles, train._norm(truth)) is expected


@pytest.mark.parametrize(
    "record, site",
    [
        ({"id": "x", "url": "https://www.news.example/a"}, "news.example"),
        ({"id": "x", "url": "https://news.example/b", "domain": "other.example"}, "other.example"),
        ({"id": "x/1", "url": None}, "x/1"),
    ],
    ids=["host-without-www", "declared-domain", "no-url"],
)
def test_pages_are_grouped_by_site(record, site):
    assert train.site_of(record) == site


def test_folds_never_split_a_site():
    pages = [{"group": g} for g in ["a", "a", "b", "c", "c", "d"]]
    data = train.Dataset(np.zeros((0, 1)), np.zeros(0), np.zeros(0), np.zeros(0), pages)
    seen = {}
    for k, test in enumerate(train.folds(data, 3)):
        for i in test:
            assert seen.setdefault(pages[i]["group"], k) == k


def test_training_on_a_tiny_corpus_writes_a_working_model(corpus, tmp_path):
    out = tmp_path / "model.json"
    assert train.main(["--corpus", str(corpus), "--out", str(out), "--folds", "2", "--shared", str(tmp_path)]) == 0
    model = BlockModel.from_json(out.read_text(encoding="utf-8"))
    assert model.meta["corpora"] == {"golden": len(ARTICLES)}
    assert model.roots.size > 0
    # in-sample, the model gives back the golden articles' text, and little else (by word sets,
    # so a line break does not decide it)
    recalls = []
    for case in ARTICLES:
        result = Cleaner(CleanerOptions(block_model=model)).clean_html(case.body, url=case.url)
        truth, got = set(case.expected_text.split()), set(result.text.split())
        assert len(truth & got) >= 0.9 * len(got), case.name
        recalls.append(len(truth & got) / len(truth))
    assert np.mean(recalls) >= 0.95 and np.mean(np.array(recalls) >= 0.95) >= 0.9


@pytest.mark.parametrize(
    "after, taken",
    [
        ({"news": 0.91, "web": 0.82, "docs": 0.70}, True),
        ({"news": 0.95, "web": 0.80, "docs": 0.70}, False),  # one corpus only
        ({"news": 0.92, "web": 0.81, "docs": 0.60}, False),  # two gain, the mean loses
    ],
    ids=["two-corpora", "one-corpus-only", "mean-loses"],
)
def test_a_decision_change_is_taken_only_when_it_helps_more_than_one_corpus(after, taken):
    before = {"news": 0.90, "web": 0.80, "docs": 0.70}
    assert train.helps(before, after) is taken


@pytest.mark.parametrize(
    "after, taken",
    [
        ({"news": 0.91, "web": 0.80, "docs": 0.70}, True),
        ({"news": 0.92, "web": 0.799, "docs": 0.70}, False),  # one corpus loses
        ({"news": 0.90, "web": 0.80, "docs": 0.70}, True),  # no page shows the group's worth
        ({"news": 0.90, "web": 0.79995, "docs": 0.70}, True),  # a loss within the chances' noise
    ],
    ids=["one-gains-none-loses", "one-loses", "no-change", "noise"],
)
def test_a_group_leaves_the_prose_cut_when_no_corpus_loses_without_it(after, taken):
    before = {"news": 0.90, "web": 0.80, "docs": 0.70}
    assert train.costs_nothing(before, after) is taken


def test_a_gain_smaller_than_the_noise_of_the_chances_is_not_taken():
    before = {"news": 0.90, "web": 0.80}
    tiny = {c: v + train.MIN_GAIN / 2 for c, v in before.items()}
    assert not train.helps(before, tiny)
    assert train.helps(before, {c: v + 2 * train.MIN_GAIN for c, v in before.items()})


SCORER = train.DEFAULT_SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def dataset(corpus):
    return train.build_dataset({"golden": train.read_corpus(corpus)}, progress=False)


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not beside the repository")
def test_page_scores_give_the_scorers_own_figures(dataset):
    scorer = train.load_scorer(train.DEFAULT_SHARED)
    pages = train.PageScores(dataset, scorer)
    recs = [{"id": p["id"], "body": p["body"]} for p in dataset.pages]
    rng = np.random.default_rng(3)
    for keep in (train.rules_keep(dataset), rng.random(len(dataset.y)) < 0.5, np.ones(len(dataset.y), bool)):
        s = scorer.score(recs, train.block_texts(dataset, keep))
        expected = s["f1"] - train.CRUFT_LINE_COST * s["cruft_lines"] / len(recs)
        assert pages.by_corpus(keep)["golden"] == pytest.approx(expected, abs=1e-12)


def test_the_decision_is_chosen_again_the_same_and_never_below_its_start(dataset):
    chance = train.cross_validate(dataset, 2)[2]
    picked = train.pick_decision(dataset, chance)
    assert picked == train.pick_decision(dataset, chance)
    assert train.objective(dataset, picked.keep(dataset, chance)) >= train.objective(
        dataset, train.Decision().keep(dataset, chance))
    model = BlockModel(**{**train.fit(dataset).__dict__, **picked.cuts()})
    assert model.threshold == picked.threshold and model.restore_threshold >= model.threshold


def test_the_decision_leaves_out_link_lists_outside_the_main_region_as_the_cleaner_does(dataset):
    # the golden pages' menus: link lists outside the main region, never kept whatever their chance
    outside = train.unweighed(dataset)
    assert outside.any()
    verdict = dataset.X[:, train.FEATURES.index("verdict_link-list")] == 1
    assert not (outside & (dataset.X[:, train.FEATURES.index("in_main")] == 1)).any() and (outside <= verdict).all()
    certain = np.ones(len(dataset.y))
    kept = train.Decision(threshold=0.5, restore_threshold=0.5).keep(dataset, certain)
    assert not kept[outside].any() and kept[~outside & train.rules_keep(dataset)].all()
    # the other boxes the rules removed come back at that chance
    assert kept[~outside & ~train.rules_keep(dataset)].any()


def test_the_model_is_the_mean_log_odds_of_its_members_fits(dataset):
    import lightgbm

    members = ({}, {"min_sum_hessian_in_leaf": 3.0})
    model = train.fit(dataset, members=members)
    raw = []
    for member in members:
        settings = dict(train.PARAMS, **member)
        rounds = settings.pop("n_estimators")
        booster = lightgbm.train(settings, lightgbm.Dataset(dataset.X, label=dataset.y, weight=dataset.weight),
                                 num_boost_round=rounds)
        raw.append(booster.predict(dataset.X, raw_score=True))
    assert not np.allclose(raw[0], raw[1])  # the members differ
    np.testing.assert_allclose(model.predict(dataset.X), 1 / (1 + np.exp(-np.mean(raw, axis=0))), atol=1e-9)
    assert model.roots.size == sum(len(train.fit(dataset, members=(m,)).roots) for m in members)


def test_the_mean_of_one_dump_is_that_dump():
    dump = {"tree_info": [{"tree_structure": {"leaf_value": 0.5}}]}
    assert train.mean_of([dump]) is dump
    halves = train.mean_of([dump, dump])["tree_info"]
    assert [t["tree_structure"]["leaf_value"] for t in halves] == [0.25, 0.25]


def test_a_change_is_weighed_over_seeds_with_the_shipped_decision_held_and_one_searched(dataset):
    held = train.Decision(threshold=0.45, restore_threshold=0.9, context_threshold=0.55,
                          prose=train.Prose(0.25, 3000.0, ("navigation", "hidden")))
    rows = train.seed_report(dataset, [7, 11, 7], None, held, k=2)
    assert [(r["seed"], r["decision"]) for r in rows] == [
        (7, "held"), (7, "searched"), (11, "held"), (11, "searched"), (7, "held"), (7, "searched")]
    assert rows[0]["cuts"] == held and all(r["mean"] == r["golden"] for r in rows)
    # a seed's fits are the same whenever it is asked for, and another seed's are others
    assert rows[4] == rows[0] and rows[5] == rows[1]
    assert rows[2]["golden"] != rows[0]["golden"] or rows[3]["cuts"] != rows[1]["cuts"]
    # what the held decision keeps is what it keeps on those chances
    chance = train.cross_validate(dataset, 2, params={"seed": 11})[2]
    assert rows[2]["golden"] == train.objective_by_corpus(dataset, held.keep(dataset, chance))["golden"]


def test_columns_left_out_by_name_pattern_keep_every_row(dataset):
    fewer = train.without_columns(dataset, ["levels_to_class_*", "position"])
    gone = [f for f in dataset.features if f.startswith("levels_to_class_")] + ["position"]
    assert set(fewer.features) == set(dataset.features) - set(gone) and len(gone) > 2
    assert fewer.X.shape == (dataset.X.shape[0], dataset.X.shape[1] - len(gone))
    column = dataset.features.index("char_position")
    np.testing.assert_array_equal(fewer.X[:, fewer.features.index("char_position")], dataset.X[:, column])
    assert fewer.y is dataset.y and fewer.pages is dataset.pages
    with pytest.raises(ValueError, match="no feature matches levels_to_nowhere"):
        train.without_columns(dataset, ["levels_to_nowhere"])


def test_columns_are_weighed_over_seeds_by_fitting_the_folds_without_them(dataset):
    held = train.Decision(threshold=0.45, restore_threshold=0.9, context_threshold=0.55)
    rows = train.seed_report(dataset, [7], None, held, k=2, without=["in_main", "kept_share*"])
    # the folds read fewer columns; what the held decision keeps is read from the whole rows
    chance = train.cross_validate(train.without_columns(dataset, ["in_main", "kept_share*"]), 2,
                                  params={"seed": 7})[2]
    assert rows[0]["golden"] == train.objective_by_corpus(dataset, held.keep(dataset, chance))["golden"]
    whole = train.cross_validate(dataset, 2, params={"seed": 7})[2]
    assert not np.allclose(chance, whole)


@pytest.mark.parametrize(
    "extra, said",
    [(["--without", "levels_to_class_*"], "--without weighs columns over --seeds"),
     (["--seeds", "7", "--without", "no_such_column"], "no feature matches no_such_column")],
    ids=["without-seeds", "unknown-column"])
def test_columns_are_left_out_only_when_weighed_and_only_when_they_exist(corpus, tmp_path, extra, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        train.main(["--corpus", str(corpus), "--out", str(tmp_path / "model.json"), "--shared", str(tmp_path), *extra])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "model.json").exists()


def test_the_shipped_decision_is_read_from_the_model_file(tmp_path):
    shipped = train.shipped_decision(train.MODEL_PATH)
    model = BlockModel.from_json(train.MODEL_PATH.read_text(encoding="utf-8"))
    assert shipped is not None and shipped.cuts() == model.decision()
    assert train.shipped_decision(tmp_path / "none.json") is None


def test_seeds_on_the_command_line_print_the_report_and_write_no_model(corpus, tmp_path, capsys):
    out = tmp_path / "model.json"
    assert train.main(["--corpus", str(corpus), "--out", str(out), "--folds", "2", "--shared", str(tmp_path),
                       "--seeds", "7", "11"]) == 0
    printed = capsys.readouterr().out
    assert not out.exists()
    assert "| 7 | searched |" in printed and "| 11 | searched |" in printed and "| all | searched |" in printed


def test_a_decision_with_outweighing_groups_is_read_back_from_its_cuts():
    d = train.Decision(0.45, 0.9, (), 0.55, train.Prose(0.25, 3000.0, ("navigation", "consent"), ("consent",)))
    assert train.Decision.of(d.cuts()) == d
    model = BlockModel(**{**BlockModel.from_json(train.MODEL_PATH.read_text(encoding="utf-8")).__dict__, **d.cuts()})
    assert model.prose_outweigh_groups == ("consent",) and train.Decision.of(model.decision()) == d


class _Figures:
    """A stand-in for the decision search's scores: any prose cut helps both corpora; corpus "a"
    loses without the consent group's boxes, corpus "b" without the metadata group's and when the
    metadata group's must outweigh what the rules kept (a page of "b" needs such a box beside a
    kept story); the widgets group does nothing either way."""

    best, mean = train._Search.best, train._Search.mean

    def scores(self, d):
        if d.prose is None:
            return {"a": 0.90, "b": 0.90}
        a = 0.95 - 0.01 * ("consent" not in d.prose.groups)
        b = 0.95 - 0.01 * ("metadata" not in d.prose.groups) - 0.01 * ("metadata" in d.prose.outweigh)
        return {"a": a, "b": b}


def test_the_search_makes_a_prose_group_outweigh_the_rules_text_only_where_that_costs_nothing(monkeypatch):
    monkeypatch.setattr(train, "prose_groups", lambda: ("consent", "metadata", "widgets"))
    start = train.Decision(0.45, 0.9, (), None, train.Prose(0.25, 3000.0, ("consent", "metadata", "widgets")))
    d = train._prose(_Figures(), start)
    assert d.prose.groups == ("consent", "metadata") and d.prose.outweigh == ("consent",)
