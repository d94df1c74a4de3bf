"""Article metadata from what the page states: JSON-LD, OpenGraph and meta tags, then the markup."""

from __future__ import annotations

import enum
import re
import unicodedata
from contextvars import ContextVar
from itertools import chain, islice
from html import unescape as html_unescape
from datetime import MAXYEAR, MINYEAR, date, datetime
from typing import Any, Final, Iterator
from urllib.parse import unquote, urlsplit

import numpy as np
from lxml import etree

from ._decode import load_json, read_again
from ._language import language_code
from ._dates import DateCandidate, DateModel, date_features, default_date_model
from ._text import DATE_PATTERN
from ._title import TitleCandidate, TitleModel, default_title_model, title_candidates, title_features
from ._urls import bad_host, host_of, join_url, usable_url
from .rules import (AUTHOR_CONNECTIVES, BYLINE_PREFIXES, DATE_MONTHS, DATE_WEEKDAYS, MODIFIED_LABELS, MONTH_ABBREVIATIONS,
                    MONTH_NAMES, PUBLISHED_LABELS, alternation)

try:  # imported once here, not on the first page that needs it (it loads dateparser's tables)
    from htmldate import find_date
    from htmldate.utils import load_html
except ImportError:  # a dependency, but the structured sources come first and work without it
    find_date = None

__all__ = ["extract_metadata", "ARTICLE_TYPES", "parse_datetime"]

#: schema.org types that describe one article.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting",
    "liveblogposting", "techarticle", "scholarlyarticle", "report", "posting",
})
#: schema.org types of what shops list.
PRODUCT_TYPES = frozenset({"product", "offer", "aggregateoffer", "productgroup", "productcollection"})
#: schema.org types of listing pages.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})

# " | Site Name", " - Site Name", " — Site" at the end of a <title>.
_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+[|\u2013\u2014\-:·•»/]\s+")
_WS = re.compile(r"\s+")
# Leading "By" (and translations) in a byline.
_BY = re.compile(rf"^(?:{alternation(BYLINE_PREFIXES)})(?:\s*[:：]\s*|\s+)", re.I)
# Separators between several authors in one string.
# (case-sensitive: "Dan Goodin" is a name, "Budi dan Siti" two)
_AUTHOR_SPLIT = re.compile(
    rf"(?<!\s)\s*(?:,|;|&|、|\n|\s[|•·∙⋅]|\s/\s|(?<=[a-z])/(?=[A-Z])|\b(?:AND|[Ee]dited by|{alternation(AUTHOR_CONNECTIVES)})\b)\s*")
# Credits for the pictures after the byline: "Photos by Ann Lee", "Video by …".
_OTHER_CREDITS = re.compile(
    r"(?<!\s)\s+(?:(?:photos?|photography|pictures|illustrations?|graphics|video)\s+by|on\s+behalf\s+of)\b.*$"
    # and the page's buttons run into the byline ("Share Article Copy link", "View In Digital Edition")
    r"|(?<!\s)\s+(?:share|view|follow|sponsored|add\s+\S+\s+on|read\s+more)\b.*$|\s*[⋅·•|]\s*$", re.I | re.S)
# A time or a relative time after the name ("11:00 PM PST", "před 2 hodinami", "3 hours ago"):
# the byline's dateline, cut off with everything after it.
_TIME_TAIL = re.compile(
    r"(?:^|\s|\||·)(?:\d{1,2}[:.]\d{2}\b|\d+\s+(?:hours?|hrs?|minutes?|mins?|days?|hodin\w*|minut\w*|dn[ií]\w*|Stunden?|Minuten?|Tagen?"
    r"|heures?|jours?|horas?|minutos?|d[ií]as?|ore|minuti|giorni|godzin\w*|minut|dni|uur|minuten|dagen|час\w*|минут\w*|дн\w*)\b"
    r"|(?:ago|před|vor|il y a|hace|fa|temu|geleden|назад)\b).*$", re.I)
# Words of a job title: a part that starts with one is a role, and a name followed by one ends there.
_ROLE_WORDS = frozenset("""
editor editors reporter reporters correspondent correspondents writer writers columnist columnists contributor
contributors staff senior junior chief deputy associate assistant managing executive technologist photographer
photographers producer analyst director manager intern journalist journalists critic strategist
redakteur redakteurin redaktion korrespondent korrespondentin autor autorin rédacteur rédactrice journaliste
correspondant correspondante envoyé envoyée periodista redactor redactora corresponsal giornalista redattore
redattrice corrispondente dziennikarz dziennikarka redaktor redaktorka korespondent verslaggever redacteur
author authors former founder co-founder cofounder ceo cto coo cfo vp president consultant expert specialist head
lead advisor adviser coach dietitian nutritionist gardener coordinator marketer certified licensed grader
disclosure admin administrator
""".split())


#: All the text under an element, joined by libxml2 (what "".join(elem.itertext()) gives, in
#: half the time).
_STRING = etree.XPath("string()", smart_strings=False)


def text_of(elem: etree._Element) -> str:
    """All the text under an element (lxml.html's text_content for plain lxml elements)."""
    # most elements hold one text node: read it without XPath
    return (elem.text or "") if len(elem) == 0 else _STRING(elem)


class _Page:
    """The elements of the tags metadata reads, each tag's in document order, found in one walk
    over the document when first asked for: lxml walks the whole tree for each iter(tag), and for
    each find(".//tag") too (it looks ahead for a second match), and metadata asks for a dozen."""

    TAGS = ("meta", "script", "title", "h1", "h2", "time", "link", "body")

    def __init__(self, doc: etree._Element) -> None:
        self.doc = doc
        self._found: list[etree._Element] | None = None
        self._by_tag: dict[str, list[etree._Element]] = {}
        self._body_h1s: list[etree._Element] | None = None

    def iter(self, *tags: str) -> list[etree._Element]:
        """What doc.iter(*tags) yields (of TAGS)."""
        if self._found is None:
            self._found = list(self.doc.iter(*self.TAGS))
        key = " ".join(tags)
        found = self._by_tag.get(key)
        if found is None:
            found = self._by_tag[key] = [el for el in self._found if el.tag in tags]
        return found

    def find(self, tag: str) -> etree._Element | None:
        """What doc.find(".//" + tag) finds: the first such element under the document."""
        return next((el for el in self.iter(tag) if el is not self.doc), None)

    def body_h1s(self) -> list[etree._Element]:
        """What doc.find("body").iter("h1") yields ([] without a body)."""
        if self._body_h1s is None:
            body = self.doc.find("body")
            self._body_h1s = [] if body is None else list(body.iter("h1"))
        return self._body_h1s


#: The page extract_metadata is reading (each thread and task has its own).
_PAGE: ContextVar[_Page | None] = ContextVar("metadata_page", default=None)


def _page(doc: etree._Element) -> _Page:
    """The elements of `doc` by tag: those extract_metadata found, when it is reading `doc`."""
    page = _PAGE.get()
    return page if page is not None and page.doc is doc else _Page(doc)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
        return _clean(value)
    if isinstance(value, dict):
        return _clean(value.get("name") or value.get("@value") or value.get("url"))
    text = _WS.sub(" ", str(value)).strip()
    return text or None


#: Markup left in a declared value ("<p>We're excited ...</p>": a description copied from a body):
#: elements inside a line go without a trace, the others leave a space. Only HTML's own names, so
#: "<The Palace: Tale of Jang Noksu>" (a work's title in Korean usage) stays.
_INLINE_MARKUP = re.compile(r"</?(?:a|abbr|b|cite|code|em|i|mark|q|s|small|span|strong|sub|sup|u)(?:\s[^<>]*)?/?>", re.I)
_BLOCK_MARKUP = re.compile(r"</?(?:blockquote|br|div|h[1-6]|hr|img|li|ol|p|pre|table|td|th|tr|ul)(?:\s[^<>]*)?/?>", re.I)


def _as_read(value: str | None) -> str | None:
    """A declared text (description, site name, tag) as a reader sees it: without markup, its
    character references read (a source escaped twice or more: "Gas &amp;amp; Electric"), UTF-8 read as
    Latin-1 read again, its spaces collapsed."""
    if not value:
        return None
    value = _references_read(value)
    if "<" in value:
        value = _BLOCK_MARKUP.sub(" ", _INLINE_MARKUP.sub("", value))
    value = read_again(value)
    return _WS.sub(" ", value).strip() or None


def _types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {str(x).lower() for x in t}
    return set()


def _walk_jsonld(data: Any, depth: int = 0) -> Iterator[dict]:
    """Every dict node in a JSON-LD document, @graph included, depth-limited."""
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _walk_jsonld(data[key], depth + 1)


# What some pages wrap their JSON-LD in: a CDATA section or an HTML comment.
_JSON_WRAPPERS = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$")


def _jsonld_nodes(doc: etree._Element) -> list[dict]:
    nodes: list[dict] = []
    for script in _page(doc).iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        text = script.text
        # only a text with a wrapper's marks is searched for it (the expression tries every
        # character of a long script, and most have none)
        if "<!" in text or "]]>" in text or "-->" in text:
            text = _JSON_WRAPPERS.sub("", text)
        try:
            data = load_json(text.strip().rstrip(";"))
        except ValueError:
            continue
        nodes.extend(_walk_jsonld(data))
    return nodes


def parse_datetime(value: str | None) -> str | None:
    """An ISO 8601 string for a date or datetime the page states, keeping its timezone.

    >>> parse_datetime("2026-11-03T09:15:00+01:00")
    '2026-11-03T09:15:00+01:00'
    >>> parse_datetime("2026-11-03T08:15:00Z")
    '2026-11-03T08:15:00+00:00'
    """
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text if calendar_day(int(text[:4]), int(text[5:7]), int(text[8:])) else None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime

            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return dt.isoformat() if calendar_day(dt.year, dt.month, dt.day) else None


def calendar_day(year: int, month: int, day: int) -> str | None:
    """The day as YYYY-MM-DD when it is one (not "2024-02-30", "0000-00-00"), and not in the first
    or last year a date type holds: "0001-01-01" and "9999-12-31" are what systems write for no
    date (.NET's and SQL's least and greatest dates), never a page's.

    >>> calendar_day(2024, 2, 29), calendar_day(2023, 2, 29), calendar_day(1, 1, 1)
    ('2024-02-29', None, None)
    """
    if not MINYEAR < year < MAXYEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _meta(doc: etree._Element) -> dict[str, str]:
    """<meta> values by lower-cased property/name/itemprop (first one wins)."""
    out: dict[str, str] = {}
    for meta in _page(doc).iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    return out


def _without_role(name: str) -> str | None:
    """The name without the job title after it; None when the part is a job title."""
    words = name.split()
    at = next((i for i, w in enumerate(words) if w.casefold().strip(".,") in _ROLE_WORDS), None)
    if at is None:
        return name
    if at == 0:
        return None
    if at == len(words) - 1 and at >= 3:
        at -= 1  # "Ben Silverman Games Editor": the word before a lone title is its beat
    return " ".join(words[:at])


def _looks_like_name(name: str) -> bool:
    """A person's name: starts with a capital (or a script without case), no digits."""
    first = name[0]
    return (first.isupper() or not first.isascii() and first.lower() == first.upper()) and not any(c.isdigit() for c in name)


