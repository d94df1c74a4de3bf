"""Fit the block model on pages with their true text, and check it on sites it never saw.

    pip install -e '.[train]'
    python -m cleaners.train                      # rebuild cleaners/models/blocks.json
    python -m cleaners.train --cv-only            # only the cross-validated figures
    python -m cleaners.train --seeds 7 11 23      # a change weighed over three fits (no model written)
    python -m cleaners.train --seeds 7 11 --without 'levels_to_class_*'   # what some columns are worth
    python -m cleaners.train --corpus DIR/a.jsonl.gz DIR/b.jsonl.gz --out model.json

Every block of every page is labelled by its overlap with the page's true text, and described by
the features of `cleaners._features` (which include what the rules decided). LightGBM fits
gradient-boosted trees on them. Figures are given in-sample and cross-validated by site
(GroupKFold on the domain: a page is never judged by a model that saw its site), scored with
the shared scorer on the text the whole cleaner then outputs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import fnmatch
import gzip
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ._cleaner import UNWEIGHED_OUTSIDE_RULES, Cleaner, CleanerOptions, is_candidate
from ._extract import paragraphs
from ._features import FEATURES, UNNAMED_OUTSIDE, box_kinds
from ._model import MODEL_PATH, BlockModel, decide, prose_blocks
from ._result import CleanerError
from ._urls import host_of

__all__ = ["MEMBERS", "Dataset", "build_dataset", "fit", "mean_of", "cross_validate", "main"]

#: The development corpora the shipped model is fitted on (news and the rest, many sites).
TRAIN_CORPORA = ("aeb", "readability", "wcxb", "fundus-dev")
#: Corpora of news pages: together they weigh as much as the rest in training.
NEWS_CORPORA = frozenset({"aeb", "readability", "fundus-dev"})
#: LightGBM's settings; small trees, few of them: the model ships in the package.
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 24,
    "max_depth": 7,
    "min_child_samples": 30,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
    "reg_lambda": 1.0,
    "n_estimators": 160,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    # one thread: the same trees as with more (deterministic), and no threads spinning for a
    # core on a busy machine
    "num_threads": 1,
    "verbose": -1,
}
#: The block model is the mean log-odds of two fits, PARAMS with each of these changes: the
#: second's leaves must weigh more (a leaf of a few blocks of one page is no leaf), so its trees
#: are smoother. Out of fold the pair beat either alone, and two seeds of one (docs/cleaner.md,
#: "Two fits averaged"); a block goes through twice the trees.
MEMBERS: tuple[dict, ...] = ({}, {"min_sum_hessian_in_leaf": 3.0})
#: The shared folder (corpus/, eval/) beside this checkout, where the training scripts look by default.
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
#: Share of a block's word 4-grams that must be in the true text for it to count as article.
MIN_COVERAGE = 0.5

_WORD = re.compile(r"\w+")


@dataclass
class Dataset:
    """Blocks of many pages: features, labels, weights, and which page and site each is from."""

    X: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    page: np.ndarray  # index into pages
    pages: list[dict] = field(default_factory=list)  # id, corpus, group, body, html, url
    texts: list[str] = field(default_factory=list)  # each block's text, once its lines are filtered
    features: tuple[str, ...] = FEATURES  # the columns of X (the listing model's: LISTING_FEATURES)

    @property
    def groups(self) -> np.ndarray:
        return np.array([self.pages[p]["group"] for p in self.page])


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _shingle_list(tokens: list[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]


def _shingles(tokens: list[str]) -> Counter:
    """The word 4-grams of a text, each with how often it occurs."""
    return Counter(_shingle_list(tokens))


def label_block(text: str, truth_shingles: Counter, truth_norm: str) -> bool:
    """Whether a block's text is article: most of its word 4-grams are in the true text and not
    yet claimed by an earlier block (a story the page holds twice is article once), or, when
    it is shorter than that, the whole of it is in the true text."""
    tokens = _WORD.findall(text)
    if len(tokens) >= 4:
        sh = Counter(_shingle_list(tokens))
        found = sh & truth_shingles
        if sum(found.values()) >= MIN_COVERAGE * sum(sh.values()):
            truth_shingles.subtract(found)
            return True
        return False
    norm = _norm(text)
    return bool(norm) and norm in truth_norm


def site_of(record: dict) -> str:
    """The site a page is from (its registered host without "www."), for grouping folds."""
    host = record.get("domain") or host_of(record.get("url")) or record["id"]
    return host.removeprefix("www.")


def read_corpus(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def page_weights(corpora: dict[str, list[dict]]) -> dict[str, float]:
    """What a page of each corpus weighs: the news corpora together weigh as much as the rest
    (when both are there)."""
    news = sum(len(recs) for c, recs in corpora.items() if c in NEWS_CORPORA)
    rest = sum(len(recs) for c, recs in corpora.items() if c not in NEWS_CORPORA)
    return {c: (rest / news if c in NEWS_CORPORA else 1.0) if news and rest else 1.0 for c in corpora}


def build_dataset(corpora: dict[str, list[dict]], progress: bool = True,
                  features: tuple[str, ...] = FEATURES) -> Dataset:
    """Run the rules on every page and label each block against the true text; each block's row
    holds `features` (the article model's FEATURES, or the listing model's LISTING_FEATURES)."""
    cleaner = Cleaner(CleanerOptions(block_model=None))
    rows, labels, weights, page_of, pages, texts = [], [], [], [], [], []
    weight_of = page_weights(corpora)
    for name, records in corpora.items():
        page_weight = weight_of[name]
        for rec in records:
            pages.append({"id": rec["id"], "corpus": name, "group": site_of(rec), "body": rec.get("body") or "",
                          "html": rec["html"], "url": rec.get("url")})
            index = len(pages) - 1
            try:
                blocks, X = cleaner.features(rec["html"], rec.get("url"), features)
            except CleanerError:
                continue
            body = rec.get("body") or ""
            truth = _shingles(_WORD.findall(body))
            truth_norm = _norm(body)
            mask = [is_candidate(b) for b in blocks]
            sizes_ = [len(_WORD.findall(b.text)) + 3 for b, m in zip(blocks, mask) if m]
            total = sum(sizes_) or 1
            k = 0
            for b, m, row in zip(blocks, mask, X):
                if not m:
                    continue
                rows.append(row)
                labels.append(label_block(b.text, truth, truth_norm))
                # each page weighs the same; within it, a block by its words (F1 counts words)
                weights.append(page_weight * 100.0 * sizes_[k] / total)
                page_of.append(index)
                texts.append(b.text)
                k += 1
        if progress:
            print(f"  {name}: {len(records)} pages, {len(rows)} blocks so far", file=sys.stderr)
    X = np.array(rows, dtype=np.float32).reshape(-1, len(features))
    return Dataset(X, np.array(labels, dtype=np.int8), np.array(weights), np.array(page_of), pages, texts, features)


def fit(data: Dataset, rows: np.ndarray | None = None, params: dict | None = None, threshold: float = 0.5,
        meta: dict | None = None, pages: dict[str, tuple[bytes, str | None]] | None = None,
        members: tuple[dict, ...] = MEMBERS) -> BlockModel:
    """Fit the trees on the given rows (all by default), once for each of `members` (settings
    changed from PARAMS and `params`), and flatten them into one BlockModel whose log-odds is
    their mean.

    For each of `pages` (name: HTML and URL), the model's meta keeps LightGBM's own chances for every
    block: the shipped arrays and feature code must give the same (a test checks)."""
    import lightgbm

    rows = np.arange(len(data.y)) if rows is None else rows
    # binned once for every member (they differ in how trees grow, not in how the rows are binned)
    rows_data = lightgbm.Dataset(data.X[rows], label=data.y[rows], weight=data.weight[rows],
                                 feature_name=list(data.features), free_raw_data=True)
    boosters = []
    for member in members:
        settings = dict(PARAMS, **(params or {}), **member)
        n_estimators = settings.pop("n_estimators")
        boosters.append(lightgbm.train(settings, rows_data, num_boost_round=n_estimators))
    model = BlockModel.from_lightgbm(mean_of(b.dump_model() for b in boosters), data.features, threshold,
                                     dict(meta or {}))
    if pages:
        cleaner = Cleaner(CleanerOptions(block_model=None))
        pinned = {}
        for name, (html, url) in pages.items():
            X = cleaner.features(html, url, data.features)[1]
            raw = np.mean([b.predict(X, raw_score=True) for b in boosters], axis=0)
            reference = 1.0 / (1.0 + np.exp(-raw))
            if not np.allclose(reference, model.predict(X), atol=1e-9):
                raise AssertionError(f"the flattened trees disagree with LightGBM on {name}")
            pinned[name] = [round(float(v), 6) for v in reference]
        model.meta["pinned"] = pinned
    return model


def mean_of(dumps: Iterable[dict]) -> dict:
    """One LightGBM dump (`Booster.dump_model()`) whose trees sum to the mean log-odds of the
    given dumps': all their trees, each leaf divided by how many dumps there are."""
    dumps = list(dumps)
    if len(dumps) == 1:
        return dumps[0]

    def scaled(node: dict) -> dict:
        if "split_feature" not in node:
            return {**node, "leaf_value": float(node.get("leaf_value", 0.0)) / len(dumps)}
        return {**node, "left_child": scaled(node["left_child"]), "right_child": scaled(node["right_child"])}

    trees = [{**tree, "tree_structure": scaled(tree["tree_structure"])} for dump in dumps for tree in dump["tree_info"]]
    return {**dumps[0], "tree_info": trees}


