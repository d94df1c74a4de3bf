"""newsbot.extensions: the stats file, and the report of what a resumed crawl holds."""

from __future__ import annotations

import json
import logging
import signal
import subprocess

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsbot.demo.server import DemoServer
from newsbot.extensions import ResumeReport, StatsFile

from .conftest import jobdir_crawl_command, wait_for_lines


class _Spider:
    name = "articles"


def test_not_configured_without_a_path_and_quietly():
    with pytest.raises(NotConfigured) as raised:
        StatsFile.from_crawler(get_crawler())
    assert not raised.value.args  # Scrapy logs a NotConfigured with a message as a WARNING


def test_writes_final_stats(tmp_path):
    crawler = get_crawler(settings_dict={"NEWSBOT_STATS_FILE": str(tmp_path / "s" / "stats.json")})
    crawler.stats.open_spider()
    crawler.stats.set_value("cleaner/page_count/article", 3)
    ext = StatsFile.from_crawler(crawler)
    ext.spider_closed(None, "finished")
    data = json.loads((tmp_path / "s" / "stats.json").read_text())
    assert data["cleaner/page_count/article"] == 3
    assert data["finish_reason"] == "finished"


@pytest.mark.parametrize(
    "lines, expected",
    [(0, "Starting afresh"), (3, "already holds 3 articles")],
    ids=["new-output", "output-with-articles"],
)
def test_the_start_says_what_the_output_file_holds(tmp_path, caplog, lines, expected):
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps({"url": f"https://x.example/{i}"}) + "\n" for i in range(lines)))
    crawler = get_crawler(settings_dict={"NEWSBOT_OUTPUT": str(out)})
    crawler.stats.open_spider()
    with caplog.at_level(logging.INFO, logger="newsbot.extensions"):
        ResumeReport.from_crawler(crawler).spider_opened(_Spider())
    assert expected in caplog.text and "no JOBDIR" in caplog.text
    assert crawler.stats.get_value("resume/output_article_count") == lines


@pytest.mark.e2e
def test_a_paused_crawl_says_on_resuming_what_it_holds_and_has_queued(tmp_path):
    out, job = tmp_path / "out.jsonl", tmp_path / "job"
    cmd, env = jobdir_crawl_command(out, job, delay=0.2)
    with DemoServer() as server:
        first = subprocess.Popen([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        wait_for_lines(out, 3)
        first.send_signal(signal.SIGINT)  # one Ctrl-C: Scrapy pauses and keeps the queue on disk
        first_log = first.communicate(timeout=120)[1]
        written = out.read_bytes().count(b"\n")
        again = subprocess.run([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "Starting afresh" in first_log
    assert f"already holds {written} articles" in again.stderr
    assert "queued requests" in again.stderr and "holds no queued requests" not in again.stderr
