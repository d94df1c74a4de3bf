"""The learned line model for plain-text dumps: which lines of a dump are the article's.

A dump has no markup left, only lines. `clean_lines` decides first: a line a phrase rule names,
an announced link, a lead byline, a site's template line, another record's title, a box of
teasers, the page furniture outside the article's run of prose all go, whatever the model says.
The model then weighs each line `clean_lines` kept, in two passes: language-independent features of its own
shape (length, words, closing punctuation, stop words of the record's language, capitals, digits,
links, separators, CJK share), its place in the record and among the kept lines, how many removed
lines stand around it, and the same shape of the two kept lines on each side. The shape is
computed with NumPy over the whole record at once (character classes looked up in tables, counts
summed per line). A second, small model reads the first one's verdicts in context (the
neighbours' verdicts, the record's share of kept lines, how far the nearest likely article line
is) and decides. A record with fewer than MIN_MODEL_LINES kept lines is left as `clean_lines`
left it. Last, the record pass reads what is left of the whole record (how much, how surely it
was kept, how much of the title it shares) and empties a record that holds no article at all: a
dump whose extractor caught a consent notice or a product box instead of the story (only when
the line decisions leave MAX_EMPTIED_LINES lines or fewer, never a paragraph of prose alone, nor
two or three, `paragraphs_alone`). Trees fitted
by `python -m cleaners.train_lines` weigh it all; nothing here names a site.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path

import numpy as np

from ._extract import _CONTROL
from ._features import _CJK, _DIGIT, _PUNCT, _SEPARATOR, _UPPER, _WORD, stopwords_for
from ._learn import MAX_TEMPLATE_CHARS, Learned
from ._model import BlockModel, read_model
from .rules import CAPTION_LABELS, CREDIT_LABELS, NEWS_AGENCIES, PICTURE_AGENCIES, PICTURE_NOTE_WORDS
from ._text import (_CJK_CHARS, _SENTENCE_CLOSERS, _UNPUNCTUATED, BYLINE_OPENERS, HANGUL_SYLLABLES, MAX_BYLINE_CHARS,
                    MAX_DATED_CHARS, MAX_TITLE_CHARS, MIN_UNPUNCTUATED_PARAGRAPH, PROSE_WORDS, PhraseMatcher, is_byline, line_reasons,
                    normalize_phrase, reading_length)

__all__ = ["CONTEXT_FEATURES", "COPY_RULE", "LINE_FEATURES", "LINES_MODEL_PATH", "MIN_MODEL_LINES", "MODEL_RULE", "NO_ARTICLE_RULE",
           "RECORD_FEATURES", "RecordLines", "after_model_items", "clean_lines_learned", "context_features", "context_model", "decide",
           "default_lines_model", "describe", "drop_cap_candidates", "join_drop_caps", "line_features", "line_reasons_after", "lone_paragraph", "no_article_chance", "paragraphs_alone",
           "predict", "record_features", "record_model", "topic_words"]

logger = logging.getLogger(__name__)

#: Where the package keeps the line model.
LINES_MODEL_PATH = Path(__file__).with_name("models") / "lines.json"
#: The rule name of lines the model removed (in removals, beside the rules' names).
MODEL_RULE = "line-model"
#: The rule name of the lines of a record the record pass found no article in (all it kept).
NO_ARTICLE_RULE = "no-article"
#: The rule name of a kept line that repeats one kept before it in the record: a page's text
#: held twice (a layout's copy for other screens, a summary box that repeats the lead). An
#: article rarely says the same long line twice: of the words of the lines of MIN_COPY_CHARS or
#: more that repeat an earlier line in the development dumps, the true texts hold one in ten
#: a second time (docs/dumps.md, "A line kept twice").
COPY_RULE = "repeated-line"
#: The rule name of a line the decisions kept that reads as a photo's caption by its words
#: (`caption_lines`): the true texts leave captions out, and out of fold the model keeps a few.
CAPTION_RULE = "caption"
#: Fewest characters of a line `COPY_RULE` takes out as a repeat (a short heading, label or score
#: may recur in an article's own text; out of fold the objective is flat from 30 to 80).
MIN_COPY_CHARS = 40
#: Most lines the line decisions may leave of a record for the record pass to empty it. Out of
#: fold (seed 7), every record the pass emptied in the development dumps held one or two lines;
#: longer records without article are few (eight to ten of some 3,560), and on longer short texts
#: it was never taught (its briefs are three lines) it emptied openings of true texts of five to
#: eight lines (docs/dumps.md, "The record pass kept to short records").
MAX_EMPTIED_LINES = 3
#: Fewest lines `clean_lines` must keep for the model to weigh them: a record of a headline and
#: a paragraph or two has no run of lines to read a line against.
MIN_MODEL_LINES = 4

# Text that is a link or an address: URLs, bare domains, e-mail addresses, handles.
_URL_LIKE = re.compile(r"https?://|www\.|\.(?:com|org|net|co|io|gov|edu|info)\b|@\w")

#: A line's own shape: read for its kept neighbours too.
_SHAPE = (
    "log_chars", "log_words", "mean_word_length", "ends_sentence", "stopword_density", "upper_rate",
    "title_case_rate", "digit_rate", "punct_rate", "url_like", "separators", "cjk_rate", "byline", "title_shaped",
)
#: What stands around the line in the record, also read for its kept neighbours.
_AROUND = ("repeats", "removed_before", "removed_after")
_WINDOWED = _SHAPE + _AROUND
#: Columns of the 2 previous and 2 next kept lines, and of the 2 previous and 2 next lines of
#: the record, kept or not (with what `clean_lines` did to them).
WINDOW_OFFSETS = (-2, -1, 1, 2)
_RAW_DECIDED = ("removed", "removed_phrase", "removed_learned", "removed_outside")
_RAW_WINDOWED = _SHAPE + _RAW_DECIDED
_POSITION = ("position", "from_start", "from_end", "kept_position", "kept_from_start", "kept_from_end",
             "char_position", "log_lines", "log_kept_lines", "log_record_words", "share_of_longest",
             "kept_share", "prose_share", "lines_since_prose", "lines_to_prose", "kept_run", "chars_vs_median",
             "stopwords_vs_mean", "own_title", "removed_share_near")
#: What the line's words say of it, for itself only: a photo caption's label or closing credit.
_WORDS = ("caption_mark",)
#: How much longer or shorter than the record's title a line may be and still be that title
#: (decoration: "Title | Site", bullets, quotes).
TITLE_SLACK_CHARS = 40
#: A line of prose, for the distances: it ends a sentence and has at least this many words.
MIN_PROSE_WORDS = 8
#: Lines on each side whose removal `removed_share_near` counts.
NEAR_LINES = 3

#: The model's inputs, in the order of line_features' columns (the model file names them too).
LINE_FEATURES: tuple[str, ...] = (
    _WINDOWED
    + _POSITION
    + _WORDS
    + tuple(f"{'prev' if o < 0 else 'next'}{abs(o)}_{name}" for o in WINDOW_OFFSETS for name in _WINDOWED)
    + tuple(f"raw_{'prev' if o < 0 else 'next'}{abs(o)}_{name}" for o in WINDOW_OFFSETS for name in _RAW_WINDOWED)
)
_N_RAW = len(_RAW_WINDOWED)
#: `clean_lines`' reasons by kind, for the raw neighbours' columns.
_LEARNED_REASONS = frozenset({"other-title", "site-template"})
_PASS_REASONS = frozenset({"link-announcer", "byline", "teaser-list", "announced-section", "outside-article"})
#: The _RAW_DECIDED columns of a line by its reason (any other reason is a phrase rule's).
_REASON_KIND: dict[str | None, tuple[float, float, float, float]] = {
    None: (0.0, 0.0, 0.0, 0.0),
    **{r: (1.0, 0.0, 1.0, 0.0) for r in _LEARNED_REASONS},
    **{r: (1.0, 0.0, 0.0, float(r == "outside-article")) for r in _PASS_REASONS},
}
_PHRASE_KIND = (1.0, 1.0, 0.0, 0.0)
_N_WINDOWED = len(_WINDOWED)
_COLUMN = {name: i for i, name in enumerate(LINE_FEATURES)}

#: The context pass's inputs: the first pass's log-odds of the line and of its kept neighbours,
#: and of the record around it.
CONTEXT_FEATURES: tuple[str, ...] = (
    "logit", "prev1_logit", "prev2_logit", "next1_logit", "next2_logit", "record_mean_logit", "record_likely_share",
    "logit_vs_mean", "window_mean_logit", "since_likely", "kept_position", "likely_before_share", "log_chars",
    # the run of consecutive likely lines the line is in, and the record's longest such run (by characters)
    "run_char_share", "run_lines", "in_main_run", "from_main_run_share", "from_main_run", "likely_chars_before",
    # wider windows, and the line's rank among the record's log-odds
    "wide_mean_logit", "widest_mean_logit", "logit_rank",
    # the line's own caption mark (a caption that reads like a sentence), and its topic: the
    # share of its words in the record's other likely lines, and in the record's title
    "caption_mark", "topic_likely", "topic_title",
)
#: The record pass's inputs: what the line decisions left of a record, and how sure they were.
#: A record whose dump caught no article (readability took the comments, a consent notice or a
#: product box; the page was an error page) keeps a few lines the line model could not tell from
#: prose: they are few, weakly held, and share little with the record's title.
RECORD_FEATURES: tuple[str, ...] = (
    "log_words", "log_chars", "lines_kept", "lines", "rule_kept_share", "model_lines", "max_chance",
    "mean_kept_chance", "mean_chance", "model_kept_share", "title_share", "longest_words", "closing_share",
    "words_per_line",
)
#: How a teaser cut short ends: a line ending so is no paragraph of a brief (`paragraphs_alone`).
_ELLIPSES = ("...", "\u2026")
#: A record pass's input that is not there (no model chances, no title).
ABSENT = -1.0
#: Characters of Chinese, Japanese or Korean a word weighs for the record pass: a run of them is
#: one `\w+` word however long, so a paragraph of Chinese would weigh as a teaser's few words.
CJK_CHARS_PER_WORD = 2
#: Log-odds read for a neighbour that is not there (before the first kept line, after the last).
ABSENT_LOGIT = -6.0
#: Kept lines on each side whose log-odds `window_mean_logit` averages.
CONTEXT_WINDOW = 2
#: Kept lines on each side whose log-odds `wide_mean_logit` and `widest_mean_logit` average.
WIDE_WINDOWS = (5, 10)
#: Shortest word read for a line's topic (shorter ones are mostly the language's function words).
MIN_TOPIC_WORD_CHARS = 3
#: A topic share that cannot be read (a line without such words, a record without a title).
NO_TOPIC = -1.0

#: Words of the record read to tell its language's stop words (a few sentences tell it).
MAX_SAMPLE_WORDS = 50
#: The rates (capitals, digits, punctuation, separators, CJK) are read on the line's start:
#: a long line's first sentences have the rates of all of it, at a bounded cost.
RATE_SAMPLE_CHARS = 120

# Character classes, one table entry per code point of the Basic Multilingual Plane (the rest
# share the last entry: no class): word characters, digits, capitals, title capitals (any
# upper-case letter), punctuation, separators, CJK, unpunctuated scripts.
_CLASSES = (_WORD, _DIGIT, _UPPER, re.compile(r"[^\W\d_]"), _PUNCT, _SEPARATOR, _CJK, _UNPUNCTUATED)
_W, _D, _U, _L, _P, _S, _C, _T = range(len(_CLASSES))
# The table's bits as columns, and one more (word starts); the table is little-endian, so its
# bytes unpack into the columns in bit order.
_N_COLUMNS = len(_CLASSES) + 1
_BMP = 0x10000


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    """Bit k of entry c: code point c is in _CLASSES[k] (built once, from the regexes themselves)."""
    chars = "".join(map(chr, range(_BMP))).replace("\n", " ")
    table = np.zeros(_BMP + 1, dtype="<u2")
    for k, pattern in enumerate(_CLASSES):
        single = re.compile(pattern.pattern.rstrip("+"))
        hits = np.fromiter((m.start() for m in single.finditer(chars)), dtype=np.intp)
        table[hits] |= 1 << k
    upper = np.fromiter((chr(c).isupper() for c in range(_BMP)), dtype=bool, count=_BMP)
    table[:_BMP][~upper] &= ~np.uint16(1 << _L)  # title capitals: letters that are upper case
    return table


@lru_cache(maxsize=1)
def _byline_openers() -> np.ndarray:
    """Entry c: a line whose first code point is c may be a byline by its opening (`is_byline`:
    a byline's or dateline's first letter, BYLINE_OPENERS, or a Korean syllable, which opens a
    name before its title); the last entry, for code points beyond the BMP, too."""
    chars = "".join(map(chr, range(_BMP)))
    table = np.zeros(_BMP + 1, dtype=bool)
    table[[m.start() for m in BYLINE_OPENERS.finditer(chars)]] = True
    table[ord(HANGUL_SYLLABLES[0]):ord(HANGUL_SYLLABLES[1]) + 1] = True
    table[_BMP] = True
    return table


@dataclass
class _Shapes:
    """What `_shapes` reads of a record's lines."""

    #: the _SHAPE columns of every line
    X: np.ndarray
    #: the words of the lines' first RATE_SAMPLE_CHARS characters, case-folded, in order
    tokens: list[str]
    #: how many of them each line holds
    words: list[int]


