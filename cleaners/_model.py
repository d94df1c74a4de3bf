"""The shipped block model: gradient-boosted trees, evaluated with NumPy over a page's blocks.

The trees are fitted by `python -m cleaners.train` (LightGBM, in the `train` extra) and written
as plain arrays to `cleaners/models/blocks.json`; reading them needs only NumPy, so the runtime
never imports the training libraries.
"""

from __future__ import annotations

import json
import logging
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, ClassVar, TypeVar

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["BlockModel", "LISTING_MODEL_PATH", "MODEL_PATH", "decide", "default_listing_model", "default_model", "prose_blocks",
           "read_model", "read_shipped"]

#: Where the package keeps its model.
MODEL_PATH = Path(__file__).with_name("models") / "blocks.json"
#: Where the package keeps the model that decides the blocks of listing pages.
LISTING_MODEL_PATH = Path(__file__).with_name("models") / "listing_blocks.json"
#: Rows evaluated at once: the node arrays are rows x trees.
CHUNK_ROWS = 2048
#: The format written by `to_json` and read by `from_json`.
FORMAT = "newsbot-block-model/1"
#: A removed block is prose (see `BlockModel.prose`) from this many characters...
PROSE_MIN_CHARS = 200
#: ...with at most this share of its characters in links.
PROSE_MAX_LINK_DENSITY = 0.1
#: The boxes of a group of `BlockModel.prose_outweigh_groups` come back as prose only where their
#: prose on the page is at least this share of the characters the rules kept: a story the rules
#: took for such a box, not a box of its kind beside a story the rules kept.
PROSE_OUTWEIGH_SHARE = 0.5


