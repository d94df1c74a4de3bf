"""The learned choice of the publication date: candidates, features, the model and its training."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._dates import (DATE_FEATURES, DATE_MODEL_PATH, DATE_SOURCES, DateCandidate, DateModel, date_features,
                             default_date_model)
from cleaners._metadata import extract_metadata
from cleaners._model import BlockModel
from cleaners.train_dates import build_dates, chosen, fit, page_rows

from .conftest import all_page_cases

CASES = {case.name: case for case in all_page_cases()}
URL = "https://guides.example/espresso-grinders"

# A guide that declares its first publication in the JSON-LD and shows its revision under the
# headline, with a <time> of the revision, another date after a "Published" label and one above.
GUIDE = (Path(__file__).parent / "fixtures" / "dates" / "revised-guide.html").read_bytes()


def parsed(page: bytes):
    cleaner = Cleaner(CleanerOptions(date_model=None))
    return cleaner._parse(cleaner._decode(page, None))


def feature(X: np.ndarray, row: int, name: str) -> float:
    return float(X[row, DATE_FEATURES.index(name)])


def model_preferring(source: str) -> DateModel:
    """Real trees of one split: a day from `source` is likely, any other not."""
    stump = {"tree_info": [{"tree_structure": {
        "split_feature": DATE_FEATURES.index(f"from_{source}"), "threshold": 0.5, "decision_type": "<=",
        "left_child": {"leaf_value": -2.0}, "right_child": {"leaf_value": 2.0}}}]}
    return DateModel(BlockModel.from_lightgbm(stump, DATE_FEATURES, 0.5, {}))




def test_features_of_candidates_without_the_rules_pick():
    candidates = [DateCandidate("2025-03-01", "2025-03-01", {"shown_0": 1, "shown_plain": 1}),
                  DateCandidate("2025-02-28", "2025-02-28", {"time_0": 2})]
    X = date_features(candidates, news=True, jsonld_article=False)
    assert X[:, DATE_FEATURES.index("years_from_rule")].tolist() == [0.0, 0.0]
    assert feature(X, 1, "from_time_0") == 2 and feature(X, 0, "sources") == 2 and feature(X, 0, "candidates") == 2
    assert feature(X, 0, "news") == 1 and feature(X, 0, "declares_published") == 0
    assert len(DATE_FEATURES) == len(DATE_SOURCES) + 9


def test_the_model_given_decides_and_none_leaves_the_rules():
    doc = parsed(GUIDE)
    assert extract_metadata(doc, URL, None, date_model=None)["published"] == "2024-01-29T10:00:00+01:00"
    # a day other than the rules' comes with the first full value any source gives for it
    assert extract_metadata(doc, URL, None, date_model=model_preferring("shown_updated"))["published"] == \
        "2025-08-19T09:00:00+02:00"
    assert extract_metadata(doc, URL, None, date_model=model_preferring("shown_published"))["published"] == "2024-05-02"
    # the rules' day chosen: their value stands as they wrote it
    assert extract_metadata(doc, URL, None, date_model=model_preferring("rule"))["published"] == \
        "2024-01-29T10:00:00+01:00"
    assert Cleaner(CleanerOptions(date_model=model_preferring("above"))).clean_html(GUIDE, url=URL).published == \
        "2024-01-28"


def test_a_page_with_one_day_keeps_the_rules_day():
    page = b"""<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry fares rise",
    "datePublished":"2026-03-09T07:00:00Z"}</script></head><body><h1>Ferry fares rise</h1>
    <p>Fares rise by a fifth from April, the harbour board said on Monday.</p></body></html>"""
    doc = parsed(page)
    assert extract_metadata(doc, None, None, date_model=model_preferring("time_0"))["published"] == \
        "2026-03-09T07:00:00+00:00"


def test_no_date_model_is_shipped_so_the_rules_decide():
    # measured in docs/metadata.md: its gain on wcxb is that corpus's habit of an "Updated" date
    # as the publication date, and does not carry to the other corpora
    assert not DATE_MODEL_PATH.exists()
    assert default_date_model() is None and Cleaner().options.date_model is None


def test_a_model_fitted_on_other_features_is_refused():
    stump = BlockModel.from_lightgbm({"tree_info": []}, ("a", "b"), 0.5, {})
    with pytest.raises(ValueError, match="retrain"):
        DateModel.from_json(stump.to_json())


def test_training_on_a_tiny_corpus_gives_a_working_model(tmp_path):
    """The golden pages with a date as a corpus, with the guide above: the fitted model survives
    its JSON and picks their days."""
    records = [{"id": name, "url": case.url, "html": case.body, "published": case.meta["published"]}
               for name, case in sorted(CASES.items()) if case.meta.get("published")]
    records += [{"id": f"guide-{i}", "url": f"https://guides{i}.example/grinders", "html": GUIDE,
                 "published": "2025-08-19"} for i in range(12)]
    data = build_dates({"golden": records})
    assert len(data.pages) == len(records) and data.X.shape == (len(data.y), len(DATE_FEATURES))
    rule, candidates, rows = page_rows(GUIDE, URL)
    assert rule == "2024-01-29T10:00:00+01:00" and len(candidates) == 4 and rows.shape == (4, len(DATE_FEATURES))
    model = fit(data)
    again = DateModel.from_json(model.to_json())
    np.testing.assert_allclose(model.chances(data.X), again.chances(data.X), atol=1e-8)
    right = chosen(data, again.chances(data.X))
    assert all(right[p] for p, page in enumerate(data.pages) if page["id"].startswith("guide-"))
    (tmp_path / "dates.json").write_text(again.to_json(), encoding="utf-8")
    assert json.loads((tmp_path / "dates.json").read_text())["features"] == list(DATE_FEATURES)
