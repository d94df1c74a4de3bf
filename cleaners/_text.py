"""The text-level layer: cruft lines that survive the tree rules, and plain-text dumps."""

from __future__ import annotations

import itertools
import re
import re._constants as sre_constants  # the parsed pattern's opcodes (see _required_text)
import re._parser as sre_parse
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Callable

import ahocorasick

from ._decode import MOJIBAKE, read_again
from .rules import BYLINE_PREFIXES, DEFAULT_RULES, UPDATE_LABELS, PhraseRule, RuleSet, alternation

__all__ = ["LineFilter", "PhraseMatcher", "after_model_matcher", "clean_lines", "line_reasons", "normalize_phrase", "is_byline"]

# Inner whitespace runs.
_WS = re.compile(r"\s+")
# Separator after an announcer that carries the linked title on the same line ("Read more: X").
# ("【関連記事】タイトル", "相关阅读：标题", "[Read more] Title" too)
_INLINE_SEP = re.compile(r"(?<!\s)\s*[:|»›>\u2013\u2014：】\]-]+\s*")
_INLINE_SEP_CHAR = re.compile(r"[:|»›>\u2013\u2014：】\]-]")  # what a line without one never splits at
# Prose ends with sentence punctuation (the danda in Hindi and Bengali, "۔" in Urdu, "።" in
# Amharic, "။" in Burmese); a linked story title usually does not.
_SENTENCE_END = re.compile(r"[.!?。！？…;»”\"')।॥۔؟።။]\s*$")
_SENTENCE_CLOSERS = frozenset(".!?。！？…;»”\"')।॥۔؟።။")


def ends_sentence(line: str) -> bool:
    """Whether the line ends with sentence punctuation (as _SENTENCE_END finds, without
    scanning the whole line)."""
    last = line[-1:]
    if last.isspace():
        last = line.rstrip()[-1:]
    return last != "" and last in _SENTENCE_CLOSERS
# Scripts written without sentence punctuation: Thai, Lao, Khmer. There only length tells a
# paragraph from a headline.
_UNPUNCTUATED = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff]")
#: Shortest line in such a script that is a paragraph rather than a headline or a teaser.
MIN_UNPUNCTUATED_PARAGRAPH = 100

#: Longest line that can be a bare story title after "Previous Article" and the like.
MAX_TITLE_CHARS = 160
#: Longest line that can be "Read more: <title>".
MAX_INLINE_LINK_CHARS = 200
#: Normalised labels remembered (see normalize_phrase).
NORMALIZED_CACHE_SIZE = 4096


@lru_cache(maxsize=NORMALIZED_CACHE_SIZE)
def normalize_phrase(text: str) -> str:
    """Case-fold a label and strip its decoration, so "» Read more:" equals "read more".
    (Remembered: the phrase rules and what a dump taught ask about the same lines.)"""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(strip_edges(text).split())  # str.split's whitespace is the regex's \s


