"""The Cleaner: HTML page in, article out."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape, unescape

import numpy as np
from lxml import etree, html as lxml_html
from selectolax.lexbor import LexborHTMLParser

from collections.abc import Iterable, Mapping
from typing import Any

from ._decode import MOJIBAKE, decode_html, read_again, scalar_values, shows_text, trim_zero_width, without_controls
from ._embedded import embedded_body
from ._language import detect_language
from ._learn import Learned, Learner
from ._extract import (_CONTROL, Block, Extraction, TreeMatcher, _describe, after_model_lines, blocks_to_html, declared_gaps, extract_blocks,
                       filter_blocks, holds_wide_letters, join_spaced_runs, linked_prose, paragraphs, paragraphs_beside,
                       prune, repeated_blocks, segment, story_lead, table_layout)
from ._features import FEATURES, UNNAMED_OUTSIDE, block_features, box_kinds, model_input
from ._lines import MIN_COPY_CHARS, after_model_items, clean_lines_learned, default_lines_model, drop_cap_candidates, join_drop_caps
from ._markdown import blocks_to_markdown, read_dump
from ._model import BlockModel, default_listing_model, default_model
from ._pagetype import PageTypeModel, decide_page_type, default_pagetype_model, page_shape
from ._metadata import extract_metadata
from ._dates import DateModel, default_date_model
from ._title import TitleModel, default_title_model
from ._result import CleanerError, CleanResult, Removal
from ._text import PhraseMatcher, after_model_matcher, clean_lines
from .rules import DEFAULT_RULES, RuleSet
from ._urls import host_of, usable_url

__all__ = ["Cleaner", "CleanerOptions"]

logger = logging.getLogger(__name__)

# Control characters that break lxml/readability: everything below 0x20 but tab, LF, CR.
# Runs of 64 or more opening (or closing) tags in a row: nesting that deep is never layout, and
# libxml2 drops text nested deeper than its limit, so such runs are collapsed when it hits it.
_DEEP_OPEN = re.compile(r"(?:<[a-zA-Z][a-zA-Z0-9]{0,15}(?:\s[^<>]{0,200})?>\s*){64,}")
_DEEP_CLOSE = re.compile(r"(?:</[a-zA-Z][a-zA-Z0-9]{0,15}\s*>\s*){64,}")
# Paragraph breaks in plain text: a line break (with any blank lines after it).
_TEXT_PARAGRAPHS = re.compile(r"\n\s*")
# A document that is markup at all: a tag in its first kilobytes.
_HAS_TAG = re.compile(r"<\s*[a-zA-Z!?/]")
#: The removals of the block model's decision (a block it dropped that the rules kept, and one the
#: story the page declares leaves out): undone when the rules' or the listing model's text stands.
MODEL_RULES = ("block-model", "not-declared")
# Binary formats that are sometimes served as text/html.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"OggS", b"\x00\x00\x01\x00")

# A plain lxml parser, not lxml.html's: its elements skip lxml.html's per-element Python class
# lookup, which costs a third of the cleaning time on big pages.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
# The same parser for UTF-8 bytes. libxml2 reads a str in its storage's encoding (Latin-1, UTF-16
# or UTF-32 for any text beyond ASCII) through a converter that costs a sixth of the parse, and
# reads UTF-8 as it is: the same characters, the same tree (see _libxml2).
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
_FRAGMENT_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
# Pages whose tags libxml2 could not match are parsed again as a browser does (HTML5 tree
# building: Lexbor), then read back by libxml2 from Lexbor's well-formed markup. Lexbor's cost
# grows with the square of a page's depth and of a list's options, so a page larger or deeper
# than any real one stays as libxml2 built it (the corpora's largest page has 11,529 elements).
HTML5_MAX_ELEMENTS = 20_000
HTML5_MAX_DEPTH = 256
_TOO_DEEP = etree.XPath("boolean(" + "/*" * HTML5_MAX_DEPTH + ")")
_ELEMENTS = etree.XPath("count(//*)")


#: The renderings of an article `clean_html` can build besides its text.
OUTPUTS = frozenset({"html", "markdown"})


@dataclass(frozen=True)
class CleanerOptions:
    """How the cleaner decides; one frozen object instead of many keyword arguments."""

    rules: RuleSet = DEFAULT_RULES
    #: the main region is the deepest element holding this share of the page's prose
    main_share: float = 0.75
    #: below this many characters the tree result is distrusted and readability-lxml is asked
    min_text_chars: int = 250
    #: a listing page is one with at least this many linked teaser headlines and little prose
    #: (the rule when there is no page-type model)
    listing_min_teasers: int = 5
    #: the learned model that tells articles from listing pages (the one shipped in the package
    #: by default; None: hand-written rules decide)
    page_model: PageTypeModel | None = field(default_factory=default_pagetype_model)
    #: the learned model that picks the title among the page's candidates (the one shipped in the
    #: package by default; None: the rules alone decide)
    title_model: TitleModel | None = field(default_factory=default_title_model)
    #: the learned model that picks the publication day among the days the page states (the one
    #: shipped in the package by default; None: the rules alone decide)
    date_model: DateModel | None = field(default_factory=default_date_model)
    #: the learned model that keeps or drops each block, weighing what the rules said of it
    #: (the one shipped in the package by default; None: the rules alone decide)
    block_model: BlockModel | None = field(default_factory=default_model)
    #: the learned model that keeps or drops each block of a page the page type calls a listing,
    #: where the list's items are the content (the one shipped in the package by default; None:
    #: a listing is cleaned like an article)
    listing_model: BlockModel | None = field(default_factory=default_listing_model)
    #: the learned model that keeps or drops each line of plain text `clean_lines` kept (the one
    #: shipped in the package by default; None: `clean_lines` alone decides). A line the rules,
    #: the dump's template lines or `clean_lines`' passes remove goes whatever it says.
    line_model: BlockModel | None = field(default_factory=default_lines_model)
    #: whether the line model's record pass may empty a text that holds no article (what an
    #: extractor kept of a page whose story it missed: a consent notice, a product box, a headline
    #: and a teaser). False keeps whatever the line decisions keep: for dumps of briefs, a headline
    #: and one paragraph each, which the record pass reads as teasers.
    empty_records: bool = True
    #: every page is an article (a dump of known stories): `clean_html` cleans each as one, as
    #: with `article=True`, whatever the page-type model says of its shape (its chance is still given)
    all_articles: bool = False
    #: which renderings of the article `clean_html` builds besides its text: "html" (the kept
    #: blocks as clean HTML) and "markdown". A rendering left out stays "" in the result and costs
    #: nothing (together they are some 12% of a page's time); a crawl, `newsbot-clean` and
    #: `clean_bag` ask only for what they write.
    outputs: frozenset[str] = OUTPUTS

    def __post_init__(self) -> None:
        if isinstance(self.outputs, str):
            raise ValueError(f"outputs is a set of renderings (e.g. frozenset({{{self.outputs!r}}})), not a string")
        unknown = set(self.outputs) - OUTPUTS
        if unknown:
            raise ValueError(f"unknown outputs {sorted(unknown)}: choose among {sorted(OUTPUTS)}")
        object.__setattr__(self, "outputs", frozenset(self.outputs))


@dataclass
class Cleaner:
    """Cleans HTML pages and plain-text dumps with one set of options."""

    options: CleanerOptions = field(default_factory=CleanerOptions)

    #: what `learn` found in a dump (None until it is called)
    learned: Learned | None = None

    def __post_init__(self) -> None:
        self._matcher = PhraseMatcher(self.options.rules)
        # the lines no true text keeps, taken off what the models kept (no model reads them)
        self._after_matcher = after_model_matcher(self.options.rules)
        self._tree_matcher = TreeMatcher(self.options.rules, self._matcher)

    # -- HTML -------------------------------------------------------------------------------

    def clean_html(self, html: str | bytes, url: str | None = None, content_type: str | None = None,
                   article: bool = False) -> CleanResult:
        """Return the article in a page, or raise CleanerError when the input is unusable.

        `article=True` says the page is known to be a story (a news sitemap or a feed lists it):
        it is cleaned as one whatever the page-type model says of its shape (its `listing_chance`
        is still given)."""
        return self._clean(html, url, content_type, article=article)[0]

    def explain(self, html: str | bytes, url: str | None = None, content_type: str | None = None,
                outputs: bool = True, article: bool = False) -> tuple[CleanResult, list[Block]]:
        """The result and every text block of the page in order, each with the rule that
        removed it (``Block.dropped_by``, None for kept blocks). With ``outputs=False`` the
        result's HTML and Markdown are left empty (not built: on a page of 600,000 blocks they
        cost seconds), whatever the options' ``outputs`` ask; its text and everything else are
        as ever. ``article`` is `clean_html`'s."""
        return self._clean(html, url, content_type, outputs, article)

    def _clean(self, html: str | bytes, url: str | None, content_type: str | None,
               outputs: bool = True, article: bool = False) -> tuple[CleanResult, list[Block]]:
        if url is not None and not usable_url(url):
            url = None  # a malformed URL ("http://[x/") says nothing about the page
        text, meta, body = self._load(html, url, content_type)
        shape = page_shape(body, url)  # before the tree layers prune the body

        models = self.options.block_model is not None or self.options.listing_model is not None
        extraction = self._extract(body, meta, url, annotate=models, annotate_up_to=MAX_MODEL_BLOCKS)
        rules_blocks = extraction.blocks
        if self.options.block_model is not None:
            self._decide(extraction, body, self.options.block_model)
        blocks, removed, method = extraction.blocks, extraction.removed, "tree"
        all_blocks = extraction.all_blocks
        body_text = _join(blocks)
        if len(body_text) < self.options.min_text_chars:
            fallback = self._readability(text, url, meta)
            if fallback is not None and len(_join(fallback[0])) > len(body_text):
                blocks, extra_removed = fallback
                removed = removed + extra_removed
                all_blocks = blocks
                body_text, method = _join(blocks), "readability"
        if len(body_text) < self.options.min_text_chars and meta.get("jsonld_body"):
            declared = self._declared_body(meta["jsonld_body"], meta)
            if declared is not None and len(_join(declared[0])) > len(body_text):
                blocks, extra_removed = declared
                removed = removed + extra_removed
                all_blocks = blocks
                body_text, method = _join(blocks), "jsonld"
        if len(body_text) < self.options.min_text_chars:
            # a page rendered in the browser: its story only in a script's state, the shell's own
            # text (a menu, a notice) too little for one; taken when it says more, as the
            # declared body is
            embedded = embedded_body(text)
            declared = self._declared_body(embedded, meta) if embedded else None
            if declared is not None and declared[0] and len(_join(declared[0])) > len(body_text):
                blocks, extra_removed = declared
                removed = removed + extra_removed
                all_blocks = blocks
                body_text, method = _join(blocks), "script"

        page_type, listing_chance = decide_page_type(
            self.options.page_model, url, meta, shape, blocks, self.options.listing_min_teasers)
        declared_story = False
        if article or self.options.all_articles:
            # the page's source says so (its chance stays, for the record)
            declared_story, page_type = page_type == "listing", "article"
        redecider = redeciding_model(self.options, page_type)
        if redecider is not None and extraction.all_blocks:
            # a listing's items are its content: the listing model decides the blocks afresh, and
            # its text stands unless a fallback found more (the rules' text is often too thin)
            extraction.blocks = rules_blocks
            extraction.removed[:] = [r for r in extraction.removed if r.rule not in MODEL_RULES]
            self._decide(extraction, body, redecider, story=False)
            listed = _join(extraction.blocks)
            if method == "tree" or len(listed) > len(body_text):
                blocks, removed, all_blocks = extraction.blocks, extraction.removed, extraction.all_blocks
                body_text, method = listed, "tree"
        if self._after_matcher is not None:
            named = len(removed)
            blocks = after_model_lines(blocks, self._after_matcher, removed)
            if len(removed) > named:
                body_text = _join(blocks)
        misread = MOJIBAKE.search(body_text) is not None
        # (misread text is judged as it will read: a zero-width joiner misread as "â€\x8d" shows
        # nothing once read again)
        shows = _shows_when_read_again if misread else shows_text
        if not all(shows(b.text) for b in blocks):
            # blocks that show nothing ("\u200b" between paragraphs, an icon font's glyph) are no
            # text; they go only now, as the block model saw them in training (its neighbours'
            # features count them)
            blocks = [b for b in blocks if shows(b.text)]
            body_text = _join(blocks)
        if trim_zero_width(body_text) is not body_text:
            # a zero-width character at a line's start or end ("\ufeff" before a quote) is no text
            for block in blocks:
                block.text = trim_zero_width(block.text)
            body_text = _join(blocks)
        # a paragraph shown twice in a row is kept once, as clean_text keeps a long line it kept
        # twice (a repeat further on stays: see repeated_blocks)
        named = len(removed)
        blocks = repeated_blocks(blocks, removed, MIN_COPY_CHARS)
        if len(removed) > named:
            body_text = _join(blocks)
        if not body_text and not meta.get("title"):
            raise CleanerError("no text found in the page")
        html_out = markdown = ""
        wanted = self.options.outputs if outputs else frozenset()
        if wanted:
            layout = table_layout(blocks)  # read once for the HTML and the Markdown
            if "html" in wanted and blocks:
                html_out = blocks_to_html(blocks, layout)
            if "markdown" in wanted:
                markdown = blocks_to_markdown(blocks, meta["title"], url or meta["canonical_url"], layout)
        if misread and MOJIBAKE.search(body_text):
            # UTF-8 that the site's software read as Latin-1 or Windows-1252 ("youâ\x80\x99re"):
            # read again in what the page gives (the title and the other fields were, one by one)
            body_text, html_out, markdown = read_again(body_text), read_again(html_out), read_again(markdown)
        result = CleanResult(
            text=body_text,
            title=meta["title"],
            html=html_out,
            markdown=markdown,
            url=url,
            canonical_url=meta["canonical_url"],
            authors=meta["authors"],
            published=meta["published"],
            modified=meta["modified"],
            language=meta["language"] or detect_language(body_text),
            site_name=meta["site_name"],
            description=meta["description"],
            image=meta["image"],
            tags=meta["tags"],
            page_type=page_type,
            listing_chance=listing_chance,
            declared_story=declared_story,
            method=method,
            removed=removed,
        )
        return result, all_blocks

    def _load(self, html: str | bytes, url: str | None, content_type: str | None) -> tuple[str, dict, etree._Element]:
        """The page decoded, its metadata, and its body parsed (the whole document if it has none)."""
        doc, text = self._parse_text(self._decode(html, content_type))
        meta = extract_metadata(doc, url, text, self.options.title_model, self.options.date_model)
        body = doc.find("body")
        return text, meta, (body if body is not None else doc)

    def _extract(self, body: etree._Element, meta: dict, url: str | None, annotate: bool,
                 annotate_up_to: int | None = None) -> Extraction:
        extraction = extract_blocks(
            body, self._tree_matcher, self._matcher, self.options.main_share, meta["title"], meta["authors"],
            host=_site_host(meta.get("canonical_url"), url), annotate=annotate, annotate_up_to=annotate_up_to,
        )
        if annotate:  # the story the page declares, for the block model's decision
            extraction.declared = declared_text(meta.get("jsonld_body"))
        return extraction

    def features(self, html: str | bytes, url: str | None = None,
                 features: tuple[str, ...] = FEATURES) -> tuple[list[Block], np.ndarray]:
        """Every block of a page as the rules left it, with a block model's `features` (one row a
        block; the article model's FEATURES or the listing model's LISTING_FEATURES): what
        `cleaners.train` learns from."""
        text, meta, body = self._load(html, url, None)
        extraction = self._extract(body, meta, url, annotate=True)
        blocks = extraction.all_blocks
        X = block_features(extraction, body, self.options.rules, self._matcher)
        return blocks, model_input(X, blocks, features)

    def _decide(self, extraction: Extraction, body: etree._Element, model: BlockModel, story: bool = True) -> None:
        """Let the block model keep or drop every block. The line rules stay: a line they take
        out is never brought back, and a block none of whose lines is left stays out. On a story
        (not a listing) the paragraphs that open it above its first kept one are weighed as if
        the rules had kept them (see story_lead), a region that is one paragraph keeps the
        paragraphs beside it (see paragraphs_beside), and a sentence with its links inside it,
        which the link-list rule removed, is weighed as the rules' own (see linked_prose)."""
        blocks = extraction.all_blocks
        if not blocks or len(blocks) > MAX_MODEL_BLOCKS:
            # nothing to weigh; or a page of tens of thousands of blocks, which no story is
            # (an index dump, hostile input): the rules decide, in bounded time and memory
            for block in blocks:
                if block.dropped_by is None and not (block.in_main and block.rule is None):
                    block.dropped_by = block.rule or block.pruned or "outside-main"
            return
        # only blocks the model may keep are weighed: a line rule's, or a box of a group whose rule
        # holds, stays out whatever its probability; on a story, so does a link list outside the
        # main region (UNWEIGHED_OUTSIDE_RULES: its chance is 0)
        candidate = [is_candidate(b) for b in blocks]
        wanted = [c and b.pruned not in model.held_groups for c, b in zip(candidate, blocks)]
        # on a story, a sentence with its links inside it is no link list, though the link-list
        # rule (which reads only the share of linked text) removed it: it is weighed, in the region
        # at the rules' own cut (see linked_prose)
        linked = [story and w and b.rule == "link-list" and linked_prose(b) for w, b in zip(wanted, blocks)]
        weighed = [w and (b.in_main or b.rule not in UNWEIGHED_OUTSIDE_RULES or lp)
                   for w, b, lp in zip(wanted, blocks, linked)] if story else wanted
        X = model_input(block_features(extraction, body, self.options.rules, self._matcher, weighed), blocks,
                        model.features)
        rows = np.flatnonzero(weighed)
        chances = np.zeros(len(blocks))
        chances[rows] = model.predict(X[rows])
        rules_kept = extraction.blocks
        in_rules = np.array([b.in_main and b.rule is None for b in blocks], dtype=bool)
        # decided over the blocks the model may keep at all, in page order (as it was trained)
        seen = np.flatnonzero(candidate)
        keep = np.zeros(len(blocks), dtype=bool)
        boxes = box_kinds(X[seen])
        weigh_as_kept = in_rules | np.array([lp and b.in_main for lp, b in zip(linked, blocks)], dtype=bool)
        keep[seen] = model.keep(chances[seen], weigh_as_kept[seen], boxes, boxes == UNNAMED_OUTSIDE,
                                model.prose(X[seen], in_rules[seen]))
        gaps: set[int] = set()
        if story and extraction.declared:
            # what the story the page declares leaves out between the blocks that show it
            gaps = set(declared_gaps(blocks, keep, extraction.declared))
            keep[list(gaps)] = False
        if story:
            # the story's opening paragraphs above its first kept one, at the cut of the rules' own
            keep[story_lead(blocks, keep, chances, wanted, model.threshold, self.options.rules)] = True
            # and, when the region is one paragraph, the paragraphs beside it that no rule removed
            # (or the link-list rule, from a sentence with its links inside it)
            for i in paragraphs_beside(extraction.main, blocks):
                if weighed[i] and (blocks[i].rule is None or linked[i]) and blocks[i].pruned is None and i not in gaps:
                    keep[i] = True
        kept: list[Block] = []
        for i, (block, chance, weighs, keeps, rules_keep) in enumerate(zip(blocks, chances, weighed, keep, in_rules)):
            block.chance = float(chance) if weighs else None
            if weighs and keeps:
                block.dropped_by = None
                kept.append(block)
                continue
            if i in gaps:
                block.dropped_by = "not-declared"
                extraction.removed.append(Removal("not-declared", "model", block.text[:200], _describe(block.elem)))
            elif rules_keep:
                block.dropped_by = "block-model"
                extraction.removed.append(Removal("block-model", "model", block.text[:200], _describe(block.elem)))
            else:
                block.dropped_by = block.rule or block.pruned or "outside-main"
        if len(_join(kept)) < self.options.min_text_chars <= len(_join(rules_kept)):
            # the model left next to nothing where the rules found a story: trust the rules
            rules_ids = {id(b) for b in rules_kept}
            for block in blocks:
                block.dropped_by = None if id(block) in rules_ids else (block.rule or block.pruned or "outside-main")
            extraction.removed[:] = [r for r in extraction.removed if r.rule not in MODEL_RULES]
            kept = rules_kept
        extraction.blocks = kept

    def _decode(self, html: str | bytes, content_type: str | None) -> str:
        if isinstance(html, (bytes, bytearray, memoryview)):
            data = bytes(html)
            if not data.strip():
                raise CleanerError("empty input")
            if data.lstrip()[:8].startswith(_BINARY_MAGIC):
                raise CleanerError("not HTML: the bytes are a binary file (%r...)" % data.lstrip()[:4])
            text, _ = decode_html(data, content_type)
        elif isinstance(html, str):
            text = html
        else:
            raise CleanerError(f"expected str or bytes, got {type(html).__name__}")
        text = without_controls(text)
        if not text.strip():
            raise CleanerError("empty input")
        if not _HAS_TAG.search(text[:65536]):
            raise CleanerError("not HTML: no markup in the input")
        return text

    def _parse(self, text: str) -> etree._Element:
        return self._parse_text(text)[0]

    def _parse_text(self, text: str) -> tuple[etree._Element, str]:
        """The page's tree, and its text: as given, but with a lone surrogate (a str can hold
        one, and so can what UTF-7 decodes) as U+FFFD, as a browser reads it, where libxml2
        would cut the text short."""
        # lxml refuses str input that declares an encoding; strip the XML declaration.
        markup = text.split("?>", 1)[-1] if text.lstrip().startswith("<?xml") else text
        try:
            utf8 = _utf8(markup)
            if utf8 is None and not markup.isascii():  # beyond ASCII and no UTF-8 for it: surrogates
                text, markup = scalar_values(text), scalar_values(markup)
                utf8 = _utf8(markup)
            doc, errors = _libxml2(markup, utf8)
            if "ERR_RESOURCE_LIMIT" in errors:
                # libxml2 stopped at its depth limit and dropped what lay deeper: collapse the
                # runs of nested tags (never layout at that depth) and parse again
                markup = _DEEP_CLOSE.sub("</div>", _DEEP_OPEN.sub("<div>", markup))
                doc = _libxml2(markup, _utf8(markup))[0]
            elif "ERR_TAG_NAME_MISMATCH" in errors and doc is not None:
                doc = _as_browsers_nest(markup, doc, utf8)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
            raise CleanerError(f"not HTML: {exc}") from None
        if doc is None:
            raise CleanerError("not HTML: nothing to parse")
        return doc, text

    def _readability(self, text: str, url: str | None, meta: dict) -> tuple[list[Block], list[Removal]] | None:
        """The article as readability-lxml finds it, passed through the same block filters."""
        from readability import Document
        from readability.readability import Unparseable

        try:
            summary = Document(text, url=url).summary(html_partial=True)
        except (Unparseable, ValueError, etree.LxmlError) as exc:
            logger.debug("readability failed on %(url)s: %(error)s", {"url": url, "error": exc})
            return None
        # the summary is a whole document when readability found no body (a page that is all
        # <title>, say): take the body's children, or nothing
        try:
            doc = lxml_html.document_fromstring(summary, parser=_FRAGMENT_PARSER)
        except (etree.ParserError, ValueError):
            return None
        body = doc.find("body")
        if body is None:
            return None
        fragment = lxml_html.Element("div")
        fragment.extend(list(body))
        return self._filtered(fragment, meta)

    def _declared_body(self, text: str, meta: dict) -> tuple[list[Block], list[Removal]] | None:
        """The story as the page's JSON-LD states it (articleBody: plain text, or HTML on some
        sites), or the story's HTML a page's scripts carry, through the tree rules and the same
        block filters."""
        text = without_controls(text)
        if _HAS_TAG.search(text[:65536]):
            markup = text
        else:
            markup = "".join(f"<p>{escape(p.strip())}</p>" for p in _TEXT_PARAGRAPHS.split(text) if p.strip())
        if not markup.strip():
            return None
        try:
            fragment = lxml_html.fragment_fromstring(markup, create_parent="div", parser=_FRAGMENT_PARSER)
        except (etree.ParserError, ValueError):
            return None
        return self._filtered(fragment, meta, raw=True)

    def _filtered(self, fragment: etree._Element, meta: dict, raw: bool = False) -> tuple[list[Block], list[Removal]]:
        """The blocks of a story's markup through the line filters; `raw` markup (what a page
        declares or its scripts carry, as its CMS wrote it) meets the tree rules first, as the
        page's own markup does: its photos' captions, ad slots and boxes go. (readability-lxml's
        result is not raw: that extractor chose its elements, captions of its figures too.)"""
        removed: list[Removal] = []
        if raw:
            prune(fragment, self._tree_matcher, removed)
        blocks = filter_blocks(segment(fragment), self.options.rules, self._matcher, removed, meta["title"], meta["authors"])
        return blocks, removed

    # -- plain text --------------------------------------------------------------------------

    def learn(self, records: Iterable[Mapping[str, Any]]) -> Learned:
        """Learn, from many records of a dump, each site's template lines and the records'
        titles; later `clean_text` calls drop them. Records are mappings with "text" and
        optionally "url" and "title". Returns what was learned."""
        learner = Learner()
        for record in records:
            learner.add(record.get("text"), record.get("url"), record.get("title"))
        self.learned = learner.result()
        return self.learned

    def clean_text(self, text: str, url: str | None = None, title: str | None = None) -> str:
        """Remove cruft lines from plain article text; keep every line of the article.

        `url` and `title` let what `learn` found apply: the site's template lines, and titles
        of other records (links to them), never this record's own title. A text in which the
        line model finds no article at all (a consent notice, a product box: what an extractor
        kept of a page whose story it missed) comes back empty; `clean_text_lines` names its
        lines' removal "no-article".
        """
        return "\n\n".join(self.clean_text_lines(text, url, title)[0])

    def clean_text_lines(self, text: str, url: str | None = None, title: str | None = None) -> tuple[list[str], list[tuple[str, str]]]:
        """Kept lines and (rule, line) removals of `clean_text` ("line-model" for the lines the
        line model removed, "repeated-line" for a long line it kept twice: the second goes,
        "caption" for a line it kept that reads as a photo's caption)."""
        if not isinstance(text, str):
            raise CleanerError(f"expected str, got {type(text).__name__}")
        # misread UTF-8 read again, Markdown as it shows, wrapped lines joined: as `learn` reads it
        text, markdown_title = read_dump(text)
        headline = None
        if title is None and markdown_title is not None:  # a Markdown dump's title is its headline
            title = headline = markdown_title
        if self.options.line_model is not None:
            # the line model weighs the lines clean_lines keeps; what it removes goes in any case
            kept, removed = clean_lines_learned(text, self._matcher, self.learned, url, title, self.options.line_model,
                                                self.options.empty_records, headline, self._after_matcher)
        else:
            learned = self.learned
            drop = (lambda line: learned.reason(line, url, title)) if learned is not None else None
            kept, removed = clean_lines([_CONTROL.sub("", line) for line in text.splitlines()], self._matcher, drop)
            if self._after_matcher is not None:  # as decide() asks them after the line model
                reasons: list[str | None] = [None] * len(kept)
                left = after_model_items(kept, list(range(len(kept))), reasons, self._after_matcher)
                if len(left) < len(kept):
                    removed = removed + [(reason, line) for line, reason in zip(kept, reasons) if reason is not None]
                    kept = [kept[i] for i in left]
        # (a zero-width character at a line's edge goes too: "\ufeff" before a quote is no text)
        if all(map(shows_text, kept)):
            return join_parted_words(list(map(trim_zero_width, kept)), text), removed
        # lines that show nothing ("\u200b", an icon font's glyph) go last, as the line model saw
        # them in training
        return (join_parted_words([trim_zero_width(line) for line in kept if shows_text(line)], text),
                removed + [("invisible", line) for line in kept if not shows_text(line)])


