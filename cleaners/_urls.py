"""URL parts that never raise: pages carry malformed URLs ("http://[x/", "http://a:port/")."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["host_of"]


def host_of(url: str | None) -> str | None:
    """The host of a URL, lower-cased; None for no URL or a malformed one."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None
