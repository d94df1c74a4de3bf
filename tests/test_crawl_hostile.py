"""The crawl against a hostile site on 127.0.0.1: a gzip bomb, a redirect loop, a page that never
ends, an empty 200, a PDF sent as text/html, a billion-laughs sitemap, a charset that names a
codec of Python's that is no text encoding, a <base href> no URL parser reads, a meta refresh to
javascript:, a sitemap that lists addresses no request can go to, JSON-LD with lone surrogates,
JSON-LD nested past the parser's depth, links and a canonical link no URL parser reads. Each is
stopped, counted or read as a browser reads it; the crawl finishes and writes the site's real
articles."""

from __future__ import annotations

import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import page_case, scrapy_crawl

pytestmark = pytest.mark.e2e

INFLATED = 1 << 30  # the bomb: 1 GB of zeros, about 1 MB gzipped

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x/&lol9;</loc></url></urlset>"""


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(INFLATED >> 20)) + packer.flush()


@pytest.fixture(scope="module")
def hostile_site(gzip_bomb):
    good = {"/news/harbour": page_case("en-news-semantic").body, "/news/most": page_case("pl-news").body}
    # a real article whose header names "base64" as its charset: Python knows the codec (bytes to
    # bytes) and refuses it as a text encoding; a browser ignores the label it does not know
    odd_charset = page_case("de-comment-thread").body
    # an article whose <base href> no URL parser reads, and the one article only it links to
    bad_base = page_case("es-news").body.replace(b"<head>", b'<head><base href="http://[x/">', 1).replace(
        b"</body>", b'<a href="/news/only-linked-there">Otra</a></body>', 1)
    good["/news/bad-base"], good["/news/only-linked-there"] = bad_base, page_case("it-news").body
    # an article whose meta refresh leads to no address a request can go to
    good["/news/bad-refresh"] = page_case("nl-news").body.replace(
        b"<head>", b'<head><meta http-equiv="refresh" content="0; url=javascript:void(0)">', 1)
    # an article whose JSON-LD escapes lone surrogates ("\\ud800": valid JSON, no UTF-8 writer can
    # encode it), and one whose JSON-LD is nested deeper than Python's parser goes
    good["/news/lone-surrogate"] = page_case("fr-teaser-rail").body.replace(
        b'"name":"Claire Lemoine"', b'"name":"Claire \\ud800 Lemoine"', 1)
    deep = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    good["/news/deep-json"] = page_case("pt-news").body.replace(
        b"</head>", b'<script type="application/ld+json">' + deep + b"</script></head>", 1)
    assert b"\\ud800" in good["/news/lone-surrogate"] and deep in good["/news/deep-json"]
    # an article whose canonical link and one of whose links no URL parser reads
    good["/news/odd-links"] = page_case("ru-news").body.replace(
        b"<head>", b'<head><link rel="canonical" href="https://ww[w.example/a"><meta property="og:image" content="http://[x/">', 1
    ).replace(b"</p>", b' <a href="https://[YOUR-DOMAIN]/x">here</a></p>', 1)
    links = ["/news/harbour", "/news/most", "/news/freibad", "/news/bad-base", "/news/bad-refresh",
             "/news/lone-surrogate", "/news/deep-json", "/news/odd-links", "/bomb", "/loop-a", "/drip", "/empty", "/pdf"]
    index = ("<html><head><title>Hostile</title></head><body><ul>"
             + "".join(f'<li><a href="{u}">{u}</a></li>' for u in links) + "</ul></body></html>").encode()
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802
            path = self.path
            if path == "/robots.txt":
                self.send(200, b"User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n", "text/plain")
            elif path == "/":
                self.send(200, index)
            elif path in good:
                self.send(200, good[path])
            elif path == "/news/freibad":
                self.send(200, odd_charset, "text/html; charset=base64")
            elif path == "/bomb":
                self.send(200, gzip_bomb, Content_Encoding="gzip")
            elif path in ("/loop-a", "/loop-b"):
                self.send(302, b"", Location="/loop-b" if path == "/loop-a" else "/loop-a")
            elif path == "/empty":
                self.send(200, b"")
            elif path == "/pdf":
                self.send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n" + bytes(range(256)) * 40)
            elif path == "/sitemap-mixed.xml":
                # two articles among addresses no request can be made for
                locs = ["http://[x/", "/news/harbour", "javascript:void(0)", "/news/most"]
                self.send(200, ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                + "".join(f"<url><loc>{loc}</loc></url>" for loc in locs) + "</urlset>").encode(), "application/xml")
            elif path == "/sitemap.xml":
                self.send(200, BILLION_LAUGHS, "application/xml")
            elif path == "/feed.xml":
                self.send(200, BILLION_LAUGHS.replace(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x/&lol9;</loc></url></urlset>',
                                                      b"<rss><channel><item><link>http://x/&lol9;</link></item></channel></rss>"), "application/rss+xml")
            elif path == "/drip":
                # a page that never ends: a byte now and then, until the client gives up
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    self.wfile.write(b"<html><body><p>")
                    deadline = time.monotonic() + 120
                    while not stop.is_set() and time.monotonic() < deadline:
                        self.wfile.write(b"a")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
            else:
                self.send(404, b"not found")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    stop.set()
    server.shutdown()


def test_the_crawl_survives_the_hostile_site_and_writes_its_articles(tmp_path, hostile_site):
    records, stats, proc = scrapy_crawl("articles", tmp_path, "-a", f"url={hostile_site}",
                                        "-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=0", "-s", "NEWSBOT_CLEANER_WORKERS=0")
    assert stats["finish_reason"] == "finished"
    assert sorted(r["url"] for r in records) == [
        hostile_site + u for u in ("news/bad-base", "news/bad-refresh", "news/deep-json", "news/freibad", "news/harbour",
                                   "news/lone-surrogate", "news/most", "news/odd-links", "news/only-linked-there")]
    freibad = next(r for r in records if r["url"].endswith("/freibad"))
    assert "7,5 Millionen Euro" in freibad["text"]  # the page's UTF-8 text, read by its <meta charset>
    assert stats["newsbot/charset_ignored_count"] == 1
    # the unreadable <base>: the page written, its links read against its own address
    assert stats["newsbot/base_ignored_count"] == 1
    assert stats["newsbot/refresh_ignored_count"] == 1  # the page stays, as a browser stays on it
    log = proc.stderr
    # the bomb: decompression stopped at DOWNLOAD_MAXSIZE (16 MiB), memory never near 1 GB
    assert "bomb" in log and "DOWNLOAD_MAXSIZE" in log
    assert stats["memusage/max"] < 600 * 2**20
    # the page that never ends: cut by DOWNLOAD_TIMEOUT
    assert any("TimeoutError" in k for k in stats if k.startswith("downloader/exception_type_count/"))
    # the redirect loop: followed once each way, then filtered as already seen
    assert stats.get("downloader/response_status_count/302", 0) <= 2 * 11
    # the empty 200 and the PDF sent as text/html: cleaned to nothing, counted, never written
    assert stats.get("cleaner/error_count/CleanerError", 0) >= 2
    assert stats["item_scraped_count"] == 9
    # the lone surrogates read as U+FFFD, as a browser encodes them
    lone = next(r for r in records if r["url"].endswith("/lone-surrogate"))
    assert lone["authors"] == ["Claire \ufffd Lemoine"]
    assert "UnicodeEncodeError" not in log and "RecursionError" not in log


def test_a_billion_laughs_sitemap_is_refused_and_counted(tmp_path, hostile_site):
    records, stats, proc = scrapy_crawl("sitemap", tmp_path, "-a", f"url={hostile_site}")
    assert stats["finish_reason"] == "finished"
    assert stats["sitemap/invalid_count"] == 1
    assert "Ignoring invalid sitemap" in proc.stderr
    assert records == []


def test_a_sitemap_listing_addresses_no_request_can_go_to_gives_the_rest(tmp_path, hostile_site):
    records, stats, proc = scrapy_crawl("sitemap", tmp_path, "-a", f"url={hostile_site}sitemap-mixed.xml")
    assert stats["finish_reason"] == "finished"
    assert sorted(r["url"] for r in records) == [hostile_site + "news/harbour", hostile_site + "news/most"]
    assert stats["sitemap/bad_url_count"] == 2
    assert "Ignoring 2 addresses of sitemap" in proc.stderr and "log_count/ERROR" not in stats


def test_a_billion_laughs_feed_is_refused_and_counted(tmp_path, hostile_site):
    records, stats, proc = scrapy_crawl("feed", tmp_path, "-a", f"url={hostile_site}feed.xml")
    assert stats["finish_reason"] == "finished"
    assert stats["feed/invalid_count"] == 1
    assert records == []