def join_parted_words(lines: list[str], text: str) -> list[str]:
    """The lines kept of a record's `text` with the words their extractor parted joined again, as
    `clean_text` writes them (and `train_lines` scores them):
    the short runs of Chinese or Japanese set apart with spaces (`join_spaced_runs`, read as one
    text; the lines, split from a text, hold no line break), and a line's first letter set apart
    from its word, a drop cap (`join_drop_caps`, which the record's words decide). Most records
    hold neither: the kept text is read once through NumPy as UTF-16 code units, which tell the
    text that holds no Chinese or Japanese letter and the few lines that may open with a drop cap
    (`holds_wide_letters`, `drop_cap_candidates`)."""
    kept = "\n".join(lines)
    units = np.frombuffer(kept.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if not kept.isascii() and holds_wide_letters(units):
        joined = join_spaced_runs(kept)  # (the join leaves every line's first letters as they are)
        lines = lines if joined is kept else joined.split("\n")
    candidates = drop_cap_candidates(units)
    return join_drop_caps(lines, text, candidates) if candidates else lines


#: Most blocks a page may have for the block model to weigh them (a long story has a few hundred).
MAX_MODEL_BLOCKS = 20_000

#: Rules whose removal of a whole block the block model may overrule: the structural ones. The
#: line rules (a phrase, a byline, the title) always hold.
OVERRULED_RULES = frozenset({"link-list", "teaser-list"})

#: Of those, the rules whose blocks outside the main region the block model is not asked about on
#: a story (the listing model weighs them: a listing's items are link lists). Out of fold (the
#: block model's folds by site, the shipped decision), 10 of the 98,073 blocks the link-list pass
#: removed outside the main region of the 1,196 training pages came back (39 of 290,896 words),
#: and the objective was the same to five decimals without them; they were 41% of the blocks
#: weighed, so their features and trees were most of the block model's time on ordinary pages.
UNWEIGHED_OUTSIDE_RULES = frozenset({"link-list"})


def _as_browsers_nest(text: str, doc: etree._Element, utf8: bytes | None = None) -> etree._Element:
    """The page parsed again by HTML5's tree building, when libxml2 met an end tag it could not
    match: libxml2 leaves it open (a `</button>` after an unclosed `<div>` inside it puts the rest
    of the page in the button, a stray end tag in the head puts the body in a script), a browser
    closes it. Pages beyond HTML5_MAX_ELEMENTS or HTML5_MAX_DEPTH keep libxml2's tree. (`utf8`:
    the text's _utf8(), when already made.)"""
    if _ELEMENTS(doc) > HTML5_MAX_ELEMENTS or _TOO_DEEP(doc):
        return doc
    try:
        # Lexbor reads UTF-8: a str it encodes first (dropping lone surrogates, which _utf8 never
        # encodes), so the bytes made for libxml2 are what it would make
        markup = LexborHTMLParser(utf8 if utf8 is not None else text).html
    except Exception:  # Lexbor's own failure on odd input: libxml2's tree stands
        logger.debug("HTML5 parse failed", exc_info=True)
        return doc
    if not markup:
        return doc
    again = _libxml2(markup, _utf8(markup))[0]
    return again if again is not None else doc


def declared_text(body: str | None) -> str:
    """The text of the story a page declares in its JSON-LD (`articleBody`: plain text, or HTML
    on some sites), its elements' texts apart; "" when it declares none."""
    if not body:
        return ""
    if not _HAS_TAG.search(body[:65536]):
        return unescape(body)  # a script's text: its entities were never read
    try:
        fragment = lxml_html.fragment_fromstring(without_controls(body), create_parent="div", parser=_FRAGMENT_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    return " ".join(fragment.itertext())


def _utf8(text: str) -> bytes | None:
    """Text beyond ASCII as UTF-8 bytes, for libxml2 (see _UTF8_PARSER) and Lexbor to read; None
    for ASCII, which lxml hands over as UTF-8 already, and for text UTF-8 cannot carry (a lone
    surrogate): both read the str then."""
    if text.isascii():
        return None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _libxml2(text: str, utf8: bytes | None) -> tuple[etree._Element | None, set[str]]:
    """libxml2's tree of a page, and the kinds of error it met on the way: from `utf8`, the
    text's _utf8(), unless it is None or the text opens with an XML declaration (lxml refuses
    that in a str, and goes on refusing it)."""
    if utf8 is not None and not text.startswith("<?xml"):
        source, parser = utf8, _UTF8_PARSER
    else:
        source, parser = text, _PARSER
    doc = etree.fromstring(source, parser=parser)
    return doc, {e.type_name for e in parser.error_log}


def redeciding_model(options: CleanerOptions, page_type: str) -> BlockModel | None:
    """The model that decides a page's blocks afresh once its type is known (the listing model on
    a listing), or None: the block model's decision stands."""
    return options.listing_model if page_type == "listing" else None


def is_candidate(block: Block) -> bool:
    """A block the block model may keep: no line rule took all of it out."""
    return bool(block.text) and (block.rule is None or block.rule in OVERRULED_RULES or block.announced)


def _shows_when_read_again(text: str) -> bool:
    """Whether misread text shows something once it is read again (see read_again)."""
    return shows_text(text) and shows_text(read_again(text))


def _join(blocks: list[Block]) -> str:
    return "\n\n".join(p for b in blocks for p in paragraphs(b.text))


def _site_host(canonical: str | None, url: str | None) -> str | None:
    """The page's own site: its canonical URL's host (right for mirrors and saved copies), else its URL's."""
    for candidate in (canonical, url):
        host = host_of(candidate)
        if host:
            return host
    return None
