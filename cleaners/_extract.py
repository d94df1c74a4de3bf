"""Find the article in a parsed page: prune by rules, split into blocks, pick the main region."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain as chained, islice

import numpy as np
from lxml import etree, html as lxml_html

from ._decode import CONTROL as _CONTROL
from ._metadata import text_of as _text_of, text_start
from ._result import Removal
from ._text import _WORD, MAX_INLINE_LINK_CHARS, LineFilter, PhraseMatcher, is_byline, normalize_phrase, reading_length
from .rules import PhraseRule, RuleSet, TreeRule
from ._urls import host_of

__all__ = ["Block", "Extraction", "TreeMatcher", "extract_blocks"]

# Splits class/id tokens into parts: "shareBar__item-2" -> share, bar, item, 2.
_PART_SPLIT = re.compile(r"[-_:.\s]+|(?<=[a-z])(?=[A-Z])")
# Inline styles that hide an element.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Any whitespace run, collapsed to one space inside a line.
_WS = re.compile(r"\s+")
# Whitespace runs other than line breaks; line breaks come from <br>.
_INLINE_WS = re.compile(r"[^\S\n]+")
_ODD_WS = re.compile(r"[^\S\n ]")  # whitespace that is neither a space nor a newline
# Line breaks with the spaces around them (after _INLINE_WS, at most one space precedes).
_NEWLINES = re.compile(r" ?\n\s*")
# Blank lines left where a block's lines were removed.
_BLANK_LINES = re.compile(r"\n{3,}")
#: What _tidy() has to act on: a control character (the paragraph mark among them), a newline,
#: two spaces or whitespace other than a space.
_UNTIDY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\n]|  |[^\S\n ]")
# Sentence punctuation in any script: marks running prose rather than labels.
#: Characters that end a sentence (a block whose last one is among them reads as prose)
_SENTENCE_END = frozenset(".!?。！？…:;»”\"')।॥۔؟።။")

_BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "blockquote pre table thead tbody tfoot tr td th caption figure figcaption form fieldset "
    "address hr details summary center body html".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Least running text a paragraph holds around an inline element for the element to be part of a
#: sentence: there a class or id names a link or a phrase ("auto-tag_twitter_1" on a linked
#: name, "tag-link"), never a box, and removing it cuts words out of the sentence.
MIN_PROSE_AROUND_INLINE = 60
_LIST_ITEMS = frozenset(("li", "dd", "dt"))
#: Block tags that set a flag for the blocks inside them (see segment)
_MARKING_TAGS = _HEADINGS | _LIST_ITEMS | {"blockquote", "pre"}


@dataclass(slots=True)
class Block:
    """A run of text between two block boundaries, with the element that holds it. (Slots: a
    page can hold 600,000 blocks, and every pass reads their fields.)"""

    text: str
    elem: etree._Element
    tag: str
    link_chars: int = 0
    heading: bool = False
    list_item: bool = False
    quote: bool = False
    pre: bool = False
    #: the target of the block's first link, if it has one
    href: str | None = None
    #: the rule that removed the block (None while it is kept)
    dropped_by: str | None = None
    #: the block's text as the page has it, before the line filter took any line out
    source: str = ""
    #: inside the main region the tree layers chose
    in_main: bool = False
    #: the rule that removed the whole block whatever the region (None: none did)
    rule: str | None = None
    #: removed with a box an announcer opened ("Related stories", "Comments")
    announced: bool = False
    #: the group of the tree rule that would remove the block's box (see prune's `pruned`)
    pruned: str | None = None
    #: the box that tree rule names (the block's element or an ancestor; None when not pruned)
    box: etree._Element | None = None
    #: the block model's probability that the block is article (None: no model ran)
    chance: float | None = None
    #: _weight's memo: (text, link characters, heading, weight) it was worked out for
    weighed: tuple | None = field(default=None, compare=False, repr=False)
    #: characters of the block's text inside <time> elements (each piece of text stripped, as
    #: link_chars counts)
    time_chars: int = 0

    def __post_init__(self) -> None:
        if not self.source:
            self.source = self.text

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class Extraction:
    blocks: list[Block]
    #: every block the page was split into, kept or not, in page order (for explain)
    all_blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    main: etree._Element | None = None
    #: the class/id parts of the elements the tree rules looked at (read once, for the block model)
    parts: dict[etree._Element, frozenset[str]] = field(default_factory=dict)
    #: the text of the story the page declares (its JSON-LD articleBody), for the block model's
    #: decision (see declared_gaps)
    declared: str = ""


@lru_cache(maxsize=16384)
def _token_parts(token: str) -> frozenset[str]:
    """One class/id token (no whitespace in it) lower-cased, with its parts and their
    hyphenless forms."""
    if token.isascii():
        low = token.lower()
        if low == token:
            if token.isalnum():
                return frozenset((token,))  # one lower-case word ("container"): itself only
            # without capitals no camel-case boundary: the separators alone part the token
            pieces = low.replace("_", "-").replace(":", "-").replace(".", "-").split("-")
            if "" in pieces:
                pieces = [p for p in pieces if p]
        else:
            pieces = [p for p in map(str.lower, _PART_SPLIT.split(token)) if p]
    else:
        low = token.lower()
        pieces = [p.lower() for p in _PART_SPLIT.split(token) if p]
    if len(pieces) <= 1:
        return frozenset((low, *pieces))
    if len(pieces) == 2:  # most parted tokens ("entry-content"): the pair is the whole
        first, second = pieces
        return frozenset((low, first, second, first + second, first + "-" + second))
    # with its adjacent pairs: "hs_cos_wrapper_post_body" holds "post-body" and "postbody"
    pairs = list(zip(pieces, pieces[1:]))
    return frozenset((low, *pieces, "".join(pieces), "-".join(pieces), *map("-".join, pairs), *map("".join, pairs)))


@lru_cache(maxsize=4096)
def _parts(value: str) -> frozenset[str]:
    """Class/id tokens lower-cased, with their parts and their hyphenless forms."""
    tokens = value.split()
    if len(tokens) == 1:
        return _token_parts(tokens[0])
    return frozenset().union(*map(_token_parts, tokens))


#: Attributes whose values name what a box is, read like class tokens where sites hash their
#: class names (CSS-in-JS): the test and component names they keep (data-testid="share-tools",
#: data-component="related-links") and the id of a section's heading (aria-labelledby=
#: "most-read-heading"). Only on block elements: inside a paragraph they name links and
#: phrases (data-component="auto-linked-tag" on a place name), never boxes.
BOX_NAME_ATTRIBUTES = ("data-testid", "data-component", "data-e2e", "data-qa", "aria-labelledby")


def _attr_parts(elem: etree._Element) -> frozenset[str]:
    """The class/id parts of an element, with those of its box-name attributes on a block."""
    get = elem.get
    cls, ident = get("class"), get("id")
    # each attribute's parts read (and remembered) on their own: a page repeats its class names,
    # but every id is its own, and the two read together would be a new value every time
    if elem.tag in _BLOCK_TAGS and any(map(get, BOX_NAME_ATTRIBUTES)):
        return frozenset().union(*(_parts(v) for v in (cls, ident, *map(get, BOX_NAME_ATTRIBUTES)) if v))
    if cls and ident:
        return _parts(cls) | _parts(ident)
    if cls or ident:
        return _parts(cls or ident)
    return frozenset()


class TreeMatcher:
    """Finds the first tree rule that names an element, through lookup tables built once.

    `phrases` reads boxes' aria-labels (the cleaner passes its own; one is built when absent)."""

    def __init__(self, rules: RuleSet, phrases: PhraseMatcher | None = None) -> None:
        self.rules = rules
        self._by_part: dict[str, int] = {}
        self._by_tag: dict[str, int] = {}
        self._by_role: dict[str, int] = {}
        self._attrs: list[tuple[str, str, int]] = []
        for order, rule in enumerate(rules.tree_rules):
            for part in rule.parts:
                self._by_part.setdefault(part, order)
            for tag in rule.tags:
                self._by_tag.setdefault(tag, order)
            for role in rule.roles:
                self._by_role.setdefault(role, order)
            for attr, value in rule.attrs:
                self._attrs.append((attr, value, order))
        #: the rule hidden elements are removed by (style, hidden attribute), if the set has one
        self.hidden_rule = next((r for r in rules.tree_rules if r.group == "hidden"), None)
        # A box's accessible name in the page's language (aria-label="Artikel teilen",
        # "Publicidad", "Noticias relacionadas") read with the phrase rules: the first tree rule
        # of the phrase's group removes the box.
        self._labels = phrases if phrases is not None else PhraseMatcher(rules)
        self._by_group: dict[str, int] = {}
        for order, rule in enumerate(rules.tree_rules):
            self._by_group.setdefault(rule.group, order)
        # The attributes and tags of every element a rule could name.
        self._candidate_attrs = frozenset({"class", "id", *BOX_NAME_ATTRIBUTES, "aria-label", "role", "style", "hidden",
                                           "itemprop", *(a for a, _, _ in self._attrs)})
        self._candidate_tags = frozenset(self._by_tag)
        self._rule_parts = frozenset(self._by_part)

    def candidates(self, root: etree._Element) -> list[etree._Element]:
        """Every element under `root` a rule could name, in document order. (A loop over the
        elements' attribute names: an XPath of as many tests costs libxml2 eight times more.)"""
        attrs, tags = self._candidate_attrs, self._candidate_tags
        out = []
        for elem in root.iterdescendants():
            keys = elem.keys()
            if (keys and not attrs.isdisjoint(keys)) or elem.tag in tags:
                out.append(elem)
        return out

    def match(self, elem: etree._Element, parts: frozenset[str]) -> TreeRule | None:
        best = self._by_tag.get(elem.tag, 1 << 30)
        role = elem.get("role")
        if role:
            best = min(best, self._by_role.get(role.lower(), 1 << 30))
        if parts:
            by_part = self._by_part
            for part in parts & self._rule_parts:
                order = by_part[part]
                if order < best:
                    best = order
        for attr, value, order in self._attrs:
            if order < best:
                got = elem.get(attr)
                if got is not None and got.lower() == value:
                    best = order
        label = elem.get("aria-label")
        if label and elem.tag in _BLOCK_TAGS:
            phrase_rule = self._labels.match(label)
            if phrase_rule is not None:
                best = min(best, self._by_group.get(phrase_rule.group, 1 << 30))
        return self.rules.tree_rules[best] if best < (1 << 30) else None


def _describe(elem: etree._Element) -> str:
    """A short CSS-like name for an element: tag#id.class."""
    tag = elem.tag
    return _description(tag if isinstance(tag, str) else "?", elem.get("id"), elem.get("class"))


