"""Distributed crawling on Redis: several workers, on several machines, share one queue.

``-s NEWSBOT_REDIS_URL=redis://host:port/db`` switches the crawl to scrapy-redis' scheduler and
duplicate filter; every worker is started with the same command. newsbot extends scrapy-redis
where it falls short:

- Leases. scrapy-redis pops a request and forgets it: a worker killed with -9 loses every
  request it held, and their fingerprints, already in the duplicate filter, keep anyone from
  retrying them. Here a request popped from the queue is moved, in the same Redis script, into
  its worker's lease hash, and released only once its page is done (its article written or
  dropped, its links queued, or its download given up). Each worker keeps a heartbeat key
  alive; the leases of a worker whose heartbeat has expired go back to the queue.
- Idle close. A worker exits once the shared queue has been empty, and no worker has held a
  request, for ``NEWSBOT_IDLE_CLOSE`` seconds.
- A second crawl on the same Redis says why it has nothing to do instead of silently crawling
  nothing.
- Redis lost. A worker that loses Redis says so once, waits up to ``NEWSBOT_REDIS_LOST_CLOSE``
  seconds for it (links found meanwhile are held, and queued before their page's lease is
  released), then stops with the reason ``redis_lost``; what it held stays leased in Redis and
  goes back to the queue once Redis is back. Articles are still written meanwhile (a copy
  another worker also writes is caught by ``newsbot-clean --dedup``).
- Requests are stored as JSON (`RequestCodec`), not pickles: whoever can write to the queue
  cannot make a worker run code. Redis must still be private and password-protected: anyone
  who can write to it decides what the workers fetch.
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
import os
import socket
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from twisted.internet import task

from ._config import number_setting
from .items import Article
from .pipelines import DeduplicatePipeline, DuplicateContent, DuplicateUrl, JsonlWriterPipeline

try:
    import redis
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import PriorityQueue
    from scrapy_redis.scheduler import Scheduler as RedisScheduler
except ImportError:  # pragma: no cover - scrapy-redis is a dependency; the message helps a broken install
    redis = None  # type: ignore[assignment]
    RFPDupeFilter = PriorityQueue = RedisScheduler = object  # type: ignore[misc,assignment]

__all__ = [
    "LeaseMiddleware", "LeasedQueue", "MarkWrittenPipeline", "RequestCodec", "Scheduler", "SharedArticles",
    "SharedDeduplicatePipeline", "SharedQueueAddon", "lease_done",
]

logger = logging.getLogger(__name__)

#: What losing Redis raises (a refused or dropped connection, a timeout); other Redis errors
#: (a script's, a wrong type) are bugs and are not caught as a lost Redis.
_LOST = (redis.ConnectionError, redis.TimeoutError) if redis is not None else ()

#: Signal sent by LeaseMiddleware when a leased request's page is done (argument: lease)
lease_done = object()

#: request.meta key holding the lease of a request taken from the shared queue
LEASE_KEY = "newsbot_lease"


class SharedQueueAddon:
    """Turns the shared Redis queue on when NEWSBOT_REDIS_URL is set; otherwise keeps the
    single-machine duplicate filter (newsbot.dupefilter.RunDupeFilter). The Newsbot add-on
    runs it; listing it as well does no harm."""

    def update_settings(self, settings) -> None:
        if not settings.get("NEWSBOT_REDIS_URL"):
            settings.set("DUPEFILTER_CLASS", "newsbot.dupefilter.RunDupeFilter", "addon")
            return
        settings.set("SCHEDULER", "newsbot.distributed.Scheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        # articles are deduplicated across workers (an AMP page on one, its canonical on another)
        try:
            settings.replace_in_component_priority_dict("ITEM_PIPELINES", DeduplicatePipeline, SharedDeduplicatePipeline)
        except KeyError:  # not listed, or switched off by the project
            pass
        pipelines = {load_object(k): v for k, v in settings.getdict("ITEM_PIPELINES").items() if v is not None}
        if SharedDeduplicatePipeline in pipelines:
            # right after the writer: an article's keys are "done" once it is written
            last = pipelines.get(JsonlWriterPipeline, max(pipelines.values()))
            settings.setdefault_in_component_priority_dict("ITEM_PIPELINES", MarkWrittenPipeline, last + 50)
        # outermost on both sides, so that they see a request's very first and very last step
        settings.setdefault_in_component_priority_dict("SPIDER_MIDDLEWARES", LeaseMiddleware, 10)
        settings.setdefault_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", LeaseMiddleware, 10)


# -- storing requests as JSON -----------------------------------------------------------------

class RequestCodec:
    """Requests as JSON. ``Request.to_dict()`` holds bytes (headers, body) and dicts keyed by
    bytes; those are tagged so they come back as they were. Anything else JSON cannot hold
    (an object in request.meta, say) is refused with the key that holds it."""

    @staticmethod
    def dumps(obj: dict[str, Any]) -> bytes:
        return json.dumps(_tag(obj, "request"), separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    @staticmethod
    def loads(data: bytes | str) -> dict[str, Any]:
        return json.loads(data, object_hook=_untag)


def _tag(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [_tag(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and "__b64__" not in value and "__pairs__" not in value:
            return {k: _tag(v, f"{where}.{k}") for k, v in value.items()}
        return {"__pairs__": [[_tag(k, where), _tag(v, f"{where}.{k!r}")] for k, v in value.items()]}
    raise TypeError(f"cannot store {where} in the shared queue: a {type(value).__name__} is not JSON "
                    "(keep request.meta and cb_kwargs to strings, numbers, lists and dicts)")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "__b64__" in obj:
        return base64.b64decode(obj["__b64__"])
    if len(obj) == 1 and "__pairs__" in obj:
        return {(bytes(k) if isinstance(k, list) else k): v for k, v in obj["__pairs__"]}
    return obj


# -- the queue and its leases -----------------------------------------------------------------

# Pop the best request and lease it to a worker, in one step: a worker killed between the two
# would otherwise lose the request. The lease keeps the score, so it can go back where it was.
_POP_AND_LEASE = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], ARGV[1], top[2] .. ' ' .. top[1])
return top[1]
"""

