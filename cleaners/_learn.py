"""What a dump teaches about itself: each site's template lines, and the titles of its stories."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ._markdown import read_dump
from ._text import normalize_phrase
from ._urls import host_of

__all__ = ["Learned", "Learner"]

#: Lines longer than this are never template: menus, labels and footers are short.
MAX_TEMPLATE_CHARS = 200


def _line_key(line: str) -> bytes:
    """A stable 8-byte digest of a normalized line (the same in every process)."""
    return _digest(normalize_phrase(line))


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


def _site(url: str | None) -> str:
    host = host_of(url) or ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class Learned:
    """Lines to drop, learned from many records: picklable, so worker processes share it."""

    #: site -> digests of lines that appear on many of that site's pages
    template: dict[str, frozenset[bytes]] = field(default_factory=dict)
    #: normalized titles of the records (links to them inside other records are cruft)
    titles: frozenset[str] = frozenset()

    def reason(self, line: str, url: str | None = None, own_title: str | None = None) -> str | None:
        """Why a line is cruft by what the dump showed, or None."""
        key = normalize_phrase(line)
        if not key:
            return None
        if key in self.titles and key != (normalize_phrase(own_title) if own_title else None):
            return "other-title"
        lines = self.template.get(_site(url))
        if lines and len(line) <= MAX_TEMPLATE_CHARS and _line_key(line) in lines:
            return "site-template"
        return None

    def reasons_for(self, url: str | None = None, own_title: str | None = None) -> Callable[[str], str | None]:
        """`reason` for the lines of one record: its site and own title worked out once."""
        own = normalize_phrase(own_title) if own_title else None
        lines = self.template.get(_site(url)) or frozenset()
        titles = self.titles

        def reason(line: str) -> str | None:
            key = normalize_phrase(line)
            if not key:
                return None
            if key in titles and key != own:
                return "other-title"
            if lines and len(line) <= MAX_TEMPLATE_CHARS and _digest(key) in lines:
                return "site-template"
            return None
        return reason


class Learner:
    """Collects line counts per site and titles over a first pass through a dump.

    A line is a site's template when it appears on at least `min_pages` of the site's pages and
    on at least `min_share` of them; only the first `sample` pages of each site are counted,
    which keeps memory flat on dumps of any size.
    """

    def __init__(self, min_pages: int = 3, min_share: float = 0.3, sample: int = 300) -> None:
        self.min_pages = min_pages
        self.min_share = min_share
        self.sample = sample
        self._pages: Counter[str] = Counter()
        self._lines: dict[str, Counter[bytes]] = defaultdict(Counter)
        self._titles: set[str] = set()

    def add(self, text: str | None, url: str | None = None, title: str | None = None) -> None:
        """Learn from one record."""
        if title:
            key = normalize_phrase(title)
            if len(key.split()) >= 3:  # "Home" or "News" as a title would match labels, not links
                self._titles.add(key)
        if not text:
            return
        site = _site(url)
        if self._pages[site] >= self.sample:
            return
        self._pages[site] += 1
        text = read_dump(text)[0]  # (as `clean_text` reads it: Markdown's links as their text, wrapped lines joined)
        seen = {_line_key(line) for line in text.splitlines() if line.strip() and len(line.strip()) <= MAX_TEMPLATE_CHARS}
        self._lines[site].update(seen)

    def result(self) -> Learned:
        template = {}
        for site, counts in self._lines.items():
            pages = self._pages[site]
            need = max(self.min_pages, self.min_share * pages)
            lines = frozenset(k for k, n in counts.items() if n >= need)
            if lines:
                template[site] = lines
        return Learned(template=template, titles=frozenset(self._titles))
