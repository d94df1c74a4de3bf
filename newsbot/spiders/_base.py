"""What every newsbot spider shares: start URLs, a page budget, incremental crawls, articles."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Response

from cleaners.jsonl import read_records
from cleaners.record import canonical_url

from ..items import STORY_KEY, ArticlePage
from ..pipelines import output_path
from ..sources import Entry, InvalidSource, entry_is_since

__all__ = ["NewsSpider", "read_start_urls"]

logger = logging.getLogger(__name__)


def read_start_urls(url: str | None = None, urls_file: str | None = None, defaults: Iterable[str] = ()) -> list[str]:
    """Start URLs from `-a url=A,B` and/or `-a urls_file=PATH` (one a line, # comments); without
    either, the `defaults` (a spider's own start_urls)."""
    urls: list[str] = [] if url or urls_file else list(defaults)
    if url:
        urls.extend(u.strip() for u in url.split(","))
    if urls_file:
        try:
            lines = Path(urls_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsageError(f"cannot read urls_file {urls_file!r}: {exc}") from None
        urls.extend(line.strip() for line in lines if not line.lstrip().startswith("#"))
    urls = [u for u in dict.fromkeys(urls) if u]
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname]
    if bad:
        raise UsageError(f"not an http(s) URL: {', '.join(bad)}")
    if not urls:
        raise UsageError("give start URLs: -a url=https://site/ (comma-separated), -a urls_file=PATH "
                         "or a start_urls list in the spider")
    return urls


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class NewsSpider(scrapy.Spider):
    """Base of newsbot's spiders.

    Arguments: ``-a url=`` / ``-a urls_file=`` (start URLs), ``-a max_pages=N`` (stop requesting
    new pages after N), ``-a incremental=1`` (skip URLs the output file already holds),
    ``-a since=YYYY-MM-DD`` (sources' entries dated earlier are skipped).

    A project's subclass may set ``start_urls`` (used when no ``-a url``/``urls_file`` is given),
    ``allowed_domains`` (else the start URLs' sites), ``allow`` and ``deny`` (URL regexes a page
    to request must match / must not match) and override ``parse_article``, the callback of
    every page that may hold an article.
    """

    #: URL regexes (searched in the absolute URL) a page must match to be requested; none: any
    allow: tuple[str, ...] = ()
    #: URL regexes of pages never requested
    deny: tuple[str, ...] = ()

    def __init__(self, url: str | None = None, urls_file: str | None = None, max_pages: Any = None,
                 incremental: Any = None, since: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_list = read_start_urls(url, urls_file, defaults=self.start_urls)
        hosts = {urlsplit(u).hostname.lower() for u in self.start_list}
        own_domains = getattr(self, "allowed_domains", None)
        self.allowed_domains = sorted({h.lower().removeprefix("www.") for h in (own_domains or hosts)})
        self._allow = [re.compile(p) for p in self.allow]
        self._deny = [re.compile(p) for p in self.deny]
        try:
            self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        except ValueError:
            self.max_pages = 0
        if self.max_pages is not None and self.max_pages < 1:  # (-1 crawled nothing, silently)
            raise UsageError(f"max_pages must be a whole number of at least 1, got {max_pages!r}")
        try:
            self.since: date | None = date.fromisoformat(since) if since else None
        except ValueError:
            raise UsageError(f"since must be a date like 2026-11-01, got {since!r}") from None
        self.incremental = _flag(incremental) if incremental is not None else False
        self.shared_queue = False
        self._requested: set[str] = set()
        self._done: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        # on a shared queue, start requests go through the shared duplicate filter, so that
        # every worker can seed the same start URLs and a page is still crawled once
        spider.shared_queue = bool(crawler.settings.get("NEWSBOT_REDIS_URL"))
        if spider.incremental:
            spider._done = spider._urls_in_output(output_path(crawler.settings, spider.name))
        return spider

    def _urls_in_output(self, path: Path) -> set[str]:
        """Canonical URLs of the records an earlier crawl wrote."""
        done = {canonical_url(r[key]) or r[key] for r in read_records(path) for key in ("url", "canonical_url") if r.get(key)}
        logger.info("Incremental crawl: %(n)d URLs already in %(path)s", {"n": len(done), "path": path})
        return done

    def on_site(self, url: str) -> bool:
        """True for URLs on a start URL's site (its host or a subdomain, any port)."""
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def wanted(self, url: str) -> bool:
        """True for URLs the spider's allow and deny patterns let through."""
        if self._allow and not any(p.search(url) for p in self._allow):
            return False
        return not any(p.search(url) for p in self._deny)

    def already_written(self, url: str) -> bool:
        """True when an incremental crawl's output already holds this URL."""
        return bool(self._done) and (canonical_url(url) or url) in self._done

    def admit(self, url: str) -> bool:
        """Count a new page against max_pages; False when seen, already written, off-site or over budget."""
        if not self.on_site(url):
            return False
        key = canonical_url(url) or url
        if key in self._requested:
            return False
        if key in self._done:
            self.crawler.stats.inc_value("incremental/skipped_count")
            return False
        if self.max_pages is not None and len(self._requested) >= self.max_pages:
            self.crawler.stats.inc_value(f"{self.name}/link_over_budget_count")
            return False
        self._requested.add(key)
        return True

    def read_source(self, parse: Callable[[bytes, str, list[str]], list[Entry]], response: Response, kind: str) -> list[Entry]:
        """The entries of a sitemap or feed; a broken one is logged with its URL and counted
        (``<kind>/invalid_count``), never silently empty, and so are the addresses it lists that
        are no web page's (``<kind>/bad_url_count``)."""
        stats = self.crawler.stats
        skipped: list[str] = []  # listed addresses that are no web page's ("javascript:", "http://[x/")
        try:
            entries = parse(response.body, response.url, skipped)
        except InvalidSource as exc:
            stats.inc_value(f"{kind}/invalid_count")
            logger.warning("Ignoring invalid %(kind)s %(url)s: %(reason)s", {"kind": kind, "url": response.url, "reason": exc})
            return []
        stats.inc_value(f"{kind}/{kind}_count")
        if skipped:
            stats.inc_value(f"{kind}/bad_url_count", len(skipped))
            logger.warning("Ignoring %(n)d addresses of %(kind)s %(url)s that are no web page's, such as %(example)r",
                           {"n": len(skipped), "kind": kind, "url": response.url, "example": skipped[0][:200]})
        if not entries:
            stats.inc_value(f"{kind}/empty_count")
            logger.warning("The %(kind)s %(url)s lists no URLs", {"kind": kind, "url": response.url})
        return entries

    def pages_since(self, entries: list[Entry], kind: str) -> list[Entry]:
        """The entries dated on or after ``-a since`` (all of them without it)."""
        pages = []
        for entry in entries:
            if not entry_is_since(entry, self.since):
                self.crawler.stats.inc_value(f"{kind}/before_since_count")
            else:
                self.crawler.stats.inc_value(f"{kind}/entry_count")
                pages.append(entry)
        return pages

    def article_requests(self, entries: Iterable[Entry]) -> Iterator[scrapy.Request]:
        """A request for each entry's page; an entry its source declares a story (a news
        sitemap's, a feed's item) is marked so (``meta[STORY_KEY]``): the cleaner takes the page
        for an article whatever its shape."""
        for entry in entries:
            if not self.wanted(entry.url):
                self.crawler.stats.inc_value(f"{self.name}/unwanted_count")
            elif self.admit(entry.url):
                yield scrapy.Request(entry.url, callback=self.parse_article, meta={STORY_KEY: True} if entry.story else None)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Hand the page to the cleaner middleware, which keeps it if it is an article."""
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{self.name}/non_html_count")
            return
        yield ArticlePage.from_response(response)
