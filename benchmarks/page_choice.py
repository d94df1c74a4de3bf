"""A learned page-level choice, studied: which of a page's candidate texts the cleaner should output.

    pip install -e '.[train]'
    python benchmarks/page_choice.py [--shared ../shared] [--model trees|logistic]
                                     [--alternatives rules main strict loose readability jsonld]

The cleaner outputs the block model's text ("tree") unless it is under `min_text_chars`, then
readability-lxml's, then the JSON-LD articleBody (a hand rule). This study asks whether a small
learned chooser does better. For every page of the training corpora it builds the candidates with
the block model of the fold that never saw the page's site (cleaners.train's GroupKFold by site,
with the shipped model's cuts): the block model's text; the rules' text; the model's text within
the main region; at a stricter and a looser cut of its chance; readability-lxml's text and the
JSON-LD body through the same block filters. Each candidate is scored with the shared scorer. A
chooser (logistic regression or small gradient-boosted trees) learns, from page-level features of
the tree text and of each alternative (lengths and their ratios, word overlap, link density, the
block model's chances of the blocks they agree and disagree on...), the chance that the
alternative beats the tree text, weighted by how much. It is measured nested by site: the outer
folds are the block model's, and within each, its settings (the readability gate, the
regularization, the threshold) are chosen by an inner GroupKFold by site. The table gives per
corpus the tree text alone, the hand rule, the chooser cross-validated, and the best candidate of
each page (the ceiling of any chooser over these candidates). The chooser is not in the cleaner:
it did not beat the hand rule beyond noise (docs/quality.md, "A learned page-level choice").
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners._extract import Block, Extraction, paragraphs  # noqa: E402

#: The candidates besides the block model's own text, in a fixed order (the chooser's one-hot).
ALTERNATIVES = ("rules", "main", "strict", "loose", "readability", "jsonld")
#: Cuts of the strict and loose candidates on the block model's chance.
STRICT_CHANCE = 0.7
LOOSE_CHANCE = 0.3

_WORD = re.compile(r"\w+")

#: The features of one (page, alternative) row, in the order of the model's weights.
CHOICE_FEATURES: tuple[str, ...] = (
    "tree_chars_log", "alt_chars_log", "alt_over_tree_log", "tree_short", "alt_in_tree", "tree_in_alt",
    "tree_link_density", "alt_link_density", "tree_blocks_log", "alt_blocks_log",
    "page_chars_log", "tree_share_of_page", "tree_in_main_share", "tree_mean_chance", "page_mean_chance",
    "tree_min_chance", "has_jsonld", "jsonld_over_tree_log", "rules_over_tree_log",
    "tree_covered_share", "uncovered_chance", "covered_chance", "dropped_covered_log", "dropped_covered_chance",
    "alt_outside_log",
    *(f"alt_{name}" for name in ALTERNATIVES),
)


def _text(blocks: list[Block]) -> str:
    return "\n\n".join(p for b in blocks for p in paragraphs(b.text))


def cheap_candidates(extraction: Extraction, rules_blocks: list[Block]) -> dict[str, list[Block]]:
    """The candidates that cost nothing more than the passes already made: the block model's
    text, the rules' text, and the model's text within the main region, at a stricter and at a
    looser cut."""
    tree = extraction.blocks
    kept = {id(b) for b in tree}
    return {
        "tree": tree,
        "rules": rules_blocks,
        "main": [b for b in tree if b.in_main],
        "strict": [b for b in tree if b.chance is None or b.chance >= STRICT_CHANCE],
        "loose": [b for b in extraction.all_blocks
                  if id(b) in kept or (b.chance is not None and b.chance >= LOOSE_CHANCE and b.in_main)],
    }


@dataclass
class _Summary:
    chars: int
    words: frozenset
    link_chars: int
    blocks: int


def _summary(blocks: list[Block]) -> _Summary:
    text = _text(blocks)
    return _Summary(len(text), frozenset(w.lower() for w in _WORD.findall(text)),
                    sum(b.link_chars for b in blocks), len(blocks))


def _log(n: float) -> float:
    return math.log1p(max(n, 0.0))


def _within(a: frozenset, b: frozenset) -> float:
    """The share of a's distinct words that b has (1 when a has none)."""
    return len(a & b) / len(a) if a else 1.0


