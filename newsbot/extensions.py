"""Small crawl extensions."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from cleaners.jsonl import count_lines

from .pipelines import output_path

__all__ = ["ResumeReport", "StatsFile"]

logger = logging.getLogger(__name__)


class StatsFile:
    """Writes the crawl's final stats as JSON to NEWSBOT_STATS_FILE, for scripts and monitoring."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StatsFile":
        path = crawler.settings.get("NEWSBOT_STATS_FILE")
        if not path:
            # off by default: no message, which Scrapy would log as a WARNING on every crawl
            logger.debug("StatsFile is off: NEWSBOT_STATS_FILE is not set")
            raise NotConfigured
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


class ResumeReport:
    """Says as the crawl starts whether it resumes: how many articles its output file already
    holds (they are not written again) and how many requests JOBDIR holds queued, or none.
    The figures also go to the stats (resume/output_article_count, resume/jobdir_request_count)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ResumeReport":
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        return ext

    def spider_opened(self, spider) -> None:
        settings = self.crawler.settings
        path = output_path(settings, spider.name)
        articles = 0 if settings.getbool("NEWSBOT_OUTPUT_OVERWRITE") else count_lines(path)
        self.stats.set_value("resume/output_article_count", articles)
        jobdir = settings.get("JOBDIR")
        try:
            scheduler = self.crawler.engine.scheduler  # public from Scrapy 2.19
        except (AttributeError, RuntimeError):  # older Scrapy; or no engine running
            scheduler = None
        queued = len(scheduler) if jobdir and scheduler is not None and hasattr(scheduler, "__len__") else None
        if queued is not None:
            self.stats.set_value("resume/jobdir_request_count", queued)
        if not jobdir:
            queue = "no JOBDIR"
        elif queued is None:
            queue = f"JOBDIR {jobdir}"
        else:
            queue = f"JOBDIR {jobdir} holds {queued} queued requests" if queued else f"JOBDIR {jobdir} holds no queued requests"
        if articles or queued:
            logger.info("Resuming: %(path)s already holds %(articles)d articles, not written again; %(queue)s",
                        {"path": path, "articles": articles, "queue": queue})
        else:
            logger.info("Starting afresh: %(path)s holds no articles yet; %(queue)s", {"path": path, "queue": queue})