def folds(data: Dataset, k: int = 5) -> list[np.ndarray]:
    """Page indices of each of k folds, whole sites to a fold (GroupKFold on the site)."""
    from sklearn.model_selection import GroupKFold

    page_groups = [p["group"] for p in data.pages]
    idx = np.arange(len(data.pages))
    return [test for _, test in GroupKFold(n_splits=k).split(idx, groups=page_groups)]


def cross_validate(data: Dataset, k: int = 5, params: dict | None = None,
                   members: tuple[dict, ...] = MEMBERS) -> tuple[list[BlockModel], list[np.ndarray], np.ndarray]:
    """One model per fold, fitted without the fold's sites; and the out-of-fold chance of each block."""
    models, test_pages = [], []
    chance = np.zeros(len(data.y))
    for test in folds(data, k):
        in_test = np.isin(data.page, test)
        model = fit(data, np.flatnonzero(~in_test), params, members=members)
        chance[in_test] = model.predict(data.X[in_test])
        models.append(model)
        test_pages.append(test)
    return models, test_pages, chance


#: Golden pages of the test suite whose block chances the model file pins (see `fit`).
PINNED_PAGES = ("en-news-semantic", "de-comment-thread", "ja-news", "listing-tag")


def pinned_pages(names: tuple[str, ...] = PINNED_PAGES) -> dict[str, tuple[bytes, str | None]]:
    """The pinned golden pages with their URLs, when this is a checkout with its tests."""
    folder = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"
    pages = {}
    for name in names:
        if (folder / name / "page.html").exists():
            case = json.loads((folder / name / "case.json").read_text(encoding="utf-8"))
            pages[name] = ((folder / name / "page.html").read_bytes(), case.get("url"))
    return pages


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("newsbot_shared_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def block_texts(data: Dataset, keep: np.ndarray) -> dict[str, str]:
    """Each page's text when the given blocks are kept (the line rules already applied)."""
    out: dict[str, list[str]] = {p["id"]: [] for p in data.pages}
    for k in np.flatnonzero(keep):
        out[data.pages[data.page[k]]["id"]].extend(paragraphs(data.texts[k]))
    return {pid: "\n\n".join(parts) for pid, parts in out.items()}


#: What a cruft line per page costs against F1 when choosing the threshold: a kept line of
#: cruft ("Share", "Photo: AP") reads worse than its few words weigh in F1.
CRUFT_LINE_COST = 0.002


def rules_keep(data: Dataset) -> np.ndarray:
    """The blocks the rules alone keep: inside the main region, no rule against them."""
    in_main = data.X[:, FEATURES.index("in_main")] == 1
    verdict = data.X[:, FEATURES.index("verdict_kept")] + data.X[:, FEATURES.index("verdict_filtered")]
    return in_main & (verdict == 1)


class PageScores:
    """The shared scorer's figures for each page's kept blocks, each page's answer remembered:
    a search over many decisions scores again only the pages a decision changes."""

    def __init__(self, data: Dataset, scorer, cruft_line_cost: float = CRUFT_LINE_COST):
        self.data, self.scorer, self.cruft_line_cost = data, scorer, cruft_line_cost
        # data.page runs in page order: the blocks of page i are bounds[i]:bounds[i + 1]
        self.bounds = np.searchsorted(data.page, np.arange(len(data.pages) + 1))
        self._memo: dict[tuple[int, bytes], tuple[float | None, float | None, int]] = {}
        self._gold: dict[int, tuple[Counter, int]] = {}

    def page(self, i: int, keep: np.ndarray) -> tuple[float | None, float | None, int]:
        """Precision, recall (None where the scorer leaves the page out) and cruft lines of page i,
        by the scorer's own shingles, page_pr and cruft_lines (the true text's shingles counted once)."""
        lo, hi = self.bounds[i], self.bounds[i + 1]
        key = (i, np.packbits(keep[lo:hi]).tobytes())
        if key not in self._memo:
            if i not in self._gold:
                body = self.data.pages[i]["body"]
                gold = self.scorer.shingles(body)
                self._gold[i] = (gold, sum(gold.values()))
            gold, gold_total = self._gold[i]
            text = "\n\n".join(part for k in range(lo, hi) if keep[k] for part in paragraphs(self.data.texts[k]))
            pred = self.scorer.shingles(text)
            tp = sum(min(n, gold[sh]) for sh, n in pred.items() if sh in gold)
            p, r = self.scorer.page_pr(tp, sum(pred.values()) - tp, gold_total - tp)
            self._memo[key] = (p, r, len(self.scorer.cruft_lines(self.data.pages[i]["body"], text)))
        return self._memo[key]

    def by_corpus(self, keep: np.ndarray) -> dict[str, float]:
        """Per corpus: F1 as the scorer computes it, less `cruft_line_cost` per cruft line a page."""
        figures: dict[str, list] = {}
        for i, page in enumerate(self.data.pages):
            figures.setdefault(page["corpus"], []).append(self.page(i, keep))
        out = {}
        for corpus, rows in figures.items():
            ps = [p for p, _, _ in rows if p is not None]
            rs = [r for _, r, _ in rows if r is not None]
            precision, recall = (float(np.mean(ps)) if ps else 0.0), (float(np.mean(rs)) if rs else 0.0)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[corpus] = f1 - self.cruft_line_cost * sum(c for _, _, c in rows) / len(rows)
        return out


def objective_by_corpus(data: Dataset, keep: np.ndarray, scorer: PageScores | None = None) -> dict[str, float]:
    """What the decision is chosen by, per corpus: the `PageScores` objective, or block-weighted
    F1 when there is no scorer."""
    if scorer is not None:
        return scorer.by_corpus(keep)
    corpora = list(dict.fromkeys(p["corpus"] for p in data.pages))
    out = {}
    corpus_of_block = np.array([p["corpus"] for p in data.pages])[data.page]
    for corpus in corpora:
        w = data.weight * (corpus_of_block == corpus)
        tp = float(np.sum(w * (keep & (data.y == 1))))
        fp = float(np.sum(w * (keep & (data.y == 0))))
        fn = float(np.sum(w * (~keep & (data.y == 1))))
        out[corpus] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def objective(data: Dataset, keep: np.ndarray, scorer: PageScores | None = None) -> float:
    """The mean over the corpora of `objective_by_corpus`."""
    return float(np.mean(list(objective_by_corpus(data, keep, scorer).values())))


@dataclass(frozen=True)
class Prose:
    """The second chance of prose in removed boxes on thin pages (see `BlockModel.prose`)."""

    threshold: float
    thin_chars: float
    groups: tuple[str, ...]
    #: those of `groups` whose boxes come back only where their prose outweighs what the rules
    #: kept (see `BlockModel.prose_outweigh_groups`)
    outweigh: tuple[str, ...] = ()

    def decision(self) -> dict:
        return {"prose_threshold": self.threshold, "thin_chars": self.thin_chars, "prose_groups": self.groups,
                "prose_outweigh_groups": self.outweigh}


@dataclass(frozen=True)
class Decision:
    """What the cleaner does with the model's chances (the cut fields of `BlockModel`)."""

    threshold: float = 0.5
    restore_threshold: float = 0.5
    held_groups: tuple[str, ...] = ()
    context_threshold: float | None = None
    prose: Prose | None = None

    def keep(self, data: Dataset, chance: np.ndarray) -> np.ndarray:
        """The blocks the cleaner keeps with these chances (see `BlockModel.keep`)."""
        return keep_mask(data, chance, (self.threshold, self.restore_threshold), self.held_groups,
                         self.context_threshold, self.prose)

    @classmethod
    def of(cls, cuts: dict) -> "Decision":
        """The decision a model file's cut fields (`BlockModel.decision`) hold."""
        prose = (Prose(cuts["prose_threshold"], cuts["thin_chars"], tuple(cuts["prose_groups"]),
                       tuple(cuts.get("prose_outweigh_groups") or ()))
                 if cuts.get("prose_threshold") is not None else None)
        return cls(cuts["threshold"], cuts["restore_threshold"], tuple(cuts.get("held_groups") or ()),
                   cuts.get("context_threshold"), prose)

    def cuts(self) -> dict:
        """The fields of `BlockModel` this decision sets."""
        cuts = {"threshold": self.threshold, "restore_threshold": self.restore_threshold,
                "held_groups": self.held_groups, "context_threshold": self.context_threshold}
        return {**cuts, **(self.prose.decision() if self.prose else {"prose_threshold": None})}


def keep_mask(data: Dataset, chance: np.ndarray, thresholds: tuple[float, float], held: tuple[str, ...] = (),
              context: float | None = None, prose: Prose | None = None) -> np.ndarray:
    """The blocks the cleaner keeps with these chances and this decision (see `BlockModel.keep`)."""
    # a held box is never weighed, nor a link list outside the main region (as the cleaner does)
    chance = np.where(in_groups(data, held) | unweighed(data), 0.0, chance)
    kinds = box_kinds(data.X)
    kept = rules_keep(data)
    is_prose = prose_mask(data, kept, prose) if prose else None
    return decide(chance, kept, kinds, thresholds[0], thresholds[1], context,
                  joins_main=kinds == UNNAMED_OUTSIDE, page=data.page, prose=is_prose,
                  prose_threshold=prose.threshold if prose else None)


def prose_mask(data: Dataset, kept: np.ndarray, prose: Prose) -> np.ndarray:
    """The blocks `prose` applies to, as `BlockModel.prose` finds them in the cleaner."""
    return prose_blocks(data.X, FEATURES, kept, prose.groups, prose.thin_chars, data.page, prose.outweigh)


def unweighed(data: Dataset) -> np.ndarray:
    """The blocks the cleaner does not weigh on a story: those a rule of UNWEIGHED_OUTSIDE_RULES
    removed outside the main region."""
    mask = np.zeros(len(data.y), dtype=bool)
    for rule in UNWEIGHED_OUTSIDE_RULES:
        mask |= data.X[:, FEATURES.index(f"verdict_{rule}")] == 1
    return mask & (data.X[:, FEATURES.index("in_main")] == 0)


def in_groups(data: Dataset, groups: tuple[str, ...]) -> np.ndarray:
    """The blocks in boxes that a tree rule of one of these groups named."""
    mask = np.zeros(len(data.y), dtype=bool)
    for group in groups:
        name = f"pruned_{group}"
        if name in FEATURES:
            mask |= data.X[:, FEATURES.index(name)] == 1
    return mask


def helps(before: dict[str, float], after: dict[str, float]) -> bool:
    """Whether a change of the decision raises the `objective`: on the mean by more than MIN_GAIN,
    and on more than one corpus. A change that helps one corpus only is not taken."""
    gains = [after[c] - before[c] for c in before]
    return _mean_gain(before, after) > MIN_GAIN and sum(g > 1e-4 for g in gains) >= min(2, len(gains))


def costs_nothing(before: dict[str, float], after: dict[str, float]) -> bool:
    """Whether a change lowers the `objective` on no corpus (by more than noise, 1e-4)."""
    return min(after[c] - before[c] for c in before) > -1e-4


#: What a change of the decision must add to the mean `objective` to be taken: less is noise
#: of the out-of-fold chances, and a decision that moves on noise is not rebuilt the same.
MIN_GAIN = 2e-4
#: The cuts tried: on the chance of a block the rules kept, and of one they removed.
THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.35, 0.71, 0.05))
RESTORE_THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.35, 0.96, 0.05))
#: The thin-page cuts tried: characters the rules kept, and the chance a prose block needs.
THIN_CHARS = (1000.0, 1500.0, 2000.0, 3000.0)
PROSE_THRESHOLDS = (0.25, 0.35, 0.5, 0.65)