@lru_cache(maxsize=4096)
def _description(tag: str, ident: str | None, cls: str | None) -> str:
    """tag#id.class (remembered: a big page names many elements alike)."""
    desc = tag
    if ident:
        ids = ident.split()
        if ids:
            desc += "#" + ids[0][:30]
    if cls:
        classes = cls.split()
        if classes:
            desc += "." + ".".join(classes[:2])[:40]
    return desc


def _drop(elem: etree._Element) -> None:
    """Remove an element but keep its tail text in place; a removed block still separates the
    text on either side of it, as it did on screen."""
    parent = elem.getparent()
    if parent is None:
        return
    tail = elem.tail or ""
    if elem.tag in _BLOCK_TAGS:
        tail = "\n" + tail
    if tail:
        # lxml refuses to set the control characters a character reference (&#8;) put there
        prev = elem.getprevious()
        if prev is not None:
            prev.tail = _CONTROL.sub("", (prev.tail or "") + tail)
        else:
            parent.text = _CONTROL.sub("", (parent.text or "") + tail)
    parent.remove(elem)


# Characters of text under an element (len("".join(elem.itertext())), counted by libxml2
# without making the string).
_TEXT_LENGTH = etree.XPath("string-length()")


def _is_hidden(elem: etree._Element) -> bool:
    return elem.get("hidden") is not None or bool(_HIDDEN_STYLE.search(elem.get("style") or ""))


#: A list with this many items, nearly all links, is an index (archive, sitemap, tag cloud), never
#: part of a story; it goes before segmentation, which would otherwise make a block of each item.
HUGE_LIST_ITEMS = 200


def _drop_huge_link_lists(body: etree._Element, removed: list[Removal]) -> None:
    for lst in list(body.iter("ul", "ol")):
        if len(lst) < HUGE_LIST_ITEMS or lst.getparent() is None:
            continue
        text = _WS.sub(" ", _text_of(lst)).strip()
        linked = sum(len(t.strip()) + 1 for a in lst.iter("a") for t in a.itertext())
        if text and linked >= 0.8 * len(text):
            removed.append(Removal("link-list", "related", text[:200], _describe(lst)))
            _drop(lst)


def prune(body: etree._Element, matcher: TreeMatcher, removed: list[Removal],
          pruned: dict[etree._Element, str] | None = None,
          parts_of: dict[etree._Element, frozenset[str]] | None = None) -> None:
    """Drop junk tags, then hidden elements and every element a tree rule names.

    Guards keep a rule from taking the article with it: an element holding more than 40% of the
    page's text is left alone whatever its class says; so is a "hidden" or "related" box full of
    running prose ("read-more" expanders and collapsed sections hold the story on some sites),
    and any element with an article-body class or inside <article>/<main> markup's ancestors.
    """
    rules = matcher.rules
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, *rules.junk_tags, with_tail=False)
    _drop_huge_link_lists(body, removed)
    candidates = matcher.candidates(body)
    if not candidates:
        return
    total = max(int(_TEXT_LENGTH(body)), 1)
    p_lengths: dict[etree._Element, int] = {}
    for p in body.iter("p"):
        n = reading_length(" ".join(_text_of(p).split()))
        if n >= 80:  # a paragraph of running prose (some 27 characters of Chinese)
            p_lengths[p] = n
    prose_total = sum(p_lengths.values())

    def prose(elem: etree._Element) -> int:
        return sum(p_lengths.get(p, 0) for p in elem.iter("p"))

    protected: set[etree._Element] = set()
    if parts_of is None:
        parts_of = {}
    marked: list[etree._Element] = []  # elements the page itself marks as the story
    # the parts and the rule of an element depend on its tag and attributes only: boxes alike
    # (a page of 200,000 share bars and teasers has a few kinds) are read once
    alike: dict[tuple, list] = {}
    kinds: list[list] = []  # per candidate: [parts, its rule (unasked: _UNASKED)]
    for elem in candidates:
        key = (elem.tag, tuple(elem.items()))
        kind = alike.get(key)
        if kind is None:
            kind = alike[key] = [_attr_parts(elem), _UNASKED]
        kinds.append(kind)
        parts = parts_of[elem] = kind[0]
        if (parts and parts & rules.content_parts) or (elem.get("itemprop") or "").lower() == "articlebody":
            marked.append(elem)
    marked.extend(body.iter("article", "main"))
    for elem in marked:
        protected.add(elem)
        protected.update(elem.iterancestors())
    # The story's own markup, holding a good share of the prose: a sidebar beside it is not the
    # story however much text its live feed holds.
    # (the innermost such elements: a "main-content" wrapper around story and sidebar says nothing)
    story = [e for e in marked if prose(e) >= MIN_MARKED_STORY_SHARE * prose_total] if prose_total else []
    around = {a for e in story for a in e.iterancestors()}
    story = [e for e in story if e not in around]

    def beside_story(elem: etree._Element) -> bool:
        # neither inside the story nor around it (the story's ancestors are protected anyway)
        ancestors = set(elem.iterancestors())
        return bool(story) and all(e is not elem and e not in ancestors for e in story)

    hidden_rule = matcher.hidden_rule
    # each with its text when it was read already
    doomed: list[tuple[etree._Element, TreeRule, str | None]] = []
    dead: set[etree._Element] = set()
    # candidates that stay, none of their ancestors doomed: a walk up from a later candidate that
    # meets one of them can stop there (its ancestors were all decided before it)
    standing: set[etree._Element] = set()

    def in_dead_box(elem: etree._Element) -> bool:
        for a in elem.iterancestors():
            if a in dead:
                return True
            if a in standing:
                return False
        return False

    for elem, kind in zip(candidates, kinds):
        # candidates come in document order: a box's insides come after the box, and go with it
        if dead and in_dead_box(elem):
            continue
        standing.add(elem)
        if hidden_rule is not None and _is_hidden(elem):
            # Hidden is hidden, article-body class or not; but a collapsed "show more" section
            # full of prose is part of the story.
            if prose(elem) <= 300:
                doomed.append((elem, hidden_rule, None))
                dead.add(elem)
                standing.discard(elem)
            continue
        if elem in protected:
            continue
        rule = kind[1]
        if rule is _UNASKED:
            rule = kind[1] = matcher.match(elem, kind[0])
        if rule is None:
            continue
        if elem.tag not in _BLOCK_TAGS and _in_sentence(elem):
            continue
        text = _text_of(elem)
        length = len(text)
        if length > 0.4 * total and not (rule.name == "sidebar" and beside_story(elem)):
            continue
        if rule is hidden_rule and prose(elem) > 300:
            continue  # class="hideOnInit", "collapsed": the rest of the story behind a button
        if rule.group == "related" and prose(elem) > 0.5 * prose_total:
            continue  # id="read-more" around the rest of the story: links are never most of the prose
        if rule.group == "media" and length > 400:
            continue  # a caption is a line or two; a box that long only has "caption" in its class
        if rule.group == "share" and (prose(elem) > 300 or elem.tag == "blockquote" or elem.find(".//blockquote") is not None):
            # share bars hold buttons; id="sharing-with-a-single-developer" is a section, and
            # <blockquote class="twitter-tweet"> (or a "social-media-embed" around one) a post
            # the story quotes
            continue
        doomed.append((elem, rule, text))
        dead.add(elem)
        standing.discard(elem)
    for elem, rule, text in doomed:
        # whitespace runs as one space (str.split and _WS agree on what whitespace is)
        text = " ".join(text.split())[:SNIPPET_CHARS] if text is not None else text_start(elem, SNIPPET_CHARS)
        if text:
            removed.append(Removal(rule.name, rule.group, text, _describe(elem)))
        if pruned is not None and elem.tag in _BLOCK_TAGS:
            pruned[elem] = rule.group  # left in place, for the block model to weigh
        else:
            _drop(elem)


#: A rule not yet asked for (prune's memo of the rule boxes alike answer to).
_UNASKED = object()

#: How much of a removed box's text its Removal record quotes.
SNIPPET_CHARS = 200


def _in_sentence(elem: etree._Element) -> bool:
    """Whether an inline element stands inside a paragraph's running text."""
    block = elem.getparent()
    while block is not None and block.tag not in _BLOCK_TAGS:
        block = block.getparent()
    if block is None or block.tag != "p":
        return False
    around = len(_WS.sub("", "".join(block.itertext()))) - len(_WS.sub("", "".join(elem.itertext())))
    return around >= MIN_PROSE_AROUND_INLINE


#: Put into a block's text by segment() where "<br><br>" ends a paragraph; _tidy() turns it
#: into a blank line (a C0 control: the decoder has removed every one the page had).
_BR_BREAK = "\x1e"


def _tidy(text: str) -> str:
    """A block's text with its whitespace collapsed, paragraphs (see _BR_BREAK) apart by a
    blank line. Each substitution runs only when a cheap search says it has work to do: most
    text needs none, and pages can hold 100,000 blocks."""
    if text.isspace():
        # the whitespace between block tags (most of what segment() flushes): none is left
        # whatever the substitutions below would make of it, paragraph marks included
        return ""
    if (text.isprintable() and "  " not in text) or not _UNTIDY.search(text):
        # most text: nothing to do. (Printable text has no control character, line break or
        # whitespace but the space: two scans in C say so faster than the search.)
        return text.strip()
    if _BR_BREAK in text:
        return "\n\n".join(filter(None, map(_tidy, text.split(_BR_BREAK))))
    if _CONTROL.search(text):  # character references (&#8;) bring back what the decoder removed
        text = _CONTROL.sub("", text)
    if "  " in text or _ODD_WS.search(text):
        text = _INLINE_WS.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    return text.strip()