def _split_authors(values: list[str], publisher: str | None) -> list[str]:
    names: list[str] = []
    for value in values:
        value = _OTHER_CREDITS.sub("", _TIME_TAIL.sub("", value.strip()))
        value = _BY.sub("", _HANDLE.sub("", DATE_PATTERN.sub("", value)).strip())
        for name in _AUTHOR_SPLIT.split(value):
            name = name.strip(" .,-|:·")
            # a job title after a name goes; a byline that is all title ("Contributors to
            # Wikimedia projects") is what the page says, and stays
            stripped = _without_role(name)
            name = name if stripped is None and not names else stripped or ""
            name = name.strip(" .,-|:·")
            if not name or len(name) > 60 or name.startswith("http") or _ROLE.match(name) or not any(c.isalpha() for c in name):
                continue
            if not _looks_like_name(name):
                continue
            if publisher and name.casefold() == publisher.casefold():
                continue
            if name not in names:
                names.append(name)
    # a lone word beside full names is a fragment of an organisation ("ACLU Speech, Privacy, and ...")
    if any(" " in n for n in names):
        names = [n for n in names if " " in n or not n.isascii()]
    return names


def strip_site_name(title: str, site_name: str | None, host: str | None = None, authors: tuple[str, ...] = ()) -> str:
    """Remove a " | Site" suffix or "Site: " prefix from a page title, keeping subtitles; a part
    that is exactly one of the authors' names (" - John C. Welch - Medium") goes too.

    >>> strip_site_name("How we designed ATF - an async task framework", None)
    'How we designed ATF - an async task framework'
    >>> strip_site_name("How to Build a Terrarium | eHow", None, "www.ehow.com")
    'How to Build a Terrarium'
    >>> strip_site_name("How we designed Dropbox's ATF - an async task framework", None, "dropbox.tech")
    "How we designed Dropbox's ATF - an async task framework"
    """
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    brands = {b.casefold() for b in (site_name,) if b}
    labels: tuple[str, ...] = ()
    if host:
        name, others = _host_labels(host)
        brands.add(name)
        labels = others
    site = site_name.casefold() if site_name else None

    def is_brand(part: str) -> bool:
        key = part.casefold().strip()
        squashed = re.sub(r"[\W_]+", "", key)
        # the brand itself, or the brand with a word or two ("Dropbox Tech Blog"); a part that
        # merely mentions it ("How we designed Dropbox's ATF") is the headline; the site's name
        # shortened ("Thrive Internet Marketing" of "Thrive Internet Marketing Agency"); a label
        # of the host's other than its name, itself ("Slashdot" on developers.slashdot.org: the
        # name; "Developers" there: a label)
        return (any(key == b or squashed == re.sub(r"[\W_]+", "", b)
                    or b in key and len(key.split()) <= len(b.split()) + 2 for b in brands)
                or squashed in labels
                or bool(site) and len(key.split()) >= 2 and site.startswith(key))

    names = {a.casefold() for a in authors}
    kept = [p for p in parts if not is_brand(p) and p.casefold().strip() not in names]
    if kept and len(kept) < len(parts):
        return " - ".join(kept) if len(kept) > 1 else kept[0]
    # No known brand: drop a short last (or first) part only when it is plainly a name, e.g.
    # "Headline of the story | Daily Example"; a longer part is a subtitle and stays.
    head, tail = parts[:-1], parts[-1]
    body = " - ".join(head)
    if len(tail.split()) <= 3 and len(tail) <= 25 and len(body) >= 2 * len(tail) and tail[:1].isupper() and not tail.endswith("?"):
        return body
    return title


#: Second-level labels under which a country's sites register their names ("bbc.co.uk").
_SECOND_LEVELS = frozenset("co com org net ac gov edu ne or go gob nic".split())


def _host_labels(host: str) -> tuple[str, tuple[str, ...]]:
    """A host's registered name and the labels before it, in order, the top level and "www" left
    out ("developers.slashdot.org": "slashdot", ("developers",); "www.bbc.co.uk": "bbc", ())."""
    labels = [x for x in host.lower().split(":")[0].split(".") if x and x != "www"]
    if len(labels) < 2:
        return (labels[0] if labels else ""), ()
    at = -3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVELS else -2
    return labels[at], tuple(labels[:at])


def _similar(a: str | None, b: str | None) -> bool:
    """Two titles that share at least 60% of the words of the shorter (both words of a
    two-word heading: "Hermitian matrix" is not "matrix equal to its conjugate-transpose")."""
    wa, wb = set(re.findall(r"\w+", (a or "").casefold())), set(re.findall(r"\w+", (b or "").casefold()))
    return bool(wa and wb) and len(wa & wb) >= max(1, -(-3 * min(len(wa), len(wb)) // 5))


#: <meta> names and properties that carry the publication date, most trusted first.
_DATE_META = (
    "article:published_time", "article:published:time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish_date", "publication_date", "article.published", "dc.date.issued", "dcterms.created",
    "dcterms.issued", "parsely-pub-date", "sailthru.date", "date", "dc.date",
)
#: Class/id parts of visible bylines.
_BYLINE_PARTS = frozenset({"byline", "bylines", "author", "authors", "authorname", "author-name", "byline-name",
                           "article-author", "story-byline", "posted-by", "postedby", "contributor", "writer",
                           # in other languages: es/pt/pl/cs "autor", it "autore", fr "auteur", de
                           # "verfasser", es "firma", id "penulis", tr "yazar", vi "tacgia", ru "avtor"
                           "autor", "autores", "autore", "autori", "auteur", "auteurs", "verfasser", "firma",
                           "penulis", "yazar", "tacgia", "tac-gia", "avtor"})
#: Words in a class or id that hint at a byline (case-folded).
_BYLINE_HINT_WORDS = ("byline", "author", "posted", "contributor", "writer", "autor", "auteur", "verfasser", "firma",
                      "penulis", "yazar", "tacgia", "tac-gia", "avtor")
_BYLINE_HINT = re.compile("|".join(map(re.escape, _BYLINE_HINT_WORDS)), re.I)
# Handles, e-mail addresses and "Updated ..." tails in a byline.
_HANDLE = re.compile(r"@\w+|(?<!\S)\S+@\S+\.\w+|\b(?:last\s+)?(?:updated|published|posted)\b.*$", re.I)
# A part that is all capitals and short: a degree or role ("MA", "PhD" reads as a name otherwise).
_ROLE = re.compile(r"^(?:[A-Z]{1,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")


# A date before a heading's text ("Dec 18 2025 Preparing a transition") or a "Posted on ... by"
# line after it: the dateline run into the heading, not part of the headline.
_HEADING_DATE = re.compile(
    r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{4}-\d\d-\d\d)\s+(?=\S)|\s+Posted on\b.*$")
# A permalink mark after a heading's text ("Setting up¶", "Install #").
_HEADERLINK = re.compile(r"(?<!\s)\s*[¶#§🔗]\s*$")


def _shown(title: str, doc: etree._Element, site_name: str | None, host: str | None) -> str | None:
    """The headline as the page shows it, when a heading says the declared title in other words
    ("The seven secrets..." for "Seven secrets...", the display headline beside an SEO title):
    the first <h1> like the title, else the first <h2>. A heading that is the site's name is not
    the headline."""
    for tag in ("h1",):
        for h in _page(doc).iter(tag):
            text = _HEADERLINK.sub("", _WS.sub(" ", _clean(text_of(h)) or "")).strip()
            if len(text) < 3 or len(text) > 300 or not _similar(text, title):
                continue
            if text.isupper() and not title.isupper() or _IN_COMMENTS(h):
                continue  # a heading set in capitals, the declared title in the writer's case; a reply's
            text = _HEADING_DATE.sub("", text).strip() or text
            if strip_site_name(f"{title} | {text}", site_name, host) != title:
                return text  # not the site's name: "Title | heading" keeps the heading
        # an <h1> like the title but naming the site: no second guess from the <h2>s
    return None


_WORD = re.compile(r"\w+")


def _slug_share(text: str, slug: set[str]) -> float:
    """The share of a title's words that the address's path spells."""
    words = set(_WORD.findall(text.casefold()))
    return len(words & slug) / len(words) if words else 0.0


def _slug_heading(title: str, doc: etree._Element, site_name: str | None, host: str | None, path: str) -> str | None:
    """The page's one <h1>, where it says something other than the declared title and the
    address spells more of its words than of the declared title's ("/top-espresso-machine-under-500"
    for the <h1> "Top Espresso Machine under $500: ...", beside the SEO title "The 5 Most EPIC
    Espresso Machines Under $500"): the headline the page was published under."""
    slug = set(_WORD.findall(unquote(path).casefold().replace("_", " ")))
    if not slug:
        return None
    headings = _page(doc).body_h1s()[:2]  # (none without a body)
    if len(headings) != 1 or _IN_COMMENTS(headings[0]):
        return None
    text = _HEADERLINK.sub("", _WS.sub(" ", _clean(text_of(headings[0])) or "")).strip()
    text = _HEADING_DATE.sub("", text).strip() or text
    if len(text) < 10 or len(text) > 300 or text.isupper() and not title.isupper():
        return None
    if strip_site_name(f"{title} | {text}", site_name, host) == title:
        return None  # the site's name
    return text if _slug_share(text, slug) > _slug_share(title, slug) else None


#: schema.org types of a news story: its declared headline is the one its editors wrote, and a
#: heading that shows it in other words (a kicker split off, a shortened form) does not replace it.
NEWS_TYPES = frozenset({
    "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
    "backgroundnewsarticle", "askpublicnewsarticle", "liveblogposting",
})


def _title(doc: etree._Element, article: dict, meta: dict[str, str], site_name: str | None, host: str | None,
           authors: tuple[str, ...] = (), path: str = "") -> str | None:
    """The headline (see _headline), its character references read."""
    title = _headline(doc, article, meta, site_name, host, authors, path)
    return read_again(_references_read(title)) if title else title


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d?);", re.I)


def _references_read(text: str) -> str:
    """The text with the character references the parser left read: a source escaped twice or
    three times ("&amp;#8230;", "[&amp;amp;hellip;]")."""
    for _ in range(3):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html_unescape(text)
    return text


def _headline(doc: etree._Element, article: dict, meta: dict[str, str], site_name: str | None, host: str | None,
              authors: tuple[str, ...] = (), path: str = "") -> str | None:
    """The headline: declared (JSON-LD, OpenGraph, Twitter) or the <title> part a heading confirms.
    A heading that says the declared title in other words is taken, except on a news story."""
    title_el = _page(doc).find("title")
    page_title = _clean(text_of(title_el)) if title_el is not None else None
    page_title = html_unescape(page_title) if page_title else None
    site_key = site_name.casefold() if site_name else None
    headings = [_HEADERLINK.sub("", _clean(text_of(h)) or "") for h in _page(doc).iter("h1", "h2")]
    headings = [h for h in headings if h]
    # entities escaped twice ("&amp;bull;" in the source) read as the characters they stand for
    declared = [html_unescape(c) for c in (_clean(article.get("headline")), meta.get("og:title"), meta.get("twitter:title"))
                if c and c.strip().casefold() != site_key]
    # A declared title the page's <title> or headline agrees with; a generic one ("Wikimedia
    # list article") that neither mentions is passed over.
    for candidate in declared:
        if not (page_title or headings) or _similar(candidate, page_title) or any(_similar(candidate, h) for h in headings[:3]):
            declared_title = strip_site_name(_WS.sub(" ", candidate).strip(), site_name, host, authors)
            if _types(article) & NEWS_TYPES:
                # another declared headline that is this one less a kicker or a tail ("Neue
                # Leipziger Schule: Judy Lybke, ..." in the JSON-LD, "Judy Lybke, ..." as og:title):
                # the shorter
                for other in declared:
                    other = strip_site_name(_WS.sub(" ", other).strip(), site_name, host, authors)
                    if len(other.split()) >= 3 and len(other) < len(declared_title) and _squash(other) in _squash(declared_title):
                        declared_title = other
                return declared_title
            shown = _shown(declared_title, doc, site_name, host) or _slug_heading(declared_title, doc, site_name, host, path)
            if shown is None or _fold_quotes(shown) == _fold_quotes(declared_title) or _within(declared_title, shown):
                # the same words with the quotes set otherwise (a template's typographic ones in
                # the heading): the title as declared
                return declared_title
            return shown
    if page_title:
        stripped = strip_site_name(_WS.sub(" ", page_title).strip(), site_name, host, authors)
        folded = page_title.casefold()
        # the heading the page shows, when the <title> holds it or a shortened form of it; of
        # several (a site-name <h1> in the header, the story's below), the one the <title> puts
        # first, the story's headline coming before the site's name
        shown = [h for h in headings if len(h) >= 10 and (h.casefold() in folded or stripped.casefold() in h.casefold())]
        if shown:
            return min(shown, key=lambda h: (folded.find(h.casefold()) % (len(folded) + 1), -len(h)))
        return stripped
    if declared:
        return strip_site_name(_WS.sub(" ", declared[0]).strip(), site_name, host, authors)
    return headings[0] if headings else None


class _Shipped(enum.Enum):
    """The default of `extract_metadata`'s `title_model`: the model shipped in the package."""

    MODEL = "shipped"


#: The default of `extract_metadata`'s `title_model`: the model shipped in the package.
SHIPPED_MODEL: Final = _Shipped.MODEL


def _learned_title(model: TitleModel, rule: str | None, doc: etree._Element, article: dict, meta: dict[str, str],
                   site_name: str | None, host: str | None, authors: tuple[str, ...], path: str) -> str | None:
    """The candidate `model` finds most likely to be the title (the rules' pick is one of them)."""
    candidates, X = title_rows(rule, doc, article, meta, site_name, host, authors, path)
    if len(candidates) < 2:
        return rule
    title = model.choose(candidates, X)
    if title == rule:
        return rule
    return read_again(_references_read(title))


def title_rows(rule: str | None, doc: etree._Element, article: dict, meta: dict[str, str], site_name: str | None,
               host: str | None, authors: tuple[str, ...], path: str) -> tuple[list[TitleCandidate], np.ndarray]:
    """The page's title candidates and their features (cleaners._title's TITLE_FEATURES)."""
    title_el = _page(doc).find("title")
    declared = {"jsonld": _clean(article.get("headline")), "og": meta.get("og:title"),
                "twitter": meta.get("twitter:title"), "title": _clean(text_of(title_el)) if title_el is not None else None}
    h1s = [h for h in (_HEADERLINK.sub("", _clean(text_of(h)) or "") for h in _page(doc).iter("h1")) if h][:3]
    candidates = title_candidates(rule, declared, h1s, lambda t: strip_site_name(t, site_name, host, authors))
    slug = {w.casefold() for w in _WORD.findall(path)}
    return candidates, title_features(candidates, bool(_types(article) & NEWS_TYPES), slug)


#: Words a heading may add to the declared title and still show it ("Blog: ...", "... - Part 1").
HEADING_EXTRA_WORDS = 3


def _within(title: str, heading: str) -> bool:
    """A heading that is the declared title with a label before it ("Blog: Best ...") or a tail
    after a separator ("... - Personally Tested", "... – Artlyst"): the declared title."""
    heading = _WS.sub(" ", heading).strip()
    if heading.startswith(title):
        extra = heading[len(title):]
        parts = _TITLE_SEPARATORS.split(extra, maxsplit=1)
        ok = len(parts) == 2 and not parts[0].strip()
    elif heading.endswith(title):
        extra = heading[:-len(title)].rstrip()
        ok = extra.endswith(":")
    else:
        return False
    return ok and len(title.split()) >= 3 and 0 < len(_WORD.findall(extra)) <= HEADING_EXTRA_WORDS


#: Typographic quotes and apostrophes, as the plain ones they are typed as.
_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
                               "\u201e": '"', "\u2033": '"'})