#: Share of a block's distinct words an alternative must hold for the block to count as in it.
COVERED = 0.6


def _mean_chance(blocks: list[Block]) -> float:
    """The block model's chance over these blocks, weighed by their length (0.5 when none was weighed)."""
    weighed = [(b.chance, len(b.text)) for b in blocks if b.chance is not None]
    total = sum(n for _, n in weighed)
    return sum(c * n for c, n in weighed) / total if total else 0.5


def _agreement(tree: list[Block], page: list[Block], words: dict[int, frozenset], alt: frozenset,
               tree_words: frozenset) -> list[float]:
    """How the alternative meets the block model: the share of the model's text it holds, the
    model's chance of the kept blocks it leaves out and of those it holds, the blocks the model
    dropped that it holds (their size and chance), and its text outside the page's blocks."""
    kept = {id(b) for b in tree}
    covered, uncovered, dropped = [], [], []
    for b in page:
        w = words[id(b)]
        inside = _within(w, alt) >= COVERED if w else False
        if id(b) in kept:
            (covered if inside else uncovered).append(b)
        elif inside:
            dropped.append(b)
    tree_chars = sum(len(b.text) for b in tree)
    page_words = frozenset().union(*words.values()) if words else frozenset()
    return [
        sum(len(b.text) for b in covered) / tree_chars if tree_chars else 0.0,
        _mean_chance(uncovered), _mean_chance(covered),
        _log(sum(len(b.text) for b in dropped)), _mean_chance(dropped),
        _log(len(alt - page_words)),
    ]


def choice_rows(candidates: dict[str, list[Block]], extraction: Extraction, has_jsonld: bool,
                jsonld_chars: int) -> tuple[list[str], np.ndarray]:
    """One row of `CHOICE_FEATURES` for each alternative in `candidates` (the names, the rows)."""
    tree = _summary(candidates["tree"])
    page = [b for b in extraction.all_blocks if b.text]
    words = {id(b): frozenset(w.lower() for w in _WORD.findall(b.text)) for b in page}
    weighed = [b.chance for b in extraction.all_blocks if b.chance is not None]
    tree_chances = [b.chance for b in candidates["tree"] if b.chance is not None]
    page_chars = sum(len(b.text) for b in extraction.all_blocks)
    in_main = sum(len(b.text) for b in candidates["tree"] if b.in_main)
    rules_chars = len(_text(candidates["rules"]))
    base = [
        _log(tree.chars), 0.0, 0.0, float(tree.chars < 250), 0.0, 0.0,
        tree.link_chars / tree.chars if tree.chars else 0.0, 0.0, _log(tree.blocks), 0.0,
        _log(page_chars), tree.chars / page_chars if page_chars else 0.0, in_main / tree.chars if tree.chars else 0.0,
        float(np.mean(tree_chances)) if tree_chances else 0.0, float(np.mean(weighed)) if weighed else 0.0,
        float(np.min(tree_chances)) if tree_chances else 0.0, float(has_jsonld),
        _log(jsonld_chars) - _log(tree.chars), _log(rules_chars) - _log(tree.chars),
    ]
    names, rows = [], []
    for name in ALTERNATIVES:
        if name not in candidates:
            continue
        alt = _summary(candidates[name])
        row = list(base)
        row[1] = _log(alt.chars)
        row[2] = _log(alt.chars) - _log(tree.chars)
        row[4] = _within(alt.words, tree.words)
        row[5] = _within(tree.words, alt.words)
        row[7] = alt.link_chars / alt.chars if alt.chars else 0.0
        row[9] = _log(alt.blocks)
        row.extend(_agreement(candidates["tree"], page, words, alt.words, tree.words))
        row.extend(float(name == other) for other in ALTERNATIVES)
        names.append(name)
        rows.append(row)
    return names, np.array(rows, dtype=np.float64).reshape(-1, len(CHOICE_FEATURES))