def segment(root: etree._Element, marked: dict[etree._Element, str] | None = None) -> list[Block]:
    """Split the tree into text blocks at block-level element boundaries. Blocks inside an
    element of `marked` (what prune would have removed) carry its rule group in `pruned`, and
    that element in `box`."""
    blocks: list[Block] = []
    buf: list[str] = []
    link_chars = 0
    time_chars = time_depth = 0  # text inside <time> elements, and how many are open
    # open block elements, each with its tag and the flags of its ancestry: (elem, tag, heading,
    # list item, quote, pre, pruned group, box)
    stack: list[tuple[etree._Element, str, bool, bool, bool, bool, str | None, etree._Element | None]] = []
    top = (root, root.tag, False, False, False, False, None, None)
    link_depth = 0
    open_links: list[str | None] = []
    first_href: str | None = None
    # a <br> with no text after it yet: a second one ends a paragraph ("<br><br>" is how many
    # sites, Korean and Chinese news among them, set paragraphs apart in one element)
    after_br = False

    def flush() -> None:
        nonlocal buf, link_chars, first_href, time_chars
        if buf:
            text = _tidy("".join(buf))
            if text:
                owner, tag, heading, list_item, quote, pre, pruned, box = stack[-1] if stack else top
                n = len(text)
                # Block's fields by position (a page can hold 100,000 blocks: keywords cost
                # twice as much), its source the text itself
                blocks.append(Block(text, owner, tag, link_chars if link_chars < n else n, heading, list_item, quote, pre,
                                    first_href if first_href is not None else (open_links[-1] if open_links else None),
                                    None, text, False, None, False, pruned, box))
                if time_chars:
                    blocks[-1].time_chars = time_chars if time_chars < n else n
        buf = []
        link_chars = time_chars = 0
        first_href = None

    for event, elem in etree.iterwalk(root, events=("start", "end")):
        tag = elem.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in _BLOCK_TAGS:
                if buf or first_href is not None:  # else flush has nothing to do
                    flush()
                _, _, heading, list_item, quote, pre, pruned, box = stack[-1] if stack else top
                if marked:
                    group = marked.get(elem)
                    if group:
                        pruned, box = group, elem
                if tag in _MARKING_TAGS:  # most block tags mark nothing: four look-ups spared
                    heading = heading or tag in _HEADINGS
                    list_item = list_item or tag in _LIST_ITEMS
                    quote = quote or tag == "blockquote"
                    pre = pre or tag == "pre"
                stack.append((elem, tag, heading, list_item, quote, pre, pruned, box))
            elif tag == "br":
                buf.append(_BR_BREAK if after_br else "\n")
                after_br = True
            elif tag == "a":
                link_depth += 1
                href = elem.get("href")
                open_links.append(href)
                if first_href is None and link_chars == 0:
                    first_href = href
            elif tag == "time":
                time_depth += 1
            text = elem.text
            if text:
                buf.append(text)
                if after_br and not text.isspace():
                    after_br = False
                if link_depth:
                    link_chars += len(text.strip())
                if time_depth:
                    time_chars += len(text.strip())
        else:
            if tag in _BLOCK_TAGS:
                if buf or first_href is not None:  # else flush has nothing to do
                    flush()
                if stack and stack[-1][0] is elem:
                    stack.pop()
            elif tag == "a":
                link_depth -= 1
                if open_links:
                    open_links.pop()
            elif tag == "time" and time_depth:
                time_depth -= 1
            tail = elem.tail
            if tail and elem is not root:
                buf.append(tail)
                if after_br and not tail.isspace():
                    after_br = False
                if link_depth:
                    link_chars += len(tail.strip())
                if time_depth:
                    time_chars += len(tail.strip())
    flush()
    return blocks


def _weight(block: Block) -> float:
    """How much a block looks like article prose (0 for labels, links and headings), by its
    reading length: a story in Japanese outweighs an English disclaimer of as many characters.
    (Remembered on the block with the text it was worked out for: the passes ask four or five
    times per block, and a page can have 600,000 of them.)"""
    text = block.text
    if len(text) < 25 and (len(text) < 9 or text.isascii()):
        return 0.0  # too short to weigh anything, in any script (reading_length: at most thrice len)
    memo = block.weighed
    if memo is not None and memo[0] is text and memo[1] == block.link_chars and memo[2] == block.heading:
        return memo[3]
    density = block.link_chars / len(text) if text else 0.0
    if block.heading or density > 0.33:
        w = 0.0
    else:
        n = reading_length(text)
        if n < 25:
            w = 0.0
        else:
            w = float(n)
            if text.rstrip()[-1:] not in _SENTENCE_END:
                w *= 0.5
            w *= 1.0 - density
    block.weighed = (text, block.link_chars, block.heading, w)
    return w


#: Share of the page's prose an <article>, <main> or article-body element must hold to count
#: as the story when deciding that a long sidebar beside it is not.
MIN_MARKED_STORY_SHARE = 0.25


def select_main(blocks: list[Block], body: etree._Element, share: float, spans: Spans | None = None) -> list[etree._Element]:
    """The article's region: the deepest element that still holds `share` of the page's prose,
    with those of its siblings that are prose too (a story split around an ad or a photo).
    (`spans`: these blocks' spans, when read already.)
    """
    scores: dict[etree._Element, float] = {}
    for block in blocks:
        w = _weight(block)
        if w:  # (each ancestor's weights are added in page order: the sums are the same floats)
            elem = block.elem
            while elem is not None:
                scores[elem] = scores.get(elem, 0.0) + w
                if elem is body:
                    break
                elem = elem.getparent()
    chars = _BlockChars(blocks, body, spans)
    total = scores.get(body, 0.0)
    if not total:
        return [body]
    node = body
    while True:
        best, best_score = None, 0.0
        for child in node:
            s = scores.get(child, 0.0)
            if s > best_score:
                best, best_score = child, s
        if best is None or best_score < share * total:
            break
        node = best
    parent = node.getparent()
    if node is body or parent is None:
        return [node]
    def prose_through(elem: etree._Element) -> bool:
        # prose through and through: most of its text is weighted sentences, not labels or links
        s = scores.get(elem, 0.0)
        return s >= max(0.05 * total, 100.0) and s >= 0.6 * (chars[elem] or 1)

    # The story's first paragraphs loose beside a box that holds the rest ("read more" sections,
    # a second page): each paragraph is small, but together they are prose.
    siblings = list(parent)
    at = siblings.index(node)
    lead: set[etree._Element] = set()
    for side in (reversed(siblings[:at]), siblings[at + 1:]):
        run = []
        for sibling in side:
            if not chars[sibling]:
                continue  # an image, an ad slot emptied by the rules
            if sibling.tag != "p" or scores.get(sibling, 0.0) < 0.6 * chars[sibling]:
                break
            run.append(sibling)
        if sum(scores.get(e, 0.0) for e in run) >= max(0.05 * total, 100.0):
            lead.update(run)
    region = [sibling for sibling in siblings if sibling is node or sibling in lead or prose_through(sibling)]
    # A story split into several wrappers around ads ("story-body-1", "story-body-2"): while the
    # region's parent is only a wrapper (it holds no other prose), look beside the wrapper for
    # prose in paragraphs of the story's own class (a classless <p> says nothing: no look).
    classes = Counter(p.get("class") for e in region for p in e.iter("p") if p.get("class"))
    story_class = classes.most_common(1)[0][0] if classes else None
    wrapper = parent
    for _ in range(MAX_WRAPPER_LEVELS if story_class else 0):
        outer = wrapper.getparent()
        held = sum(scores.get(e, 0.0) for e in region)
        if wrapper is body or outer is None or scores.get(wrapper, 0.0) > 1.05 * held:
            break
        before: list[etree._Element] = []
        after: list[etree._Element] = []
        side = before
        for sibling in outer:
            if sibling is wrapper:
                side = after
            elif prose_through(sibling) and any(p.get("class") == story_class for p in sibling.iter("p")):
                side.append(_densest(sibling, scores, share))
        region = before + region + after
        wrapper = outer
    return region


class _BlockChars:
    """`chars[elem]`: the characters of the blocks inside an element (0: none). Asked of a few
    elements beside the region only: with `spans` (these blocks'), a block element's are the sum
    of its blocks' from the first to the last (every block between has its text inside it), read
    from running sums; else, and for an inline element holding blocks, every element's are
    summed up the tree once."""

    __slots__ = ("blocks", "body", "spans", "sums", "totals")

    def __init__(self, blocks: list[Block], body: etree._Element, spans: Spans | None = None) -> None:
        self.blocks, self.body, self.spans = blocks, body, spans
        self.sums: list[int] | None = None  # characters of the blocks before each index
        self.totals: dict[etree._Element, int] | None = None

    def __getitem__(self, elem: etree._Element) -> int:
        if self.spans is not None:
            first = self.spans.first.get(elem)
            if first is None:
                return 0  # no block inside
            if elem.tag in _BLOCK_TAGS:
                if self.sums is None:
                    self.sums = list(accumulate((len(b.text) for b in self.blocks), initial=0))
                return self.sums[self.spans.last[elem] + 1] - self.sums[first]
        if self.totals is None:
            own: dict[etree._Element, int] = {}
            for block in self.blocks:
                own[block.elem] = own.get(block.elem, 0) + len(block.text)
            self.totals = _totals(own, self.body)
        return self.totals.get(elem, 0)


def _totals(own: dict[etree._Element, int], top: etree._Element) -> dict[etree._Element, int]:
    """Per element up to `top`, its own count and those of all elements inside it. Counts go up
    one level at a time, summed per parent (the cells of a row, the items of a list share one
    walk above their parent), not one walk up from each element."""
    totals: dict[etree._Element, int] = {}
    level = own
    while level:
        above: dict[etree._Element, int] = {}
        for elem, n in level.items():
            totals[elem] = totals.get(elem, 0) + n
            if elem is not top:
                parent = elem.getparent()
                if parent is not None:
                    above[parent] = above.get(parent, 0) + n
        level = above
    return totals


#: How many wrapper levels above the article's region select_main looks beside.
MAX_WRAPPER_LEVELS = 2


def _densest(elem: etree._Element, scores: dict[etree._Element, float], share: float) -> etree._Element:
    """The deepest descendant that still holds `share` of the element's prose."""
    total = scores.get(elem, 0.0)
    while True:
        best = max((c for c in elem if scores.get(c, 0.0) >= share * total), key=lambda c: scores.get(c, 0.0), default=None)
        if best is None:
            return elem
        elem = best


class Spans:
    """For every element holding text, the first and last index of its blocks: `spans[elem]`
    and `spans.get(elem, default)` give the pair. (The passes ask about few elements; the pairs
    are made when asked, not for each of the million elements of a big page.)"""

    __slots__ = ("first", "last")

    def __init__(self, first: dict[etree._Element, int], last: dict[etree._Element, int]) -> None:
        self.first, self.last = first, last

    def __getitem__(self, elem: etree._Element) -> tuple[int, int]:
        return self.first[elem], self.last[elem]

    def get(self, elem: etree._Element, default: tuple[int, int] | None = None) -> tuple[int, int] | None:
        i = self.first.get(elem)
        return default if i is None else (i, self.last[elem])


