"""Article or listing: a learned page-type classifier over the page's URL, what it declares and its shape.

A listing (home, section, tag, author, archive, search and collection pages) shows many linked
headlines with a line of teaser each; an article has running prose. The features below describe
that without naming any site; gradient-boosted trees fitted by `python -m cleaners.train_pagetype`
(LightGBM, the `train` extra) weigh them, and are shipped as plain arrays in
`cleaners/models/pagetype.json`, evaluated with NumPy like the block model.

A page the model doubts is an article: it is cleaned and written. A page is a listing only when
the model is sure, and never while it holds a story's worth of running prose it declares as an
article (the crawl drops listings, and a story must not be lost to its page's look).
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
from lxml import etree

from ._extract import Block, _text_of
from ._model import BlockModel, read_shipped
from ._text import _DIGIT, DATE_PATTERN, ends_sentence, is_paragraph, reading_length

__all__ = ["PAGE_FEATURES", "PAGETYPE_MODEL_PATH", "PageShape", "PageTypeModel", "WordWeights",
           "default_pagetype_model", "page_features", "page_shape", "decide_page_type", "rules_page_type",
           "url_words"]


#: Where the package keeps the page-type model.
PAGETYPE_MODEL_PATH = Path(__file__).with_name("models") / "pagetype.json"

#: URL path segments that name an index of stories (in several languages).
LISTING_SEGMENTS = frozenset("""
tag tags topic topics category categories section sections author authors archive archives search page
label labels collection collections list lists index latest all-news stichwort stichworte thema themen
schlagwort rubrik ressort kategorie autor autoren seite categoria categorias etiqueta etiquetas tema temas
archivio argomenti autore pagina categorie auteur auteurs rubrique mot-cle tag-archive kategori kategoria
tagi temat avtor tegi rubrika
""".split())
#: Path endings of a front page.
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home", "/home/"})
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|(?:19|20)\d\d(?:0[1-9]|1[0-2])[0-3]\d")
_LONG_NUMBER = re.compile(r"\d{5,}")
_PAGE_NUMBER = re.compile(r"(?:/page/\d+|[?&](?:page|p|pg|start|offset)=\d+)", re.I)
_SLUG_SPLIT = re.compile(r"[-_+.]+|%20")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|cms|jsp)$", re.I)
_WORDS = re.compile(r"\w+")
_SENTENCE = re.compile(r"[.!?。！？]\s")
_PRICE = re.compile(r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:[$€£¥₹]|EUR|USD|kr|zł|руб))")
#: Characters of a <p> that is running text rather than a caption or a teaser's line.
RAW_PARAGRAPH_CHARS = 150
#: Characters of a piece of text short enough to be a label, a name, a price or a button.
SHORT_TEXT_CHARS = 30
_WORD = re.compile(r"[^\W\d_]{2,}")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: The tags whose elements page_shape reads.
_SHAPE_TAGS = ("a", "p", "img", *_HEADING_TAGS, "article", "time", "button")

#: The features the model reads, in order.
PAGE_FEATURES: tuple[str, ...] = (
    # URL
    "url_known", "url_home", "url_depth", "url_listing_segment", "url_page_number", "url_date", "url_long_number",
    "url_last_words", "url_max_words", "url_extension", "url_trailing_slash",
    # what the page declares
    "jsonld_article", "jsonld_listing", "og_article", "og_website", "og_other", "has_published", "has_authors",
    "has_jsonld_body", "title_words",
    # the page's shape before cleaning
    "headline_links", "teaser_headings", "article_elements", "time_elements", "repeated_cards", "link_share",
    "page_chars_log", "headings", "card_share", "card_summaries", "prices", "buttons", "raw_paragraphs",
    "raw_paragraph_chars_log", "h1s", "jsonld_product", "jsonld_types", "child_links", "child_headline_links",
    "dates",
    # what the cleaner kept
    "kept_chars_log", "kept_blocks", "prose_paragraphs", "prose_chars_log", "longest_paragraph_log", "kept_link_share",
    "kept_heading_share", "prose_share", "text_blocks", "text_block_chars_log", "kept_chars_per_headline",
    # repeated items (a grid of products, a list of teasers, a gallery)
    "card_groups", "rich_groups", "rich_cards", "image_cards", "card_text_share", "top_rich", "top_images",
    "top_headings", "top_chars_per_card", "top_text_share", "headings_per_paragraph", "short_text_share",
    # the words of the address and of the short texts, weighed as the training pages taught
    "url_words_max", "url_words_min", "url_words_sum", "text_words_top", "text_words_bottom", "text_words_mean",
)


@dataclass(frozen=True)
class PageShape:
    """What the page looks like before the cleaner takes anything out."""

    headline_links: int = 0
    teaser_headings: int = 0
    article_elements: int = 0
    time_elements: int = 0
    repeated_cards: int = 0
    link_chars: int = 0
    chars: int = 0
    headings: int = 0
    #: linked headlines whose card also holds a line of teaser text
    card_summaries: int = 0
    #: prices in the text ("$12.99", "19,90 €"): a shop's collection page
    prices: int = 0
    buttons: int = 0
    #: paragraphs (<p>) of running text, and their characters
    raw_paragraphs: int = 0
    raw_paragraph_chars: int = 0
    h1s: int = 0
    #: links to pages under this page's path ("/news/" linking "/news/harbour-fees"): a section's index
    child_links: int = 0
    child_headline_links: int = 0
    #: dates in short lines of text (a list of dated posts)
    dates: int = 0
    #: repeated items holding a link (three or more siblings of one kind under one parent: a grid's
    #: or a list's cards), those among them with an image or a heading, those with an image, and
    #: the characters of text in all of them
    card_groups: int = 0
    rich_groups: int = 0
    rich_cards: int = 0
    image_cards: int = 0
    card_chars: int = 0
    #: the group with the most cards holding an image or a heading: those cards, how many hold an
    #: image, how many a heading, how many cards it has and their characters of text
    top_rich: int = 0
    top_images: int = 0
    top_headings: int = 0
    top_cards: int = 0
    top_chars: int = 0
    #: characters in short pieces of text (labels, names, prices, buttons)
    short_chars: int = 0
    #: the words of the short pieces of text, case-folded ("add", "cart", "sort", "filter", ...)
    words: frozenset[str] = frozenset()


# What urlsplit takes out of a URL wherever it stands (tab, carriage return, line feed).
_UNSAFE_URL_CHARS = re.compile(r"[\t\r\n]")


# An http(s) address whose host urlsplit takes as it stands (no brackets): its host and path.
_WEB_ADDRESS = re.compile(r"https?://([^/?#\[\]]*)(?=[/?#]|\Z)([^?#]*)")


def _netloc_path(href: str) -> tuple[str, str]:
    """urlsplit(href)'s netloc and path; an http(s) address with an ASCII host and none of the
    characters urlsplit takes out is read with one expression (urlsplit costs ten times as much,
    and a page can have thousands of links). ("", "") for a link urlsplit cannot read
    ("http://[x/", "https://[YOUR-DOMAIN]/": no browser follows it)."""
    m = _WEB_ADDRESS.match(href)
    if m and m[1].isascii() and not _UNSAFE_URL_CHARS.search(href):
        return m[1], m[2]
    try:
        parts = urlsplit(href)
    except ValueError:
        return "", ""
    return parts.netloc, parts.path


_text = _text_of  # all the text under an element


def _tag_counts(parent: etree._Element) -> dict[str, int]:
    """How many children of each tag an element has (a plain dict: a Counter costs twice as much
    to build, and page_shape builds one per element with three children or more)."""
    counts: dict[str, int] = {}
    for child in parent:
        tag = child.tag
        counts[tag] = counts.get(tag, 0) + 1
    return counts


def _headline_like(text: str) -> bool:
    """Whether a link's text, stripped, reads as a headline."""
    if len(text) < 12:
        return False
    # four words, or a dozen characters of a script written without spaces
    return len(_WORDS.findall(text)) >= 4 or reading_length(text) >= 36