def _fold_quotes(text: str) -> str:
    """The text with typographic quotes as plain ones ("Here’s" as "Here's")."""
    return text.translate(_PLAIN_QUOTES)


def _elements(doc: etree._Element) -> Iterator[etree._Element]:
    """Every element of the document in order, as XPath's //* finds them: those of the root
    and of any element beside it (a page can hold a second <html> after the first)."""
    root = doc.getroottree().getroot()
    tops = (*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings())
    return chain.from_iterable(top.iter() for top in tops)  # (quicker than a generator's yield from)


#: Elements of a page searched for its author's marks, from its start (the corpora's largest
#: page has 11,529; a byline stands near the headline).
AUTHOR_SEARCH_ELEMENTS = 50_000


def _author_elements(doc: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """In one walk over the document's first AUTHOR_SEARCH_ELEMENTS elements, in document order:
    the elements marked as the author (rel="author", itemprop="author"), and those whose class or
    id hints at a byline (`_BYLINE_HINT`). A page can hold 400,000 elements, most of them
    unnamed: a loop over their attribute names is three times quicker than an XPath, and a
    search of all their names at once, joined, three times quicker than a search of each."""
    marked: list[etree._Element] = []
    names: list[str] = []  # each class and each id, in document order
    named: list[etree._Element] = []  # the element of each of `names`
    for el in islice(_elements(doc), AUTHOR_SEARCH_ELEMENTS):
        keys = el.keys()
        if not keys:
            continue
        # (a class and an id read as two names, not joined in one: no hint spans the space between)
        if "class" in keys:
            names.append(el.get("class"))
            named.append(el)
        if "id" in keys:
            names.append(el.get("id"))
            named.append(el)
        if ("rel" in keys or "itemprop" in keys) and (el.get("rel") == "author" or el.get("itemprop") == "author"):
            marked.append(el)
    # the names joined by NUL, which no attribute value holds (XML forbids it) and no hint spans
    joined = "\0".join(names)
    folded = joined.lower()
    if len(folded) != len(joined):  # a character whose lower case is longer ("İ"): one name at a time
        lines = [line for line, name in enumerate(names) if _BYLINE_HINT.search(name)]
    else:
        starts = []
        for word in _BYLINE_HINT_WORDS:
            at = folded.find(word)
            while at >= 0:
                starts.append(at)
                at = folded.find(word, at + 1)
        lines = []
        line = pos = 0
        for at in sorted(starts):
            line += folded.count("\0", pos, at)
            pos = at
            lines.append(line)
    hinted: list[etree._Element] = []
    for line in lines:
        if not hinted or hinted[-1] is not named[line]:
            hinted.append(named[line])
    return marked, hinted


# An element inside a reader comment (its author is a commenter, not the story's).
# (a class or id that starts with "comment"; the page's <body> and <html> say "comments-open" on
# whole pages, and do not count)
_IN_COMMENTS = etree.XPath(
    'boolean(ancestor-or-self::*[not(self::body) and not(self::html)]'
    '[contains(concat(" ", normalize-space(@class)), " comment") or starts-with(@id, "comment")])')


def _visible_byline(marked: list[etree._Element], hinted: list[etree._Element]) -> list[str]:
    """Author names from the page's visible byline: the elements marked as the author, then those
    whose class or id says byline or author (both as `_author_elements` finds them)."""
    for el in marked:
        name = _clean(text_of(el))
        if name and len(name) <= 80:
            return [name]
    for el in hinted:
        tokens = set((el.get("class") or "").lower().split()) | {(el.get("id") or "").lower()}
        parts = tokens | {p for t in tokens for p in re.split(r"[-_]+", t)}
        if parts & _BYLINE_PARTS and el.tag not in ("body", "html", "article", "main", "section") and not _IN_COMMENTS(el):
            text = _byline_text(el)
            if text and (3 <= len(text) or _is_agency(text)) and len(text) <= 120:
                return [_HANDLE.sub("", text)]
    return []


#: Wire agencies (case-folded): a byline naming one credits the story's source, and counts as
#: an author even where it is short and in capitals ("AP", "SDA") or names the site itself.
WIRE_AGENCIES = frozenset("""
dpa ap afp reuters sda apa kna epd ansa efe xinhua kyodo yonhap aap ntb ritzau anp belga upi tass pti ians ani
bloomberg jiji interfax ria-novosti tt stt nzpa ddp dts awp keystone-sda dpa-afx afx dow-jones rtr adnkronos agi
lusa pap ctk čtk mti hina bta tanjug fena ap-news
""".split()) | frozenset({
    "associated press", "the associated press", "agence france-presse", "agence france presse", "press association",
    "pa media", "canadian press", "the canadian press", "europa press", "ria novosti", "anadolu agency", "anadolu ajansı",
    "kyodo news", "yonhap news", "efe news", "xinhua news agency", "dow jones", "dpa-afx", "afp deutschland",
})
#: Schema.org types of an author that is not a person.
_ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "educationalorganization",
                        "governmentorganization", "localbusiness", "ngo", "onlinebusiness", "website"})
# A web address standing as a name ("mdr.de", "Deutsche Welle (www.dw.com)"): the site, not a person.
_DOMAIN_NAME = re.compile(r"\b[\w-]+\.(?:com|net|org|de|at|ch|fr|es|it|nl|be|uk|us|io|co|is|no|se|dk|fi|pl|ru|jp|kr|cn|tw|in|au|ca|br|mx|tr|info|news|media)\b", re.I)
# A parenthesised aside after a name: initials, a handle, a place ("Elena Oberholzer (obe)").
_PAREN = re.compile(r"\s*[(\[][^()\[\]]{0,40}[)\]]")
# Words before a byline's "by" that say what kind of credit it is ("Written by", "Article by:",
# "View all posts by"), and a leading "Author:" label; cut with the "by".
_BY_PHRASE = re.compile(
    r"^(?:[^\W\d_][\w'’-]*\s+){0,4}?(?:by|von|par|por|door|przez)\s*:?\s*(?-i:(?=[A-ZÀ-ÖØ-ÞĀ-ſА-Я]))"
    r"|^authou?r?s?\s*:\s*|^authors?\s+(?-i:(?=[A-Z]))"
    r"|^(?:insights\s+from|(?:read\s+)?more\s+about)\s+(?-i:(?=[A-Z]))", re.I)
#: Words that make no name on their own: a part all of such words is a label ("The Author",
#: "View more posts", "Sat"), not a person.
NON_NAME_WORDS = frozenset("""
the a an our your my this author authors admin administrator team guest staff editor editors editorial view more
posts post read all about says said sagt wrote writes mon tue wed thu fri sat sun monday tuesday wednesday thursday
friday saturday sunday share follow profile bio contact home news blog anonymous unknown user paid sponsored
subscribe subscribers premium posted written by on last modified related full bio share copy link veröffentlicht aktualisiert stand am um publié mis à jour le publicado actualizado el
pubblicato aggiornato il
""".split())
#: What follows a name in East Asian bylines: "reporter", "correspondent" ("구현모 기자", "山田太郎記者").
_CJK_ROLE_TAIL = re.compile(r"\s*(?:기자|특파원|記者|记者|特派員|特派员|通讯员|通訊員|編集委員|論説委員|撰稿)\s*$")
# Credits that are not authorship and end a byline: reviewers and fact-checkers.
_REVIEW_CREDITS = re.compile(r"(?:^|(?<=\W))\s*(?:medically\s+|expert[- ]|fact[- ]checked|reviewed)\b.*$", re.I | re.S)
_SQUASH = re.compile(r"[\W_]+")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.casefold())


def _jsonld_authors(article: dict, nodes: list[dict]) -> tuple[list[str], list[str], set[str]]:
    """The people and the organisations the page's JSON-LD names as the story's author or creator
    (references by @id resolved against the graph), and the names it types as a Person."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    holders = [article] if article else []
    holders += [n for n in nodes if n is not article and ("author" in n or "creator" in n)
                and not _types(n) & LISTING_TYPES and not _types(n) & {"review", "comment", "answer", "question"}]
    for holder in holders:
        people: list[str] = []
        orgs: list[str] = []
        persons: set[str] = set()
        for key in ("author", "creator"):
            field = holder.get(key)
            for value in field if isinstance(field, list) else [field]:
                if isinstance(value, dict) and not value.get("name") and isinstance(value.get("@id"), str):
                    value = by_id.get(value["@id"], value)
                name = _clean(value.get("name") if isinstance(value, dict) else value)
                if not name or name.startswith("http"):
                    continue
                (orgs if isinstance(value, dict) and _types(value) & _ORG_TYPES else people).append(name)
                if isinstance(value, dict) and "person" in _types(value):
                    persons.add(name)
            if people or orgs:
                break
        if people or orgs:
            return people, orgs, persons
    return [], [], set()


def _element_text(el: etree._Element) -> str:
    """An element's text with a space wherever its pieces meet ("By<a>Ann Lee</a>" is "By Ann Lee")."""
    return " ".join(" ".join(el.itertext()).split())  # str.split's whitespace is the regex's \s


