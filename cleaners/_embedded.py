"""The story a page's scripts carry when its HTML holds none of it: pages rendered in the
browser (Next.js, Nuxt and other hydrating frameworks) ship the article as an HTML string inside
a JSON state object, and their server-side markup is an empty shell."""

from __future__ import annotations

import re

from ._decode import load_json

__all__ = ["embedded_body"]

# JSON string literals (escapes kept), read in turn from the script's start: one linear scan.
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
#: Shortest string literal read as a possible story.
MIN_CHARS = 400
# A paragraph tag, written as it is or with JSON's escapes: "<p", "\u003cp", "\x3cp".
_PARAGRAPH = re.compile(r"(?:<|\\u003[cC]|\\x3[cC])p[\s>\\]")
# What marks a string as a whole page rather than a story's body.
_WHOLE_PAGE = re.compile(r"(?:<|\\u003[cC])(?:html|body|head)\b", re.I)
#: Fewest paragraphs a string must hold to be read as a story's body.
MIN_PARAGRAPHS = 2
# An inline script of the page and its attributes (the tree's scripts are gone once the rules ran).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_EXTERNAL = re.compile(r"\bsrc\s*=|application/ld\+json", re.I)
# The slots a script fills in when it renders the story (ads, embeds): "$$ARTICLEAD$$",
# "{{ad_slot}}", "%%EMBED%%". Left as they are they would read as lines of text.
_SLOT = re.compile(r"\$\$[A-Za-z0-9_]{1,40}\$\$|\{\{[^{}\n]{1,60}\}\}|%%[A-Za-z0-9_]{1,40}%%")
#: Most characters of inline script read: a page's state rarely goes beyond this.
MAX_SCRIPT_CHARS = 5_000_000


def embedded_body(page: str) -> str | None:
    """The longest string of the page's inline scripts that is a story's HTML (two paragraphs
    or more), decoded and without its unfilled slots; None when there is none."""
    best: str | None = None
    best_chars = MIN_CHARS - 1
    read = 0
    for script in _SCRIPT.finditer(page):
        attributes, source = script.groups()
        if not source or _EXTERNAL.search(attributes):
            continue
        read += len(source)
        if read > MAX_SCRIPT_CHARS:
            break
        if not _PARAGRAPH.search(source):
            continue
        for m in _STRING.finditer(source):
            literal = m.group()
            if len(literal) <= best_chars or len(_PARAGRAPH.findall(literal)) < MIN_PARAGRAPHS:
                continue
            if _WHOLE_PAGE.search(literal):
                continue
            try:
                value = load_json(literal)
            except ValueError:
                continue
            if isinstance(value, str):
                best, best_chars = value, len(literal)
    return _SLOT.sub("", best) if best is not None else None