def _child_prefix(url: str | None) -> str | None:
    """The path under which a section's stories lie ("/news/" for "/news" or "/news/"); None for
    the front page or no URL."""
    if not url:
        return None
    path = urlsplit(url).path
    path = _EXTENSION.sub("", path).rstrip("/")
    return path + "/" if path else None


#: The text nodes under an element, in document order, without a proxy built for each element on
#: the way: on a tree as parsed, what its itertext() yields (libxml2 joins the text it reads in
#: pieces into one node; etree.strip_tags can leave two side by side, which itertext reads as
#: one, but page_shape reads the body before anything is taken out of it).
_TEXTS = etree.XPath("descendant::text()", smart_strings=False)

#: The children counted of an element with fewer than three (never changed: a miss reads 0).
_FEW: dict[str, int] = {}


#: Elements of a page whose shape is read: a bigger page (the corpora's largest has 11,529) is
#: read as if it ended there, so that its shape costs what a big real page's does.
PAGE_SHAPE_MAX_ELEMENTS = 50_000


def page_shape(body: etree._Element, url: str | None = None) -> PageShape:
    """Linked headlines, teaser cards, repeated items and link share of a page's body (read before
    it is pruned), as far as its first PAGE_SHAPE_MAX_ELEMENTS elements."""
    with first_elements(body, PAGE_SHAPE_MAX_ELEMENTS):
        return _page_shape(body, url)