def text_start(el: etree._Element, limit: int, sep: str = "") -> str:
    """The first `limit` characters of an element's text, its pieces joined by `sep` and its
    whitespace collapsed, read without joining all of a large element's text (a box around the
    whole page). With sep=" ", the start of `_element_text(el)`."""
    pieces: list[str] = []
    size = 0
    check_at = 2 * limit
    for piece in el.itertext():
        pieces.append(piece)
        size += len(piece) + len(sep)
        if size > check_at:
            text = " ".join(sep.join(pieces).split())  # str.split's whitespace is the regex's \s
            if len(text) > limit:
                return text[:limit]
            check_at = 2 * size
    return " ".join(sep.join(pieces).split())[:limit]


def _byline_text(el: etree._Element) -> str:
    """A byline's text, with a comma between names that stand in elements side by side and
    nothing else between them ("<a>Birgit Baumann</a> <a>Anna Giulia Fink</a>" is "Birgit
    Baumann, Anna Giulia Fink", not one run of names)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIPPED_TEXT:
                walk(child)
            nxt = child.getnext()
            between = (child.tail or "").strip()
            if (not between and nxt is not None and nxt.tag == child.tag and child.tag in ("a", "span", "li")
                    and _full_name(_element_text(child)) and _full_name(_element_text(nxt))):
                parts.append(", ")
            parts.append(" " + (child.tail or ""))

    walk(el)
    return _WS.sub(" ", "".join(parts)).strip()


def _marked_authors(marked: list[etree._Element]) -> list[str]:
    """The texts of the elements marked as the author (rel="author", itemprop="author"), each once."""
    out: list[str] = []
    if not marked:
        return out
    # the first one's byline: the marked elements that share its nearest container (bylines of
    # teasers further down name other stories' authors)
    box = marked[0].getparent()
    for _ in range(2):
        if box is not None and box.getparent() is not None and len(_element_text(box)) < 200:
            box = box.getparent()
    inside = set(box.iter()) if box is not None else set()
    for el in marked:
        if el is not marked[0] and el not in inside:
            continue
        inner = el.xpath('.//*[@itemprop="name"]')
        text = _element_text(inner[0]) if inner else (el.get("content") if el.tag == "meta" else _element_text(el))
        if text and len(text) <= 80 and text not in out:
            out.append(text)
        if len(out) >= 8:
            break
    return out


def _site_keys(site_name: str | None, publisher: str | None, host: str | None) -> set[str]:
    """Squashed forms of the site's name, its publisher's and its host's ("boersen-zeitung.de");
    the host's name is marked with a leading "." (it names the site only as one word: a
    person's own site, "benadel.com", is named after its author)."""
    keys = {_squash(n) for n in (site_name, publisher) if n}
    keys |= {_squash(n[4:]) for n in (site_name, publisher) if n and n[:4].casefold() == "the "}  # "the Guardian"
    # the name's initials ("MND" for "Mexico News Daily"), in a newsroom's credit only
    keys |= {"~" + "".join(w[0] for w in n.split()).casefold() for n in (site_name, publisher) if n and len(n.split()) >= 3}
    if host:
        bare = host.lower().removeprefix("www.")
        # the host's first label: the registered name, or the label before it ("erinspain" of
        # erinspain.com, "sam" of sam.bossley.com; measured against the registered name in
        # docs/metadata.md: a personal site's registered name is often its writer's surname)
        name, before = _host_labels(bare)
        keys |= {"." + _squash(bare), "." + _squash(before[0] if before else name)}
        keys.add("~" + _squash(name))  # "Resy Staff" on blog.resy.com, in a newsroom's credit only
    # each part of a site name with a tagline ("Resy | Right This Way"), in a newsroom's credit only
    keys |= {"~" + _squash(part) for n in (site_name, publisher) if n for part in _TITLE_SEPARATORS.split(n)[:1]}
    return {k for k in keys if k.strip(".")}


# A credit with its place: "Associated Press in Valencia", "Reuters in Kyiv".
_IN_PLACE = re.compile(r"^(.+?)\s+in\s+(?-i:[A-Z])", re.I)


def _is_newsroom(name: str, site_keys: set[str]) -> bool:
    """A credit to the site's staff ("NZZ-Redaktion", "The Diggs Team"): the site's name and
    staff words only."""
    words = [w for w in re.split(r"[\s\-–]+", name.strip()) if w]
    bare = [w for w in words if w.casefold() not in _ROLE_WORDS and w.casefold() not in NON_NAME_WORDS]
    return bool(bare) and any(w.casefold() in NEWSROOM_WORDS for w in words) and (
        _is_site(" ".join(bare), site_keys) or "~" + _squash(" ".join(bare)) in site_keys)


#: Words that credit a site's staff ("MND Staff", "BR24 Redaktion", "The Diggs Team").
NEWSROOM_WORDS = frozenset("""
team staff redaktion newsroom desk editors editorial reporter reporters contributor contributors writer writers
rédaction redacción redazione redactie redaksjon redaktionen toimitus
""".split())


def _is_agency(name: str) -> bool:
    return name.casefold().strip() in WIRE_AGENCIES


def _is_site(name: str, site_keys: set[str]) -> bool:
    """A name that is the site's own (its name, its host, a web address), not a person's."""
    key = _squash(name)
    words = name.split()
    first = _squash(words[0]) if words else ""
    names = {k for k in site_keys if k[0] not in ".~"}
    hosts = {k[1:] for k in site_keys if k.startswith(".")}
    return key in names or bool(_DOMAIN_NAME.search(name)) or len(words) == 1 and key in hosts or any(
        len(k) >= 4 and key.startswith(k) and len(key) - len(k) <= 4 for k in names) or (
        len(first) >= 3 and first in names | hosts and len(words) <= 3 and first != key)


# A machine date and time in a byline ("2022-11-23T08:10+02:00").
_ISO_TIME = re.compile(r"\b\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?")


# "Posted by" opening a byline (elsewhere "posted" starts the byline's dateline, cut with it).
_POSTED_BY = re.compile(r"^(?:posted|published)\s+by\s+", re.I)
# A date after the name, with its glue word: "BeauHD on Friday December 19, 2025 ...", "David at
# December 16, 2025".
_DATE_TAIL = re.compile(rf"\s+(?:on|at|am|le|el|il|den|op|em)\s+(?:{alternation(DATE_WEEKDAYS | DATE_MONTHS)})\b.*$", re.I | re.S)


# An aside in brackets that is part of how the writer is named: capitalised words ("Paramita (Guha)
# Ghosh", "Jean-Luc Aufranc (CNXSoft)", "Lance Ryan (Content Manager)"); an editor's initials
# ("(obe)"), a handle, a photo credit ("(Image: Getty)") are not.
_NAME_ASIDE = re.compile(r"\s*[(\[](?-i:[A-Z])[\w.'’ -]*[)\]]")


def _aside(m: re.Match) -> str:
    return m[0] if _NAME_ASIDE.fullmatch(m[0]) else ""


def _name_parts(value: str) -> list[str]:
    """A byline cut into the parts that may be names: times, dates, handles, e-mail addresses,
    other credits, asides in brackets and the leading "By" go."""
    value = _POSTED_BY.sub("", value.strip())
    value = _REVIEW_CREDITS.sub("", _OTHER_CREDITS.sub("", _TIME_TAIL.sub("", _DATE_TAIL.sub("", value))))
    value = _PAREN.sub(_aside, _HANDLE.sub("", DATE_PATTERN.sub("", _ISO_TIME.sub("", value)))).strip()
    value = _BY_PHRASE.sub("", value, count=1)
    value = _BY.sub("", value)
    return [p for p in _AUTHOR_SPLIT.split(value) if p and p.strip()]


# Credentials after a name: short capitals ("RN", "CPP", "MD"), degrees ("Ph.D.", "M.Sc.").
_CREDENTIAL_TAIL = re.compile(r"(?:\s+(?:[A-Z]{2,5}|Ph\.?\s?D\.?|M\.?\s?[SD]c?\.?|[A-Z]\.[A-Z]\.)[®™]?)+$")
#: Post-nominal letters: degrees, licences and professional certifications a byline writes after
#: a name ("Jillian Kubala, MS, RD", "Sarah Knowles MW"), without their dots. They stay with the
#: name, as the page writes them.
CREDENTIALS = frozenset("""
PhD MD DO DDS DMD DVM VMD DPT PharmD PsyD EdD DrPH JD LLM MBA MPH MS MSc MA BA BS BSc MEd MFA MSW MSN BSN MBBS
FRCP FRCS MRCP RD RDN LD LDN CDN CDE CDCES RN NP APRN FNP PA PA-C LPN LVT CVT VTS DACVB DACVIM FACP FACC FACS
FACLM FAAP FAND FOMA DABOM CSCS CPT CNS CCN IBCLC LMT OTR LCSW LPC LMFT CPP PSP MW E-RYT RYT CFP CFA CPA CEPF ChFC
CLU CPWA CIMA EA CMT AIF RICP CRPC CFE CISA CISSP PMP SPHR PHR SHRM-CP SHRM-SCP PE AIA Esq FCCA ACCA CIPD
""".split())


def _credentials(text: str) -> bool:
    """Whether a part of a byline is all post-nominal letters ("MS, RD", "Ph.D.", "CEPF®")."""
    words = text.replace(".", "").replace("®", "").replace("™", "").split()
    return bool(words) and all(w.strip(",") in CREDENTIALS for w in words)


# A word joined by a dot between lower-case letters: a user name or a template key, not a name.
_DOTTED = re.compile(r"[a-z]\.[a-z]")


def _without_site(name: str, site_keys: set[str]) -> str:
    """The name without the site's name after it ("Brian Truitt USA TODAY")."""
    words = name.split()
    for cut in range(len(words) - 1, 0, -1):
        if _squash(" ".join(words[cut:])) in site_keys or "." + _squash(" ".join(words[cut:])) in site_keys:
            return " ".join(words[:cut])
        if words[cut] in ("-", "–", "—") and cut >= 2 and _is_newsroom(" ".join(words[cut + 1:]), site_keys):
            return " ".join(words[:cut])  # "David Jackson - FullStack Editorial Team": the desk goes
    return name


