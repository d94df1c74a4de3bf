"""Item pipelines, in order: normalize, validate, deduplicate, write JSONL.

They act on Article items; any other item (a project's own) passes through them untouched.
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from cleaners.jsonl import JsonlWriter, read_records
from cleaners.record import DEFAULT_TRACKING_PARAMS, normalize_record

from ._config import number_setting
from .items import Article, ArticlePage

__all__ = [
    "output_path",
    "NormalizePipeline",
    "ValidatePipeline",
    "DeduplicatePipeline",
    "NearDuplicatePipeline",
    "JsonlWriterPipeline",
    "NotAnArticle",
    "MissingTitle",
    "TooLittleText",
    "DuplicateUrl",
    "DuplicateContent",
    "NearDuplicate",
]

logger = logging.getLogger(__name__)


# Drop reasons: Scrapy counts each as item_dropped_reasons_count/<class name>.
class NotAnArticle(DropItem):
    """The item is not an Article (for example a page that no cleaner turned into one)."""


class MissingTitle(DropItem):
    """The article has no title."""


class TooLittleText(DropItem):
    """The article's text is shorter than NEWSBOT_MIN_TEXT_CHARS."""


class DuplicateUrl(DropItem):
    """An article with the same canonical URL was already written in this crawl."""


class DuplicateContent(DropItem):
    """An article with the same text was already written in this crawl."""


class NearDuplicate(DropItem):
    """The article's text is a near copy of one already written (NEWSBOT_DEDUP_NEAR)."""