@contextlib.contextmanager
def first_elements(root: etree._Element, limit: int) -> Iterator[None]:
    """Within the block, `root` holds only its first `limit` nodes in document order (itself
    included): every node after them is taken out of the tree with its tail (the tails of the
    kept nodes stay), and put back in place afterwards. Nothing is taken out of a tree of
    `limit` nodes or fewer."""
    cut = next(islice(root.iter(), limit, None), None)
    if cut is None:
        yield
        return
    taken: list[tuple[etree._Element, list[etree._Element]]] = []
    try:
        elem = cut
        parent = elem.getparent()
        following = [elem, *elem.itersiblings()]
        while True:
            taken.append((parent, following))
            for child in following:
                parent.remove(child)
            if parent is root:
                break
            elem, parent = parent, parent.getparent()
            following = list(elem.itersiblings())
        yield
    finally:
        for parent, following in reversed(taken):
            parent.extend(following)


def _page_shape(body: etree._Element, url: str | None) -> PageShape:
    prefix = _child_prefix(url)
    host = urlsplit(url).netloc if url else ""
    child_links = child_headlines = 0
    headline_links = 0
    link_chars = 0
    cards: dict[tuple[etree._Element, str, str], int] = {}
    summaries = 0
    # per element, read once: its children's tags counted, and whether a card holds a summary
    # (a body of 100,000 boxes would otherwise be counted again for every link in it)
    child_tags: dict[etree._Element, dict[str, int]] = {}
    has_summary: dict[etree._Element, bool] = {}
    # every link's item: the link or its nearest ancestor with siblings of its own kind
    items: dict[etree._Element, tuple[etree._Element, str, str]] = {}
    # the elements of each tag read below, found in one walk (lxml walks the whole body for each
    # iter(tag), and a walk for one tag costs about what a walk for all of them does)
    tagged: dict[str, list[etree._Element]] = {}
    for el in body.iter(*_SHAPE_TAGS):
        tagged.setdefault(el.tag, []).append(el)
    for a in tagged.get("a", ()):
        text = _text(a).strip()
        link_chars += len(text)
        child = False
        if prefix:
            href = a.get("href") or ""
            if href.startswith("/") and not href.startswith("//") and not _UNSAFE_URL_CHARS.search(href):
                # a path on this host (most links): urlsplit's answer, without urlsplit
                path = href.split("#", 1)[0].split("?", 1)[0]
                child = path.startswith(prefix) and len(path) > len(prefix) + 3
            elif "://" in href or href.startswith("/"):
                netloc, path = _netloc_path(href)
                if not netloc or netloc == host:
                    child = path.startswith(prefix) and len(path) > len(prefix) + 3
        child_links += child
        headline = _headline_like(text)
        if headline:
            headline_links += 1
            child_headlines += child
        # the walk up from the link: the first element with siblings of its own kind is the
        # link's item; for a headline, the first above the link is its card
        node = a
        item_found = False
        for level in range(5):
            parent = node.getparent()
            if parent is None:
                break
            tags = child_tags.get(parent)
            if tags is None:
                # fewer than three children cannot hold three of the node's kind: no count (len()
                # walks the children, so it too is asked once per parent)
                tags = child_tags[parent] = _tag_counts(parent) if len(parent) >= 3 else _FEW
            if tags.get(node.tag, 0) >= 3:
                if not item_found:
                    item_found = True
                    if node not in items:
                        items[node] = (parent, node.tag, node.get("class") or "")
                if level and headline:
                    # the element itself, not its id(): the key holds it alive, so no other element's
                    # proxy can take over its id while the page is read
                    key = (parent, node.tag, node.get("class") or "")
                    cards[key] = cards.get(key, 0) + 1
                    summary = has_summary.get(node)
                    if summary is None:
                        summary = has_summary[node] = any(
                            40 <= len(_text(p).strip()) <= 400 and next(p.iter("a"), None) is None for p in node.iter("p"))
                    summaries += summary
                    break
            if item_found and not headline:
                break
            node = parent
    groups: dict[tuple[etree._Element, str, str], list[etree._Element]] = {}
    for node, key in items.items():
        groups.setdefault(key, []).append(node)
    # the elements with an image, and those with a heading, in them (or themselves one): one walk
    # up from each image and heading, stopping where an earlier walk went, not a search in each card
    with_image: set[etree._Element] = set()
    with_heading: set[etree._Element] = set()
    # (in any order: each set ends as every image's, or heading's, ancestors and itself)
    for el in chain.from_iterable(tagged.get(tag, ()) for tag in ("img", *_HEADING_TAGS)):
        seen = with_image if el.tag == "img" else with_heading
        while el is not None and el not in seen:
            seen.add(el)
            el = el.getparent()
    card_groups = rich_groups = rich_cards = image_cards = card_chars = 0
    top = (0, 0, 0, 0, 0)  # cards with an image or a heading, with an image, with a heading, cards, chars
    for nodes in groups.values():
        if len(nodes) < 3:
            continue
        card_groups += 1
        rich = images = heads = chars = 0
        for node in nodes:
            image = node in with_image
            head = node in with_heading
            images += image
            heads += head
            rich += image or head
            chars += len(_text(node).strip())
        rich_groups += rich >= 3
        rich_cards += rich
        image_cards += images
        card_chars += chars
        if rich > top[0]:
            top = (rich, images, heads, len(nodes), chars)
    teaser_headings = 0
    headings = 0
    for heading in chain(tagged.get("h2", ()), tagged.get("h3", ()), tagged.get("h4", ())):
        headings += 1
        links = list(heading.iter("a"))
        if links and sum(len(_text(a)) for a in links) >= 0.8 * max(len(_text(heading).strip()), 1):
            teaser_headings += 1
    texts = list(map(str.strip, _TEXTS(body)))
    chars = sum(map(len, texts))
    # the pieces of text a date or a price could be in (most are blank between tags; the short
    # ones, SHORT_TEXT_CHARS at most, are among them)
    lines = [t for t in texts if 0 < len(t) < 60]
    short = [t for t in lines if len(t) < SHORT_TEXT_CHARS]
    # every date and every price has a digit: the other lines (most) are not searched for them
    numbered = [t for t in lines if _DIGIT.search(t)]
    counted = {tag: len(tagged.get(tag, ())) for tag in ("article", "time", "button", "h1")}
    words = _WORD.findall("\n".join(short).casefold())
    paragraphs = [n for n in (reading_length(_text(p).strip()) for p in tagged.get("p", ())) if n >= RAW_PARAGRAPH_CHARS]
    return PageShape(
        headline_links=headline_links, teaser_headings=teaser_headings,
        article_elements=counted["article"], time_elements=counted["time"],
        repeated_cards=max(cards.values(), default=0), link_chars=link_chars, chars=chars, headings=headings,
        card_summaries=summaries, prices=min(sum(len(_PRICE.findall(t)) for t in numbered if len(t) < 40), 200),
        buttons=counted["button"], raw_paragraphs=len(paragraphs),
        raw_paragraph_chars=sum(paragraphs), h1s=counted["h1"],
        child_links=child_links, child_headline_links=child_headlines,
        dates=min(sum(1 for t in numbered if DATE_PATTERN.search(t)), 500),
        card_groups=card_groups, rich_groups=rich_groups, rich_cards=rich_cards, image_cards=image_cards,
        card_chars=card_chars, top_rich=top[0], top_images=top[1], top_headings=top[2], top_cards=top[3],
        top_chars=top[4], short_chars=sum(map(len, short)), words=frozenset(words),
    )