@dataclass(frozen=True, eq=False)
class BlockModel:
    """Binary trees summed into a log-odds that a block is part of the article."""

    features: tuple[str, ...]
    #: a block the rules kept stays when its probability is at least this
    threshold: float
    #: the model's version and how it was trained (corpora, figures), as the training run wrote it
    meta: dict
    # all trees' nodes in one set of arrays; a leaf points to itself and always goes "left"
    feature: np.ndarray
    split: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    bias: float = 0.0
    #: a block the rules removed comes back when its probability is at least this (None: threshold)
    restore_threshold: float | None = None
    #: the tree rules' groups whose boxes never come back (cross-validation showed they are right)
    held_groups: tuple[str, ...] = ()
    #: a block the rules removed also comes back at this probability when the block next to it,
    #: removed the same way (same box kind, same side of the main region), comes back: the
    #: opening paragraph of a story the rules took for a widget (None: no such second chance)
    context_threshold: float | None = None
    #: on a page where the rules kept fewer than `thin_chars` characters, a prose block (see
    #: `prose`) in a box of one of `prose_groups` comes back at this probability: a story the
    #: rules took for a navigation, hidden or tab box (None: no such cut)
    prose_threshold: float | None = None
    thin_chars: float = 0.0
    prose_groups: tuple[str, ...] = ()
    #: those of `prose_groups` whose boxes come back only where their prose outweighs what the
    #: rules kept (see PROSE_OUTWEIGH_SHARE): a cookie notice's paragraph beside a short story
    prose_outweigh_groups: tuple[str, ...] = ()

    def decision(self) -> dict:
        """How probabilities become decisions: the thresholds and the groups that hold."""
        return {"threshold": self.threshold, "restore_threshold": self.restore_threshold,
                "held_groups": self.held_groups, "context_threshold": self.context_threshold,
                "prose_threshold": self.prose_threshold, "thin_chars": self.thin_chars,
                "prose_groups": self.prose_groups, "prose_outweigh_groups": self.prose_outweigh_groups}

    def keep(self, chance: np.ndarray, rules_keep: np.ndarray, box: np.ndarray,
             joins_main: np.ndarray | None = None, prose: np.ndarray | None = None) -> np.ndarray:
        """Which blocks are kept: `chance` of each (in page order), whether the rules kept it,
        the kind of box the rules removed it as (equal values are removed the same way), which
        may join the main region's text, and which are `prose` (see `decide`)."""
        return decide(chance, rules_keep, box, self.threshold, self.restore_threshold, self.context_threshold,
                      joins_main, prose=prose, prose_threshold=self.prose_threshold)

    def prose(self, X: np.ndarray, rules_keep: np.ndarray, page: np.ndarray | None = None) -> np.ndarray:
        """The rows (`X`, in this model's features) of blocks the rules removed from a box of one of
        `prose_groups` that read as prose (long, few links), on a page where the rules kept fewer
        than `thin_chars` characters. `page` numbers the pages when several are given at once."""
        if self.prose_threshold is None:
            return np.zeros(X.shape[0], dtype=bool)
        return prose_blocks(X, self.features, rules_keep, self.prose_groups, self.thin_chars, page,
                            self.prose_outweigh_groups)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The probability that each row's block belongs to the article."""
        if X.shape[0] == 0:
            return np.zeros(0)
        if X.shape[1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} features, got {X.shape[1]}")
        if X.shape[0] > CHUNK_ROWS:  # a page of 100,000 blocks: bounded memory, a chunk at a time
            return np.concatenate([self.predict(X[i : i + CHUNK_ROWS]) for i in range(0, X.shape[0], CHUNK_ROWS)])
        # every tree walked for every row at once, one level a step, over flat arrays (np.take
        # is the fast gather); a leaf is its own child, so walking a full depth is safe. The walk
        # moves over slots (see `_Walk`), each row starting at its trees' roots.
        flat = np.ascontiguousarray(X, dtype=np.float64).ravel()
        row_starts = (np.arange(X.shape[0]) * X.shape[1])[:, None]
        walk = _walk(self)
        feature, split, first_child = walk.feature, walk.split, walk.first_child
        slot = walk.roots
        for _ in range(self.depth):
            goes_left = flat.take(row_starts + feature.take(slot)) <= split.take(slot)
            slot = first_child.take(slot) + goes_left
        if slot.ndim == 1:  # no level walked (every tree a single leaf): each row is at the roots
            slot = np.broadcast_to(slot, (X.shape[0], slot.size))
        raw = walk.value.take(slot).sum(axis=1) + self.bias
        return 1.0 / (1.0 + np.exp(-raw))

    @classmethod
    def from_lightgbm(cls, dump: dict, features: tuple[str, ...], threshold: float, meta: dict) -> "BlockModel":
        """Flatten LightGBM's `Booster.dump_model()` (numerical splits, "<=" to the left)."""
        feature: list[int] = []
        split: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0

        def add(node: dict, level: int) -> int:
            nonlocal depth
            i = len(feature)
            feature.append(0)
            split.append(np.inf)
            left.append(i)
            right.append(i)
            value.append(0.0)
            if "leaf_value" in node or "split_feature" not in node:
                value[i] = float(node.get("leaf_value", 0.0))
                depth = max(depth, level)
                return i
            if node.get("decision_type", "<=") != "<=":
                raise ValueError(f"unsupported split {node.get('decision_type')!r}")
            feature[i] = int(node["split_feature"])
            split[i] = float(node["threshold"])
            left[i] = add(node["left_child"], level + 1)
            right[i] = add(node["right_child"], level + 1)
            return i

        for tree in dump["tree_info"]:
            roots.append(add(tree["tree_structure"], 0))
        return cls(
            features=tuple(features), threshold=float(threshold), meta=dict(meta),
            feature=np.array(feature, dtype=np.intp), split=np.array(split, dtype=np.float64),
            left=np.array(left, dtype=np.intp), right=np.array(right, dtype=np.intp),
            value=np.array(value, dtype=np.float64), roots=np.array(roots, dtype=np.intp), depth=depth,
        )

    def to_json(self) -> str:
        payload = {
            "format": FORMAT,
            "features": list(self.features),
            "threshold": self.threshold,
            "restore_threshold": self.restore_threshold,
            "held_groups": list(self.held_groups),
            "context_threshold": self.context_threshold,
            "prose_threshold": self.prose_threshold,
            "thin_chars": self.thin_chars,
            "prose_groups": list(self.prose_groups),
            "prose_outweigh_groups": list(self.prose_outweigh_groups),
            "meta": self.meta,
            "depth": self.depth,
            "bias": self.bias,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "split": [None if not np.isfinite(v) else float(v) for v in self.split],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(float(v), 10) for v in self.value],
        }
        return json.dumps(payload, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "BlockModel":
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"not a block model of format {FORMAT}: {data.get('format')!r}")
        return cls(
            features=tuple(data["features"]), threshold=float(data["threshold"]), meta=data.get("meta", {}),
            feature=np.array(data["feature"], dtype=np.intp),
            split=np.array([np.inf if v is None else v for v in data["split"]], dtype=np.float64),
            left=np.array(data["left"], dtype=np.intp), right=np.array(data["right"], dtype=np.intp),
            value=np.array(data["value"], dtype=np.float64), roots=np.array(data["roots"], dtype=np.intp),
            depth=int(data["depth"]), bias=float(data.get("bias", 0.0)),
            restore_threshold=data.get("restore_threshold"), held_groups=tuple(data.get("held_groups", ())),
            context_threshold=data.get("context_threshold"), prose_threshold=data.get("prose_threshold"),
            thin_chars=float(data.get("thin_chars", 0.0)), prose_groups=tuple(data.get("prose_groups", ())),
            prose_outweigh_groups=tuple(data.get("prose_outweigh_groups", ())),
        )