def prose_groups() -> tuple[str, ...]:
    """Every tree rules' group that names boxes (the `pruned_` features)."""
    return tuple(name.removeprefix("pruned_") for name in FEATURES if name.startswith("pruned_"))


class _Search:
    """The objective of decisions on the out-of-fold chances, each decision scored once."""

    def __init__(self, data: Dataset, chance: np.ndarray, scorer: PageScores | None):
        self.data, self.chance, self.scorer = data, chance, scorer
        self._seen: dict[Decision, dict[str, float]] = {}

    def scores(self, decision: Decision) -> dict[str, float]:
        if decision not in self._seen:
            self._seen[decision] = objective_by_corpus(self.data, decision.keep(self.data, self.chance), self.scorer)
        return self._seen[decision]

    def mean(self, decision: Decision) -> float:
        return float(np.mean(list(self.scores(decision).values())))

    def best(self, current: Decision, options: list[Decision], taken=None) -> Decision:
        """The option with the best mean among those `taken` (default `helps`) over `current`;
        `current` when none is."""
        taken = taken or helps
        base = self.scores(current)
        good = [d for d in options if d != current and taken(base, self.scores(d))]
        return max(good, key=self.mean) if good else current


def _cuts(search: _Search, d: Decision) -> Decision:
    """The two thresholds (the removed blocks' as high or higher), the rest of `d` as it is."""
    options = [replace(d, threshold=t, restore_threshold=r) for t in THRESHOLDS for r in RESTORE_THRESHOLDS
               if r >= t and (d.prose is None or d.prose.threshold < r)]
    return search.best(d, options, taken=lambda before, after: _mean_gain(before, after) > MIN_GAIN)


