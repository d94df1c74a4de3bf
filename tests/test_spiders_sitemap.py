"""newsbot.spiders.sitemap: robots.txt -> sitemap index -> news and gzipped sitemaps -> articles."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site

from .conftest import page_case, scrapy_crawl

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


@pytest.fixture(scope="module")
def declared_site():
    """A page whose shape reads as a listing (a tag page written for the project), listed by a
    news sitemap, a plain sitemap and a feed, served on the loopback."""
    listing = page_case("listing-tag").body
    news = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>/tag/economy/</loc>'
            '<news:news><news:publication_date>2026-11-30</news:publication_date><news:title>Economy</news:title>'
            '</news:news></url></urlset>').encode()
    plain = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/tag/economy/</loc></url></urlset>'
    feed = b"<rss><channel><item><title>Economy</title><link>/tag/economy/</link></item></channel></rss>"
    pages = {"/tag/economy/": (listing, "text/html; charset=utf-8"), "/news.xml": (news, "application/xml"),
             "/plain.xml": (plain, "application/xml"), "/feed.xml": (feed, "application/rss+xml"),
             "/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain")}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            body, ctype = pages.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("spider, source, written", [
    ("sitemap", "/news.xml", 1),  # Google News tags name stories
    ("feed", "/feed.xml", 1),  # a feed's items are stories
    ("sitemap", "/plain.xml", 0),  # a plain sitemap lists section pages too: the page type decides
])
def test_a_page_its_source_declares_a_story_is_written_whatever_its_shape(tmp_path, declared_site, spider, source, written):
    records, stats, _ = scrapy_crawl(spider, tmp_path, "-a", f"url={declared_site}{source}")
    assert len(records) == written
    assert stats.get("cleaner/page_count/article", 0) == written
    assert stats.get("cleaner/page_count/listing", 0) == 1 - written
    assert stats.get("cleaner/declared_story_count", 0) == written
    if written:
        assert "Shipping lines warn that costs will be passed on." in records[0]["text"]
