"""A self-contained HTML report of what the cleaner did to one page: every text block in page
order, kept or removed (by which rule, or by the block model and on what grounds), with the
true text beside it when it is known.

    newsbot-clean explain PAGE --report out.html [--truth TEXT_FILE | --corpus FILE --id ID]

The report is one file: inline CSS, no script at all (a Content-Security-Policy forbids any),
and every piece of the page's text escaped; the page's own markup is never embedded.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gc
import gzip
import itertools
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree

from ._cleaner import Cleaner, redeciding_model
from ._decode import load_json
from ._extract import _BLOCK_TAGS, Block, TreeMatcher, _attr_parts, _describe, _is_hidden, common_ancestor
from ._model import BlockModel
from ._result import CleanerError, CleanResult, Removal
from ._text import INLINE_LINK_RULE
from .rules import RuleSet

__all__ = ["ReportError", "Report", "build_report", "write_report", "read_page", "read_corpus_record", "find_scorer",
           "feature_effects", "add_arguments", "run"]

#: Characters of one block shown in the report; the rest is counted, not shown (a 5 MB text node
#: would otherwise make a report no browser opens). Truth marking and F1 read the whole block.
MAX_SHOWN_CHARS = 20_000
#: A run of at least this many removed blocks (none of them a missed paragraph) folds into one
#: line that opens on click.
FOLD_MIN_BLOCKS = 4
#: From this many blocks on, a folded block carries only its rule and probability on hover (a
#: 20 MB page can have 300,000 blocks: its report must stay a file a browser opens).
COMPACT_FROM_BLOCKS = 20_000
#: Most blocks whose top features are worked out (each costs one model pass per feature).
MAX_EXPLAINED_BLOCKS = 2_000
#: Features named on hover for a block the model weighed.
TOP_FEATURES = 3
#: Largest page whose top features are worked out: they need a second pass over the page (the
#: features as the block model read them), which costs as much as the cleaning.
MAX_FEATURE_PASS_BYTES = 5 * 2**20

# Removed from everything written: C0 controls but tab and line feed, DEL, non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_CLASS_SAFE = re.compile(r"[^a-z0-9-]+")
#: What html.escape replaces.
_TO_ESCAPE = re.compile(r"[&<>\"']")

#: What each kind of removal is, for the legend; the tree and phrase rules' groups, and the
#: cleaner's own passes.
KIND_LABELS = {
    "navigation": "navigation: menus, breadcrumbs, sidebars, site footers, pagination",
    "share": "share buttons and social links",
    "related": "related stories, teaser lists, link lists",
    "ads": "advertising and sponsored boxes",
    "comments": "comments and reply threads",
    "consent": "cookie and consent banners",
    "newsletter": "newsletter, sign-up and paywall boxes",
    "media": "captions, photo credits, galleries",
    "graphics": "charts and interactive graphics",
    "metadata": "title, byline, dates, tags, credits",
    "widgets": "widgets: reading time, summaries, calls to action",
    "footer": "footer lines: copyright, legal",
    "hidden": "hidden elements",
    "region": "outside the main region the tree layers chose",
    "model": "removed by the block model although the rules kept it",
    "other": "other rules",
}
#: Tints of the kinds (light, so that struck-through text stays readable).
KIND_COLORS = {
    "navigation": "#dbe5f3", "share": "#ecdcf7", "related": "#d3efe8", "ads": "#fde0c5",
    "comments": "#e1f2cf", "consent": "#efe2d2", "newsletter": "#fff0b3", "media": "#f9d8e6",
    "graphics": "#f3d6f0", "metadata": "#e6e6e6", "widgets": "#d6eefa", "footer": "#dde2ea",
    "hidden": "#eeeeee", "region": "#f2f2f2", "model": "#e3dcff", "other": "#ececec",
}
#: Removals that the cleaner's own passes (not a rule of rules.py) make, and their kind.
PASS_KINDS = {"outside-main": "region", "block-model": "model", "not-declared": "model", "link-list": "related",
              "teaser-list": "related", "title": "metadata", "byline": "metadata", "comment-thread": "comments"}


class ReportError(ValueError):
    """The page, the truth or the corpus line for a report cannot be read."""


@dataclass(slots=True)
class Piece:
    """A line of a block (or the whole block), kept or removed, and what the truth says of it."""

    text: str
    kept: bool
    rule: str | None = None
    #: the truth holds it (None: no truth given)
    article: bool | None = None


@dataclass(slots=True)
class BlockView:
    """One block of the page as the report shows it."""

    block: Block
    kept: bool
    rule: str | None
    kind: str
    pieces: list[Piece]
    #: why the block is kept or removed, in words
    reason: str
    restored: bool = False
    #: what the rules alone decided (None: they kept it)
    rules_removed: str | None = None
    top: list[tuple[str, float, float]] = field(default_factory=list)
    #: its kept text is in the output (False for the tree layers' blocks of a page the cleaner
    #: took from readability or JSON-LD instead)
    output: bool = True

    def why(self, model: BlockModel | None) -> str:
        """The hover text: the reason, the block model's say, the element, the top features."""
        block = self.block
        lines = [self.reason]
        if self.restored:
            lines.append(f"restored by the block model; the rules had removed it ({self.rules_removed})")
        if block.chance is not None and model is not None:
            cut = model.threshold if self.rules_removed is None or model.restore_threshold is None else model.restore_threshold
            lines.append(f"block model: p(article) = {block.chance:.3f} {'>=' if block.chance >= cut else '<'} {cut:.3f}")
        elif model is not None and not self.kept:
            lines.append("block model: not weighed (a line rule, or a group whose rule always holds)")
        lines.append(f"element: {_describe(block.elem)}")
        if self.top:
            lines.append("top features: " + "; ".join(f"{name} = {value:.3g} ({change:+.2f})" for name, value, change in self.top))
        return "\n".join(lines)

    def short_why(self) -> str:
        """The hover text of a block in a folded run: its rule and probability."""
        chance = self.block.chance
        return (self.rule or "") + ("" if chance is None else f" · p(article) = {chance:.3f}")

    @property
    def missed(self) -> bool:
        for p in self.pieces:  # a loop, not any(): asked of every block of a page of 600,000
            if p.article and not (p.kept and self.output):
                return True
        return False

    @property
    def cruft(self) -> bool:
        if self.output:
            for p in self.pieces:
                if p.article is False and p.kept:
                    return True
        return False


