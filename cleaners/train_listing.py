"""Fit the listing pages' block model and check it on sites it never saw.

    pip install -e '.[train]'
    python -m cleaners.train_listing             # rebuild cleaners/models/listing_blocks.json
    python -m cleaners.train_listing --cv-only   # only the cross-validated figures

On a page the page-type model calls a listing (an index, section, tag, archive or collection
page), what a reader came for is the list itself: the items' headlines and summaries, which the
article block model rightly drops on a story. This model decides the blocks of those pages. It
is fitted like `cleaners.train`'s, on its features and three more (`LISTING_FEATURES`: what a
block shares with the blocks of its kind, a listing's items being blocks alike), on the listing
and collection pages of `wcxb-pagetypes`, every block labelled by its overlap with the page's true text. The cut is
chosen on the out-of-fold chances of a cross-validation by site (GroupKFold on the domain), and
the whole cleaner is scored in-sample and cross-validated with the shared scorer.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import numpy as np

from ._cleaner import CleanerOptions
from ._features import LISTING_FEATURES
from ._model import LISTING_MODEL_PATH, BlockModel
from .train import (Dataset, PageScores, build_dataset, cross_validate, crossed_predictions, fit, load_scorer,
                    objective, outputs, pinned_pages, print_rows, read_corpora, score_runs, training_arguments,
                    write_model)

__all__ = ["LISTING_CORPORA", "MEMBERS", "PARAMS", "pick_threshold", "predictions", "evaluate", "main"]

#: Corpora of listing and collection pages with the true text of each.
LISTING_CORPORA = ("wcxb-pagetypes",)
#: LightGBM settings over `cleaners.train.PARAMS`: smaller trees, for some 200 pages.
PARAMS = {"num_leaves": 8, "min_child_samples": 100}
#: One fit: the block model's pair of fits, measured here, gained nothing on the listing pages.
MEMBERS: tuple[dict, ...] = ({},)
#: The cuts tried on the out-of-fold chances.
THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.2, 0.66, 0.05))
#: Out-of-fold F1 differences smaller than this are noise: among the cuts this close to the best,
#: the highest (the one keeping the least) is taken.
F1_TIE = 0.002
#: Golden pages of the test suite whose block chances the model file pins.
PINNED_PAGES = ("listing-tag", "en-news-semantic")


def pick_threshold(data: Dataset, chance: np.ndarray, scorer=None) -> float:
    """The highest cut whose F1 on these chances is within F1_TIE of the best (a block is kept at
    or above it), by the shared scorer (`load_scorer`; without it, the blocks' weighted accuracy).
    F1 alone, without the article model's cost per cruft line: on a listing, whose content is many
    short lines, that cost chose a cut four points of F1 lower."""
    pages = PageScores(data, scorer, cruft_line_cost=0.0) if scorer is not None else None
    f1 = {t: objective(data, chance >= t, pages) for t in THRESHOLDS}
    best = max(f1.values())
    return max(t for t, f in f1.items() if f >= best - F1_TIE)


def predictions(pages: list[dict], model: BlockModel | None) -> dict[str, str]:
    """What the whole cleaner outputs for each page with this listing model (None: without one)."""
    return outputs(pages, CleanerOptions(listing_model=model))


def evaluate(data: Dataset, models: list[BlockModel], test_pages: list[np.ndarray], final: BlockModel,
             scorer) -> list[dict]:
    """Per corpus: the cleaner without a listing model, with the final one (in-sample), and with
    the model of the fold that left each page's site out (cross-validated)."""
    return score_runs(data, scorer, {
        "article model": predictions(data.pages, None),
        "in-sample": predictions(data.pages, final),
        "cross-validated": crossed_predictions(data, models, test_pages, final, predictions),
    })


def main(argv: list[str] | None = None) -> int:
    args = training_arguments(__doc__.split("\n\n")[0], "listing corpora", LISTING_MODEL_PATH).parse_args(argv)
    shared = Path(args.shared)
    corpora = read_corpora(shared, LISTING_CORPORA, args.corpus)
    if corpora is None:
        return 2
    data = build_dataset(corpora, features=LISTING_FEATURES)
    sites = len({p["group"] for p in data.pages})
    print(f"{len(data.pages)} pages of {sites} sites, {len(data.y)} blocks, {int(data.y.sum())} of them content",
          file=sys.stderr)
    k = min(args.folds, sites)
    models, test_pages, chance = cross_validate(data, k, PARAMS, MEMBERS)
    scorer = load_scorer(shared) if (shared / "eval" / "score.py").exists() else None
    threshold = pick_threshold(data, chance, scorer)
    meta = {
        "trained": _dt.date.today().isoformat(),
        "kind": "listing-blocks",
        "corpora": {name: len(recs) for name, recs in corpora.items()},
        "blocks": int(len(data.y)),
        "params": PARAMS,
        "folds": k,
    }
    final = fit(data, params=PARAMS, threshold=threshold, meta=meta, pages=pinned_pages(PINNED_PAGES), members=MEMBERS)
    if not args.no_report and scorer is not None:
        rows = evaluate(data, models, test_pages, final, scorer)
        print_rows(rows, "blocks decided by")
        final.meta["figures"] = rows
    print(f"cut {threshold} on the out-of-fold chances", file=sys.stderr)
    if not args.cv_only:
        write_model(final, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
