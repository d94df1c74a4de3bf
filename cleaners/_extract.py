"""Find the article in a parsed page: prune by rules, split into blocks, pick the main region."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html as lxml_html

from ._result import Removal
from ._text import PhraseMatcher
from .rules import RuleSet, TreeRule

__all__ = ["Block", "Extraction", "extract_blocks"]

# Splits class/id tokens into parts: "shareBar__item-2" -> share, bar, item, 2.
_PART_SPLIT = re.compile(r"[-_:.\s]+|(?<=[a-z])(?=[A-Z])")
# Inline styles that hide an element.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Any whitespace run, collapsed to one space inside a block.
_WS = re.compile(r"\s+")
# Sentence punctuation in any script: marks running prose rather than labels.
_SENTENCE_END = re.compile(r"[.!?。！？…:;»”\"')]\s*$")

_BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "blockquote pre table thead tbody tfoot tr td th caption figure figcaption form fieldset "
    "address hr details summary center body html".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LIST_ITEMS = frozenset(("li", "dd", "dt"))


@dataclass
class Block:
    """A run of text between two block boundaries, with the element that holds it."""

    text: str
    elem: etree._Element
    tag: str
    link_chars: int = 0
    heading: bool = False
    list_item: bool = False
    quote: bool = False
    pre: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class Extraction:
    blocks: list[Block]
    removed: list[Removal] = field(default_factory=list)
    main: etree._Element | None = None
    total_chars: int = 0


def _parts(value: str) -> set[str]:
    """Class/id tokens lower-cased, with their parts and their hyphenless forms."""
    out: set[str] = set()
    for token in value.split():
        low = token.lower()
        out.add(low)
        pieces = [p.lower() for p in _PART_SPLIT.split(token) if p]
        out.update(pieces)
        if len(pieces) > 1:
            out.add("".join(pieces))
            out.add("-".join(pieces))
    return out


def _describe(elem: etree._Element) -> str:
    """A short CSS-like name for an element: tag#id.class."""
    desc = elem.tag if isinstance(elem.tag, str) else "?"
    if elem.get("id"):
        desc += "#" + elem.get("id").split()[0][:30]
    if elem.get("class"):
        desc += "." + ".".join(elem.get("class").split()[:2])[:40]
    return desc


