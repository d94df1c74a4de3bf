"""newsbot.spiders.feed: RSS, Atom and JSON feeds, and feeds discovered on a page."""

from __future__ import annotations

import pytest

from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site

from .conftest import scrapy_crawl

pytestmark = pytest.mark.e2e
SITE = load_site()


@pytest.mark.parametrize("path", ["feed.xml", "atom.xml", "feed.json"])
def test_feed_formats(tmp_path, path):
    with DemoServer() as server:
        records, stats, _ = scrapy_crawl("feed", tmp_path, "-a", f"url={server.url}{path}", "-a", "max_pages=6")
    assert len(records) == 6
    assert stats["feed/feed_count"] == 1


def test_feed_discovered_from_the_home_page(tmp_path, record_validator):
    with DemoServer() as server:
        records, stats, _ = scrapy_crawl("feed", tmp_path, "-a", f"url={server.url}")
    assert sorted(r["title"] for r in records) == sorted(a.title for a in SITE.articles)
    assert stats["feed/feed_count"] == 3
    for record in records:
        assert not list(record_validator.iter_errors(record))


def test_page_without_feeds_says_so(tmp_path):
    with DemoServer() as server:
        records, stats, proc = scrapy_crawl("feed", tmp_path, "-a", f"url={server.url}private/draft-budget-leak/", "-s", "ROBOTSTXT_OBEY=0")
    assert records == [] and stats["feed/none_found_count"] == 1
    assert "No feed announced" in proc.stderr
