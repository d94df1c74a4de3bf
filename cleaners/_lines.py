"""The learned line model for plain-text dumps: which lines of a dump are the article's.

A dump has no markup left, only lines. Each non-empty line is described by language-independent
features of its own shape (length, words, closing punctuation, stop words of the record's
language, capitals, digits, links, separators, CJK share), its place in the record, what the
phrase rules and `clean_lines` decided of it, what the dump taught about it (a site's template
line, another record's title), and the same shape of its two neighbours on each side. Trees
fitted by `python -m cleaners.train_lines` weigh it all; nothing here names a site.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ._extract import _CONTROL
from ._features import _CJK, _DIGIT, _PUNCT, _SEPARATOR, _UPPER, _WORD, stopwords_for
from ._learn import MAX_TEMPLATE_CHARS, Learned
from ._model import BlockModel
from ._text import _SENTENCE_END, PhraseMatcher, clean_lines, is_byline, looks_like_title, normalize_phrase

__all__ = ["LINE_FEATURES", "LINES_MODEL_PATH", "MODEL_RULE", "clean_lines_learned", "decide", "default_lines_model",
           "headline_kept", "line_features"]

#: Where the package keeps the line model.
LINES_MODEL_PATH = Path(__file__).with_name("models") / "lines.json"
#: The rule name of lines the model removed (in removals, beside the phrase rules' names).
MODEL_RULE = "line-model"

# Text that is a link or an address: URLs, bare domains, e-mail addresses, handles.
_URL_LIKE = re.compile(r"https?://|www\.|\.(?:com|org|net|co|io|gov|edu|info)\b|@\w")

#: The phrase rules' groups (see rules.py); a rule of another group counts as "other".
RULE_GROUPS = ("related", "metadata", "media", "widgets", "footer", "navigation", "share", "ads",
               "newsletter", "consent", "comments", "site", "other")
_GROUP_INDEX = {g: i for i, g in enumerate(RULE_GROUPS)}
#: What `clean_lines` did to a line, by kind ("phrase" is any phrase rule).
CLEAN_VERDICTS = ("kept", "phrase", "link-announcer", "byline", "learned", "teaser-list", "announced-section",
                  "outside-article", "other")
_VERDICT_INDEX = {v: i for i, v in enumerate(CLEAN_VERDICTS)}
_LEARNED_REASONS = frozenset({"other-title", "site-template"})

#: A line's own shape: computed once per distinct line, and read for its neighbours too.
_SHAPE = (
    "log_chars", "log_words", "mean_word_length", "ends_sentence", "stopword_density", "upper_rate",
    "title_case_rate", "digit_rate", "punct_rate", "url_like", "separators", "cjk_rate", "byline", "title_shaped",
)
#: Decisions about the line, also read for its neighbours.
_DECIDED = ("phrase_rule", "rules_keep", "learned_template", "learned_title", "repeats")
#: Columns of the 2 previous and 2 next lines: their shape and the decisions about them.
WINDOW_OFFSETS = (-2, -1, 1, 2)
_WINDOWED = _SHAPE + _DECIDED
_POSITION = ("position", "from_start", "from_end", "char_position", "log_lines", "log_record_words",
             "share_of_longest", "record_rules_keep_share", "record_prose_share", "lines_since_prose",
             "lines_to_prose", "rules_kept_run", "chars_vs_median", "stopwords_vs_mean", "own_title")
#: How much longer or shorter than the record's title a line may be and still be that title
#: (decoration: "Title | Site", bullets, quotes).
TITLE_SLACK_CHARS = 40
#: Lines longer than MAX_TEMPLATE_CHARS and than the longest learned title by more than
#: TITLE_SLACK_CHARS are not asked about: they are paragraphs, and normalising them costs.
#: A line of prose, for the distances: it ends a sentence and has at least this many words.
MIN_PROSE_WORDS = 8

#: The model's inputs, in the order of line_features' columns (the model file names them too).
LINE_FEATURES: tuple[str, ...] = (
    _WINDOWED
    + tuple(f"rule_{g}" for g in RULE_GROUPS)
    + tuple(f"clean_{v}" for v in CLEAN_VERDICTS)
    + _POSITION
    + tuple(f"{'prev' if o < 0 else 'next'}{abs(o)}_{name}" for o in WINDOW_OFFSETS for name in _WINDOWED)
)
_N_WINDOWED = len(_WINDOWED)
_COLUMN = {name: i for i, name in enumerate(LINE_FEATURES)}

#: Words of the record read to tell its language's stop words (a few sentences tell it).
MAX_SAMPLE_WORDS = 120
#: The rates (capitals, digits, punctuation, separators, CJK) are read on the line's start:
#: a long line's first sentences have the rates of all of it, at a bounded cost.
RATE_SAMPLE_CHARS = 200
#: Distinct lines whose shape is remembered: templates repeat on every page of a site.
SHAPE_CACHE_SIZE = 50_000

_shape_cache: dict[str, tuple[tuple[float, ...], list[str]]] = {}


def _shape(line: str) -> tuple[tuple[float, ...], list[str]]:
    """The line's shape columns but stop-word density (left 0), and its first words case-folded."""
    cached = _shape_cache.get(line)
    if cached is not None:
        return cached
    n = len(line)
    head = line[:RATE_SAMPLE_CHARS]
    n_head = len(head)
    words = _WORD.findall(head)
    # A long line's words are counted on its start and scaled: prose keeps its word length.
    n_words = len(words) if n == n_head else len(words) * n / n_head
    digits = len(_DIGIT.findall(head))
    word_chars = sum(map(len, words))
    letters = max(1, word_chars - digits)
    shape = (
        math.log1p(n),
        math.log1p(n_words),
        word_chars / len(words) if words else 0.0,
        1.0 if _SENTENCE_END.search(line) else 0.0,
        0.0,
        len(_UPPER.findall(head)) / letters,
        sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0,
        digits / n_head,
        len(_PUNCT.findall(head)) / n_head,
        1.0 if _URL_LIKE.search(head) else 0.0,
        float(len(_SEPARATOR.findall(head))),
        len(_CJK.findall(head)) / n_head if not head.isascii() else 0.0,
        1.0 if is_byline(line) else 0.0,
        1.0 if looks_like_title(line) else 0.0,
    )
    if len(_shape_cache) >= SHAPE_CACHE_SIZE:
        _shape_cache.clear()
    result = _shape_cache[line] = (shape, [w.casefold() for w in words])
    return result


