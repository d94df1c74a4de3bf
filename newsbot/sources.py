"""Where article URLs come from besides links: sitemaps (with Google News tags) and feeds
(RSS 2.0, Atom, JSON Feed). All of it is untrusted input: parsed without entity expansion, DTDs
or network access, under a size cap, and a broken source raises InvalidSource with its reason.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from lxml import etree

from cleaners._decode import load_json
from cleaners._metadata import parse_datetime
from cleaners._urls import join_url

__all__ = ["Entry", "InvalidSource", "absolute_url", "discover_feeds", "entry_is_since", "parse_feed", "parse_sitemap", "unpack"]

#: Largest sitemap or feed accepted after decompression (the sitemap protocol's limit is 50 MB).
MAX_SOURCE_BYTES = 50 * 1024 * 1024

_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rss", "text/xml", "application/xml")


class InvalidSource(ValueError):
    """A sitemap or feed that cannot be used, with the reason."""


@dataclass(frozen=True)
class Entry:
    """One URL a sitemap or feed lists, with what it says about it."""

    url: str
    #: publication or modification date, ISO 8601, when the source gives one
    date: str | None = None
    title: str | None = None
    #: True for a sitemap index entry (another sitemap), False for a page
    is_sitemap: bool = False
    #: the source declares the page a story: a news sitemap's entry (Google News tags, which
    #: name articles only) or a feed's item
    story: bool = False


def unpack(body: bytes, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The body, gunzipped when it is gzip, refusing more than `max_bytes` either way.

    Decompression is streamed and stops at the cap, so a gzip bomb costs `max_bytes` at most.
    """
    if body[:2] != b"\x1f\x8b":
        if len(body) > max_bytes:
            raise InvalidSource(f"larger than {max_bytes} bytes")
        return body
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            while chunk := f.read(1 << 16):
                out.write(chunk)
                if out.tell() > max_bytes:
                    raise InvalidSource(f"more than {max_bytes} bytes once decompressed")
    except (OSError, EOFError, zlib.error) as exc:
        raise InvalidSource(f"broken gzip: {exc}") from None
    return out.getvalue()


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _parse_xml(body: bytes) -> etree._Element:
    try:
        root = etree.fromstring(body, _XML)
    except etree.XMLSyntaxError as exc:
        raise InvalidSource(f"not well-formed XML: {exc}") from None
    if root is None:
        raise InvalidSource("empty document")
    return root


def absolute_url(base: str, link: str) -> str | None:
    """`link` read against `base`, when that is a web page's address (http or https, with a
    host); None for what no request can be made for ("http://[x/", "javascript:...", a port
    past 65535), which would otherwise end the reading of the whole source."""
    url = join_url(base, link.strip()) if link.strip() else None
    if url is None:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _entry(base: str, link: str, skipped: list[str] | None, when: str | None, title: str | None,
           is_sitemap: bool = False, story: bool = False) -> Entry | None:
    """The entry of a listed address, or None (and the address in `skipped`) for no web page's."""
    url = absolute_url(base, link)
    if url is None:
        if skipped is not None:
            skipped.append(link)
        return None
    return Entry(url, parse_datetime(when), title, is_sitemap=is_sitemap, story=story)


def _child_text(elem: etree._Element, name: str) -> str | None:
    for child in elem:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(body: bytes, url: str, skipped: list[str] | None = None) -> list[Entry]:
    """The entries of a sitemap or sitemap index (Google News tags included: an entry that has
    them is a story). A listed address that is no web page's is left out, and added to
    `skipped` when given."""
    root = _parse_xml(unpack(body))
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise InvalidSource(f"not a sitemap: the root element is <{kind or '?'}>")
    entries = []
    for item in root:
        name = _local(item.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = _child_text(item, "loc")
        if not loc:
            continue
        when, title, news = _child_text(item, "lastmod"), None, False
        for child in item:
            if _local(child.tag) == "news":  # <news:news><news:publication_date>, <news:title>
                when = _child_text(child, "publication_date") or when
                title = _child_text(child, "title")
                news = True
        entry = _entry(url, loc, skipped, when, title, is_sitemap=name == "sitemap", story=news and name == "url")
        if entry is not None:
            entries.append(entry)
    return entries


def parse_feed(body: bytes, url: str, skipped: list[str] | None = None) -> list[Entry]:
    """The entries of an RSS 2.0, RSS 1.0, Atom or JSON Feed document, each a story. A listed
    address that is no web page's is left out, and added to `skipped` when given."""
    body = unpack(body)
    if body.lstrip()[:1] in (b"{", b"["):
        try:
            data = load_json(body)
        except ValueError as exc:
            raise InvalidSource(f"invalid JSON Feed: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise InvalidSource("not a JSON Feed: no items list")
        found = (
            _entry(url, link, skipped, item.get("date_published") or item.get("date_modified"), item.get("title"), story=True)
            for item in data["items"]
            if isinstance(item, dict) and isinstance(link := item.get("url") or item.get("external_url"), str) and link
        )
        return [entry for entry in found if entry is not None]
    root = _parse_xml(body)
    kind = _local(root.tag)
    entries = []
    if kind == "feed":  # Atom
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            link = None
            for child in entry:
                if _local(child.tag) == "link" and child.get("href") and child.get("rel", "alternate") == "alternate":
                    link = child.get("href")
                    break
            if link:
                when = _child_text(entry, "published") or _child_text(entry, "updated")
                found = _entry(url, link, skipped, when, _child_text(entry, "title"), story=True)
                if found is not None:
                    entries.append(found)
        return entries
    if kind in ("rss", "rdf"):  # RSS 2.0 items sit in <channel>, RSS 1.0 items at the top
        items = [e for e in root.iter() if _local(e.tag) == "item"]
        for item in items:
            guid = _child_text(item, "guid")
            link = _child_text(item, "link") or (guid if guid and guid.startswith(("http://", "https://", "/")) else None)
            if link:
                when = _child_text(item, "pubdate") or _child_text(item, "date")
                found = _entry(url, link, skipped, when, _child_text(item, "title"), story=True)
                if found is not None:
                    entries.append(found)
        return entries
    raise InvalidSource(f"not a feed: the root element is <{kind or '?'}>")


def discover_feeds(html: bytes | str, url: str) -> list[str]:
    """Feed URLs a page announces with <link rel="alternate" type="...rss/atom/feed+json...">."""
    try:
        doc = etree.fromstring(html, etree.HTMLParser(no_network=True)) if html else None
    except (etree.XMLSyntaxError, ValueError):
        return []
    if doc is None:
        return []
    found = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and link.get("href") and kind in _FEED_TYPES[:4]:
            feed = absolute_url(url, link.get("href"))
            if feed is not None:
                found.append(feed)
    return list(dict.fromkeys(found))


def entry_is_since(entry: Entry, since: date | None) -> bool:
    """True when the entry is dated on or after `since` (or carries no date, or no `since`)."""
    if since is None or entry.date is None:
        return True
    try:
        return datetime.fromisoformat(entry.date[:10]).date() >= since
    except ValueError:
        return True