def _url_features(url: str | None) -> list[float]:
    if not url:
        return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    parts = urlsplit(url)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    words = [len([w for w in _SLUG_SPLIT.split(_EXTENSION.sub("", s)) if w]) for s in segments]
    lowered = {s.lower() for s in segments}
    return [
        1,
        float(path in _HOME_PATHS and not parts.query),
        len(segments),
        float(bool(lowered & LISTING_SEGMENTS)),
        float(bool(_PAGE_NUMBER.search(url))),
        float(bool(_DATE_IN_PATH.search(path))),
        float(bool(_LONG_NUMBER.search(path))),
        words[-1] if words else 0,
        max(words, default=0),
        float(bool(_EXTENSION.search(path))),
        float(path.endswith("/")),
    ]


_URL_WORD_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


def url_words(url: str | None) -> frozenset[str]:
    """The words of an address, each marked by where it stands: "L:" in the last path segment,
    "S:" in another, "Q:" a query key ("/collections/mens-sneakers?page=2": S:collections,
    L:mens, L:sneakers, Q:page); "HOME" for a site's front page."""
    if not url:
        return frozenset()
    parts = urlsplit(url.lower())
    segments = [_EXTENSION.sub("", s) for s in unquote(parts.path).split("/") if s]
    out = set()
    for i, segment in enumerate(segments):
        mark = "L:" if i == len(segments) - 1 else "S:"
        out.update(mark + w for w in _URL_WORD_SPLIT.split(segment) if w and not w.isdigit())
        if segment.isdigit():
            out.add(mark + "#")
    out.update("Q:" + key for key in _QUERY_KEY.findall(parts.query))
    if not segments:
        out.add("HOME")
    return frozenset(out)