@dataclass
class Report:
    """Everything a report shows, before it is written as HTML."""

    result: CleanResult
    views: list[BlockView]
    region: str
    unseen: list[Removal]
    model: BlockModel | None
    source: str = ""
    truth_name: str | None = None
    score: dict | None = None
    notes: list[str] = field(default_factory=list)
    #: the kind (rule group) of every rule name
    kinds: dict[str, str] = field(default_factory=dict)
    #: when the text came from readability or JSON-LD: the page's blocks as the tree layers
    #: decided them, and how much text they kept
    page_views: list[BlockView] = field(default_factory=list)
    page_chars: int = 0

    def html(self) -> str:
        return _render(self)


# -- reading the inputs ---------------------------------------------------------------------

def read_page(page: str) -> tuple[bytes, str | None]:
    """The bytes of PAGE (a file, - for standard input, or a URL fetched as the crawl fetches),
    and its URL when it was fetched."""
    from ._fetch import FetchError, crawl_limits, fetch, is_url

    if is_url(page):
        timeout, max_bytes = crawl_limits()
        try:
            fetched = fetch(page, timeout=timeout, max_bytes=max_bytes)
        except FetchError as exc:
            raise ReportError(f"cannot fetch {page}: {exc}") from None
        return fetched.body, fetched.url
    if page == "-":
        return sys.stdin.buffer.read(), None
    try:
        return Path(page).read_bytes(), None
    except OSError as exc:
        raise ReportError(f"cannot read {page}: {exc.strerror or exc}") from None


def read_text_file(path: str) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_corpus_record(path: str, record_id: str) -> dict:
    """The line of a corpus (JSONL, optionally .gz) whose "id" is `record_id`."""
    # an id JSON writes one way only can be looked for in the raw line before parsing it
    plain = re.fullmatch(r"[A-Za-z0-9_.:-]+", record_id) is not None
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if plain and record_id not in line:
                    continue
                try:
                    rec = load_json(line)
                except ValueError:  # no JSON, or nested past the parser
                    continue
                if isinstance(rec, dict) and str(rec.get("id")) == record_id:
                    if not isinstance(rec.get("html"), str):
                        raise ReportError(f"{path}:{number}: the record {record_id!r} has no \"html\"")
                    return rec
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ReportError(f"cannot read {path}: {exc}") from None
    raise ReportError(f"{path} has no record with id {record_id!r}")


def find_scorer(shared: str | os.PathLike | None = None):
    """The shared scorer (eval/score.py of the shared folder: `shared`, $NEWSBOT_SHARED, or
    ../shared beside this checkout), or None when it is not there."""
    from .train import DEFAULT_SHARED

    candidates = [shared, os.environ.get("NEWSBOT_SHARED"), DEFAULT_SHARED]
    for candidate in candidates:
        if candidate and (Path(candidate) / "eval" / "score.py").exists():
            from .train import load_scorer

            return load_scorer(Path(candidate))
    return None


# -- what happened to each block --------------------------------------------------------------

def _kinds(rules: RuleSet) -> dict[str, str]:
    kinds = {rule.name: rule.group for rule in (*rules.phrase_rules, INLINE_LINK_RULE)}
    kinds.update({rule.name: rule.group for rule in rules.tree_rules})
    kinds.update(PASS_KINDS)
    return kinds


#: Not yet in _BoxFinder's memo.
_UNFOUND = object()