def _spans(blocks: list[Block]) -> Spans:
    """For every element holding text, the first and last index of its blocks. (Blocks come in
    page order: a walk up from a block stops at the first element an earlier block reached,
    whose ancestors that block reached too; the last indexes likewise, from the end.)"""
    first: dict[etree._Element, int] = {}
    for i, block in enumerate(blocks):
        elem = block.elem
        while elem is not None and elem not in first:
            first[elem] = i
            elem = elem.getparent()
    last: dict[etree._Element, int] = {}
    for i in range(len(blocks) - 1, -1, -1):
        elem = blocks[i].elem
        while elem is not None and elem not in last:
            last[elem] = i
            elem = elem.getparent()
    return Spans(first, last)


def _same_site(href: str | None, host: str | None) -> bool:
    """A link to another page of this site (relative, or absolute on the same host)."""
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    if href.startswith(("http://", "https://", "//")):
        link_host = host_of(href if not href.startswith("//") else "http:" + href) or ""
        return bool(host) and link_host.removeprefix("www.") == host.removeprefix("www.")
    return True


def drop_teaser_lists(blocks: list[Block], host: str | None, removed: list[Removal],
                      spans: Spans | None = None, skip: set[int] | None = None) -> list[Block]:
    """Remove lists of story teasers: three or more sibling boxes, each a linked headline to
    another page of the site with at most a short excerpt, byline or date under it.

    Related-story rails and "more news" strips often carry excerpts long enough to look like
    prose; their shape, a linked title heading each item, gives them away. Lists whose titles
    link to other sites (shopping picks, sources) are not teasers and stay, nor do the blocks in
    `skip` (the cells of a long table of data) head one.
    """
    if len(blocks) < 3:
        return blocks
    # (Block.link_density written out: a property costs a call per block)
    titles = [
        (b.link_chars / len(b.text) if b.text else 0.0) >= 0.8 and 12 <= len(b.text) <= 200 and "\n" not in b.text
        and _same_site(b.href, host)
        for b in blocks
    ]
    for i in skip or ():  # the cells of a long table of data: its rows are data, not teasers
        titles[i] = False
    if sum(titles) < 3:
        return blocks
    if spans is None:
        spans = _spans(blocks)
    title_prefix = list(accumulate(titles, initial=0))
    items_by_parent: dict[etree._Element, list[etree._Element]] = {}
    firsts, lasts = spans.first, spans.last  # (the dicts themselves: a call less per element)
    for i, is_title in enumerate(titles):
        if not is_title:
            continue
        item = blocks[i].elem
        elem = item
        while elem is not None and elem.tag != "body":
            if firsts.get(elem) != i or title_prefix[lasts[elem] + 1] - title_prefix[i] != 1:
                break
            item = elem
            elem = elem.getparent()
        first, last = firsts[item], lasts[item]
        excerpt = sum(len(b.text) for b in blocks[first + 1 : last + 1])
        if item.tag == "tr" and sum(1 for c in item if c.tag in ("td", "th")) >= 3:
            continue  # a row of a table of data: a linked name, then its year, notes, figures
        if excerpt <= 600 and item.getparent() is not None:
            items_by_parent.setdefault(item.getparent(), []).append(item)
    dead = [False] * len(blocks)
    for parent, items in items_by_parent.items():
        if len(items) < 3:
            continue
        for item in items:
            first, last = spans[item]
            removed.append(Removal("teaser-list", "related", " ".join(b.text for b in blocks[first : last + 1])[:200], _describe(item)))
            for k in range(first, last + 1):
                dead[k] = True
                blocks[k].dropped_by = "teaser-list"
    return [b for b, d in zip(blocks, dead) if not d]


def drop_announced_sections(blocks: list[Block], matcher: PhraseMatcher | PageMatcher, removed: list[Removal],
                            spans: Spans | None = None, skip: set[int] | None = None) -> list[Block]:
    """Remove boxes that open with "Related stories", "Comments" and the like, whole.

    The box is the largest element whose first text is the announcer and which holds less than
    half of the page's prose, so an announcer can never take the article with it. Blocks in
    `skip` (the cells of a long table of data) announce nothing.
    """
    if not blocks:
        return blocks
    if spans is None:
        spans = _spans(blocks)
    prefix = list(accumulate(map(_weight, blocks), initial=0.0))
    total = prefix[-1] or 1.0
    dead = [False] * len(blocks)
    firsts, lasts = spans.first, spans.last
    for i, block in enumerate(blocks):
        if dead[i] or "\n" in block.text or (skip is not None and i in skip):
            continue
        # the box first, the phrase rules only where there is one: most blocks open no
        # element that holds more than themselves (the second item of a list, a row's cells)
        box = None
        elem = block.elem
        last = i
        while elem is not None and firsts.get(elem) == i:
            end = lasts[elem]  # (its first block is this one)
            if prefix[end + 1] - prefix[i] >= 0.5 * total:
                break
            box, last = elem, end
            elem = elem.getparent()
        if box is None:
            continue
        first = i
        if last == first:  # the announcer alone: the line filter handles it with what follows
            continue
        rule = matcher.match(block.text)
        if rule is None or rule.group not in ("related", "comments", "newsletter"):
            continue
        text = " ".join(b.text for b in blocks[first : last + 1])
        removed.append(Removal(rule.name, rule.group, text[:200], _describe(box)))
        for k in range(first, last + 1):
            dead[k] = True
            blocks[k].dropped_by = rule.name
            blocks[k].announced = True
    return [b for b, d in zip(blocks, dead) if not d]


class PageMatcher:
    """A phrase matcher for the passes over one page: it remembers every line it was asked about
    (the announced-sections pass and the line filter ask about the same lines, more of them on a
    big page than the shared matcher's bounded cache holds), and forgets them with the page."""

    def __init__(self, matcher: PhraseMatcher) -> None:
        self._ask = matcher.match
        self._seen: dict[str, PhraseRule | None] = {}
        self.rule_groups = matcher.rule_groups

    def match(self, line: str) -> PhraseRule | None:
        """The rule that names this whole line as cruft, or None (see PhraseMatcher.match)."""
        if len(line) > MAX_INLINE_LINK_CHARS:
            return None  # never one (and never worth remembering)
        try:
            return self._seen[line]
        except KeyError:
            rule = self._seen[line] = self._ask(line)
            return rule


def _cells_of_data_tables(blocks: list[Block], max_link_density: float,
                          row_tables: dict[etree._Element, etree._Element | None] | None = None) -> tuple[set[int], set[int]]:
    """Blocks in table cells of tables that hold data, not links: a table of films, results or
    prices links its names, but most of its text (years, notes, figures) is not links. A grid
    of links (a site map, a "more stories" table) has no such text. Returns those cells, and
    those of them in tables of MIN_LONG_TABLE_ROWS rows or more. (`row_tables` remembers each
    row's table between calls.)"""
    # per table: its cells' indexes, and [rows, characters, linked characters, the last row]
    tables: dict[etree._Element, tuple[list[int], list]] = {}
    above = {} if row_tables is None else row_tables  # per row: the table (one walk for its cells)
    for i, block in enumerate(blocks):
        if block.tag != "td" and block.tag != "th":
            continue
        row = block.elem.getparent()
        table = _row_table(row, above)
        if table is None:
            continue
        entry = tables.get(table)
        if entry is None:
            entry = tables[table] = ([], [0, 0, 0, None])
        entry[0].append(i)
        counts = entry[1]
        if row is not counts[3]:  # a row's cells come one after another
            counts[0] += 1
            counts[3] = row
        counts[1] += len(block.text)
        counts[2] += block.link_chars
    cells: set[int] = set()
    long_cells: set[int] = set()
    for members, (rows, text, links, _) in tables.values():
        if len(members) >= MIN_DATA_TABLE_CELLS and links < max_link_density * text:
            cells.update(members)
            if rows >= MIN_LONG_TABLE_ROWS:
                long_cells.update(members)
    return cells, long_cells


def _data_tables_of_rest(tables: tuple[set[int], set[int]], blocks: list[Block], rest: list[Block], max_link_density: float,
                         row_tables: dict[etree._Element, etree._Element | None]) -> tuple[set[int], set[int]]:
    """What `_cells_of_data_tables` says of `rest` (`blocks` with some taken out, in order), from
    `tables`, what it said of `blocks`: when no table cell was taken out every table's counts
    are as they were, and its cells are the same blocks, renumbered (a table of 600,000 cells is
    not read again); else it is asked again."""
    gone: list[int] = []  # indexes in `blocks` of those not in `rest`
    k = 0
    for i, block in enumerate(blocks):
        if k < len(rest) and rest[k] is block:
            k += 1
        else:
            gone.append(i)
    if not gone:
        return tables
    if any(blocks[i].tag in _CELLS for i in gone):
        return _cells_of_data_tables(rest, max_link_density, row_tables)
    before = np.asarray(gone)

    def renumbered(cells: set[int]) -> set[int]:
        at = np.fromiter(cells, dtype=np.int64, count=len(cells))
        return set((at - np.searchsorted(before, at)).tolist())

    return renumbered(tables[0]), renumbered(tables[1])


def _row_table(row: etree._Element | None, tables: dict[etree._Element, etree._Element | None]) -> etree._Element | None:
    """The table a row of cells is in (None: none), remembered in `tables` for the row's other cells."""
    if row is None:
        return None
    table = tables.get(row, False)
    if table is False:
        table = tables[row] = row if row.tag == "table" else next(row.iterancestors("table"), None)
    return table


#: Fewest cells a table needs before its linked cells count as data.
MIN_DATA_TABLE_CELLS = 6
#: Rows from which a table of data is read as one unit: its cells are data (names, years,
#: notes, figures), none of them a byline, the title, a line of cruft or an announcer, and they
#: are kept without each going through the line rules (a 20 MB table has 600,000 cells).
MIN_LONG_TABLE_ROWS = 1_000


def _is_time_stamp(block: Block, rules: RuleSet) -> bool:
    """Whether a block is a date line by its markup: short, and little of its text outside its
    <time> elements (rules.time_stamp_max_chars, time_stamp_max_other_chars)."""
    n = len(block.text)
    return n <= rules.time_stamp_max_chars and n - block.time_chars <= rules.time_stamp_max_other_chars