def _mean_gain(before: dict[str, float], after: dict[str, float]) -> float:
    return float(np.mean([after[c] - before[c] for c in before]))


def _held(search: _Search, d: Decision) -> Decision:
    """Each tree rules' group whose boxes the model may not bring back, on its own: held where
    that `helps`, let go where letting go `helps`."""
    for group in prose_groups():
        held = tuple(g for g in d.held_groups if g != group) if group in d.held_groups else d.held_groups + (group,)
        d = search.best(d, [replace(d, held_groups=held)])
    return d


def _context(search: _Search, d: Decision) -> Decision:
    """The cut at which a removed block comes back beside a neighbour that came back, or none."""
    cuts = [round(float(c), 2) for c in np.arange(d.threshold, d.restore_threshold - 0.01, 0.05)]
    return search.best(d, [replace(d, context_threshold=c) for c in [None, *cuts]])


def _prose(search: _Search, d: Decision) -> Decision:
    """The thin page and prose cut (see `BlockModel.prose`) over the groups that are not held, or
    none; then each group whose boxes never come back this way where leaving it out lowers no
    corpus (`costs_nothing`): a group keeps its place only by the pages it brings text back on.
    (A group no training page shows either way would otherwise stay, and on a short story a box
    of it, a newsletter sign-up's paragraph, is furniture.) Last, each group that stays comes
    back only where its boxes' prose outweighs what the rules kept, where that lowers no corpus."""
    groups = tuple(g for g in prose_groups() if g not in d.held_groups)
    options = [replace(d, prose=None)] + [replace(d, prose=Prose(cut, thin, groups)) for thin in THIN_CHARS
                                           for cut in PROSE_THRESHOLDS if cut < d.restore_threshold]
    d = search.best(d, options)
    for group in groups:
        if d.prose is not None and group in d.prose.groups:
            fewer = tuple(g for g in d.prose.groups if g != group)
            fewer_outweigh = tuple(g for g in d.prose.outweigh if g != group)
            d = search.best(d, [replace(d, prose=replace(d.prose, groups=fewer, outweigh=fewer_outweigh)
                                        if fewer else None)], taken=costs_nothing)
    # a group that stays brings its boxes back only where they outweigh what the rules kept (the
    # story the rules took for such a box), where that lowers no corpus either: a box of its kind
    # beside a short story the rules kept is furniture (a cookie notice, an author's box)
    for group in groups:
        if d.prose is not None and group in d.prose.groups and group not in d.prose.outweigh:
            d = search.best(d, [replace(d, prose=replace(d.prose, outweigh=d.prose.outweigh + (group,)))],
                            taken=costs_nothing)
    return d


