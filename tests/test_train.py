"""Training: a tiny corpus of the golden pages gives a working model, cross-validated by site."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

pytest.importorskip("lightgbm")
pytest.importorskip("sklearn")

from cleaners import Cleaner, CleanerOptions  # noqa: E402
from cleaners import train  # noqa: E402
from cleaners._model import BlockModel  # noqa: E402

from .conftest import all_page_cases  # noqa: E402

ARTICLES = [c for c in all_page_cases() if c.meta["page_type"] == "article" and c.expected_text]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "golden.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for case in ARTICLES:
            html = case.body.decode(case.meta.get("encoding", "utf-8"), errors="replace")
            f.write(json.dumps({"id": case.name, "url": case.url, "html": html, "body": case.expected_text}) + "\n")
    return path


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
    case = ARTICLES[0]
    result = Cleaner(CleanerOptions(block_model=model)).clean_html(case.body, url=case.url)
    assert len(result.text) > 200


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
        ({"news": 0.90, "web": 0.80, "docs": 0.70}, False),  # no gain
    ],
    ids=["one-gains-none-loses", "one-loses", "no-gain"],
)
def test_a_group_leaves_the_prose_cut_only_when_no_corpus_loses(after, taken):
    before = {"news": 0.90, "web": 0.80, "docs": 0.70}
    assert train.spares(before, after) is taken