# Record a request's fingerprint and queue it, in one step: a worker killed between the two would
# leave a fingerprint that filters the request out forever, with the request nowhere.
_SEE_AND_PUSH = """
if ARGV[1] == '1' or redis.call('SADD', KEYS[1], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  return 1
end
return 0
"""

# Give a dead worker's leases back to the queue, once: only while its heartbeat is gone.
_REQUEUE_IF_DEAD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local leases = redis.call('HVALS', KEYS[2])
for _, lease in ipairs(leases) do
  local cut = string.find(lease, ' ', 1, true)
  redis.call('ZADD', KEYS[3], string.sub(lease, 1, cut - 1), string.sub(lease, cut + 1))
end
redis.call('DEL', KEYS[2])
return #leases
"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue, but a popped request is leased to this worker, not lost."""

    def __init__(self, server, spider, key, serializer=None, leases_key: str = "", worker: str = "", seen_key: str = "") -> None:
        super().__init__(server, spider, key, serializer)
        self.leases_key = leases_key
        self.seen_key = seen_key
        self._see_and_push = server.register_script(_SEE_AND_PUSH)
        self.worker = worker
        self._tokens = itertools.count(1)
        self._pop = server.register_script(_POP_AND_LEASE)

    def push(self, request: Request) -> None:
        self.push_unseen(request, None)

    def push_unseen(self, request: Request, fingerprint: str | None) -> bool:
        """Queue the request unless its fingerprint is already in `seen_key`; with None, queue it
        regardless. One Redis step either way. True when queued."""
        request.meta.pop(LEASE_KEY, None)  # a lease belongs to one worker's copy, never the queue
        data = self._encode_request(request)
        return bool(self._see_and_push(keys=[self.seen_key, self.key],
                                       args=["1" if fingerprint is None else "0", fingerprint or "", -request.priority, data]))

    def pop(self, timeout: int = 0) -> Request | None:
        token = f"{self.worker}#{next(self._tokens)}"
        data = self._pop(keys=[self.key, self.leases_key], args=[token])
        if not data:
            return None
        try:
            request = self._decode_request(data)
        except Exception as exc:  # noqa: BLE001 - a bad entry must not stop the worker
            self.server.hdel(self.leases_key, token)
            logger.error("Dropped an unreadable request from the shared queue: %(error)s (%(data)r)",
                         {"error": exc, "data": bytes(data[:200])})
            return None
        request.meta[LEASE_KEY] = token
        return request