_QUERY_KEY = re.compile(r"(?:^|&)([a-z_]+)=")
#: How many of the page's best and worst text words are summed.
TEXT_WORDS_SUMMED = 10


@dataclass(frozen=True)
class WordWeights:
    """Log-odds that a page is a listing, learned per word of the address and of the short texts
    (only words seen on several sites of the training pages)."""

    url: dict[str, float]
    text: dict[str, float]

    def features(self, url_words: frozenset[str], text_words: frozenset[str]) -> list[float]:
        """The address's strongest words either way and their sum; the sums of the text's ten
        strongest words either way and their mean."""
        # sorted: sums in one order whatever the sets' (a run's string hashes decide that)
        u = sorted(self.url[w] for w in url_words if w in self.url)
        t = sorted((self.text[w] for w in text_words if w in self.text), reverse=True)
        return [max(u, default=0.0), min(u, default=0.0), sum(u),
                sum(t[:TEXT_WORDS_SUMMED]), sum(t[-TEXT_WORDS_SUMMED:]), sum(t) / len(t) if t else 0.0]


def _log(n: float) -> float:
    return math.log1p(max(n, 0))


def page_features(url: str | None, meta: dict, shape: PageShape, blocks: list[Block],
                  weights: WordWeights | None = None) -> np.ndarray:
    """One row of PAGE_FEATURES for a page: its URL, its declared type and metadata, its shape, the
    blocks the cleaner kept and its words weighed by `weights` (zeros without)."""
    og = meta.get("og_type") or ""
    title = meta.get("title") or ""
    # the kept blocks' sums in one pass (a page can have 600,000 of them): each block's reading
    # length read once
    kept_chars = kept_links = raw_chars = headings = prose_chars = longest = 0
    prose_count = 0
    texty: list[int] = []  # blocks of sentences, however short (a brief's paragraphs)
    for b in blocks:
        text = b.text
        n = reading_length(text)
        kept_chars += n
        kept_links += b.link_chars
        raw_chars += len(text)
        if b.heading:
            headings += 1
        # (Block.link_density, written out: a property costs a call per block)
        elif (b.link_chars / len(text) if text else 0.0) < 0.2:
            if is_paragraph(text):
                prose_count += 1
                prose_chars += n
                longest = max(longest, n)
            if n >= 80 or len(_SENTENCE.findall(text)) >= 2:
                texty.append(n)
    row = _url_features(url) + [
        float(bool(meta.get("jsonld_article"))), float(bool(meta.get("jsonld_listing"))),
        float(og == "article"), float(og == "website"), float(bool(og) and og not in ("article", "website")),
        float(bool(meta.get("published"))), float(bool(meta.get("authors"))), float(bool(meta.get("jsonld_body"))),
        len(_WORDS.findall(title)),
        shape.headline_links, shape.teaser_headings, shape.article_elements, shape.time_elements,
        shape.repeated_cards, shape.link_chars / shape.chars if shape.chars else 0.0, _log(shape.chars), shape.headings,
        shape.repeated_cards / shape.headline_links if shape.headline_links else 0.0, shape.card_summaries,
        shape.prices, shape.buttons, shape.raw_paragraphs, _log(shape.raw_paragraph_chars), shape.h1s,
        float(bool(meta.get("jsonld_product"))), len(meta.get("jsonld_types") or ()),
        shape.child_links, shape.child_headline_links, shape.dates,
        _log(kept_chars), len(blocks), prose_count, _log(prose_chars),
        _log(longest),
        kept_links / raw_chars if raw_chars else 0.0,
        headings / len(blocks) if blocks else 0.0,
        prose_chars / kept_chars if kept_chars else 0.0,
        len(texty), _log(sum(texty)),
        kept_chars / (shape.headline_links + 1),
        shape.card_groups, shape.rich_groups, shape.rich_cards, shape.image_cards,
        shape.card_chars / shape.chars if shape.chars else 0.0, shape.top_rich, shape.top_images, shape.top_headings,
        shape.top_chars / shape.top_cards if shape.top_cards else 0.0, shape.top_chars / shape.chars if shape.chars else 0.0,
        shape.headings / (shape.raw_paragraphs + 1), shape.short_chars / shape.chars if shape.chars else 0.0,
    ]
    row += weights.features(url_words(url), shape.words) if weights is not None else [0.0] * 6
    return np.array(row, dtype=np.float64)


