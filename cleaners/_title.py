"""The learned choice of a page's title among its candidates.

Every string the page offers as its title is a candidate: the rules' own pick, the JSON-LD
`headline`, `og:title`, `twitter:title` and `<title>` (each also without its site-name part) and
the first three `<h1>`s, one row a distinct string. Each is described by which sources give it,
its length and shape and how far the other candidates and the address agree with it; small
gradient-boosted trees, fitted by `python -m cleaners.train_title` and shipped as
`cleaners/models/title.json`, give each row a probability and the most likely one is the title.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape as html_unescape
from pathlib import Path
from typing import Callable

import numpy as np

from ._model import CandidateModel, read_shipped

__all__ = ["TITLE_FEATURES", "TITLE_MODEL_PATH", "TITLE_SOURCES", "TitleCandidate", "TitleModel",
           "default_title_model", "title_candidates", "title_features"]


TITLE_MODEL_PATH = Path(__file__).with_name("models") / "title.json"

#: Where a candidate comes from ("_cut": the same source less its site-name part).
TITLE_SOURCES = ("rule", "jsonld", "jsonld_cut", "og", "og_cut", "twitter", "twitter_cut", "title", "title_cut",
                 "h1_0", "h1_1", "h1_2")
#: The features of a candidate, in the model's column order.
TITLE_FEATURES = tuple(f"from_{s}" for s in TITLE_SOURCES) + (
    "sources", "candidates", "news", "words", "log_chars", "slug_share", "overlap", "separator", "colon",
    "typographic_quotes", "year", "upper", "rule_overlap", "rule_length")

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_SEPARATOR = re.compile(r"(?<!\s)\s+[|\u2013\u2014\-·•»/]\s+")
_QUOTES = re.compile("[\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb]")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Longest string taken as a candidate, in characters.
MAX_CHARS = 400


@dataclass
class TitleCandidate:
    """One distinct string the page offers as its title, and the sources that give it."""

    text: str
    sources: set[str]


def _norm(text: str | None) -> str | None:
    if not text:
        return None
    text = _WS.sub(" ", html_unescape(text)).strip()
    return text if 0 < len(text) <= MAX_CHARS else None


def title_candidates(rule: str | None, declared: dict[str, str | None], h1s: list[str],
                     cut: Callable[[str], str]) -> list[TitleCandidate]:
    """The distinct candidates: the rules' pick, each declared title (`declared`: source name to
    text, for "jsonld", "og", "twitter", "title") as given and `cut` of its site-name part, and the
    first three <h1>s."""
    found: dict[str, TitleCandidate] = {}

    def add(text: str | None, source: str) -> None:
        text = _norm(text)
        if text:
            found.setdefault(text, TitleCandidate(text, set())).sources.add(source)

    add(rule, "rule")
    for source, text in declared.items():
        text = _norm(text)
        if text:
            add(text, source)
            add(cut(text), f"{source}_cut")
    for i, text in enumerate(h1s[:3]):
        add(text, f"h1_{i}")
    return list(found.values())


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def title_features(candidates: list[TitleCandidate], news: bool, slug: set[str]) -> np.ndarray:
    """One row of TITLE_FEATURES a candidate."""
    words = [_words(c.text) for c in candidates]
    X = np.zeros((len(candidates), len(TITLE_FEATURES)), dtype=np.float64)
    n = len(candidates)
    rule = next((i for i, c in enumerate(candidates) if "rule" in c.sources), None)
    for i, c in enumerate(candidates):
        row = [1.0 if s in c.sources else 0.0 for s in TITLE_SOURCES]
        others = [len(words[i] & words[j]) / max(1, len(words[i] | words[j])) for j in range(n) if j != i]
        row += [
            float(len(c.sources)), float(n), float(news), float(len(words[i])), math.log1p(len(c.text)),
            len(words[i] & slug) / len(words[i]) if words[i] and slug else 0.0,
            sum(others) / len(others) if others else 1.0,
            1.0 if _SEPARATOR.search(c.text) else 0.0, 1.0 if ":" in c.text else 0.0,
            1.0 if _QUOTES.search(c.text) else 0.0, 1.0 if _YEAR.search(c.text) else 0.0,
            1.0 if c.text.isupper() else 0.0,
            # how far it agrees with the rules' pick: shared words, and its length beside it
            len(words[i] & words[rule]) / max(1, len(words[i] | words[rule])) if rule is not None else -1.0,
            len(c.text) / len(candidates[rule].text) if rule is not None else -1.0,
        ]
        X[i] = row
    return X


class TitleModel(CandidateModel):
    """Trees that give each candidate the probability that it is the page's title."""

    FEATURES = TITLE_FEATURES
    RETRAIN = "python -m cleaners.train_title"

    def choose(self, candidates: list[TitleCandidate], X: np.ndarray) -> str:
        """The most likely candidate's text."""
        return candidates[self.best(X)].text


@lru_cache(maxsize=1)
def default_title_model() -> TitleModel | None:
    """The title model shipped in the package, loaded once per process (None if missing or fitted
    on other features: the rules decide then)."""
    return read_shipped(TITLE_MODEL_PATH, TitleModel.from_json, "title")