def pick_decision(data: Dataset, chance: np.ndarray, scorer: PageScores | None = None, rounds: int = 4) -> Decision:
    """The decision with the best `objective` on the out-of-fold chances: each part chosen in turn
    with the others fixed (the thresholds; the held groups; the cut beside a block that came
    back; the prose cut on thin pages), round after round until a round changes nothing."""
    search = _Search(data, chance, scorer)
    decision = Decision()
    for _ in range(rounds):
        before = decision
        for step in (_cuts, _held, _context, _prose):
            decision = step(search, decision)
        if decision == before:
            break
    return decision


def matching_columns(features: Iterable[str], patterns: Iterable[str]) -> list[int]:
    """The indices of the `features` whose names match any of `patterns` (shell-style:
    "levels_to_class_*"); a pattern that matches none is an error (a typo would weigh nothing)."""
    features, patterns = list(features), list(patterns)
    matched = {p: [i for i, name in enumerate(features) if fnmatch.fnmatchcase(name, p)] for p in patterns}
    unmatched = [p for p, found in matched.items() if not found]
    if unmatched:
        raise ValueError(f"no feature matches {', '.join(unmatched)}")
    return sorted({i for found in matched.values() for i in found})


def without_columns(data: Dataset, patterns: Iterable[str]) -> Dataset:
    """The dataset with the columns `matching_columns` finds left out, for weighing what they are
    worth; the decisions still read the whole rows (`Decision.keep` takes `data`, not this)."""
    gone = set(matching_columns(data.features, patterns))
    keep = [i for i in range(len(data.features)) if i not in gone]
    return replace(data, X=np.ascontiguousarray(data.X[:, keep]), features=tuple(data.features[i] for i in keep))