# -- candidates ------------------------------------------------------------------------------


@dataclass
class PageCandidates:
    """One page's candidates: their names and feature rows, and each candidate's scores."""

    id: str
    corpus: str
    group: str
    names: list[str]
    X: np.ndarray
    scores: dict[str, tuple[float | None, float | None, float, int]]  # P, R, F1, cruft lines
    tree_chars: int
    readability_cpu: float


def page_candidates(cleaner, html: str, url: str | None) -> tuple[dict[str, str], list[str], np.ndarray, float] | None:
    """The texts of a page's candidates, the alternatives' names and feature rows, and the CPU
    seconds readability-lxml took (None when the cleaner rejects the page)."""
    from cleaners._cleaner import MAX_MODEL_BLOCKS
    from cleaners._result import CleanerError

    try:
        text, meta, body = cleaner._load(html, url, None)
    except CleanerError:
        return None
    extraction = cleaner._extract(body, meta, url, annotate=True, annotate_up_to=MAX_MODEL_BLOCKS)
    rules_blocks = extraction.blocks
    cleaner._decide(extraction, body, cleaner.options.block_model)
    candidates = cheap_candidates(extraction, rules_blocks)
    start = time.process_time()
    found = cleaner._readability(text, url, meta)
    readability_cpu = time.process_time() - start
    if found is not None:
        candidates["readability"] = found[0]
    if meta.get("jsonld_body"):
        declared = cleaner._declared_body(meta["jsonld_body"], meta)
        if declared is not None:
            candidates["jsonld"] = declared[0]
    texts = {name: _text(blocks) for name, blocks in candidates.items()}
    names, X = choice_rows(candidates, extraction, "jsonld" in texts, len(texts.get("jsonld", "")))
    return texts, names, X, readability_cpu


def hand_rule(texts: dict[str, str], min_chars: int = 250) -> str:
    """The cleaner's own choice: the tree text, unless it is short and a fallback is longer."""
    chosen = "tree"
    for fallback in ("readability", "jsonld"):
        if len(texts[chosen]) < min_chars and fallback in texts and len(texts[fallback]) > len(texts[chosen]):
            chosen = fallback
    return chosen


def collect(shared: Path, folds: int, progress: bool = True) -> list[PageCandidates | None]:
    """Every page of the training corpora with its candidates from the fold model that left its site out."""
    from cleaners import train
    from cleaners._cleaner import Cleaner, CleanerOptions

    scorer = train.load_scorer(shared)
    corpora = train.read_corpora(shared, train.TRAIN_CORPORA, None)
    if corpora is None:
        raise SystemExit(2)
    data = train.build_dataset(corpora, progress=progress)
    models, test_pages, _ = train.cross_validate(data, folds)
    cuts = train.BlockModel.from_json(train.MODEL_PATH.read_text(encoding="utf-8")).decision()
    out: list[PageCandidates | None] = [None] * len(data.pages)
    for k, (model, pages) in enumerate(zip(models, test_pages)):
        cleaner = Cleaner(CleanerOptions(block_model=replace(model, **cuts)))
        for i in pages:
            page = data.pages[i]
            found = page_candidates(cleaner, page["html"], page["url"])
            texts, names, X, cpu = found if found is not None else ({"tree": ""}, [], np.zeros((0, len(CHOICE_FEATURES))), 0.0)
            scores = {}
            for name, text in texts.items():
                p, r = scorer.page_pr(*scorer.tp_fp_fn(page["body"], text))
                scores[name] = (p, r, scorer.f1(p or 0.0, r or 0.0), len(scorer.cruft_lines(page["body"], text)))
            scores["hand"] = scores[hand_rule(texts)]
            out[i] = PageCandidates(page["id"], page["corpus"], page["group"], names, X, scores, len(texts["tree"]), cpu)
        if progress:
            print(f"  fold {k + 1}/{len(models)}: candidates of {len(pages)} pages", file=sys.stderr)
    return out