def _shapes(items: list[str]) -> _Shapes:
    """The _SHAPE columns of these lines (stop-word density included), and their words."""
    n = len(items)
    heads = [line[:RATE_SAMPLE_CHARS] for line in items]
    joined = "\n".join(heads)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _class_table()[np.minimum(codes, _BMP)]
    head_len = np.fromiter(map(len, heads), dtype=np.float64, count=n)
    starts = np.zeros(n, dtype=np.intp)
    starts[1:] = np.cumsum(head_len[:-1] + 1)
    # One matrix of 0/1 columns, summed per line in one pass: each class, and word starts.
    flags = np.unpackbits(classes.view(np.uint8).reshape(-1, 2), axis=1, bitorder="little")[:, :_N_COLUMNS]
    word = flags[:, _W] > 0
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    flags[:, _L] *= word_start  # a capital that starts a word
    flags[:, _T + 1] = word_start
    sums = np.add.reduceat(flags, starts, axis=0, dtype=np.int32).astype(np.float64)
    words = sums[:, _T + 1]
    # The words of the heads, case-folded, in order; a line's are the next `words` of them. The
    # word table is the regex's own class, so the counts agree, but for word characters beyond
    # the BMP (or case folding that splits a word): then each line's words are counted alone.
    tokens = _WORD.findall(joined.casefold())
    if len(tokens) != int(words.sum()):
        words = np.array([len(_WORD.findall(head)) for head in heads], dtype=np.float64)
        tokens = [w.casefold() for w in _WORD.findall(joined)]
    word_chars = sums[:, _W]
    digits = sums[:, _D]
    title_case = sums[:, _L]
    chars = np.fromiter(map(len, items), dtype=np.float64, count=n)
    n_words = np.where(chars > head_len, words * chars / head_len, words)
    safe_words = np.maximum(words, 1)
    letters = np.maximum(1, word_chars - digits)
    ends = np.fromiter((line[-1] in _SENTENCE_CLOSERS for line in items), dtype=bool, count=n)
    url_like = np.zeros(n)
    hits = [m.start() for m in _URL_LIKE.finditer(joined)]
    if hits:
        url_like[np.searchsorted(starts, hits, side="right") - 1] = 1.0
    # A paragraph of a script written without sentence stops (Thai, Lao, Khmer) ends its
    # sentence as `_text` reads it (line_score, is_paragraph): by its length.
    ends |= (chars >= MIN_UNPUNCTUATED_PARAGRAPH) & (sums[:, _T] > 0)
    X = np.empty((n, len(_SHAPE)))
    X[:, 0] = np.log1p(chars)
    X[:, 1] = np.log1p(n_words)
    X[:, 2] = np.where(words > 0, word_chars / safe_words, 0.0)
    X[:, 3] = ends
    X[:, 5] = sums[:, _U] / letters
    X[:, 6] = np.where(words > 0, title_case / safe_words, 0.0)
    X[:, 7] = digits / head_len
    X[:, 8] = sums[:, _P] / head_len
    X[:, 9] = url_like
    X[:, 10] = sums[:, _S]
    X[:, 11] = sums[:, _C] / head_len
    # A byline opens with one of its words' letters (a Korean one with a name), or is a short
    # line with a date, which has a digit (one the table reads, or a code point beyond the BMP,
    # which it does not): the other lines are told without a call.
    beyond = codes >= _BMP
    dated = (chars < MAX_DATED_CHARS) & ((digits > 0) | (np.add.reduceat(beyond, starts) > 0 if beyond.any() else False))
    may = (chars <= MAX_BYLINE_CHARS) & (_byline_openers()[np.minimum(codes[starts], _BMP)] | dated)
    X[:, 12] = 0.0
    for i in np.flatnonzero(may).tolist():
        X[i, 12] = is_byline(items[i])
    X[:, 13] = (chars <= MAX_TITLE_CHARS) & ~ends
    words_per_line = words.astype(np.intp)
    sample = tokens[:MAX_SAMPLE_WORDS]
    stops = stopwords_for(sample)
    if stops and tokens:
        is_stop = np.fromiter(map(stops.__contains__, tokens), dtype=np.float64, count=len(tokens))
        line_of = np.repeat(np.arange(n), words_per_line)
        X[:, 4] = np.bincount(line_of, weights=is_stop, minlength=n) / np.maximum(words_per_line, 1)
    else:
        X[:, 4] = 0.0
    return _Shapes(X, tokens, words_per_line.tolist())


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# A caption's label opening the line: "Caption: ...", "Legende: ...".
_CAPTION_LABEL = re.compile(rf"(?:{_alternation(CAPTION_LABELS)}) ?[:：]", re.IGNORECASE)
#: Most characters after a credit's label and its colon ("Foto: Privat").
CREDIT_CHARS = 80
# A credit's label near the line's end: "... Foto: Privat", "...（写真：共同）", "[사진=연합뉴스]".
_CREDIT_LABEL = re.compile(rf"(?<!\w)(?:{_alternation(CREDIT_LABELS)}) ?[:：=＝][^:：\n]{{1,{CREDIT_CHARS}}}$",
                           re.IGNORECASE)