def seed_report(data: Dataset, seeds: Iterable[int], scorer: PageScores | None, held: Decision | None = None,
                k: int = 5, without: Iterable[str] = ()) -> list[dict]:
    """A change weighed over several fits, as one fit cannot tell it: for each LightGBM seed, the
    k folds by site fitted afresh, and the `objective` per corpus of the blocks the out-of-fold
    chances keep under `held` (a decision held fixed: the shipped model's) and under the decision
    `pick_decision` searches on them. One row per seed and decision, "mean" their corpora's mean.
    With `without` (name patterns, see `without_columns`) the folds are fitted without those
    columns. (Three seeds of the same code read .95889, .95878 and .95747 in the mean under the
    shipped decision on the four development corpora: a change that moves the mean less than that
    spread is not told apart from a refit.)"""
    fitted = without_columns(data, without) if without else data
    rows = []
    for seed in seeds:
        chance = cross_validate(fitted, k, params={"seed": seed})[2]
        decisions = {"held": held} if held is not None else {}
        decisions["searched"] = pick_decision(data, chance, scorer)
        for label, decision in decisions.items():
            by = objective_by_corpus(data, decision.keep(data, chance), scorer)
            rows.append({"seed": seed, "decision": label, "cuts": decision, **by,
                         "mean": float(np.mean(list(by.values())))})
    return rows