# -- the chooser -----------------------------------------------------------------------------

#: The chooser's settings tried in the inner folds: the tree text's length under which
#: readability-lxml is asked (its cost), the regularization (trees: their number) and the threshold.
READABILITY_BELOW = (250, 1000, 3000, 10**9)
STRENGTHS = {"logistic": (0.1, 1.0), "trees": (40, 120)}
THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.5, 0.96, 0.05))
#: What a cruft line per page costs against F1 in the inner folds' choice (as in cleaners.train).
CRUFT_LINE_COST = 0.002


class Chooser:
    """The chance that an alternative beats the tree text, learned with the gain as weight."""

    def __init__(self, kind: str, strength: float, below: int, alternatives: tuple[str, ...]):
        self.kind, self.strength, self.below, self.alternatives = kind, strength, below, alternatives

    def usable(self, page: PageCandidates) -> list[int]:
        return [j for j, name in enumerate(page.names) if name in self.alternatives
                and (name != "readability" or page.tree_chars < self.below)]

    def fit(self, pages: list[PageCandidates], weight_of: dict[str, float]) -> "Chooser":
        X, y, w = [], [], []
        for page in pages:
            for j in self.usable(page):
                gain = page.scores[page.names[j]][2] - page.scores["tree"][2]
                if gain:
                    X.append(page.X[j])
                    y.append(gain > 0)
                    w.append(abs(gain) * weight_of[page.corpus])
        X = np.array(X)
        self.mean, self.scale = X.mean(0), X.std(0)
        self.scale[self.scale == 0] = 1.0
        if self.kind == "trees":
            import lightgbm

            self.model = lightgbm.LGBMClassifier(
                n_estimators=int(self.strength), num_leaves=4, learning_rate=0.1, min_child_samples=20, subsample=0.8,
                subsample_freq=1, colsample_bytree=0.8, deterministic=True, seed=7, num_threads=1, verbose=-1)
        else:
            from sklearn.linear_model import LogisticRegression

            self.model = LogisticRegression(C=self.strength, max_iter=2000)
        self.model.fit((X - self.mean) / self.scale, np.array(y), sample_weight=np.array(w))
        return self

    def best(self, page: PageCandidates) -> tuple[str, float]:
        """The alternative most likely to beat the tree text, and that chance."""
        usable = self.usable(page)
        if not usable:
            return "tree", 0.0
        chances = self.model.predict_proba((page.X[usable] - self.mean) / self.scale)[:, 1]
        k = int(np.argmax(chances))
        return page.names[usable[k]], float(chances[k])


def figures(pages: list[PageCandidates], choice: dict[str, str] | str) -> dict[str, tuple[float, int, int, int]]:
    """Per corpus: F1 as the shared scorer computes it, disasters, cruft lines and pages, when each
    page outputs the candidate `choice` names (one name for all, or by page id; "tree" where absent)."""
    out = {}
    for corpus in dict.fromkeys(p.corpus for p in pages):
        ps, rs, disasters, cruft, n = [], [], 0, 0, 0
        for page in pages:
            if page.corpus != corpus:
                continue
            name = choice if isinstance(choice, str) else choice.get(page.id, "tree")
            p, r, f, c = page.scores.get(name, page.scores["tree"])
            n += 1
            ps += [p] if p is not None else []
            rs += [r] if r is not None else []
            disasters += f < 0.5
            cruft += c
        P, R = (float(np.mean(ps)) if ps else 0.0), (float(np.mean(rs)) if rs else 0.0)
        out[corpus] = (2 * P * R / (P + R) if P + R else 0.0, disasters, cruft, n)
    return out


def objective(figs: dict[str, tuple[float, int, int, int]]) -> float:
    return float(np.mean([f1 - CRUFT_LINE_COST * cruft / n for f1, _, cruft, n in figs.values()]))


def chosen(chooser: Chooser, pages: list[PageCandidates], threshold: float) -> dict[str, str]:
    out = {}
    for page in pages:
        name, chance = chooser.best(page)
        if chance >= threshold:
            out[page.id] = name
    return out


