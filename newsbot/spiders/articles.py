"""The `articles` spider: follow a site's links and yield every article page on it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor

from ._base import NewsSpider, read_start_urls

__all__ = ["ArticlesSpider", "DENY_PATTERNS", "read_start_urls"]

#: Links never worth following on a news site: accounts, carts, search, feeds, print and share views.
DENY_PATTERNS: tuple[str, ...] = (
    r"/(?:login|signin|sign-in|logout|register|subscribe|account|cart|checkout|search|print|share)(?:/|$|\?)",
    r"[?&](?:replytocom|share|print|output)=",
    r"/(?:feed|rss)(?:/|$)",
    r"/wp-(?:admin|login|json)",
)


class ArticlesSpider(NewsSpider):
    """Crawl the sites of the start URLs; every HTML page goes to the cleaner, which keeps articles.

    Arguments: ``-a url=https://a/,https://b/`` or ``-a urls_file=PATH``; ``-a max_pages=N``
    stops requesting new pages after N; ``-a incremental=1`` skips what the output already holds.
    A subclass's ``allow`` and ``deny`` patterns choose the links followed (start URLs are always
    crawled); every page crawled goes through ``parse_article``.
    """

    name = "articles"

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "ArticlesSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.link_extractor = LinkExtractor(
            allow=spider._allow,
            deny=[re.compile(p, re.I) for p in (*DENY_PATTERNS, *crawler.settings.getlist("NEWSBOT_DENY_PATTERNS"))] + spider._deny,
            unique=True,
        )
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_list:
            if self.admit(url) or (self.incremental and self.on_site(url)):
                # a start page is crawled for its links even when it was written before
                yield scrapy.Request(url, callback=self.parse, dont_filter=not self.shared_queue)

    def parse(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("articles/non_html_count")
            return
        if not self.already_written(response.url):
            yield from self.parse_article(response)
        for link in self.link_extractor.extract_links(response):
            if self.admit(link.url):
                yield response.follow(link.url, callback=self.parse)
