"""cleaners._urls: URL parts that never raise on the malformed URLs pages carry."""

from __future__ import annotations

import pytest

from cleaners._urls import host_of, usable_url


@pytest.mark.parametrize("url, host", [
    ("https://WWW.Example.com:8080/a", "www.example.com"),
    ("//cdn.example.com/x.js", "cdn.example.com"),
    ("/relative/path", None),
    ("http://[x/", None),  # urlsplit raises "Invalid IPv6 URL"
    ("", None),
    (None, None),
])
def test_host_of(url, host):
    assert host_of(url) == host


@pytest.mark.parametrize("url, usable", [
    ("https://example.com/story", True),
    ("http://[x/", False),
    ("http://example.com:99999/", False),  # a port out of range raises on .port
    ("http://example.com:port/", False),
])
def test_usable_url(url, usable):
    assert usable_url(url) is usable