def filter_blocks(
    blocks: list[Block],
    rules: RuleSet,
    matcher: PhraseMatcher,
    removed: list[Removal],
    title: str | None = None,
    authors: list[str] | None = None,
    host: str | None = None,
    row_tables: dict[etree._Element, etree._Element | None] | None = None,
    data_tables: tuple[set[int], set[int]] | None = None,
) -> list[Block]:
    """Drop link lists, cruft lines, the title and byline above the story, announced titles.
    The cells of a long table of data (see MIN_LONG_TABLE_ROWS) stay as they are.
    (`data_tables`: what `_cells_of_data_tables` says of these blocks, when already asked.)"""
    kept: list[Block] = []
    line_filter = LineFilter(matcher)
    title_key = normalize_phrase(title) if title else None
    in_lead = True  # before the first paragraph of prose: where titles, bylines and dates sit
    prose_at = [i for i, b in enumerate(blocks) if _weight(b) >= 100]
    last_prose = prose_at[-1] if prose_at else -1
    data_cells, long_table_cells = data_tables or _cells_of_data_tables(blocks, rules.max_link_density, row_tables)
    for i, block in enumerate(blocks):
        text = block.text
        if long_table_cells and i in long_table_cells:
            line_filter.pending_titles = 0  # a table of data between an announcer and a title ends it
            block.dropped_by = None
            if in_lead and _weight(block) >= 100:
                in_lead = False
            kept.append(block)
            continue
        if in_lead and title_key and normalize_phrase(text) == title_key:
            removed.append(Removal("title", "metadata", text[:200], _describe(block.elem)))
            block.dropped_by = "title"
            continue
        if block.time_chars and _is_time_stamp(block, rules):
            # the dateline rule's kind of line, told by the markup rather than by its words
            removed.append(Removal("dateline", "metadata", text[:200], _describe(block.elem)))
            block.dropped_by = "dateline"
            continue
        # A list of links between two paragraphs of the story is the author's ("useful tools:");
        # link lists around the story are the site's.
        inner_list = block.list_item and not in_lead and i < last_prose
        # A heading linked to a place on the same page ("#id6": a permalink or a way back to the
        # contents) is the page's own section title, not a link away.
        own_heading = block.heading and not block.list_item and (block.href or "").startswith("#")
        # A heading linked to another site over a paragraph of the story: a listicle's item
        # ("Thumper ($20)" linked to the shop). Linked headings of the site's own stories are
        # teasers, whatever follows them.
        item_heading = (block.heading and not in_lead and i < last_prose and host is not None
                        and block.href is not None and block.href.startswith(("http://", "https://", "//"))
                        and not _same_site(block.href, host) and _weight(blocks[i + 1]) >= 100)
        kept_link = inner_list or own_heading or item_heading or i in data_cells
        if block.link_density >= rules.max_link_density and len(text) < 300 and not kept_link:
            phrase_rule = line_filter.check(text, linked=True, heading=block.heading)
            removed.append(Removal("link-list", "related", text[:200], _describe(block.elem)))
            # a link a phrase rule names ("Read also: <title>") is that rule's, whatever decides later
            block.dropped_by = phrase_rule or "link-list"
            continue
        lines = []
        for line in text.split("\n"):
            if not line:  # the blank line between two paragraphs of one block
                lines.append(line)
                continue
            rule_name = line_filter.check(line, linked=block.link_density > 0.5, heading=block.heading)
            if rule_name is None and in_lead and is_byline(line, authors):
                rule_name = "byline"
            if rule_name is not None:
                removed.append(Removal(rule_name, "text", line[:200], _describe(block.elem)))
                block.dropped_by = rule_name
            else:
                lines.append(line)
        if not any(lines):
            continue
        block.dropped_by = None
        if len(lines) < text.count("\n") + 1:
            block.text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
        if in_lead and _weight(block) >= 100:
            in_lead = False
        kept.append(block)
    return kept


def after_model_lines(blocks: list[Block], matcher: PhraseMatcher, removed: list[Removal]) -> list[Block]:
    """The blocks without the lines `matcher` names (the rule set's `after_model_rules`: lines no
    true text keeps, which no model reads), each named in `removed`; a block none of whose lines
    is left goes. Blocks that lose nothing are the same objects, in the same order. (The lines of
    all the blocks are asked together, `PhraseMatcher.match_read`: the line filter read them.)"""
    split = [block.text.split("\n") for block in blocks]
    named = iter(matcher.match_read([line for lines in split for line in lines]))
    out: list[Block] = []
    for block, lines in zip(blocks, split):
        rules = list(islice(named, len(lines)))  # (an empty line is named by no rule)
        if not any(rules):
            out.append(block)
            continue
        for line, rule in zip(lines, rules):
            if rule is not None:
                removed.append(Removal(rule.name, "text", line[:200], _describe(block.elem)))
        left = [line for line, rule in zip(lines, rules) if rule is None]
        if not any(left):
            block.dropped_by = next(r.name for r in rules if r is not None)
            continue
        block.text = _BLANK_LINES.sub("\n\n", "\n".join(left)).strip("\n")
        out.append(block)
    return out


#: The rule name of a kept block that says again what the kept block just before it said.
REPEAT_RULE = "repeated-block"


def repeated_blocks(blocks: list[Block], removed: list[Removal], min_chars: int) -> list[Block]:
    """The blocks without each one whose text, of `min_chars` characters or more, is the text of
    the block kept just before it (to the character, but for the space at its ends): a page that
    shows a paragraph twice in a row, a carousel's slide and its copy, a dictionary's example set
    for two layouts. The second goes, named REPEAT_RULE in `removed`. A repeat further on stays:
    a meal plan serves a dish on two days, a pull quote says a paragraph again (the true texts
    keep both; docs/cleaner.md, "A paragraph shown twice in a row"). Blocks that stay are the same
    objects, in the same order."""
    out: list[Block] = []
    last = None
    for block in blocks:
        text = block.text.strip()
        if text == last and len(text) >= min_chars:
            block.dropped_by = REPEAT_RULE
            removed.append(Removal(REPEAT_RULE, "text", text[:200], _describe(block.elem)))
            continue
        out.append(block)
        if text:
            last = text
    return out


def story_lead(blocks: list[Block], keep: Sequence[bool], chance: Sequence[float], weighed: Sequence[bool],
               threshold: float, rules: RuleSet | None = None) -> list[int]:
    """The blocks above the story's first kept paragraph that open it, to keep beside it: a
    standfirst or the first paragraphs a box of their own holds ("video-text", "summary"), which
    the rules removed with their box or left outside the region. From the first block both the
    rules and `keep` keep, a walk up the page takes each block the model weighed (`weighed`) at
    `threshold` or more, passes over what it did not weigh (the byline, the date, share buttons),
    captions (a caption rule's box, or a picture's box `rules` names) and short lines (list
    items too: "Bookmark", a comment count), and stops at the title, a heading or a list item of
    prose, or at prose the model does not take."""
    first = next((i for i, b in enumerate(blocks) if keep[i] and b.in_main and b.rule is None), None)
    lead: list[int] = []
    if first is None:
        return lead
    for i in range(first - 1, -1, -1):
        block = blocks[i]
        if block.rule == "title" or block.tag == "h1" or block.heading:
            break
        short = _weight(block) < MIN_LEAD_PROSE_WEIGHT
        if block.list_item and not short:
            break
        if keep[i] or not weighed[i] or block.pruned in LEAD_PASSED_GROUPS:
            continue
        if rules is not None and _in_picture_box(block.elem, rules):
            continue
        if short:
            continue  # a label, a count, a credit: no paragraph, whatever the model says
        if chance[i] < threshold or block.link_density > MAX_LEAD_LINK_DENSITY:
            break  # a paragraph the model does not take: what lies above it is not the story's start
        lead.append(i)
    return lead


#: A paragraph with links in it reads as a sentence of the story, not a link list, when it holds
#: at least this many links, this reading length, and this reading length outside its links (a
#: teaser's headline split into two links, or "👉 <a>Register here</a>!", has next to none)
#: (see linked_prose)
MIN_PROSE_LINKS = 2
MIN_LINKED_PROSE_LENGTH = 30
MIN_UNLINKED_LENGTH = 20


def linked_prose(block: Block) -> bool:
    """Whether a block the link-list rule removed is a sentence of prose with its links inside it
    ("The council <a>voted on Monday</a> to close the <a>old library</a>, <a>officials said</a>."):
    its element holds two links or more, its text outside them reads MIN_UNLINKED_LENGTH or more
    (Chinese and Japanese characters count thrice, as in `reading_length`), and it ends as a
    sentence ends. A list's item or a heading is no such sentence."""
    text = block.text.rstrip()
    if block.heading or block.list_item or text[-1:] not in _SENTENCE_END:
        return False
    length = reading_length(text)
    # the reading length of the text outside its links, as a share of the whole's
    if length < MIN_LINKED_PROSE_LENGTH or (len(text) - block.link_chars) * length < MIN_UNLINKED_LENGTH * len(text):
        return False
    return sum(1 for _ in block.elem.iter("a")) >= MIN_PROSE_LINKS


#: Elements that are a story's paragraph when nothing block-level stands inside them (many sites
#: set their paragraphs as bare <div>s).
_PARAGRAPH_TAGS = frozenset(("p", "div"))


def _is_paragraph(elem: etree._Element) -> bool:
    """Whether an element is one paragraph: a <p>, or a <div> of text and inline elements only."""
    return elem.tag == "p" or (elem.tag in _PARAGRAPH_TAGS
                               and not any(e.tag in _BLOCK_TAGS for e in elem.iterdescendants()))


def paragraphs_beside(main: etree._Element | None, blocks: list[Block]) -> list[int]:
    """The blocks of the paragraphs beside a main region that is itself one paragraph, to keep
    with it: on a story of two or three paragraphs one of which holds most of its words, that one
    is the region (`select_main`), and a short one beside it (a closing sentence, a one-line lead)
    fell outside it. Its sibling paragraphs count, on each side up to the first sibling that is no
    paragraph (one that shows no text, an emptied slot or a comment, is passed over)."""
    if main is None or main.getparent() is None or not _is_paragraph(main):
        return []
    siblings = list(main.getparent())
    at = siblings.index(main)
    beside: set[etree._Element] = set()
    for side in (reversed(siblings[:at]), siblings[at + 1:]):
        for sibling in side:
            if not isinstance(sibling.tag, str):
                continue  # a comment, a processing instruction
            if _is_paragraph(sibling):
                beside.add(sibling)
            elif text_start(sibling, 1):
                break
    if not beside:
        return []
    return [i for i, b in enumerate(blocks) if b.elem in beside]


#: A story a page declares (its JSON-LD `articleBody`) shorter than this share of the text kept
#: is a teaser of it or its first section, and says nothing of the blocks around it (on the
#: development corpora any cut from a fifth to two thirds decides alike: docs/cleaner.md).
MIN_DECLARED_SHARE = 0.5
#: Share of a block's word 4-grams in the declared story for the block to show it (a block of
#: fewer words shows it when they stand in it in a row).
SHOWS_DECLARED = 0.5
#: Most characters of a declared story read (a story runs to some tens of thousands; what a page
#: declares beyond this, hostile or broken, is not read into memory as word 4-grams).
MAX_DECLARED_CHARS = 1_000_000


