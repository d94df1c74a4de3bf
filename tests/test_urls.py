"""cleaners._urls: URL parts that never raise on the malformed URLs pages carry."""

from __future__ import annotations

import pytest

from cleaners._urls import bad_host, host_of, join_url, usable_url


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


@pytest.mark.parametrize("base, link, joined", [
    ("https://a.example/news/", "../about", "https://a.example/about"),
    ("https://a.example/news/", "//cdn.example/x.jpg", "https://cdn.example/x.jpg"),
    ("https://a.example/", "http://[x/", None),  # urlsplit raises "Invalid IPv6 URL"
    ("https://a.example/", "https://[YOUR-DOMAIN]/x", None),  # brackets that hold no IPv6 address
    ("https://a.example/", "http://b.example:99999/", None),  # a port out of range
    ("https://ww[w.a.example/", "/story", None),  # a base no parser reads
    ("http://[::1]:8080/a/", "b", "http://[::1]:8080/a/b"),
])
def test_join_url_never_raises(base, link, joined):
    assert join_url(base, link) == joined


@pytest.mark.parametrize("host, bad", [
    ("news.example", False),
    ("xn--bcher-kva.example", False),
    ("localhost", False),
    ("::1", False),  # an IPv6 address is not judged
    ("news example", True),
    ("news\x00example", True),
    ("blog.example%2farticles%2fstory", True),  # an address escaped whole into its host
    ("a|b.example", True),
])
def test_bad_host(host, bad):
    assert bad_host(host) is bad
