"""newsbot in any Scrapy project: ``ADDONS = {"newsbot.addon.Newsbot": 0}`` in its settings.py.

The add-on installs the cleaner middleware, the readable-response guard, the
normalize/validate/deduplicate/write pipelines, the crash-safe duplicate filter and JOBDIR queue,
the stats and resume extensions and the safety defaults. Every one of them gives way to what the
project sets itself: a setting the project (or a spider, or the command line) gives keeps its
value, a component the project lists keeps its order (``None`` switches it off), and a component
dict given on the command line is taken as the whole list, as Scrapy does with the project's own.
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from .distributed import SharedQueueAddon
from .extensions import ResumeReport, StatsFile
from .middlewares import CleanerMiddleware, ReadableResponseMiddleware
from .pipelines import (
    DeduplicatePipeline,
    JsonlWriterPipeline,
    NearDuplicatePipeline,
    NormalizePipeline,
    ValidatePipeline,
)

__all__ = ["Newsbot", "PIPELINES_AFTER", "PIPELINES_BEFORE", "SAFETY_DEFAULTS"]

#: Scrapy settings the add-on changes unless the project sets them itself.
SAFETY_DEFAULTS: dict[str, object] = {
    # no single response may exceed 16 MiB (decompressed); warn from 4 MiB
    "DOWNLOAD_MAXSIZE": 16 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 4 * 1024 * 1024,
    # Scrapy 2.19's remote-control extension opens a code-execution endpoint on every crawl and
    # writes job files under the home directory; the telnet console is a Python prompt
    "REMOTE_CONTROL_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    # with JOBDIR, a damaged request queue file is set aside instead of hanging the crawl
    "SCHEDULER_DISK_QUEUE": "newsbot.jobdir.LifoDiskQueue",
    # articles in every language, readable in feed exports (-O out.jsonl) too
    "FEED_EXPORT_ENCODING": "utf-8",
}

#: Orders of newsbot's pipelines after the project's own (Scrapy's customary range is 0-1000).
PIPELINES_AFTER: dict[type, int] = {
    NormalizePipeline: 1100,
    ValidatePipeline: 1200,
    DeduplicatePipeline: 1300,
    NearDuplicatePipeline: 1350,
    JsonlWriterPipeline: 1900,
}
#: Their orders with NEWSBOT_PIPELINES_FIRST: before the project's own.
PIPELINES_BEFORE: dict[type, int] = {cls: order - 2000 for cls, order in PIPELINES_AFTER.items()}

_SPIDER_MIDDLEWARES: dict[type, int] = {CleanerMiddleware: 543}
#: after Scrapy's decompression (590), before its meta-refresh check (580), which reads the
#: text and the <base>
_DOWNLOADER_MIDDLEWARES: dict[type, int] = {ReadableResponseMiddleware: 585}
_EXTENSIONS: dict[type, int] = {StatsFile: 500, ResumeReport: 510}


def add_components(settings: BaseSettings, name: str, components: dict[type, int]) -> None:
    """Add components to a component dict, each unless the project already lists it; a dict
    given on the command line is left as it is."""
    if (settings.getpriority(name) or 0) >= SETTINGS_PRIORITIES["cmdline"]:
        return
    for cls, order in components.items():
        settings.setdefault_in_component_priority_dict(name, cls, order)


class Newsbot:
    """The newsbot add-on: cleaner, pipelines, crash-safe queue and safety defaults for any
    Scrapy project, under the project's own settings. ``NEWSBOT_PIPELINES_FIRST`` runs newsbot's
    pipelines before the project's instead of after them; with ``NEWSBOT_REDIS_URL`` the crawl
    shares a Redis queue (SharedQueueAddon)."""

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in SAFETY_DEFAULTS.items():
            settings.set(name, value, "addon")
        add_components(settings, "SPIDER_MIDDLEWARES", _SPIDER_MIDDLEWARES)
        add_components(settings, "DOWNLOADER_MIDDLEWARES", _DOWNLOADER_MIDDLEWARES)
        first = settings.getbool("NEWSBOT_PIPELINES_FIRST")
        add_components(settings, "ITEM_PIPELINES", PIPELINES_BEFORE if first else PIPELINES_AFTER)
        add_components(settings, "EXTENSIONS", _EXTENSIONS)
        SharedQueueAddon().update_settings(settings)