_STOP_COLUMN = _SHAPE.index("stopword_density")


def _verdict(reason: str | None, matcher: PhraseMatcher) -> str:
    """The kind of a `clean_lines` reason (a rule name, a pass's name, or None for kept)."""
    if reason is None:
        return "kept"
    if reason in _VERDICT_INDEX:
        return reason
    if reason in _LEARNED_REASONS:
        return "learned"
    if reason in matcher.rule_groups or reason == "extra-phrase":
        return "phrase"
    return "other"


_longest: tuple[Learned | None, int] = (None, 0)


def _longest_title(learned: Learned) -> int:
    """The longest title the dump taught (remembered for the last `Learned` asked about)."""
    global _longest
    if _longest[0] is not learned:
        _longest = (learned, max(map(len, learned.titles), default=0))
    return _longest[1]


def _decisions(items: list[str], matcher: PhraseMatcher, learned: Learned | None, url: str | None,
               title: str | None) -> tuple[list[str | None], dict[str, str | None]]:
    """What `clean_lines` decided of each line (its reason, None when kept), and what the
    learned dump said of the lines it was asked about."""
    said: dict[str, str | None] = {}
    drop = None
    if learned is not None:
        longest = max(MAX_TEMPLATE_CHARS, _longest_title(learned) + TITLE_SLACK_CHARS)

        def drop(line: str) -> str | None:
            if len(line) > longest:  # a paragraph: neither a template line nor a title
                return None
            reason = said[line] = learned.reason(line, url, title)
            return reason
    kept, removed = clean_lines(items, matcher, drop)
    # Both lists keep the lines' order and together hold every line: walk them side by side.
    reasons: list[str | None] = []
    k = r = 0
    for line in items:
        if r < len(removed) and removed[r][1] == line and not (k < len(kept) and kept[k] == line
                                                               and removed[r][0] == "outside-article"):
            reasons.append(removed[r][0])
            r += 1
        else:
            reasons.append(None)
            k += 1
    return reasons, said