class _BoxFinder:
    """The tree rule, and the box it named, that removes a block (prune leaves such boxes in
    place for the block model and only says their group)."""

    def __init__(self, rules: RuleSet) -> None:
        self.matcher = TreeMatcher(rules)
        # keyed by the elements themselves: a proxy's id() is reused once lxml lets it go
        self._cache: dict[etree._Element, tuple[str, str] | None] = {}
        # what a rule says of an element depends on its tag and attributes only: boxes alike
        # (a page of 100,000 teasers has a few kinds) are matched once
        self._alike: dict[tuple, tuple[str, str] | None] = {}

    def find(self, elem: etree._Element, group: str) -> tuple[str, str] | None:
        found = self._cache.get(elem, _UNFOUND)
        if found is not _UNFOUND:  # the box of many blocks: asked once a block
            return found
        found = self._cache[elem] = self._match(elem, group)
        if found is not None:  # the box itself, most often: no walk up
            return found
        chain = [elem]
        for e in elem.iterancestors():
            if e in self._cache:
                found = self._cache[e]
                break
            chain.append(e)
            found = self._match(e, group)
            if found is not None:
                break
        for e in chain:
            self._cache[e] = found
        return found

    def _match(self, elem: etree._Element, group: str) -> tuple[str, str] | None:
        if not isinstance(elem.tag, str):
            return None
        key = (group, elem.tag, tuple(elem.items()))
        try:
            return self._alike[key]
        except KeyError:
            found = self._alike[key] = self._match_rules(elem, group)
            return found

    def _match_rules(self, elem: etree._Element, group: str) -> tuple[str, str] | None:
        if group == "hidden" and _is_hidden(elem):
            return "hidden", _describe(elem)
        rule = self.matcher.match(elem, _attr_parts(elem))
        if rule is not None and rule.group == group:
            return rule.name, _describe(elem)
        return None


def _pieces(block: Block, line_rules: dict[str, str]) -> list[Piece]:
    # (Piece's fields by position: a page can have 600,000 blocks, and keywords cost more)
    if block.dropped_by is not None:
        return [Piece(block.source or block.text, False, block.dropped_by)]
    if block.source == block.text or not block.source:
        return [Piece(block.text, True)]
    left = Counter(block.text.split("\n"))
    pieces = []
    for line in block.source.split("\n"):
        if not line.strip():
            continue
        if left[line] > 0:
            left[line] -= 1
            pieces.append(Piece(line, kept=True))
        else:
            pieces.append(Piece(line, kept=False, rule=line_rules.get(line[:200], "line filter")))
    return pieces


def _views(result: CleanResult, blocks: list[Block], rules: RuleSet, model: BlockModel | None) -> tuple[list[BlockView], set[str]]:
    kinds = _kinds(rules)
    line_rules: dict[str, str] = {}
    for removal in result.removed:
        if removal.group == "text":
            line_rules.setdefault(removal.text, removal.rule)
    boxes = _BoxFinder(rules)
    box_wheres: set[str] = set()
    box_reasons: dict[tuple, str] = {}
    views = []
    for block in blocks:
        rule = block.dropped_by
        kept = rule is None
        rules_removed = block.rule or block.pruned or (None if block.in_main else "outside-main")
        if kept and (block.source == block.text or not block.source):
            # kept whole, the most common block of all: no line to name
            restored = model is not None and rules_removed is not None and block.chance is not None
            views.append(BlockView(block, True, None, "kept", [Piece(block.text, True)], "kept", restored, rules_removed))
            continue
        pieces = _pieces(block, line_rules)
        kind = "kept"
        if kept:
            reason = "kept"
            lines = {p.rule or "?" for p in pieces if not p.kept}
            if lines:
                reason += "; lines removed: " + ", ".join(sorted(lines))
        else:
            kind = kinds.get(rule, rule if rule in KIND_LABELS else "other")
            if block.pruned and rule == block.pruned:
                # a box a tree rule names: find which rule, and the box
                found = boxes.find(block.box if block.box is not None else block.elem, block.pruned)
                if found is not None:
                    rule = found[0]
                    box_wheres.add(found[1])
                    reason = box_reasons.get((found, block.pruned))
                    if reason is None:  # (boxes alike share one string)
                        reason = box_reasons[found, block.pruned] = \
                            f"removed by the tree rule {found[0]} ({block.pruned}) on the box {found[1]}"
                else:
                    reason = f"removed by a tree rule of the group {block.pruned}"
                kind = block.pruned if block.pruned in KIND_LABELS else kind
            elif rule == "block-model":
                reason = "removed by the block model; the rules kept it"
            elif rule == "not-declared":
                reason = "removed: the story the page declares (its JSON-LD articleBody) leaves it out"
            elif rule == "outside-main":
                reason = "removed: outside the main region"
            else:
                reason = f"removed by the rule {rule} ({kind})" + (" with the box it announces" if block.announced else "")
        restored = kept and model is not None and rules_removed is not None and block.chance is not None
        views.append(BlockView(block, kept, rule, kind, pieces, reason, restored, rules_removed))  # (by position: as Piece)
    return views, box_wheres


def _region(blocks: list[Block], method: str) -> str:
    if method != "tree":
        return {"readability": "(readability-lxml's summary of the page)",
                "jsonld": "(the articleBody the page declares in JSON-LD)"}.get(method, f"({method})")
    elems = [b.elem for b in blocks if b.in_main]
    if not elems:
        return "(none)"
    common = _common_of_first_and_last(elems)
    if common is None:
        common = common_ancestor(elems)
    path = [_describe(e) for e in reversed([common, *common.iterancestors()]) if isinstance(e.tag, str)]
    return " > ".join(path)


def _common_of_first_and_last(elems: list[etree._Element]) -> etree._Element | None:
    """The common ancestor of the blocks' elements (in page order) from the first and the last
    alone, when it is a block element: every block between them has its text inside that
    element, so its own element (the innermost block element around its text) lies inside it
    too. None when it is inline (a block between may belong to an element around it) or the
    two share no ancestor."""
    first = [elems[0], *elems[0].iterancestors()]
    on_chain = set(first)
    common = next((a for a in itertools.chain((elems[-1],), elems[-1].iterancestors()) if a in on_chain), None)
    if common is None or common.tag not in _BLOCK_TAGS:
        return None
    return common


