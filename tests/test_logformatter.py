"""newsbot.logformatter: a dropped item is one log line, its reason and URL; a default crawl warns of nothing."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newsbot.demo.server import DemoServer
from newsbot.items import Article
from newsbot.logformatter import OneLineLogFormatter
from newsbot.pipelines import DuplicateUrl, TooLittleText
from newsbot.spiders.articles import ArticlesSpider

ROOT = Path(__file__).resolve().parent.parent
TEXT = "A long article text that would fill the log if it were printed with the item. " * 40


def spider(settings: dict | None = None) -> ArticlesSpider:
    crawler = get_crawler(ArticlesSpider, settings_dict={"DEFAULT_DROPITEM_LOG_LEVEL": "INFO", **(settings or {})})
    return ArticlesSpider.from_crawler(crawler, url="https://news.example/")


def test_a_dropped_item_is_one_line_with_reason_and_url():
    item = Article(url="https://news.example/a", title="T", text=TEXT)
    entry = OneLineLogFormatter().dropped(item, TooLittleText("12 characters of text (< 200): https://news.example/a"), None, spider())
    line = entry["msg"] % entry["args"]
    assert line == "Dropped TooLittleText: 12 characters of text (< 200): https://news.example/a"
    assert entry["level"] == logging.INFO and "\n" not in line and "long article" not in line


def test_the_url_is_added_when_the_reason_lacks_it():
    entry = OneLineLogFormatter().dropped(Article(url="https://news.example/b", text=TEXT), TooLittleText("short"), None, spider())
    assert entry["msg"] % entry["args"] == "Dropped TooLittleText: short <https://news.example/b>"


def test_the_exceptions_own_log_level_wins():
    entry = OneLineLogFormatter().dropped(Article(url="https://news.example/c"), DuplicateUrl("x", log_level="DEBUG"), None, spider())
    assert entry["level"] == logging.DEBUG


@pytest.mark.e2e
def test_a_default_crawl_logs_no_warning_and_drops_in_one_line(tmp_path):
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))
    with DemoServer() as server:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"url={server.url}", "-s", f"NEWSBOT_OUTPUT={tmp_path / 'out.jsonl'}",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    log = proc.stderr.splitlines()
    assert not [line for line in log if " WARNING: " in line or " ERROR: " in line]
    dropped = [i for i, line in enumerate(log) if "Dropped TooLittleText: " in line]
    assert dropped, "the demo site's short correction notice is dropped"
    for i in dropped:
        assert "/correction-ferry-timetable/" in log[i]
        assert log[i + 1].startswith("20")  # the next line is the next log entry, not the article