@dataclass(frozen=True)
class _Walk:
    """A model's nodes laid out for the walk: one slot per child of every node (its right child,
    then its left) and one per root, with the feature, split and value of the node in each. A
    step from a slot goes to `first_child` (the node's right child's slot) plus 1 if it went
    left: one gather a level fewer than looking the node's children up."""

    feature: np.ndarray
    split: np.ndarray
    first_child: np.ndarray
    value: np.ndarray
    roots: np.ndarray

    @classmethod
    def of(cls, model: BlockModel) -> "_Walk":
        node = np.concatenate([np.stack([model.right, model.left], axis=1).ravel(), model.roots])
        return cls(feature=model.feature.take(node), split=model.split.take(node), first_child=node * 2,
                   value=model.value.take(node), roots=np.arange(node.size - model.roots.size, node.size))


#: Per model, its nodes laid out for the walk (built once a model: the models are asked a few
#: times a page).
_WALKS: weakref.WeakKeyDictionary[BlockModel, _Walk] = weakref.WeakKeyDictionary()


def _walk(model: BlockModel) -> _Walk:
    walk = _WALKS.get(model)
    if walk is None:
        walk = _WALKS[model] = _Walk.of(model)
    return walk


def decide(chance: np.ndarray, rules_keep: np.ndarray, box: np.ndarray, threshold: float,
           restore_threshold: float | None, context_threshold: float | None = None,
           joins_main: np.ndarray | None = None, page: np.ndarray | None = None,
           prose: np.ndarray | None = None, prose_threshold: float | None = None) -> np.ndarray:
    """Keep a block the rules kept at `threshold`, one they removed at `restore_threshold` (a
    `prose` one at `prose_threshold`, when lower), or at `context_threshold` when a neighbour in
    the same `box` comes back (runs spread both ways).

    A block `joins_main` says may (outside the main region, named by no tree rule) also come back
    at `context_threshold` beside the main region's kept text: a lead paragraph set above the
    story's box. `page` numbers the pages when the blocks of several are given at once."""
    restore = threshold if restore_threshold is None else restore_threshold
    restore_at = restore
    if prose is not None and prose_threshold is not None:
        restore_at = np.where(prose, min(prose_threshold, restore), restore)
    keep = np.where(rules_keep, chance >= threshold, chance >= restore_at)
    if context_threshold is None or context_threshold >= restore:
        return keep
    maybe = ~rules_keep & ~keep & (chance >= context_threshold)
    if not maybe.any():
        return keep
    n = len(keep)
    same_page = np.ones(n + 1, dtype=bool) if page is None else np.r_[True, page[1:] == page[:-1], True]
    # joins[i]: block i may come back beside block i - 1 (and the other way round)
    joins = np.zeros(n + 1, dtype=bool)
    joins[1:n] = (box[1:] == box[:-1]) & ~rules_keep[1:] & ~rules_keep[:-1]
    if joins_main is not None:
        joins[1:n] |= (joins_main[1:] & rules_keep[:-1]) | (joins_main[:-1] & rules_keep[1:])
    joins &= same_page
    for i in range(n - 2, -1, -1):  # back from a kept block to the run's start
        if maybe[i] and keep[i + 1] and joins[i + 1]:
            keep[i] = True
    for i in range(1, n):  # and on to its end
        if maybe[i] and keep[i - 1] and joins[i]:
            keep[i] = True
    return keep


