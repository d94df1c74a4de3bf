"""newsbot.extensions: the stats file."""

from __future__ import annotations

import json

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsbot.extensions import StatsFile


def test_not_configured_without_a_path():
    with pytest.raises(NotConfigured):
        StatsFile.from_crawler(get_crawler())


def test_writes_final_stats(tmp_path):
    crawler = get_crawler(settings_dict={"NEWSBOT_STATS_FILE": str(tmp_path / "s" / "stats.json")})
    crawler.stats.open_spider()
    crawler.stats.set_value("cleaner/page_count/article", 3)
    ext = StatsFile.from_crawler(crawler)
    ext.spider_closed(None, "finished")
    data = json.loads((tmp_path / "s" / "stats.json").read_text())
    assert data["cleaner/page_count/article"] == 3
    assert data["finish_reason"] == "finished"
