"""Scaling out on Redis, measured: what Redis holds per URL, what one Redis does per second, and
what one worker crawls per second, then the sizing of a 10-million-pages-a-day crawl.

    python benchmarks/redis_scale.py [--shared ../shared] [--urls 100000]

Starts its own redis-server (from the operating system's packages) on a free loopback port.
Memory comes from Redis' own `INFO memory` before and after filling each key the way a crawl
does (same codec, same scripts). Worker rates come from real `scrapy crawl articles` runs on the
shared corpora served as a local site (skipped when ../shared is absent).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from scrapy import Request, Spider  # noqa: E402
from scrapy_redis.dupefilter import RFPDupeFilter  # noqa: E402

from newsbot.distributed import _POP_AND_LEASE, _SEE_AND_PUSH, RequestCodec, SharedArticles  # noqa: E402

PAGES_PER_DAY = 10_000_000


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(400):
        try:
            client.ping()
            return proc, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


class _Spider(Spider):
    name = "articles"

    def parse(self, response):
        pass


def sample_urls(n: int, shared: Path | None) -> list[str]:
    """Real article URLs from the corpora when present (repeated with a counter), else typical ones."""
    base = []
    if shared is not None:
        from quality import read_corpus

        for name in ("aeb.jsonl.gz", "readability.jsonl.gz"):
            base += [p["url"] for p in read_corpus(shared / "corpus" / name) if p.get("url")]
    if not base:
        base = ["https://www.example-news.com/2026/11/27/harbour-board-agrees-new-mooring-fees-after-long-dispute/"]
    return [f"{base[i % len(base)]}?v={i}" if i >= len(base) else base[i] for i in range(n)]


def used(client: redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


def memory_per_url(client: redis.Redis, urls: list[str]) -> list[tuple[str, float]]:
    """Bytes per URL of each key a crawl fills, from Redis' own count before and after."""
    spider = _Spider()
    fingerprints = RFPDupeFilter(client, "x")

    def queued(url: str) -> bytes:
        request = Request(url, callback=spider.parse, headers={"Referer": url.rsplit("/", 2)[0] + "/"}, meta={"depth": 2})
        return RequestCodec.dumps(request.to_dict(spider=spider))

    fills = (
        ("duplicate filter: one fingerprint per URL ever seen",
         lambda pipe, i, url: pipe.sadd("seen", fingerprints.request_fingerprint(Request(url)))),
        ("queue: one JSON request per URL waiting", lambda pipe, i, url: pipe.zadd("queue", {queued(url): 0})),
        ("written articles: canonical URL and text hash",
         lambda pipe, i, url: pipe.hset("articles", mapping={f: "done" for f in SharedArticles.fields(url, f"{i:040x}")})),
    )
    client.flushdb()
    pipe = client.pipeline(transaction=False)
    rows = []
    for what, add in fills:
        before = used(client)
        for i, url in enumerate(urls):
            add(pipe, i, url)
            if i % 1000 == 999:
                pipe.execute()
        pipe.execute()
        rows.append((what, (used(client) - before) / len(urls)))
    client.flushdb()
    return rows


def redis_rate(client: redis.Redis, urls: list[str]) -> float:
    """Pages per second one Redis serves to one client doing a page's round trips: queue one
    link (fingerprint + push), pop and lease a request, release it, claim and mark an article."""
    client.flushdb()
    see_and_push, pop = client.register_script(_SEE_AND_PUSH), client.register_script(_POP_AND_LEASE)
    shared = SharedArticles(client, "p", "w")
    data = RequestCodec.dumps(Request(urls[0]).to_dict())
    n = min(len(urls), 20_000)
    started = time.perf_counter()
    for i in range(n):
        see_and_push(keys=["seen", "queue"], args=["0", f"{i:040x}", 0, data + str(i).encode()])
        pop(keys=["queue", "leases:w"], args=[f"w#{i}"])
        client.hdel("leases:w", f"w#{i}")
        fields = SharedArticles.fields(f"{urls[i]}", f"{i:040x}")
        shared.claim(fields)
        shared.written(fields)
    rate = n / (time.perf_counter() - started)
    client.flushdb()
    return rate