#: Running prose, in reading-length characters, that makes a page declaring an article a story
#: whatever its shape.
STORY_CHARS = 1500
#: The same for a page whose JSON-LD declares a news article (NewsArticle and its kinds): a
#: paragraph of it, in sentences of any length. Sites declare "Article" on list pages too (every
#: Wikipedia page, a legal aid's forms page), but no listing page of wcxb-pagetypes' 208 declares
#: news.
NEWS_STORY_CHARS = 150


def is_declared_story(meta: dict, blocks: list[Block]) -> bool:
    """A page that says it is an article and shows a story's worth of running prose (a paragraph
    of it, when it says it is news): a brief beside a rail of thirty other stories' headlines is
    still a story."""
    declared = meta.get("jsonld_article") or meta.get("og_type") == "article"
    if not declared:
        return False
    prose = sum(reading_length(b.text) for b in blocks
                if not b.heading and b.link_density < 0.2 and is_paragraph(b.text))
    if prose >= STORY_CHARS:
        return True
    if not any(t.endswith("newsarticle") for t in meta.get("jsonld_types") or ()):
        return False
    # a brief's paragraphs are short: every sentence of prose counts
    return sum(reading_length(b.text) for b in blocks
               if not b.heading and b.link_density < 0.2 and ends_sentence(b.text)) >= NEWS_STORY_CHARS