def _once(name: str) -> str:
    """A name a page's layouts repeat, once ("Ann Lee Ann Lee Ann Lee": the same byline for each
    screen size)."""
    words = name.split()
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0 and words == words[:size] * (len(words) // size):
            return " ".join(words[:size])
    return name


def _without_initials(name: str) -> str:
    """The name without an avatar's initials before it ("CM Craig McCarthy")."""
    words = name.split()
    if len(words) >= 3 and words[0].isupper() and words[0].isalpha() and 2 <= len(words[0]) <= 3:
        if words[0] == "".join(w[0] for w in words[1:1 + len(words[0])]).upper():
            return " ".join(words[1:])
    return name


_QUOTED = re.compile(r'^(["\u201c\u201e\u00ab\u300c])(.+)(["\u201d\u201c\u00bb\u300d])$')
#: A bracket opened at a name's end and never closed ("Claight Corporation (": a cut credit).
_UNCLOSED = re.compile(r"\s*[(\[][^)\]]*$")


def _tidy_name(name: str) -> str:
    """A name without the quotes around it, a bracket left open at its end, or the symbols after
    it ("Meaghan Weeden ● ●"; a mark such as "®" that belongs to credentials stays)."""
    quoted = _QUOTED.match(name)
    if quoted:
        name = quoted[2].strip()
    name = _UNCLOSED.sub("", name)
    while name and unicodedata.category(name[-1]) == "So" and name[-1] not in "®™":
        name = name[:-1].rstrip(" .,-|:·•–—/")
    return name


def _names(values: list[str], site_keys: set[str], trusted: bool, persons: frozenset[str] = frozenset(),
           own_site: bool = False) -> list[str]:
    """The author names in bylines; `trusted` (structured data) skips the capital-letter test,
    since sites declare lower-case handles ("aawoods") as authors. A name the JSON-LD types as a
    Person stays even where the site bears it (a writer's own site); with `own_site`, so does a
    person's full name that is both the site's name and its host's (see `_host_named`)."""
    names: list[str] = []
    bare: list[str] = []  # the names without their credentials
    for value in values:
        value = read_again(value)
        if _DOMAIN_NAME.search(_HANDLE.sub("", value)):
            continue  # "Deutsche Welle (www.dw.com)": a site, not a person
        in_role = False
        last_name = None
        for name in _name_parts(html_unescape(value)):
            if in_role and not _full_name(name.strip(" .,-|:·•–—/")):
                continue  # "... Korrespondent für Politik und Wirtschaft in der Schweiz": the role's rest
            name = _CJK_ROLE_TAIL.sub("", _BY.sub("", _tidy_name(name.strip(" .,-|:·•–—/")))).strip(" .,-|:·•–—/")
            name = _BY_PHRASE.sub("", name, count=1)
            name = _without_initials(_without_site(_once(name), site_keys))
            credentials = ""
            if len(name.split()) >= 3 or len(name.split()) == 2 and not _CREDENTIAL_TAIL.fullmatch(" " + name.split()[-1]):
                tail = (_CREDENTIAL_TAIL.search(name) or [""])[0]
                credentials = tail if _credentials(tail) else ""
                name = _CREDENTIAL_TAIL.sub("", name)
            elif last_name and last_name == names[-1] and _credentials(name):
                names[-1] = last_name = f"{last_name}, {name}"  # "Jillian Kubala, MS, RD": the credentials stay with the name
                continue
            words = name.split()
            if words and all(w.casefold().strip(".,:") in NON_NAME_WORDS for w in words):
                continue
            placed = _IN_PLACE.match(name)
            if placed and _is_agency(placed[1]):
                name = placed[1]  # "Associated Press in Valencia": the agency
            if _is_agency(name) or _is_newsroom(name, site_keys):
                # a wire agency, or the site's newsroom ("MND Staff", "BR24 Redaktion"), as credited
                if name not in names:
                    names.append(name)
                    bare.append(name)
                last_name = None
                continue
            # a job title after a name goes; a byline that is all title ("Contributors to
            # Wikimedia projects") is what the page says, and stays
            stripped = _without_role(name)
            if not names and stripped and stripped != name and name.split()[-1].casefold() in NEWSROOM_WORDS | {"editor"} and (
                    len(stripped.split()) == 1 or stripped.split()[0].casefold() in NON_NAME_WORDS):
                stripped = name  # "The Currency editors", "Community Editor": a credit to a desk, as written
            if names and stripped != name and len(name.split()) <= 3 and name.split()[-1].casefold().strip(".,") in _ROLE_WORDS:
                continue  # "Paul Frew, Home and Digital Security Expert": a title after the name
            in_role = in_role or stripped != name
            name = name if stripped is None and not names else stripped or ""
            name = name.strip(" .,-|:·•–—/")
            if not name or len(name) > 60 or name.startswith("http") or "@" in name or _ROLE.match(name) or _DOTTED.search(name):
                continue
            if not any(c.isalpha() for c in name) or any(c.isdigit() for c in name):
                continue
            if not trusted and (not _looks_like_name(name) or ":" in name):
                continue  # "Categories: Uncategorized", "design: Scott McDaniel": a label's field
            if _is_site(name, site_keys) and name not in persons and not (
                    own_site and _host_named(name, site_keys)):
                continue
            if name not in names and not any(_tokens(n) <= _tokens(name) for n in bare):
                last_name = name + credentials
                names.append(last_name)
                bare.append(name)
            else:
                last_name = None
    if not all(_is_newsroom(n, site_keys) for n in names):
        names = [n for n in names if not _is_newsroom(n, site_keys)]  # "Yasmine Hassan, CBC News"
    # a lone word beside full names is a fragment of an organisation ("ACLU Speech, Privacy, and ...")
    # or a credential ("Tracy Parker, Dietitian"); an agency stays
    if any(" " in n for n in names):
        names = [n for n in names if " " in n or not n.isascii() or _is_agency(n)]
    return names


def _host_named(name: str, site_keys: set[str]) -> bool:
    """A person's full name that the site's host spells ("Erin Spain" on erinspain.com): a
    writer's own site, named after them."""
    return len(name.split()) <= 3 and _full_name(name) and "." + _squash(name) in site_keys


def _tokens(name: str) -> set[str]:
    return set(re.findall(r"\w+", name.casefold()))


def _confirmed(names: list[str], others: list[list[str]]) -> int:
    """How many of the names another source names too (one's words within the other's)."""
    words = [_tokens(n) for other in others for n in other]
    return sum(1 for n in names if any(_tokens(n) <= w or w and w <= _tokens(n) for w in words))


#: Meta tags that name the author, most trusted first.
_AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "dc.creator", "sailthru.author", "dcterms.creator",
                "citation_author", "citation_authors", "cxenseparse:author", "og:author", "article:author_name", "creator")


# A line of text that opens with a byline word and a capitalised name ("By Ann Lee", "Von Jan Ott",
# "This post was written by Ann Lee").
_TEXT_BYLINE = re.compile(
    r"^(?:(?:this\s+(?:post|article|story|piece|guide)\s+(?:was\s+)?)?written\s+by|posted\s+by|by|von|par|por|door|przez|av|af|di)"
    r"\s*:?\s+(?-i:[A-ZÀ-ÖØ-ÞĀ-ſ])", re.I)
# The word a line that _TEXT_BYLINE matches opens with: it stands whole in the line's first piece
# of text (pieces are joined with a space).
_TEXT_BYLINE_WORD = re.compile(r"this|written|posted|by|von|par|por|door|przez|av|af|di", re.I)


def _first_text(el: etree._Element) -> str:
    """The first piece of an element's text that is not all whitespace, as its itertext() yields
    it ("" for none): found down its first children (most elements), else read in order."""
    node = el
    while True:
        text = node.text
        if text and not text.isspace():
            return text
        if not len(node):
            break
        node = node[0]
        if not isinstance(node.tag, str):
            break  # a comment or a processing instruction: its text is not the element's
    return next((piece for piece in el.itertext() if piece and not piece.isspace()), "")


#: What a label standing alone before the author's name says ("Written by", "Author(s)",
#: "Autorin/Autor"), case-folded, in several languages.
BYLINE_LABELS = frozenset({
    "by", "author", "authors", "author(s)", "written by", "article by", "words by", "story by", "posted by",
    "contributor", "contributors", "reported by", "reporting by",
    "von", "autor", "autorin", "autorin/autor", "autor/autorin", "autoren", "verfasser", "text",
    "auteur", "auteurs", "par", "autore", "autori", "di", "por", "autora", "autores", "door", "auteur(s)",
    "przez", "forfatter", "skribent", "kirjoittaja", "yazar", "penulis", "tác giả", "автор", "作者", "記者", "글",
})
# Elements whose boundaries part one name from the next in a list of them (<li>, <br>, <p>).
_NAME_BREAKS = frozenset({"li", "br", "p", "div", "dd", "dt", "td", "h3", "h4", "h5", "h6", "ul", "ol"})
#: Elements read for a byline written as text, at most (the byline is near the headline).
TEXT_BYLINE_ELEMENTS = 3000


def _first_elements(doc: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """The body's first TEXT_BYLINE_ELEMENTS + 1 elements with these tags, in page order."""
    body = doc.find("body")
    return islice(body.iter(*tags), TEXT_BYLINE_ELEMENTS + 1) if body is not None else iter(())


#: Bylines written as text read at most (each text once), looking past those that name no one but the site.
TEXT_BYLINES = 5


def _text_byline(doc: etree._Element, site_keys: set[str] = frozenset()) -> list[str]:
    """A byline written as plain text without a class that says so: the first short element whose
    text opens with "By", "Von", "Par" and a capitalised name; one that names no one but the site
    or its team ("By Team Tiger Data" over the story, "Written by Ann Lee" under it) gives way to
    a later one that names a person."""
    first: list[str] = []
    seen: set[str] = set()
    for el in _first_elements(doc, ("p", "div", "span", "address", "li", "em", "strong", "small", "h2", "h3", "h4", "h5", "h6")):
        head = (el.text or "").strip()
        if len(head) < 12 and len(el):
            # most elements' text opens with no byline word (a menu's, a teaser's): told from its
            # first piece, without gathering the text's start
            if not _TEXT_BYLINE_WORD.match((head or _first_text(el)).lstrip()):
                continue
            head = text_start(el, 60, sep=" ")
        if not head or not _TEXT_BYLINE.match(head) or _IN_COMMENTS(el):
            continue
        text = _byline_text(el)
        if len(text) <= 120 and text not in seen and not any(text in t for t in seen):
            names = _names([text], site_keys, trusted=False)
            # (a later one only with full names: "By Taboola" in an advert is no one's byline)
            if names and not all(_is_newsroom(n, site_keys) for n in names) and (not first or all(map(_full_name, names))):
                return [text]
            first = first or [text]
            seen.add(text)
            if len(seen) >= TEXT_BYLINES:
                break
    return first


def _labelled_byline(doc: etree._Element) -> list[str]:
    """A byline after a label that stands alone ("<h3>Author</h3><p>Lisa D. Ellis</p>",
    "<strong>Autorin/Autor</strong> Roman Goncharenko"): the text that follows the label, one
    line an element (a list of names stays a list)."""
    for el in _first_elements(doc, ("strong", "b", "span", "h2", "h3", "h4", "h5", "h6", "dt", "th", "p", "div", "label")):
        if len(el) > 1 or (el.text or "").strip().casefold().rstrip(":：").strip() not in BYLINE_LABELS:
            continue
        if len(el) == 1 and (el[0].tail or "").strip() or _IN_COMMENTS(el):
            continue
        follows = _lines_after(el, 200)
        if follows and len(follows) < 200:
            # a line for each name; a job title ends its line ("Yuan Lin Director of Engineering, MongoDB")
            return [line for line in (_without_role(line) for line in follows.split("\n")) if line]
    return []


def _lines_after(el: etree._Element, limit: int) -> str:
    """The text right after an element: its tail, else the next element's text (a line for each
    list item, paragraph or line), looking past the ends of its containers."""
    node: etree._Element | None = el
    while node is not None and node.tag not in ("body", "article", "main"):
        if node.tail and node.tail.strip():
            return _WS.sub(" ", node.tail).strip()[:limit]
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str) or sib.tag in _SKIPPED_TEXT:
                if sib.tail and sib.tail.strip():
                    return _WS.sub(" ", sib.tail).strip()[:limit]
                continue
            lines = _element_lines(sib)
            if lines:
                return lines[:limit]
        node = node.getparent()
    return ""