def print_seed_report(rows: list[dict]) -> None:
    """`seed_report`'s rows as a Markdown table, each decision's mean over the seeds below."""
    corpora = [c for c in rows[0] if c not in ("seed", "decision", "cuts", "mean")]
    print("| seed | decision | " + " | ".join(corpora) + " | mean |")
    print("|---" * (len(corpora) + 3) + "|")
    for r in rows:
        cells = " | ".join(f"{r[c]:.5f}" for c in corpora)
        print(f"| {r['seed']} | {r['decision']} | {cells} | {r['mean']:.5f} |")
    for label in dict.fromkeys(r["decision"] for r in rows):
        mine = [r for r in rows if r["decision"] == label]
        means = [r["mean"] for r in mine]
        print(f"| all | {label} | " + " | ".join(f"{np.mean([r[c] for r in mine]):.5f}" for c in corpora)
              + f" | {np.mean(means):.5f} (spread {max(means) - min(means):.5f}) |")
    for r in rows:
        if r["decision"] == "searched":
            print(f"seed {r['seed']}, searched: {r['cuts']}", file=sys.stderr)


def outputs(pages: list[dict], options: CleanerOptions) -> dict[str, str]:
    """What the whole cleaner with these options outputs for each page ("" where it finds nothing)."""
    cleaner = Cleaner(options)
    out = {}
    for page in pages:
        try:
            out[page["id"]] = cleaner.clean_html(page["html"], url=page.get("url")).text
        except CleanerError:
            out[page["id"]] = ""
    return out


def predictions(pages: list[dict], model: BlockModel | None) -> dict[str, str]:
    """What the whole cleaner outputs for each page with this model (None: the rules alone)."""
    return outputs(pages, CleanerOptions(block_model=model) if model is not None
                   else CleanerOptions(block_model=None, listing_model=None))


def write_model(model: BlockModel, out: Path) -> None:
    """Write a fitted model's file, and say where and how big on stderr."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    print(f"model written to {out} ({out.stat().st_size // 1024} KiB, {model.roots.size} trees)", file=sys.stderr)


def crossed_predictions(data: Dataset, models: list[BlockModel], test_pages: list[np.ndarray], final: BlockModel,
                        predict: Callable[[list[dict], BlockModel], dict[str, str]]) -> dict[str, str]:
    """Each page's output with the fold model that never saw its site (and the final model's cuts)."""
    crossed: dict[str, str] = {}
    for model, test in zip(models, test_pages):
        crossed.update(predict([data.pages[i] for i in test], replace(model, **final.decision())))
    return crossed


def score_runs(data: Dataset, scorer, runs: dict[str, dict[str, str]]) -> list[dict]:
    """Per corpus and run (label: outputs by page id): the shared scorer's F1, disasters, cruft lines."""
    rows = []
    for corpus in dict.fromkeys(p["corpus"] for p in data.pages):
        recs = [{"id": p["id"], "body": p["body"]} for p in data.pages if p["corpus"] == corpus]
        for label, preds in runs.items():
            s = scorer.score(recs, preds)
            rows.append({"corpus": corpus, "model": label, "pages": s["pages"], "f1": round(s["f1"], 4),
                         "disasters": s["disasters"], "cruft_lines": s["cruft_lines"]})
    return rows


def print_rows(rows: list[dict], decided_by: str = "decided by") -> None:
    """`score_runs`' rows as a Markdown table."""
    print(f"| {'corpus':<16} | {decided_by:<17} | {'F1':>6} | {'disasters':>9} | {'cruft lines':>11} |")
    print("|------------------|-------------------|--------|-----------|-------------|")
    for r in rows:
        print(f"| {r['corpus']:<16} | {r['model']:<17} | {r['f1']:6.4f} | {r['disasters']:>9} | {r['cruft_lines']:>11} |")