def _unseen(result: CleanResult, blocks: list[Block], box_wheres: set[str]) -> list[Removal]:
    """Removals of whole boxes whose text no block shows: what prune and the comment-thread pass
    took out of the tree before the page was split into blocks."""
    skip_groups = {"text", "region", "model"}
    candidates = [r for r in result.removed if r.group not in skip_groups and r.rule != "title"]
    # the places to look for: once every one is found among the blocks' elements, the rest of
    # the page need not be named (a page of 300,000 blocks repeats a few kinds of box)
    missing = {r.where for r in candidates} - box_wheres
    seen: set[etree._Element] = set()
    for block in blocks:
        if not missing:
            break
        for elem in itertools.chain((block.elem,), block.elem.iterancestors()):
            if elem in seen:
                break
            seen.add(elem)
            missing.discard(_describe(elem))
    return [r for r in candidates if r.where in missing]


def feature_effects(model: BlockModel, X: np.ndarray, k: int = TOP_FEATURES) -> list[list[tuple[str, float, float]]]:
    """For each row, the k features whose value most moves the model's log-odds: each feature in
    turn set to its median over the rows, the change it makes (positive: the block's own value
    pushes toward keeping). Returns (name, value, change) triples."""
    n = X.shape[0]
    if n == 0:
        return []
    X = np.asarray(X, dtype=np.float64)
    base = _logit(model.predict(X))
    reference = np.median(X, axis=0)
    internal = model.left != np.arange(model.left.size)
    used = np.unique(model.feature[internal])
    effects = np.zeros((n, len(model.features)))
    for j in used:
        rows = np.flatnonzero(X[:, j] != reference[j])
        if rows.size == 0:
            continue
        moved = X[rows].copy()
        moved[:, j] = reference[j]
        effects[rows, j] = base[rows] - _logit(model.predict(moved))
    out = []
    for i in range(n):
        order = np.argsort(-np.abs(effects[i]))[:k]
        out.append([(model.features[j], float(X[i, j]), float(effects[i, j])) for j in order if abs(effects[i, j]) >= 0.01])
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def _deciding_model(cleaner: Cleaner, result: CleanResult) -> BlockModel | None:
    """The block model whose chances the blocks carry: the one that decided them afresh once the
    page's type was known, when its text stood (see `Cleaner`), else the block model."""
    redecider = redeciding_model(cleaner.options, result.page_type) if result.method == "tree" else None
    return redecider or cleaner.options.block_model


def _add_top_features(views: list[BlockView], cleaner: Cleaner, model: BlockModel | None, data: str | bytes,
                      url: str | None, notes: list[str]) -> None:
    weighed = [i for i, v in enumerate(views) if v.block.chance is not None]
    if model is None or not weighed:
        return
    if len(weighed) > MAX_EXPLAINED_BLOCKS:
        notes.append(f"top features are not worked out: the model weighed {len(weighed)} blocks (more than {MAX_EXPLAINED_BLOCKS})")
        return
    if len(data) > MAX_FEATURE_PASS_BYTES:
        notes.append(f"top features are not worked out: the page is over {MAX_FEATURE_PASS_BYTES // 2**20} MB")
        return
    blocks, X = cleaner.features(data, url, model.features)
    if len(blocks) != len(views) or any(b.source != v.block.source for b, v in zip(blocks, views)):
        notes.append("top features are not shown: the feature pass split the page differently")
        return
    for i, top in zip(weighed, feature_effects(model, X[weighed])):
        views[i].top = top


def _mark_truth(views: list[BlockView], truth: str) -> None:
    """Label every piece by the truth, as the block model's training labels blocks: most of its
    word 4-grams are in the true text. Kept pieces first claim the true text's 4-grams (a story
    the page holds twice is article once), then removed ones look for what is left. A piece of
    fewer than four words is article when kept and somewhere in the truth, or when removed and a
    whole line of the truth ("Weather" in a menu is not a missed paragraph because the story
    mentions the weather)."""
    from .train import _WORD, _norm, _shingles, label_block

    shingles = _shingles(_WORD.findall(truth))
    norm = _norm(truth)
    lines = {_norm(line) for line in truth.splitlines() if line.strip()}
    for first in (True, False):
        for view in views:
            for piece in view.pieces:
                kept = piece.kept and view.output
                if kept is not first:
                    continue
                if len(_WORD.findall(piece.text)) >= 4:
                    piece.article = label_block(piece.text, shingles, norm)
                else:
                    key = _norm(piece.text)
                    piece.article = bool(key) and (key in norm if kept else key in lines)


def _score(truth: str, text: str, scorer) -> dict:
    """The page's F1, precision and recall: the shared scorer's when it is there."""
    if scorer is not None:
        s = scorer.score([{"id": "page", "body": truth}], {"page": text})
        return {"f1": s["f1"], "precision": s["precision"], "recall": s["recall"], "by": "the shared scorer (eval/score.py)",
                "cruft_lines": s["cruft_lines"]}
    from .train import _WORD, _shingles

    gold, pred = _shingles(_WORD.findall(truth)), _shingles(_WORD.findall(text))
    tp = sum((gold & pred).values())
    fp, fn = sum(pred.values()) - tp, sum(gold.values()) - tp
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r,
            "by": "word 4-gram overlap (the shared scorer was not found)", "cruft_lines": None}


