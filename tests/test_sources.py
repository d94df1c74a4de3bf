"""newsbot.sources: sitemaps and feeds, parsed safely."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from newsbot.demo.site import load_site
from newsbot.sources import Entry, InvalidSource, absolute_url, discover_feeds, entry_is_since, parse_feed, parse_sitemap, unpack

SITE = load_site()
BASE = "http://demo.test"


def page(path: str) -> bytes:
    return SITE.page(path, "demo.test").body


def test_sitemap_index_news_and_gzipped_archive():
    index = parse_sitemap(page("/sitemap.xml"), BASE + "/sitemap.xml")
    assert [e.is_sitemap for e in index] == [True, True]
    news = parse_sitemap(page("/sitemap-news.xml"), BASE + "/sitemap-news.xml")
    assert news[0] == Entry(BASE + SITE.articles[0].path, SITE.articles[0].published, SITE.articles[0].title, story=True)
    archive = parse_sitemap(page("/sitemap-archive.xml.gz"), BASE + "/sitemap-archive.xml.gz")
    assert len(news) + len(archive) == len(SITE.articles)
    # Google News tags name stories; a plain sitemap's entries and an index's say nothing of the kind
    assert all(e.story for e in news) and not any(e.story for e in archive + index)


def test_a_news_sitemap_entry_is_a_story_only_with_its_news_tags():
    body = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            '<url><loc>/2026/11/story</loc><news:news><news:publication_date>2026-11-30</news:publication_date>'
            '<news:title>A story</news:title></news:news></url>'
            '<url><loc>/section/economy/</loc><lastmod>2026-11-30</lastmod></url></urlset>').encode()
    story, section = parse_sitemap(body, BASE + "/news.xml")
    assert (story.url, story.story, story.title) == (BASE + "/2026/11/story", True, "A story")
    assert (section.url, section.story, section.date) == (BASE + "/section/economy/", False, "2026-11-30")


@pytest.mark.parametrize("path", ["/feed.xml", "/atom.xml", "/feed.json"])
def test_feeds_in_three_formats(path):
    entries = parse_feed(page(path), BASE + path)
    assert [e.url for e in entries] == [BASE + a.path for a in SITE.articles]
    assert all(e.story for e in entries)  # a feed's items are stories
    assert entries[0].date and entries[0].date.startswith(SITE.articles[0].published[:10])


def test_discover_feeds_on_the_home_page():
    assert discover_feeds(page("/"), BASE + "/") == [BASE + "/feed.xml", BASE + "/atom.xml", BASE + "/feed.json"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://demo.test/a&lol9;</loc></url></urlset>"""


def test_billion_laughs_is_not_expanded():
    entries = parse_sitemap(BILLION_LAUGHS, BASE + "/s.xml")
    assert all(len(e.url) < 200 for e in entries)


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    xxe = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]><rss version="2.0"><channel><item><link>http://demo.test/&s;</link></item></channel></rss>'
    entries = parse_feed(xxe.encode(), BASE + "/f.xml")
    assert all("top secret" not in e.url for e in entries)


def test_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"<" + b"a" * (8 * 1024 * 1024))
    with pytest.raises(InvalidSource, match="once decompressed"):
        unpack(bomb, max_bytes=1024 * 1024)


@pytest.mark.parametrize(
    "body, reason",
    [(b"<html><body>not a sitemap</body></html>", "not a sitemap"), (b"<urlset><url><loc>x", "not well-formed"), (b"\x1f\x8b\x08broken", "broken gzip"), (b"", "not well-formed")],
    ids=["html", "cut", "bad-gzip", "empty"],
)
def test_broken_sitemaps_say_why(body, reason):
    with pytest.raises(InvalidSource, match=reason):
        parse_sitemap(body, BASE + "/s.xml")


def test_broken_feeds_say_why():
    with pytest.raises(InvalidSource, match="not a feed"):
        parse_feed(b"<html></html>", BASE)
    with pytest.raises(InvalidSource, match="JSON Feed"):
        parse_feed(json.dumps({"no": "items"}).encode(), BASE)
    with pytest.raises(InvalidSource, match="nested too deeply"):
        parse_feed(b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", BASE)


def test_a_json_feed_with_lone_surrogate_escapes_is_read_as_a_browser_reads_it():
    body = b'{"items": [{"url": "/a\\ud800", "title": "T"}, {"url": "/b"}]}'
    entries = parse_feed(body, BASE)
    assert [e.url for e in entries] == [BASE + "/a\ufffd", BASE + "/b"]


#: Addresses a source may list that no request can be made for: each left out, the rest read.
BAD_LINKS = ["http://[x/", "javascript:alert(1)", "mailto:desk@demo.test", "http://demo.test:99999/a", "   "]


def _sources(links: list[str]) -> dict[str, tuple[bytes, object]]:
    items = "".join(f"<url><loc>{link}</loc></url>" for link in links)
    rss = "".join(f"<item><link>{link}</link></item>" for link in links)
    atom = "".join(f'<entry><link href="{link}"/></entry>' for link in links)
    return {
        "sitemap": (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode(), parse_sitemap),
        "rss": (f"<rss><channel>{rss}</channel></rss>".encode(), parse_feed),
        "atom": (f'<feed xmlns="http://www.w3.org/2005/Atom">{atom}</feed>'.encode(), parse_feed),
        "json": (json.dumps({"items": [{"url": link} for link in links] + [{"url": 5}]}).encode(), parse_feed),
    }


@pytest.mark.parametrize("kind", ["sitemap", "rss", "atom", "json"])
def test_addresses_that_are_no_web_page_are_left_out_and_the_rest_read(kind):
    links = ["/news/a", *BAD_LINKS, "https://demo.test/news/b"]
    body, parse = _sources(links)[kind]
    skipped: list[str] = []
    entries = parse(body, BASE + "/source", skipped)
    assert [e.url for e in entries] == [BASE + "/news/a", "https://demo.test/news/b"]
    # every listed address is an entry or named as left out (a blank <loc> or <link> lists nothing)
    assert skipped == (BAD_LINKS[:-1] if kind in ("sitemap", "rss") else BAD_LINKS)
    assert parse(body, BASE + "/source") == entries  # without the list, the same entries


def test_absolute_url():
    assert absolute_url("https://demo.test/a/b", "../c?d=1") == "https://demo.test/c?d=1"
    assert absolute_url("https://demo.test/", "//cdn.demo.test/x") == "https://cdn.demo.test/x"
    for link in BAD_LINKS + ["ftp://demo.test/x", ""]:
        assert absolute_url("https://demo.test/", link) is None, link


def test_since_filter():
    assert entry_is_since(Entry("u", "2026-11-05T10:00:00+01:00"), date(2026, 11, 1))
    assert not entry_is_since(Entry("u", "2026-10-30"), date(2026, 11, 1))
    assert entry_is_since(Entry("u", None), date(2026, 11, 1))
