"""The `feed` spider: the articles of RSS 2.0, Atom and JSON feeds, or of the feeds a page announces."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from ..sources import discover_feeds, parse_feed
from ._base import NewsSpider

__all__ = ["FeedSpider"]

logger = logging.getLogger(__name__)


class FeedSpider(NewsSpider):
    """``scrapy crawl feed -a url=https://site/feed.xml`` (RSS, Atom or JSON Feed), or
    ``-a url=https://site/`` to use the feeds the page names in ``<link rel="alternate">``.
    ``-a since=`` and ``-a incremental=1`` work as for the sitemap spider.
    """

    name = "feed"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_list:
            yield scrapy.Request(url, callback=self.parse_source)

    def parse_source(self, response: Response) -> Iterator[Any]:
        """A feed, or an HTML page that announces feeds."""
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        head = response.body[:512].lstrip().lower()
        if "html" in ctype and not head.startswith(b"<?xml") or head.startswith((b"<!doctype html", b"<html")):
            feeds = discover_feeds(response.body, response.url)
            if not feeds:
                self.crawler.stats.inc_value("feed/none_found_count")
                logger.warning("No feed announced in %(url)s", {"url": response.url})
            for url in feeds:
                yield scrapy.Request(url, callback=self.parse_feed)
            return
        yield from self.parse_feed(response)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        entries = self.read_source(parse_feed, response, "feed")
        yield from self.article_requests(self.pages_since(entries, "feed"))