# How far before its colon a credit's label (and the space after it) may start.
_CREDIT_LABEL_SPAN = max(map(len, CREDIT_LABELS)) + 1
# What may stand after an agency's name at the line's end, and what stands before it.
_CREDIT_CLOSERS = " .)]）】」"
_CREDIT_OPENERS = re.compile(r"([(\[/|（【「]|\bvia )")
_BRACKETS = frozenset("([（【「")
# One of the openers, in any case ("Via "): whether the split is worth making.
_ANY_OPENER = re.compile(_CREDIT_OPENERS.pattern, re.IGNORECASE)
# The openers' characters alone: one scan in C tells most lines' ends, which hold none of them
# (the alternation with "\bvia" is tried only where "a " is, as it must end so).
_OPENER_CHAR = re.compile(r"[(\[/|（【「]")
# How far into a line a caption's label and its colon reach.
_LABEL_SPAN = max(map(len, CAPTION_LABELS)) + 2
_AGENCIES = PICTURE_AGENCIES | NEWS_AGENCIES
#: How far from the line's end a closing credit is looked for.
CREDIT_TAIL_CHARS = 120
#: How long an agency's name, with what closes it, may be.
AGENCY_TAIL_CHARS = 32


def _credit_label(tail: str) -> bool:
    """Whether the text ends with a credit's label, its colon and the credit (_CREDIT_LABEL).
    The colon is the text's last one (or an "=" after it), at most CREDIT_CHARS from the end,
    and the label starts at most _CREDIT_LABEL_SPAN before it: the search starts there, not at
    every character of the text."""
    colon = max(tail.rfind(":"), tail.rfind("："), len(tail) - CREDIT_CHARS - 1)
    return _CREDIT_LABEL.search(tail, max(0, colon - _CREDIT_LABEL_SPAN)) is not None


# The words after a line's last sentence: its stop (what closes a quote may follow), then a space.
_AFTER_LAST_SENTENCE = re.compile(r"(?<=\w\w)(?:[.!?][\"”’»)]?|[。！？]) +([^.!?。！？]{1,40})$")
# The stops those words hold none of.
_SENTENCE_STOPS = frozenset(".!?。！？")


def _closing_credit(end: str) -> bool:
    """Whether the line's last sentence is followed by an agency alone ("... helfen. Getty
    Images", "... 있다. 연합뉴스"). An agency and a name about a slash ("... kommen. Unsplash/Jane
    Roe") is read by `caption_mark`'s split at the openers. (A line that ends with a stop, most
    prose, is told without the search: the words after the last sentence hold none.)"""
    if end[-1:] in _SENTENCE_STOPS:
        return False
    found = _AFTER_LAST_SENTENCE.search(end)
    return found is not None and found.group(1).rstrip(_CREDIT_CLOSERS).casefold() in _AGENCIES