def training_arguments(description: str, corpora: str, out: Path) -> argparse.ArgumentParser:
    """The command line every block-model training script takes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", default=str(DEFAULT_SHARED),
                    help="the shared folder with corpus/ and eval/ (default: ../shared)")
    ap.add_argument("--corpus", nargs="+", help=f"corpus files (default: the {corpora} in --shared)")
    ap.add_argument("--out", default=str(out), help="where to write the model")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true", help="report cross-validated figures, write no model")
    ap.add_argument("--no-report", action="store_true", help="skip scoring the whole cleaner (faster)")
    return ap


def check_without(ap: argparse.ArgumentParser, args: argparse.Namespace, features: tuple[str, ...]) -> None:
    """Stop with the usage's error when `--without` is given without `--seeds`, or names no
    column of `features`."""
    if args.without and not args.seeds:
        ap.error("--without weighs columns over --seeds; the shipped model reads every column")
    try:
        matching_columns(features, args.without)
    except ValueError as exc:
        ap.error(str(exc))


def read_corpora(shared: Path, names: tuple[str, ...], explicit: list[str] | None) -> dict[str, list[dict]] | None:
    """The corpora to train on (`explicit` files, else `names` in shared/corpus) by name; None,
    with the missing files said on stderr, when any is not there."""
    paths = [Path(p) for p in explicit] if explicit else [shared / "corpus" / f"{c}.jsonl.gz" for c in names]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"corpus files not found: {', '.join(missing)}", file=sys.stderr)
        return None
    return {p.name.split(".")[0]: read_corpus(p) for p in paths}


def evaluate(data: Dataset, models: list[BlockModel], test_pages: list[np.ndarray], final: BlockModel,
             scorer) -> list[dict]:
    """Per corpus: the rules alone, the model in-sample, the model cross-validated by site."""
    return score_runs(data, scorer, {
        "rules": predictions(data.pages, None),
        "in-sample": predictions(data.pages, final),
        "cross-validated": crossed_predictions(data, models, test_pages, final, predictions),
    })


def shipped_decision(path: Path) -> Decision | None:
    """The decision of the model file at `path` (its cut fields, whatever features its trees
    read), or None where there is none to read."""
    try:
        return Decision.of(BlockModel.from_json(path.read_text(encoding="utf-8")).decision())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def main(argv: list[str] | None = None) -> int:
    ap = training_arguments(__doc__.split("\n\n")[0], "development corpora", MODEL_PATH)
    ap.add_argument("--seeds", nargs="+", type=int, metavar="SEED",
                    help="weigh the code over these LightGBM seeds: the folds fitted for each, the blocks kept "
                         "out of fold under the decision of the model at --out and under one searched afresh; "
                         "writes no model")
    ap.add_argument("--without", nargs="+", default=[], metavar="PATTERN",
                    help="with --seeds: fit the folds without the feature columns these names match "
                         "(shell-style, e.g. 'levels_to_class_*'), to weigh what they are worth")
    args = ap.parse_args(argv)
    check_without(ap, args, FEATURES)
    shared = Path(args.shared)
    corpora = read_corpora(shared, TRAIN_CORPORA, args.corpus)
    if corpora is None:
        return 2
    data = build_dataset(corpora)
    print(f"{len(data.pages)} pages of {len({p['group'] for p in data.pages})} sites, {len(data.y)} blocks, "
          f"{int(data.y.sum())} of them article", file=sys.stderr)
    k = min(args.folds, len({p["group"] for p in data.pages}))
    scorer_path = shared / "eval" / "score.py"
    scorer = load_scorer(shared) if scorer_path.exists() else None
    page_scores = PageScores(data, scorer) if scorer else None
    if args.seeds:
        print_seed_report(seed_report(data, args.seeds, page_scores, shipped_decision(Path(args.out)), k,
                                      args.without))
        return 0
    models, test_pages, chance = cross_validate(data, k)
    decision = pick_decision(data, chance, page_scores)
    meta = {
        "trained": _dt.date.today().isoformat(),
        "corpora": {name: len(recs) for name, recs in corpora.items()},
        "blocks": int(len(data.y)),
        "params": PARAMS,
        "members": list(MEMBERS),
        "folds": k,
    }
    final = fit(data, meta=meta, pages=pinned_pages())
    final = BlockModel(**{**final.__dict__, **decision.cuts()})
    if not args.no_report and scorer is not None:
        rows = evaluate(data, models, test_pages, final, scorer)
        print_rows(rows)
        final.meta["figures"] = rows
    print(f"chosen on the out-of-fold chances: {decision}", file=sys.stderr)
    if not args.cv_only:
        write_model(final, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