def select(pages: list[PageCandidates], kind: str, alternatives: tuple[str, ...], weight_of: dict[str, float],
           inner: int = 4) -> tuple[float, int, float]:
    """The strength, readability gate and threshold with the best objective over inner folds by site."""
    from sklearn.model_selection import GroupKFold

    groups = [p.group for p in pages]
    best = None
    for below in READABILITY_BELOW:
        for strength in STRENGTHS[kind]:
            chances: dict[str, tuple[str, float]] = {}
            for train_idx, test_idx in GroupKFold(inner).split(pages, groups=groups):
                chooser = Chooser(kind, strength, below, alternatives).fit([pages[i] for i in train_idx], weight_of)
                chances.update({pages[i].id: chooser.best(pages[i]) for i in test_idx})
            for threshold in THRESHOLDS:
                picked = {pid: name for pid, (name, chance) in chances.items() if chance >= threshold}
                score = objective(figures(pages, picked))
                if best is None or score > best[0]:
                    best = (score, strength, below, threshold)
    return best[1], best[2], best[3]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="the shared folder with corpus/ and eval/ (default: ../shared)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--model", choices=list(STRENGTHS), default="trees")
    ap.add_argument("--alternatives", nargs="+", choices=list(ALTERNATIVES), default=list(ALTERNATIVES))
    args = ap.parse_args(argv)
    shared = Path(args.shared) if args.shared else ROOT.parent / "shared"
    if not (shared / "eval" / "score.py").exists() or not (shared / "corpus").exists():
        print("skipped: the shared corpora (../shared/corpus, ../shared/eval) are not here")
        return 0
    from cleaners import train

    collected = collect(shared, args.folds)
    pages = [p for p in collected if p is not None]
    counts = Counter(p.corpus for p in pages)
    weight_of = train.page_weights({c: [None] * n for c, n in counts.items()})
    alternatives = tuple(args.alternatives)
    # the outer folds are the block model's: whole sites, each page's candidates from the fold model
    fold_of = {}
    from sklearn.model_selection import GroupKFold

    for k, (_, test) in enumerate(GroupKFold(args.folds).split(pages, groups=[p.group for p in pages])):
        fold_of.update({pages[i].id: k for i in test})
    picked: dict[str, str] = {}
    for k in range(args.folds):
        fit_on = [p for p in pages if fold_of[p.id] != k]
        strength, below, threshold = select(fit_on, args.model, alternatives, weight_of)
        chooser = Chooser(args.model, strength, below, alternatives).fit(fit_on, weight_of)
        picked.update(chosen(chooser, [p for p in pages if fold_of[p.id] == k], threshold))
        print(f"  outer fold {k + 1}: strength {strength}, readability below {below} chars, threshold {threshold}",
              file=sys.stderr)
    best = {p.id: max(p.scores, key=lambda name: (p.scores[name][2], name == "tree")) for p in pages}
    runs = {"tree text": "tree", "hand rule": "hand", f"chooser ({args.model}), CV": picked, "best candidate": best}
    table = {label: figures(pages, choice) for label, choice in runs.items()}
    print(f"| {'corpus':<12} | {'choice':<24} | {'F1':>6} | {'disasters':>9} | {'cruft lines':>11} |")
    print("|--------------|--------------------------|--------|-----------|-------------|")
    for corpus in counts:
        for label, figs in table.items():
            f1, disasters, cruft, _ = figs[corpus]
            print(f"| {corpus:<12} | {label:<24} | {f1:6.4f} | {disasters:>9} | {cruft:>11} |")
    corpus_of = {p.id: p.corpus for p in pages}
    switched = Counter((corpus_of[pid], name) for pid, name in picked.items())
    print("pages switched by the chooser:", ", ".join(f"{c} {n}: {v}" for (c, n), v in sorted(switched.items())))
    for corpus in counts:
        cpu = [p.readability_cpu for p in pages if p.corpus == corpus]
        print(f"readability-lxml on {corpus}: {1000 * float(np.mean(cpu)):.1f} ms CPU a page on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
