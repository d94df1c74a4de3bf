"""Fit the page-type model (article or listing) and check it on sites it never saw.

    pip install -e '.[train]'
    python -m cleaners.train_pagetype             # rebuild cleaners/models/pagetype.json
    python -m cleaners.train_pagetype --cv-only   # only the cross-validated figures

Positives are every article page of the development corpora; negatives the listing and
collection pages of `wcxb-pagetypes` and the demo site's index pages (home, section, tag, author
and paginated pages). Every page is cleaned as usual and described by `cleaners._pagetype`'s
features. LightGBM fits a few small trees. The cut is chosen on the out-of-fold probabilities of
a cross-validation by site (GroupKFold on the domain: no page is judged by a model that saw its
site) so that at most MAX_ARTICLE_LOSS of the article pages are called listing; figures are
given in-sample and cross-validated.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._cleaner import Cleaner, CleanerOptions
from ._model import BlockModel
from ._pagetype import PAGE_FEATURES, PAGETYPE_MODEL_PATH, PageTypeModel, WordWeights
from ._result import CleanerError
from .train import DEFAULT_SHARED, pinned_pages, read_corpus, site_of

__all__ = ["PageSet", "build_pages", "fit", "cross_validate", "pick_threshold", "main"]

#: Corpora of article pages (every page a positive).
ARTICLE_CORPORA = ("aeb", "readability", "wcxb", "fundus-dev", "newspaper4k", "postlight", "zh-cwced", "goose3")
#: Corpora of listing and collection pages (every page a negative).
LISTING_CORPORA = ("wcxb-pagetypes",)
#: Share of article pages the chosen cut may call listing, out of fold.
MAX_ARTICLE_LOSS = 0.01
#: What all the demo site's pages weigh together, in pages (one site must not dominate).
DEMO_WEIGHT = 10.0
#: The demo site's base URL in the pages' rows (as a crawl of it on the loopback sees it).
DEMO_BASE = "http://127.0.0.1:8000"
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 8,
    "max_depth": -1,
    "min_child_samples": 5,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.5,
    "reg_lambda": 2.0,
    "n_estimators": 1000,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "verbose": -1,
    # one thread: a few hundred rows gain nothing from more, and OpenMP threads spin on a busy machine
    "num_threads": 1,
}
#: Sites a word must be seen on (listings and articles together) to be weighed: address words, text words.
URL_WORD_SITES = 3
TEXT_WORD_SITES = 5
#: Least log-odds, either way, a word must carry to be kept (the others say little and fill the file).
MIN_WORD_WEIGHT = 0.5
#: Folds of the training pages over which each one's word features are computed by weights learned
#: without its site (the trees must learn how far the weights hold on a site they never saw).
WORD_FOLDS = 5
#: The word features' columns: the last of PAGE_FEATURES.
WORD_COLUMNS = slice(len(PAGE_FEATURES) - 6, len(PAGE_FEATURES))
#: Golden pages of the test suite whose probabilities the model file pins.
PINNED_PAGES = ("en-news-semantic", "ko-news", "listing-tag", "listing-home-divs", "ja-news")


class _WordRecorder:
    """Stands in for the word weights and keeps the words it is shown (their features: zeros)."""

    def __init__(self) -> None:
        self.url: frozenset[str] = frozenset()
        self.text: frozenset[str] = frozenset()

    def features(self, url_words: frozenset[str], text_words: frozenset[str]) -> list[float]:
        self.url, self.text = url_words, text_words
        return [0.0] * 6


class _Recorder:
    """Stands in for the page-type model inside the cleaner and keeps the row and the words it is
    shown: the features are the ones the runtime computes. With a cut of 0 and a probability of 0
    every page reaches the story rule, so the cleaner's page type says whether that rule held."""

    threshold = 0.0

    def __init__(self) -> None:
        self.row: np.ndarray | None = None
        self.weights = _WordRecorder()

    def chance(self, row: np.ndarray) -> float:
        self.row = row
        return 0.0


@dataclass
class PageSet:
    """Pages as rows of features, with their labels (1: listing), weights, sites and the story rule."""

    X: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    groups: np.ndarray
    story: np.ndarray  # the page declares an article and shows a story's prose: never a listing
    pages: list[dict] = field(default_factory=list)  # id, corpus, url
    url_words: list[frozenset[str]] = field(default_factory=list)
    text_words: list[frozenset[str]] = field(default_factory=list)


