"""URL parts that never raise: pages carry malformed URLs ("http://[x/", "http://a:port/")."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

__all__ = ["bad_host", "host_of", "join_url", "usable_url"]


def host_of(url: str | None) -> str | None:
    """The host of a URL, lower-cased; None for no URL or a malformed one."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


#: What no host name holds (the URL Standard's forbidden host code points, and "%": a name
#: escaped so is none a resolver takes).
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")


def bad_host(host: str) -> bool:
    """True for a host name (lower-cased, as `host_of` gives it) that holds what no host name does;
    an IPv6 address (it holds ":") is not judged.

    >>> bad_host("news.example"), bad_host("news example"), bad_host("news.example%2fa"), bad_host("::1")
    (False, True, True, False)
    """
    return ":" not in host and _FORBIDDEN_HOST.search(host) is not None


def usable_url(url: str) -> bool:
    """False for a URL the standard library cannot even split."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except (ValueError, TypeError):
        return False
    return True


def join_url(base: str, link: str) -> str | None:
    """`link` read against `base` (urljoin), or None when the standard library cannot split
    either or the result ("http://[x/", a port past 65535): a link no browser can follow.

    >>> join_url("https://a.example/news/", "../about"), join_url("https://a.example/", "http://[x/")
    ('https://a.example/about', None)
    """
    try:
        url = urljoin(base, link)
    except ValueError:
        return None
    return url if usable_url(url) else None