def line_features(lines: list[str], matcher: PhraseMatcher, learned: Learned | None = None,
                  url: str | None = None, title: str | None = None) -> np.ndarray:
    """One row of LINE_FEATURES per non-empty line (stripped) of a record, in order."""
    items = [line.strip() for line in lines]
    items = [line for line in items if line]
    n = len(items)
    X = np.zeros((n, len(LINE_FEATURES)), dtype=np.float64)
    if not n:
        return X
    shapes = [_shape(line) for line in items]
    sample: list[str] = []
    for _, words in shapes:
        sample.extend(words)
        if len(sample) >= MAX_SAMPLE_WORDS:
            break
    stops = stopwords_for(sample)
    own = np.array([s for s, _ in shapes])
    if stops:
        own[:, _STOP_COLUMN] = [sum(1 for w in words if w in stops) / len(words) if words else 0.0
                                for _, words in shapes]
    X[:, :len(_SHAPE)] = own

    reasons, said = _decisions(items, matcher, learned, url, title)
    counts: dict[str, int] = {}
    for line in items:
        counts[line] = counts.get(line, 0) + 1
    base = len(_SHAPE)
    rule_col = _COLUMN["rule_" + RULE_GROUPS[0]]
    clean_col = _COLUMN["clean_" + CLEAN_VERDICTS[0]]
    for i, (line, reason) in enumerate(zip(items, reasons)):
        rule = matcher.match(line)
        if rule is not None:
            X[i, base] = 1.0
            X[i, rule_col + _GROUP_INDEX.get(rule.group, _GROUP_INDEX["other"])] = 1.0
        verdict = _verdict(reason, matcher)
        X[i, base + 1] = verdict == "kept"
        X[i, clean_col + _VERDICT_INDEX[verdict]] = 1.0
        if learned is not None:
            why = said[line] if line in said else None
            X[i, base + 2] = why == "site-template"
            X[i, base + 3] = why == "other-title"
        X[i, base + 4] = counts[line] - 1

    chars = np.exp(own[:, 0]) - 1.0
    index = np.arange(n, dtype=np.float64)
    X[:, _COLUMN["position"]] = index / n
    X[:, _COLUMN["from_start"]] = index
    X[:, _COLUMN["from_end"]] = n - 1 - index
    X[:, _COLUMN["char_position"]] = (np.cumsum(chars) - chars) / chars.sum()
    X[:, _COLUMN["log_lines"]] = math.log1p(n)
    words = np.exp(own[:, 1]) - 1.0
    X[:, _COLUMN["log_record_words"]] = math.log1p(words.sum())
    X[:, _COLUMN["share_of_longest"]] = chars / chars.max()
    # How much of the record the rules kept and how much is prose: a clean dump or a whole page.
    rules_keep = X[:, base + 1] > 0
    prose = rules_keep & (own[:, _SHAPE.index("ends_sentence")] > 0) & (words >= MIN_PROSE_WORDS)
    X[:, _COLUMN["record_rules_keep_share"]] = rules_keep.mean()
    X[:, _COLUMN["record_prose_share"]] = chars[prose].sum() / chars.sum()
    # Lines from the nearest prose line before and after (n when there is none).
    before = np.maximum.accumulate(np.where(prose, index, -1.0))
    before = np.concatenate(([-1.0], before[:-1]))
    X[:, _COLUMN["lines_since_prose"]] = np.where(before >= 0, index - before, n)
    after = np.minimum.accumulate(np.where(prose, index, np.inf)[::-1])[::-1]
    after = np.concatenate((after[1:], [np.inf]))
    X[:, _COLUMN["lines_to_prose"]] = np.where(np.isfinite(after), after - index, n)
    # The line against the record's others: longer than most, richer in stop words than most.
    X[:, _COLUMN["chars_vs_median"]] = own[:, 0] - np.median(own[:, 0])
    X[:, _COLUMN["stopwords_vs_mean"]] = own[:, _STOP_COLUMN] - own[:, _STOP_COLUMN].mean()
    if title:
        # The record's own title as a line: the story's headline (compared normalised, and only
        # for lines about as long as it).
        key = normalize_phrase(title)
        first_word = key.split(" ", 1)[0]
        for i, line in enumerate(items):
            if (abs(len(line) - len(title)) <= TITLE_SLACK_CHARS and first_word in line.casefold()
                    and normalize_phrase(line) == key):
                X[i, _COLUMN["own_title"]] = 1.0
    # The length of the run of lines the rules kept that this line is in (0 when removed).
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rules_keep.astype(np.int8), [0]))))
    for lo, hi in zip(edges[::2], edges[1::2]):
        X[lo:hi, _COLUMN["rules_kept_run"]] = hi - lo

    # Neighbours: absent ones (before the first line, after the last) read as -1 everywhere.
    own_window = X[:, :_N_WINDOWED]
    start = _COLUMN["position"] + len(_POSITION)
    for j, offset in enumerate(WINDOW_OFFSETS):
        col = start + j * _N_WINDOWED
        block = np.full((n, _N_WINDOWED), -1.0)
        if offset < 0 and n + offset > 0:
            block[-offset:] = own_window[:n + offset]
        elif offset > 0 and n - offset > 0:
            block[:n - offset] = own_window[offset:]
        X[:, col:col + _N_WINDOWED] = block
    return X


