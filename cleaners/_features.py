"""What the block model reads: language-independent features of every text block of a page.

The tree layers (rules, main region, line filter) have already run and marked each block with
what they decided; those decisions are features here beside the block's own shape (length, link
density, punctuation, stop words of its language, tag, depth, position) and its neighbours'.
Nothing here names a site or a page: the model weighs it all, fitted on many sites.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
from lxml import etree

from ._extract import _SENTENCE_END, Block, Extraction, _attr_parts, _weight
from ._text import _CJK as _TEXT_CJK, _DIGIT, CJK_CHAR_WEIGHT, PhraseMatcher
from .rules import RuleSet

__all__ = ["FEATURES", "KIND_FEATURES", "LISTING_FEATURES", "block_features", "kind_features", "model_input",
           "stopwords_for"]

# Words in any script (for counts and stop-word lookups).
_WORD = re.compile(r"\w+")
# Punctuation inside running prose, in Latin and CJK scripts.
_PUNCT = re.compile(r"[,.;:!?，。、；：！？]")
_CJK = _TEXT_CJK  # the characters reading_length counts thrice
# Separators of menus and breadcrumbs ("Home | News", "A › B", "a · b").
_SEPARATOR = re.compile(r"[|›»·•/>]")
# Letters, and capitals of the Latin, Greek and Cyrillic alphabets.
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]")
# Sentence ends.
_STOP = re.compile(r"[.!?。！？]")
#: Words of the page read to tell its language's stop words.
MAX_SAMPLE_WORDS = 1000

#: Block tags the model tells apart; any other is "other".
_TAGS = ("p", "div", "li", "td", "h1", "h2", "h3", "h456", "blockquote", "pre", "figcaption", "dd", "span", "section")
_TAG_INDEX = {t: i for i, t in enumerate(_TAGS)}
for _h in ("h4", "h5", "h6"):
    _TAG_INDEX[_h] = _TAG_INDEX["h456"]
_TAG_INDEX["th"] = _TAG_INDEX["td"]
_TAG_INDEX["dt"] = _TAG_INDEX["dd"]
_TAG_INDEX["article"] = _TAG_INDEX["section"]
_TAG_INDEX["main"] = _TAG_INDEX["section"]

#: What the tree layers did to a block, by kind (the rule groups of rules.py and the passes of
#: _extract.py). "filtered" is a block that lost some of its lines and kept others.
_VERDICTS = ("kept", "filtered", "outside-main", "link-list", "teaser-list", "announced", "title", "byline",
             "related", "navigation", "metadata", "media", "widgets", "share", "ads", "newsletter",
             "consent", "comments", "footer", "pruned", "other")
_VERDICT_INDEX = {v: i for i, v in enumerate(_VERDICTS)}

#: Ancestor elements by kind: semantic tags and the class/id parts the tree rules know.
_ANCESTOR_TAGS = ("article", "main", "header", "footer", "nav", "aside", "form", "table", "a", "figure")
_ANCESTOR_GROUPS = ("content", "navigation", "share", "newsletter", "ads", "related", "comments",
                    "metadata", "widgets", "media", "hidden", "consent", "graphics")
#: The tree rules' groups, for blocks in a box a tree rule names (prune's verdict on them).
_PRUNED_GROUPS = ("navigation", "share", "newsletter", "consent", "ads", "related", "comments", "metadata",
                  "widgets", "media", "graphics", "hidden", "other")


_SELF = (
    "log_chars", "log_reading_length", "log_words", "kept_share", "link_density", "mean_word_length",
    "punct_rate", "digit_rate", "upper_rate", "ends_sentence", "sentence_rate", "stopword_density",
    "stopwords", "cjk_rate", "lines", "separator_rate", "weight", "heading", "list_item", "quote", "pre",
    "href_internal", "href_fragment",
)
_PAGE = ("position", "char_position", "depth", "depth_from_main", "in_main", "main_share", "share_of_page",
         "log_blocks", "kept_share_of_page", "same_elem_blocks", "parent_link_density", "parent_share")
_CONTAINER = ("steps_to_main", "repeats")
_NEIGHBOURS = ("prev_link_density", "prev_log_chars", "prev_kept", "prev_ends_sentence",
               "next_link_density", "next_log_chars", "next_kept", "next_ends_sentence",
               "window_kept", "window_weight", "window_link_density", "run_kept_before", "run_kept_after")

#: The model's inputs, in the order of block_features' columns (the model file names them too).
FEATURES: tuple[str, ...] = (
    _SELF
    + tuple(f"tag_{t}" for t in _TAGS) + ("tag_other",)
    + tuple(f"verdict_{v}" for v in _VERDICTS)
    + tuple(f"levels_to_{t}" for t in _ANCESTOR_TAGS)
    + tuple(f"levels_to_class_{g}" for g in _ANCESTOR_GROUPS)
    + tuple(f"pruned_{g}" for g in _PRUNED_GROUPS)
    + _PAGE + _CONTAINER + _NEIGHBOURS
)
_COLUMN = {name: i for i, name in enumerate(FEATURES)}

#: What a block shares with the blocks of its kind (its element's and its parent's tag and class,
#: digits read alike): the share of the text the rules kept that the others of its kind hold, how
#: many others there are (log), and whether its kind holds the most kept text. A listing's items
#: are blocks of one kind. The listing model reads them; the article block model does not (on
#: stories they cost aeb more than they gave wcxb and fundus-dev: docs/cleaner.md).
KIND_FEATURES: tuple[str, ...] = ("kind_kept_share", "kind_blocks", "kind_top")
#: The listing model's inputs: FEATURES, then KIND_FEATURES.
LISTING_FEATURES: tuple[str, ...] = FEATURES + KIND_FEATURES
_PRUNED_INDEX = {g: i for i, g in enumerate(_PRUNED_GROUPS)}
_RUN_BEFORE, _RUN_AFTER = _COLUMN["run_kept_before"], _COLUMN["run_kept_after"]
_DEPTH = _COLUMN["depth"]
_NEAREST = slice(_COLUMN["levels_to_" + _ANCESTOR_TAGS[0]], _COLUMN["levels_to_class_" + _ANCESTOR_GROUPS[-1]] + 1)


@lru_cache(maxsize=1)
def _stoplists() -> tuple[dict[str, int], np.ndarray, tuple[frozenset[str], ...]]:
    """jusText's stop-word lists of 100 languages; for each word the number of its signature
    (the set of lists that hold it: words of the same lists share one), and per signature a
    row of ones at its lists."""
    import justext

    lists = tuple(frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists()))
    index: dict[str, list[int]] = {}
    for i, words in enumerate(lists):
        for word in words:
            index.setdefault(word, []).append(i)
    signatures: dict[tuple[int, ...], int] = {}
    signature_of = {w: signatures.setdefault(tuple(ids), len(signatures)) for w, ids in index.items()}
    members = np.zeros((len(signatures), len(lists)), dtype=np.int64)
    for ids, row in signatures.items():
        members[row, list(ids)] = 1
    return signature_of, members, lists


def stopwords_for(words: list[str]) -> frozenset[str]:
    """The stop-word list of the language these (case-folded) words are in: the one that
    covers most of them. Empty when none covers any (Chinese, Japanese, Thai)."""
    signature_of, members, lists = _stoplists()
    found = [s for s in map(signature_of.get, words) if s is not None]
    if not found:
        return frozenset()
    per_signature = np.bincount(found)
    held = np.flatnonzero(per_signature)
    hits = per_signature[held] @ members[held]
    best = int(hits.argmax())  # the first of the best, as max() over the lists in order
    return lists[best] if hits[best] else frozenset()


def _verdict(block: Block, matcher_groups: dict[str, str]) -> str:
    rule = block.rule
    if rule is None:
        if not block.in_main:
            return "outside-main" if block.pruned is None else "pruned"
        return "filtered" if len(block.text) < len(block.source) else "kept"
    if rule in _VERDICT_INDEX:
        return rule
    group = matcher_groups.get(rule)
    if block.announced:
        return "announced"
    return group if group in _VERDICT_INDEX else "other"


#: The single characters the features count, one bit each in `_char_classes`' table.
_COUNTED = (_PUNCT, _DIGIT, _UPPER, _STOP, _CJK, _SEPARATOR, _LETTER, re.compile("\n"))
_PUNCT_BIT, _DIGIT_BIT, _UPPER_BIT, _STOP_BIT, _CJK_BIT, _SEPARATOR_BIT, _LETTER_BIT, _NEWLINE_BIT = range(len(_COUNTED))


@lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """Per code point, a bit for each class of `_COUNTED` it is in: counting a page's
    characters becomes one table lookup over all of its text."""
    every = "".join(map(chr, range(0x110000)))
    table = np.zeros(0x110000, dtype=np.uint8)
    for bit, pattern in enumerate(_COUNTED):
        hits = np.fromiter((m.start() for m in pattern.finditer(every)), dtype=np.int64)
        table[hits] |= np.uint8(1 << bit)
    return table


def _char_counts(sources: list[str]) -> np.ndarray:
    """How many characters of each class of `_COUNTED` every text holds (one row a text)."""
    codes = np.frombuffer("".join(sources).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    counts = np.zeros((len(sources), len(_COUNTED)), dtype=np.int64)
    if not len(codes):
        return counts
    # one column of 0/1 a class, summed over each text's characters at once
    bits = np.unpackbits(_char_classes()[codes][:, None], axis=1, count=len(_COUNTED), bitorder="little")
    lengths = np.fromiter(map(len, sources), dtype=np.int64, count=len(sources))
    filled = lengths > 0  # reduceat reads an empty text's start as the next text's first character
    counts[filled] = np.add.reduceat(bits, (np.cumsum(lengths) - lengths)[filled], axis=0, dtype=np.int64)
    return counts


#: External links, by how the href starts (an internal link is any other non-empty one).
_EXTERNAL_HREF = ("http", "//", "#", "javascript:", "mailto:")
#: Blocks on either side of a block in its window (`window_*` features).
_WINDOW = 3


def block_features(extraction: Extraction, body: etree._Element, rules: RuleSet,
                   matcher: PhraseMatcher, wanted: list[bool] | None = None) -> np.ndarray:
    """One row of FEATURES per block of `extraction.all_blocks` (zeros for a block `wanted`
    says no to: one whose fate no probability can change)."""
    rule_groups = matcher.rule_groups
    blocks = extraction.all_blocks
    n = len(blocks)
    X = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if not n:
        return X
    log1p = math.log1p
    sources = [b.source for b in blocks]
    sample: list[str] = []
    # the words of each text, read once a text (a page repeats its labels and teasers)
    words_in: dict[str, list[str]] = {}

    def words_of_text(source: str) -> list[str]:
        words = words_in.get(source)
        if words is None:
            words = words_in[source] = _WORD.findall(source.casefold())
        return words

    for source in sources:
        sample.extend(words_of_text(source))
        if len(sample) > MAX_SAMPLE_WORDS:
            break
    stop = stopwords_for(sample)
    lengths = np.fromiter(map(len, sources), dtype=np.int64, count=n)
    total_chars = int(lengths.sum()) or 1
    main = extraction.main
    main_depth = _depth(main) if main is not None else 0
    in_main = np.array([b.in_main for b in blocks], dtype=bool)
    main_chars = int(lengths[in_main].sum())
    around_main = {main, *main.iterancestors()} if main is not None else set()
    ancestry = _Ancestry(_part_groups(rules), around_main, extraction.parts)
    link_chars = np.array([b.link_chars for b in blocks], dtype=np.int64)
    kept = np.array([b.in_main and b.rule is None for b in blocks], dtype=np.float64)
    rows = np.arange(n) if wanted is None else np.flatnonzero(wanted)
    if not len(rows):
        return _runs(X, kept)
    kept_chars = sum(len(b.text) for b, k in zip(blocks, kept) if k)
    ends = np.array([s.rstrip()[-1:] in _SENTENCE_END for s in sources], dtype=np.float64)
    logs = np.array([log1p(x) for x in lengths.tolist()])
    weights = np.array([_weight(b) for b in blocks], dtype=np.float64)
    densities = np.array([b.link_density for b in blocks])
    # each block's parent, numbered; the characters and link characters of the blocks of each
    parent_ids: dict[etree._Element, int] = {}
    parent_of = np.fromiter((parent_ids.setdefault(b.elem.getparent(), len(parent_ids)) for b in blocks),
                            dtype=np.int64, count=n)
    parent_chars = np.bincount(parent_of, weights=lengths)
    parent_links = np.bincount(parent_of, weights=link_chars)
    elem_ids: dict[etree._Element, int] = {}
    elem_of = np.fromiter((elem_ids.setdefault(b.elem, len(elem_ids)) for b in blocks), dtype=np.int64, count=n)
    per_elem = np.bincount(elem_of)
    repeats = Counter(sources)
    # the weights of the blocks in each block's window, added in page order (as sum() adds them)
    padded = np.concatenate((np.zeros(_WINDOW), weights, np.zeros(_WINDOW)))
    window = np.zeros(n)
    for k in range(2 * _WINDOW + 1):
        window += padded[k : k + n]
    m = len(rows)
    chars = np.maximum(lengths[rows], 1)
    row_list = rows.tolist()
    row_blocks = [blocks[i] for i in row_list]
    row_sources = [sources[i] for i in row_list]
    counts = _char_counts(row_sources)
    words_of = list(map(words_of_text, row_sources))
    nw = np.fromiter(map(len, words_of), dtype=np.int64, count=m)
    word_chars = np.fromiter(map(len, map("".join, words_of)), dtype=np.int64, count=m)
    hits = (np.fromiter((sum(map(stop.__contains__, words)) for words in words_of), dtype=np.int64, count=m)
            if stop else np.zeros(m, dtype=np.int64))
    # reading_length of each: its characters, those of _CJK counted CJK_CHAR_WEIGHT times
    reading = np.array([log1p(x) for x in (lengths[rows] + (CJK_CHAR_WEIGHT - 1) * counts[:, _CJK_BIT]).tolist()], dtype=np.float64)
    depths, nearest, steps = zip(*map(ancestry.of, [b.elem for b in row_blocks]))
    depth = np.array(depths, dtype=np.float64)
    hrefs = [b.href or "" for b in row_blocks]
    tag_other = len(_TAGS)
    tag_col, verdict_col, pruned_col = _COLUMN["tag_" + _TAGS[0]], _COLUMN["verdict_" + _VERDICTS[0]], _PRUNED_COLUMNS.start
    X[rows, [tag_col + _TAG_INDEX.get(b.tag, tag_other) for b in row_blocks]] = 1.0
    X[rows, [verdict_col + _VERDICT_INDEX[_verdict(b, rule_groups)] for b in row_blocks]] = 1.0
    pruned_rows = [(i, pruned_col + _PRUNED_INDEX.get(b.pruned, len(_PRUNED_GROUPS) - 1))
                   for i, b in zip(row_list, row_blocks) if b.pruned is not None]
    if pruned_rows:
        X[tuple(np.array(pruned_rows).T)] = 1.0
    nwords = np.maximum(nw, 1)
    letters = np.maximum(counts[:, _LETTER_BIT], 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_word = np.where(nw > 0, word_chars / nwords, 0.0)
        density = np.where(nw > 0, hits / nwords, 0.0)
    # the neighbours' and the window's, over every block, then read at the rows
    prev = np.s_[:-1]
    prev_density, prev_logs, prev_kept, prev_ends = (np.concatenate(([0.0], a[prev])) for a in (densities, logs, kept, ends))
    next_density, next_logs, next_kept, next_ends = (np.concatenate((a[1:], [0.0])) for a in (densities, logs, kept, ends))
    lo = np.maximum(np.arange(n) - _WINDOW, 0)
    hi = np.minimum(np.arange(n) + _WINDOW + 1, n)
    kept_run = np.concatenate(([0.0], np.cumsum(kept)))
    chars_run = np.concatenate(([0], np.cumsum(lengths)))
    links_run = np.concatenate(([0], np.cumsum(link_chars)))
    window_chars = np.maximum(chars_run[hi] - chars_run[lo], 1)
    offsets = chars_run[:-1]
    r = rows
    row_parents = parent_of[r]
    row_parent_chars = parent_chars[row_parents]
    columns = {
        "log_chars": logs[r], "log_reading_length": reading, "log_words": [log1p(x) for x in nw.tolist()],
        "kept_share": np.array([len(b.text) for b in row_blocks]) / chars, "link_density": link_chars[r] / chars,
        "mean_word_length": mean_word, "punct_rate": counts[:, _PUNCT_BIT] / chars,
        "digit_rate": counts[:, _DIGIT_BIT] / chars, "upper_rate": counts[:, _UPPER_BIT] / letters,
        "ends_sentence": ends[r], "sentence_rate": counts[:, _STOP_BIT] / nwords, "stopword_density": density,
        "stopwords": [log1p(x) for x in hits.tolist()], "cjk_rate": counts[:, _CJK_BIT] / chars,
        "lines": counts[:, _NEWLINE_BIT], "separator_rate": counts[:, _SEPARATOR_BIT] / nwords,
        "weight": [log1p(x) for x in weights[r].tolist()],
        "heading": [b.heading for b in row_blocks], "list_item": [b.list_item for b in row_blocks],
        "quote": [b.quote for b in row_blocks], "pre": [b.pre for b in row_blocks],
        "href_internal": [bool(h) and not h.startswith(_EXTERNAL_HREF) for h in hrefs],
        "href_fragment": [h.startswith("#") for h in hrefs],
        "depth": depth, "steps_to_main": np.array(steps, dtype=np.float64),
        "same_elem_blocks": per_elem[elem_of[r]],
        "parent_link_density": parent_links[row_parents] / np.where(row_parent_chars == 0, 1.0, row_parent_chars),
        "parent_share": row_parent_chars / total_chars,
        "window_weight": [log1p(x) for x in window[r].tolist()],
        "position": r / n, "char_position": offsets[r] / total_chars,
        "depth_from_main": depth - main_depth, "in_main": in_main[r], "main_share": main_chars / total_chars,
        "share_of_page": lengths[r] / total_chars, "log_blocks": log1p(n), "kept_share_of_page": kept_chars / total_chars,
        "repeats": [repeats[s] - 1 for s in row_sources],
        "prev_link_density": prev_density[r], "prev_log_chars": prev_logs[r], "prev_kept": prev_kept[r],
        "prev_ends_sentence": prev_ends[r], "next_link_density": next_density[r], "next_log_chars": next_logs[r],
        "next_kept": next_kept[r], "next_ends_sentence": next_ends[r],
        "window_kept": (kept_run[hi] - kept_run[lo])[r] / (hi - lo)[r],
        "window_link_density": (links_run[hi] - links_run[lo])[r] / window_chars[r],
    }
    values = np.empty((m, len(columns)), dtype=np.float64)
    for k, column in enumerate(columns.values()):
        values[:, k] = column
    X[r[:, None], [_COLUMN[name] for name in columns]] = values
    X[r, _NEAREST] = nearest
    # the depths of the nearest ancestors of each kind, as levels up from the block's element
    X[:, _NEAREST] = np.minimum(X[:, _DEPTH, None] - X[:, _NEAREST], FAR)
    return _runs(X, kept)


_DIGITS = re.compile(r"[0-9]+")


def _kind_part(elem: etree._Element | None) -> tuple[str, str]:
    if elem is None:
        return ("", "")
    return (elem.tag if isinstance(elem.tag, str) else "", _DIGITS.sub("0", elem.get("class") or ""))


def kind_features(blocks: list[Block]) -> np.ndarray:
    """One row of KIND_FEATURES per block: what it shares with the other blocks of its kind."""
    n = len(blocks)
    K = np.zeros((n, len(KIND_FEATURES)), dtype=np.float32)
    if not n:
        return K
    # the kind of each element, read once (a block's element holds several of a page's blocks)
    kind_of: dict[etree._Element, tuple] = {}
    kinds = []
    for b in blocks:
        kind = kind_of.get(b.elem)
        if kind is None:
            kind = kind_of[b.elem] = (_kind_part(b.elem), _kind_part(b.elem.getparent()))
        kinds.append(kind)
    own = [len(b.text) if b.in_main and b.rule is None else 0 for b in blocks]
    kept: Counter = Counter()
    count: Counter = Counter()
    for kind, chars, b in zip(kinds, own, blocks):
        kept[kind] += chars
        count[kind] += bool(b.text)
    total = sum(own)
    top = max(kept, key=kept.__getitem__) if total else None
    for i, (kind, chars, b) in enumerate(zip(kinds, own, blocks)):
        K[i, 0] = (kept[kind] - chars) / total if total else 0.0
        K[i, 1] = math.log1p(count[kind] - bool(b.text))  # (its own count is in count[kind])
        K[i, 2] = kind == top
    return K


def model_input(X: np.ndarray, blocks: list[Block], features: tuple[str, ...]) -> np.ndarray:
    """The rows of FEATURES `block_features` gave, as a model of these `features` reads them
    (FEATURES or LISTING_FEATURES)."""
    if features == FEATURES:
        return X
    if features == LISTING_FEATURES:
        return np.hstack((X, kind_features(blocks)))
    raise ValueError(f"no block features of {len(features)} columns: FEATURES or LISTING_FEATURES")


def _runs(X: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Fill in how many blocks the rules kept in a row lead up to each block, and follow it."""
    n = len(kept)
    if not n:
        return X
    at = np.arange(n)
    # per block, the last block up to it (and the first from it on) the rules did not keep
    last_out = np.maximum.accumulate(np.where(kept == 0, at, -1))
    next_out = np.minimum.accumulate(np.where(kept == 0, at, n)[::-1])[::-1]
    X[1:, _RUN_BEFORE] = at[:-1] - last_out[:-1]
    X[:-1, _RUN_AFTER] = next_out[1:] - at[1:]
    X[0, _RUN_BEFORE] = X[-1, _RUN_AFTER] = 0
    return X


