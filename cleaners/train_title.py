"""Fit the title model (which of a page's candidates is its title) and check it on sites it never saw.

    pip install -e '.[train]'
    python -m cleaners.train_title             # rebuild cleaners/models/title.json
    python -m cleaners.train_title --cv-only   # only the figures

Every page of the training corpora with a true title gives one row a candidate
(`cleaners._title`): the rules' pick, the declared titles with and without their site-name part
and the first three <h1>s. A row is positive when it is the true title (after whitespace collapse
and NFKC). LightGBM fits a few small trees; a page's title is its most likely candidate. Figures
per corpus: the rules alone, the model in-sample and cross-validated by site (GroupKFold on the
domain), and on the held-out corpora (never trained on) by the model fitted on all the rest.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._cleaner import Cleaner, CleanerOptions
from ._metadata import extract_metadata
from ._model import BlockModel
from ._result import CleanerError
from ._title import TITLE_FEATURES, TITLE_MODEL_PATH, TitleCandidate, TitleModel
from .train import DEFAULT_SHARED, pinned_pages, read_corpus, site_of, write_model

__all__ = ["CandidateSet", "build_titles", "page_rows", "fit", "cross_validate", "score", "main"]

#: Corpora the model is fitted on.
TRAIN_CORPORA = ("wcxb", "fundus-dev", "readability", "newspaper4k")
#: Corpora with true titles never trained on: measured by the model fitted on TRAIN_CORPORA.
HELD_OUT_CORPORA = ("postlight",)
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 8,
    "min_child_samples": 10,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
    "reg_lambda": 2.0,
    "n_estimators": 200,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "verbose": -1,
    "num_threads": 1,
}


def norm(text: str | None) -> str:
    """A title as the scorer compares it: NFKC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass
class CandidateSet:
    """The candidates' rows of many pages (titles, dates): features, labels, and which page each
    row is of."""

    X: np.ndarray
    y: np.ndarray
    page: np.ndarray  # row -> page index
    pages: list[dict] = field(default_factory=list)  # corpus, site, truth, rule, and what the candidates are

    @property
    def groups(self) -> np.ndarray:
        return np.array([self.pages[p]["site"] for p in self.page])


class Recorder:
    """Stands in for a candidate model (titles, dates): keeps the candidates and their rows, and
    returns the rules' pick (`answer` of it: the title's text, the date candidate itself)."""

    def __init__(self, features: tuple[str, ...], answer=lambda candidate: candidate) -> None:
        self.candidates: list = []
        self.X = np.zeros((0, len(features)))
        self.answer = answer

    def choose(self, candidates: list, X: np.ndarray):
        self.candidates, self.X = candidates, X
        return self.answer(next((c for c in candidates if "rule" in c.sources), candidates[0]))


def fit_trees(data: CandidateSet, rows: np.ndarray | None, params: dict, features: tuple[str, ...],
              meta: dict | None = None):
    """LightGBM's trees on `rows` of the candidates (all by default), with `params` (their
    n_estimators the rounds); returns the booster and its trees as the package stores them."""
    import lightgbm

    rows = np.arange(len(data.y)) if rows is None else rows
    settings = dict(params)
    rounds = settings.pop("n_estimators")
    booster = lightgbm.train(settings, lightgbm.Dataset(data.X[rows], label=data.y[rows], free_raw_data=False),
                             num_boost_round=rounds)
    return booster, BlockModel.from_lightgbm(booster.dump_model(), features, 0.5, dict(meta or {}))


def build_titles(corpora: dict[str, list[dict]]) -> CandidateSet:
    """The rows of every page with a true title."""
    cleaner = Cleaner(CleanerOptions(title_model=None))
    X: list[np.ndarray] = []
    y: list[np.ndarray] = []
    page: list[int] = []
    pages: list[dict] = []
    for name, records in corpora.items():
        for rec in records:
            truth = norm(rec.get("title"))
            if not truth or not rec.get("html"):
                continue
            try:
                rule, candidates, rows = _recorded(cleaner, rec["html"], rec.get("url"))
            except CleanerError:
                continue
            texts = [c.text for c in candidates]
            pages.append({"corpus": name, "site": site_of(rec), "truth": truth, "rule": norm(rule),
                          "texts": texts, "id": rec.get("id")})
            if texts:
                X.append(rows)
                y.append(np.array([norm(t) == truth for t in texts], dtype=np.float64))
                page.extend([len(pages) - 1] * len(texts))
    return CandidateSet(np.vstack(X), np.concatenate(y), np.array(page, dtype=np.intp), pages)


#: Golden pages whose candidates' probabilities, as LightGBM gave them, go into the model's meta.
PINNED_PAGES = ("en-news-semantic", "en-blog-divsoup", "de-comment-thread", "ja-news")


def page_rows(html: bytes | str, url: str | None) -> tuple[list[TitleCandidate], np.ndarray]:
    """One page's candidates and their rows, as the training run reads them."""
    return _recorded(Cleaner(CleanerOptions(title_model=None)), html, url)[1:]