def prose_blocks(X: np.ndarray, features: tuple[str, ...], rules_keep: np.ndarray, groups: tuple[str, ...],
                 thin_chars: float, page: np.ndarray | None = None, outweigh: tuple[str, ...] = ()) -> np.ndarray:
    """The rows of `X` (one a block, in `features`) the rules removed from a box of one of `groups`
    that read as prose (long, few links), on a page where the rules kept fewer than `thin_chars`
    characters (`page` numbers the pages when several are given at once); for the groups also in
    `outweigh`, only where those groups' prose on the page is at least PROSE_OUTWEIGH_SHARE of
    what the rules kept."""
    n = X.shape[0]
    if not groups or n == 0:
        return np.zeros(n, dtype=bool)
    # whole characters again, so that float32 rows (training) and float64 ones agree at the cuts
    chars = np.rint(np.expm1(X[:, features.index("log_chars")].astype(np.float64)))
    page = np.zeros(n, dtype=np.intp) if page is None else page
    kept_chars = np.bincount(page, weights=chars * rules_keep)[page]
    prose = (~rules_keep & (kept_chars < thin_chars) & (chars >= PROSE_MIN_CHARS)
             & (X[:, features.index("link_density")] <= PROSE_MAX_LINK_DENSITY))
    named = np.zeros(n, dtype=bool)
    weighed = np.zeros(n, dtype=bool)
    for group in groups:
        if group in outweigh:
            weighed |= X[:, features.index(f"pruned_{group}")] == 1
        else:
            named |= X[:, features.index(f"pruned_{group}")] == 1
    weighed &= prose
    if weighed.any():
        theirs = np.bincount(page, weights=chars * weighed, minlength=int(page.max()) + 1)[page]
        weighed &= theirs >= PROSE_OUTWEIGH_SHARE * kept_chars
    return (named & prose) | weighed


@dataclass(frozen=True, eq=False)
class CandidateModel:
    """Trees that give each of a page's candidates (titles, dates) the probability that it is the
    right one; a subclass names its features, its training command and what a choice returns."""

    trees: BlockModel
    FEATURES: ClassVar[tuple[str, ...]] = ()
    RETRAIN: ClassVar[str] = ""

    @property
    def meta(self) -> dict:
        return self.trees.meta

    def chances(self, X: np.ndarray) -> np.ndarray:
        """The probability of each row (one a candidate)."""
        return self.trees.predict(X)

    def best(self, X: np.ndarray) -> int:
        """The row of the most likely candidate (the first of equals: the rules' pick comes first)."""
        return int(np.argmax(self.chances(X)))

    @classmethod
    def from_json(cls, text: str):
        trees = BlockModel.from_json(text)
        if tuple(trees.features) != cls.FEATURES:
            raise ValueError(f"the model was fitted on other features: retrain it ({cls.RETRAIN})")
        return cls(trees)

    def to_json(self) -> str:
        return self.trees.to_json()


_Model = TypeVar("_Model")


def read_shipped(path: Path, parse: Callable[[str], _Model], name: str) -> _Model | None:
    """A model file of the package read by `parse` (None if it is missing, or fitted on other
    features than this code computes, which `parse` says by ValueError: the rules decide then,
    and retraining works)."""
    if not path.exists():
        return None
    try:
        return parse(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        logger.warning("%(name)s model not used: %(error)s", {"name": name, "error": exc})
        return None


def read_model(path: Path, name: str, features: tuple[str, ...]) -> BlockModel | None:
    """The trees a file of the package holds, read as `read_shipped` reads every model: None, with
    a warning, if the file is of another format or its trees read other `features` than the
    code computes (a model file left from before a feature changed); None if it is missing."""

    def parse(text: str) -> BlockModel:
        model = BlockModel.from_json(text)
        if model.features != tuple(features):
            raise ValueError(f"fitted on {len(model.features)} features, not the {len(features)} this code computes")
        return model

    return read_shipped(path, parse, name)


@lru_cache(maxsize=1)
def default_model() -> BlockModel | None:
    """The model shipped in the package, loaded once per process (None if it is missing)."""
    from ._features import FEATURES

    return read_model(MODEL_PATH, "block", FEATURES)


@lru_cache(maxsize=1)
def default_listing_model() -> BlockModel | None:
    """The listing pages' block model shipped in the package, loaded once per process (None if it
    is missing): on an index or collection page the list's items are what the reader came for."""
    from ._features import LISTING_FEATURES

    return read_model(LISTING_MODEL_PATH, "listing", LISTING_FEATURES)
