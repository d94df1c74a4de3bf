"""`scrapy crawl`, whose exit status also says when the crawl stopped before its work was done.

Scrapy exits 0 whatever a crawl's finish reason is. A worker that stopped because it lost its
Redis (`redis_lost`) has work left: its leases wait in Redis for a worker to take them. A
supervisor (systemd, Kubernetes, a shell loop) must be able to tell that from a finished crawl,
so such a run exits with UNFINISHED_EXIT_CODE.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

if TYPE_CHECKING:
    import argparse

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["Command", "UNFINISHED_EXIT_CODE", "UNFINISHED_REASONS"]

#: Finish reasons of a crawl that stopped with work left (see newsbot.distributed).
UNFINISHED_REASONS = frozenset({"redis_lost"})
#: The exit status of such a run (1 is Scrapy's own for a crawl that could not start, 2 a usage
#: error).
UNFINISHED_EXIT_CODE = 3


class Command(ScrapyCrawl):
    def long_desc(self) -> str:
        return (f"{self.short_desc()}. Exits {UNFINISHED_EXIT_CODE} when the crawl stopped with work left "
                f"(finish reason {', '.join(sorted(UNFINISHED_REASONS))}): run the worker again.")

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self._crawler = None
        super().run(args, opts)
        try:
            reason = self._crawler.stats.get_value("finish_reason") if self._crawler is not None else None
        except RuntimeError:  # the crawl never started (a component raised): Scrapy logged why
            reason = None
        if self.exitcode == 0 and reason in UNFINISHED_REASONS:
            self.exitcode = UNFINISHED_EXIT_CODE