def page_row(cleaner: Cleaner, recorder: _Recorder, html: str | bytes,
             url: str | None) -> tuple[np.ndarray, bool, frozenset[str], frozenset[str]] | None:
    """A page's features (the word features zero), whether the story rule holds for it, and its
    address's and short texts' words (None: the page cannot be cleaned)."""
    recorder.row = None
    try:
        result = cleaner.clean_html(html, url=url)
    except CleanerError:
        return None
    if recorder.row is None:
        return None
    return recorder.row, result.page_type == "article", recorder.weights.url, recorder.weights.text


def demo_pages() -> list[dict]:
    """The demo site's pages as records: its index pages are listings, its stories articles."""
    from newsbot.demo.site import load_site

    site = load_site()
    stories = {a.path for a in site.articles} | {b.path for b in site.briefs}
    out = []
    for path in site.paths():
        page = site.page(path, "127.0.0.1:8000")
        if page.status != 200 or "html" not in page.content_type:
            continue
        listing = path == "/" or path.split("/")[1] in ("tag", "section", "author", "page")
        if not listing and path not in stories:
            continue  # the AMP copies and the private page: neither a story of its own nor an index
        out.append({"id": f"demo{path}", "url": DEMO_BASE + path, "html": page.body, "domain": "demo",
                    "listing": listing})
    return out


def build_pages(corpora: dict[str, list[dict]], progress: bool = True) -> PageSet:
    """Clean every page and keep its row. `corpora` maps a name to records; a record is a listing
    when its corpus is a listing corpus or it says "listing": true."""
    recorder = _Recorder()
    cleaner = Cleaner(CleanerOptions(page_model=recorder))  # type: ignore[arg-type]
    rows, labels, weights, groups, story, pages, url_words, text_words = [], [], [], [], [], [], [], []
    totals = {name: len(recs) for name, recs in corpora.items()}
    for name, records in corpora.items():
        for rec in records:
            got = page_row(cleaner, recorder, rec["html"], rec.get("url"))
            if got is None:
                continue
            listing = name in LISTING_CORPORA or bool(rec.get("listing"))
            rows.append(got[0])
            story.append(got[1])
            url_words.append(got[2])
            text_words.append(got[3])
            labels.append(int(listing))
            weights.append(DEMO_WEIGHT / totals[name] if name == "demo" else 1.0)
            groups.append(site_of(rec))
            pages.append({"id": rec["id"], "corpus": name, "url": rec.get("url")})
        if progress:
            print(f"  {name}: {len(records)} pages", file=sys.stderr)
    y = np.array(labels, dtype=np.int8)
    return PageSet(np.array(rows).reshape(-1, len(PAGE_FEATURES)), y, balanced(y, np.array(weights)),
                   np.array(groups), np.array(story), pages, url_words, text_words)