def _four_grams(words: list[str]) -> Iterator[tuple[str, str, str, str]]:
    return zip(words, words[1:], words[2:], words[3:])


def declared_gaps(blocks: list[Block], keep: Sequence[bool], declared: str) -> list[int]:
    """The kept blocks that the story a page declares leaves out, among the blocks that show it:
    a teaser list, a sign-up prompt, a subscription notice or a photo's caption the story's markup
    holds, which no word of the page's declared text (schema.org's `articleBody`, from the
    publisher's own store) has. Headings and lists of no links stay: many declared texts leave
    out the subheads and the story's bullets. Nothing when the declared text is much shorter than
    the text kept (MIN_DECLARED_SHARE) or no block shows it."""
    kept = [i for i, k in enumerate(keep) if k]
    if len(declared) < MIN_DECLARED_SHARE * sum(len(blocks[i].text) for i in kept):
        return []
    tokens = _WORD.findall(declared[:MAX_DECLARED_CHARS].casefold())
    grams = set(_four_grams(tokens))
    joined = f" {' '.join(tokens)} "

    def shows(block: Block) -> bool:
        words = _WORD.findall(block.source.casefold())
        if len(words) >= 4:
            found = sum(g in grams for g in _four_grams(words))
            return found >= SHOWS_DECLARED * (len(words) - 3)
        return bool(words) and f" {' '.join(words)} " in joined

    # the first and the last block of the page that show it (kept or not: a standfirst the rules
    # removed opens the story as well), each found by a walk from its end of the page
    first = next((i for i, b in enumerate(blocks) if shows(b)), None)
    if first is None:
        return []
    last = next(i for i in range(len(blocks) - 1, first - 1, -1) if shows(blocks[i]))
    return [i for i in kept if first < i < last and not blocks[i].heading
            and not (blocks[i].list_item and not blocks[i].link_chars) and not shows(blocks[i])]


def _in_picture_box(elem: etree._Element, rules: RuleSet) -> bool:
    """Whether an element is, or lies close inside, a box holding a picture and its caption."""
    for level, e in enumerate((elem, *elem.iterancestors())):
        if level > PICTURE_BOX_LEVELS or e.tag in ("body", "html"):
            return False
        if e.tag in rules.picture_tags or _attr_parts(e) & rules.picture_parts:
            return True
    return False


#: How far up from a block the box of a picture may be ("div.image > div.caption > p").
PICTURE_BOX_LEVELS = 3
#: Share of a block's text in links above which it is no paragraph of the story's lead.
MAX_LEAD_LINK_DENSITY = 0.3
#: Weight (see _weight) of a paragraph of the story's lead: shorter lines (a label, a count, a
#: credit or a date the rules missed) are passed over, never taken.
MIN_LEAD_PROSE_WEIGHT = 60
#: Groups of tree rules whose boxes the walk up from the story passes over: a photo's caption
#: sits between the standfirst and the story on many pages, and stays out.
LEAD_PASSED_GROUPS = frozenset({"media"})


#: Reply links a box of boxes must hold, in as many of its children, to be a comment thread.
MIN_THREAD_REPLIES = 3


def drop_comment_threads(body: etree._Element, rules: RuleSet, removed: list[Removal]) -> None:
    """Remove comment threads found by their shape, whatever their class names: a box whose
    children (three or more) each hold a reply link or button ("Reply", "Antworten", "返信").
    Each such child goes whole, nested replies and all; a child holding 40% of the page's text
    never does (a story with its own reply link beside the comments stays)."""
    counts: dict[etree._Element, int] = {}
    labels = rules.reply_labels
    for control in body.iter("a", "button"):
        raw = control.text if len(control) == 0 else "".join(control.itertext())
        if not raw or len(raw) > 60:
            continue
        label = raw.strip().casefold()
        # decoration ("↩ Reply", "Reply »") only costs the full normalisation where it is there
        if label not in labels and not (label and label[0].isalnum() and label[-1].isalnum()):
            label = normalize_phrase(raw)
        if label not in labels:
            continue
        for elem in control.iterancestors():
            counts[elem] = counts.get(elem, 0) + 1
            if elem is body:
                break
    if len(counts) < MIN_THREAD_REPLIES:
        return
    threads = [e for e, n in counts.items() if n >= MIN_THREAD_REPLIES and sum(c in counts for c in e) >= MIN_THREAD_REPLIES]
    if not threads:
        return
    total = max(len("".join(body.itertext())), 1)
    # the outermost thread first: its top-level comments go whole, with the replies inside them
    threads.sort(key=lambda e: sum(1 for _ in e.iterancestors()))
    chosen: set[etree._Element] = set()
    doomed: list[etree._Element] = []
    for thread in threads:
        if any(a in chosen for a in thread.iterancestors()):
            continue
        for item in thread:
            if item in counts and len("".join(item.itertext())) <= 0.4 * total:
                chosen.add(item)
                doomed.append(item)
    for item in doomed:
        text = text_start(item, SNIPPET_CHARS)
        if text:
            removed.append(Removal("comment-thread", "comments", text, _describe(item)))
        _drop(item)


def extract_blocks(
    body: etree._Element,
    tree_matcher: TreeMatcher,
    matcher: PhraseMatcher,
    share: float = 0.75,
    title: str | None = None,
    authors: list[str] | None = None,
    host: str | None = None,
    annotate: bool = False,
    annotate_up_to: int | None = None,
) -> Extraction:
    """Run the tree layers on a page body (mutated) and return the article's blocks.

    With `annotate`, every block also says what the layers decided of it on its own (`in_main`,
    `rule`, `source`), outside the main region too: what the block model reads. A page of more
    than `annotate_up_to` blocks (one the block model does not weigh) skips the line pass
    outside the region: its blocks there keep the tree rule's group, or "outside-main"."""
    removed: list[Removal] = []
    rules = tree_matcher.rules
    matcher = PageMatcher(matcher)  # one answer per line of the page, whichever pass asks
    drop_comment_threads(body, rules, removed)
    marked: dict[etree._Element, str] | None = {} if annotate else None
    parts: dict[etree._Element, frozenset[str]] = {}
    prune(body, tree_matcher, removed, marked, parts)
    blocks = all_blocks = segment(body, marked)
    if marked:
        blocks = [b for b in blocks if b.pruned is None]
    spans = _spans(blocks)  # both passes read it, unless the first one removes blocks
    row_tables: dict[etree._Element, etree._Element | None] = {}
    tables = _cells_of_data_tables(blocks, rules.max_link_density, row_tables)
    teased = drop_teaser_lists(blocks, host, removed, spans, tables[1])
    if len(teased) != len(blocks):
        spans = None
        tables = _data_tables_of_rest(tables, blocks, teased, rules.max_link_density, row_tables)
    blocks = drop_announced_sections(teased, matcher, removed, spans, tables[1])
    # (the spans read before the teaser pass are these blocks' when neither pass removed any)
    if len(blocks) != len(teased):
        spans = None
    region = _whole_marked_body(select_main(blocks, body, share, spans), blocks, rules)
    main = region[0] if len(region) == 1 else common_ancestor(region)
    main_blocks = []
    within = _within_spans(region, spans, len(blocks)) if spans is not None else None
    if within is None:
        within = _within(blocks, region)
    for block, inside in zip(blocks, within):
        if inside:
            main_blocks.append(block)
            block.in_main = True
        else:
            removed.append(Removal("outside-main", "region", block.text[:200], _describe(block.elem)))
            block.dropped_by = "outside-main"
    # the region's blocks have the data tables just found, renumbered (unless a cell was left out)
    kept = filter_blocks(main_blocks, rules, matcher, removed, title, authors, host, row_tables,
                         _data_tables_of_rest(tables, teased, main_blocks, rules.max_link_density, row_tables))
    if annotate and (annotate_up_to is None or len(all_blocks) <= annotate_up_to):
        # what the line pass says of every block outside the region too, for the block model
        outside = [b for b in all_blocks if not b.in_main and b.dropped_by in (None, "outside-main")]
        filter_blocks(outside, rules, matcher, [], title, authors, host, row_tables)
    if annotate:
        for b in all_blocks:
            b.rule = None if b.dropped_by == "outside-main" else b.dropped_by
    return Extraction(kept, all_blocks, removed, main, parts)


def _within_spans(region: list[etree._Element], spans: Spans, count: int) -> list[bool] | None:
    """Per block (of `count`, those `spans` was read from), whether its element lies in one of
    the region's elements, from their spans: a block element's blocks are those from its first
    to its last (every block between has its text inside it, so its element, the innermost
    block element around that text, too). None when a region element is inline (a block
    between may belong to an element around it)."""
    if any(not isinstance(root.tag, str) or root.tag not in _BLOCK_TAGS for root in region):
        return None
    out = [False] * count
    for root in region:
        first, last = spans.get(root, (0, -1))
        out[first : last + 1] = [True] * (last + 1 - first)
    return out


def _within(blocks: list[Block], region: list[etree._Element]) -> list[bool]:
    """Per block, whether its element lies in one of the region's elements: a walk up from the
    element that stops at an element an earlier walk passed (a region's subtree can hold far
    more elements than the blocks' ancestors)."""
    roots = set(region)
    known: dict[etree._Element, bool] = {}
    out = []
    for block in blocks:
        elem = block.elem
        chain = []
        while elem is not None and elem not in known:
            if elem in roots:
                known[elem] = True
                break
            chain.append(elem)
            elem = elem.getparent()
        inside = elem is not None and known[elem]
        for e in chain:
            known[e] = inside
        out.append(inside)
    return out


#: Class parts of content wrappers too wide to stand for the story's body ("main-content" holds
#: the sidebar too on many sites).
WIDE_CONTENT_PARTS = frozenset({"main-content", "maincontent", "main", "content"})


def _whole_marked_body(region: list[etree._Element], blocks: list[Block], rules: RuleSet) -> list[etree._Element]:
    """The region with the paragraphs above it in the article body the page marks
    (itemprop="articleBody", an article-body class), when the region lies inside that body and
    holds most of its prose: the story's first paragraphs in a block of their own above the rest
    ("initial letter" blocks, a lead box) belong with it."""
    inner = region[0] if len(region) == 1 else common_ancestor(region)
    marked = None
    for elem in (inner, *inner.iterancestors()):
        if elem.tag in ("body", "html"):
            break
        parts = _attr_parts(elem)
        if (elem.get("itemprop") or "").lower() == "articlebody" or (parts & rules.content_parts) - WIDE_CONTENT_PARTS:
            marked = elem
            break
    if marked is None or marked is inner:
        return region
    inside = {e for root in region for e in root.iter()}
    order = {e: i for i, e in enumerate(marked.iter())}  # the marked body's elements, in page order
    held = total = 0.0
    outside: list[etree._Element] = []
    for block in blocks:
        w = _weight(block)
        if w and block.elem in order:
            total += w
            if block.elem in inside:
                held += w
            elif not held and w >= MIN_PARAGRAPH_WEIGHT and block.elem not in outside:
                outside.append(block.elem)  # above the region only: below it, bios and notes
    if not outside or held < MIN_HELD_OF_MARKED * total:
        return region
    return sorted(region + outside, key=order.__getitem__)


