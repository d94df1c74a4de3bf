"""newsbot.jobdir: a damaged JOBDIR request queue is set aside, and the crawl still finishes."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site
from newsbot.jobdir import LifoDiskQueue

from .conftest import jobdir_crawl_command, wait_for_lines


class _Spider(Spider):
    name = "t"


def _queue(path: Path) -> LifoDiskQueue:
    crawler = get_crawler(_Spider)
    crawler.spider = _Spider()
    return LifoDiskQueue(crawler, str(path))


def test_requests_survive_a_pause(tmp_path):
    q = _queue(tmp_path / "q")
    q.push(Request("https://example.com/a"))
    q.push(Request("https://example.com/b"))
    q.close()
    q = _queue(tmp_path / "q")
    assert len(q) == 2 and q.pop().url == "https://example.com/b"


@pytest.mark.parametrize("damage", [lambda b: b[:-7], lambda b: b[:3], lambda b: b[:4] + b"\xff" * (len(b) - 4)], ids=["cut", "header only", "garbled"])
def test_a_damaged_file_is_set_aside_and_the_queue_goes_on_empty(tmp_path, damage, caplog):
    path = tmp_path / "q"
    q = _queue(path)
    for i in range(3):
        q.push(Request(f"https://example.com/{i}"))
    q.close()
    path.write_bytes(damage(path.read_bytes()))
    q = _queue(path)
    assert q.pop() is None
    assert "is damaged" in caplog.text
    assert list(tmp_path.glob("q.damaged-*"))
    q.push(Request("https://example.com/new"))  # and it still works
    assert q.pop().url == "https://example.com/new"
    q.close()


@pytest.mark.e2e
def test_a_paused_crawl_whose_queue_was_damaged_still_writes_every_article_once(tmp_path):
    out, job = tmp_path / "out.jsonl", tmp_path / "job"
    cmd, env = jobdir_crawl_command(out, job, delay=0.2)
    site = load_site()
    with DemoServer() as server:
        first = subprocess.Popen([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
        wait_for_lines(out, 5)
        first.send_signal(signal.SIGINT)  # one Ctrl-C: Scrapy pauses and keeps the queue on disk
        assert first.wait(120) == 0
        queues = [p for p in (job / "requests.queue").rglob("*") if p.is_file() and p.name != "active.json"]
        assert queues and out.read_bytes().count(b"\n") < len(site.articles)
        for path in queues:
            path.write_bytes(path.read_bytes()[:-7])  # cut, as by a crash while the queue was written
        again = subprocess.run([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "is damaged" in again.stderr and "'jobdir/damaged_queue_count': 1" in again.stderr
    titles = [json.loads(line)["title"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(titles) == sorted(a.title for a in site.articles)
