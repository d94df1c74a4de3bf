"""The `sitemap` spider: the article URLs a site lists in its sitemaps (Google News ones too)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response

from ..sources import absolute_url, parse_sitemap
from ._base import NewsSpider

__all__ = ["SitemapSpider"]

logger = logging.getLogger(__name__)


def _is_sitemap_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith((".xml", ".xml.gz")) or "sitemap" in path


class SitemapSpider(NewsSpider):
    """``scrapy crawl sitemap -a url=https://site/`` (its robots.txt names the sitemaps) or
    ``-a url=https://site/sitemap.xml``; follows sitemap indexes; ``-a since=2026-11-01`` keeps
    entries published or modified since then; ``-a incremental=1`` skips what the output holds.
    """

    name = "sitemap"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_list:
            if _is_sitemap_url(url):
                yield scrapy.Request(url, callback=self.parse_sitemap)
            else:
                yield scrapy.Request(urljoin(url, "/robots.txt"), callback=self.parse_robots,
                                     errback=self.no_robots, cb_kwargs={"site": url}, dont_filter=not self.shared_queue)

    def parse_robots(self, response: Response, site: str) -> Iterator[Any]:
        sitemaps = [line.split(":", 1)[1].strip() for line in response.text.splitlines()
                    if line.lower().startswith("sitemap:") and ":" in line]
        if not sitemaps:
            logger.info("No Sitemap: line in %(url)s; trying /sitemap.xml", {"url": response.url})
            sitemaps = [urljoin(site, "/sitemap.xml")]
        for line in sitemaps:
            url = absolute_url(response.url, line)
            if url is None:  # "Sitemap: http://[x/" must not end the reading of the others
                self.crawler.stats.inc_value("sitemap/bad_url_count")
                logger.warning("Ignoring the Sitemap: line %(line)r of %(url)s: no web page's address",
                               {"line": line[:200], "url": response.url})
                continue
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def no_robots(self, failure) -> Iterator[Any]:
        site = failure.request.cb_kwargs["site"]
        yield scrapy.Request(urljoin(site, "/sitemap.xml"), callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        entries = self.read_source(parse_sitemap, response, "sitemap")
        for entry in entries:
            if entry.is_sitemap:
                yield scrapy.Request(entry.url, callback=self.parse_sitemap)
        yield from self.article_requests(self.pages_since([e for e in entries if not e.is_sitemap], "sitemap"))
