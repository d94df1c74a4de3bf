"""Crawl log lines for people: a dropped item is one line, its reason and URL, not the article."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from twisted.python.failure import Failure

__all__ = ["OneLineLogFormatter"]


class OneLineLogFormatter(LogFormatter):
    """Scrapy's log formatter, but a dropped item logs its reason class, message and URL on one
    line (Scrapy's own logs the whole item, text and all, on the lines after)."""

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        if (level := getattr(exception, "log_level", None)) is None:
            level = spider.crawler.settings["DEFAULT_DROPITEM_LOG_LEVEL"]
        if isinstance(level, str):
            level = getattr(logging, level)
        message = " ".join(str(exception).split())
        url = getattr(item, "url", None) or (item.get("url") if isinstance(item, dict) else None)
        if url and url not in message:
            message = f"{message} <{url}>" if message else f"<{url}>"
        return {
            "level": level,
            "msg": "Dropped %(reason)s: %(message)s",
            "args": {"reason": type(exception).__name__, "message": message},
        }