def caption_mark(line: str) -> bool:
    """Whether a line reads as a photo caption by its words: it opens with a caption's label or
    ends with a picture credit (a credit's label, "©", a picture agency, or a news agency beside
    a photographer's name: "... (Adel Hana/The Associated Press)", "REUTERS/Jane Roe"; or an
    agency alone after the last sentence: "... vor dem Rathaus. dpa")."""
    # Each pattern is tried only on a line with the mark it needs (most lines have none).
    start = line[:_LABEL_SPAN]
    if (":" in start or "：" in start) and _CAPTION_LABEL.match(line):
        return True
    tail = line[-CREDIT_TAIL_CHARS:]
    if "©" in tail or "ⓒ" in tail:
        return True
    if (":" in tail or "：" in tail or "=" in tail or "＝" in tail) and _credit_label(tail):
        return True
    end = line[-AGENCY_TAIL_CHARS:]
    if _closing_credit(end):
        return True
    if _OPENER_CHAR.search(end) is None and not (("a " in end or "A " in end) and _ANY_OPENER.search(end)):
        return False
    # The line's end parted at brackets and slashes: [before, opener, piece, opener, piece, ...].
    parts = _CREDIT_OPENERS.split(end.rstrip(_CREDIT_CLOSERS).casefold())
    if len(parts) < 3:
        return False
    before = parts[0].rsplit(None, 1)
    if before and before[-1] in _AGENCIES and parts[1] == "/":
        return True
    for opener, piece in zip(parts[1::2], parts[2::2]):
        piece = piece.strip(_CREDIT_CLOSERS)
        if piece in PICTURE_AGENCIES or (piece in NEWS_AGENCIES and opener not in _BRACKETS):
            return True
    return False


# A note in the brackets that close a line.
_NOTE = re.compile(r"[(\[（【]([^()\[\]（）【】]{1,40})[)\]）】]$")
# What closes a note's brackets: the line's last character.
_NOTE_CLOSERS = frozenset(")]）】")
#: How far from the line's end a picture note is looked for (its brackets and 40 characters).
NOTE_TAIL_CHARS = 42
#: Most words of a picture note ("(Photos)", "(File photo)", "(34 Photos)"); a longer one is the
#: line's own words ("(at least $5 in token credits)").
MAX_NOTE_WORDS = 3
_LONGEST_NOTE_WORDS = max(len(words.split()) for words in PICTURE_NOTE_WORDS)
# The note words of scripts written without spaces (two characters or more: "（如图）", "as the
# figure shows", ends in a one-character word), read at the end of the note's last word.
_UNSPACED_NOTE_WORDS = tuple(sorted(words for words in PICTURE_NOTE_WORDS if len(words) > 1 and _CJK_CHARS.fullmatch(words)))


def picture_note(line: str) -> bool:
    """Whether the line closes with a note in brackets that says it is a picture's caption: one
    to MAX_NOTE_WORDS words whose last is one of PICTURE_NOTE_WORDS ("(Archivbild)", "(Photos)",
    "[Video]", "(File photo)"), or, in a script written without spaces, whose last word ends with
    one ("（潟沼義樹撮影）", "（警視庁提供）")."""
    if line[-1:] not in _NOTE_CLOSERS:
        return False
    found = _NOTE.search(line, max(0, len(line) - NOTE_TAIL_CHARS))
    if found is None:
        return False
    words = found.group(1).casefold().split()
    if not words or len(words) > MAX_NOTE_WORDS:
        return False
    return (any(" ".join(words[-n:]) in PICTURE_NOTE_WORDS for n in range(1, min(len(words), _LONGEST_NOTE_WORDS) + 1))
            or words[-1].endswith(_UNSPACED_NOTE_WORDS))


@dataclass
class RecordLines:
    """A record's lines as the model sees them."""

    #: the non-empty lines, stripped
    items: list[str]
    #: `clean_lines`' reason for removing each (None: it kept the line)
    reasons: list[str | None]
    #: indices (into items) of the lines `clean_lines` kept: the rows of X
    kept: np.ndarray
    #: LINE_FEATURES of the kept lines (no rows when fewer than MIN_MODEL_LINES)
    X: np.ndarray
    #: the topic words (see `topic_words`) of each kept line's first RATE_SAMPLE_CHARS characters,
    #: when X has rows
    topics: list[set[str]] = field(default_factory=list)


def _dropper(learned: Learned | None, url: str | None, title: str | None) -> Callable[[str], str | None] | None:
    """`clean_lines`' drop function for what the dump taught (None when nothing was learned)."""
    if learned is None:
        return None
    reason = learned.reasons_for(url, title)
    longest = max(MAX_TEMPLATE_CHARS, _longest_title(learned) + TITLE_SLACK_CHARS)

    def drop(line: str) -> str | None:
        return None if len(line) > longest else reason(line)  # a paragraph: neither template nor title
    return drop


_longest: tuple[Learned | None, int] = (None, 0)


def _longest_title(learned: Learned) -> int:
    """The longest title the dump taught (remembered for the last `Learned` asked about)."""
    global _longest
    if _longest[0] is not learned:
        _longest = (learned, max(map(len, learned.titles), default=0))
    return _longest[1]


def describe(lines: list[str], matcher: PhraseMatcher, learned: Learned | None = None, url: str | None = None,
             title: str | None = None, min_lines: float = MIN_MODEL_LINES) -> RecordLines:
    """`clean_lines`' decisions on a record's lines, and the features of the lines it kept."""
    items = [line.strip() for line in lines]
    items = [line for line in items if line]
    drop = _dropper(learned, url, title)
    if not items or min_lines > len(items):  # the model will not weigh the lines: no shapes
        shapes = None
        reasons = line_reasons(items, matcher, drop)
    else:
        # The shapes are read first, and `clean_lines` is given what they tell it: the bylines,
        # and the words line_score counts (the head's, where they tell as much: a line no longer
        # than the head, which is shorter than line_score's, or one with PROSE_WORDS in it).
        shapes = _shapes(items)
        words = [w if w >= PROSE_WORDS or len(line) <= RATE_SAMPLE_CHARS else None
                 for line, w in zip(items, shapes.words)]
        reasons = line_reasons(items, matcher, drop, words=words,
                               bylines=shapes.X[:, _SHAPE.index("byline")].astype(bool).tolist())
    kept = np.array([i for i, r in enumerate(reasons) if r is None], dtype=np.intp)
    if shapes is None or len(kept) < max(min_lines, 1):
        return RecordLines(items, reasons, kept, np.zeros((0, len(LINE_FEATURES))))
    return RecordLines(items, reasons, kept, *_features(items, reasons, kept, title, shapes))


def line_features(lines: list[str], matcher: PhraseMatcher, learned: Learned | None = None,
                  url: str | None = None, title: str | None = None) -> np.ndarray:
    """One row of LINE_FEATURES per line `clean_lines` keeps, in order (however few)."""
    return describe(lines, matcher, learned, url, title, min_lines=1).X


