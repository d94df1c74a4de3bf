"""newsbot.spiders.articles: start URLs, link following, budget; and real crawls of the demo site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from newsbot.demo.server import DemoServer
from newsbot.demo.site import CRUFT, load_site
from newsbot.items import ArticlePage
from newsbot.spiders.articles import ArticlesSpider, read_start_urls

from .conftest import page_case, scrapy_crawl

ROOT = Path(__file__).resolve().parent.parent


def make_spider(**kwargs) -> ArticlesSpider:
    crawler = get_crawler(ArticlesSpider)
    crawler.stats.open_spider()
    spider = ArticlesSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


# -- arguments -------------------------------------------------------------------------------

def test_start_urls_from_argument_and_file(tmp_path):
    f = tmp_path / "urls.txt"
    f.write_text("# my sites\nhttps://b.example/\n\nhttps://a.example/\n")
    assert read_start_urls("https://a.example/,https://c.example/news", str(f)) == [
        "https://a.example/", "https://c.example/news", "https://b.example/"]


@pytest.mark.parametrize(
    "url, urls_file",
    [(None, None), ("ftp://a.example/", None), ("not-a-url", None), (None, "/nonexistent/urls.txt")],
    ids=["nothing", "ftp", "garbage", "missing-file"],
)
def test_bad_start_urls_are_usage_errors(url, urls_file):
    with pytest.raises(UsageError):
        read_start_urls(url, urls_file)


@pytest.mark.parametrize("max_pages", ["lots", "0", "-1", "2.5"])
def test_bad_max_pages_is_a_usage_error(max_pages):
    with pytest.raises(UsageError, match=f"max_pages must be a whole number of at least 1, got '{max_pages}'"):
        make_spider(url="https://a.example/", max_pages=max_pages)


# -- parsing ---------------------------------------------------------------------------------

def test_parse_yields_the_page_and_follows_on_site_links_only():
    case = page_case("en-news-semantic")
    spider = make_spider(url="https://www.northfieldtimes.example/")
    out = list(spider.parse(case.response()))
    assert isinstance(out[0], ArticlePage) and out[0].url == case.url
    requests = [o for o in out if isinstance(o, Request)]
    assert requests
    hosts = {r.url.split("/")[2] for r in requests}
    assert hosts == {"www.northfieldtimes.example"}  # facebook/x share links stay unfollowed


def test_max_pages_bounds_the_crawl():
    case = page_case("listing-tag")
    spider = make_spider(url="https://www.northfieldtimes.example/", max_pages="3")
    requests = [o for o in spider.parse(case.response()) if isinstance(o, Request)]
    assert len(requests) == 3
    assert spider.crawler.stats.get_value("articles/link_over_budget_count") > 0


def test_denied_links_are_not_followed():
    body = b'<html><body><a href="/login/">Log in</a><a href="/feed/">RSS</a><a href="/news/story-1">Story</a></body></html>'
    spider = make_spider(url="https://n.example/")
    response = HtmlResponse(url="https://n.example/", body=body)
    urls = [o.url for o in spider.parse(response) if isinstance(o, Request)]
    assert urls == ["https://n.example/news/story-1"]


def test_non_html_responses_are_skipped_and_counted():
    spider = make_spider(url="https://n.example/")
    assert list(spider.parse(TextResponse(url="https://n.example/data.json", body=b"{}"))) == []
    assert spider.crawler.stats.get_value("articles/non_html_count") == 1


# -- as a library: a project's subclass ---------------------------------------------------------

class EconomySpider(ArticlesSpider):
    """A project's spider: its own start URLs, link rules and article callback."""

    name = "economy"
    start_urls = ["https://www.northfieldtimes.example/tag/economy/"]
    allow = (r"/economy/",)
    deny = (r"/page/\d+/",)

    def parse_article(self, response):
        yield from super().parse_article(response)
        yield {"seen": response.url}


def make_subclass_spider(**kwargs) -> EconomySpider:
    crawler = get_crawler(EconomySpider)
    crawler.stats.open_spider()
    spider = EconomySpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def test_a_subclass_uses_its_own_start_urls():
    spider = make_subclass_spider()
    assert spider.start_list == ["https://www.northfieldtimes.example/tag/economy/"]
    assert spider.allowed_domains == ["northfieldtimes.example"]


def test_start_urls_given_on_the_command_line_replace_the_subclass_ones():
    assert make_subclass_spider(url="https://other.example/").start_list == ["https://other.example/"]


def test_a_subclass_follows_only_links_its_rules_allow():
    spider = make_subclass_spider()
    requests = [o for o in spider.parse(page_case("listing-tag").response()) if isinstance(o, Request)]
    urls = [r.url for r in requests]
    assert len(urls) == 9 and all("/economy/" in u for u in urls)
    assert not any("/page/" in u for u in urls)


def test_a_subclass_callback_sees_every_page():
    spider = make_subclass_spider()
    case = page_case("listing-tag")
    out = [o for o in spider.parse(case.response()) if not isinstance(o, Request)]
    assert isinstance(out[0], ArticlePage) and out[1] == {"seen": case.url}


def test_a_subclass_may_name_its_allowed_domains():
    class Narrow(EconomySpider):
        allowed_domains = ["news.northfieldtimes.example"]

    crawler = get_crawler(Narrow)
    spider = Narrow.from_crawler(crawler)
    assert not spider.on_site("https://www.northfieldtimes.example/economy/")
    assert spider.on_site("https://news.northfieldtimes.example/economy/")


