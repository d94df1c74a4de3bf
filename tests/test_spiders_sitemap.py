"""newsbot.spiders.sitemap: robots.txt -> sitemap index -> news and gzipped sitemaps -> articles."""

from __future__ import annotations

import pytest

from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site

from .conftest import scrapy_crawl

pytestmark = pytest.mark.e2e
SITE = load_site()


def test_sitemap_crawl_finds_every_article_through_robots_txt(tmp_path, record_validator):
    with DemoServer() as server:
        records, stats, _ = scrapy_crawl("sitemap", tmp_path, "-a", f"url={server.url}")
    assert sorted(r["title"] for r in records) == sorted(a.title for a in SITE.articles)
    assert stats["sitemap/sitemap_count"] == 3  # the index, the news sitemap, the gzipped archive
    for record in records:
        assert not list(record_validator.iter_errors(record))


def test_sitemap_url_directly_and_since(tmp_path):
    since = "2026-11-20"
    with DemoServer() as server:
        records, stats, _ = scrapy_crawl("sitemap", tmp_path, "-a", f"url={server.url}sitemap-news.xml", "-a", f"since={since}")
    expected = {a.title for a in SITE.articles[:10] if a.published[:10] >= since}
    assert {r["title"] for r in records} == expected
    assert stats["sitemap/before_since_count"] == 10 - len(expected)


def test_incremental_crawl_fetches_only_what_is_new(tmp_path):
    out = tmp_path / "out.jsonl"
    with DemoServer() as server:
        first, _, _ = scrapy_crawl("sitemap", tmp_path, "-a", f"url={server.url}sitemap-news.xml", output=out)
        again, stats, _ = scrapy_crawl("sitemap", tmp_path, "-a", f"url={server.url}", "-a", "incremental=1", output=out)
    assert len(first) == 10
    assert len(again) == len(SITE.articles)  # the file: 10 from before + the 21 new ones, none twice
    assert len({r["canonical_url"] for r in again}) == len(again)
    assert stats["incremental/skipped_count"] == 10


def test_broken_sitemap_is_logged_and_counted(tmp_path):
    with DemoServer() as server:
        records, stats, proc = scrapy_crawl("sitemap", tmp_path, "-a", f"url={server.url}feed.xml")
    assert records == []
    assert stats["sitemap/invalid_count"] == 1
    assert "Ignoring invalid sitemap" in proc.stderr and "feed.xml" in proc.stderr