@dataclass(frozen=True, eq=False)
class PageTypeModel:
    """The trees, the words' weights and the cut: a page is a listing when its probability is at
    least `threshold`."""

    trees: BlockModel
    weights: WordWeights | None = None

    @property
    def threshold(self) -> float:
        return self.trees.threshold

    @property
    def meta(self) -> dict:
        return self.trees.meta

    def chance(self, row: np.ndarray) -> float:
        """The probability that the page is a listing."""
        return float(self.trees.predict(row.reshape(1, -1))[0])

    @classmethod
    def from_json(cls, text: str) -> "PageTypeModel":
        trees = BlockModel.from_json(text)
        if tuple(trees.features) != PAGE_FEATURES:
            raise ValueError("the page-type model was fitted on other features: retrain it "
                             "(python -m cleaners.train_pagetype)")
        words = trees.meta.get("word_weights")
        return cls(trees, WordWeights(words["url"], words["text"]) if words else None)

    def to_json(self) -> str:
        return self.trees.to_json()


@lru_cache(maxsize=1)
def default_pagetype_model() -> PageTypeModel | None:
    """The page-type model shipped in the package, loaded once per process (None if missing, or
    fitted on other features than this code computes: the rules decide then, and retraining works)."""
    return read_shipped(PAGETYPE_MODEL_PATH, PageTypeModel.from_json, "page-type")


# URL paths of listing pages, for the rules that decide when no model is given.
_LISTING_PATH = re.compile(
    r"/(?:tags?|topics?|category|categories|section|sections|authors?|archives?|search|page)(?:/|$)|[?&]page=\d",
    re.I,
)


def rules_page_type(url: str | None, meta: dict, blocks: list[Block], shape: PageShape, min_teasers: int = 5) -> str:
    """"article" or "listing" by hand-written rules: what the page declares, its URL and its shape
    (the decision when no model is given)."""
    text_chars = sum(reading_length(b.text) for b in blocks)
    prose_paragraphs = sum(1 for b in blocks if not b.heading and b.link_density < 0.2 and is_paragraph(b.text))
    if meta.get("jsonld_listing") and not meta.get("jsonld_article"):
        return "listing"
    declared_article = meta.get("jsonld_article") or meta.get("og_type") == "article"
    if declared_article and text_chars >= 150:
        return "article"
    path = urlsplit(url).path if url else ""
    if url and not declared_article:
        if path in ("", "/") or (_LISTING_PATH.search(url) and prose_paragraphs < 2):
            return "listing"
    if (shape.teaser_headings >= min_teasers or shape.article_elements >= 3) and prose_paragraphs < 2:
        return "listing"
    return "article" if text_chars >= 150 else "listing"


def decide_page_type(model: PageTypeModel | None, url: str | None, meta: dict, shape: PageShape,
                     blocks: list[Block], min_teasers: int = 5) -> tuple[str, float | None]:
    """The page type and the model's probability that the page is a listing (None: rules decided)."""
    if model is None:
        return rules_page_type(url, meta, blocks, shape, min_teasers), None
    chance = model.chance(page_features(url, meta, shape, blocks, model.weights))
    if chance >= model.threshold and not is_declared_story(meta, blocks):
        return "listing", chance
    return "article", chance