_PRUNED_COLUMNS = slice(_COLUMN["pruned_" + _PRUNED_GROUPS[0]], _COLUMN["pruned_" + _PRUNED_GROUPS[-1]] + 1)
_IN_MAIN = _COLUMN["in_main"]


#: The box kind of a block outside the main region that no tree rule named.
UNNAMED_OUTSIDE = -2


def box_kinds(X: np.ndarray) -> np.ndarray:
    """Per row, how the rules removed the block, as a number: the kind of box a tree rule named
    (or none) and the side of the main region it is on (UNNAMED_OUTSIDE: outside, none)."""
    pruned = X[:, _PRUNED_COLUMNS]
    kind = np.where(pruned.any(axis=1), pruned.argmax(axis=1), -1)
    return kind * 2 + (X[:, _IN_MAIN] == 1)


@lru_cache(maxsize=8)
def _part_groups(rules: RuleSet) -> _PartGroups:
    """Each class/id part the rules know, with the kind it names (content first)."""
    groups = _PartGroups()
    for part in rules.content_parts:
        groups[part] = 0
    for rule in rules.tree_rules:
        g = _ANCESTOR_GROUPS.index(rule.group) if rule.group in _ANCESTOR_GROUPS else None
        if g is not None:
            for part in rule.parts:
                groups.setdefault(part, g)
    groups.known = frozenset(groups)
    return groups