def build_report(data: str | bytes, url: str | None = None, truth: str | None = None, *, cleaner: Cleaner | None = None,
                 scorer: Any = None, source: str = "", truth_name: str | None = None, article: bool = False) -> Report:
    """Clean a page and gather what the report shows (`article`: as `clean_html`'s, a page known
    to be a story). Raises CleanerError for unusable input."""
    cleaner = cleaner or Cleaner()
    # the report shows the blocks, not the output's HTML or Markdown: they are not built
    result, blocks = cleaner.explain(data, url=url, outputs=False, article=article)
    model = _deciding_model(cleaner, result)
    rules = cleaner.options.rules
    views, box_wheres = _views(result, blocks, rules, model)
    notes: list[str] = []
    page_views: list[BlockView] = []
    page_chars = 0
    if result.method == "tree":
        _add_top_features(views, cleaner, model, data, url, notes)
    else:
        # the page's own blocks, as the tree layers alone decided them
        tree = Cleaner(dataclasses.replace(cleaner.options, min_text_chars=0))
        tree_result, tree_blocks = tree.explain(data, url=url, outputs=False, article=article)
        page_views, tree_wheres = _views(tree_result, tree_blocks, rules, model)
        box_wheres |= tree_wheres
        blocks = blocks + tree_blocks  # for the boxes no block shows
        for view in page_views:
            view.output = False
            if view.kept:
                view.reason = f"kept by the tree layers, set aside: they kept too little text, and the output is {result.method}'s"
        page_chars = len(tree_result.text)
    if model is None:
        notes.append("no block model: boxes the tree rules removed show only in the list below the blocks")
    report = Report(result, views, _region(blocks, result.method), _unseen(result, blocks, box_wheres), model,
                    source=source, truth_name=truth_name, notes=notes, kinds=_kinds(rules),
                    page_views=page_views, page_chars=page_chars)
    if truth is not None:
        _mark_truth(views + page_views, truth)
        report.score = _score(truth, result.text, scorer)
    return report


def write_report(path: str | os.PathLike, data: str | bytes, url: str | None = None, truth: str | None = None, **kwargs: Any) -> Report:
    """Build a page's report and write it to `path` (UTF-8); returns the report."""
    report = build_report(data, url, truth, **kwargs)
    Path(path).write_bytes(report.html().encode("utf-8", errors="replace"))
    return report


# -- HTML -------------------------------------------------------------------------------------

def _e(text: Any) -> str:
    """Text made safe for HTML content and quoted attributes (control characters go when the
    whole document is done)."""
    return escape(str(text), quote=True)


@functools.lru_cache(maxsize=4096)
def _cls(name: str) -> str:
    return _CLASS_SAFE.sub("-", name.lower()).strip("-") or "x"


_CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#fff}
header,section.top{padding:10px 24px;border-bottom:1px solid #ddd}
header{background:#f5f6f8}
h1{font-size:20px;margin:0 0 6px}
h2{font-size:15px;margin:8px 0 4px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:1px 14px;margin:0;font-size:13px}
dl.meta dt{color:#666}dl.meta dd{margin:0;overflow-wrap:anywhere}
.score{font-size:16px;margin:6px 0 0}.score b{font-size:20px}
table.counts{border-collapse:collapse;font-size:13px}
table.counts td,table.counts th{padding:1px 10px 1px 6px;text-align:left;border-bottom:1px solid #eee}
table.counts td.n{text-align:right;font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:0;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:5px}
.sw{display:inline-block;width:26px;height:14px;border:1px solid #bbb}
.sw.missed{border:0;border-left:6px solid #d62728}.sw.cruft{border:0;border-left:6px solid #f0a500}
p.note{font-size:12px;color:#555;margin:4px 0}
main{padding:8px 24px 40px 10px}
.b{margin:2px 0;padding:3px 8px 3px 10px;border-left:6px solid transparent;white-space:pre-wrap;overflow-wrap:anywhere}
.b.removed{color:#555}
.b.set-aside{background:#f6f6f6;font-style:italic;color:#444}
.b.removed .t,.b .line.removed{text-decoration:line-through;text-decoration-color:#888}
.b.heading{font-weight:600}
.b.missed{border-left-color:#d62728}
.b.cruft{border-left-color:#f0a500}
.b.restored{outline:1px dashed #7a5cff}
.b>i{font:normal 11px ui-monospace,monospace;color:#999;margin-right:6px;user-select:none;text-decoration:none}
.why{font:11px ui-monospace,monospace;color:#555;background:rgba(255,255,255,.7);border-radius:3px;padding:0 4px;margin-left:6px;white-space:nowrap}
.cut{font-size:12px;color:#a33;font-style:italic}
details.fold{margin:2px 0;border-left:6px solid transparent}
details.fold>summary{cursor:pointer;font-size:13px;color:#555;padding:2px 10px;background:#f4f4f4}
details.fold>summary:hover{background:#ebebeb}
ol.unseen{font-size:12px}
""" + "".join(f".k-{_cls(kind)}{{background:{color}}}\n" for kind, color in KIND_COLORS.items())


def page_type_line(result: CleanResult) -> str:
    """The page type as the cleaner decided it, with the model's chance and whether the caller's
    word overruled it."""
    line = result.page_type
    if result.listing_chance is not None:
        line += f" (listing chance {result.listing_chance:.2f})"
    if result.declared_story:
        line += ", declared a story: the page type alone makes it a listing"
    return line


def _meta_rows(report: Report) -> list[tuple[str, str]]:
    r = report.result
    rows = [("source", report.source), ("URL", r.url or ""), ("canonical URL", r.canonical_url or ""),
            ("page type", page_type_line(r)), ("method", r.method), ("main region", report.region),
            ("authors", ", ".join(r.authors)), ("published", r.published or ""), ("modified", r.modified or ""),
            ("language", r.language or ""), ("site", r.site_name or "")]
    if report.model is not None:
        d = report.model.decision()
        held = ", ".join(d["held_groups"]) or "none"
        rows.append(("block model", f"keeps a block the rules kept at p ≥ {d['threshold']:.3f}; brings back one they "
                                    f"removed at p ≥ {d['restore_threshold'] if d['restore_threshold'] is not None else d['threshold']:.3f}; "
                                    f"groups whose rule always holds: {held}"))
    return [(k, v) for k, v in rows if v]


def _counts(report: Report) -> str:
    groups: dict[str, list] = {}
    kept_blocks = kept_chars = 0
    for view in report.views:
        for piece in view.pieces:
            if piece.kept:
                kept_chars += len(piece.text)
        if view.kept:
            kept_blocks += 1
        else:
            g = groups.get(view.kind)
            if g is None:
                g = groups[view.kind] = [0, 0, 0, Counter()]
            g[0] += 1
            g[2] += len(view.pieces[0].text)
            g[3][view.rule or "?"] += 1
        for piece in view.pieces:
            if view.kept and not piece.kept:
                kind = report.kinds.get(piece.rule or "", "other")
                g = groups.setdefault(kind, [0, 0, 0, Counter()])
                g[1] += 1
                g[2] += len(piece.text)
                g[3][piece.rule or "?"] += 1
    out = ['<table class="counts"><thead><tr><th>kind</th><th>blocks</th><th>lines</th><th>characters</th><th>rules</th></tr></thead><tbody>',
           f'<tr><td><span class="sw" style="background:#fff"></span> kept</td><td class="n">{kept_blocks}</td><td class="n"></td>'
           f'<td class="n">{kept_chars:,}</td><td></td></tr>']
    for kind, (blocks, lines, chars, rules) in sorted(groups.items(), key=lambda kv: -kv[1][2]):
        names = ", ".join(f"{_e(name)} {n}" for name, n in rules.most_common())
        out.append(f'<tr><td><span class="sw k-{_cls(kind)}"></span> {_e(kind)}</td><td class="n">{blocks}</td>'
                   f'<td class="n">{lines or ""}</td><td class="n">{chars:,}</td><td>{names}</td></tr>')
    if report.unseen:
        out.append(f'<tr><td>taken out before splitting</td><td class="n">{len(report.unseen)} boxes</td><td></td><td></td>'
                   f'<td>{", ".join(f"{_e(n)} {c}" for n, c in Counter(r.rule for r in report.unseen).most_common())}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _legend(report: Report) -> str:
    kinds = Counter(v.kind for v in report.views if not v.kept)
    items = ['<li><span class="sw" style="background:#fff"></span>kept (plain)</li>']
    for kind, label in KIND_LABELS.items():
        if kind in kinds or kind in ("navigation", "share", "related", "ads", "comments", "consent", "media", "model", "region"):
            items.append(f'<li><span class="sw k-{_cls(kind)}"></span>{_e(label)}</li>')
    if report.score is not None:
        items.append('<li><span class="sw missed"></span>missed: removed, but the truth keeps it</li>')
        items.append('<li><span class="sw cruft"></span>cruft: kept, but the truth drops it</li>')
    if report.model is not None:
        items.append('<li><span class="sw" style="outline:1px dashed #7a5cff"></span>brought back by the block model</li>')
    notes = [
        "Removed text is struck through and tinted by its kind. Hover a block for the rule that removed it (or kept it), "
        "the element that holds it and, where the block model weighed it, its probability of being article.",
    ]
    if report.model is not None:
        notes.append(f"Top features (on hover): the {TOP_FEATURES} features whose value, set to its median over the blocks the model "
                     "weighed on this page, moves the block's log-odds most; + means the block's own value pushes toward keeping "
                     "it, − toward removing it.")
    notes.append(f"Runs of {FOLD_MIN_BLOCKS} or more removed blocks fold into one line: click it to open. "
                 f"A block longer than {MAX_SHOWN_CHARS:,} characters shows its start only.")
    if len(report.views) >= COMPACT_FROM_BLOCKS:
        notes.append(f"This page has {len(report.views):,} blocks: a folded block shows only its rule (and probability) on hover, "
                     "a kept block only its tag.")
    return (f'<ul class="legend">{"".join(items)}</ul>' + "".join(f'<p class="note">{_e(n)}</p>' for n in notes))


def _shown(text: str) -> str:
    if len(text) <= MAX_SHOWN_CHARS:
        # most blocks have nothing to escape: one search instead of five replacements
        return escape(text) if _TO_ESCAPE.search(text) else text
    return escape(text[:MAX_SHOWN_CHARS]) + f'<span class="cut"> … {len(text) - MAX_SHOWN_CHARS:,} more characters not shown</span>'


def _block_html(view: BlockView, index: int, model: BlockModel | None, prefix: str = "b") -> str:
    """A block with its reasons on hover: kept plain, removed struck through and tinted."""
    block = view.block
    classes = ["b", ("kept" if view.output else "set-aside") if view.kept else "removed"]
    if not view.kept:
        classes += [f"rule-{_cls(view.rule or 'other')}", f"k-{_cls(view.kind)}"]
    if block.heading:
        classes.append("heading")
    if view.restored:
        classes.append("restored")
    if view.missed:
        classes.append("missed")
    if view.cruft:
        classes.append("cruft")
    body = []
    for piece in view.pieces:
        if view.kept and not piece.kept:
            rule = piece.rule or "?"
            body.append(f'<span class="line removed rule-{_cls(rule)}" title="line removed by {escape(rule)}">{_shown(piece.text)}</span>')
        else:
            body.append(f'<span class="t">{_shown(piece.text)}</span>')
    badge = "model" if view.restored else ("" if view.kept else view.rule or "")
    return (f'<div class="{" ".join(classes)}" id="{prefix}{index}" title="{escape(view.why(model))}"><i>{escape(block.tag)}</i>'
            + "\n".join(body) + (f'<span class="why">{escape(badge)}</span>' if badge else "") + "</div>")


def _folded_html(view: BlockView, heads: dict[tuple, str]) -> str:
    """A removed block inside a folded run, in few bytes: a 20 MB page can have 300,000 of them.
    (`heads`: the markup before the text, written once for blocks alike.)"""
    key = (view.rule, view.kind, view.block.chance, view.block.tag)
    head = heads.get(key)
    if head is None:
        head = heads[key] = (f'<div class="b removed rule-{_cls(view.rule or "other")} k-{_cls(view.kind)}" '
                             f'title="{escape(view.short_why())}"><i>{escape(view.block.tag)}</i>')
    return f"{head}{_shown(view.pieces[0].text)}</div>"


def _blocks_html(views: list[BlockView], model: BlockModel | None, prefix: str = "b") -> list[str]:
    out: list[str] = []
    run: list[int] = []
    compact = len(views) >= COMPACT_FROM_BLOCKS
    heads: dict[tuple, str] = {}

    def flush() -> None:
        if len(run) >= FOLD_MIN_BLOCKS:
            kinds = Counter(views[i].rule or "?" for i in run)
            chars = sum(len(views[i].pieces[0].text) for i in run)
            summary = ", ".join(f"{name} {n}" for name, n in kinds.most_common(4)) + (", …" if len(kinds) > 4 else "")
            out.append(f'<details class="fold" id="{prefix}f{run[0]}"><summary>{len(run):,} removed blocks ({chars:,} characters): {escape(summary)}</summary>')
            if compact:
                out.extend(_folded_html(views[i], heads) for i in run)
            else:
                out.extend(_block_html(views[i], i, model, prefix) for i in run)
            out.append("</details>")
        else:
            out.extend(_block_html(views[i], i, model, prefix) for i in run)
        run.clear()

    for i, view in enumerate(views):
        if not view.kept and not view.missed:
            run.append(i)
            continue
        if run:
            flush()
        if compact and _plain(view):
            out.append(_kept_html(view))
        else:
            out.append(_block_html(view, i, model, prefix))
    flush()
    return out


def _plain(view: BlockView) -> bool:
    """A kept block with nothing to say on hover but its tag: all of it kept, in the output,
    not brought back by the model, no truth mark."""
    return (view.kept and view.output and not view.restored and view.block.chance is None and len(view.pieces) == 1
            and view.pieces[0].article is not False)


def _kept_html(view: BlockView) -> str:
    """A plain kept block in few bytes (a 20 MB table can have 600,000 cells, all kept)."""
    heading = " heading" if view.block.heading else ""
    return f'<div class="b kept{heading}"><i>{_escaped_tag(view.block.tag)}</i>{_shown(view.pieces[0].text)}</div>'


@functools.lru_cache(maxsize=256)
def _escaped_tag(tag: str) -> str:
    """A tag's name made safe for HTML (remembered: a page has a few tags and 600,000 blocks)."""
    return escape(tag)



def _render(report: Report) -> str:
    r = report.result
    title = r.title or "(no title)"
    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
           # no script, frame, image, font or connection of any kind: only the inline style below
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           '<meta name="viewport" content="width=device-width,initial-scale=1">',
           f"<title>newsbot report: {_e(title[:200])}</title><style>{_CSS}</style></head><body>",
           f'<header><h1>{_e(title)}</h1><dl class="meta">']
    for key, value in _meta_rows(report):
        out.append(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>")
    out.append("</dl>")
    kept = sum(1 for v in report.views if v.kept)
    out.append(f'<p class="note">{len(report.views)} text blocks: {kept} kept, {len(report.views) - kept} removed; '
               f"{len(r.text):,} characters of article.</p>")
    if report.score is not None:
        s = report.score
        missed = sum(1 for v in report.views if v.missed)
        cruft = sum(1 for v in report.views if v.cruft)
        out.append(f'<p class="score">F1 <b class="f1">{s["f1"]:.3f}</b> · precision {s["precision"]:.3f} · recall {s["recall"]:.3f}'
                   f' — against {_e(report.truth_name or "the truth")}, scored by {_e(s["by"])}; '
                   f'<span class="nmissed">{missed}</span> {"block" if missed == 1 else "blocks"} with missed text, '
                   f'<span class="ncruft">{cruft}</span> with cruft</p>')
    for note in report.notes:
        out.append(f'<p class="note">{_e(note)}</p>')
    out.append('</header><section class="top"><h2>Removed, by kind</h2>')
    out.append(_counts(report))
    out.append("<h2>Legend</h2>")
    out.append(_legend(report))
    out.append("</section>")
    if report.page_views:
        out.append(f'<section class="top"><h2>The text {_e(r.method)} found: the output</h2></section>')
    out.append('<main class="blocks">')
    out.extend(_blocks_html(report.views, report.model))
    out.append("</main>")
    if report.page_views:
        out.append('<section class="top page"><h2>The page as the tree layers saw it</h2>'
                   f'<p class="note">They kept {report.page_chars:,} characters{" (in grey italics)" if report.page_chars else ""}, too little to trust, so the '
                   f"output above is {_e(r.method)}'s. Nothing below is in the output: a red margin marks text of the truth that the "
                   "output lacks.</p></section>")
        out.append('<main class="blocks page">')
        out.extend(_blocks_html(report.page_views, report.model, prefix="p"))
        out.append("</main>")
    if report.unseen:
        out.append('<section class="top"><h2>Taken out before the page was split into blocks</h2><ol class="unseen">')
        for removal in report.unseen:
            out.append(f'<li class="k-{_cls(report.kinds.get(removal.rule, removal.group))}"><b>{_e(removal.rule)}</b> '
                       f"{_e(removal.where)}: {_e(removal.text)}{'…' if len(removal.text) >= 200 else ''}</li>")
        out.append("</ol></section>")
    out.append("</body></html>\n")
    # the cleaner has taken control characters out of the page's text; this catches any left
    # in metadata or names, in one pass over the whole document
    return _CONTROL.sub("", "\n".join(out))


# -- command line ------------------------------------------------------------------------------

@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while one report is built. A big page makes hundreds of
    thousands of blocks, views and pieces, none of them in a cycle, and each full collection
    walks all of them again: a fifth of the command's time on a page of 600,000 blocks, for
    nothing (what the page leaves behind is freed by reference counts, or with the process)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            # what the report made would all be young: the first collection after this would
            # walk its millions of objects (0.7 s on a table of 600,000 cells). Frozen and let go
            # again (two list moves), they are old, for a full collection only, as if they had
            # lived through the collections the pause left out.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The report's options of `newsbot-clean explain`."""
    parser.add_argument("--report", metavar="OUT.html", help="write a self-contained HTML report of every block instead of printing")
    parser.add_argument("--truth", metavar="TEXT_FILE", help="with --report: the page's true article text (marks missed and cruft text, gives the F1)")
    parser.add_argument("--corpus", metavar="FILE", help="with --report and --id: take the page, its URL and its truth from this corpus (JSONL, .gz)")
    parser.add_argument("--id", help="the corpus record's id")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`newsbot-clean explain [PAGE] --report OUT.html [--truth FILE | --corpus FILE --id ID]`."""
    if not args.report:
        parser.error("--truth, --corpus and --id go with --report")
    if bool(args.corpus) != bool(args.id):
        parser.error("--corpus and --id go together")
    if args.corpus and args.truth:
        parser.error("give the truth with --truth or --corpus, not both")
    if args.corpus and args.page:
        parser.error("give PAGE or --corpus/--id, not both")
    if not args.corpus and not args.page:
        parser.error("PAGE is required (or --corpus FILE --id ID)")
    url, truth, truth_name = args.url, None, None
    try:
        if args.corpus:
            rec = read_corpus_record(args.corpus, args.id)
            data: str | bytes = rec["html"]
            url = url or rec.get("url")
            source = f"{args.corpus} id {args.id}"
            if isinstance(rec.get("body"), str):
                truth, truth_name = rec["body"], f"the corpus truth of {args.id}"
            else:
                print(f"note: the record {args.id!r} has no true text (\"body\"): no truth marks", file=sys.stderr)
        else:
            data, fetched_url = read_page(args.page)
            url = url or fetched_url
            source = "standard input" if args.page == "-" else args.page
            if args.truth:
                truth, truth_name = read_text_file(args.truth), args.truth
        scorer = find_scorer() if truth is not None else None
        with _collector_paused():
            report = write_report(args.report, data, url, truth, scorer=scorer, source=source, truth_name=truth_name,
                                  article=getattr(args, "article", False))
    except (ReportError, CleanerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {args.report}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    kept = sum(1 for v in report.views if v.kept)
    line = f"report written to {args.report}: {len(report.views)} blocks, {kept} kept"
    if report.score is not None:
        line += f"; F1 {report.score['f1']:.3f}"
    print(line, file=sys.stderr)
    return 0