def _recorded(cleaner: Cleaner, html: bytes | str, url: str | None) -> tuple[str | None, list[TitleCandidate], np.ndarray]:
    """The rules' title of a page, its candidates and their rows (CleanerError: no page)."""
    recorder = Recorder(TITLE_FEATURES, lambda candidate: candidate.text)
    rule = extract_metadata(cleaner._parse(cleaner._decode(html, None)), url, None, recorder)["title"]
    return rule, recorder.candidates, recorder.X


def fit(data: CandidateSet, rows: np.ndarray | None = None, meta: dict | None = None,
        pinned: dict[str, tuple[bytes, str | None]] | None = None) -> TitleModel:
    """Trees fitted on `rows` (all by default), with LightGBM's probabilities of the candidates of
    `pinned` pages in the model's meta (the shipped arrays must give the same)."""
    booster, trees = fit_trees(data, rows, PARAMS, TITLE_FEATURES, meta)
    model = TitleModel(trees)
    if pinned:
        pins = {}
        for name, (html, url) in pinned.items():
            candidates, X = page_rows(html, url)
            if candidates:
                pins[name] = {c.text: round(float(p), 6) for c, p in zip(candidates, booster.predict(X))}
        model.meta["pinned"] = pins
    return model


def chosen(data: CandidateSet, chances: np.ndarray) -> dict[int, bool]:
    """Page index -> whether its most likely candidate (the rules' pick where it has none) is right."""
    best: dict[int, int] = {}
    for i, p in enumerate(data.page):
        if p not in best or chances[i] > chances[best[p]]:
            best[p] = i
    return {p: (bool(data.y[best[p]]) if p in best else page["rule"] == page["truth"])
            for p, page in enumerate(data.pages)}


def score(data: CandidateSet, right: dict[int, bool], corpora: list[str] | None = None) -> dict[str, float]:
    """Share of pages whose choice is right, per corpus."""
    out: dict[str, float] = {}
    for corpus in corpora or list(dict.fromkeys(p["corpus"] for p in data.pages)):
        hits = [right[i] for i, p in enumerate(data.pages) if p["corpus"] == corpus and i in right]
        if hits:
            out[corpus] = round(float(np.mean(hits)), 3)
    return out


def cross_validate(data: CandidateSet, rows: np.ndarray, folds: int = 5) -> np.ndarray:
    """Out-of-fold chances of `rows` (whole sites to a fold); other rows 0."""
    from sklearn.model_selection import GroupKFold

    oof = np.zeros(len(data.y))
    groups = data.groups
    for train, test in GroupKFold(n_splits=folds).split(data.X[rows], groups=groups[rows]):
        oof[rows[test]] = fit(data, rows[train]).chances(data.X[rows[test]])
    return oof


def rules_right(data: CandidateSet) -> dict[int, bool]:
    """Page index -> whether the rules' pick is right."""
    return {p: page["rule"] == page["truth"] for p, page in enumerate(data.pages)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder with corpus/ (default: ../shared)")
    ap.add_argument("--out", default=str(TITLE_MODEL_PATH), help="where to write the model")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true", help="report the figures, write no model")
    args = ap.parse_args(argv)

    corpora: dict[str, list[dict]] = {}
    for name in TRAIN_CORPORA + HELD_OUT_CORPORA:
        path = Path(args.shared) / "corpus" / f"{name}.jsonl.gz"
        if path.exists():
            corpora[name] = read_corpus(path)
    trained = [c for c in TRAIN_CORPORA if c in corpora]
    if not trained:
        print(f"no training corpus ({', '.join(TRAIN_CORPORA)}) in {args.shared}/corpus", file=sys.stderr)
        return 2
    data = build_titles(corpora)
    train_rows = np.flatnonzero([data.pages[p]["corpus"] in trained for p in data.page])
    held = [c for c in HELD_OUT_CORPORA if c in corpora]
    print(f"{len(data.pages)} pages, {len(data.y)} candidates; features: {len(TITLE_FEATURES)}")

    rules = score(data, rules_right(data))
    oof = cross_validate(data, train_rows, args.folds)
    model = fit(data, train_rows, pinned=pinned_pages(PINNED_PAGES))
    all_chances = model.chances(data.X)
    cv = score(data, chosen(data, oof), trained)
    inside = score(data, chosen(data, all_chances), trained)
    held_figures = score(data, chosen(data, all_chances), held)
    pages = {c: sum(p["corpus"] == c for p in data.pages) for c in trained + held}
    print("\n| corpus | pages | the rules | learned, in-sample | learned, cross-validated by site |\n|---|---|---|---|---|")
    for c in trained:
        print(f"| {c} | {pages[c]} | {rules[c]:.3f} | {inside[c]:.3f} | {cv[c]:.3f} |")
    for c in held:
        print(f"| {c} (held out) | {pages[c]} | {rules[c]:.3f} | | {held_figures[c]:.3f} |")
    if args.cv_only:
        return 0
    meta = {
        "trained": _dt.date.today().isoformat(), "corpora": trained, "pages": sum(pages[c] for c in trained),
        "candidates": int(train_rows.size), "params": PARAMS,
        "rules": {c: rules[c] for c in trained + held}, "in_sample": inside, "cross_validated": cv,
        "held_out": held_figures, "kind": "title",
    }
    model.meta.update(meta)
    write_model(model.trees, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