class Scheduler(RedisScheduler):
    """scrapy-redis' scheduler with leases, heartbeats, idle close and a JSON codec.

    Keys (``<p>`` is NEWSBOT_REDIS_PREFIX, default ``newsbot:<spider>``): ``<p>:requests``
    (sorted set, the queue), ``<p>:seen`` (set, fingerprints), ``<p>:leases:<worker>`` (hash,
    requests a worker holds), ``<p>:alive:<worker>`` (heartbeat, expires), ``<p>:articles``
    (hash, articles written or being written: see SharedArticles).
    """

    def __init__(self, server, crawler: Crawler, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        settings = crawler.settings
        self.crawler = crawler
        self.url = settings.get("NEWSBOT_REDIS_URL")
        self.idle_close = number_setting(settings, "NEWSBOT_IDLE_CLOSE", 60.0, minimum=0)
        self.heartbeat = number_setting(settings, "NEWSBOT_REDIS_HEARTBEAT", 5.0, above=0)
        self.lost_close = number_setting(settings, "NEWSBOT_REDIS_LOST_CLOSE", 60.0, minimum=0)
        self._lost_since: float | None = None  # when Redis was found unreachable (None: it is not)
        # links found while Redis was unreachable, to queue, each with the lease its queueing ends
        # (a retry or a redirect of a leased request: the old lease goes once the new one is queued)
        self._unqueued: deque[tuple[Request | None, str | None]] = deque()
        self.worker = worker_name(crawler)
        self.prefix = ""
        self._idle_since: float | None = None
        self._beat: task.LoopingCall | None = None
        self._requeue = server.register_script(_REQUEUE_IF_DEAD)
        self._seen_before = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "Scheduler":
        settings = crawler.settings
        url = settings.get("NEWSBOT_REDIS_URL")
        if not url:
            raise NotConfigured("NEWSBOT_REDIS_URL is not set")
        if redis is None:
            raise NotConfigured("NEWSBOT_REDIS_URL needs scrapy-redis: pip install scrapy-redis")
        server = connect(url)
        try:
            server.ping()
        except redis.RedisError as exc:
            raise NotConfigured(f"cannot reach Redis at {_safe_url(url)}: {exc}") from None
        prefix = settings.get("NEWSBOT_REDIS_PREFIX") or "newsbot:%(spider)s"
        scheduler = cls(
            server, crawler,
            persist=True,  # the queue and the fingerprints outlive a worker: that is the point
            flush_on_start=settings.getbool("NEWSBOT_REDIS_FLUSH"),
            queue_key=f"{prefix}:requests",
            queue_cls="newsbot.distributed.LeasedQueue",
            dupefilter_key=f"{prefix}:seen",
            dupefilter_cls="scrapy_redis.dupefilter.RFPDupeFilter",
            serializer=RequestCodec,
        )
        scheduler.stats = crawler.stats
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.release, signal=lease_done)
        return scheduler

    # keys
    def _key(self, name: str, worker: str | None = None) -> str:
        return f"{self.prefix}:{name}" + (f":{worker}" if worker else "")

    def open(self, spider) -> None:
        self.prefix = key_prefix(self.crawler.settings, spider.name)
        self.spider = spider
        self.df = RFPDupeFilter(self.server, key=self.dupefilter_key % {"spider": spider.name},
                                debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        self.queue = LeasedQueue(self.server, spider, self.queue_key, serializer=self.serializer,
                                 leases_key=self._key("leases", self.worker), worker=self.worker, seen_key=self.df.key)
        if self.flush_on_start:
            logger.info("NEWSBOT_REDIS_FLUSH: starting afresh, the shared queue and its fingerprints are deleted")
            self.flush()
            self.server.delete(self._key("articles"))
            for key in self.server.scan_iter(self._key("leases") + ":*"):
                self.server.delete(key)
        self._beat_once()
        self._beat = task.LoopingCall(self._beat_once)
        self._beat.start(self.heartbeat, now=False)
        queued, seen, held = len(self.queue), self.server.scard(self.df.key), self._held_elsewhere()
        self._seen_before = seen
        self.stats.set_value("redis/worker", self.worker)
        logger.info("Shared queue at %(url)s (%(prefix)s): %(queued)d queued, %(seen)d seen, %(held)d held by other workers; this is worker %(worker)s",
                    {"url": _safe_url(self.url), "prefix": self.prefix, "queued": queued, "seen": seen, "held": held, "worker": self.worker})
        if not queued and not held and seen:
            logger.warning(
                "The shared queue is empty and its duplicate filter already holds %(seen)d requests from an "
                "earlier crawl: start URLs seen before are skipped, so this crawl only does what is new. "
                "To crawl everything again, run with -s NEWSBOT_REDIS_FLUSH=1 (on one worker).", {"seen": seen})

    def close(self, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        # leases still held at a clean close belong to pages that never finished: give them back
        # (the requeue script only moves the leases of a worker whose heartbeat is gone)
        try:
            self._queue_unqueued()
            self.server.delete(self._key("alive", self.worker))
            left = self._requeue(keys=[self._key("alive", self.worker), self.queue.leases_key, self.queue.key])
        except _LOST as exc:
            logger.error(
                "Redis at %(url)s is unreachable at close (%(error)s): the requests this worker holds stay "
                "leased there (with the links of their pages: %(links)d found while Redis was away) and go "
                "back to the shared queue once Redis is back and a worker runs", {"url": _safe_url(self.url), "error": exc,
                                                                                   "links": len(self._unqueued)})
            return
        if left > 0:
            self.stats.set_value("redis/leases_returned_at_close", left)
            logger.warning("%(n)d leased requests were not finished at close; they are back in the shared queue", {"n": left})
        if reason == "nothing_new":
            logger.warning("This worker crawled nothing: every request it made was already seen by an earlier crawl "
                           "on this Redis (%(n)d fingerprints). Run with -s NEWSBOT_REDIS_FLUSH=1 to start over.",
                           {"n": self._seen_before})

    # leases
    def enqueue_request(self, request: Request) -> bool:
        lease = request.meta.get(LEASE_KEY)
        try:
            self._queue_unqueued()
            queued = self._push(request)
        except _LOST as exc:
            # held here and queued once Redis is back, before the lease of the page it came from
            # is released (see release): until then that page itself stays leased in Redis
            self._lost(exc)
            self._unqueued.append((request, lease))
            return True
        if not queued:
            self.df.log(request, self.spider)
        if lease:
            # a retry or a redirect of a leased request: the new one is queued, the old lease is done
            self.release(lease)
        return queued

    def next_request(self) -> Request | None:
        try:
            request = self.queue.pop()
        except _LOST as exc:
            self._lost(exc)
            return None
        self._back()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            return len(self.queue) > 0
        except _LOST as exc:
            self._lost(exc)  # idle meanwhile: spider_idle keeps the worker open while it waits
            return False

    def release(self, lease: str) -> None:
        try:
            self._queue_unqueued()  # the page's links first: its lease is what makes them safe
            self._release(lease)
        except _LOST as exc:
            # the lease stays: the page goes back to the queue (once this worker closes, or dies)
            # and is crawled again, so none of its links or articles is lost
            self._lost(exc)

    def _push(self, request: Request) -> bool:
        """Queue a request unless the shared duplicate filter has seen it; True when queued."""
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        queued = self.queue.push_unseen(request, fingerprint)
        if queued:
            self.stats.inc_value("scheduler/enqueued/redis")
        return queued

    def _queue_unqueued(self) -> None:
        """Queue the links found while Redis was unreachable, and release the leases their queueing
        ends (raises while Redis still is unreachable; what was done stays done)."""
        while self._unqueued:
            request, lease = self._unqueued[0]
            if request is not None:
                self._push(request)
                self._unqueued[0] = (None, lease)  # queued: only its old lease is left to release
            if lease:
                self._release(lease)
            self._unqueued.popleft()

    def _release(self, lease: str) -> None:
        """Delete a lease from this worker's hash (raises while Redis is unreachable)."""
        if self.server.hdel(self.queue.leases_key, lease):
            self.stats.inc_value("redis/lease_released_count")

    # a lost Redis
    def _lost(self, exc: BaseException) -> None:
        if self._lost_since is None:
            self._lost_since = time.monotonic()
            self.stats.inc_value("redis/lost_count")
            logger.error(
                "Lost the connection to Redis at %(url)s (%(error)s): this worker waits for it up to %(s)g s "
                "(NEWSBOT_REDIS_LOST_CLOSE), then stops; the requests it holds stay leased in Redis",
                {"url": _safe_url(self.url), "error": exc, "s": self.lost_close})

    def _back(self) -> None:
        if self._lost_since is not None:
            logger.warning("Redis at %(url)s is back after %(s).0f s", {"url": _safe_url(self.url), "s": time.monotonic() - self._lost_since})
            self._lost_since = None

    def _give_up(self) -> None:
        logger.error("Redis at %(url)s has been unreachable for %(s).0f s: this worker stops (finish reason "
                     "redis_lost). Start it again once Redis is back: what it held goes back to the queue.",
                     {"url": _safe_url(self.url), "s": time.monotonic() - self._lost_since})
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_lost"))

    # liveness
    def _beat_once(self) -> None:
        try:
            self.server.set(self._key("alive", self.worker), str(time.time()), px=int(self.heartbeat * 3000))
            self._requeue_dead()
        except _LOST as exc:
            self._lost(exc)
            if self._lost_since is not None and time.monotonic() - self._lost_since >= self.lost_close:
                self._give_up()
            return
        except redis.RedisError as exc:
            logger.error("Shared queue heartbeat failed: %(error)s", {"error": exc})
            return
        self._back()

    def _workers_with_leases(self) -> Iterable[str]:
        head = self._key("leases") + ":"
        for key in self.server.scan_iter(head + "*"):
            key = key.decode() if isinstance(key, bytes) else key
            yield key[len(head):]

    def _requeue_dead(self) -> int:
        """Give the leases of workers whose heartbeat expired back to the queue."""
        total = 0
        for worker in self._workers_with_leases():
            if worker == self.worker:
                continue
            n = self._requeue(keys=[self._key("alive", worker), self._key("leases", worker), self.queue.key])
            if n > 0:
                total += n
                self.stats.inc_value("redis/requeued_from_dead_worker_count", n)
                logger.warning("Worker %(worker)s stopped with %(n)d requests in hand; they are back in the shared queue",
                               {"worker": worker, "n": n})
        return total

    def _held_elsewhere(self) -> int:
        return sum(self.server.hlen(self._key("leases", w)) for w in self._workers_with_leases() if w != self.worker)

    # idle close
    def spider_idle(self, spider) -> None:
        """Keep an idle worker waiting while the queue may still fill; close after
        NEWSBOT_IDLE_CLOSE seconds of an empty queue with no request held anywhere. While Redis
        is unreachable the worker waits (the heartbeat decides when it gives up)."""
        try:
            self._requeue_dead()
            busy = len(self.queue) or self._held_elsewhere() or self._unqueued
        except _LOST as exc:
            self._lost(exc)
            raise DontCloseSpider from None
        if busy:
            self._idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.idle_close:
            raise DontCloseSpider
        logger.info("The shared queue has been empty for %(s).0f s: this worker is done", {"s": now - self._idle_since})
        if not self.stats.get_value("scheduler/dequeued/redis") and self._seen_before:
            raise CloseSpider("nothing_new")


def connect(url: str) -> "redis.Redis":
    """A Redis client for the shared queue (lazy: nothing is sent until the first command)."""
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)


def worker_name(crawler: Crawler) -> str:
    """This crawl's name among the workers: host, process and crawler."""
    return f"{socket.gethostname()}-{os.getpid()}-{id(crawler) & 0xFFFFFF:06x}"


def key_prefix(settings, spider_name: str) -> str:
    return (settings.get("NEWSBOT_REDIS_PREFIX") or "newsbot:%(spider)s") % {"spider": spider_name}


def _safe_url(url: str | None) -> str:
    """The Redis URL without its password, for logs."""
    if not url or "@" not in url:
        return url or ""
    scheme, rest = url.split("://", 1) if "://" in url else ("redis", url)
    return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"


# -- knowing when a leased request is done ---------------------------------------------------

class LeaseMiddleware:
    """Releases a request's lease once its page is done: every item it produced written or
    dropped and every link queued, or its download given up for good. Installed as both the
    outermost spider middleware and the outermost downloader middleware."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pending: Counter[str] = Counter()  # items of a lease not yet written or dropped
        self.finished: set[str] = set()  # leases whose callback has produced everything

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "LeaseMiddleware":
        if not crawler.settings.get("NEWSBOT_REDIS_URL"):
            raise NotConfigured("the shared queue is off (NEWSBOT_REDIS_URL is not set)")
        mw = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(mw.item_done, signal=signal)
        return mw

    def _release(self, lease: str | None) -> None:
        if not lease:
            return
        self.finished.discard(lease)
        self.pending.pop(lease, None)
        self.crawler.signals.send_catch_log(lease_done, lease=lease)

    # downloader side: a download given up for good (retries exhausted, robots.txt, offsite, size cap)
    def process_exception(self, request: Request, exception: BaseException) -> None:
        self._release(request.meta.get(LEASE_KEY))

    # spider side
    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        lease = response.meta.get(LEASE_KEY)
        try:
            async for obj in result:
                if lease and not isinstance(obj, Request):
                    self.pending[lease] += 1
                yield obj
        finally:
            self._callback_done(lease)

    def process_spider_exception(self, response: Response, exception: BaseException) -> None:
        self._callback_done(response.meta.get(LEASE_KEY))

    def _callback_done(self, lease: str | None) -> None:
        if not lease:
            return
        if self.pending[lease] <= 0:
            self._release(lease)
        else:
            self.finished.add(lease)

    def item_done(self, item: Any, response: Response | None = None, **kwargs: Any) -> None:
        lease = response.meta.get(LEASE_KEY) if response is not None else None
        if not lease or lease not in self.pending:
            return
        self.pending[lease] -= 1
        if self.pending[lease] <= 0 and lease in self.finished:
            self._release(lease)


# -- articles written once across workers ------------------------------------------------------

# Claim an article's keys (canonical URL, text hash) for one worker before it writes the article.
# A key is free when unclaimed, claimed by this worker, or claimed by a worker that died before
# writing (its heartbeat is gone); "done" means written. Returns the first key that is taken.
_CLAIM = """
for i, field in ipairs(ARGV) do
  if i > 1 then
    local owner = redis.call('HGET', KEYS[1], field)
    if owner == 'done' then return field end
    if owner and owner ~= ARGV[1] and redis.call('EXISTS', KEYS[2] .. owner) == 1 then return field end
  end
end
for i, field in ipairs(ARGV) do
  if i > 1 then redis.call('HSET', KEYS[1], field, ARGV[1]) end
end
return false
"""


class SharedArticles:
    """The articles written by all workers: ``<prefix>:articles``, a hash of "url:<canonical>"
    and "text:<hash>" to "done" or to the worker about to write it."""

    def __init__(self, server, prefix: str, worker: str) -> None:
        self.server = server
        self.key = f"{prefix}:articles"
        self.alive_prefix = f"{prefix}:alive:"
        self.worker = worker
        self._claim = server.register_script(_CLAIM)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> "SharedArticles":
        settings = crawler.settings
        return cls(connect(settings.get("NEWSBOT_REDIS_URL")), key_prefix(settings, crawler.spider.name), worker_name(crawler))

    @staticmethod
    def fields(url: str | None, content_hash: str | None) -> list[str]:
        return [f for f in (f"url:{url}" if url else None, f"text:{content_hash}" if content_hash else None) if f]

    @classmethod
    def fields_of(cls, item: Article, by_content: bool) -> list[str]:
        """An article's keys: its canonical URL, and its text hash when text counts too."""
        return cls.fields(item.canonical_url or item.url, item.content_hash if by_content else None)

    def claim(self, fields: list[str]) -> str | None:
        """None when this worker may write the article; else the key already taken."""
        taken = self._claim(keys=[self.key, self.alive_prefix], args=[self.worker, *fields])
        return taken.decode() if isinstance(taken, bytes) else taken

    def written(self, fields: list[str]) -> None:
        if fields:
            self.server.hset(self.key, mapping={f: "done" for f in fields})


class SharedDeduplicatePipeline(DeduplicatePipeline):
    """DeduplicatePipeline across all workers of a shared queue."""

    def open_spider(self) -> None:
        self.shared = SharedArticles.for_crawler(self.crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        # only the shared hash decides: a local note of a copy this worker dropped (another
        # worker held the key) would wrongly drop the page again once that worker died unwritten
        try:
            taken = self.shared.claim(SharedArticles.fields_of(item, self.by_content))
        except _LOST as exc:
            # written unclaimed rather than lost: a copy another worker writes too is what
            # newsbot-clean --dedup merges away
            logger.warning("Redis unreachable (%(error)s): %(url)s is written without the shared duplicate check",
                           {"error": exc, "url": item.url})
            return item
        if taken is None:
            return item
        if taken.startswith("url:"):
            raise DuplicateUrl(f"already written by a worker: {taken[4:]}", log_level="DEBUG")
        raise DuplicateContent(f"same text as an article a worker wrote: {item.url}", log_level="DEBUG")


class MarkWrittenPipeline:
    """After the writer: marks the article's keys "done" in the shared hash."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.by_content = crawler.settings.getbool("NEWSBOT_DEDUP_CONTENT", True)
        self.shared: SharedArticles | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "MarkWrittenPipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        self.shared = SharedArticles.for_crawler(self.crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.shared is not None
        try:
            self.shared.written(SharedArticles.fields_of(item, self.by_content))
        except _LOST:
            pass  # claimed by this worker: taken over (at worst one more copy) once it is gone
        return item
