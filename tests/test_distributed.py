"""newsbot.distributed: workers sharing one Redis queue, leases, kill -9, a second run.

The end-to-end tests start a real redis-server (from the operating system's packages) on a free
loopback port; `.ci/run` installs it when missing. Without it they are skipped, unless
NEWSBOT_REQUIRE_REDIS=1 (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from scrapy import Request, Spider
from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from scrapy.utils.request import request_from_dict

from newsbot.addon import Newsbot
from newsbot.commands.crawl import UNFINISHED_EXIT_CODE
from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site
from newsbot.distributed import _POP_AND_LEASE, _REQUEUE_IF_DEAD, RequestCodec, SharedArticles, SharedQueueAddon

from .conftest import alive, descendants, end_all, wait_until

ROOT = Path(__file__).resolve().parent.parent


# -- the codec ------------------------------------------------------------------------------------

class _Spider(Spider):
    name = "t"

    def parse_page(self, response):  # a callback the codec refers to by name
        pass


def test_codec_round_trips_a_request_with_bytes_and_meta():
    spider = _Spider()
    request = Request("https://example.com/a?x=1", callback=spider.parse_page, method="POST", body=b"\x00\xffdata",
                      headers={"X-Token": "abc"}, meta={"depth": 2, "redirect_urls": ["https://example.com/"], "n": 1.5},
                      cb_kwargs={"site": "https://example.com/"}, priority=-3, dont_filter=True)
    data = RequestCodec.dumps(request.to_dict(spider=spider))
    again = request_from_dict(RequestCodec.loads(data), spider=spider)
    assert (again.url, again.method, again.body, again.priority, again.dont_filter) == (request.url, "POST", b"\x00\xffdata", -3, True)
    assert again.headers.get("X-Token") == b"abc"
    assert again.meta == request.meta and again.cb_kwargs == request.cb_kwargs
    assert again.callback == spider.parse_page


def test_codec_refuses_what_json_cannot_hold_and_names_it():
    request = Request("https://example.com/", meta={"thing": object()})
    with pytest.raises(TypeError, match=r"request\.meta\.thing"):
        RequestCodec.dumps(request.to_dict())


def test_codec_never_unpickles():
    class Boom:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(ValueError):
        RequestCodec.loads(pickle.dumps(Boom()))


# -- the add-on -----------------------------------------------------------------------------------

def _addon_settings(**values) -> Settings:
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    for name, value in values.items():
        settings.set(name, value, "cmdline")
    Newsbot().update_settings(settings)  # which runs SharedQueueAddon
    return settings


def _components(settings: Settings, name: str) -> dict[str, int | None]:
    """A component dict by class name, whether listed by import path or by class."""
    return {load_object(k).__name__: v for k, v in settings.getdict(name).items()}


def test_without_a_redis_url_the_crawl_stays_on_one_machine():
    settings = _addon_settings()
    assert settings["DUPEFILTER_CLASS"] == "newsbot.dupefilter.RunDupeFilter"
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert "LeaseMiddleware" not in _components(settings, "SPIDER_MIDDLEWARES")


def test_a_redis_url_switches_scheduler_dupefilter_and_deduplicator():
    settings = _addon_settings(NEWSBOT_REDIS_URL="redis://127.0.0.1:1/0")
    assert settings["SCHEDULER"] == "newsbot.distributed.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert _components(settings, "SPIDER_MIDDLEWARES")["LeaseMiddleware"] == 10
    assert _components(settings, "DOWNLOADER_MIDDLEWARES")["LeaseMiddleware"] == 10
    pipelines = _components(settings, "ITEM_PIPELINES")
    assert "DeduplicatePipeline" not in pipelines
    assert pipelines["SharedDeduplicatePipeline"] < pipelines["JsonlWriterPipeline"] < pipelines["MarkWrittenPipeline"]


def test_listing_the_shared_queue_addon_as_well_changes_nothing():
    once = _addon_settings(NEWSBOT_REDIS_URL="redis://127.0.0.1:1/0")
    twice = _addon_settings(NEWSBOT_REDIS_URL="redis://127.0.0.1:1/0")
    SharedQueueAddon().update_settings(twice)
    for name in ("ITEM_PIPELINES", "SPIDER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES"):
        assert _components(twice, name) == _components(once, name)


# -- a real redis-server --------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server") or next((p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.path.exists(p)), None)
    if binary is None:
        if os.environ.get("NEWSBOT_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server); .ci/run installs it")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(10)


@pytest.fixture
def db(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    return client


def test_a_popped_request_is_leased_and_a_dead_workers_leases_go_back(db):
    pop, requeue = db.register_script(_POP_AND_LEASE), db.register_script(_REQUEUE_IF_DEAD)
    db.zadd("q", {b"low": 5, b"high": -1})
    assert pop(keys=["q", "leases:w1"], args=["w1#1"]) == b"high"
    assert db.zcard("q") == 1 and db.hgetall("leases:w1") == {b"w1#1": b"-1 high"}
    db.set("alive:w1", "1")
    assert requeue(keys=["alive:w1", "leases:w1", "q"]) == -1  # alive: its leases stay
    db.delete("alive:w1")
    assert requeue(keys=["alive:w1", "leases:w1", "q"]) == 1
    assert db.zrange("q", 0, -1, withscores=True) == [(b"high", -1.0), (b"low", 5.0)]
    assert not db.exists("leases:w1")


def test_an_article_is_claimed_by_one_live_worker_and_taken_over_from_a_dead_one(db):
    a = SharedArticles(db, "p", "wa")
    b = SharedArticles(db, "p", "wb")
    db.set("p:alive:wa", "1")
    fields = SharedArticles.fields("https://x/1", "h1")
    assert a.claim(fields) is None
    assert b.claim(fields) == "url:https://x/1"  # wa is alive and about to write it
    db.delete("p:alive:wa")
    assert b.claim(fields) is None  # wa died before writing: wb takes it over
    b.written(fields)
    assert a.claim(SharedArticles.fields("https://x/other", "h1")) == "text:h1"


def test_a_page_dropped_for_a_live_workers_claim_is_written_once_that_worker_dies(db, redis_url):
    from scrapy.utils.test import get_crawler

    from newsbot.distributed import SharedDeduplicatePipeline, worker_name
    from newsbot.items import Article
    from newsbot.pipelines import DuplicateUrl

    crawler = get_crawler(_Spider, settings_dict={"NEWSBOT_REDIS_URL": redis_url})
    crawler.spider = _Spider()
    pipeline = SharedDeduplicatePipeline.from_crawler(crawler)
    pipeline.open_spider()
    other = SharedArticles(db, "newsbot:t", "other-worker")
    db.set("newsbot:t:alive:other-worker", "1")
    amp = Article(url="https://x/1/amp", canonical_url="https://x/1", title="T", text="t", content_hash="h")
    assert other.claim(SharedArticles.fields("https://x/1", "h")) is None
    with pytest.raises(DuplicateUrl):
        pipeline.process_item(amp)  # the other worker is about to write it
    db.delete("newsbot:t:alive:other-worker")  # ... and dies first
    assert pipeline.process_item(amp) is amp
    assert db.hget("newsbot:t:articles", "url:https://x/1").decode() == worker_name(crawler)


# -- workers crawling the demo site ---------------------------------------------------------------

def _worker(url: str, redis_url: str, out_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"url={url}",
            "-s", f"NEWSBOT_REDIS_URL={redis_url}", "-s", f"NEWSBOT_OUTPUT_DIR={out_dir}",
            "-s", "NEWSBOT_IDLE_CLOSE=3", "-s", "NEWSBOT_REDIS_HEARTBEAT=1", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "NEWSBOT_CLEANER_WORKERS=0",
            "-s", "LOG_LEVEL=INFO", *extra]


def _env() -> dict[str, str]:
    return dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))


def _records(out_dir: Path) -> list[dict]:
    records = []
    for path in sorted(out_dir.glob("*.jsonl")):
        raw = path.read_bytes()
        assert not raw or raw.endswith(b"\n"), f"cut line in {path}"
        records += [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    return records


@pytest.mark.e2e
def test_two_workers_one_killed_9_midway_every_article_comes_out(db, redis_url, tmp_path):
    out = tmp_path / "out"
    site = load_site()
    with DemoServer() as server:
        cmd = _worker(server.url, redis_url, out)
        first = subprocess.Popen(cmd, cwd=tmp_path, env=_env(), stderr=subprocess.DEVNULL)
        second = subprocess.Popen(cmd, cwd=tmp_path, env=_env(), stderr=subprocess.PIPE, text=True)
        # kill the first worker once it has written articles and holds requests in hand
        its_output = out / f"articles.{socket.gethostname()}-{first.pid}.jsonl"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (
                its_output.exists() and its_output.read_bytes().count(b"\n") >= 3
                and any(db.hlen(key) for key in db.keys(f"newsbot:articles:leases:*-{first.pid}-*"))):
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait()
        _, log = second.communicate(timeout=300)
    assert second.returncode == 0, log[-3000:]
    records = _records(out)
    titles = Counter(r["title"] for r in records)
    assert set(titles) == {a.title for a in site.articles}, log[-3000:]
    assert sum(titles.values()) - len(titles) <= 1  # at most one duplicate per killed worker
    assert "back in the shared queue" in log
    assert not db.keys("newsbot:articles:leases:*")  # nothing left in anyone's hands

    merged = tmp_path / "merged.jsonl"
    run = subprocess.run([sys.executable, "-m", "cleaners", *map(str, sorted(out.glob("*.jsonl"))), "-o", str(merged), "--dedup"],
                         capture_output=True, text=True, timeout=120, env=_env())
    assert run.returncode == 0, run.stderr
    merged_titles = [json.loads(line)["title"] for line in merged.read_text(encoding="utf-8").splitlines()]
    assert sorted(merged_titles) == sorted(a.title for a in site.articles)
    assert f"read {len(records)} records = cleaned {len(site.articles)} + rejected {len(records) - len(site.articles)}" in run.stderr


@pytest.mark.e2e
def test_a_second_run_on_the_same_redis_says_why_it_has_nothing_to_do(db, redis_url, tmp_path):
    with DemoServer() as server:
        cmd = _worker(server.url, redis_url, tmp_path / "one", "-s", "DOWNLOAD_DELAY=0")
        first = subprocess.run(cmd, cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr[-3000:]
        assert len(_records(tmp_path / "one")) == len(load_site().articles)
        again = subprocess.run(_worker(server.url, redis_url, tmp_path / "two", "-s", "DOWNLOAD_DELAY=0"),
                               cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=300)
        assert again.returncode == 0
        assert "'finish_reason': 'nothing_new'" in again.stderr
        assert "already holds" in again.stderr and "NEWSBOT_REDIS_FLUSH=1" in again.stderr
        assert _records(tmp_path / "two") == []
        fresh = subprocess.run(_worker(server.url, redis_url, tmp_path / "three", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSBOT_REDIS_FLUSH=1"),
                               cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=300)
        assert fresh.returncode == 0
        assert len(_records(tmp_path / "three")) == len(load_site().articles)


@pytest.mark.e2e
def test_a_redis_worker_killed_9_leaves_no_cleaning_process_behind(db, redis_url, tmp_path):
    out = tmp_path / "out"
    with DemoServer() as server:
        cmd = _worker(server.url, redis_url, out, "-s", "NEWSBOT_CLEANER_WORKERS=2")
        worker = subprocess.Popen(cmd, cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tree: set[int] = set()
        try:
            its_output = out / f"articles.{socket.gethostname()}-{worker.pid}.jsonl"
            assert wait_until(lambda: its_output.exists() and its_output.read_bytes().count(b"\n") >= 1, 120)
            tree = descendants(worker.pid)
            assert len(tree) >= 3, "expected the forkserver and two cleaning workers"
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            assert wait_until(lambda: not alive(tree), 5.0), f"left behind: {sorted(alive(tree))}"
        finally:
            end_all(worker, tree)


class _RestartableRedis:
    """A redis-server that writes every command to its append-only file, so that one killed with
    -9 comes back, on the same port, with the queue, leases and claims it held."""

    def __init__(self, workdir: Path) -> None:
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        assert wait_until(lambda: _pings(client), 20), "redis-server did not start"

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def _pings(client: "redis.Redis") -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture
def restartable_redis(redis_url, tmp_path):
    """A started _RestartableRedis, killed at the end if still running. (redis_url: only for its
    skip when redis-server is missing.)"""
    server_dir = tmp_path / "redis"
    server_dir.mkdir()
    db = _RestartableRedis(server_dir)
    db.start()
    yield db
    if db.proc is not None and db.proc.poll() is None:
        db.kill()


def test_a_retry_made_while_redis_is_away_ends_its_old_lease_once_queued(restartable_redis):
    """A retry (or a redirect) of a leased page made while Redis is away is held; once Redis is
    back it is queued and the page's old lease released, as when Redis was there all along (the
    old lease left behind would have sent the page back to the queue at close: crawled twice)."""
    from scrapy.utils.test import get_crawler

    from newsbot.distributed import LEASE_KEY, Scheduler

    db = restartable_redis
    crawler = get_crawler(Spider, {"NEWSBOT_REDIS_URL": db.url})
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(Spider("leases"))
    client = redis.Redis.from_url(db.url)
    try:
        assert scheduler.enqueue_request(Request("http://127.0.0.1:1/page"))
        page = scheduler.next_request()
        lease = page.meta[LEASE_KEY]
        assert client.hkeys(scheduler.queue.leases_key) == [lease.encode()]
        db.kill()
        retry = page.replace(dont_filter=True)  # as the retry middleware makes it: the meta, lease too, goes along
        assert scheduler.enqueue_request(retry)  # held
        db.start()
        assert scheduler.enqueue_request(Request("http://127.0.0.1:1/other"))  # the held retry goes first
        assert client.hlen(scheduler.queue.leases_key) == 0
        assert sorted(scheduler.queue.pop().url for _ in range(2)) == ["http://127.0.0.1:1/other", "http://127.0.0.1:1/page"]
        assert crawler.stats.get_value("redis/lease_released_count") == 1
    finally:
        scheduler.close("finished")


@pytest.mark.e2e
def test_a_worker_that_loses_redis_stops_with_a_clear_error_and_nothing_is_lost(restartable_redis, tmp_path):
    db = restartable_redis
    site = load_site()
    with DemoServer() as server:
        first_out = tmp_path / "first"
        first = subprocess.Popen(_worker(server.url, db.url, first_out, "-s", "NEWSBOT_REDIS_LOST_CLOSE=3"),
                                 cwd=tmp_path, env=_env(), stderr=subprocess.PIPE, text=True)
        try:
            written = lambda: sum(p.read_bytes().count(b"\n") for p in first_out.glob("*.jsonl"))  # noqa: E731
            assert wait_until(lambda: written() >= 3, 120), "the first worker wrote nothing"
            db.kill()
            _, log = first.communicate(timeout=120)
        finally:
            end_all(first, set())
        # it says so once, waits NEWSBOT_REDIS_LOST_CLOSE, then stops: no stream of tracebacks,
        # and an exit status that tells a supervisor its work is not done
        assert "Lost the connection to Redis at" in log and "'finish_reason': 'redis_lost'" in log, log[-3000:]
        assert first.returncode == UNFINISHED_EXIT_CODE, log[-3000:]
        assert log.count("Lost the connection to Redis") == 1 and "Traceback" not in log, log[-3000:]
        assert len(_records(first_out)) < len(site.articles)  # it stopped midway
        # Redis back with what it held: a second worker takes the first one's leases and finishes
        db.start()
        second_out = tmp_path / "second"
        second = subprocess.run(_worker(server.url, db.url, second_out), cwd=tmp_path, env=_env(),
                                capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "requests in hand; they are back in the shared queue" in second.stderr  # the first one's leases
    merged = tmp_path / "merged.jsonl"
    inputs = [str(p) for p in sorted([*first_out.glob("*.jsonl"), *second_out.glob("*.jsonl")])]
    run = subprocess.run([sys.executable, "-m", "cleaners", *inputs, "-o", str(merged), "--dedup"],
                         capture_output=True, text=True, timeout=120, env=_env())
    assert run.returncode == 0, run.stderr
    titles = [json.loads(line)["title"] for line in merged.read_text(encoding="utf-8").splitlines()]
    assert sorted(titles) == sorted(a.title for a in site.articles)


@pytest.mark.e2e
def test_a_worker_whose_redis_comes_back_goes_on_and_crawls_everything(restartable_redis, tmp_path):
    db = restartable_redis
    site = load_site()
    out = tmp_path / "out"
    with DemoServer() as server:
        worker = subprocess.Popen(_worker(server.url, db.url, out, "-s", "NEWSBOT_REDIS_LOST_CLOSE=60"),
                                  cwd=tmp_path, env=_env(), stderr=subprocess.PIPE, text=True)
        try:
            assert wait_until(lambda: sum(p.read_bytes().count(b"\n") for p in out.glob("*.jsonl")) >= 3, 120)
            db.kill()
            time.sleep(2)  # pages finish meanwhile: their links wait in the worker
            db.start()
            _, log = worker.communicate(timeout=300)
        finally:
            end_all(worker, set())
    assert worker.returncode == 0, log[-3000:]
    assert "Lost the connection to Redis at" in log and "is back after" in log, log[-3000:]
    assert "'finish_reason': 'finished'" in log and "Traceback" not in log, log[-3000:]
    titles = Counter(r["title"] for r in _records(out))
    assert set(titles) == {a.title for a in site.articles}
