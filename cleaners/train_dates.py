"""Fit the date model (which of the days a page states is its publication date) and check it on sites it never saw.

    pip install -e '.[train]'
    python -m cleaners.train_dates             # rebuild cleaners/models/dates.json
    python -m cleaners.train_dates --cv-only   # only the figures

Every page of the training corpora with a true publication date gives one row a candidate day
(`cleaners._dates`): the rules' pick, the declared dates (JSON-LD, meta tags; published and
modified), the dates written under and above the headline with their labels, the first
`<time>` elements. A row is positive when it is the true day. LightGBM fits a few small trees; a
page's date is its most likely candidate. Figures per corpus: the rules alone, the model
in-sample and cross-validated by site (GroupKFold on the domain, and repeated over random site
folds and seeds), by a model fitted on the other corpora only, and on the held-out corpora (never
trained on) by the model fitted on all the rest.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

import numpy as np

from ._cleaner import Cleaner, CleanerOptions
from ._dates import DATE_FEATURES, DATE_MODEL_PATH, DateCandidate, DateModel
from ._metadata import extract_metadata
from ._result import CleanerError
from .train import DEFAULT_SHARED, read_corpus, site_of, write_model
from .train_title import CandidateSet, Recorder, chosen, fit_trees, rules_right, score

__all__ = ["build_dates", "page_rows", "fit", "cross_validate", "main"]

#: Corpora the model is fitted on.
TRAIN_CORPORA = ("wcxb", "fundus-dev", "readability", "newspaper4k")
#: Corpora with (noisy) true dates never trained on: measured by the model fitted on TRAIN_CORPORA.
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
    "n_estimators": 150,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "verbose": -1,
    "num_threads": 1,
}


def page_rows(html: bytes | str, url: str | None, cleaner: Cleaner | None = None) -> tuple[str | None, list[DateCandidate], np.ndarray]:
    """One page's date as the rules give it, its candidates and their rows, as the training run
    reads them (CleanerError: no page)."""
    cleaner = cleaner or Cleaner(CleanerOptions(date_model=None))
    recorder = Recorder(DATE_FEATURES)
    text = cleaner._decode(html, None)
    rule = extract_metadata(cleaner._parse(text), url, text, cleaner.options.title_model, recorder)["published"]
    return rule, recorder.candidates, recorder.X


def build_dates(corpora: dict[str, list[dict]]) -> CandidateSet:
    """The rows of every page with a true publication date."""
    cleaner = Cleaner(CleanerOptions(date_model=None))
    X: list[np.ndarray] = []
    y: list[np.ndarray] = []
    page: list[int] = []
    pages: list[dict] = []
    for name, records in corpora.items():
        for rec in records:
            truth = str(rec.get("published") or "")[:10]
            if not truth or not rec.get("html"):
                continue
            try:
                rule, candidates, rows = page_rows(rec["html"], rec.get("url"), cleaner)
            except CleanerError:
                continue
            days = [c.day for c in candidates]
            pages.append({"corpus": name, "site": site_of(rec), "truth": truth, "rule": (rule or "")[:10],
                          "days": days, "id": rec.get("id")})
            if days:
                X.append(rows)
                y.append(np.array([d == truth for d in days], dtype=np.float64))
                page.extend([len(pages) - 1] * len(days))
    return CandidateSet(np.vstack(X), np.concatenate(y), np.array(page, dtype=np.intp), pages)


def fit(data: CandidateSet, rows: np.ndarray | None = None, seed: int | None = None) -> DateModel:
    """Trees fitted on `rows` (all by default)."""
    params = PARAMS if seed is None else {**PARAMS, "seed": seed}
    return DateModel(fit_trees(data, rows, params, DATE_FEATURES)[1])


def cross_validate(data: CandidateSet, rows: np.ndarray, folds: int = 5, shuffle: int | None = None) -> np.ndarray:
    """Out-of-fold chances of `rows` (whole sites to a fold: GroupKFold, or with `shuffle` a
    random assignment of sites to folds with that seed, trees seeded alike); other rows 0."""
    oof = np.zeros(len(data.y))
    groups = data.groups[rows]
    if shuffle is None:
        from sklearn.model_selection import GroupKFold

        splits = list(GroupKFold(n_splits=folds).split(data.X[rows], groups=groups))
    else:
        sites = np.unique(groups)
        fold_of = dict(zip(sites, np.random.default_rng(shuffle).permutation(len(sites)) % folds))
        fold = np.array([fold_of[g] for g in groups])
        splits = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(folds)]
    for train, test in splits:
        oof[rows[test]] = fit(data, rows[train], seed=None if shuffle is None else shuffle + 1).chances(data.X[rows[test]])
    return oof


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder with corpus/ (default: ../shared)")
    ap.add_argument("--out", default=str(DATE_MODEL_PATH), help="where to write the model")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=4, help="random site folds to repeat the cross-validation over")
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
    from . import warm_up

    warm_up()
    data = build_dates(corpora)
    train_rows = np.flatnonzero([data.pages[p]["corpus"] in trained for p in data.page])
    held = [c for c in HELD_OUT_CORPORA if c in corpora]
    print(f"{len(data.pages)} pages, {len(data.y)} candidates; features: {len(DATE_FEATURES)}")

    rules = score(data, rules_right(data))
    ceiling = score(data, {p: page["truth"] in page["days"] or page["rule"] == page["truth"]
                           for p, page in enumerate(data.pages)})
    cv = score(data, chosen(data, cross_validate(data, train_rows, args.folds)), trained)
    repeats = [score(data, chosen(data, cross_validate(data, train_rows, args.folds, shuffle=k)), trained)
               for k in range(args.repeats)]
    corpus_of = np.array([data.pages[p]["corpus"] for p in data.page])
    without = {c: score(data, chosen(data, fit(data, train_rows[corpus_of[train_rows] != c]).chances(data.X)), [c])[c]
               for c in trained}
    model = fit(data, train_rows)
    all_chances = model.chances(data.X)
    inside = score(data, chosen(data, all_chances), trained)
    held_figures = score(data, chosen(data, all_chances), held)
    pages = {c: sum(p["corpus"] == c for p in data.pages) for c in trained + held}
    print("\n| corpus | pages | the rules | learned, in-sample | learned, cross-validated by site (GroupKFold) "
          "| the same, random site folds: mean (lowest) | trained on the other corpora only "
          "| ceiling: the true day among the candidates |\n|---|---|---|---|---|---|---|---|")
    for c in trained:
        spread = [r[c] for r in repeats]
        mean = f"{np.mean(spread):.3f} ({min(spread):.3f})" if spread else ""
        print(f"| {c} | {pages[c]} | {rules[c]:.3f} | {inside[c]:.3f} | {cv[c]:.3f} | {mean} | {without[c]:.3f} | {ceiling[c]:.3f} |")
    for c in held:
        print(f"| {c} (held out) | {pages[c]} | {rules[c]:.3f} | | {held_figures[c]:.3f} | | | {ceiling[c]:.3f} |")
    if args.cv_only:
        return 0
    model.meta.update({
        "trained": _dt.date.today().isoformat(), "corpora": trained, "pages": sum(pages[c] for c in trained),
        "candidates": int(train_rows.size), "params": PARAMS,
        "rules": {c: rules[c] for c in trained + held}, "in_sample": inside, "cross_validated": cv,
        "held_out": held_figures, "trained_on_the_others": without, "kind": "dates",
    })
    write_model(model.trees, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