# -- real crawls -----------------------------------------------------------------------------

def crawl_articles(url: str, tmp_path: Path, *extra: str):
    out = tmp_path / "articles.jsonl"
    return scrapy_crawl("articles", tmp_path, "-a", f"url={url}", *extra, output=out)


@pytest.fixture(scope="module")
def demo_crawl(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("crawl")
    with DemoServer() as server:
        records, stats, proc = crawl_articles(server.url, tmp_path)
    return records, stats, proc, tmp_path


@pytest.mark.e2e
def test_crawl_writes_every_demo_article_exactly_once(demo_crawl):
    records, stats, _, _ = demo_crawl
    site = load_site()
    titles = [r["title"] for r in records]
    assert sorted(titles) == sorted(a.title for a in site.articles)
    assert len({r["canonical_url"] for r in records}) == len(records)


@pytest.mark.e2e
def test_crawl_text_is_the_article_and_nothing_else(demo_crawl):
    records, _, _, _ = demo_crawl
    site = load_site()
    expected = {a.title: a.body_text for a in site.articles}
    other_titles = {a.title for a in site.articles}
    for record in records:
        assert record["text"] == expected[record["title"]]
        for cruft in CRUFT:
            assert cruft not in record["text"], (record["url"], cruft)
        for title in other_titles - {record["title"]}:
            assert title not in record["text"], (record["url"], title)


@pytest.mark.e2e
def test_crawl_lines_match_the_schema(demo_crawl, record_validator):
    records, _, _, tmp_path = demo_crawl
    raw = (tmp_path / "articles.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    for record in records:
        errors = [e.message for e in record_validator.iter_errors(record)]
        assert not errors, (record["url"], errors)


@pytest.mark.e2e
def test_crawl_skips_listings_and_counts_drop_reasons(demo_crawl):
    records, stats, _, _ = demo_crawl
    for record in records:
        path = record["url"].split("/", 3)[3]
        assert not path.startswith(("tag/", "author/", "section/", "page/", "amp/")) and path != ""
    assert stats["cleaner/page_count/listing"] >= 10
    assert stats["item_dropped_reasons_count/DuplicateUrl"] >= 1  # the /amp/ copies
    assert stats["item_dropped_reasons_count/TooLittleText"] == 1  # the correction notice
    assert stats["finish_reason"] == "finished"


@pytest.mark.e2e
def test_crawl_obeys_robots_txt(demo_crawl):
    records, stats, _, _ = demo_crawl
    assert stats["robotstxt/forbidden"] >= 1
    assert not any("/private/" in r["url"] for r in records)


@pytest.mark.e2e
def test_crawl_metadata(demo_crawl):
    records, _, _, _ = demo_crawl
    site = load_site()
    by_title = {a.title: a for a in site.articles}
    for record in records:
        article = by_title[record["title"]]
        assert record["authors"] == [site.authors[a] for a in article.authors]
        assert record["published"] == article.published
        assert record["language"] == article.lang
        assert record["domain"] == "127.0.0.1"
        assert "utm_" not in record["canonical_url"]


@pytest.mark.e2e
def test_crawl_with_max_pages_stops_early(tmp_path):
    with DemoServer() as server:
        records, stats, _ = crawl_articles(server.url, tmp_path, "-a", "max_pages=12")
    assert stats["downloader/response_count"] <= 12 + 1  # + robots.txt
    assert stats["articles/link_over_budget_count"] > 0  # the budget, not the site's end, stopped it
    # every page fetched is cleaned and counted as an article or a listing; each article is written
    pages = stats.get("cleaner/page_count/article", 0) + stats.get("cleaner/page_count/listing", 0)
    assert pages == stats["downloader/response_status_count/200"] - stats["robotstxt/response_count"] <= 12
    assert 1 <= len(records) == stats["cleaner/page_count/article"]
    assert all(r["url"].startswith(server.url) and r["text"] for r in records)


@pytest.mark.e2e
def test_crawl_from_urls_file(tmp_path):
    site = load_site()
    with DemoServer() as server:
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(server.url.rstrip("/") + a.path for a in site.articles[:3]) + "\n")
        out = tmp_path / "o.jsonl"
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"urls_file={urls}", "-a", "max_pages=3",
             "-s", f"NEWSBOT_OUTPUT={out}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    titles = {json.loads(line)["title"] for line in out.read_text().splitlines()}
    assert titles == {a.title for a in site.articles[:3]}


@pytest.mark.e2e
def test_a_site_at_an_ipv6_address_is_crawled(tmp_path):
    # its canonical URL lost the address's brackets, and the crawl ended at its start with
    # "Port could not be cast to integer value as :1:PORT"; Scrapy's default resolver reads IPv4
    # only, so the crawl names the one that reads both
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = page_case("en-news-semantic").body
    index = b'<html><head><title>Index</title></head><body><a href="/news/story">Story</a></body></html>'

    class Site(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            page = {"/": index, "/news/story": body}.get(self.path, b"")
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6
        daemon_threads = True

    try:
        server = Server(("::1", 0), Site)
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        site = f"http://[::1]:{server.server_address[1]}/"
        records, stats, _ = scrapy_crawl("articles", tmp_path, "-a", f"url={site}", "-s", "NEWSBOT_CLEANER_WORKERS=0",
                                         "-s", "DNS_RESOLVER=scrapy.resolver.CachingHostnameResolver")
    finally:
        server.shutdown()
    assert [r["url"] for r in records] == [site + "news/story"]
    assert stats["item_scraped_count"] == 1