def clean_lines_learned(text: str, matcher: PhraseMatcher, learned: Learned | None = None,
                        url: str | None = None, title: str | None = None,
                        model: BlockModel | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Kept lines and (rule, line) removals of a plain-text dump, decided by the line model.

    A line a phrase rule names always goes (under that rule's name); the model decides the
    rest ("line-model"). Without a model (none given and none shipped), `clean_lines` decides.
    """
    model = model if model is not None else default_lines_model()
    lines = text.splitlines()
    if _CONTROL.search(text):
        lines = [_CONTROL.sub("", line) for line in lines]
    if model is None:
        drop = (lambda line: learned.reason(line, url, title)) if learned is not None else None
        return clean_lines(lines, matcher, drop)
    items = [line.strip() for line in lines]
    items = [line for line in items if line]
    X = line_features(items, matcher, learned, url, title)
    return decide(items, model.predict(X), matcher, model.threshold, headline_kept(X, title))


def headline_kept(X: np.ndarray, title: str | None) -> bool:
    """Whether the record's first line stays whatever the model says: without a title from the
    caller, a headline there (title-shaped, kept by `clean_lines`) is the only place the title
    is. Given the title, the model decides (the `own_title` feature tells it the headline)."""
    if title or not len(X):
        return False
    return bool(X[0, _COLUMN["rules_keep"]] and X[0, _COLUMN["title_shaped"]])


def decide(items: list[str], chances: np.ndarray, matcher: PhraseMatcher, threshold: float,
           keep_first: bool = False) -> tuple[list[str], list[tuple[str, str]]]:
    """Keep the lines whose probability reaches the threshold (and the first with `keep_first`),
    but never one a phrase rule names."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for i, (line, chance) in enumerate(zip(items, chances)):
        rule = matcher.match(line)
        if rule is not None:
            removed.append((rule.name, line))
        elif chance >= threshold or (keep_first and i == 0):
            kept.append(line)
        else:
            removed.append((MODEL_RULE, line))
    return kept, removed


@lru_cache(maxsize=1)
def default_lines_model() -> BlockModel | None:
    """The line model shipped in the package, loaded once per process (None if it is missing)."""
    if not LINES_MODEL_PATH.exists():
        return None
    return BlockModel.from_json(LINES_MODEL_PATH.read_text(encoding="utf-8"))