#: Share of the marked article body's prose the region must already hold to grow to all of it.
MIN_HELD_OF_MARKED = 0.6
#: Weight (see _weight) of a block outside the region that is a paragraph of the story: a
#: sentence or two of prose, not a one-line standfirst or a note.
MIN_PARAGRAPH_WEIGHT = 150


def common_ancestor(elems: list[etree._Element]) -> etree._Element:
    """The deepest element that is, or is an ancestor of, every one of the elements (of one
    tree): for each, the first of its ancestors on the first element's path, the deepest of
    those found. (Elements of another tree are passed over.)"""
    path = [elems[0], *elems[0].iterancestors()]
    place = {e: i for i, e in enumerate(path)}
    at = 0
    # per parent, the first of its ancestors on the path (the cells of a row, the items of a
    # list share it: one walk up for all of them)
    above: dict[etree._Element, int | None] = {}
    for elem in elems[1:]:
        i = place.get(elem)
        if i is None:
            parent = elem.getparent()
            if parent is None:
                continue
            if parent in above:
                i = above[parent]
            else:
                i = above[parent] = next((place[a] for a in chained((parent,), parent.iterancestors()) if a in place), None)
        if i is not None:
            at = max(at, i)
    return path[at]


# A line break between two wide characters of Chinese or Japanese (Han, kana, their punctuation
# and full-width forms): text wrapped at a fixed width, where a space would part a word (CSS
# Text's segment-break rule; Korean, which spaces its words, keeps the space).
_WIDE = r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]"
_WIDE_BREAK = re.compile(f"(?<={_WIDE})\n(?={_WIDE})")
_WIDE_CHAR = re.compile(_WIDE)
_WIDE_CHARS = re.compile(f"{_WIDE}+")
# A line break beside a wide character (a blank after it aside); it starts with the break, so the
# scan goes from line break to line break.
_WIDE_EDGES = re.compile(f"\n(?:(?<={_WIDE}\n)|(?=[ \\t\u3000]*{_WIDE}))")
# The letters of Chinese and Japanese (Han, kana), written without spaces between words.
_WIDE_LETTERS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDE_LETTER = re.compile(f"[{_WIDE_LETTERS}]")
#: _WIDE_LETTERS' ranges as (first, last) code points, all in the BMP: one UTF-16 code unit each.
_WIDE_LETTER_UNITS = tuple((ord(_WIDE_LETTERS[i]), ord(_WIDE_LETTERS[i + 2])) for i in range(0, len(_WIDE_LETTERS), 3))


def holds_wide_letters(units: np.ndarray) -> bool:
    """Whether a text, given as its UTF-16 code `units`, holds a letter of Chinese or Japanese
    (`join_spaced_runs`'s letters, _WIDE_LETTER): the units' largest, in NumPy, a tenth of the
    time of a regex's scan of a long text in other scripts; the ranges are read only when it is
    large enough."""
    if int(units.max(initial=0)) < _WIDE_LETTER_UNITS[0][0]:
        return False  # (a text of Latin, Greek, Cyrillic, Arabic... letters and signs: most texts)
    # (a unit less the range's low end, wrapped round as NumPy's unsigned units do, is within the
    # range's width only for a unit of the range)
    return any(bool(((units - np.uint16(low)) <= np.uint16(high - low)).any()) for low, high in _WIDE_LETTER_UNITS)


#: Most characters of a run set apart that `join_spaced_runs` joins again: a name or a term, not a
#: clause (a Chinese text may part its clauses with spaces, as its author wrote them).
MAX_SPACED_RUN = 10
# The space before a short run of those letters that has a space after it too, between two wide
# characters; the run is group 1, looked at, not taken, so that runs side by side ("の 日本
# バレーボール 協会") are each found.
_SPACED_RUN = re.compile(f"(?<={_WIDE}) (?=([{_WIDE_LETTERS}]{{1,{MAX_SPACED_RUN}}}) {_WIDE})")
# Such a run set apart at a line's start, in a line of prose (it ends a sentence): the space after
# a link's text that opens a paragraph ("ゴルフ 界も対岸の火事ではない。"). A headline's parts, which
# end no sentence, stay apart ("港町の商店街 空き店舗に若者の店が相次ぎ開業").
_SPACED_LEAD = re.compile(f"^([{_WIDE_LETTERS}]{{1,{MAX_SPACED_RUN}}}) (?={_WIDE}[^\n]*[。！？]$)", re.MULTILINE)


def join_spaced_runs(text: str) -> str:
    """Chinese or Japanese text with each short run of its letters that stands between two spaces
    inside it joined to it again: the spaces an extractor writes about a link's text ("元タレントの
    中居正広 氏（52）の 女性 トラブル" for "元タレントの中居正広氏（52）の女性トラブル"), which the
    language does not write and which part its words (as a line break between wide characters
    parts none, `_WIDE_BREAK`). So is such a run at a line's start with a space after it, in a
    line that ends a sentence ("ゴルフ 界も対岸の火事ではない。": a link opened the paragraph); a
    headline's parts stay apart. A space between two longer runs stays (a Chinese text may part
    its clauses so), and so does every space of other text; no run is joined across a line break.

    >>> join_spaced_runs("フジと関係の深い 日本 バレーボール 協会も対応を検討している。")
    'フジと関係の深い日本バレーボール協会も対応を検討している。'
    """
    if text.isascii() or " " not in text or _WIDE_LETTER.search(text) is None:
        return text  # (one scan in C tells the text that has no such letter)
    spaces = sorted({at for found in _SPACED_RUN.finditer(text) for at in (found.start(), found.end(1))})
    if spaces:
        text = "".join(text[start + 1 : end] for start, end in zip([-1, *spaces], [*spaces, len(text)]))
    return _SPACED_LEAD.sub(r"\1", text)


# A comma or stop of Chinese or Japanese: a line of prose holds one.
_WIDE_PAUSE = re.compile("[，、。；：！？]")


def _one_line(paragraph: str) -> str:
    if "\n" not in paragraph:
        return paragraph
    if not paragraph.isascii():
        paragraph = _WIDE_BREAK.sub("", paragraph)
    return paragraph.replace("\n", " ")


def paragraphs(text: str) -> list[str]:
    """A block's paragraphs, each on one line: a blank line parts them ("<br><br>" in the
    page), a single line break ("<br>", or a line of the page's source) is a space (nothing
    between two wide characters of Chinese or Japanese)."""
    if "\n\n" not in text:
        return [_one_line(text)]
    return [_one_line(p) for p in text.split("\n\n") if p]


#: Widest line of a text wrapped at a fixed width: text tools wrap at 70 to 80 columns (html2text,
#: pandoc, lynx, mail), some at 100 or 120.
MAX_WRAP_WIDTH = 132
#: Narrowest width read as a wrap width (under it, lines are labels and list items).
MIN_WRAP_WIDTH = 40
#: Share of a text's breaks at its width (the next word had no room) that must fall inside a
#: sentence for it to be read as wrapped.
MIN_WRAP_SHARE = 0.5


#: How far under the wrap width most lines of a wrapped text end (a line ends where the next word
#: had no room), read where a few lines run past any wrap width.
WRAP_SPREAD = 12
#: Where a few lines run past any wrap width, fewest lines at the width, and fewest breaks inside a
#: sentence there, for the text to read as wrapped.
MIN_LONG_LINE_WRAPS = 3

#: Narrowest wrap width of Chinese or Japanese text, in columns (a wide character two) or
#: characters: 30 wide characters a line (tools wrap such text at 72 to 80 columns, or at 70 to 80
#: characters, as Python's textwrap does); narrower, equal lines are labels and headlines.
MIN_WIDE_WRAP_COLUMNS = 60
#: How far under the wrap width a line of Chinese or Japanese may end and still be full: a wide
#: character that had no room, a closing mark kept off the next line's start, dashes and quotes
#: counted at either width (zh-cwced's wrapped dumps fill 68 to 76 columns at a width of 72 to 76).
WIDE_WRAP_SLACK = 4
#: Fewest breaks inside a sentence at the wrap width for Chinese or Japanese to read as wrapped.
MIN_WIDE_WRAPS = 3


# The start of a list's item ("+ Added ...", "- ", "• ", "2. "): a line of its own, whatever fits.
_LIST_MARK = re.compile(r"[-+*\u2022\u00b7\u2013\u2014\u25aa\u25ba]\s|\d{1,3}[.)]\s")
# Characters that show nothing, read past at a line's end (an editor's zero-width space).
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def unwrap(text: str) -> str:
    r"""A text wrapped at a fixed width with each paragraph on one line again; other text as it is.

    Wrapped: no line is longer than MAX_WRAP_WIDTH characters (or a few are, past any wrap, and
    most others of some length come up to the widest of the others: `_spaced_wraps`), and of its
    line breaks where the next line's first word would not have fitted on the line before within
    the text's widest line, half or more fall inside a sentence (what a wrapping tool leaves: a
    dump made with html2text or pandoc); a story of one sentence a line, each as long as the next,
    is none. There, each break
    where the next word had no room is a space, but after a sentence's end before a short line or
    before a list's item; a blank line and a line that had room for the next word still end a line.
    Chinese and Japanese, written without spaces, are read by their lines' widths instead
    (`_wide_wraps`): their breaks join without a space.

    >>> unwrap("The harbour reopened on Monday after two years of\nbuilding work, the mayor said.\n\nShare")
    'The harbour reopened on Monday after two years of building work, the mayor said.\n\nShare'
    """
    if "\n" not in text:
        return text
    lines = [line.strip() for line in text.split("\n")]
    wraps = _spaced_wraps(lines)
    # (a text of Chinese or Japanese wrapped has many breaks beside a wide character: one scan in C
    # tells the rest)
    wide = None if text.isascii() or len(_WIDE_EDGES.findall(text)) < MIN_WIDE_WRAPS else _wide_wraps(lines)
    if wraps is None and wide is None:
        return text
    if wraps is None or wide is None:
        wraps = wraps or wide
    else:
        wraps = [a or b for a, b in zip(wraps, wide)]
    out: list[str] = []
    run = [lines[0]]
    for line, wrapped in zip(lines[1:], wraps):
        if wrapped:
            run.append(line)
        else:
            out.append(_one_line("\n".join(run)))
            run = [line]
    out.append(_one_line("\n".join(run)))
    return "\n".join(out)