class _PartGroups(dict):
    """Class/id parts with the kind each names, and the set of them (`known`) to intersect with."""

    known: frozenset[str] = frozenset()


_ANCESTOR_TAG_INDEX = {t: i for i, t in enumerate(_ANCESTOR_TAGS)}
#: Levels up to the nearest ancestor of a kind, when there is none (and the most counted).
FAR = 12
_KINDS = len(_ANCESTOR_TAGS) + len(_ANCESTOR_GROUPS)


class _Ancestry:
    """Per element, once: its depth, the depth of its nearest ancestor (or itself) with each
    semantic tag and each class/id kind (-inf: none), and how many levels up the main region
    (or an element holding it) is. Each element's answer is its parent's plus its own."""

    def __init__(self, part_groups: _PartGroups, around_main: set[etree._Element],
                 parts: dict[etree._Element, frozenset[str]] | None = None) -> None:
        self.part_groups = part_groups
        self.known = part_groups.known
        self.parts = parts or {}
        self.around_main = around_main
        self.cache: dict[etree._Element, tuple[int, list[float], int]] = {}
        # the kinds a set of class/id parts names, per set (a page repeats its class names)
        self.kinds_of: dict[frozenset[str], tuple[int, ...]] = {}

    def _kinds(self, parts: frozenset[str]) -> tuple[int, ...]:
        kinds = self.kinds_of.get(parts)
        if kinds is None:
            known = parts & self.known
            groups_at = len(_ANCESTOR_TAGS)
            kinds = self.kinds_of[parts] = tuple(groups_at + self.part_groups[p] for p in known) if known else ()
        return kinds

    def of(self, elem: etree._Element) -> tuple[int, list[float], int]:
        cache = self.cache
        got = cache.get(elem)
        if got is not None:
            return got
        # walk up to the first element already known (or the root), then down again
        chain = [elem]
        a = elem.getparent()
        while a is not None:
            got = cache.get(a)
            if got is not None:
                break
            chain.append(a)
            a = a.getparent()
        depth, nearest, steps = got if got is not None else (0, [-math.inf] * _KINDS, FAR)
        parts_of, around_main, kinds_of = self.parts, self.around_main, self.kinds_of
        for e in reversed(chain):
            depth += 1
            t = _ANCESTOR_TAG_INDEX.get(e.tag)
            # the kinds its class/id parts name (none without a class or an id): the parts prune
            # read first, so that an element whose parts name no kind (most) is asked nothing
            parts = parts_of.get(e)
            if parts is not None:
                kinds = kinds_of.get(parts)
                if kinds is None:
                    kinds = self._kinds(parts)
                if kinds and not (e.get("class") or e.get("id")):
                    kinds = ()  # its parts are those of box-name attributes alone (data-testid=...)
            elif e.get("class") or e.get("id"):
                parts = _attr_parts(e)
                kinds = kinds_of.get(parts)
                if kinds is None:
                    kinds = self._kinds(parts)
            else:
                kinds = ()
            if t is not None or kinds:
                nearest = list(nearest)
                if t is not None:
                    nearest[t] = depth
                for k in kinds:
                    nearest[k] = depth
            if e in around_main:
                steps = 0
            elif steps < FAR:
                steps += 1
            got = cache[e] = (depth, nearest, steps)
        return got


def _depth(elem: etree._Element) -> int:
    return sum(1 for _ in elem.iterancestors()) + 1