def crawl_rates(shared: Path, redis_url: str, tmp: Path) -> list[tuple[str, int, float]]:
    from crawl_corpus import build_site, serve
    from quality import read_corpus

    pages = read_corpus(shared / "corpus" / "aeb.jsonl.gz") + read_corpus(shared / "corpus" / "readability.jsonl.gz")
    httpd = serve(build_site(pages * 2, per_page=50))
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))

    def command(name: str, *extra: str) -> list[str]:
        return [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"url={url}",
                "-s", f"NEWSBOT_OUTPUT_DIR={tmp / name}", "-s", f"NEWSBOT_STATS_FILE={tmp / name / 'stats'}-%d.json",
                "-s", "ROBOTSTXT_OBEY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "-s", "LOG_LEVEL=WARNING",
                "-s", r"NEWSBOT_DENY_PATTERNS=^(?!http://127\.0\.0\.1:\d+/(?:a/|page/|$))", *extra]

    rows = []
    for name, workers, extra in (("one worker, local queue", 1, ()),
                                 ("one worker, shared Redis queue", 1, ("-s", f"NEWSBOT_REDIS_URL={redis_url}", "-s", "NEWSBOT_IDLE_CLOSE=0")),
                                 ("two workers, shared Redis queue", 2, ("-s", f"NEWSBOT_REDIS_URL={redis_url}", "-s", "NEWSBOT_IDLE_CLOSE=0"))):
        folder = name.replace(" ", "-").replace(",", "")
        (tmp / folder).mkdir()
        redis.Redis.from_url(redis_url).flushdb()
        procs = [subprocess.Popen([c.replace("%d", str(i)) for c in command(folder, *extra)], env=env) for i in range(workers)]
        for proc in procs:
            proc.wait()
        stats = [json.loads(p.read_text()) for p in (tmp / folder).glob("stats-*.json")]
        fetched = sum(s.get("response_received_count", 0) for s in stats)
        span = max(s.get("elapsed_time_seconds", 0) for s in stats)
        rows.append((name, fetched, fetched / max(span, 1e-9)))
    httpd.shutdown()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--urls", type=int, default=100_000)
    args = ap.parse_args(argv)
    from quality import find_shared

    shared = find_shared(args.shared)
    urls = sample_urls(args.urls, shared)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_redis(Path(tmp))
        try:
            client = redis.Redis.from_url(url)
            memory = memory_per_url(client, urls)
            rate = redis_rate(client, urls)
            crawls = crawl_rates(shared, url, Path(tmp)) if shared is not None else []
        finally:
            proc.terminate()
            proc.wait()

    print(f"| Redis memory ({args.urls:,} URLs, mean URL {sum(map(len, urls)) / len(urls):.0f} chars) | bytes per URL |")
    print("|---|---|")
    for what, per in memory:
        print(f"| {what} | {per:.0f} |")
    print()
    print("| one Redis, one client, every round trip of a page | pages/s |")
    print("|---|---|")
    print(f"| queue a link, pop and lease, release, claim and mark the article | {rate:,.0f} |")
    if crawls:
        print()
        print(f"| crawl of the corpus site ({os.cpu_count()} cores, cleaning in worker processes) | pages fetched | pages/s |")
        print("|---|---|---|")
        for name, fetched, pps in crawls:
            print(f"| {name} | {fetched} | {pps:.0f} |")
    per_second = PAGES_PER_DAY / 86_400
    seen, queued, written = (m[1] for m in memory)
    worker = crawls[1][2] if crawls else None
    print()
    print(f"10 million pages a day = {per_second:.0f} pages/s.")
    if worker:
        print(f"- workers, by CPU: {per_second:.0f} / {worker:.0f} pages/s per worker process = {math.ceil(per_second / worker)} "
              f"process(es); politeness, not CPU, sets the real count (see README).")
    print(f"- Redis operations: {per_second:.0f} of the {rate:,.0f} pages/s one Redis serves one client ({per_second / rate:.1%}).")
    links = 3  # URLs seen per page crawled (article links found beside the one fetched), a news site's usual
    day = PAGES_PER_DAY * (links * seen + written)
    print(f"- Redis memory per day kept: {PAGES_PER_DAY * links:,} fingerprints x {seen:.0f} B + {PAGES_PER_DAY:,} articles x {written:.0f} B "
          f"= {day / 2**30:.1f} GiB; a frontier of 1 million waiting requests adds {1e6 * queued / 2**30:.2f} GiB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