def balanced(y: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The weights with the listings together weighing as much as the articles."""
    w = weight.astype(np.float64).copy()
    w[y == 1] *= w[y == 0].sum() / max(w[y == 1].sum(), 1e-9)
    return w


def _word_table(words: list[frozenset[str]], y: np.ndarray, groups: np.ndarray, min_sites: int) -> dict[str, float]:
    """Each word's smoothed log-odds of a listing, over the sites (not the pages) it is seen on;
    only words seen on `min_sites` sites or more that lean MIN_WORD_WEIGHT or more either way."""
    listing: dict[str, set] = {}
    article: dict[str, set] = {}
    for page_words, label, site in zip(words, y, groups):
        seen = listing if label else article
        for w in page_words:
            seen.setdefault(w, set()).add(site)
    n_listing = len(set(groups[y == 1])) + 2.0
    n_article = len(set(groups[y == 0])) + 2.0
    table = {}
    for w in listing.keys() | article.keys():
        pos, neg = len(listing.get(w, ())), len(article.get(w, ()))
        if pos + neg >= min_sites:
            weight = float(np.log((pos + 1) / n_listing) - np.log((neg + 1) / n_article))
            if abs(weight) >= MIN_WORD_WEIGHT:
                table[w] = round(weight, 2)
    return dict(sorted(table.items()))


def weigh_words(data: PageSet, rows: np.ndarray) -> WordWeights:
    """The words' weights learned from the given rows."""
    y, groups = data.y[rows], data.groups[rows]
    return WordWeights(_word_table([data.url_words[i] for i in rows], y, groups, URL_WORD_SITES),
                       _word_table([data.text_words[i] for i in rows], y, groups, TEXT_WORD_SITES))


def with_words(data: PageSet, rows: np.ndarray, weights: WordWeights) -> np.ndarray:
    """The given rows' features with their word features from `weights`."""
    X = data.X[rows].copy()
    X[:, WORD_COLUMNS] = [weights.features(data.url_words[i], data.text_words[i]) for i in rows]
    return X


def _fitting_rows(data: PageSet, rows: np.ndarray) -> np.ndarray:
    """The rows to fit the trees on, each one's word features from weights learned without its site."""
    from sklearn.model_selection import GroupKFold

    X = data.X[rows].copy()
    folds = min(WORD_FOLDS, len(set(data.groups[rows])))
    if folds < 2:
        return with_words(data, rows, weigh_words(data, rows))
    for inner, outer in GroupKFold(n_splits=folds).split(X, groups=data.groups[rows]):
        X[outer] = with_words(data, rows[outer], weigh_words(data, rows[inner]))
    return X


def fit(data: PageSet, rows: np.ndarray | None = None, threshold: float = 0.5, meta: dict | None = None,
        pinned: dict[str, tuple[bytes, str | None]] | None = None) -> PageTypeModel:
    """Fit the words' weights and the trees on the given rows (all by default); pin LightGBM's own
    probabilities of `pinned` pages in the model's meta (the shipped arrays must give the same)."""
    import lightgbm

    rows = np.arange(len(data.y)) if rows is None else rows
    settings = dict(PARAMS)
    rounds = settings.pop("n_estimators")
    booster = lightgbm.train(settings, lightgbm.Dataset(_fitting_rows(data, rows), label=data.y[rows],
                                                        weight=data.weight[rows], feature_name=list(PAGE_FEATURES)),
                             num_boost_round=rounds)
    weights = weigh_words(data, rows)
    meta = dict(meta or {})
    meta["word_weights"] = {"url": weights.url, "text": weights.text}
    model = PageTypeModel(BlockModel.from_lightgbm(booster.dump_model(), PAGE_FEATURES, threshold, meta), weights)
    if pinned:
        recorder = _Recorder()
        cleaner = Cleaner(CleanerOptions(page_model=recorder))  # type: ignore[arg-type]
        pins = {}
        for name, (html, url) in pinned.items():
            got = page_row(cleaner, recorder, html, url)
            if got is None:
                continue
            row = got[0].copy()
            row[WORD_COLUMNS] = weights.features(got[2], got[3])
            reference = float(booster.predict(row.reshape(1, -1))[0])
            if abs(reference - model.chance(row)) > 1e-9:
                raise AssertionError(f"the flattened trees disagree with LightGBM on {name}")
            pins[name] = round(reference, 6)
        model.trees.meta["pinned"] = pins
    return model


def cross_validate(data: PageSet, k: int = 5) -> np.ndarray:
    """The out-of-fold probability of each page, from models fitted without its site."""
    from sklearn.model_selection import GroupKFold

    chance = np.zeros(len(data.y))
    for train, test in GroupKFold(n_splits=k).split(data.X, data.y, data.groups):
        model = fit(data, train)
        chance[test] = model.trees.predict(with_words(data, test, model.weights))
    return chance


def decide(data: PageSet, chance: np.ndarray, threshold: float) -> np.ndarray:
    """1 where a page is called listing: sure enough, and the story rule does not hold."""
    return ((chance >= threshold) & ~data.story).astype(np.int8)


def pick_threshold(data: PageSet, chance: np.ndarray, max_loss: float = MAX_ARTICLE_LOSS) -> float:
    """The lowest cut at which at most `max_loss` of the article pages are called listing."""
    articles = data.y == 0
    for t in np.arange(0.05, 0.99, 0.01):
        if decide(data, chance, t)[articles].mean() <= max_loss:
            return round(float(t), 2)
    return 0.99


def report(data: PageSet, called: np.ndarray) -> list[dict]:
    """Per corpus: pages, and how many of them are called listing."""
    rows = []
    for corpus in dict.fromkeys(p["corpus"] for p in data.pages):
        idx = np.array([p["corpus"] == corpus for p in data.pages])
        for label in (0, 1):
            sel = idx & (data.y == label)
            if sel.any():
                rows.append({"corpus": corpus, "truth": "listing" if label else "article", "pages": int(sel.sum()),
                             "called_listing": int(called[sel].sum())})
    return rows


def _table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}\n| corpus | truth | pages | called listing | share |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['corpus']} | {r['truth']} | {r['pages']} | {r['called_listing']} | {r['called_listing'] / r['pages']:.1%} |")


def golden_pages() -> list[dict]:
    """The test suite's golden pages (articles and listings in some twenty languages, fewer of
    which the corpora hold), when this is a checkout with its tests."""
    folder = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"
    out = []
    for case in sorted(folder.glob("*/case.json")) if folder.is_dir() else []:
        meta = json.loads(case.read_text(encoding="utf-8"))
        out.append({"id": f"golden/{case.parent.name}", "url": meta.get("url"),
                    "html": (case.parent / "page.html").read_bytes(), "listing": meta.get("page_type") == "listing"})
    return out


