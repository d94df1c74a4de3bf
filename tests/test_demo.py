"""newsbot.demo: the demo site's pages and the demo command."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest

from newsbot.demo.server import DemoServer
from newsbot.demo.site import CRUFT, load_site

ROOT = Path(__file__).resolve().parent.parent


def test_site_has_enough_articles_in_both_layouts():
    site = load_site()
    assert len(site.articles) >= 30
    assert {a.layout for a in site.articles} == {"semantic", "soup"}
    assert len({a.lang for a in site.articles}) >= 4


def test_every_article_page_carries_the_cruft():
    site = load_site()
    for article in site.articles:
        page = site.page(article.path, "h").body.decode(article.encoding)
        for cruft in ("No time to read?", "Get a summary", "Previous Article", "Next Article", "Advertisement"):
            assert cruft in page


def test_cruft_never_appears_in_article_text():
    for article in load_site().articles:
        for cruft in CRUFT:
            assert cruft not in article.body_text


def test_robots_sitemaps_and_feeds():
    import gzip
    import json

    site = load_site()
    robots = site.page("/robots.txt", "h:1").body.decode()
    assert "Disallow: /private/" in robots and "Sitemap: http://h:1/sitemap.xml" in robots
    index = ElementTree.fromstring(site.page("/sitemap.xml", "h:1").body)
    assert len(index) == 2
    news = ElementTree.fromstring(site.page("/sitemap-news.xml", "h:1").body)
    archive = ElementTree.fromstring(gzip.decompress(site.page("/sitemap-archive.xml.gz", "h:1").body))
    assert len(news) + len(archive) == len(site.articles)
    assert "publication_date" in site.page("/sitemap-news.xml", "h:1").body.decode()
    feed = ElementTree.fromstring(site.page("/feed.xml", "h:1").body)
    assert len(feed.findall("./channel/item")) == len(site.articles)
    atom = ElementTree.fromstring(site.page("/atom.xml", "h:1").body)
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == len(site.articles)
    assert len(json.loads(site.page("/feed.json", "h:1").body)["items"]) == len(site.articles)


def test_pagination_and_listing_pages_exist():
    site = load_site()
    assert site.page("/page/2/", "h").status == 200
    assert site.page("/tag/harbour/", "h").status == 200
    assert site.page("/no/such/page/", "h").status == 404


def test_server_serves_on_loopback():
    with DemoServer() as server:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "robots.txt", timeout=10) as response:
            assert b"Disallow" in response.read()


def test_a_slow_server_answers_after_its_delay():
    import time

    with DemoServer(delay=0.3) as server:
        started = time.monotonic()
        with urllib.request.urlopen(server.url + "robots.txt", timeout=10) as response:
            assert b"Disallow" in response.read()
        assert time.monotonic() - started >= 0.3


@pytest.mark.e2e
def test_demo_command_crawls_and_summarizes(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = tmp_path / "demo.jsonl"
    proc = subprocess.run([sys.executable, "-m", "newsbot.demo", "--output", str(out)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"Articles written: {len(load_site().articles)} to {out}" in proc.stdout
    assert f"{len(load_site().articles)} of {len(load_site().articles)} articles" in proc.stdout
