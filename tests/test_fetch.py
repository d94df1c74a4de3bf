"""cleaners._fetch: one page fetched politely from a server on 127.0.0.1 (user agent, robots.txt,
redirects, size and time limits), and `newsbot-clean URL`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cleaners._fetch import FetchError, default_user_agent, fetch, request_url
from newsbot import settings

from .conftest import page_case

ROOT = Path(__file__).resolve().parent.parent
PAGE = page_case("en-news-semantic")


class _Site(BaseHTTPRequestHandler):
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in ("/story", "/wiki/K%C3%A4se%20fondue"):
            self._send(200, PAGE.body, "text/html; charset=utf-8")
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.end_headers()
        elif path == "/moved-to-private":
            self.send_response(302)
            self.send_header("Location", "/private/story")
            self.end_headers()
        elif path == "/private/story":
            self._send(200, PAGE.body, "text/html")
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>", "text/html")
        elif path == "/endless":  # no Content-Length: the limit must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"word " * 20_000 + b"</p>")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"<p>a slow trickle of words</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/story.txt":
            self._send(200, (Path(__file__).parent / "fixtures" / "texts" / "wire-story-dump.txt").read_bytes(), "text/plain; charset=utf-8")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stops reading (over the size or time limit) is what these tests do


@pytest.fixture()
def site():
    server = _Server(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Site.agents = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_is_fetched_with_the_crawls_user_agent(site):
    page = fetch(f"{site}/story", timeout=10, max_bytes=2**20)
    assert page.body == PAGE.body and page.url == f"{site}/story" and page.content_type.startswith("text/html")
    assert _Site.agents == [settings.USER_AGENT, settings.USER_AGENT]  # robots.txt, then the page
    assert default_user_agent() == settings.USER_AGENT


def test_a_redirect_gives_the_final_url(site):
    assert fetch(f"{site}/moved", timeout=10, max_bytes=2**20).url == f"{site}/story"


@pytest.mark.parametrize("path, reason", [
    ("/private/story", "robots.txt of 127.0.0.1:"),
    ("/moved-to-private", "disallows"),
    ("/missing", "HTTP 404"),
    ("/big", "too large: 1.9 MB"),
    ("/endless", "too large: over 1.0 MB"),
], ids=["disallowed", "redirect-to-disallowed", "not-found", "content-length-over-limit", "stream-over-limit"])
def test_refusals_and_failures_say_why(site, path, reason):
    with pytest.raises(FetchError, match=reason.replace(".", r"\.")):
        fetch(f"{site}{path}", timeout=10, max_bytes=2**20)
    assert not any("/private/" in a for a in _Site.agents)


def test_the_time_limit_covers_the_whole_download(site):
    # /slow answers at once and sends a chunk every 0.1 s for 3 s: no single read waits 1 s, so
    # only a limit on the whole download stops it.
    with pytest.raises(FetchError, match="took longer than 1 s|no answer within 1 s"):
        fetch(f"{site}/slow", timeout=1, max_bytes=2**20)


def test_only_http_urls_are_fetched():
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd", timeout=1, max_bytes=100)


def test_nothing_listening_is_a_fetch_error():
    with pytest.raises(FetchError, match="cannot connect"):
        fetch("http://127.0.0.1:9/", timeout=2, max_bytes=100)


@pytest.mark.parametrize("url, expected", [
    ("https://de.wikipedia.org/wiki/Käse fondue", "https://de.wikipedia.org/wiki/K%C3%A4se%20fondue"),
    ("http://bücher.example/ä?q=ü", "http://xn--bcher-kva.example/%C3%A4?q=%C3%BC"),
    (os.fsdecode(b"http://x.example/\xff"), "http://x.example/%FF"),  # a command line's byte that is no UTF-8
    ("https://x.example/already%20quoted", "https://x.example/already%20quoted"),
    # the URL Standard's reading, a browser's: the slashes after "http:" however many, the path
    # "/" when there is none
    ("http:///no-host", "http://no-host/"),
    ("HTTPS:\\\\x.example?q=1", "https://x.example/?q=1"),
    ("http://x.example:8080#top", "http://x.example:8080/#top"),
])
def test_an_address_as_typed_is_requested_as_a_browser_requests_it(url, expected):
    assert request_url(url) == expected


@pytest.mark.parametrize("url", ["http://[x/", "http://x.example:99999/", "http:///", "https://"])
def test_an_address_no_request_can_go_to_is_a_fetch_error(url):
    with pytest.raises(FetchError, match="not an address a request can go to"):
        fetch(url, timeout=2, max_bytes=100)


def test_an_address_beyond_ascii_is_fetched(site):
    # http.client sends ASCII only: "Käse" or a space ended newsbot-clean with a traceback before
    page = fetch(f"{site}/wiki/Käse fondue", timeout=10, max_bytes=2**20)
    assert page.body == PAGE.body and page.url == f"{site}/wiki/K%C3%A4se%20fondue"


def newsbot_clean(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cleaners", *args], capture_output=True, text=True, env=env, timeout=120)


def test_newsbot_clean_url_cleans_the_fetched_page(site):
    proc = newsbot_clean(f"{site}/moved")
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["url"] == f"{site}/story" and record["text"] == PAGE.expected_text
    assert _Site.agents.count(settings.USER_AGENT) == 3  # robots.txt, the redirect, the page: fetched once


def test_newsbot_clean_urls_beyond_ascii_and_unreadable_are_cleaned_or_rejected(site):
    proc = newsbot_clean(f"{site}/wiki/Käse fondue", "http://[x/")
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["url"] == f"{site}/wiki/K%C3%A4se%20fondue" and record["text"] == PAGE.expected_text
    assert "rejected http://[x/: cannot fetch: not an address a request can go to" in proc.stderr
    assert "read 2 records = cleaned 1 + rejected 1" in proc.stderr


def test_newsbot_clean_url_of_plain_text_and_a_refused_url(site):
    proc = newsbot_clean(f"{site}/story.txt", f"{site}/private/story", "--format", "text")
    assert proc.stdout.startswith("Coastal Towns Agree Shared Flood Defence Plan After Winter Storms\n\n")
    assert f"rejected {site}/private/story: cannot fetch: robots.txt of 127.0.0.1:" in proc.stderr
    assert "read 2 records = cleaned 1 + rejected 1" in proc.stderr


def test_the_explain_report_fetches_a_url_as_the_crawl_does(site, tmp_path, capsys):
    from cleaners.__main__ import main

    out = tmp_path / "report.html"
    assert main(["explain", f"{site}/story", "--report", str(out)]) == 0
    assert "report written to" in capsys.readouterr().err
    assert PAGE.meta["title"] in out.read_text(encoding="utf-8")
    assert _Site.agents[-1] == settings.USER_AGENT