def _features(items: list[str], reasons: list[str | None], kept: np.ndarray,
              title: str | None, shapes: _Shapes) -> tuple[np.ndarray, list[set[str]]]:
    """LINE_FEATURES of the kept lines, and their topic words."""
    n, k = len(items), len(kept)
    lines = [items[i] for i in kept]
    X = np.zeros((k, len(LINE_FEATURES)))
    every = shapes.X
    own = every[kept]
    topics = _topic_sets(shapes.tokens, list(accumulate(shapes.words)), kept, own[:, _SHAPE.index("cjk_rate")] > 0)
    X[:, :len(_SHAPE)] = own
    base = len(_SHAPE)
    counts = Counter(items)
    X[:, base] = [counts[line] - 1 for line in lines]
    # Removed lines between a kept line and the kept one before (after) it.
    before = np.diff(np.concatenate(([-1], kept))) - 1
    after = np.diff(np.concatenate((kept, [n]))) - 1
    X[:, base + 1] = before
    X[:, base + 2] = after

    index = kept.astype(np.float64)
    rank = np.arange(k, dtype=np.float64)
    chars = np.expm1(own[:, 0])
    words = np.expm1(own[:, 1])
    X[:, _COLUMN["position"]] = index / n
    X[:, _COLUMN["from_start"]] = index
    X[:, _COLUMN["from_end"]] = n - 1 - index
    X[:, _COLUMN["kept_position"]] = rank / k
    X[:, _COLUMN["kept_from_start"]] = rank
    X[:, _COLUMN["kept_from_end"]] = k - 1 - rank
    X[:, _COLUMN["char_position"]] = (np.cumsum(chars) - chars) / chars.sum()
    X[:, _COLUMN["log_lines"]] = math.log1p(n)
    X[:, _COLUMN["log_kept_lines"]] = math.log1p(k)
    X[:, _COLUMN["log_record_words"]] = math.log1p(words.sum())
    X[:, _COLUMN["share_of_longest"]] = chars / chars.max()
    X[:, _COLUMN["kept_share"]] = k / n
    prose = (own[:, _SHAPE.index("ends_sentence")] > 0) & (words >= MIN_PROSE_WORDS)
    X[:, _COLUMN["prose_share"]] = chars[prose].sum() / chars.sum()
    # Kept lines from the nearest prose line before and after (k when there is none).
    last = np.maximum.accumulate(np.where(prose, rank, -1.0))
    last = np.concatenate(([-1.0], last[:-1]))
    X[:, _COLUMN["lines_since_prose"]] = np.where(last >= 0, rank - last, k)
    nxt = np.minimum.accumulate(np.where(prose, rank, np.inf)[::-1])[::-1]
    nxt = np.concatenate((nxt[1:], [np.inf]))
    X[:, _COLUMN["lines_to_prose"]] = np.where(np.isfinite(nxt), nxt - rank, k)
    # The run of kept lines with no removed line between them that this line is in.
    breaks = np.flatnonzero(before > 0)
    edges = np.concatenate(([0], breaks[breaks > 0], [k]))
    X[:, _COLUMN["kept_run"]] = np.repeat(np.diff(edges), np.diff(edges))
    ordered = np.sort(own[:, 0])  # the median as np.median gives it, without its overhead
    X[:, _COLUMN["chars_vs_median"]] = own[:, 0] - (ordered[(k - 1) // 2] + ordered[k // 2]) / 2
    stop = own[:, _SHAPE.index("stopword_density")]
    X[:, _COLUMN["stopwords_vs_mean"]] = stop - stop.mean()
    # Share of removed lines among the NEAR_LINES lines on each side (in the whole record).
    removed = np.ones(n)
    removed[kept] = 0.0
    padded = np.concatenate((np.zeros(NEAR_LINES), removed, np.zeros(NEAR_LINES)))
    window = np.convolve(padded, np.ones(2 * NEAR_LINES + 1), mode="valid")
    present = np.convolve(np.concatenate((np.zeros(NEAR_LINES), np.ones(n), np.zeros(NEAR_LINES))),
                          np.ones(2 * NEAR_LINES + 1), mode="valid")
    X[:, _COLUMN["removed_share_near"]] = (window / np.maximum(present - 1, 1))[kept]
    if title:
        # The record's own title as a line: the story's headline (compared normalised, and only
        # for lines about as long as it).
        key = normalize_phrase(title)
        first_word = key.split(" ", 1)[0]
        for j, line in enumerate(lines):
            if (abs(len(line) - len(title)) <= TITLE_SLACK_CHARS and first_word in line.casefold()
                    and normalize_phrase(line) == key):
                X[j, _COLUMN["own_title"]] = 1.0
    X[:, _COLUMN["caption_mark"]] = [caption_mark(line) for line in lines]

    # Kept neighbours: absent ones (before the first, after the last) read as -1 everywhere.
    own_window = X[:, :_N_WINDOWED]
    start = _COLUMN[_WORDS[-1]] + 1
    for j, offset in enumerate(WINDOW_OFFSETS):
        col = start + j * _N_WINDOWED
        block = X[:, col:col + _N_WINDOWED]
        block[:] = -1.0
        if offset < 0 and k + offset > 0:
            block[-offset:] = own_window[:k + offset]
        elif offset > 0 and k - offset > 0:
            block[:k - offset] = own_window[offset:]
    # The record's neighbours, kept or not.
    raw = np.empty((n + 4, _N_RAW))
    raw[:2] = raw[-2:] = -1.0
    raw[2:-2, :len(_SHAPE)] = every
    raw[2:-2, len(_SHAPE):] = [_REASON_KIND.get(r, _PHRASE_KIND) for r in reasons]
    start = _COLUMN["raw_prev2_" + _RAW_WINDOWED[0]]
    for j, offset in enumerate(WINDOW_OFFSETS):
        col = start + j * _N_RAW
        X[:, col:col + _N_RAW] = raw[kept + 2 + offset]
    return X, topics


def clean_lines_learned(text: str, matcher: PhraseMatcher, learned: Learned | None = None,
                        url: str | None = None, title: str | None = None,
                        model: BlockModel | None = None, empty_records: bool = True,
                        headline: str | None = None,
                        after: PhraseMatcher | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Kept lines and (rule, line) removals of a plain-text dump, decided by the line model
    (and its record pass, with `empty_records`). A line equal to `headline`, one the dump marks
    as its title (a Markdown dump's level-1 heading), stays whatever the rules and the model say
    when any other line stays, as a headline on a record's first line does when no title is given.

    A line `clean_lines` removes always goes (under its rule's name); of the lines it keeps,
    the model decides ("line-model"). Without a model (none given and none shipped), or with
    fewer than MIN_MODEL_LINES lines kept, `clean_lines` alone decides. Of the lines that stay,
    those `after` names go last (the rule set's `after_model_rules`: lines no true text keeps,
    which no model reads), under their rule's name.
    """
    model = model if model is not None else default_lines_model()
    lines = text.splitlines()
    if _CONTROL.search(text):
        lines = [_CONTROL.sub("", line) for line in lines]
    record = describe(lines, matcher, learned, url, title, MIN_MODEL_LINES if model is not None else math.inf)
    keep_item = record.items.index(headline) if headline is not None and headline in record.items else None
    if model is None:
        return decide(record, None, 0.0, keep_item=keep_item, after=after)
    chances = predict(model, record, title) if len(record.X) else None
    threshold = model.threshold if chances is not None else 0.0
    third = record_model(model) if empty_records else None
    empty = None if third is None else (
        lambda kept: len(kept) <= MAX_EMPTIED_LINES and not paragraphs_alone(record, kept)
        and no_article_chance(model, record, chances, kept, title) >= third.threshold)
    return decide(record, chances, threshold, chances is not None and headline_kept(record, title), empty, keep_item, after)


def _topic_set(words: list[str], has_cjk: bool) -> set[str]:
    """The topic words among a text's words (case-folded): those of MIN_TOPIC_WORD_CHARS
    characters or more but numbers, and the character pairs of words in scripts written without
    spaces (Chinese, Japanese, Korean: a word there is a whole phrase)."""
    if not has_cjk:
        return {w for w in words if len(w) >= MIN_TOPIC_WORD_CHARS and not w.isdigit()}
    out: set[str] = set()
    for word in words:
        if _CJK.search(word):
            out.update(word[i:i + 2] for i in range(len(word) - 1))
        elif len(word) >= MIN_TOPIC_WORD_CHARS and not word.isdigit():
            out.add(word)
    return out


def _topic_sets(tokens: list[str], ends: list[int], kept: np.ndarray, cjk: np.ndarray) -> list[set[str]]:
    """The topic words of each kept line, from the record's words in order (`_shapes`)."""
    # The record's words that are never topic words, read once (a record repeats its words).
    other = {w for w in set(tokens) if len(w) < MIN_TOPIC_WORD_CHARS or w.isdigit()}
    out = []
    for i, has_cjk in zip(kept.tolist(), cjk.tolist()):
        words = tokens[ends[i - 1] if i else 0:ends[i]]
        out.append(_topic_set(words, True) if has_cjk else set(words) - other)
    return out


def topic_words(text: str) -> set[str]:
    """The words a text's topic is read by (see `_topic_set`)."""
    return _topic_set(_WORD.findall(text.casefold()), _CJK.search(text) is not None)


@lru_cache(maxsize=8)
def _title_words(title: str | None) -> frozenset[str]:
    """A record's title's topic words (none without a title), read once for the context and
    record passes of the record."""
    return frozenset(topic_words(title)) if title else frozenset()


def _topics(likely: np.ndarray, words: list[set[str]], title: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Each line's share of topic words found in the record's other likely lines, and in the
    title (NO_TOPIC when the line has no such words, or there is no title). A story's
    paragraphs share their words (its names, its subject); a teaser of another story, a product
    box or a newsletter pitch shares few with them."""
    flags = likely.tolist()
    counts = Counter(chain.from_iterable(w for w, is_likely in zip(words, flags) if is_likely))
    seen = counts.keys()
    again = {word for word, count in counts.items() if count > 1}  # in a likely line besides this one
    heading = _title_words(title)
    in_likely = np.full(len(words), NO_TOPIC)
    in_title = np.full(len(words), NO_TOPIC if not heading else 0.0)
    for j, (w, is_likely) in enumerate(zip(words, flags)):
        if w:
            in_likely[j] = len(w & again if is_likely else w & seen) / len(w)
            if heading:
                in_title[j] = len(w & heading) / len(w)
    return in_likely, in_title


def context_features(chances: np.ndarray, X: np.ndarray, topics: list[set[str]], title: str | None = None) -> np.ndarray:
    """CONTEXT_FEATURES of a record's kept lines, from the first pass's `chances`, LINE_FEATURES
    `X`, the lines' topic words (RecordLines.topics) and the record's title."""
    k = len(chances)
    odds = np.clip(chances, 1e-6, 1.0 - 1e-6)
    z = np.log(odds / (1.0 - odds))
    F = np.empty((k, len(CONTEXT_FEATURES)))
    padded = np.concatenate(([ABSENT_LOGIT] * 2, z, [ABSENT_LOGIT] * 2))
    F[:, 0] = z
    F[:, 1] = padded[1:k + 1]
    F[:, 2] = padded[:k]
    F[:, 3] = padded[3:k + 3]
    F[:, 4] = padded[4:k + 4]
    mean = z.sum() / k
    F[:, 5] = mean
    likely = z > 0
    n_likely = int(likely.sum())
    F[:, 6] = n_likely / k
    F[:, 7] = z - mean
    rank = np.arange(k)
    lo = np.maximum(rank - CONTEXT_WINDOW, 0)
    hi = np.minimum(rank + CONTEXT_WINDOW + 1, k)
    sums = np.concatenate(([0.0], np.cumsum(z)))
    F[:, 8] = (sums[hi] - sums[lo]) / (hi - lo)
    F[:, 9] = np.maximum.accumulate(np.where(likely, rank, -1)) - rank  # 0 on a likely line, -(lines since one)
    F[:, 10] = rank / k
    F[:, 11] = np.cumsum(likely) / max(n_likely, 1)
    F[:, 12] = X[:, _COLUMN["log_chars"]]
    # Runs of consecutive likely (or unlikely) lines; the main run holds the most likely characters.
    chars = np.expm1(X[:, _COLUMN["log_chars"]])
    likely_chars = chars * likely
    run_of = np.cumsum(np.concatenate(([0], likely[1:] != likely[:-1])))
    runs = int(run_of[-1]) + 1
    run_chars = np.bincount(run_of, weights=likely_chars, minlength=runs)
    run_lines = np.bincount(run_of, minlength=runs)
    total = max(float(likely_chars.sum()), 1.0)
    main = int(np.argmax(run_chars))
    in_main = np.flatnonzero(run_of == main)
    first, last = int(in_main[0]), int(in_main[-1])
    distance = np.where(rank < first, first - rank, np.where(rank > last, rank - last, 0))
    F[:, 13] = run_chars[run_of] / total
    F[:, 14] = run_lines[run_of]
    F[:, 15] = run_of == main
    F[:, 16] = distance / k
    F[:, 17] = distance
    F[:, 18] = np.cumsum(likely_chars) / total
    for col, width in zip((19, 20), WIDE_WINDOWS):
        lo = np.maximum(rank - width, 0)
        hi = np.minimum(rank + width + 1, k)
        F[:, col] = (sums[hi] - sums[lo]) / (hi - lo)
    F[:, 21] = np.searchsorted(np.sort(z), z) / k
    F[:, 22] = X[:, _COLUMN["caption_mark"]]
    F[:, 23], F[:, 24] = _topics(likely, topics, title)
    return F


def _inner_model(model: BlockModel, key: str, features: tuple[str, ...], name: str) -> BlockModel | None:
    """A pass that comes with a line model in its file (meta[key]), or None when it has none or
    when its trees read other features than this code computes (a file left from before a
    feature changed: not used, with a warning, as `read_model` does for whole files)."""
    payload = model.meta.get(key)
    if not payload:
        return None
    inner = BlockModel.from_json(json.dumps(payload))
    if inner.features != features:
        logger.warning("the line model's %s reads other features than this code computes: not used "
                       "(retrain with python -m cleaners.train_lines)", name)
        return None
    return inner


@lru_cache(maxsize=4)
def context_model(model: BlockModel) -> BlockModel | None:
    """The context pass that comes with a line model (in its file), or None when it has none."""
    return _inner_model(model, "context_model", CONTEXT_FEATURES, "context pass")


@lru_cache(maxsize=4)
def record_model(model: BlockModel) -> BlockModel | None:
    """The record pass that comes with a line model (in its file; its threshold is the chance of
    "no article" at which a record is emptied), or None when it has none."""
    return _inner_model(model, "record_model", RECORD_FEATURES, "record pass")


def no_article_chance(model: BlockModel, record: RecordLines, chances: np.ndarray | None, kept: list[int],
                      title: str | None = None) -> float:
    """The record pass's chance (record_model(model) must exist) that the lines the line
    decisions `kept` of a record hold no article."""
    return float(record_model(model).predict(record_features(record, chances, model.threshold, kept, title))[0])


def record_features(record: RecordLines, chances: np.ndarray | None, threshold: float, kept: list[int],
                    title: str | None = None) -> np.ndarray:
    """RECORD_FEATURES of a record (one row): the lines the line decisions `kept` (indices into
    record.items), the model's `chances` of the lines `clean_lines` kept (None when the model did
    not weigh them) at its `threshold`, and the share of the title's topic words found in the kept
    lines' starts. What the line passes computed is read again (words, topic words), not redone,
    but for the characters of lines in Chinese, Japanese or Korean (`_reading_words`)."""
    lines = [record.items[i] for i in kept]
    heading = _title_words(title)
    if len(record.X):
        rows = np.searchsorted(record.kept, kept)
        words = np.expm1(record.X[rows, _COLUMN["log_words"]])
        found = sum(1 for word in heading if any(word in record.topics[r] for r in rows.tolist()))
    else:
        words = np.array([len(_WORD.findall(line)) for line in lines], dtype=np.float64)
        found = (len(heading.intersection(chain.from_iterable(topic_words(line[:RATE_SAMPLE_CHARS]) for line in lines)))
                 if heading else 0)
    words = _reading_words(lines, words)
    n_words = float(words.sum())
    row = [math.log1p(n_words), math.log1p(sum(map(reading_length, lines))), len(lines), len(record.items),
           len(record.kept) / max(len(record.items), 1)]
    if chances is not None and len(chances):
        likely = chances >= threshold
        row += [len(chances), float(chances.max()), float(chances[likely].mean()) if likely.any() else 0.0,
                float(chances.mean()), float(likely.mean())]
    else:
        row += [0, ABSENT, ABSENT, ABSENT, ABSENT]
    row += [found / len(heading) if heading else ABSENT,
            math.log1p(float(words.max())) if len(words) else 0.0,
            sum(1 for line in lines if line[-1] in _SENTENCE_CLOSERS) / len(lines) if lines else 0.0,
            n_words / max(len(lines), 1)]
    return np.array([row], dtype=np.float64)


def lone_paragraph(record: RecordLines, kept: list[int]) -> bool:
    """Whether all the line decisions `kept` of a record is one paragraph of prose, in a record
    the line model did not weigh (fewer than MIN_MODEL_LINES lines left by `clean_lines`): a
    sentence's end and PROSE_WORDS words or more (characters of Chinese, Japanese or Korean read
    as `_reading_words` reads them), or a line of an unpunctuated script as long as a paragraph.
    The record pass never empties it: nothing in one paragraph tells a story's only paragraph
    from the teaser of a story that a dump's extractor missed, and a paragraph given alone is
    given to be kept. (A teaser under its headline is two lines: the record pass reads those.)"""
    if len(kept) != 1 or len(record.X):
        return False
    line = record.items[kept[0]]
    words = _reading_words([line], np.array([len(_WORD.findall(line))], dtype=np.float64))[0]
    if line[-1] in _SENTENCE_CLOSERS:
        return bool(words >= PROSE_WORDS)
    return len(line) >= MIN_UNPUNCTUATED_PARAGRAPH and _UNPUNCTUATED.search(line) is not None


def paragraphs_alone(record: RecordLines, kept: list[int]) -> bool:
    """Whether all the line decisions `kept` of a record is one paragraph of prose
    (`lone_paragraph`), or two or three, each one so and none cut short by an ellipsis (a
    teaser's "..."), in a record the line model did not weigh: a brief given without its headline.
    The record pass never empties it. It was taught with the title of every record that has one
    (all but aeb's), and given no title it reads two short paragraphs of a brief as no article
    (0.92 against its cut, 0.90). Of the training records of two or three such paragraphs, 32 are
    article and 1 is not, and the record pass empties none of them out of fold at any cut: the
    guard changes no decision on the corpora (docs/dumps.md, "A brief given alone")."""
    if len(kept) == 1:
        return lone_paragraph(record, kept)
    if not kept or len(record.X):
        return False
    return all(lone_paragraph(record, [i]) and not record.items[i].endswith(_ELLIPSES) for i in kept)


def _reading_words(lines: list[str], words: np.ndarray) -> np.ndarray:
    """The lines' `words`, where a line in Chinese, Japanese or Korean counts its characters of
    those scripts instead when they make more words (CJK_CHARS_PER_WORD a word), as `line_score`
    reads such a line."""
    out = words
    for j, line in enumerate(lines):
        if not line.isascii() and _CJK.search(line):
            if out is words:
                out = words.copy()
            out[j] = max(out[j], sum(map(len, _CJK_CHARS.findall(line))) // CJK_CHARS_PER_WORD)
    return out


def predict(model: BlockModel, record: RecordLines, title: str | None = None) -> np.ndarray:
    """The chance that each of a record's kept lines (the rows of its LINE_FEATURES) is article:
    the first pass, read again in context by the second when the model has one."""
    chances = model.predict(record.X)
    second = context_model(model)
    return (chances if second is None or not len(chances)
            else second.predict(context_features(chances, record.X, record.topics, title)))


def headline_kept(record: RecordLines, title: str | None) -> bool:
    """Whether the record's first line stays whatever the model says: without a title from the
    caller, a headline there (title-shaped, kept by `clean_lines`) is the only place the title
    is. Given the title, the model decides (the `own_title` feature tells it the headline)."""
    if title or not len(record.X) or record.kept[0] != 0:
        return False
    return bool(record.X[0, _COLUMN["title_shaped"]])


def line_reasons_after(record: RecordLines, chances: np.ndarray | None, threshold: float,
                       keep_first: bool = False) -> list[str | None]:
    """Each line's reason for going after the line decisions (None: it stays): `clean_lines`'
    reasons, MODEL_RULE for a kept line whose probability is below the threshold (not the
    first kept one with `keep_first`), and with the model's decisions COPY_RULE for a line of
    MIN_COPY_CHARS or more that repeats one the decisions kept before it."""
    reasons = list(record.reasons)
    if chances is not None:
        seen: set[str] = set()
        items = record.items
        for j, (i, chance) in enumerate(zip(record.kept.tolist(), chances.tolist())):
            if chance < threshold and not (keep_first and j == 0):
                reasons[i] = MODEL_RULE
            elif len(items[i]) >= MIN_COPY_CHARS:
                if items[i] in seen:
                    reasons[i] = COPY_RULE
                else:
                    seen.add(items[i])
    return reasons


def caption_lines(record: RecordLines, kept: list[int], keep_first: bool = False) -> list[int]:
    """Of the lines the decisions keep (`kept`, indices into record.items, in order), those that
    read as a photo's caption by their words: the caption mark the model weighs (`caption_mark`,
    read from record.X) or a picture note closing the line (`picture_note`). Never the record's
    title. Its first line with `keep_first` (the headline, without a title) is spared the note
    only: a gallery's "... (Photos)" is a headline, but a credit or a caption's label on that line
    makes it the lead photo's caption (read without titles, the development dumps hold six first
    lines so marked: five captions, one a true text's "Photo via Pexels", no headline). A guard
    after the model, for a record it decided: out of fold it keeps 25 of the 2,812 lines of the
    development dumps that carry the mark, 22 of them cruft; of their 53 lines with a picture
    note (22 sites), the true texts hold one caption of one page, in both its dumps, which the
    mark names too (docs/dumps.md, "A caption the model kept")."""
    if not kept or not len(record.X):
        return []
    X = record.X
    marks, titles = X[:, _COLUMN["caption_mark"]], X[:, _COLUMN["own_title"]]
    marked = set(record.kept[marks > 0].tolist()) if marks.any() else ()
    spared = set(record.kept[titles > 0].tolist()) if titles.any() else ()
    headline = int(record.kept[0]) if keep_first else None
    items = record.items
    # a note's closing bracket told first, without a call: most lines end with none
    return [i for i in kept if i not in spared and (
        i in marked or (i != headline and items[i][-1] in _NOTE_CLOSERS and picture_note(items[i])))]


def after_model_items(items: list[str], kept: list[int], reasons: list[str | None], after: PhraseMatcher) -> list[int]:
    """Of the `kept` lines (indices into `items`), those `after` does not name; the named ones get
    their rule's name in `reasons`. (Most records lose none: the list comes back as it is.)"""
    named = [(i, rule) for i, rule in zip(kept, after.match_read([items[i] for i in kept])) if rule is not None]
    if not named:
        return kept
    for i, rule in named:
        reasons[i] = rule.name
    return [i for i in kept if reasons[i] is None]


def decide(record: RecordLines, chances: np.ndarray | None, threshold: float, keep_first: bool = False,
           empty: Callable[[list[int]], bool] | None = None,
           keep_item: int | None = None, after: PhraseMatcher | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Kept lines and (rule, line) removals after the line decisions (`line_reasons_after`); then,
    when `empty` (the record pass, given the kept lines' indices in record.items) says the lines
    kept hold no article, those too (NO_ARTICLE_RULE); then, with the model's decisions, the kept
    lines that read as captions (CAPTION_RULE, `caption_lines`); then the kept lines `after`
    names (`after_model_items`). The line `keep_item` (an index into record.items: a headline the
    dump marks) stays beside any line that stays."""
    reasons = line_reasons_after(record, chances, threshold, keep_first)
    kept = [i for i, r in enumerate(reasons) if r is None]
    if kept and empty is not None and empty(kept):
        reasons = [r or NO_ARTICLE_RULE for r in reasons]
        kept = []
    if kept and chances is not None:
        captions = caption_lines(record, kept, keep_first)
        if captions:
            for i in captions:
                reasons[i] = CAPTION_RULE
            kept = [i for i in kept if reasons[i] is None]
    if kept and after is not None:
        kept = after_model_items(record.items, kept, reasons, after)
    if kept and keep_item is not None and reasons[keep_item] is not None:
        reasons[keep_item] = None  # the record's marked headline, beside what stays
        kept = sorted(kept + [keep_item])
    removed = [(r, line) for line, r in zip(record.items, reasons) if r is not None]
    return [record.items[i] for i in kept], removed


@lru_cache(maxsize=1)
def default_lines_model() -> BlockModel | None:
    """The line model shipped in the package, loaded once per process (None if it is missing)."""
    return read_model(LINES_MODEL_PATH, "line", LINE_FEATURES)


# A line's first letter set apart from the rest of its word: "D ie Euphorie ...". (That it is a
# capital before a word in lower case is told in Python: \w has no case.)
_DROP_CAP = re.compile(r"(\w) (\w+)")
#: Characters of a record read for its words when a line may open with a drop cap, from the
#: first such line on: a few paragraphs hold the words it opens ("die", "the") and tell the
#: language.
DROP_CAP_SAMPLE_CHARS = 3000


def join_drop_caps(lines: list[str], text: str, candidates: Iterable[int] | None = None) -> list[str]:
    """The kept `lines` of a record (`text`: all of it) with the first letter of a line that its
    extractor set apart from the rest of the word joined to it again: a drop cap, the capital
    a page sets large in an element of its own ("D ie Euphorie hielt" for "Die Euphorie hielt").
    A capital and a space open many lines of prose too ("A team of", "I think", "X shape"), so
    the record's words decide. A line is joined when the record holds the joined word more often
    than the rest of it alone ("die" more than "ie", "the" more than "he"). Once one line of the
    record is, the record sets its paragraphs' first letters so, and a line is joined too when
    its letter alone is no word of the record's language (none of its stop words: "F ormer",
    "S eventy-eight"), or when the joined word is one and the rest is not ("A s", "I n"). The
    lines are returned as they are when none is joined. `candidates`, when given, are the indices
    of the lines whose second character is a space (`drop_cap_candidates`): only those are looked
    at.

    >>> join_drop_caps(["D ie Euphorie hielt nicht lange."],
    ...                "D ie Euphorie hielt nicht lange. Die Zahlen fielen, die Kurse auch.")
    ['Die Euphorie hielt nicht lange.']
    """
    if candidates is None:
        candidates = [n for n, line in enumerate(lines) if line[1:2] == " "]
    found = [(n, m) for n in candidates for m in [_DROP_CAP.match(lines[n])]
             if m is not None and m.group(1).isupper() and m.group(2)[0].islower()]
    if not found:
        return lines
    start = max(text.find(lines[found[0][0]]), 0)  # from the first such line on: the story, not the menus
    sample = text[start:start + DROP_CAP_SAMPLE_CHARS]
    # (most such lines open with a word, "A team", whose letters joined the sample never holds, in
    # lower case or capitalized: its words are read only when one may be joined)
    if not any(m.group(1) + m.group(2) in sample or m.group(1).lower() + m.group(2) in sample for _, m in found):
        return lines
    split = [(n, m, m.group(1).casefold(), m.group(2).casefold()) for n, m in found]
    words = _WORD.findall(sample.casefold())
    counts = Counter(words)
    shown = [counts[letter + rest] > counts[rest] for _, _, letter, rest in split]
    if not any(shown):
        return lines
    stops = stopwords_for(words)
    out = list(lines)
    for (n, m, letter, rest), joined in zip(split, shown):
        if joined or (letter not in stops and counts[rest] <= 1) or (letter + rest in stops and rest not in stops):
            out[n] = m.group(1) + lines[n][m.start(2):]
    return out


def drop_cap_candidates(units: np.ndarray) -> list[int]:
    """The indices of the lines of a text, given as its UTF-16 code `units` (its lines apart by
    line breaks), whose second character is a space: the lines `join_drop_caps` looks at, found
    by NumPy in one pass instead of line by line."""
    second = np.flatnonzero(units == 10) + 2  # (each line's after the first)
    later = (np.flatnonzero(units[second[second < len(units)]] == 32) + 1).tolist()
    return [0, *later] if len(units) > 1 and units[1] == 32 else later