def _element_lines(el: etree._Element) -> str:
    """An element's text, a line break where a list item, paragraph or line ends."""
    out: list[str] = []
    for sub in el.iter():
        if not isinstance(sub.tag, str) or sub.tag in _SKIPPED_TEXT:
            out.append(sub.tail or "")
            continue
        # elements meet with a space ("<span>Ann Lee</span><span>Staff Writer</span>")
        out.append("\n" if sub.tag in _NAME_BREAKS else " ")
        out.append(sub.text or "")
        if sub is not el:
            out.append(" " + (sub.tail or ""))
    lines = [_WS.sub(" ", line).strip() for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


# Links to an author's page: ".../author/ann-lee/", "/autoren/jan-ott".
#: What the address of a link to an author's page holds (a test before `_AUTHOR_PATH`; one
#: search for any of them: a page can have 500,000 links).
_AUTHOR_HREF_PARTS = re.compile("/author|/autor|/auteur|/writer|/contributor")
_AUTHOR_PATH = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|writers?|contributors?)/[\w%.-]+/?(?:$|[?#])", re.I)
#: Links to authors' pages looked at for the first author's name, at most.
AUTHOR_LINKS = 50


def _author_link(doc: etree._Element) -> list[str]:
    """The name on the first link to an author's page ("<a href="/author/ann-lee/">Ann Lee</a>")."""
    bodies = _page(doc).iter("body")
    body = bodies[0] if bodies else None
    has_part = _AUTHOR_HREF_PARTS.search
    links = (a for a in body.iter("a") if has_part(a.get("href") or "")) if body is not None else ()
    for a in islice(links, AUTHOR_LINKS):
        if _AUTHOR_PATH.search(a.get("href") or "") and not _IN_COMMENTS(a):
            text = _element_text(a)
            if 3 <= len(text) <= 60:
                return [text]
    return []


# What an avatar's alternative text says beside the name ("Headshot of Ann Lee", "Ann Lee Image").
_PORTRAIT_WORDS = re.compile(
    r"^(?:(?:a\s+)?(?:headshot|photo|picture|portrait|image|avatar)\s+of\s+)|\s+(?:headshot|photo|picture|portrait|image|avatar"
    r"|profile(?:\s+(?:picture|photo|image))?)$", re.I)
# What marks an image as a person's portrait in its class, its address or its containers' classes.
_PORTRAIT_MARK = re.compile(r"author|avatar|byline|headshot|profile|gravatar|contributor|writer|rounded-full|circle"
                            r"|radius|autor|auteur|portrait", re.I)
#: Images read for an author's card, at most.
CARD_IMAGES = 200


def _author_card(doc: etree._Element) -> list[str]:
    """The name of an author's card: a portrait whose alternative text is a person's full name
    ("<img alt="Tim Green"> <strong>Tim Green</strong>"), the same name written beside it."""
    body = doc.find("body")
    if body is None:
        return []
    for img in islice(body.iter("img"), CARD_IMAGES):
        given = img.get("alt")
        if not given or not 5 <= len(given) <= 60 or " " not in given.strip():
            continue  # (most images: no alternative text, or no name's)
        given = _WS.sub(" ", given).strip()
        alt = _PORTRAIT_WORDS.sub("", given)
        if not 5 <= len(alt) <= 40 or len(alt.split()) > 4:
            continue
        marks = " ".join([given, img.get("class") or "", img.get("src") or ""] + [
            f"{a.get('class') or ''} {a.get('id') or ''}" for a in islice(img.iterancestors(), 3)])
        if not _PORTRAIT_MARK.search(marks):
            continue
        key = alt.casefold()
        box = img.getparent()
        for _ in range(3):
            if box is None or box.tag in ("body", "article", "main"):
                break
            for el in box.iter():
                if el is not img and isinstance(el.tag, str) and el.tag not in _SKIPPED_TEXT and (
                        (el.text or "").strip(" :").casefold() == key or len(el) and _element_text(el).strip(" :").casefold() == key):
                    # the name as the card writes it ("alban Brooke" in the picture's text)
                    name = _element_text(el).strip(" :")
                    return [] if _IN_COMMENTS(el) or not _full_name(name) else [name]
            box = box.getparent()
    return []


def _author_links_row(doc: etree._Element) -> list[str]:
    """The names on the links to authors' pages that stand together with the first one, in the
    same element ("<a href="/author/rui/">Rui Ma</a>, <a href="/author/heba/">Heba Ledwon</a>")."""
    body = doc.find("body")
    for a in islice(body.iter("a"), AUTHOR_ROW_LINKS) if body is not None else ():
        href = a.get("href") or ""
        if not ("/auth" in href or "/autor" in href or "/writer" in href or "/contributor" in href):
            continue  # (a test of the address before the expression: most links are no author's)
        if not _AUTHOR_PATH.search(href) or _IN_COMMENTS(a):
            continue
        row = [_element_text(a)]
        for el in a.itersiblings():
            if not _ROW_GLUE.fullmatch(el.getprevious().tail or ""):
                break  # "Written by <a>Ann Lee</a> Fact-checked by <a>Bo Ek</a>": another credit
            if not isinstance(el.tag, str):
                continue
            if el.tag == "a" and _AUTHOR_PATH.search(el.get("href") or ""):
                row.append(_element_text(el))
            elif not _ROW_GLUE.fullmatch(_element_text(el)):
                break
        return [t for t in row if 3 <= len(t) <= 60][:10]
    return []


#: Links read for the first link to an author's page, at most (a byline is near the headline).
AUTHOR_ROW_LINKS = 400


# What stands between the names of one byline: a comma, "and", "&", nothing.
_ROW_GLUE = re.compile(rf"\s*(?:,|&|\||{alternation(AUTHOR_CONNECTIVES)})?\s*", re.I)


def _shown_headline(doc: etree._Element, title: str | None) -> etree._Element | None:
    """The body's <h1> that shows the title (the first <h1> when none does; None: no <h1>)."""
    headings = _page(doc).body_h1s()
    if not headings:
        return None
    return next((h for h in headings if title and _similar(text_of(h), title)), headings[0])


def _dateline_byline(doc: etree._Element, title: str | None) -> list[str]:
    """The name on the line of the date under the headline ("Aaron Ricadela | Senior Writer |
    July 2, 2025"): the text between the headline and that date, from its last sentence on."""
    h1 = _shown_headline(doc, title)
    if h1 is None:
        return []
    text = _text_after(h1, DATELINE_CHARS)
    at = min((m.start() for m in (p.search(text) for p, _ in _TEXT_DATES) if m), default=None)
    if not at:
        return []
    before = _SENTENCE_BREAK.split(text[:at])[-1].strip()
    return [before] if before and len(before) <= 80 and len(before.split()) <= 10 else []


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
# The first paragraphs after the headline.
_LEAD_PARAGRAPHS = etree.XPath("following::p[position() <= 5]")


def _bold_byline(doc: etree._Element, title: str | None) -> list[str]:
    """A byline set in bold as the story's first line ("<p><strong>Mohloai Mpesi</strong></p>"):
    a paragraph among the first after the headline that is all one bold element."""
    h1 = _shown_headline(doc, title)
    if h1 is None:
        return []
    for p in _LEAD_PARAGRAPHS(h1):
        if len(p) == 1 and p[0].tag in ("strong", "b") and not (p.text or "").strip() and not (p[0].tail or "").strip():
            text = _element_text(p[0])
            if 3 <= len(text) <= 80:
                return [text]
    return []


def _meta_authors(doc: etree._Element) -> list[str]:
    """Every value of the most trusted author meta tag the page has (papers repeat
    citation_author once a name)."""
    found: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for el in _page(doc).iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key in _AUTHOR_META and content and not content.startswith("http"):
            found.setdefault(key, []).append(content)
        elif key.startswith(("twitter:label", "twitter:data")) and content:
            labels[key] = content
    # the card's "Written by" row (twitter:label1 "Written by", twitter:data1 the name)
    for key, label in labels.items():
        if key.startswith("twitter:label") and label.strip().casefold().rstrip(":") in BYLINE_LABELS:
            data = labels.get("twitter:data" + key.removeprefix("twitter:label"))
            if data and "author" not in found:
                found["author"] = [data]
    chosen = next((found[k] for k in _AUTHOR_META if k in found), [])
    # a less trusted tag that names the same people and more (`author` the first of a paper's
    # writers, `citation_author` each of them): the fuller list
    fuller = max(found.values(), key=len, default=[])
    if len(fuller) > len(chosen) and all(any(_tokens(c) <= _tokens(f) for f in fuller) for c in chosen):
        return fuller
    return chosen


#: Titles before a name ("Dr Marna van der Merwe"), case-folded.
HONORIFICS = frozenset("dr prof professor mr mrs ms mx sir dame rev dipl ing mag".split())
# Words that may stand in lower case inside a name ("Nick van Mead", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset("van von der den de da di del della du la le ten ter bin ibn al el y zu dos das do".split())


def _full_name(name: str) -> bool:
    """Two to four words, each capitalised but for particles ("Nick van Mead"), no label word."""
    words = [w for w in name.split() if not _credentials(w)]  # "Ann Lee, MD": the credentials aside
    return 2 <= len(words) <= 4 and all(
        w[0].isupper() or w in _NAME_PARTICLES for w in words) and not any(
        (w.casefold().strip(".,:") in NON_NAME_WORDS or w.casefold() in _ROLE_WORDS) and not _INITIAL.fullmatch(w)
        for w in words)


_INITIAL = re.compile(r"[A-Z]\.")


def _authors(doc: etree._Element, nodes: list[dict], article: dict, meta: dict[str, str], site_name: str | None,
             publisher: str | None, host: str | None, title: str | None = None) -> list[str]:
    """The story's authors, each once, reconciled from every source the page has: JSON-LD,
    meta tags, elements marked as the author, and the visible byline. Of the sources that name
    someone, one whose names another source confirms wins, the most trusted first; where a
    visible byline names the same people and more, its fuller list is taken."""
    keys = _site_keys(site_name, publisher, host)
    people, orgs, persons = _jsonld_authors(article, nodes)
    marked_elements, hinted = _author_elements(doc)
    marked, byline = _marked_authors(marked_elements), _visible_byline(marked_elements, hinted)

    def sources(exempt: frozenset[str], own_site: bool = False) -> list[tuple[str, list[str]]]:
        return [
            ("jsonld", _names(people, keys, trusted=True, persons=exempt, own_site=own_site)),
            ("meta", _names(meta_values, keys, trusted=True, persons=exempt, own_site=own_site)),
            ("marked", _names(marked, keys, trusted=False, persons=exempt, own_site=own_site)),
            ("byline", _names(byline, keys, trusted=False, persons=exempt, own_site=own_site)),
            ("organisation", _names(orgs, keys, trusted=True)),
        ]

    meta_values = _meta_authors(doc)
    named = [(kind, names) for kind, names in sources(frozenset()) if names]
    if not named or all(kind == "organisation" and all(map(_is_agency, names)) for kind, names in named):
        # a byline written as plain text ("By Ann Lee" under the headline, "Author" and the name
        # after it, the name on the dateline's line), when nothing names anyone or only an
        # organisation does (the wire agency whose reporters the text names)
        for kind, found in (("text", lambda: _text_byline(doc, keys)), ("label", lambda: _labelled_byline(doc)),
                            ("dateline", lambda: _dateline_byline(doc, title)),
                            ("link", lambda: _author_link(doc)), ("card", lambda: _author_card(doc))):
            values = found()
            names = _names(values, keys, trusted=False)
            if kind != "text":
                names = [n for n in names if _full_name(n)]
            elif values and len((_name_parts(values[0])[:1] or [""])[0].split()) > 6:
                names = []  # "By Event Type Conferences Field Marketing ...": a filter's label, not a byline
            if names:
                named = [(kind, names)] + named
                break
    declared = people + meta_values
    if declared and all(_is_site(n, keys) for n in declared) and not any(kind != "organisation" for kind, _ in named):
        # the page declares the site as the author and names no one: a byline set in bold as the
        # story's first line is the writer's
        named = [(kind, names) for kind, names in [("bold", [n for n in _names(_bold_byline(doc, title), keys, trusted=False)
                                                             if _full_name(n)])] if names] + named
    if not named:
        # no one but the site is named, and the site is a person's: a Person of the site's name,
        # or a full name the host spells too ("Erin Spain" on erinspain.com), is its writer
        named = [(kind, names) for kind, names in sources(frozenset(persons), own_site=True) if names]
    if not named:
        # a byline that is all role ("Contributors to Wikimedia projects") is what the page says
        return [n for n in _split_authors(byline, site_name)
                if _without_role(n) is None and not _is_site(n, keys)
                and not all(w.casefold() in NON_NAME_WORDS for w in n.split())]
    if any(not all(_is_newsroom(n, keys) or _is_agency(n) for n in names) for _, names in named):
        # a source naming people beats one that credits the site's newsroom ("NZZ-Redaktion")
        named = [(kind, names) for kind, names in named if not all(_is_newsroom(n, keys) for n in names)]
    lists = [names for _, names in named]
    confirmed = [(_confirmed(names, lists[:i] + lists[i + 1:]), i) for i, names in enumerate(lists)]
    best = next((i for n, i in confirmed if n), 0)
    chosen = lists[best]
    for kind, names in named:
        # a visible byline with the same people and more ("Rui Ma, Heba Ledwon & ..." where the
        # JSON-LD names the first): the fuller list
        if kind == "byline" and len(names) > len(chosen) and all(
                any(n == m or _tokens(m) - _tokens(n) <= HONORIFICS and _tokens(n) <= _tokens(m) for m in names) for n in chosen):
            chosen = names
    if len(chosen) == 1:
        # links to the authors' pages standing together, the first of them the one name chosen
        # ("Rui Ma, Heba Ledwon, ..." where the JSON-LD names the first): the fuller list
        row = _names(_author_links_row(doc), keys, trusted=False)
        if len(row) > 1 and _tokens(row[0]) == _tokens(chosen[0]) and all(map(_full_name, row)):
            chosen = row
    # a wire agency the JSON-LD names as an Organization beside the people credits the story too
    agencies = [n for n in _names(orgs, keys, trusted=True) if _is_agency(n) and n not in chosen]
    return chosen + agencies


#: Pages larger than this are not searched for dates in their markup (htmldate parses them again).
MAX_DATE_SEARCH_CHARS = 2_000_000


def warm_up_dates() -> None:
    """Load the date parser's locales now (some 3 s, once per process) rather than on the
    first page whose date only it can read."""
    try:
        from htmldate.extractors import external_date_parser
    except ImportError:
        return
    # a string no locale reads: every locale is tried, and each compiles what it needs
    external_date_parser("newsbot 2026 zz", "%Y-%m-%d")


#: Characters of the body's text the extensive markup search reads (the story's date is near
#: its top; what follows is comments, related stories and the footer's copyright years).
MAX_DATE_SEARCH_TEXT = 20_000


def _date_from_markup(html: str | None) -> str | None:
    """The publication date found in the page's markup by htmldate, when nothing declares one,
    else the first whole date written in the body's beginning (see `text_date`)."""
    if not html or len(html) > MAX_DATE_SEARCH_CHARS:
        return None
    if find_date is None:
        return None
    try:
        # As bytes: htmldate downloads a str that starts with "http" and has no spaces, and a
        # page's source must never make the cleaner fetch anything. (htmldate copies a tree it is
        # given, and reads only lxml.html's elements: parsed here for it.)
        tree = load_html(html.encode("utf-8", "surrogatepass"))
        if tree is None:
            return None
        for style in list(tree.iter("style")):  # style sheets hold no dates, and htmldate reads them
            style.drop_tree()
        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate's own failures on odd markup: no date rather than no article
        return None
    if found:
        return parse_datetime(found)
    # A date written in the page's text ("Jumat, 13 Nov 2026", "2017年3月9日"), in the body's
    # beginning: the same patterns as the dateline's. (htmldate's extensive search did this: on
    # the 387 pages of the corpora that come this far, this function took twice as long with it
    # and found 2 right dates fewer of 91; a bare year, a copyright line, is no date here.)
    for el in list(tree.iter("script", "noscript", "template")):
        el.drop_tree()
    bounded = _text_bounded(tree, MAX_DATE_SEARCH_TEXT)
    body = bounded.find("body")
    return text_date(" ".join((body if body is not None else bounded).itertext()))


def _text_bounded(tree: etree._Element, limit: int) -> etree._Element:
    """The tree without what follows the body's first `limit` characters of text (cut in place)."""
    body = tree.find("body")
    if body is None:
        return tree
    size = 0
    for el in body.iter():
        size += len(el.text or "") + len(el.tail or "")
        if size > limit:
            node = el
            while node is not None and node is not body:
                parent = node.getparent()
                for sib in list(node.itersiblings()):
                    parent.remove(sib)
                node = parent
            break
    return tree


def _month_numbers() -> dict[str, int]:
    numbers: dict[str, int] = {}
    for line in MONTH_NAMES + MONTH_ABBREVIATIONS:
        for i, name in enumerate(line.split()):
            numbers.setdefault(name, i + 1)
    return numbers


_MONTHS = _month_numbers()
_MONTH = alternation(_MONTHS)
_YEAR = r"((?:19|20)\d\d)(?!\d)"
# Dates written out in text, each with the order of its day, month and year. Slashes are read
# in the US order (month first) unless the first number cannot be a month.
_TEXT_DATES = (
    (re.compile(rf"(?<!\w)({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+{_YEAR}", re.I), "mdy"),
    (re.compile(rf"(?<![\d.])(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:of\s+|de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?{_YEAR}", re.I), "dmy"),
    (re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?{_YEAR}"), "dmy"),
    (re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/{_YEAR}"), "mdy"),
    # 2026-03-09, 2026.03.09, 2026/3/9, 2026年3月9日, 2026년 3월 9일
    (re.compile(r"(?<!\d)((?:19|20)\d\d)(?:-|\s?[./年]\s?|년\s?)(\d{1,2})(?:-|\s?[./月]\s?|월\s?)(\d{1,2})(?!\d)"), "ymd"),
)
# What every one of them holds: a text without it holds no date.
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def text_date(text: str) -> str | None:
    """The first whole date written in a text, as YYYY-MM-DD.

    >>> text_date("Updated on Dec. 09, 2025 at 3 pm")
    '2025-12-09'
    >>> text_date("Datum 28.04.2023 Autor")
    '2023-04-28'
    """
    found = _first_text_date(text)
    return found[1] if found else None


#: A text longer than this is searched for dates only around the years it holds (see
#: _first_text_date): the month names' patterns cost some 350 ns a character.
WINDOWED_DATE_SEARCH_CHARS = 1_000
#: Characters before a year, and after it, that a date around it can take ("September 30th,
#: 2025" before, "2026년 12월 31일" after, with room for spaces).
_BEFORE_YEAR, _AFTER_YEAR = 200, 24


def _first_text_date(text: str) -> tuple[int, str] | None:
    """The first whole date written in a text: where it starts, and the day as YYYY-MM-DD."""
    if len(text) <= WINDOWED_DATE_SEARCH_CHARS:
        return _first_date_between(text, 0, len(text))
    # Every date holds a year: the patterns are tried only around the years, in order, and the
    # first window holding a date holds the first date (a search from a position sees the text
    # before it, so what a window finds the whole text holds too).
    for m in _ANY_YEAR.finditer(text):
        found = _first_date_between(text, max(0, m.start() - _BEFORE_YEAR), min(len(text), m.end() + _AFTER_YEAR))
        if found is not None:
            return found
    return None


def _first_date_between(text: str, pos: int, endpos: int) -> tuple[int, str] | None:
    if not _ANY_YEAR.search(text, pos, endpos):
        return None  # (most texts searched hold no year, told at once: the month names' search is slow)
    best: tuple[int, str] | None = None
    for pattern, order in _TEXT_DATES:
        for m in pattern.finditer(text, pos, endpos):
            if best is not None and m.start() >= best[0]:
                break
            parts = dict(zip(order, m.groups()))
            month = parts["m"]
            month_no = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
            day, year = int(parts["d"]), int(parts["y"])
            if order == "mdy" and month.isdigit() and month_no > 12 >= day:
                month_no, day = day, month_no  # "13/11/2025": the day first
            found = calendar_day(year, month_no, day)
            if found:
                best = (m.start(), found)
                break
    return best


#: Characters of text after the headline searched for the story's dateline.
DATELINE_CHARS = 300
_SKIPPED_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "button"})


def _text_after(el: etree._Element, limit: int) -> str:
    """Up to `limit` characters of the page's text that follow an element, in document order."""
    parts: list[str] = []
    size = 0

    def add(text: str | None) -> bool:
        nonlocal size
        if text and text.strip():
            parts.append(text)
            size += len(text)
        return size >= limit

    node: etree._Element | None = el
    while node is not None and size < limit:
        if add(node.tail):
            break
        for sib in node.itersiblings():
            for sub in sib.iter():
                if isinstance(sub.tag, str) and sub.tag not in _SKIPPED_TEXT and add(sub.text):
                    break
                if sub is not sib and add(sub.tail):
                    break
            if size >= limit or add(sib.tail):
                break
        node = node.getparent()
    return _WS.sub(" ", " ".join(parts))[:limit]


def _dateline(doc: etree._Element, title: str | None, above: bool = True) -> str | None:
    """The date written under the headline: the first date in the text that follows the <h1>
    (the one that says the title, when there are several); else, with `above`, one in the line
    right above it."""
    h1 = _shown_headline(doc, title)
    if h1 is None:
        return None
    return text_date(_text_after(h1, DATELINE_CHARS)) or (text_date(_text_before(h1, DATELINE_ABOVE_CHARS)) if above else None)


_MODIFIED_LABEL = re.compile(rf"(?:{alternation(MODIFIED_LABELS)})\W*(?:\w{{1,3}}\W*)?$", re.I)
_PUBLISHED_LABEL = re.compile(rf"(?:{alternation(PUBLISHED_LABELS)})\W*(?:\w{{1,3}}\W*)?$", re.I)


def _text_dates(text: str, limit: int) -> list[tuple[int, str]]:
    """The first `limit` whole dates written in a text: where each starts, and its day."""
    found: list[tuple[int, str]] = []
    start = 0
    while len(found) < limit:
        first = _first_text_date(text[start:])
        if first is None:
            break
        found.append((start + first[0], first[1]))
        start += first[0] + 6
    return found


def _earlier_dateline(doc: etree._Element, title: str | None, declared: str) -> str | None:
    """The date written under the headline when it is more than a day before the declared
    publication day and no "Updated" or "Reviewed" label goes before it."""
    heading = _shown_headline(doc, title)
    if heading is None:
        return None
    text = _text_after(heading, DATELINE_CHARS)
    found = _first_text_date(text)
    if found is None or _MODIFIED_LABEL.search(text[max(0, found[0] - 30):found[0]]):
        return None
    try:
        days = (datetime.fromisoformat(declared) - datetime.fromisoformat(found[1])).days
    except ValueError:
        return None
    return found[1] if days > 1 else None


#: Characters of text right above the headline searched for its date ("News · Dec 12, 2025").
DATELINE_ABOVE_CHARS = 80


def _text_before(el: etree._Element, limit: int) -> str:
    """Up to `limit` characters of the page's text right before an element (its container's
    earlier children and theirs), in document order."""
    parts: list[str] = []
    size = 0
    node: etree._Element | None = el
    while node is not None and size < limit and node.tag != "body":
        for sib in node.itersiblings(preceding=True):
            if not isinstance(sib.tag, str) or sib.tag in _SKIPPED_TEXT:
                text = sib.tail or ""
            else:
                text = " ".join(t for t in (_element_text(sib), sib.tail) if t)
            if text.strip():
                parts.append(text)
                size += len(text)
            if size >= limit:
                break
        parent = node.getparent()
        if parent is not None and parent.text and parent.text.strip() and size < limit:
            parts.append(parent.text)
            size += len(parent.text)
        node = parent
    return _WS.sub(" ", " ".join(reversed(parts))).strip()[-limit:]


_URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.?#-]|$)")


# The same with the month's name ("/2023/oct/03/", "/2023/october/03/").
_URL_MONTH_DATE = re.compile(r"/((?:19|20)\d\d)/([a-z]{3,9})/(\d{1,2})(?=/)", re.I)


def _url_date(url: str | None) -> str | None:
    """The date in a story's address ("/2025/12/18/slug", "slug-2023-04-25/", "/2023/oct/03/slug")."""
    m = _URL_DATE.search(url or "")
    if m:
        return calendar_day(int(m[1]), int(m[3]), int(m[4]))
    m = _URL_MONTH_DATE.search(url or "")
    month = _MONTHS.get(m[2].lower(), 0) if m else 0
    return calendar_day(int(m[1]), month, int(m[3])) if month else None


def _published(doc: etree._Element, article: dict, nodes: list[dict], meta: dict[str, str], url: str | None,
               title: str | None, html: str | None) -> str | None:
    """The publication date: declared (JSON-LD, meta tags), else the address's, the dateline
    under the headline, a <time> element's, and last what htmldate finds in the markup. A declared
    time one day off the day the address or the dateline gives is read as that local day (a
    story published in the evening, declared in UTC)."""
    any_dated = next((n for n in nodes if n.get("datePublished")), {})
    declared_values = [_clean(article.get("datePublished")), _clean(any_dated.get("datePublished")),
                       next((meta[k] for k in _DATE_META if meta.get(k)), None)]
    declared = next((d for d in map(parse_datetime, declared_values) if d), None)
    from_url = _url_date(url)
    if not from_url:
        # a date in the page's title ("Story | Site | 28.04.2023") stands as the address's would
        title_el = _page(doc).find("title")
        from_url = text_date(" ".join(t for t in (text_of(title_el) if title_el is not None else None,
                                                   meta.get("og:title")) if t))
    if declared:
        # (not the dateline's day: a page's template shows the reader's or the site's day of a
        # time declared in UTC, and the truth follows the declared day as often; measured in
        # docs/metadata.md)
        if from_url and from_url != declared[:10] and _one_day_apart(from_url, declared[:10]):
            return from_url
        if not from_url and not _types(article) & NEWS_TYPES:
            # a page that shows, under its headline, a publication date days before the one it
            # declares: the declared one is the site's later stamp (a move, a re-save)
            return _earlier_dateline(doc, title, declared[:10]) or declared
        return declared
    if from_url:
        return from_url
    # a declared date written for people ("Nov 05, 2025") is read after the dateline: such
    # strings are display text, often of a date other than the story's
    shown = _dateline(doc, title) or next((d for d in (_display_date(v) for v in declared_values if v) if d), None)
    if shown:
        return shown
    dated = next((t.get("datetime") for t in _page(doc).iter("time") if t.get("datetime")), None)
    return parse_datetime(dated) or _date_from_markup(html)


# A declared date written with dashes in the day's and month's numbers ("03-09-2026").
_DASHED_DATE = re.compile(r"\d{1,2}-\d{1,2}-(?:19|20)\d\d")


def _display_date(value: str) -> str | None:
    """A declared date written for people ("Nov 05, 2025", "03-09-2026": a declared field, so in the
    US order as a date with slashes is, unless the first number cannot be a month)."""
    value = value.strip()
    return text_date(value.replace("-", "/") if _DASHED_DATE.fullmatch(value) else value)


def _one_day_apart(a: str, b: str) -> bool:
    try:
        return abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).days) == 1
    except ValueError:
        return False


