"""Article metadata from what the page states: JSON-LD, OpenGraph and meta tags, then the markup."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import urljoin

from lxml import etree

from ._text import DATE_PATTERN
from ._urls import host_of
from .rules import AUTHOR_CONNECTIVES, BYLINE_PREFIXES, alternation

try:  # imported once here, not on the first page that needs it (it loads dateparser's tables)
    from htmldate import find_date
except ImportError:  # a dependency, but the structured sources come first and work without it
    find_date = None

__all__ = ["extract_metadata", "ARTICLE_TYPES", "parse_datetime"]

#: schema.org types that describe one article.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting",
    "liveblogposting", "techarticle", "scholarlyarticle", "report", "posting",
})
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
    rf"(?<!\s)\s*(?:,|;|&|、|\n|\b(?:AND|[Ee]dited by|{alternation(AUTHOR_CONNECTIVES)})\b)\s*")
# Credits for the pictures after the byline: "Photos by Ann Lee", "Video by …".
_OTHER_CREDITS = re.compile(
    r"(?<!\s)\s+(?:photos?|photography|pictures|illustrations?|graphics|video)\s+by\b.*$", re.I | re.S)
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
""".split())


def text_of(elem: etree._Element) -> str:
    """All the text under an element (lxml.html's text_content for plain lxml elements)."""
    return "".join(elem.itertext())



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
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_JSON_WRAPPERS.sub("", script.text).strip().rstrip(";"))
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
        return text
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime

            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return dt.isoformat()


def _meta(doc: etree._Element) -> dict[str, str]:
    """<meta> values by lower-cased property/name/itemprop (first one wins)."""
    out: dict[str, str] = {}
    for meta in doc.iter("meta"):
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
    if host:
        label = host.lower().removeprefix("www.").split(".")[0]
        brands.add(label)

    def is_brand(part: str) -> bool:
        key = part.casefold().strip()
        squashed = re.sub(r"[\W_]+", "", key)
        # the brand itself, or the brand with a word or two ("Dropbox Tech Blog"); a part that
        # merely mentions it ("How we designed Dropbox's ATF") is the headline
        return any(key == b or squashed == re.sub(r"[\W_]+", "", b)
                   or b in key and len(key.split()) <= len(b.split()) + 2 for b in brands)

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


