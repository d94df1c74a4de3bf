"""Fetching one page politely: the crawl's user agent, robots.txt obeyed (for every redirect
too), a size limit and a time limit on the whole download."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import safe_url_string

from ._urls import host_of, usable_url

__all__ = ["FetchError", "Fetched", "default_user_agent", "fetch", "is_url", "request_url"]

#: Most bytes of robots.txt read (Google reads 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
#: Redirects followed at most.
MAX_REDIRECTS = 10
_CHUNK = 1 << 16
#: "http:" or "https:" and the slashes and backslashes after it, however many: a browser reads
#: them as the two before the host ("http:///news.example" is http://news.example/).
_SLASHES = re.compile(r"^(https?):[/\\]*", re.I)
#: An http(s) URL's scheme and host, up to its path.
_ORIGIN = re.compile(r"^https?://[^/?#]*", re.I)


class FetchError(Exception):
    """The page could not be fetched: refused by robots.txt, an HTTP error, too large, too slow."""


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the URL it came from after redirects, its bytes and its content type."""

    url: str
    body: bytes
    content_type: str | None = None
    status: int = 200


def is_url(value: str) -> bool:
    """Whether a command-line input is an http(s) URL rather than a path.

    >>> is_url("https://news.example/story"), is_url("story.html")
    (True, False)
    """
    return value.lower().startswith(("http://", "https://"))


def request_url(url: str) -> str:
    """The ASCII URL a browser requests for an address as a user types or pastes it (a path in
    any script, a space, an international host), made as Scrapy makes it (w3lib's
    safe_url_string). A byte of the command line that is no UTF-8 (kept by Python as a lone
    surrogate) is sent as itself, percent-encoded. As in a browser, any number of slashes may
    follow "http:", and an address without a path asks for "/". FetchError for an address no
    request can go to (no host, an unreadable host, a port out of range).

    >>> request_url("https://de.wikipedia.org/wiki/Käse?q=a b"), request_url("http:///news.example")
    ('https://de.wikipedia.org/wiki/K%C3%A4se?q=a%20b', 'http://news.example/')
    """
    # (w3lib from 2.6 reads both as the URL Standard does; before 2.6 it kept "http:///host",
    # whose host is then none, and an empty path)
    read = _SLASHES.sub(r"\1://", url, count=1)
    try:
        # surrogateescape: the bytes of the command line as given; w3lib percent-encodes those
        # that are no UTF-8
        safe = safe_url_string(read.encode("utf-8", "surrogateescape"))
    except ValueError as exc:  # UnicodeError is one
        raise FetchError(f"not an address a request can go to: {url!a} ({exc})") from None
    if not usable_url(safe) or not host_of(safe):
        raise FetchError(f"not an address a request can go to: {url!a}")
    origin = _ORIGIN.match(safe)
    if origin is not None and not safe.startswith("/", origin.end()):
        safe = f"{safe[:origin.end()]}/{safe[origin.end():]}"
    return safe


def default_user_agent() -> str:
    """The crawl's user agent (newsbot's settings), so that a site sees one bot, not two."""
    from newsbot import settings

    return settings.USER_AGENT


def crawl_limits() -> tuple[float, int]:
    """The crawl's limits for one page: seconds to fetch it and bytes it may hold."""
    from newsbot import settings
    from newsbot.addon import SAFETY_DEFAULTS

    return float(settings.DOWNLOAD_TIMEOUT), int(SAFETY_DEFAULTS["DOWNLOAD_MAXSIZE"])


def fetch(url: str, *, timeout: float, max_bytes: int, user_agent: str | None = None) -> Fetched:
    """Fetch one page as the crawl would: robots.txt asked first, at most `max_bytes`, within
    `timeout` seconds in all. Raises FetchError with the reason."""
    if not is_url(url):
        raise FetchError(f"not an http(s) URL: {url}")
    url = request_url(url)
    agent = user_agent or default_user_agent()
    deadline = time.monotonic() + timeout
    robots = _Robots(agent, deadline)
    robots.check(url)
    opener = urllib.request.build_opener(_PoliteRedirects(robots))
    request = urllib.request.Request(url, headers={"User-Agent": agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with opener.open(request, timeout=_left(deadline, timeout)) as response:
            size = response.headers.get("Content-Length")
            if size and size.isdigit() and int(size) > max_bytes:
                raise FetchError(f"too large: {int(size) / 2**20:.1f} MB (the limit is {max_bytes / 2**20:.1f} MB)")
            body = _read(response, max_bytes, deadline, timeout)
            return Fetched(response.geturl(), body, response.headers.get("Content-Type"), response.status)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason} for {exc.url or url}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchError):
            raise reason from None
        if isinstance(reason, TimeoutError):
            raise FetchError(f"no answer within {timeout:g} s") from None
        raise FetchError(f"cannot connect: {reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except OSError as exc:
        raise FetchError(f"cannot fetch: {exc}") from None


def _left(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"took longer than {timeout:g} s")
    return left


def _read(response: IO[bytes], max_bytes: int, deadline: float, timeout: float) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        _left(deadline, timeout)
        chunk = response.read1(_CHUNK)  # what has come, not a full chunk: the deadline is checked between
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"too large: over {max_bytes / 2**20:.1f} MB")
        parts.append(chunk)


class _Robots:
    """robots.txt of each host asked, read once (with Protego, as Scrapy reads it). A robots.txt
    that is missing or cannot be read allows everything, as in the crawl."""

    def __init__(self, agent: str, deadline: float) -> None:
        self.agent = agent
        self.deadline = deadline
        self.parsed: dict[str, object] = {}

    def check(self, url: str) -> None:
        from protego import Protego

        parts = urlsplit(url)
        root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if root not in self.parsed:
            self.parsed[root] = Protego.parse(self._download(root + "/robots.txt"))
        rules = self.parsed[root]
        if not rules.can_fetch(url, self.agent):  # type: ignore[attr-defined]
            raise FetchError(f"robots.txt of {parts.netloc} disallows {url} for {self.agent.split('/')[0]}")

    def _download(self, url: str) -> str:
        request = urllib.request.Request(url, headers={"User-Agent": self.agent})
        try:
            left = max(self.deadline - time.monotonic(), 0.1)
            with urllib.request.urlopen(request, timeout=left) as response:
                return response.read(ROBOTS_MAX_BYTES).decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError, ValueError):
            return ""  # no robots.txt (or none readable): nothing is disallowed


class _PoliteRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, each to a URL robots.txt allows."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, robots: _Robots) -> None:
        self.robots = robots

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message, newurl: str):
        if not is_url(newurl):
            raise FetchError(f"redirected to a URL that is not http(s): {newurl}")
        self.robots.check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