_ISO_DAY = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
#: Meta tags of a page's modification date.
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified", "dcterms.modified",
                  "last-modified")


def date_rows(rule: str | None, doc: etree._Element, article: dict, nodes: list[dict], meta: dict[str, str],
              title: str | None) -> tuple[list[DateCandidate], np.ndarray]:
    """The page's candidate publication days and their features (cleaners._dates's DATE_FEATURES)."""
    found: dict[str, DateCandidate] = {}

    def add(value: str | None, source: str) -> None:
        if value and _ISO_DAY.match(value):
            candidate = found.setdefault(value[:10], DateCandidate(value[:10], value, {}))
            candidate.sources[source] = candidate.sources.get(source, 0) + 1

    add(rule, "rule")
    for i, node in enumerate([n for n in nodes if n.get("datePublished")][:2]):
        add(parse_datetime(_clean(node.get("datePublished"))), f"published_{i}")
    add(parse_datetime(next((_clean(n.get("dateModified")) for n in nodes if n.get("dateModified")), None)), "modified")
    add(parse_datetime(next((meta[k] for k in _DATE_META if meta.get(k)), None)), "meta_published")
    add(parse_datetime(next((meta[k] for k in _MODIFIED_META if meta.get(k)), None)), "meta_modified")
    heading = _shown_headline(doc, title)
    if heading is not None:
        text = _text_after(heading, DATELINE_CHARS)
        for i, (at, day) in enumerate(_text_dates(text, 3)):
            add(day, f"shown_{i}")
            label = text[max(0, at - 30):at]
            add(day, "shown_updated" if _MODIFIED_LABEL.search(label) else
                "shown_published" if _PUBLISHED_LABEL.search(label) else "shown_plain")
        above = _text_before(heading, DATELINE_ABOVE_CHARS)
        dates = _text_dates(above, 8)
        if dates:
            at, day = dates[-1]
            add(day, "above")
            add(day, "above_updated" if _MODIFIED_LABEL.search(above[max(0, at - 30):at]) else "above_plain")
    times = (t.get("datetime") for t in _page(doc).iter("time") if t.get("datetime"))
    for i, value in enumerate(islice(times, 3)):
        add(parse_datetime(value), f"time_{i}")
    candidates = list(found.values())
    return candidates, date_features(candidates, bool(_types(article) & NEWS_TYPES), bool(article))


