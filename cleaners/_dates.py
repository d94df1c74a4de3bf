"""The learned choice of a page's publication date among the days it offers.

Every day the page states is a candidate: the rules' own pick, the JSON-LD `datePublished` of its
first two nodes that have one and the first `dateModified`, the date meta tags (publication and
modification), the first three dates written under the headline (each also counted by the label
before it: a revision's, "Updated"; a publication's, "Published"; none), the date right above the
headline, and the first three `<time datetime>`. One row a distinct day, described by which
sources give it, how many agree, whether it is the latest or the earliest, its distance from the
rules' pick, and the page's kind. Small gradient-boosted trees, fitted by
`python -m cleaners.train_dates` and shipped as `cleaners/models/dates.json`, give each row a
probability and the most likely day is the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from ._model import CandidateModel, read_shipped

__all__ = ["DATE_FEATURES", "DATE_MODEL_PATH", "DATE_SOURCES", "DateCandidate", "DateModel", "date_features",
           "default_date_model"]

DATE_MODEL_PATH = Path(__file__).with_name("models") / "dates.json"

#: Where a candidate day comes from ("shown_*": the first dates written under the headline; the
#: "shown_updated"/"shown_published"/"shown_plain" and "above_*" ones count them by their label).
DATE_SOURCES = ("rule", "published_0", "published_1", "meta_published", "modified", "meta_modified",
                "shown_0", "shown_1", "shown_2", "shown_updated", "shown_published", "shown_plain",
                "above", "above_updated", "above_plain", "time_0", "time_1", "time_2")
#: The features of a candidate, in the model's column order.
DATE_FEATURES = tuple(f"from_{s}" for s in DATE_SOURCES) + (
    "sources", "candidates", "news", "jsonld_article", "latest", "earliest", "years_from_rule",
    "declares_published", "declares_modified")


@dataclass
class DateCandidate:
    """One distinct day the page states (YYYY-MM-DD), the first full value given for it (with
    its time and offset when a source has them), and how many times each source gives it."""

    day: str
    value: str
    sources: dict[str, int]


def _ordinal(day: str) -> int | None:
    try:
        return date.fromisoformat(day).toordinal()
    except ValueError:
        return None


def date_features(candidates: list[DateCandidate], news: bool, jsonld_article: bool) -> np.ndarray:
    """One row of DATE_FEATURES a candidate."""
    X = np.zeros((len(candidates), len(DATE_FEATURES)), dtype=np.float64)
    days = [_ordinal(c.day) for c in candidates]
    known = [d for d in days if d is not None]
    rule = next((days[i] for i, c in enumerate(candidates) if "rule" in c.sources), None)
    declares_published = any(s in c.sources for c in candidates for s in ("published_0", "published_1", "meta_published"))
    declares_modified = any(s in c.sources for c in candidates for s in ("modified", "meta_modified"))
    for i, c in enumerate(candidates):
        row = [float(c.sources.get(s, 0)) for s in DATE_SOURCES]
        row += [
            float(len(c.sources)), float(len(candidates)), float(news), float(jsonld_article),
            1.0 if days[i] is not None and days[i] == max(known) else 0.0,
            1.0 if days[i] is not None and days[i] == min(known) else 0.0,
            (days[i] - rule) / 365 if days[i] is not None and rule is not None else 0.0,
            float(declares_published), float(declares_modified),
        ]
        X[i] = row
    return X


class DateModel(CandidateModel):
    """Trees that give each candidate day the probability that it is the publication date."""

    FEATURES = DATE_FEATURES
    RETRAIN = "python -m cleaners.train_dates"

    def choose(self, candidates: list[DateCandidate], X: np.ndarray) -> DateCandidate:
        """The most likely candidate."""
        return candidates[self.best(X)]


@lru_cache(maxsize=1)
def default_date_model() -> DateModel | None:
    """The date model shipped in the package, loaded once per process (None if missing or fitted
    on other features: the rules decide then)."""
    return read_shipped(DATE_MODEL_PATH, DateModel.from_json, "date")
