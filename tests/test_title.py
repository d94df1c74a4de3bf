"""The learned choice of the title: candidates, features, the shipped model and its training."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._metadata import extract_metadata
from cleaners._model import BlockModel
from cleaners._title import (TITLE_FEATURES, TITLE_MODEL_PATH, TITLE_SOURCES, TitleModel, default_title_model,
                             title_candidates, title_features)
from cleaners.train_title import build_titles, chosen, fit, page_rows

from .conftest import all_page_cases

FIXTURES = Path(__file__).parent / "fixtures"
KICKER = (FIXTURES / "titles" / "kicker-news.html").read_bytes()
KICKER_URL = "https://www.eastport-courier.example/news/2026/03/ferry-fares-rise-by-a-fifth"
CASES = {case.name: case for case in all_page_cases()}


def feature(X: np.ndarray, row: int, name: str) -> float:
    return float(X[row, TITLE_FEATURES.index(name)])


def test_the_shipped_model_is_loaded_once_and_reads_the_runtime_features():
    model = default_title_model()
    assert model is not None and model is default_title_model()
    assert model.trees.features == TITLE_FEATURES
    assert model.meta["kind"] == "title" and "postlight" not in model.meta["corpora"]
    assert set(model.meta["held_out"]) == {"postlight"}
    assert TITLE_MODEL_PATH.stat().st_size < 300_000
    assert Cleaner().options.title_model is model


@pytest.mark.parametrize("name", sorted(default_title_model().meta["pinned"]))
def test_the_model_gives_the_probabilities_lightgbm_gave_when_it_was_trained(name):
    """The arrays and the feature code at runtime give what the trees gave on the training rows."""
    pinned = default_title_model().meta["pinned"][name]
    candidates, X = page_rows(CASES[name].body, CASES[name].url)
    assert [c.text for c in candidates] == list(pinned)
    np.testing.assert_allclose(default_title_model().chances(X), list(pinned.values()), atol=1e-5)
    # the most likely candidate is the page's title
    assert max(pinned, key=pinned.get) == CASES[name].meta["title"]
    assert Cleaner().clean_html(CASES[name].body, url=CASES[name].url).title == CASES[name].meta["title"]


def test_candidates_of_a_news_page_with_a_kicker_a_site_name_and_a_logo_heading():
    candidates, X = page_rows(KICKER, KICKER_URL)
    sources = {c.text: c.sources for c in candidates}
    assert sources == {
        "Ferry fares rise by a fifth from April": {"rule", "og_cut", "twitter", "twitter_cut", "h1_1"},
        "Harbour Board: Ferry fares rise by a fifth from April": {"jsonld", "jsonld_cut", "title_cut"},
        "Ferry fares rise by a fifth from April | Eastport Courier": {"og"},
        "Harbour Board: Ferry fares rise by a fifth from April | Eastport Courier": {"title"},
        "Eastport Courier": {"h1_0"},
    }
    assert X.shape == (5, len(TITLE_FEATURES))
    headline, kicker, logo = 0, 1, 4
    assert candidates[headline].text == "Ferry fares rise by a fifth from April"  # the rules' pick comes first
    for i, c in enumerate(candidates):
        assert [feature(X, i, f"from_{s}") for s in TITLE_SOURCES] == [float(s in c.sources) for s in TITLE_SOURCES]
        assert feature(X, i, "sources") == len(c.sources) and feature(X, i, "candidates") == 5
        assert feature(X, i, "news") == 1.0  # a NewsArticle
    # "news 2026 03 ferry fares rise by a fifth": six of the headline's eight words
    assert feature(X, headline, "slug_share") == pytest.approx(6 / 8)
    assert feature(X, kicker, "colon") == 1.0 and feature(X, headline, "colon") == 0.0
    assert feature(X, 2, "separator") == 1.0 and feature(X, headline, "separator") == 0.0
    assert feature(X, headline, "rule_overlap") == 1.0 and feature(X, headline, "rule_length") == 1.0
    assert feature(X, logo, "rule_overlap") == 0.0 and feature(X, logo, "slug_share") == 0.0
    assert feature(X, headline, "words") == 8 and feature(X, headline, "year") == 0.0


def test_features_of_quotes_years_capitals_and_agreement():
    candidates = title_candidates("The “best” phones of 2026", {"og": "THE BEST PHONES", "title": None}, [],
                                  lambda t: t)
    X = title_features(candidates, news=False, slug={"best", "phones", "2026"})
    assert [c.text for c in candidates] == ["The “best” phones of 2026", "THE BEST PHONES"]
    assert feature(X, 0, "typographic_quotes") == 1.0 and feature(X, 0, "year") == 1.0
    assert feature(X, 1, "upper") == 1.0 and feature(X, 0, "upper") == 0.0 and feature(X, 0, "news") == 0.0
    # words compared case-folded: "the", "best", "phones" shared of five
    assert feature(X, 0, "overlap") == pytest.approx(3 / 5) == feature(X, 1, "overlap")
    assert feature(X, 1, "slug_share") == pytest.approx(2 / 3)


def test_candidates_are_distinct_whitespace_collapsed_and_entities_read():
    candidates = title_candidates(" Fish &amp; chips\n prices ", {"og": "Fish & chips prices", "title": "x" * 500},
                                  ["Fish & chips prices", "", "Other"], lambda t: t)
    assert [(c.text, sorted(c.sources)) for c in candidates] == [
        ("Fish & chips prices", ["h1_0", "og", "og_cut", "rule"]), ("Other", ["h1_2"])]  # a 500-character one is no title


def model_preferring(source: str) -> TitleModel:
    """Real trees of one split: a candidate from `source` is likely, any other not."""
    stump = {"tree_info": [{"tree_structure": {
        "split_feature": TITLE_FEATURES.index(f"from_{source}"), "threshold": 0.5, "decision_type": "<=",
        "left_child": {"leaf_value": -2.0}, "right_child": {"leaf_value": 2.0}}}]}
    return TitleModel(BlockModel.from_lightgbm(stump, TITLE_FEATURES, 0.5, {}))


def test_the_model_given_decides_and_none_leaves_the_rules():
    cleaner = Cleaner()
    doc = cleaner._parse(cleaner._decode(KICKER, None))
    assert extract_metadata(doc, KICKER_URL, None, model_preferring("jsonld"))["title"] == \
        "Harbour Board: Ferry fares rise by a fifth from April"
    assert extract_metadata(doc, KICKER_URL, None, None)["title"] == "Ferry fares rise by a fifth from April"
    assert Cleaner(CleanerOptions(title_model=model_preferring("title"))).clean_html(KICKER, url=KICKER_URL).title == \
        "Harbour Board: Ferry fares rise by a fifth from April | Eastport Courier"
    assert Cleaner(CleanerOptions(title_model=None)).clean_html(KICKER, url=KICKER_URL).title == \
        "Ferry fares rise by a fifth from April"


def test_a_model_fitted_on_other_features_is_refused():
    stump = BlockModel.from_lightgbm({"tree_info": []}, ("a", "b"), 0.5, {})
    with pytest.raises(ValueError, match="retrain"):
        TitleModel.from_json(stump.to_json())


def test_training_on_a_tiny_corpus_gives_a_working_model(tmp_path):
    """The golden pages as a corpus: the fitted model survives its JSON and picks their titles."""
    records = [{"id": name, "url": case.url, "html": case.body, "title": case.meta["title"]}
               for name, case in sorted(CASES.items()) if case.meta.get("title")]
    data = build_titles({"golden": records})
    assert len(data.pages) == len(records) and data.X.shape == (len(data.y), len(TITLE_FEATURES))
    assert all(p["truth"] in p["texts"] for p in data.pages)  # every page has its true title among the candidates
    model = fit(data)
    again = TitleModel.from_json(model.to_json())
    np.testing.assert_allclose(model.chances(data.X), again.chances(data.X), atol=1e-8)
    right = chosen(data, again.chances(data.X))
    assert sum(right.values()) == len(records)
    (tmp_path / "title.json").write_text(again.to_json(), encoding="utf-8")
    assert json.loads((tmp_path / "title.json").read_text())["features"] == list(TITLE_FEATURES)