def strip_edges(text: str) -> str:
    """The text without the decoration around it: whatever is not a letter or a digit at
    either end (bullets, arrows, pipes, colons, dashes, spaces). A loop over the few edge
    characters; a regex for the end of the text tries every position of it."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


class PhraseMatcher:
    """Finds the phrase rule that names a whole line: one dict lookup, then inline labels
    ("Read more: <title>", "Filed under: Politics"), then the rules' line patterns."""

    def __init__(self, rules: RuleSet = DEFAULT_RULES) -> None:
        self._phrases: dict[str, PhraseRule] = {}
        self._inline: dict[str, PhraseRule] = {}
        self._cache: dict[str, PhraseRule | None] = {}
        #: the line patterns in the rules' order, each with its rule
        self._patterns: list[tuple[re.Pattern[str], PhraseRule]] = []
        #: the patterns tried on every line (bit i: the i-th pattern): those that name no text a
        #: line must hold
        self._always = 0
        #: per string some pattern needs: (its length, the patterns that need it anywhere in the
        #: line, the patterns whose match starts with it), as bits
        needs: dict[str, tuple[int, int, int]] = {}
        for rule in rules.phrase_rules:
            for phrase in rule.phrases:
                key = normalize_phrase(phrase)
                self._phrases.setdefault(key, rule)
                if rule.inline:
                    self._inline.setdefault(key, rule)
            for pattern in rule.patterns:
                bit = 1 << len(self._patterns)
                self._patterns.append((re.compile(pattern), rule))  # each alone: fails with its own message
                # A pattern is tried only on a line that holds what it needs: the text its match
                # starts with where the pattern names it ("^(?:popular|trending) (?:on|from)"),
                # else text it cannot skip ("^[^\n]{0,100}(?:©|all rights reserved|...)"). Most
                # lines hold no such text, and no pattern is tried on them.
                parsed = sre_parse.parse(pattern)
                starts, anywhere = _starts_of(parsed), ()
                if not starts:
                    anywhere = _required_of(parsed)
                    if not anywhere:
                        self._always |= bit
                for text, at_start in [(t, True) for t in starts] + [(t, False) for t in anywhere]:
                    length, in_line, first = needs.get(text, (len(text), 0, 0))
                    needs[text] = (length, in_line | (0 if at_start else bit), first | (bit if at_start else 0))
        # What the patterns need, found in one pass over the line in C (all the strings at once,
        # the ones inside others too) instead of a test per string and line.
        self._needs = ahocorasick.Automaton()
        for text, value in needs.items():
            self._needs.add_word(text, value)
        self._has_needs = bool(needs)
        if needs:
            self._needs.make_automaton()
        extra_rule = PhraseRule("extra-phrase", "site", rules.extra_phrases)
        for phrase in rules.extra_phrases:
            self._phrases.setdefault(normalize_phrase(phrase), extra_rule)
        self._max_words = max((len(k.split()) for k in self._inline), default=0)
        self._line_needs: ahocorasick.Automaton | None = None  # see _read_needs
        #: each rule's group by its name, for the passes that act on whole kinds of cruft
        self.rule_groups: dict[str, str] = {r.name: r.group for r in rules.phrase_rules}
        self.rule_groups[INLINE_LINK_RULE.name] = INLINE_LINK_RULE.group

    def _pattern_rule(self, key: str) -> PhraseRule | None:
        """The rule of the first line pattern that matches `key`, in the rules' order."""
        candidates = self._always
        if self._has_needs:
            for end, (length, in_line, first) in self._needs.iter(key):
                candidates |= in_line
                if end + 1 == length:  # at the line's start
                    candidates |= first
        patterns = self._patterns
        while candidates:  # its set bits only, the lowest (the first in the rules' order) first
            lowest = candidates & -candidates
            pattern, rule = patterns[lowest.bit_length() - 1]
            if pattern.match(key) is not None:
                return rule
            candidates ^= lowest
        return None

    #: lines remembered with their answer: pages repeat their labels ("Share", "Reply") a lot
    CACHE_SIZE = 20_000

    def match(self, line: str) -> PhraseRule | None:
        """The rule that names this whole line as cruft, or None."""
        if len(line) > MAX_INLINE_LINK_CHARS:
            return None
        try:
            return self._cache[line]
        except KeyError:
            pass
        if len(self._cache) >= self.CACHE_SIZE:
            # forget the older half, not all: what the last pages asked about stays
            self._cache = dict(itertools.islice(self._cache.items(), self.CACHE_SIZE // 2, None))
        rule = self._cache[line] = self._match(line)
        return rule

    def match_read(self, lines: list[str]) -> list[PhraseRule | None]:
        """`match` of each of a text's lines that another matcher read just before (a text's line
        pass reads every line): their normalised forms are remembered (normalize_phrase). The
        lines are asked together: one lookup of all their forms among the phrases and one pass of
        what the patterns need over all of them name the few that may be named (a line opening
        with "©" may be too, see `_match`), and only those are matched one by one."""
        short = [line for line in lines if len(line) <= MAX_INLINE_LINK_CHARS]
        keys = list(map(normalize_phrase, short))
        may = self._phrases.keys() & keys
        if self._always:
            may.update(keys)
        elif self._has_needs:
            # what the patterns need at a line's start (after its line break) or anywhere in it,
            # in one pass over all the lines (no key holds a line break, nor does a string needed)
            joined = "\n" + "\n".join(keys)
            for end, _ in self._read_needs().iter(joined):
                stop = joined.find("\n", end + 1)
                may.add(joined[joined.rfind("\n", 0, end) + 1:stop if stop >= 0 else len(joined)])
        # (a line a site misread is matched as it reads again, see _match)
        raw = "\n".join(short)
        named = {line: self._match(line) for line, key in zip(short, keys)
                 if key in may or line.lstrip()[:1] == "©" or (not line.isascii() and MOJIBAKE.search(line))} if (
            may or "©" in raw or (not raw.isascii() and MOJIBAKE.search(raw))) else {}
        return [named.get(line) for line in lines] if named else [None] * len(lines)

    def _read_needs(self) -> ahocorasick.Automaton:
        """`match_read`'s automaton (made when first asked): what some pattern needs at a line's
        start, after a line break, and what some pattern needs anywhere in a line."""
        if self._line_needs is None:
            self._line_needs = ahocorasick.Automaton()
            for text, (_, in_line, first) in self._needs.items():
                for word in ((text,) if in_line else ()) + (("\n" + text,) if first else ()):
                    self._line_needs.add_word(word, None)
            self._line_needs.make_automaton()
        return self._line_needs

    def _match(self, line: str) -> PhraseRule | None:
        if not line.isascii() and MOJIBAKE.search(line) is not None:
            # text a site's software misread ("cafÃ©", "FÃ¼r") is named as it reads once read
            # again, as the cleaner writes it: the "Ã©" of "é" holds no copyright sign
            line = read_again(line)
        key = normalize_phrase(line)
        if not key:
            return None
        rule = self._phrases.get(key)
        if rule is not None:
            return rule
        # "Read more: Another story's title" / "RELATED | Title" / "Filed under: Khawarij |"
        parts = _INLINE_SEP.split(line.strip(), maxsplit=1) if self._inline and _INLINE_SEP_CHAR.search(line) else ()
        if len(parts) == 2 and parts[1]:
            head = normalize_phrase(parts[0])
            if len(head.split()) <= self._max_words:
                rule = self._inline.get(head)
                if rule is not None:
                    return INLINE_LINK_RULE if rule.announces_link else rule
        rule = self._pattern_rule(key)
        if rule is None and line.lstrip()[:1] == "©":
            # the sign normalize_phrase strips as decoration says what the line is: "© dpa",
            # "© Imago/Zoonar/Phil Bird" under a photo, "© 2024 Example Ltd" in a footer
            rule = self._pattern_rule("© " + key)
        return rule


def after_model_matcher(rules: RuleSet = DEFAULT_RULES) -> PhraseMatcher | None:
    """The matcher of the lines a rule set takes off what the models kept (its `after_model_rules`:
    lines no true text keeps, which no model reads), or None when it names none."""
    if not rules.after_model_rules:
        return None
    return PhraseMatcher(replace(rules, phrase_rules=rules.after_model_rules, extra_phrases=frozenset()))


def _start_needs(pattern: str) -> tuple[str, ...]:
    """Strings one of which every match of the pattern (at a line's start) starts with, read from
    the parsed pattern: its leading literal text, or that of each alternative of a leading choice;
    () when the pattern names none or sets flags of its own."""
    return _starts_of(sre_parse.parse(pattern))


def _starts_of(parsed) -> tuple[str, ...]:
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return tuple(sorted(_prefixes(list(parsed)) or ()))


#: Most strings a pattern's start is read as (each choice after a choice multiplies them).
MAX_START_STRINGS = 256


def _prefixes(items: list) -> set[str] | None:
    found, _ = _literal_start(items)
    return None if found == {""} else found


def _literal_start(items: list) -> tuple[set[str], bool]:
    """Strings one of which every match of the parsed `items` starts with ({""}: none told), and
    whether each is a whole match: its literal text, a choice of literal words, and on past them
    while what follows is literal too ("(?:with|mit) " starts with "with " or "mit ")."""
    C = sre_constants
    found = {""}
    for op, arg in items:
        if op is C.AT:
            continue  # ^, \b: they match no text
        if op is C.LITERAL:
            found = {text + chr(arg) for text in found}
            continue
        if op is C.SUBPATTERN:
            _, add_flags, del_flags, inner = arg
            if add_flags or del_flags:
                return found, False
            part, whole = _literal_start(list(inner))
        elif op is C.BRANCH:
            part, whole = set(), True
            for alternative in arg[1]:
                starts, alternative_whole = _literal_start(list(alternative))
                if "" in starts:
                    return found, False  # an alternative that may start with anything
                part |= starts
                whole = whole and alternative_whole
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and arg[0] >= 1 and found != {""}:
            # its first time, after text told before it ("reuters/" of "reuters(?:/[a-z]+){1,3}");
            # a pattern that opens with a repeat names no start (a share bar's words repeated:
            # "x", "e-mail", short and many, would be looked for all through every line)
            part, whole = _literal_start(list(arg[2]))
            whole = whole and arg[0] == arg[1] == 1
        else:
            return found, False
        if len(found) * len(part) > MAX_START_STRINGS:
            return found, False
        found = {text + more for text in found for more in part}
        if not whole:
            return found, False
    return found, True


def _required_text(pattern: str) -> tuple[str, ...]:
    """Strings one of which every line the pattern matches holds (read from the parsed pattern:
    a run of literal characters it cannot skip, or the literal words of a choice it cannot skip),
    the most telling such set; () when the pattern names none or sets flags of its own."""
    return _required_of(sre_parse.parse(pattern))


def _required_of(parsed) -> tuple[str, ...]:
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return _most_telling(_literal_sets(list(parsed))) or ()


def _literal_sets(items: list) -> list[set[str]] | None:
    """Per part of a parsed pattern that a match cannot skip, the literal strings one of which it
    holds. None when a part sets flags (case-insensitive text would not be found by `in`)."""
    C = sre_constants
    sets: list[set[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is C.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            sets.append({"".join(run)})
            run = []
        if op is C.SUBPATTERN:
            _, add_flags, del_flags, inner = arg
            if add_flags or del_flags:
                return None
            found = _literal_sets(list(inner))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            found = _literal_sets(list(arg[2])) if arg[0] >= 1 else []
        elif op is C.ASSERT and arg[0] == 1:  # a lookahead: what it sees is in the line too
            found = _literal_sets(list(arg[1]))
        elif op is C.BRANCH:
            union: set[str] | None = set()
            for alternative in arg[1]:
                alternative_sets = _literal_sets(list(alternative))
                if alternative_sets is None:
                    return None
                telling = _most_telling(alternative_sets)
                if telling is None:
                    union = None  # a choice with a way around every literal names nothing
                    break
                union |= set(telling)
            found = [union] if union else []
        else:
            continue
        if found is None:
            return None
        sets.extend(found)
    return sets


def _most_telling(sets: list[set[str]] | None) -> tuple[str, ...] | None:
    """Of the sets a match holds one string of each, the one fewest lines hold: its shortest
    string the longest, then the fewest strings (a space or a set holding "" tells nothing)."""
    usable = [s for s in sets or () if s and all(t.strip() for t in s)]
    if not usable:
        return None
    return tuple(sorted(min(usable, key=lambda s: (-min(map(len, s)), len(s)))))


#: What "Read more: <title>" lines are removed as: the announcer and its link on one line.
INLINE_LINK_RULE = PhraseRule("link-inline", "related", frozenset())


# A byline or dateline: "By Jane Roe", "Von Max Muster", "Updated 3 Nov 2026, 10:04".
_BYLINE_WORDS = (*BYLINE_PREFIXES, "od", *UPDATE_LABELS)
_BYLINE = re.compile(rf"^(?:{alternation(_BYLINE_WORDS)})(?:\b[\s:]|\s*[:：/／])", re.I)
#: The first letters of the words a byline or dateline opens with, in any case (as _BYLINE reads
#: them): a line that opens with none of them is told without the match (`is_byline`).
BYLINE_OPENERS = re.compile("|".join(sorted({re.escape(word[0]) for word in _BYLINE_WORDS})),
                            re.I)
#: The syllables a Korean name opens with, first and last ("가" to "힣", the pattern's [가-힣]).
HANGUL_SYLLABLES = ("\uac00", "\ud7a3")
# A Korean byline puts the title after the name: "김민수 기자", "홍길동 특파원 hong@yna.co.kr".
_BYLINE_AFTER_NAME = re.compile(
    r"^[가-힣]{2,4}(?: [가-힣]{2,4})? ?(?:기자|특파원|객원기자|선임기자|논설위원)(?: [\w.+-]{1,64}@[\w.-]{1,100})?$"
)
# Dates written out: 3 November 2026, Nov. 3, 2026, 2026-11-03, 03.11.2026, 3/11/2026.
DATE_PATTERN = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\.?\s+\w{3,12}\.?\s+\d{4}|"
    r"\w{3,12}\.?\s+\d{1,2},?\s+\d{4})\b"
)
# A digit, as the date pattern reads one (and every other pass that looks for one).
_DIGIT = re.compile(r"\d")
#: Longest line that can be a byline or dateline.
MAX_BYLINE_CHARS = 120
#: A line shorter than this with a date in it, and no sentence's end, is a dateline.
MAX_DATED_CHARS = 60


def is_byline(line: str, authors: list[str] | None = None) -> bool:
    """A short line that names the author or the date rather than telling the story."""
    if len(line) > MAX_BYLINE_CHARS:
        return False
    if HANGUL_SYLLABLES[0] <= line[:1] <= HANGUL_SYLLABLES[1] and _BYLINE_AFTER_NAME.match(line):
        return True
    m = _BYLINE.match(line)
    # (a date is looked for only in text with a digit: every date the pattern reads has one)
    if m and not (ends_sentence(line) and len(line) > 40):
        rest = line[m.end():].lstrip(" :")
        # "By Jane Roe" names someone; "By the end of the year" is prose. Dates need no name.
        first = rest[:1]
        caseless = first.isalpha() and first.lower() == first.upper()  # Arabic, Chinese, Hindi…
        if first.isupper() or caseless or first.isdigit() or (_DIGIT.search(rest) and DATE_PATTERN.search(rest)):
            return True
    if authors and any(a and a in line for a in authors) and len(line) < 80:
        return True
    return (len(line) < MAX_DATED_CHARS and not ends_sentence(line) and _DIGIT.search(line) is not None
            and DATE_PATTERN.search(line) is not None)


def looks_like_title(line: str) -> bool:
    """A short line without closing punctuation: the shape of a linked story title."""
    if len(line) > MAX_TITLE_CHARS or ends_sentence(line):
        return False
    return not (len(line) >= MIN_UNPUNCTUATED_PARAGRAPH and _UNPUNCTUATED.search(line))


class LineFilter:
    """The line-by-line cruft pass shared by HTML blocks and plain-text dumps.

    It remembers announcers: after "Previous Article" or "Read also", the next short lines
    shaped like a story title are that story's link and go too.
    """

    #: how many title lines an announcer can point to
    TITLES_PER_ANNOUNCER = 2

    def __init__(self, matcher: PhraseMatcher) -> None:
        self.matcher = matcher
        self.pending_titles = 0

    def check(self, line: str, linked: bool | None = None, heading: bool = False) -> str | None:
        """The name of the rule that removes this line, or None to keep it.

        `linked` says whether the line is mostly link text (None when unknown, as in text dumps).
        """
        rule = self.matcher.match(line)
        if rule is not None:
            self.pending_titles = self.TITLES_PER_ANNOUNCER if rule.announces_link else 0
            return rule.name
        if self.pending_titles:
            title_shaped = looks_like_title(line) if linked is None else (linked or heading) and len(line) <= MAX_TITLE_CHARS
            if title_shaped:
                self.pending_titles -= 1
                return "link-announcer"
            self.pending_titles = 0
        return None


# A line of running prose: enough words, or enough characters in scripts written without spaces.
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_CHARS = re.compile(_CJK.pattern + "+")

#: What a line weighs when looking for the article's run of lines (see article_span).
DROPPED_LINE_PENALTY = 30.0
SHORT_LINE_PENALTY = 20.0
#: Removed lines in a row that count against the span; more in the same run weigh nothing.
MAX_DROPPED_RUN = 3
#: Characters from which a line that does not end a sentence may still be prose (a paragraph
#: whose last sentence lost its stop), when it holds a sentence's end inside it.
LONG_LINE_CHARS = 120
# A sentence ending inside a line: its stop (perhaps inside closing quotes), then a space. A
# keyword list, a menu of languages or a line of markup has none.
_SENTENCE_INSIDE = re.compile(r"[.!?。！？…।॥۔؟።။][\"'”’»)\]]*\s")


# Sentence ends in Chinese, Japanese and Korean text (Korean ends its sentences with a full stop).
_CJK_SENTENCE_END = re.compile(r"[。！？.!?]")
#: A paragraph of running prose, as opposed to a teaser's line or two: this many characters in
#: scripts written with spaces, two sentences in Chinese, Japanese or Korean (where a paragraph
#: of news is often 60 characters), MIN_UNPUNCTUATED_PARAGRAPH characters in Thai, Lao or Khmer.
MIN_PARAGRAPH_CHARS = 250
#: What a character of Chinese, Japanese or Korean weighs against one of a script written with
#: spaces (a word of English is some six characters, of Chinese about two).
CJK_CHAR_WEIGHT = 3


def reading_length(text: str) -> int:
    """The text's length in characters, each Chinese, Japanese or Korean one counted thrice."""
    if text.isascii() or not _CJK.search(text):  # most text: one pass in C, no list built
        return len(text)
    return len(text) + (CJK_CHAR_WEIGHT - 1) * sum(map(len, _CJK_CHARS.findall(text)))


def is_paragraph(text: str) -> bool:
    """A block of running prose long enough to be a story's paragraph rather than a teaser."""
    n = len(text)
    if n >= MIN_PARAGRAPH_CHARS:
        return True
    if n >= 40 and _CJK.search(text):
        return len(_CJK_SENTENCE_END.findall(text.rstrip())) >= 2
    return n >= MIN_UNPUNCTUATED_PARAGRAPH and bool(_UNPUNCTUATED.search(text))


#: The start of a line whose words line_score counts: only "at least PROSE_WORDS" matters, and
#: a long line's start mostly tells it.
SCORED_HEAD_CHARS = 200
#: Words that make a finished line (or a long one) prose for line_score.
PROSE_WORDS = 8


def line_score(line: str, words: int | None = None) -> float:
    """Positive for running prose (its length), negative for labels, menus and headings.
    `words`: the words in the line's first SCORED_HEAD_CHARS characters, when the caller
    counted them already."""
    n = len(line)
    if words is None:
        words = len(_WORD.findall(line, 0, SCORED_HEAD_CHARS))
    if words < PROSE_WORDS and n > SCORED_HEAD_CHARS:
        words = len(_WORD.findall(line))
    if not line.isascii() and _CJK.search(line):
        if n >= 25:  # a line of Chinese, Japanese or Korean this long is prose, ended or not
            return float(n) * 2
        words = max(words, n // 2)
    sentence = ends_sentence(line)
    if not sentence and n >= MIN_UNPUNCTUATED_PARAGRAPH and _UNPUNCTUATED.search(line):
        return float(n)
    if words >= PROSE_WORDS and sentence:
        return float(n)
    if words >= PROSE_WORDS and n >= LONG_LINE_CHARS:
        # long and unended: prose when a sentence ends inside it; otherwise a list of words or
        # markup, which must not weigh as the densest prose of the record (nor break its run)
        return float(n) if _SENTENCE_INSIDE.search(line) else 0.0
    if words >= 4 and sentence:
        return n * 0.5
    return -(SHORT_LINE_PENALTY + 0.5 * n)


def _is_page_furniture(lines: list[str], reasons: list[str | None]) -> bool:
    """Lines around the article that are the site's (menus, share bars, footers), not the
    story's own tables and lists: a good share of them are known cruft, or most are one or two
    words. (One share button above a long table does not make the table the site's.)"""
    if not lines:
        return False
    cruft = sum(1 for r in reasons if r is not None)
    tiny = sum(1 for line in lines if len(_WORD.findall(line)) <= 2)
    return cruft >= 0.05 * len(lines) or tiny >= 0.5 * len(lines)


# A small letter of ASCII: a line with one is no all-capitals kicker.
_ASCII_LOWER = re.compile(r"[a-z]")
# A full stop, question or exclamation mark at the end, perhaps inside closing quotes.
_STOPPED = re.compile(r"[.!?。！？…][\"'”’»)]*\s*$")
#: Kicker/headline pairs in a row that make a run of short lines a box of other stories.
MIN_TEASER_PAIRS = 3
#: Most lines an announcer can take with it when no paragraph of prose follows it.
MAX_ANNOUNCED_TAIL = 80
#: A line after an announcer that scores this much (see line_score) is the story going on:
#: a sentence of a hundred characters, not a teaser's one-line blurb.
MIN_STORY_LINE_SCORE = 100


def _is_kicker(line: str) -> bool:
    """An all-capitals label over a headline: "RANDY ANDY", "‘NAÏVE AND TRUSTING’"."""
    if _ASCII_LOWER.search(line) or (line.isascii() and not line.isupper()):
        return False  # a small letter (or, in ASCII, no letter at all): most lines, told in C
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters if c.lower() != c.upper()) and any(
        c.lower() != c.upper() for c in letters)


def teaser_runs(items: list[str], reasons: list[str | None]) -> list[int]:
    """Lines of boxes of other stories as text dumps keep them: runs of short unfinished lines
    where capitalised kickers each stand over a headline ("EYE POPPING" / "Russian Popeye has
    'rotting' tricep removed"). A capitalised subheading is followed by prose, not a headline."""
    found: list[int] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and reasons[j] is None and len(items[j]) <= MAX_TITLE_CHARS and not _STOPPED.search(items[j]):
            j += 1
        if j > i:
            kickers = [_is_kicker(items[k]) for k in range(i, j)]
            pairs = sum(1 for a, b in zip(kickers, kickers[1:]) if a and not b)
            if pairs >= MIN_TEASER_PAIRS and 2 * pairs >= 0.6 * (j - i):
                found.extend(range(i, j))
        i = j + 1
    return found


def announced_tail(items: list[str], reasons: list[str | None], rule_groups: dict[str, str],
                   scores: list[float]) -> list[int]:
    """Lines after an announcer ("Самые популярные диеты", "Related stories", "Comments") that
    no paragraph of prose follows: the box it names runs to the end of the dump. Only after the
    story has begun, so an announcer above a story of short lines takes nothing."""
    seen_prose = False
    for i, reason in enumerate(reasons):
        if reason is None and scores[i] >= 100:
            seen_prose = True
            continue
        if not seen_prose or reason is None or rule_groups.get(reason) not in ("related", "comments") or reason == "link-inline":
            continue
        rest = range(i + 1, len(items))
        if 2 <= len(rest) <= MAX_ANNOUNCED_TAIL and all(
                reasons[k] is not None or scores[k] < MIN_STORY_LINE_SCORE for k in rest):
            return [k for k in rest if reasons[k] is None]
    return []


def _span_scores(scores: list[float], reasons: list[str | None]) -> list[float]:
    """Each line's weight for article_span: its score (see line_score) while kept. A run of
    removed lines weighs as much as at most MAX_DROPPED_RUN of them: a box of other stories
    inside the story is one interruption, and must not cut the story's last paragraphs off."""
    weights: list[float] = []
    run = 0
    for score, reason in zip(scores, reasons):
        if reason is None:
            run = 0
            weights.append(score)
        else:
            run += 1
            weights.append(-DROPPED_LINE_PENALTY if run <= MAX_DROPPED_RUN else 0.0)
    return weights


def article_span(scores: list[float]) -> tuple[int, int]:
    """The run of lines [start, end) with the largest total score (Kadane's algorithm)."""
    best, best_span = float("-inf"), (0, 0)
    run, run_start = 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_span = run, (run_start, i + 1)
    return best_span if best > 0 else (0, 0)


def clean_lines(
    lines: list[str],
    matcher: PhraseMatcher,
    drop: "Callable[[str], str | None] | None" = None,
    find_article: bool = True,
) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop cruft lines and announced titles, then keep the article's run of lines.

    `drop` names lines learned from other records (a site's template, other stories' titles).
    With `find_article`, lines outside the densest run of prose go too (menus above, footers
    below), except a headline on the very first line. Returns kept lines and (rule, line) pairs.
    """
    items = [line.strip() for line in lines]
    items = [line for line in items if line]
    reasons = line_reasons(items, matcher, drop, find_article)
    kept = [line for line, r in zip(items, reasons) if r is None]
    removed = [(r, line) for line, r in zip(items, reasons) if r is not None]
    return kept, removed


def line_reasons(
    items: list[str],
    matcher: PhraseMatcher,
    drop: "Callable[[str], str | None] | None" = None,
    find_article: bool = True,
    words: "list[int | None] | None" = None,
    bylines: "list[bool] | None" = None,
) -> list[str | None]:
    """`clean_lines`' decision on each of these (stripped, non-empty) lines: the name of the
    rule or pass that removes it, None for a line it keeps. A caller that read the lines' shape
    already may give, per line, its `words` (see line_score; None where not counted) and
    whether it `bylines` (is_byline)."""
    line_scores = ([line_score(line) for line in items] if words is None
                   else [line_score(line, w) for line, w in zip(items, words)])
    reasons: list[str | None] = []
    line_filter = LineFilter(matcher)
    in_lead = True  # before the first paragraph of prose: bylines and datelines sit there
    for i, (line, score) in enumerate(zip(items, line_scores)):
        reason = line_filter.check(line)
        if reason is None and drop is not None:
            reason = drop(line)
        if reason is None and in_lead and (bylines[i] if bylines is not None else is_byline(line)):
            reason = "byline"
        if reason is None and score >= 100:
            in_lead = False
        reasons.append(reason)
    for i in teaser_runs(items, reasons):
        reasons[i] = "teaser-list"
    for i in announced_tail(items, reasons, matcher.rule_groups, line_scores):
        reasons[i] = "announced-section"
    if find_article and items:
        start, end = article_span(_span_scores(line_scores, reasons))
        if end > start:
            headline = next((i for i in range(len(items)) if reasons[i] is None), None)
            for lo, hi in ((0, start), (end, len(items))):
                if not _is_page_furniture(items[lo:hi], reasons[lo:hi]):
                    continue  # a table or a list of the article's own, not the site's menus
                for i in range(lo, hi):
                    is_headline = i == headline and looks_like_title(items[i]) and all(
                        reasons[k] is not None for k in range(i + 1, start))
                    if reasons[i] is None and not is_headline:
                        reasons[i] = "outside-article"
    return reasons
