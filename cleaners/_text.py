"""The text-level layer: cruft lines that survive the tree rules, and plain-text dumps."""

from __future__ import annotations

import re
import unicodedata

from .rules import DEFAULT_RULES, PhraseRule, RuleSet

__all__ = ["PhraseMatcher", "clean_lines", "normalize_phrase"]

# Leading and trailing decoration around a label: bullets, arrows, pipes, colons, dashes.
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
# Inner whitespace runs.
_WS = re.compile(r"\s+")
# Separator after an announcer that carries the linked title on the same line ("Read more: X").
_INLINE_SEP = re.compile(r"\s*[:|»›>\u2013\u2014-]+\s*")
# Prose ends with sentence punctuation; a linked story title usually does not.
_SENTENCE_END = re.compile(r"[.!?。！？…;»”\"')]\s*$")

#: Longest line that can be a bare story title after "Previous Article" and the like.
MAX_TITLE_CHARS = 160
#: Longest line that can be "Read more: <title>".
MAX_INLINE_LINK_CHARS = 200


def normalize_phrase(text: str) -> str:
    """Case-fold a label and strip its decoration, so "» Read more:" equals "read more"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WS.sub(" ", _EDGES.sub("", text)).strip()


class PhraseMatcher:
    """Looks up whole-line cruft phrases from a RuleSet in one dict."""

    def __init__(self, rules: RuleSet = DEFAULT_RULES, extra: dict[str, PhraseRule] | None = None) -> None:
        self._phrases: dict[str, PhraseRule] = {}
        self._announcers: dict[str, PhraseRule] = {}
        for rule in rules.phrase_rules:
            for phrase in rule.phrases:
                key = normalize_phrase(phrase)
                self._phrases.setdefault(key, rule)
                if rule.announces_link:
                    self._announcers.setdefault(key, rule)
        for phrase in rules.extra_phrases:
            self._phrases.setdefault(normalize_phrase(phrase), _EXTRA_RULE)
        if extra:
            self._phrases.update(extra)
        self._max_words = max((len(k.split()) for k in self._announcers), default=0)

    def match(self, line: str) -> PhraseRule | None:
        """The rule whose phrase is this whole line, or "Announcer: linked title"; else None."""
        if len(line) > MAX_INLINE_LINK_CHARS:
            return None
        key = normalize_phrase(line)
        if not key:
            return None
        rule = self._phrases.get(key)
        if rule is not None:
            return rule
        # "Read more: Another story's title" / "RELATED | Title"
        parts = _INLINE_SEP.split(line.strip(), maxsplit=1)
        if len(parts) == 2 and parts[1]:
            head = normalize_phrase(parts[0])
            if head in self._announcers and len(head.split()) <= self._max_words:
                return _INLINE_RULE
        return None


_INLINE_RULE = PhraseRule("link-inline", "related", frozenset())
_EXTRA_RULE = PhraseRule("extra-phrase", "site", frozenset())


def looks_like_title(line: str) -> bool:
    """A short line without closing punctuation: the shape of a linked story title."""
    return len(line) <= MAX_TITLE_CHARS and not _SENTENCE_END.search(line)


def clean_lines(lines: list[str], matcher: PhraseMatcher) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop cruft lines and announced titles; return kept lines and (rule, line) removals."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    pending_titles = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        rule = matcher.match(line)
        if rule is not None:
            removed.append((rule.name, line))
            pending_titles = 2 if rule.announces_link else 0
            continue
        if pending_titles:
            if looks_like_title(line):
                removed.append(("link-announcer", line))
                pending_titles -= 1
                continue
            pending_titles = 0
        kept.append(line)
    return kept, removed