def _similar(a: str | None, b: str | None) -> bool:
    """Two titles that share at least 60% of the words of the shorter (both words of a
    two-word heading: "Hermitian matrix" is not "matrix equal to its conjugate-transpose")."""
    wa, wb = set(re.findall(r"\w+", (a or "").casefold())), set(re.findall(r"\w+", (b or "").casefold()))
    return bool(wa and wb) and len(wa & wb) >= max(1, -(-3 * min(len(wa), len(wb)) // 5))


#: <meta> names and properties that carry the publication date, most trusted first.
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
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
_BYLINE_HINT = re.compile(r"byline|author|posted|contributor|writer|autor|auteur|verfasser|firma|penulis|yazar|tac-?gia|avtor", re.I)
# Handles, e-mail addresses and "Updated ..." tails in a byline.
_HANDLE = re.compile(r"@\w+|(?<!\S)\S+@\S+\.\w+|\b(?:last\s+)?(?:updated|published|posted)\b.*$", re.I)
# A part that is all capitals and short: a degree or role ("MA", "PhD" reads as a name otherwise).
_ROLE = re.compile(r"^(?:[A-Z]{1,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")


# A permalink mark after a heading's text ("Setting up¶", "Install #").
_HEADERLINK = re.compile(r"(?<!\s)\s*[¶#§🔗]\s*$")


def _shown(title: str, doc: etree._Element, site_name: str | None, host: str | None) -> str | None:
    """The headline as the page shows it, when a heading says the declared title in other words
    ("The seven secrets..." for "Seven secrets...", curly quotes for straight ones, the display
    headline beside an SEO title): the first <h1> like the title, else the first <h2>. A heading
    that is the site's name is not the headline."""
    for tag in ("h1", "h2"):
        for h in doc.iter(tag):
            text = _HEADERLINK.sub("", _WS.sub(" ", _clean(text_of(h)) or "")).strip()
            if len(text) < 3 or len(text) > 300 or not _similar(text, title):
                continue
            if strip_site_name(f"{title} | {text}", site_name, host) != title:
                return text  # not the site's name: "Title | heading" keeps the heading
        # an <h1> like the title but naming the site: no second guess from the <h2>s
    return None


def _title(doc: etree._Element, article: dict, meta: dict[str, str], site_name: str | None, host: str | None,
           authors: tuple[str, ...] = ()) -> str | None:
    """The headline: declared (JSON-LD, OpenGraph, Twitter) or the <title> part a heading confirms."""
    title_el = doc.find(".//title")
    page_title = _clean(text_of(title_el)) if title_el is not None else None
    site_key = site_name.casefold() if site_name else None
    headings = [_HEADERLINK.sub("", _clean(text_of(h)) or "") for h in doc.iter("h1", "h2")]
    headings = [h for h in headings if h]
    declared = [c for c in (_clean(article.get("headline")), meta.get("og:title"), meta.get("twitter:title"))
                if c and c.strip().casefold() != site_key]
    # A declared title the page's <title> or headline agrees with; a generic one ("Wikimedia
    # list article") that neither mentions is passed over.
    for candidate in declared:
        if not (page_title or headings) or _similar(candidate, page_title) or any(_similar(candidate, h) for h in headings[:3]):
            declared_title = strip_site_name(_WS.sub(" ", candidate).strip(), site_name, host, authors)
            return _shown(declared_title, doc, site_name, host) or declared_title
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


# Elements with a class or id, in document order, found by libxml2 (a page can hold 400,000
# elements, most of them unnamed).
_NAMED = etree.XPath("//*[@class or @id]")


def _visible_byline(doc: etree._Element) -> list[str]:
    """Author names from the page's visible byline (rel/itemprop author, byline/author classes)."""
    for el in doc.xpath('//*[@rel="author" or @itemprop="author"]'):
        name = _clean(text_of(el))
        if name and len(name) <= 80:
            return [name]
    for el in _NAMED(doc):
        # a cheap test first: pages with hundreds of thousands of elements exist
        if not _BYLINE_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            continue
        tokens = set((el.get("class") or "").lower().split()) | {(el.get("id") or "").lower()}
        parts = tokens | {p for t in tokens for p in re.split(r"[-_]+", t)}
        if parts & _BYLINE_PARTS and el.tag not in ("body", "html", "article", "main", "section"):
            text = _clean(text_of(el))
            if text and 3 <= len(text) <= 120:
                return [_HANDLE.sub("", text)]
    return []


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


def _date_from_markup(html: str | None) -> str | None:
    """The publication date found in the page's markup by htmldate, when nothing declares one."""
    if not html or len(html) > MAX_DATE_SEARCH_CHARS:
        return None
    if find_date is None:
        return None
    # As bytes: htmldate downloads a str that starts with "http" and has no spaces, and a page's
    # source must never make the cleaner fetch anything.
    source = html.encode("utf-8", "surrogatepass")
    try:
        found = find_date(source, extensive_search=False, original_date=True)
        if not found:
            # A date written in the page's text ("Jumat, 13 Nov 2026", "2017年3月9日"). A bare year
            # (a copyright line) comes back as 1 January: a guess, not the story's date.
            found = find_date(source, extensive_search=True, original_date=True)
            if found and found[5:] == "01-01":
                found = None
    except Exception:  # htmldate's own failures on odd markup: no date rather than no article
        return None
    return parse_datetime(found) if found else None


def extract_metadata(doc: etree._Element, url: str | None, html: str | None = None) -> dict[str, Any]:
    """Title, authors, dates, language, site name, description, image, tags, canonical URL.

    `html` (the page's source) lets htmldate look for a date in the markup when the page
    declares none."""
    meta = _meta(doc)
    nodes = _jsonld_nodes(doc)
    article = next((n for n in nodes if _types(n) & ARTICLE_TYPES), {})
    listing = any(_types(n) & LISTING_TYPES for n in nodes)

    publisher = _clean((article.get("publisher") or {}) if isinstance(article.get("publisher"), dict) else article.get("publisher"))
    site_name = meta.get("og:site_name") or publisher or meta.get("application-name")

    raw_authors: list[str] = []
    author_field = article.get("author") or article.get("creator")
    for a in author_field if isinstance(author_field, list) else [author_field]:
        name = _clean(a)
        if name:
            raw_authors.append(name)
    if not raw_authors:
        for key in ("author", "article:author", "byl", "parsely-author", "dc.creator", "sailthru.author", "dcterms.creator"):
            if meta.get(key) and not meta[key].startswith("http"):
                raw_authors.append(meta[key])
                break
    if not raw_authors:
        raw_authors = _visible_byline(doc)
    authors = _split_authors(raw_authors, site_name)
    title = _title(doc, article, meta, site_name, host_of(url), tuple(authors))

    any_dated = next((n for n in nodes if n.get("datePublished")), {})
    published = parse_datetime(
        _clean(article.get("datePublished"))
        or _clean(any_dated.get("datePublished"))
        or next((meta[k] for k in _DATE_META if meta.get(k)), None)
        or next((t.get("datetime") for t in doc.iter("time") if t.get("datetime")), None)
    ) or _date_from_markup(html)
    modified = parse_datetime(_clean(article.get("dateModified")) or meta.get("article:modified_time") or meta.get("og:updated_time"))

    html_el = doc if doc.tag == "html" else doc.getroottree().getroot()
    lang = html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang") or _clean(article.get("inLanguage")) or meta.get("og:locale") or meta.get("content-language")
    language = re.split(r"[-_]", lang.strip())[0].lower() if lang and lang.strip() else None

    image = _clean(article.get("image")) or meta.get("og:image") or meta.get("twitter:image")
    canonical = next((link.get("href") for link in doc.iter("link") if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    canonical = canonical or meta.get("og:url")
    if url:
        image = urljoin(url, image) if image else None
        canonical = urljoin(url, canonical) if canonical else None

    tags: list[str] = []
    keywords = article.get("keywords")
    if isinstance(keywords, str):
        tags.extend(k.strip() for k in keywords.split(","))
    elif isinstance(keywords, list):
        tags.extend(str(k).strip() for k in keywords)
    for meta_el in doc.iter("meta"):
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
        "description": _clean(article.get("description")) or meta.get("og:description") or meta.get("description"),
        "image": image,
        "tags": list(dict.fromkeys(t for t in tags if t)),
        "canonical_url": canonical,
        "og_type": (meta.get("og:type") or "").lower() or None,
        "jsonld_article": bool(article),
        "jsonld_listing": listing,
        "jsonld_body": article.get("articleBody") if isinstance(article.get("articleBody"), str) else None,
    }
