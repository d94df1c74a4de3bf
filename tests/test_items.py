"""newsbot.items: the page and article items."""

from __future__ import annotations

import pickle
from dataclasses import fields

from scrapy import Request
from scrapy.http import HtmlResponse

from cleaners import RECORD_FIELDS
from newsbot.items import OPTIONAL_FIELDS, STORY_KEY, Article, ArticlePage


def test_article_has_exactly_the_record_fields():
    assert tuple(f.name for f in fields(Article)) == RECORD_FIELDS + tuple(sorted(OPTIONAL_FIELDS))


def test_an_optional_field_is_in_the_record_only_when_set():
    assert "markdown" not in Article(url="https://n.example/a").to_record()
    assert Article(url="https://n.example/a", markdown="# T\n").to_record()["markdown"] == "# T\n"
    assert Article(url="https://n.example/a").to_record()["title"] is None  # record fields always there


def test_article_page_from_response_keeps_bytes_and_type():
    response = HtmlResponse(url="https://n.example/a", body=b"<p>caf\xe9</p>", headers={"Content-Type": "text/html; charset=latin-1"})
    page = ArticlePage.from_response(response)
    assert page.body == b"<p>caf\xe9</p>"
    assert page.content_type == "text/html; charset=latin-1"
    assert page.fetched_at.endswith("+00:00")


def test_article_page_is_a_story_when_its_request_says_so():
    request = Request("https://n.example/a", meta={STORY_KEY: True})
    response = HtmlResponse(url="https://n.example/a", body=b"<p>x</p>", request=request)
    assert ArticlePage.from_response(response).story
    plain = HtmlResponse(url="https://n.example/a", body=b"<p>x</p>", request=Request("https://n.example/a"))
    assert not ArticlePage.from_response(plain).story
    assert not ArticlePage.from_response(HtmlResponse(url="https://n.example/a", body=b"<p>x</p>")).story  # no request


def test_article_page_crosses_process_boundaries():
    page = ArticlePage(url="https://n.example/a", body=b"<p>x</p>")
    assert pickle.loads(pickle.dumps(page)) == page
