"""The `articles` spider: follow a site's links and yield every article page on it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor

from cleaners.record import canonical_url

from ..items import ArticlePage

__all__ = ["ArticlesSpider", "DENY_PATTERNS", "read_start_urls"]

#: Links never worth following on a news site: accounts, carts, search, feeds, print and share views.
DENY_PATTERNS: tuple[str, ...] = (
    r"/(?:login|signin|sign-in|logout|register|subscribe|account|cart|checkout|search|print|share)(?:/|$|\?)",
    r"[?&](?:replytocom|share|print|output)=",
    r"/(?:feed|rss)(?:/|$)",
    r"/wp-(?:admin|login|json)",
)


def read_start_urls(url: str | None = None, urls_file: str | None = None) -> list[str]:
    """Start URLs from `-a url=A,B` and/or `-a urls_file=PATH` (one a line, # comments)."""
    urls: list[str] = []
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
        raise UsageError("give start URLs: -a url=https://site/ (comma-separated) or -a urls_file=PATH")
    return urls


class ArticlesSpider(scrapy.Spider):
    """Crawl the sites of the start URLs; every HTML page goes to the cleaner, which keeps articles.

    Arguments: ``-a url=https://a/,https://b/`` or ``-a urls_file=PATH``; ``-a max_pages=N``
    stops requesting new pages after N.
    """

    name = "articles"

    def __init__(self, url: str | None = None, urls_file: str | None = None, max_pages: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_list = read_start_urls(url, urls_file)
        hosts = {urlsplit(u).hostname.lower() for u in self.start_list}
        self.allowed_domains = sorted({h.removeprefix("www.") for h in hosts})
        try:
            self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        except ValueError:
            raise UsageError(f"max_pages must be a number, got {max_pages!r}") from None
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "ArticlesSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.link_extractor = LinkExtractor(
            deny=[re.compile(p, re.I) for p in (*DENY_PATTERNS, *crawler.settings.getlist("NEWSBOT_DENY_PATTERNS"))],
            unique=True,
        )
        return spider

    def _on_site(self, url: str) -> bool:
        """True for URLs on a start URL's site (its host or a subdomain, any port)."""
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _admit(self, url: str) -> bool:
        """Count a new page against max_pages; False once the budget is spent or seen before."""
        if not self._on_site(url):
            return False
        key = canonical_url(url) or url
        if key in self._requested:
            return False
        if self.max_pages is not None and len(self._requested) >= self.max_pages:
            self.crawler.stats.inc_value("articles/link_over_budget_count")
            return False
        self._requested.add(key)
        return True

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_list:
            if self._admit(url):
                yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("articles/non_html_count")
            return
        yield ArticlePage.from_response(response)
        for link in self.link_extractor.extract_links(response):
            if self._admit(link.url):
                yield response.follow(link.url, callback=self.parse)