def _learned_published(model: DateModel, rule: str | None, doc: etree._Element, article: dict, nodes: list[dict],
                       meta: dict[str, str], title: str | None) -> str | None:
    """The candidate day `model` finds most likely to be the publication date (the rules' pick is
    one of them, and stands as the rules wrote it when chosen)."""
    candidates, X = date_rows(rule, doc, article, nodes, meta, title)
    if len(candidates) < 2:
        return rule
    chosen = model.choose(candidates, X)
    return rule if rule and chosen.day == rule[:10] else chosen.value


def _address(href: str | None, url: str | None, own: str) -> str | None:
    """A link the page declares (its canonical address, its image), read against the page's
    address (`own` its host), or None when no browser could follow it: unreadable, or a host that
    no resolver takes. A host of one label ("https://my-post-slug", "https://-/media/a.jpg") where
    the page's own host has several is a template's slip, not an address."""
    if not href:
        return None
    address = join_url(url, href) if url else href if usable_url(href) else None
    host = host_of(address)
    if host and (bad_host(host) or (":" not in host and "." not in host and ("." in own or not own))):
        return None
    return address


def extract_metadata(doc: etree._Element, url: str | None, html: str | None = None,
                     title_model: TitleModel | None | _Shipped = SHIPPED_MODEL,
                     date_model: DateModel | None | _Shipped = SHIPPED_MODEL) -> dict[str, Any]:
    """Title, authors, dates, language, site name, description, image, tags, canonical URL.

    `html` (the page's source) lets htmldate look for a date in the markup when the page
    declares none. `title_model` picks the title among the page's candidates, `date_model` the
    publication day among the days it states (the ones shipped in the package by default; None:
    the rules alone)."""
    token = _PAGE.set(_Page(doc))  # the elements of each tag the functions below read, found once
    try:
        return _extract_metadata(doc, url, html, title_model, date_model)
    finally:
        _PAGE.reset(token)


def _extract_metadata(doc: etree._Element, url: str | None, html: str | None, title_model: TitleModel | None | _Shipped,
                      date_model: DateModel | None | _Shipped) -> dict[str, Any]:
    meta = _meta(doc)
    nodes = _jsonld_nodes(doc)
    article = next((n for n in nodes if _types(n) & ARTICLE_TYPES), {})
    listing = any(_types(n) & LISTING_TYPES for n in nodes)
    declared_types = sorted({t for n in nodes for t in _types(n)})

    publisher = _clean((article.get("publisher") or {}) if isinstance(article.get("publisher"), dict) else article.get("publisher"))
    site_name = _as_read(meta.get("og:site_name") or publisher or meta.get("application-name"))

    declared_title = _clean(article.get("headline")) or meta.get("og:title")
    authors = _authors(doc, nodes, article, meta, site_name, publisher, host_of(url), declared_title)
    path = urlsplit(url).path if url else ""
    title = _title(doc, article, meta, site_name, host_of(url), tuple(authors), path)
    model = default_title_model() if title_model is SHIPPED_MODEL else title_model
    if model is not None:
        title = _learned_title(model, title, doc, article, meta, site_name, host_of(url), tuple(authors), path)

    published = _published(doc, article, nodes, meta, url, title, html)
    dates = default_date_model() if date_model is SHIPPED_MODEL else date_model
    if dates is not None:
        published = _learned_published(dates, published, doc, article, nodes, meta, title)
    modified = parse_datetime(_clean(article.get("dateModified")) or next((meta[k] for k in _MODIFIED_META if meta.get(k)), None))

    html_el = doc if doc.tag == "html" else doc.getroottree().getroot()
    # the first declaration that gives a code ("{{lang}}", "x-default" or "und" give none)
    declared = (html_el.get("lang"), html_el.get("{http://www.w3.org/XML/1998/namespace}lang"), _clean(article.get("inLanguage")),
                meta.get("og:locale"), meta.get("content-language"))
    language = next(filter(None, map(language_code, declared)), None)

    # the first of each that a browser could follow
    own = host_of(url) or ""
    images = (_clean(article.get("image")), meta.get("og:image"), meta.get("twitter:image"))
    image = next(filter(None, (_address(href, url, own) for href in images)), None)
    canonicals = chain((link.get("href") for link in _page(doc).iter("link") if (link.get("rel") or "").lower() == "canonical"),
                       (meta.get("og:url"),))
    canonical = next(filter(None, (_address(href, url, own) for href in canonicals)), None)

    tags: list[str] = []
    keywords = article.get("keywords")
    if isinstance(keywords, str):
        tags.extend(k.strip() for k in keywords.split(","))
    elif isinstance(keywords, list):
        tags.extend(str(k).strip() for k in keywords)
    for meta_el in _page(doc).iter("meta"):
        if (meta_el.get("property") or "").lower() == "article:tag" and meta_el.get("content"):
            tags.append(meta_el.get("content").strip())
    if not tags and meta.get("keywords"):
        tags.extend(k.strip() for k in meta["keywords"].split(","))

    return {
        "title": title,
        "authors": authors,
        "published": published,
        "modified": modified,
        "language": language,
        "site_name": site_name,
        "description": _as_read(_clean(article.get("description")) or meta.get("og:description") or meta.get("description")),
        "image": image,
        "tags": list(dict.fromkeys(filter(None, map(_as_read, tags)))),
        "canonical_url": canonical,
        "og_type": (meta.get("og:type") or "").lower() or None,
        "jsonld_article": bool(article),
        "jsonld_listing": listing,
        "jsonld_product": any(_types(n) & PRODUCT_TYPES for n in nodes),
        "jsonld_types": declared_types,
        "jsonld_body": article.get("articleBody") if isinstance(article.get("articleBody"), str) else None,
    }
