"""The cleaner middleware: article pages in, clean Article items out."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import re
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.response import get_base_url, get_meta_refresh

from cleaners import Cleaner, CleanerError, CleanerOptions, CleanResult
from cleaners import warm_up
from cleaners._decode import decode_html, ignored_charset, text_encoding
from cleaners._lifeline import end_with
from cleaners._run import MAX_WORKERS
from cleaners._urls import bad_host, host_of, join_url

from ._config import number_setting
from .items import Article, ArticlePage

__all__ = ["CleanerMiddleware", "CleanerPool", "META_KEY", "ReadableResponseMiddleware"]

logger = logging.getLogger(__name__)

#: ``request.meta[META_KEY] = True``: the middleware cleans that request's response by itself
META_KEY = "newsbot"

# Each worker process keeps one Cleaner, built once from the crawl's options.
_worker_cleaner: Cleaner | None = None


def _init_worker(options: CleanerOptions, owner: int) -> None:
    global _worker_cleaner
    end_with(owner)  # a crawl killed with kill -9 leaves no worker behind
    _worker_cleaner = Cleaner(options)
    warm_up()  # start-up work, never counted against a page's time limit


def _warm_up() -> int:
    """Run once per worker as it starts, so that its start-up never counts against a page."""
    import time

    time.sleep(0.05)  # long enough that each warm-up call lands on its own worker
    return os.getpid()


def _clean_in_worker(body: bytes, url: str, content_type: str | None, story: bool = False) -> CleanResult:
    assert _worker_cleaner is not None
    return _worker_cleaner.clean_html(body, url=url, content_type=content_type, article=story)


class PageTimeout(Exception):
    """Cleaning one page took longer than NEWSBOT_CLEANER_TIMEOUT."""


class CleanerPool:
    """Worker processes that clean pages off the crawl's event loop, one page at most
    `timeout` seconds: a page that overruns is abandoned, its worker killed and replaced."""

    def __init__(self, workers: int, options: CleanerOptions, timeout: float) -> None:
        self.workers = workers
        self.options = options
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._starting: asyncio.Future | None = None

    #: seconds a new pool's workers may take to start (importing the cleaner), apart from pages
    STARTUP_TIMEOUT = 120.0

    async def _executor(self) -> ProcessPoolExecutor:
        while self._starting is not None:  # another page is starting the pool: wait for it
            await self._starting
        if self._pool is None:
            # forkserver: workers never inherit the crawler's reactor threads or sockets
            context = multiprocessing.get_context("forkserver")
            pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                       initargs=(self.options, os.getpid()))
            loop = asyncio.get_running_loop()
            self._starting = loop.create_future()
            try:
                warm = [loop.run_in_executor(pool, _warm_up) for _ in range(self.workers)]
                await asyncio.wait_for(asyncio.gather(*warm), self.STARTUP_TIMEOUT)
                self._pool = pool
            finally:
                self._starting.set_result(None)
                self._starting = None
        return self._pool

    async def clean(self, page: ArticlePage) -> CleanResult:
        """The page cleaned in a worker; PageTimeout when it overruns."""
        for attempt in (1, 2):
            loop = asyncio.get_running_loop()
            pool = await self._executor()
            future = loop.run_in_executor(pool, _clean_in_worker, page.body, page.url, page.content_type, page.story)
            try:
                return await asyncio.wait_for(future, self.timeout)
            except asyncio.TimeoutError:
                self.restart(pool)
                raise PageTimeout(f"cleaning took more than {self.timeout:g}s") from None
            except BrokenProcessPool:
                # another page's timeout killed the pool under this one: try once more
                self.restart(pool)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def restart(self, pool: ProcessPoolExecutor) -> None:
        """Kill a pool's workers (a stuck one cannot be stopped otherwise); the next page starts a new pool."""
        if self._pool is not pool:
            return
        self._pool = None
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class CleanerMiddleware:
    """Spider middleware that runs the cleaner on every ArticlePage a spider yields.

    Cleaning runs in NEWSBOT_CLEANER_WORKERS worker processes (0: in the crawl process), so it
    never stalls downloads; a page that takes longer than NEWSBOT_CLEANER_TIMEOUT is dropped and
    counted as ``cleaner/error_count/PageTimeout``. Listing pages (index, tag, author pages) yield
    nothing and are counted as ``cleaner/page_count/listing``, but a page its source declares a
    story (``ArticlePage.story``: a news sitemap's entry, a feed's item) is cleaned as an article
    whatever its shape (``cleaner/declared_story_count`` where the page-type decision would have
    made it a listing: ``CleanResult.declared_story``); each removal is counted as
    ``cleaner/rule_hit_count/<rule>``; pages the cleaner cannot use are logged and counted as
    ``cleaner/error_count/<error>`` without stopping the crawl. A spider may set
    ``cleaner_options`` (a CleanerOptions).

    A response to a request with ``meta["newsbot"] = True`` is cleaned as though its callback
    had yielded ``ArticlePage.from_response(response)`` (counted as ``cleaner/meta_page_count``),
    unless the callback yielded that page itself or the response is not HTML (counted as
    ``cleaner/meta_skipped_count/not_html``). Everything else passes through untouched.
    """

    def __init__(self, crawler: Crawler, cleaner: Cleaner, pool: CleanerPool | None = None) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.cleaner = cleaner
        self.pool = pool
        self.markdown = crawler.settings.getbool("NEWSBOT_MARKDOWN", False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CleanerMiddleware":
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_CLEANER_ENABLED", True):
            raise NotConfigured("NEWSBOT_CLEANER_ENABLED is off")
        options = CleanerOptions(main_share=number_setting(settings, "NEWSBOT_CLEANER_MAIN_SHARE", 0.75, above=0, maximum=1))
        spider_options = getattr(crawler.spider, "cleaner_options", None)
        if isinstance(spider_options, CleanerOptions):
            options = spider_options
        # the item carries the text, and the Markdown when NEWSBOT_MARKDOWN asks for it: no other
        # rendering is built; and a listing page yields nothing, so its text is never read and the
        # listing model (a sixth of a listing page's time) does not run
        options = replace(options, outputs=frozenset({"markdown"}) if settings.getbool("NEWSBOT_MARKDOWN", False) else frozenset(),
                          listing_model=None)
        workers = int(number_setting(settings, "NEWSBOT_CLEANER_WORKERS", -1, minimum=-1, maximum=MAX_WORKERS, whole=True))
        if workers < 0:
            workers = os.cpu_count() or 1
        timeout = number_setting(settings, "NEWSBOT_CLEANER_TIMEOUT", 30.0, above=0)
        pool = CleanerPool(workers, options, timeout) if workers else None
        middleware = cls(crawler, Cleaner(options), pool)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        if self.pool is not None:
            self.pool.close()

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        request = getattr(response, "request", None)
        flagged = request is not None and bool(request.meta.get(META_KEY))
        async for obj in result:
            if isinstance(obj, ArticlePage):
                flagged = flagged and obj.url != response.url  # the callback yielded the page itself
                article = await self._clean_page(obj)
                if article is not None:
                    yield article
            else:
                yield obj
        if flagged and not isinstance(response, HtmlResponse):
            self.stats.inc_value("cleaner/meta_skipped_count/not_html")
            logger.debug("Not cleaning %(url)s: not an HTML page", {"url": response.url})
        elif flagged:
            self.stats.inc_value("cleaner/meta_page_count")
            article = await self._clean_page(ArticlePage.from_response(response))
            if article is not None:
                yield article

    async def _clean_page(self, page: ArticlePage) -> Article | None:
        return await self.clean_async(page) if self.pool is not None else self.clean(page)

    async def clean_async(self, page: ArticlePage) -> Article | None:
        """`clean`, in a worker process."""
        try:
            result = await self.pool.clean(page)
        except Exception as exc:  # timeouts, broken pools, cleaner errors: counted, never fatal
            return self._failed(page, exc)
        return self._accept(result, page)

    def clean(self, page: ArticlePage) -> Article | None:
        """The Article in a page, or None for listing pages and unusable input (counted)."""
        try:
            result = self.cleaner.clean_html(page.body, url=page.url, content_type=page.content_type, article=page.story)
        except Exception as exc:  # a bug in the cleaner must not end the crawl
            return self._failed(page, exc)
        return self._accept(result, page)

    def _failed(self, page: ArticlePage, exc: BaseException) -> None:
        self.stats.inc_value(f"cleaner/error_count/{type(exc).__name__}")
        if isinstance(exc, (CleanerError, PageTimeout)):
            logger.warning("Cannot clean %(url)s: %(error)s", {"url": page.url, "error": exc})
        else:
            logger.error("Cleaner failed on %(url)s", {"url": page.url}, exc_info=exc)
        return None

    def _accept(self, result: CleanResult, page: ArticlePage) -> Article | None:
        for removal in result.removed:
            self.stats.inc_value(f"cleaner/rule_hit_count/{removal.rule}")
        self.stats.inc_value(f"cleaner/page_count/{result.page_type}")
        self.stats.inc_value(f"cleaner/method_count/{result.method}")
        if result.declared_story:
            # a story by its source's word that the page-type decision would have made a listing
            self.stats.inc_value("cleaner/declared_story_count")
        if not result.is_article:
            logger.debug("Listing page, no article: %(url)s", {"url": page.url})
            return None
        return article_from_result(result, page, markdown=self.markdown)


def article_from_result(result: CleanResult, page: ArticlePage, markdown: bool = False) -> Article:
    """An Article item from a cleaner result and the page it came from (not yet normalized);
    with `markdown`, the article as Markdown too."""
    fields = result.to_dict()
    fields["url"] = page.url
    fields["fetched_at"] = page.fetched_at
    if markdown:
        fields["markdown"] = result.markdown or None
    return Article(**{k: v for k, v in fields.items() if k in Article.__dataclass_fields__})


#: A page's <base> elements (Scrapy reads the first, in the page's first 4,096 characters).
_BASE_ELEMENT = re.compile(rb"<base\b[^>]*>", re.I)
#: The address of the first <base> with one, in double, single or no quotes.
_BASE_HREF = re.compile(r"""<base\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*))""", re.I)
#: A page's <meta http-equiv="refresh"> elements.
_REFRESH_ELEMENT = re.compile(rb"<meta\b[^>]*\bhttp-equiv\s*=\s*[\"']?\s*refresh\b[^>]*>", re.I)
#: The same, in text, with the value of its content attribute.
_REFRESH_CONTENT = re.compile(r"""<meta\b(?=[^>]*\bhttp-equiv\s*=\s*["']?\s*refresh\b)"""
                              r"""[^>]*?\scontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*))""", re.I)
#: The address in a refresh's content ("0; url=/next", "5, URL='/next'").
_REFRESH_URL = re.compile(r"""\s*[0-9.]+\s*[;,\s]\s*url\s*=\s*(.*)""", re.I | re.S)
#: What HTML counts as whitespace around an attribute's URL.
_HTML_SPACE = " \t\n\f\r"


class ReadableResponseMiddleware:
    """Downloader middleware: what a browser passes over in a text response is passed over here
    too, whatever Scrapy and w3lib make of it, so the page is not lost before any spider sees it
    and is read the same with every w3lib. Each is counted.

    - A charset that is no text encoding. A header or a page can name a label no encoding is
      known by, or one of Python's codecs that turn bytes into bytes ("base64", "zlib", "rot13",
      "uu") or that decode no page ("undefined", "idna"). w3lib before 2.6 gives Scrapy the
      codec, and every reading of the response's text raises LookupError or UnicodeError, first
      in Scrapy's own meta-refresh check. A browser ignores a charset label it does not know. So
      does this: the response gets the encoding the cleaner reads the page with (the next
      declaration, else UTF-8 or detection), counted as ``newsbot/charset_ignored_count``.
    - A ``<base href>`` no URL parser reads ("http://[x/", a host with a space in it), or a
      ``data:`` or ``javascript:`` one. With w3lib before 2.6, Scrapy raises ValueError on the
      first kind in the meta-refresh check and on every link, and takes the second as the base,
      against which no link leads anywhere. A browser falls back to the page's own address. So
      does this: the response loses its ``<base>`` elements, counted as
      ``newsbot/base_ignored_count``.
    - A ``<meta http-equiv="refresh">`` to no address a request can be made for ("http://[x/",
      "javascript:..."). With w3lib before 2.6, Scrapy raises ValueError in the meta-refresh
      check. A browser stays on the page. So does this: the response loses its refresh
      elements, counted as ``newsbot/refresh_ignored_count``.

    It runs after decompression and before the meta-refresh check (order 585, between Scrapy's
    590 and 580).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        settings = crawler.settings
        # the refresh Scrapy's meta-refresh middleware would follow, read as it reads it
        self.refresh_ignore_tags = settings.getlist("METAREFRESH_IGNORE_TAGS") if settings.getbool("METAREFRESH_ENABLED") else None
        tags = "|".join(map(re.escape, self.refresh_ignore_tags or ()))
        #: the elements whose content the meta-refresh check does not read (<noscript> by default)
        self._ignored_elements = re.compile(rf"<({tags})\b.*?</\1\s*>", re.I | re.S) if tags else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ReadableResponseMiddleware":
        return cls(crawler)

    def process_response(self, request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        content_type = response.headers.get(b"Content-Type")
        content_type = content_type.decode("latin-1") if content_type else None
        charset = ignored_charset(response.body, content_type) or _unreadable_encoding(response)
        if charset is not None:
            _, readable = decode_html(response.body, content_type)
            self.stats.inc_value("newsbot/charset_ignored_count")
            logger.debug("Ignoring the charset %(charset)r of %(url)s, which is no text encoding; reading it as %(encoding)s",
                         {"charset": charset, "url": response.url, "encoding": readable})
            response = response.replace(encoding=readable)
        if isinstance(response, HtmlResponse):
            if not _base_usable(response):
                self.stats.inc_value("newsbot/base_ignored_count")
                logger.debug("Ignoring the <base href> of %(url)s, which is no URL", {"url": response.url})
                response = response.replace(body=_BASE_ELEMENT.sub(b"", response.body))
            if self.refresh_ignore_tags is not None and not self._refresh_usable(request, response):
                self.stats.inc_value("newsbot/refresh_ignored_count")
                logger.debug("Ignoring the meta refresh of %(url)s, which leads to no address", {"url": response.url})
                response = response.replace(body=_REFRESH_ELEMENT.sub(b"", response.body))
        return response

    def _refresh_usable(self, request, response: HtmlResponse) -> bool:
        """Whether the page's meta refresh, if it has one, leads where a request can go: as
        Scrapy reads it, and as the page writes it (w3lib from 2.6 passes over an address it
        cannot read, and gives Scrapy a later refresh or none)."""
        try:
            _, url = get_meta_refresh(response, ignore_tags=self.refresh_ignore_tags)
        except ValueError:
            return False
        targets = [url] if url else []
        text = response.text[:4096]  # where Scrapy reads it
        if self._ignored_elements is not None:
            text = self._ignored_elements.sub("", text)
        element = _REFRESH_CONTENT.search(text)
        address = _REFRESH_URL.match(unescape(next(g for g in element.groups() if g is not None))) if element else None
        written = address[1].strip(_HTML_SPACE + "\"'") if address else ""
        if written:
            target = join_url(get_base_url(response), written)
            if target is None:
                return False
            targets.append(target)
        try:
            for target in targets:
                request.replace(url=target)  # as Scrapy builds the redirect
        except ValueError:
            return False
        return True


def _unreadable_encoding(response: TextResponse) -> str | None:
    """The encoding Scrapy reads the response with when that is no text encoding, or "?" when
    reading it raises (w3lib before 2.6 gives such codecs; `ignored_charset` finds their labels
    as the page writes them, this is what Scrapy makes of them)."""
    try:
        # the declared encoding, without decoding the body (an undeclared one is detected
        # by decoding it, which Scrapy keeps for the readers to come)
        encoding = response.encoding
    except (LookupError, UnicodeError):  # the page's own <meta charset> names such a codec
        return "?"
    return encoding if text_encoding(encoding) is None else None


def _base_usable(response: HtmlResponse) -> bool:
    """Whether a browser takes the page's <base href>, if it has one, as the base of its links:
    one no URL parser reads ("http://[x/", a host with a space) or a data: or javascript: URL it
    passes over. Read as Scrapy reads it, and as the page writes it (w3lib from 2.6 passes over
    such an address, before 2.6 it raised ValueError on the first kind)."""
    try:
        get_base_url(response)
    except ValueError:
        return False
    element = _BASE_HREF.search(response.text[:4096])  # the first, where Scrapy reads it
    href = next(g for g in element.groups() if g is not None).strip(_HTML_SPACE) if element else ""
    if not href:
        return True
    url = join_url(response.url, href)
    return url is not None and not bad_host(host_of(url) or "") and urlsplit(url).scheme.lower() not in ("data", "javascript")