def load_corpora(shared: Path) -> dict[str, list[dict]]:
    """The development corpora found in `shared`/corpus, the demo site's pages and the golden pages."""
    corpora: dict[str, list[dict]] = {}
    for name in ARTICLE_CORPORA + LISTING_CORPORA:
        path = shared / "corpus" / f"{name}.jsonl.gz"
        if path.exists():
            corpora[name] = read_corpus(path)
    corpora["demo"] = demo_pages()
    corpora["golden"] = golden_pages()
    return corpora


def save_pages(data: PageSet, counts: dict[str, int], path: Path) -> None:
    """The rows of `build_pages` in an .npz file."""
    np.savez_compressed(path, X=data.X, y=data.y, weight=data.weight, groups=data.groups, story=data.story,
                        pages=json.dumps(data.pages), counts=json.dumps(counts),
                        words=json.dumps([[sorted(u), sorted(t)] for u, t in zip(data.url_words, data.text_words)]))


def load_pages(path: Path) -> tuple[PageSet, dict[str, int]]:
    """The rows `save_pages` wrote, and how many pages each corpus had."""
    with np.load(path) as f:
        if f["X"].shape[1] != len(PAGE_FEATURES):
            raise ValueError(f"{path} holds rows of other features: build them again")
        words = json.loads(str(f["words"]))
        data = PageSet(f["X"], f["y"], f["weight"], f["groups"], f["story"], json.loads(str(f["pages"])),
                       [frozenset(u) for u, _ in words], [frozenset(t) for _, t in words])
        return data, json.loads(str(f["counts"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(DEFAULT_SHARED),
                    help="the shared folder with corpus/ (default: ../shared)")
    ap.add_argument("--out", default=str(PAGETYPE_MODEL_PATH), help="where to write the model")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true", help="report cross-validated figures, write no model")
    ap.add_argument("--cache", help="an .npz file of the pages' rows: read when it exists, else written "
                                    "(cleaning every page takes minutes; the rows change with the cleaner)")
    args = ap.parse_args(argv)

    if args.cache and Path(args.cache).exists():
        data, counts = load_pages(Path(args.cache))
    else:
        corpora = load_corpora(Path(args.shared))
        if not any(name in corpora for name in LISTING_CORPORA):
            print(f"no listing corpus ({', '.join(LISTING_CORPORA)}) in {args.shared}/corpus", file=sys.stderr)
            return 2
        data = build_pages(corpora)
        counts = {name: len(recs) for name, recs in corpora.items()}
        if args.cache:
            save_pages(data, counts, Path(args.cache))
    print(f"{len(data.y)} pages of {len(set(data.groups))} sites, {int(data.y.sum())} of them listings", file=sys.stderr)
    chance = cross_validate(data, min(args.folds, len(set(data.groups))))
    threshold = pick_threshold(data, chance)
    crossed = report(data, decide(data, chance, threshold))
    meta = {"trained": _dt.date.today().isoformat(), "kind": "page-type",
            "corpora": counts, "params": PARAMS, "folds": args.folds,
            "max_article_loss": MAX_ARTICLE_LOSS}
    final = fit(data, threshold=threshold, meta=meta, pinned=pinned_pages(PINNED_PAGES))
    everything = np.arange(len(data.y))
    inside = report(data, decide(data, final.trees.predict(with_words(data, everything, final.weights)), threshold))
    _table("in-sample", inside)
    _table(f"cross-validated by site ({args.folds} folds)", crossed)
    for label, rows in (("in-sample", inside), ("cross-validated", crossed)):
        articles = [r for r in rows if r["truth"] == "article"]
        listings = [r for r in rows if r["truth"] == "listing" and r["corpus"] in LISTING_CORPORA]
        share = lambda rs: sum(r["called_listing"] for r in rs) / max(sum(r["pages"] for r in rs), 1)  # noqa: E731
        print(f"{label}: {share(listings):.1%} of the listing corpus called listing, "
              f"{share(articles):.2%} of all article pages called listing")
    final.trees.meta["figures"] = {"in-sample": inside, "cross-validated": crossed}
    print(f"cut {threshold} on the listing probability, chosen on the out-of-fold probabilities", file=sys.stderr)
    if not args.cv_only:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(final.to_json(), encoding="utf-8")
        print(f"model written to {args.out} ({Path(args.out).stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
