"""The cleaner middleware: article pages in, clean Article items out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from cleaners import Cleaner, CleanerError, CleanerOptions, CleanResult

from .items import Article, ArticlePage

__all__ = ["CleanerMiddleware"]

logger = logging.getLogger(__name__)


class CleanerMiddleware:
    """Spider middleware that runs the cleaner on every ArticlePage a spider yields.

    Listing pages (index, tag, author pages) yield nothing and are counted as
    ``cleaner/page_count/listing``; each removal is counted as ``cleaner/rule_hit_count/<rule>``;
    pages the cleaner cannot use are logged and counted as ``cleaner/error_count/<error>``
    without stopping the crawl. A spider may set ``cleaner_options`` (a CleanerOptions).
    """

    def __init__(self, crawler: Crawler, cleaner: Cleaner) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.cleaner = cleaner

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CleanerMiddleware":
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_CLEANER_ENABLED", True):
            raise NotConfigured("NEWSBOT_CLEANER_ENABLED is off")
        options = CleanerOptions(main_share=settings.getfloat("NEWSBOT_CLEANER_MAIN_SHARE", 0.75))
        spider_options = getattr(crawler.spider, "cleaner_options", None)
        if isinstance(spider_options, CleanerOptions):
            options = spider_options
        return cls(crawler, Cleaner(options))

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            if isinstance(obj, ArticlePage):
                article = self.clean(obj)
                if article is not None:
                    yield article
            else:
                yield obj

    def clean(self, page: ArticlePage) -> Article | None:
        """The Article in a page, or None for listing pages and unusable input (counted)."""
        try:
            result = self.cleaner.clean_html(page.body, url=page.url, content_type=page.content_type)
        except CleanerError as exc:
            self.stats.inc_value("cleaner/error_count/CleanerError")
            logger.warning("Cannot clean %(url)s: %(error)s", {"url": page.url, "error": exc})
            return None
        except Exception as exc:  # a bug in the cleaner must not end the crawl
            self.stats.inc_value(f"cleaner/error_count/{type(exc).__name__}")
            logger.error("Cleaner failed on %(url)s", {"url": page.url}, exc_info=True)
            return None
        for removal in result.removed:
            self.stats.inc_value(f"cleaner/rule_hit_count/{removal.rule}")
        self.stats.inc_value(f"cleaner/page_count/{result.page_type}")
        self.stats.inc_value(f"cleaner/method_count/{result.method}")
        if not result.is_article:
            logger.debug("Listing page, no article: %(url)s", {"url": page.url})
            return None
        return article_from_result(result, page)


def article_from_result(result: CleanResult, page: ArticlePage) -> Article:
    """An Article item from a cleaner result and the page it came from (not yet normalized)."""
    fields = result.to_dict()
    fields["url"] = page.url
    fields["fetched_at"] = page.fetched_at
    return Article(**{k: v for k, v in fields.items() if k in Article.__dataclass_fields__})