def _spaced_wraps(lines: list[str]) -> list[bool] | None:
    """Of each break between `lines`, whether it is a wrap in text whose words are spaced (None
    when the text does not read as wrapped, see `unwrap`). A break beside a wide character of
    Chinese or Japanese is none here: `_wide_wraps` reads those."""
    width = max(map(len, lines))
    fewest = 1  # breaks inside a sentence at the width
    if width > MAX_WRAP_WIDTH:
        # a few lines longer than any wrap (a list item or a table row the tool left whole, an
        # address): the width is the longest of the others, when most of those at least half as
        # long come up to it (a plain text's short lines spread over every length)
        lengths = [len(line) for line in lines if len(line) <= MAX_WRAP_WIDTH]
        width = max(lengths, default=0)
        long_ones = [n for n in lengths if 2 * n >= width]
        at_width = sum(1 for n in long_ones if n >= width - WRAP_SPREAD)
        if at_width < MIN_LONG_LINE_WRAPS or at_width < MIN_WRAP_SHARE * len(long_ones):
            return None
        fewest = MIN_LONG_LINE_WRAPS
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    full = [bool(a) and bool(b) and len(a) <= width and len(a) + 1 + len(b.split(None, 1)[0]) > width
            and not _LIST_MARK.match(b) and not (_WIDE_CHAR.match(a[-1]) or _WIDE_CHAR.match(b)) for a, b in zip(lines, lines[1:])]
    ends = [bool(a) and a.rstrip(_ZERO_WIDTH)[-1:] in _SENTENCE_END for a in lines]
    # the evidence: of the breaks where the next word had no room, those inside a sentence
    inside = sum(1 for f, end in zip(full, ends) if f and not end)
    if inside < fewest or inside < MIN_WRAP_SHARE * sum(full):
        return None
    # a sentence's end at the edge is a wrap too when a long line follows (more of the paragraph),
    # not before a short one ("Share" under the story's last line)
    return [f and (not end or 2 * len(b) >= width) for b, f, end in zip(lines[1:], full, ends)]


def columns(text: str) -> int:
    """The columns a text fills in a fixed-width layout: a wide character of Chinese or Japanese
    (Han, kana, their punctuation and full-width forms) fills two, any other one."""
    return len(text) if text.isascii() else len(text) + sum(map(len, _WIDE_CHARS.findall(text)))


def _wrap_width(widths: list[int], slack: int) -> int | None:
    """The width a wrapping tool filled most lines to: of the widths (each at least
    MIN_WIDE_WRAP_COLUMNS), the one with the most lines at it or up to `slack` narrower."""
    ordered = sorted(w for w in widths if w >= MIN_WIDE_WRAP_COLUMNS)
    if not ordered:
        return None
    return max(set(ordered), key=lambda w: (bisect_right(ordered, w) - bisect_left(ordered, w - slack), w))


def _wide_wraps(lines: list[str]) -> list[bool] | None:
    """Of each break between `lines`, whether it is a wrap in text of Chinese or Japanese (None
    when the text does not read as such a wrapped text).

    Without spaces between words, a wrapping tool breaks a line anywhere, so the break itself tells
    nothing; the lines' widths do. The text's wrap width is the one most lines of prose come up to
    (in columns, a wide character two, the tools' count, or in characters, Python's `textwrap`,
    which html2text uses), within WIDE_WRAP_SLACK of it (a wide character that had no room, a
    closing mark kept off a line's start, a dash or quote of either width). A break after a line at
    that width, beside a wide character, is a wrap. The evidence that the text is wrapped: of its
    lines at least half as wide as that, half or more are at it (a list's lines spread over every
    width, and some run past it); at least MIN_WIDE_WRAPS such breaks, half or more inside a
    sentence; and half or more of those lines prose (a comma or a stop within them, as a headline
    or a menu's line has not)."""
    best: tuple[int, list[bool]] | None = None
    for measure in (columns, len):
        widths = [measure(line) for line in lines]
        width = _wrap_width(widths, WIDE_WRAP_SLACK)
        if width is None:
            continue
        # most lines of a paragraph fill the width, and none runs past it: of the lines at least half
        # as wide, half or more are at it (lines of a list or a schedule spread over every width)
        at_width = sum(1 for w in widths if width - WIDE_WRAP_SLACK <= w <= width)
        if at_width < MIN_WRAP_SHARE * sum(1 for w in widths if 2 * w >= width):
            continue
        full = [bool(a) and bool(b) and width - WIDE_WRAP_SLACK <= w <= width
                and bool(_WIDE_CHAR.match(a[-1]) or _WIDE_CHAR.match(b)) and not _LIST_MARK.match(b)
                for a, b, w in zip(lines, lines[1:], widths)]
        at_edge = [a for a, f in zip(lines, full) if f]
        inside = [a for a in at_edge if a.rstrip(_ZERO_WIDTH)[-1:] not in _SENTENCE_END]
        prose = sum(1 for a in at_edge if _WIDE_PAUSE.search(a, 0, len(a) - 1))
        if (len(inside) < MIN_WIDE_WRAPS or len(inside) < MIN_WRAP_SHARE * len(at_edge)
                or prose < MIN_WRAP_SHARE * len(at_edge)):
            continue
        wraps = [f and (a.rstrip(_ZERO_WIDTH)[-1:] not in _SENTENCE_END or 2 * measure(b) >= width)
                 for a, b, f in zip(lines, lines[1:], full)]
        if best is None or sum(wraps) > best[0]:
            best = (sum(wraps), wraps)
    return None if best is None else best[1]


_CELLS = frozenset(("td", "th"))
_ROW_GROUPS = frozenset(("thead", "tbody", "tfoot"))


def table_of(elem: etree._Element) -> etree._Element | None:
    """The table a block's element is a cell of (or lies in a cell of), else None."""
    in_cell = elem.tag in _CELLS or elem.tag in ("tr", "table", "caption", "thead", "tbody", "tfoot")
    for ancestor in elem.iterancestors():
        if ancestor.tag in _CELLS:
            in_cell = True
        elif ancestor.tag == "table":
            return ancestor if in_cell else None
    return elem if elem.tag == "table" else None


def table_rows(table: etree._Element) -> list[list[tuple[str, str]]]:
    """The table's rows (not those of tables nested in its cells): (tag, text) of each cell."""
    rows = []
    for tr in table.iter("tr"):
        # its own row: under the table, or under its thead, tbody or tfoot (else walk up)
        parent = tr.getparent()
        if parent is not table and not (parent.tag in _ROW_GROUPS and parent.getparent() is table) and \
                next(tr.iterancestors("table"), None) is not table:
            continue
        # whitespace runs as one space (str.split and _WS agree on what whitespace is); a cell of
        # one text node read without an iterator
        cells = [(td.tag, " ".join((td.text or "" if len(td) == 0 else "".join(td.itertext())).split()))
                 for td in tr if td.tag in _CELLS]
        if any(text for _, text in cells):
            rows.append(cells)
    return rows


#: The blocks in order, a table's together, with the table's rows: (the table, its blocks, its
#: rows), or (None, [a block], None). Read once for the HTML and the Markdown of a page.
Layout = list[tuple["etree._Element | None", list[Block], "list[list[tuple[str, str]]] | None"]]


def table_layout(blocks: list[Block]) -> Layout:
    """`table_runs` of the blocks, with each table's `table_rows`."""
    return [(table, run, table_rows(table) if table is not None else None) for table, run in table_runs(blocks)]


def blocks_to_html(blocks: list[Block], layout: Layout | None = None) -> str:
    """A clean, semantic HTML fragment of the kept blocks: paragraphs, subheadings, lists
    (ordered where the page's are), quotes, preformatted text and tables. (`layout`: the
    blocks' `table_layout`, when it was read already.)"""
    out = lxml_html.Element("article")
    current_list = None
    current_owner = None
    for table, run, rows in layout if layout is not None else table_layout(blocks):
        if rows:
            current_list = None
            elem = etree.SubElement(out, "table")
            caption = table.find("caption")
            if caption is not None and "".join(caption.itertext()).strip():
                etree.SubElement(elem, "caption").text = _WS.sub(" ", "".join(caption.itertext())).strip()
            for row in rows:
                tr = etree.SubElement(elem, "tr")
                for tag, text in row:
                    etree.SubElement(tr, tag).text = text
            continue
        for block in run:
            current_list, current_owner = _add_html_block(out, block, current_list, current_owner)
    return lxml_html.tostring(out, encoding="unicode")


def _add_html_block(out: etree._Element, block: Block, current_list: etree._Element | None,
                    current_owner: etree._Element | None) -> tuple[etree._Element | None, etree._Element | None]:
    """Add one block to the fragment; give back the list it continues, and that list's owner."""
    if block.list_item:
        owner = next((a for a in block.elem.iterancestors() if a.tag in ("ul", "ol")), None)
        if current_list is None or owner is not current_owner:
            current_list = etree.SubElement(out, owner.tag if owner is not None else "ul")
            if owner is not None and owner.tag == "ol" and owner.get("start", "").isdigit():
                current_list.set("start", owner.get("start"))
            current_owner = owner
        etree.SubElement(current_list, "li").text = block.text
        return current_list, current_owner
    if block.heading:
        tag = block.tag if block.tag in _HEADINGS else "h2"
    elif block.pre:
        tag = "pre"
    elif block.quote:
        tag = "blockquote"
    else:
        tag = "p"
    for paragraph in paragraphs(block.text):
        etree.SubElement(out, tag).text = paragraph
    return None, None


def table_runs(blocks: list[Block]) -> Iterator[tuple[etree._Element | None, list[Block]]]:
    """The blocks in order, a table's together: (the table, its blocks), or (None, [a block])."""
    # a cell's table is that of the row it is in: one walk up per row, not per cell
    row_tables: dict[etree._Element, etree._Element | None] = {}

    def table_at(elem: etree._Element) -> etree._Element | None:
        return _row_table(elem.getparent(), row_tables) if elem.tag in _CELLS else table_of(elem)

    i = 0
    while i < len(blocks):
        table = table_at(blocks[i].elem)
        j = i + 1
        if table is not None:
            while j < len(blocks) and table_at(blocks[j].elem) is table:
                j += 1
        yield table, blocks[i:j]
        i = j