class NormalizePipeline:
    """NFC text, one blank line between paragraphs, ISO 8601 times, canonical URL and hash.

    Items of other kinds pass through untouched, counted as
    ``normalize/other_item_count/<type>``; a page the cleaner never saw is dropped (NotAnArticle).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.tracking = DEFAULT_TRACKING_PARAMS | set(crawler.settings.getlist("NEWSBOT_TRACKING_PARAMS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "NormalizePipeline":
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticlePage):
            raise NotAnArticle(f"page was not cleaned (is CleanerMiddleware enabled?): {item.url}")
        if not isinstance(item, Article):
            self.stats.inc_value(f"normalize/other_item_count/{type(item).__name__}")
            return item
        record = normalize_record(ItemAdapter(item).asdict(), self.tracking)
        return Article(**record, markdown=item.markdown)


class ValidatePipeline:
    """Drops articles without a title or with too little text, each with a named reason."""

    def __init__(self, crawler: Crawler, min_text_chars: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.min_text_chars = min_text_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidatePipeline":
        return cls(crawler, int(number_setting(crawler.settings, "NEWSBOT_MIN_TEXT_CHARS", 200, minimum=0, whole=True)))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if not item.title:
            raise MissingTitle(f"no title: {item.url}")
        if len(item.text) < self.min_text_chars:
            raise TooLittleText(f"{len(item.text)} characters of text (< {self.min_text_chars}): {item.url}")
        return item


class DeduplicatePipeline:
    """Drops a second article with the same canonical URL or, optionally, the same text.

    "Second" counts what the output file already holds: when the crawl appends to an existing
    file, its records are read first, so a crawl run again after an interruption (even a kill -9)
    never writes an article twice.
    """

    def __init__(self, crawler: Crawler, by_content: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.by_content = by_content
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DeduplicatePipeline":
        return cls(crawler, crawler.settings.getbool("NEWSBOT_DEDUP_CONTENT", True))

    def open_spider(self) -> None:
        if self.crawler.settings.getbool("NEWSBOT_OUTPUT_OVERWRITE"):
            return
        for record in read_records(output_path(self.crawler.settings, self.crawler.spider.name)):
            key = record.get("canonical_url") or record.get("url")
            if key:
                self.urls.add(key)
            if record.get("content_hash"):
                self.hashes.add(record["content_hash"])
        self.stats.set_value("dedup/known_from_output_count", len(self.urls))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        key = item.canonical_url or item.url
        if key in self.urls:
            raise DuplicateUrl(f"already written: {key}", log_level="DEBUG")
        if self.by_content and item.content_hash in self.hashes:
            raise DuplicateContent(f"same text as an article already written: {item.url}", log_level="DEBUG")
        self.urls.add(key)
        if item.content_hash:
            self.hashes.add(item.content_hash)
        return item


class NearDuplicatePipeline:
    """Drops an article whose text is a near copy of one written before: the same story with a
    sentence dropped, a footer added or its headline changed (MinHash of word 5-shingles, with
    LSH; see cleaners._neardup). Off unless NEWSBOT_DEDUP_NEAR is set. Like DeduplicatePipeline
    it knows what the output file already holds.
    """

    def __init__(self, crawler: Crawler, threshold: float) -> None:
        from cleaners._neardup import NearDuplicates

        self.crawler = crawler
        self.stats = crawler.stats
        self.seen = NearDuplicates(threshold)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "NearDuplicatePipeline":
        if not crawler.settings.getbool("NEWSBOT_DEDUP_NEAR"):
            raise NotConfigured  # off by default, quietly
        return cls(crawler, number_setting(crawler.settings, "NEWSBOT_DEDUP_NEAR_THRESHOLD", 0.8, above=0, maximum=1))

    def open_spider(self) -> None:
        if self.crawler.settings.getbool("NEWSBOT_OUTPUT_OVERWRITE"):
            return
        for record in read_records(output_path(self.crawler.settings, self.crawler.spider.name)):
            if record.get("text"):
                self.seen.add(record["text"], record.get("url") or "an earlier article")
        self.stats.set_value("dedup_near/known_from_output_count", len(self.seen))

    def process_item(self, item: Article) -> Article:
        earlier = self.seen.check(item.text, item.url)
        if earlier:
            raise NearDuplicate(f"{earlier}: {item.url}")
        return item


def output_path(settings, spider_name: str) -> Path:
    """Where a spider's articles go: NEWSBOT_OUTPUT, else <NEWSBOT_OUTPUT_DIR>/<spider>.jsonl;
    on a shared Redis queue each worker process writes its own <spider>.<host>-<pid>.jsonl."""
    output = settings.get("NEWSBOT_OUTPUT")
    if output:
        return Path(output)
    name = f"{spider_name}.{socket.gethostname()}-{os.getpid()}" if settings.get("NEWSBOT_REDIS_URL") else spider_name
    return Path(settings.get("NEWSBOT_OUTPUT_DIR", "output")) / f"{name}.jsonl"


class JsonlWriterPipeline:
    """Appends one JSON object per line, UTF-8; each line is written whole and flushed.

    The file is ``NEWSBOT_OUTPUT`` or ``<NEWSBOT_OUTPUT_DIR>/<spider>.jsonl``. If an earlier
    crawl was killed in the middle of a line, that partial line is cut off on open, so the file
    always holds whole records only.
    """

    def __init__(self, crawler: Crawler, overwrite: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.path: Path | None = None
        self.overwrite = overwrite
        self.writer: JsonlWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "JsonlWriterPipeline":
        return cls(crawler, crawler.settings.getbool("NEWSBOT_OUTPUT_OVERWRITE"))

    def open_spider(self) -> None:
        self.path = output_path(self.crawler.settings, self.crawler.spider.name)
        self.writer = JsonlWriter(self.path, overwrite=self.overwrite)
        if self.writer.partial_bytes_cut:
            self.stats.inc_value("writer/partial_line_cut_count")
            logger.warning("Cut a partial last line from %(path)s (%(bytes)d bytes)", {"path": self.path, "bytes": self.writer.partial_bytes_cut})
        logger.info("Writing articles to %(path)s", {"path": self.path})

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.writer is not None, "open_spider was not called"
        self.writer.write(item.to_record() if isinstance(item, Article) else ItemAdapter(item).asdict())
        self.stats.inc_value("writer/item_count")
        return item

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