def _drop(elem: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = elem.getparent()
    if parent is None:
        return
    if elem.tail:
        prev = elem.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + elem.tail
        else:
            parent.text = (parent.text or "") + elem.tail
    parent.remove(elem)


def _text_lengths(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of text under every element, computed in one pass."""
    lengths: dict[etree._Element, int] = {}
    for event, elem in etree.iterwalk(root, events=("end",)):
        n = len(elem.text or "")
        for child in elem:
            n += lengths.get(child, 0) + len(child.tail or "")
        lengths[elem] = n
    return lengths


def _match_tree_rule(elem: etree._Element, rules: tuple[TreeRule, ...]) -> TreeRule | None:
    tag = elem.tag
    parts: set[str] | None = None
    role = elem.get("role")
    for rule in rules:
        if tag in rule.tags or (role and role.lower() in rule.roles):
            return rule
        if rule.attrs and any((elem.get(a) or "").lower() == v and elem.get(a) is not None for a, v in rule.attrs):
            return rule
        if rule.parts:
            if parts is None:
                parts = _parts((elem.get("class") or "") + " " + (elem.get("id") or ""))
                if not parts:
                    parts = set()
            if parts & rule.parts:
                return rule
    return None


def prune(body: etree._Element, rules: RuleSet, removed: list[Removal]) -> None:
    """Drop junk tags and hidden elements, then every element a tree rule names."""
    for elem in list(body.iter()):
        tag = elem.tag
        if not isinstance(tag, str):  # comments, processing instructions
            _drop(elem)
            continue
        if tag in rules.junk_tags:
            _drop(elem)
        elif elem.get("hidden") is not None or _HIDDEN_STYLE.search(elem.get("style") or ""):
            removed.append(Removal("hidden", "hidden", _WS.sub(" ", elem.text_content()).strip()[:200], _describe(elem)))
            _drop(elem)

    lengths = _text_lengths(body)
    total = max(lengths.get(body, 0), 1)
    protected: set[etree._Element] = set()
    for elem in body.iter():
        if _parts((elem.get("class") or "") + " " + (elem.get("id") or "")) & rules.content_parts or (
            (elem.get("itemprop") or "").lower() == "articlebody"
        ):
            protected.add(elem)
            protected.update(elem.iterancestors())
    for elem in body.iter("article", "main"):
        protected.add(elem)
        protected.update(elem.iterancestors())

    doomed: list[tuple[etree._Element, TreeRule]] = []
    for elem in body.iter():
        if elem is body or elem in protected or not isinstance(elem.tag, str):
            continue
        rule = _match_tree_rule(elem, rules.tree_rules)
        if rule is None:
            continue
        # A rule may name a wrapper that holds the article ("page has-sidebar"): leave it.
        if lengths.get(elem, 0) > 0.4 * total:
            continue
        doomed.append((elem, rule))
    dead: set[etree._Element] = set()
    for elem, rule in doomed:
        if any(a in dead for a in elem.iterancestors()):
            continue
        dead.add(elem)
        text = _WS.sub(" ", elem.text_content()).strip()
        if text:
            removed.append(Removal(rule.name, rule.group, text[:200], _describe(elem)))
        _drop(elem)


def segment(root: etree._Element) -> list[Block]:
    """Split the tree into text blocks at block-level element boundaries."""
    blocks: list[Block] = []
    buf: list[str] = []
    link_chars = 0
    stack: list[etree._Element] = []
    link_depth = 0

    def flush() -> None:
        nonlocal buf, link_chars
        if buf:
            text = _WS.sub(" ", "".join(buf)).strip()
            if text:
                owner = stack[-1] if stack else root
                in_pre = any(e.tag == "pre" for e in stack)
                blocks.append(
                    Block(
                        text=text,
                        elem=owner,
                        tag=owner.tag,
                        link_chars=min(link_chars, len(text)),
                        heading=any(e.tag in _HEADINGS for e in stack),
                        list_item=any(e.tag in _LIST_ITEMS for e in stack),
                        quote=any(e.tag == "blockquote" for e in stack),
                        pre=in_pre,
                    )
                )
        buf = []
        link_chars = 0

    for event, elem in etree.iterwalk(root, events=("start", "end")):
        tag = elem.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
                stack.append(elem)
            elif tag == "br":
                buf.append("\n")
            elif tag == "a":
                link_depth += 1
            if elem.text:
                buf.append(elem.text)
                if link_depth:
                    link_chars += len(elem.text.strip())
        else:
            if tag in _BLOCK_TAGS:
                flush()
                if stack and stack[-1] is elem:
                    stack.pop()
            elif tag == "a":
                link_depth -= 1
            if elem.tail and elem is not root:
                buf.append(elem.tail)
                if link_depth:
                    link_chars += len(elem.tail.strip())
    flush()
    return blocks


def _weight(block: Block) -> float:
    """How much a block looks like article prose (0 for labels, links and headings)."""
    n = len(block.text)
    if block.heading or n < 25 or block.link_density > 0.33:
        return 0.0
    w = float(n)
    if not _SENTENCE_END.search(block.text):
        w *= 0.5
    return w * (1.0 - block.link_density)


def select_main(blocks: list[Block], body: etree._Element, share: float) -> etree._Element:
    """The deepest element that still holds `share` of the page's prose."""
    scores: dict[etree._Element, float] = {}
    for block in blocks:
        w = _weight(block)
        if not w:
            continue
        elem = block.elem
        while elem is not None:
            scores[elem] = scores.get(elem, 0.0) + w
            if elem is body:
                break
            elem = elem.getparent()
    total = scores.get(body, 0.0)
    if not total:
        return body
    node = body
    while True:
        best, best_score = None, 0.0
        for child in node:
            s = scores.get(child, 0.0)
            if s > best_score:
                best, best_score = child, s
        if best is None or best_score < share * total:
            return node
        node = best


def filter_blocks(blocks: list[Block], rules: RuleSet, matcher: PhraseMatcher, removed: list[Removal]) -> list[Block]:
    """Drop link lists, cruft phrases, and the story titles that announcers point to."""
    kept: list[Block] = []
    skip_titles = 0
    in_related_section = False
    for block in blocks:
        text = block.text
        rule = matcher.match(text)
        if rule is not None:
            removed.append(Removal(rule.name, rule.group, text[:200], _describe(block.elem)))
            if rule.announces_link:
                skip_titles = 2
                in_related_section = block.heading
            continue
        if block.link_density >= rules.max_link_density and len(text) < 300:
            removed.append(Removal("link-list", "related", text[:200], _describe(block.elem)))
            continue
        if skip_titles or in_related_section:
            title_like = len(text) <= 160 and (block.link_density > 0 or not _SENTENCE_END.search(text) or block.heading)
            if title_like:
                removed.append(Removal("link-announcer", "related", text[:200], _describe(block.elem)))
                skip_titles = max(skip_titles - 1, 0)
                continue
            skip_titles = 0
            in_related_section = False
        kept.append(block)
    return kept


def extract_blocks(body: etree._Element, rules: RuleSet, matcher: PhraseMatcher, share: float = 0.75) -> Extraction:
    """Run the tree layers on a page body (mutated) and return the article's blocks."""
    removed: list[Removal] = []
    prune(body, rules, removed)
    blocks = segment(body)
    total_chars = sum(len(b.text) for b in blocks)
    main = select_main(blocks, body, share)
    inside = set(main.iter())
    main_blocks = [b for b in blocks if b.elem in inside]
    kept = filter_blocks(main_blocks, rules, matcher, removed)
    return Extraction(kept, removed, main, total_chars)


def blocks_to_html(blocks: list[Block]) -> str:
    """A clean, semantic HTML fragment of the kept blocks."""
    out = lxml_html.Element("article")
    current_list = None
    for block in blocks:
        if block.list_item:
            if current_list is None:
                current_list = etree.SubElement(out, "ul")
            etree.SubElement(current_list, "li").text = block.text
            continue
        current_list = None
        if block.heading:
            tag = block.tag if block.tag in _HEADINGS else "h2"
        elif block.pre:
            tag = "pre"
        elif block.quote:
            tag = "blockquote"
        else:
            tag = "p"
        etree.SubElement(out, tag).text = block.text
    return lxml_html.tostring(out, encoding="unicode")
