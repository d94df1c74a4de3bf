"""newsbot.middlewares: the cleaner middleware, built from a real crawler."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from cleaners import CleanerOptions
from newsbot.items import Article, ArticlePage
from newsbot.middlewares import CleanerMiddleware, ReadableResponseMiddleware
from newsbot.spiders.articles import ArticlesSpider

from .conftest import FIXTURES, page_case


def make_middleware(settings: dict | None = None, **spider_attrs) -> CleanerMiddleware:
    crawler = get_crawler(ArticlesSpider, settings_dict={"NEWSBOT_CLEANER_WORKERS": 0, **(settings or {})})
    crawler.spider = ArticlesSpider.from_crawler(crawler, url="https://www.northfieldtimes.example/")
    for key, value in spider_attrs.items():
        setattr(crawler.spider, key, value)
    crawler.stats.open_spider()
    return build_from_crawler(CleanerMiddleware, crawler)


async def _collect(mw: CleanerMiddleware, response, objects: list) -> list:
    async def source():
        for obj in objects:
            yield obj

    return [obj async for obj in mw.process_spider_output(response, source())]


def run_through(mw: CleanerMiddleware, response, objects: list) -> list:
    return asyncio.run(_collect(mw, response, objects))


def test_article_page_becomes_an_article_item():
    case = page_case("en-news-semantic")
    mw = make_middleware()
    out = run_through(mw, case.response(), [ArticlePage.from_response(case.response())])
    assert len(out) == 1 and isinstance(out[0], Article)
    article = out[0]
    assert article.url == case.url
    assert article.title == case.meta["title"]
    assert article.text == case.expected_text
    assert article.fetched_at
    stats = mw.stats.get_stats()
    assert stats["cleaner/page_count/article"] == 1
    assert stats["cleaner/rule_hit_count/share"] == 1
    assert stats["cleaner/rule_hit_count/comments"] >= 1


def test_listing_page_yields_nothing_and_is_counted():
    case = page_case("listing-tag")
    mw = make_middleware()
    assert run_through(mw, case.response(), [ArticlePage.from_response(case.response())]) == []
    assert mw.stats.get_value("cleaner/page_count/listing") == 1


@pytest.mark.parametrize("workers", [0, 1])
def test_a_page_its_source_declares_a_story_is_written_whatever_its_shape(workers):
    case = page_case("listing-tag")
    mw = make_middleware({"NEWSBOT_CLEANER_WORKERS": workers})
    try:
        page = dataclasses.replace(ArticlePage.from_response(case.response()), story=True)
        out = run_through(mw, case.response(), [page])
    finally:
        mw.spider_closed()
    assert len(out) == 1 and isinstance(out[0], Article)
    assert "Shipping lines warn that costs will be passed on." in out[0].text
    assert mw.stats.get_value("cleaner/page_count/article") == 1
    assert mw.stats.get_value("cleaner/page_count/listing") is None
    assert mw.stats.get_value("cleaner/declared_story_count") == 1


def test_a_declared_story_the_page_type_agrees_with_is_not_counted_as_overruled():
    case = page_case("en-news-semantic")
    mw = make_middleware()
    page = dataclasses.replace(ArticlePage.from_response(case.response()), story=True)
    assert len(run_through(mw, case.response(), [page])) == 1
    assert mw.stats.get_value("cleaner/declared_story_count") is None


def test_a_declared_story_the_page_type_guard_keeps_is_not_counted_as_overruled():
    # the model's chance is over its cut, but the page declares an article and shows a story's
    # prose: the page type is "article" without the sitemap's word
    response = page_case("story-shaped-as-listing", FIXTURES).response()
    mw = make_middleware()
    page = dataclasses.replace(ArticlePage.from_response(response), story=True)
    assert len(run_through(mw, response, [page])) == 1
    assert mw.stats.get_value("cleaner/page_count/article") == 1
    assert mw.stats.get_value("cleaner/declared_story_count") is None


def test_other_output_passes_through():
    case = page_case("listing-tag")
    mw = make_middleware()
    marker = {"not": "a page"}
    assert run_through(mw, case.response(), [marker]) == [marker]


def flagged_response(case, flag=True) -> HtmlResponse:
    """The case's page as the response to a request with meta["newsbot"] set (or not)."""
    request = Request(case.url, meta={"newsbot": flag})
    return case.response().replace(request=request)


def test_a_flagged_response_is_cleaned_by_the_middleware():
    case = page_case("en-news-semantic")
    mw = make_middleware()
    link = Request("https://www.northfieldtimes.example/next")
    out = run_through(mw, flagged_response(case), [link])
    assert out[0] is link
    assert len(out) == 2 and isinstance(out[1], Article)
    assert out[1].url == case.url and out[1].text == case.expected_text
    assert mw.stats.get_value("cleaner/meta_page_count") == 1


def test_a_flagged_response_whose_callback_yields_the_page_is_cleaned_once():
    case = page_case("en-news-semantic")
    mw = make_middleware()
    response = flagged_response(case)
    out = run_through(mw, response, [ArticlePage.from_response(response)])
    assert len(out) == 1 and isinstance(out[0], Article)
    assert mw.stats.get_value("cleaner/page_count/article") == 1
    assert mw.stats.get_value("cleaner/meta_page_count") is None


def test_a_flagged_response_that_is_not_html_is_skipped_and_counted():
    mw = make_middleware()
    url = "https://www.northfieldtimes.example/feed.xml"
    feed = XmlResponse(url, body=b"<rss><channel/></rss>", request=Request(url, meta={"newsbot": True}))
    assert run_through(mw, feed, []) == []
    assert mw.stats.get_value("cleaner/meta_skipped_count/not_html") == 1


def test_an_unflagged_response_is_not_cleaned():
    case = page_case("en-news-semantic")
    mw = make_middleware()
    assert run_through(mw, flagged_response(case, flag=False), []) == []
    assert mw.stats.get_value("cleaner/page_count/article") is None


def test_unusable_page_is_counted_not_raised():
    case = page_case("listing-tag")
    mw = make_middleware()
    pdf = ArticlePage(url="https://x.example/a.pdf", body=b"%PDF-1.4 binary", content_type="text/html")
    assert run_through(mw, case.response(), [pdf]) == []
    assert mw.stats.get_value("cleaner/error_count/CleanerError") == 1


def test_cleaner_bug_is_logged_and_counted(monkeypatch, caplog):
    case = page_case("en-news-semantic")
    mw = make_middleware()

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(mw.cleaner, "clean_html", boom)
    assert run_through(mw, case.response(), [ArticlePage.from_response(case.response())]) == []
    assert mw.stats.get_value("cleaner/error_count/RuntimeError") == 1
    assert "Cleaner failed" in caplog.text


def test_switched_off_by_setting():
    with pytest.raises(NotConfigured):
        make_middleware({"NEWSBOT_CLEANER_ENABLED": False})


def test_spider_attribute_overrides_options():
    options = CleanerOptions(main_share=0.9)
    mw = make_middleware(cleaner_options=options)
    # the spider's options, building no rendering the item does not carry, nor a listing's text
    assert mw.cleaner.options == dataclasses.replace(options, outputs=frozenset(), listing_model=None)


def test_setting_sets_main_share():
    mw = make_middleware({"NEWSBOT_CLEANER_MAIN_SHARE": 0.6})
    assert mw.cleaner.options.main_share == 0.6


def test_worker_processes_give_the_same_article():
    case = page_case("en-news-semantic")
    mw = make_middleware({"NEWSBOT_CLEANER_WORKERS": 1})
    try:
        out = run_through(mw, case.response(), [ArticlePage.from_response(case.response())])
    finally:
        mw.spider_closed()
    assert len(out) == 1 and out[0].text == case.expected_text
    assert mw.stats.get_value("cleaner/page_count/article") == 1


def test_a_page_that_overruns_is_dropped_and_the_next_one_still_cleans():
    case = page_case("pl-news")
    paragraph = b"<div class='x'><p>" + b"The council met on Tuesday to discuss the harbour. " * 5 + b"</p></div>"
    huge = ArticlePage(url="https://x.example/huge", body=b"<html><body>" + paragraph * 60_000 + b"</body></html>")
    mw = make_middleware({"NEWSBOT_CLEANER_WORKERS": 1, "NEWSBOT_CLEANER_TIMEOUT": 0.5})
    try:
        out = run_through(mw, case.response(), [huge, ArticlePage.from_response(case.response())])
    finally:
        mw.spider_closed()
    assert [a.url for a in out] == [case.url]
    assert mw.stats.get_value("cleaner/error_count/PageTimeout") == 1


@pytest.mark.parametrize("on", [False, True], ids=["off-by-default", "NEWSBOT_MARKDOWN"])
def test_markdown_field_only_with_its_setting(on):
    case = page_case("en-news-semantic")
    mw = make_middleware({"NEWSBOT_MARKDOWN": True} if on else None)
    (article,) = run_through(mw, case.response(), [ArticlePage.from_response(case.response())])
    # the cleaner builds the Markdown only when the item carries it, and never the HTML rendering
    assert mw.cleaner.options.outputs == (frozenset({"markdown"}) if on else frozenset())
    if on:
        assert article.markdown.startswith(f"# {case.meta['title']}\n\n") and "\n## Fish killed downstream\n" in article.markdown
    else:
        assert article.markdown is None


# -- the readable-response guard ----------------------------------------------------------------------

def make_readable_middleware() -> ReadableResponseMiddleware:
    crawler = get_crawler(ArticlesSpider)
    crawler.stats.open_spider()
    return build_from_crawler(ReadableResponseMiddleware, crawler)


@pytest.mark.parametrize("charset", ["base64", "idna", "no-such-charset", "utf-7"])
def test_a_charset_that_is_no_text_encoding_is_read_as_a_browser_reads_it(charset):
    mw = make_readable_middleware()
    case = page_case("de-comment-thread")  # UTF-8, declared by its <meta charset>
    request = Request(case.url)
    # (w3lib before 2.6 gives Scrapy "base64" and "idna" as the codec, and response.text raises,
    # first in Scrapy's meta-refresh check; from 2.6 it passes over them as over the others)
    response = HtmlResponse(case.url, body=case.body, headers={"Content-Type": f"text/html; charset={charset}"}, request=request)
    read = mw.process_response(request, response)
    assert read is not response and read.encoding == "utf-8"
    assert "7,5 Millionen Euro" in read.text and read.css("title::text").get()
    assert read.body == response.body and read.headers == response.headers
    assert mw.stats.get_value("newsbot/charset_ignored_count") == 1


def test_a_page_whose_own_meta_names_such_a_codec_is_detected():
    mw = make_readable_middleware()
    body = '<html><head><meta charset="zlib"></head><body><p>Straße über die Brücke, schön.</p></body></html>'.encode()
    response = HtmlResponse("https://example.org/a", body=body)
    read = mw.process_response(Request(response.url), response)
    assert "Straße über die Brücke" in read.text
    assert mw.stats.get_value("newsbot/charset_ignored_count") == 1


def test_a_page_is_read_by_the_declaration_after_the_one_passed_over():
    # a browser's prescan goes on past a label it does not know: the second <meta> stands (w3lib
    # before 2.6 stopped at the first and gave Scrapy "base64", from 2.6 it goes on, as here)
    mw = make_readable_middleware()
    text = "Zażółć gęślą jaźń, Łódź"
    body = (b'<html><head><meta charset="base64"><meta charset="iso-8859-2"></head><body><p>' + text.encode("iso-8859-2")
            + b"</p></body></html>")
    response = HtmlResponse("https://example.org/pl", body=body)
    read = mw.process_response(Request(response.url), response)
    assert read.encoding == "iso8859-2" and read.css("p::text").get() == text
    assert mw.stats.get_value("newsbot/charset_ignored_count") == 1
    # a header that names a text encoding stands: the <meta> is never read, nothing passed over
    mw = make_readable_middleware()
    response = HtmlResponse("https://example.org/pl", body=body, headers={"Content-Type": "text/html; charset=iso-8859-2"})
    assert mw.process_response(Request(response.url), response) is response
    assert mw.stats.get_value("newsbot/charset_ignored_count") is None


@pytest.mark.parametrize("base", ["http://[x/", "https://[::1", "http://a b.example/", "javascript:void(0)", "data:text/html,x"])
def test_a_base_href_no_parser_reads_is_dropped_as_a_browser_ignores_it(base):
    mw = make_readable_middleware()
    body = f'<html><head><BASE href="{base}"><title>T</title></head><body><a href="/news/story-1">Story</a><a href="story-2">Two</a></body></html>'.encode()
    response = HtmlResponse("https://n.example/news/", body=body)
    # (with w3lib before 2.6, Scrapy raises ValueError on the first two in its meta-refresh check
    # and on every link, and takes the others as the base, against which no link leads anywhere;
    # from 2.6 it passes over all of them)
    read = mw.process_response(Request(response.url), response)
    assert b"<BASE" not in read.body and read.css("title::text").get() == "T"
    assert [read.urljoin(a) for a in read.css("a::attr(href)").getall()] == [
        "https://n.example/news/story-1", "https://n.example/news/story-2"]
    assert mw.stats.get_value("newsbot/base_ignored_count") == 1


@pytest.mark.parametrize("target", ["http://[x/", "javascript:void(0)"])
def test_a_meta_refresh_to_no_address_is_dropped_as_a_browser_stays_on_the_page(target):
    mw = make_readable_middleware()
    body = f'<html><head><META HTTP-EQUIV="Refresh" content="0; url={target}"><title>T</title></head><body><p>Story.</p></body></html>'.encode()
    request = Request("https://n.example/news/")
    read = mw.process_response(request, HtmlResponse(request.url, body=body, request=request))
    assert read.body == b"<html><head><title>T</title></head><body><p>Story.</p></body></html>"
    assert mw.stats.get_value("newsbot/refresh_ignored_count") == 1
    # Scrapy's meta-refresh middleware, which raised ValueError on the page, now passes it on
    refresh = build_from_crawler(MetaRefreshMiddleware, get_crawler(ArticlesSpider))
    assert refresh.process_response(request, read) is read


def test_a_meta_refresh_scrapy_can_follow_is_kept():
    mw = make_readable_middleware()
    body = b'<html><head><meta http-equiv="refresh" content="0; url=/moved"></head></html>'
    request = Request("https://n.example/news/")
    response = HtmlResponse(request.url, body=body, request=request)
    assert mw.process_response(request, response) is response
    assert mw.stats.get_value("newsbot/refresh_ignored_count") is None


def test_a_meta_refresh_scrapy_does_not_read_is_kept():
    # in <noscript> (METAREFRESH_IGNORE_TAGS), and past the first 4,096 characters
    mw = make_readable_middleware()
    refresh = b'<meta http-equiv="refresh" content="0; url=http://[x/">'
    for body in (b"<html><head><noscript>" + refresh + b"</noscript><title>T</title></head></html>",
                 b"<html><head><title>T</title></head><body>" + b"<p>Story.</p>" * 400 + refresh + b"</body></html>"):
        request = Request("https://n.example/news/")
        response = HtmlResponse(request.url, body=body, request=request)
        assert mw.process_response(request, response) is response
    assert mw.stats.get_value("newsbot/refresh_ignored_count") is None


def test_responses_with_a_text_encoding_or_no_text_pass_untouched():
    mw = make_readable_middleware()
    for response in (HtmlResponse("https://example.org/a", body=b"<p>caf\xe9</p>", headers={"Content-Type": "text/html; charset=latin-1"}),
                     HtmlResponse("https://example.org/b", body=b"<p>undeclared</p>"),
                     HtmlResponse("https://example.org/c/", body=b'<base href="https://example.org/d/"><a href="e">e</a>'),
                     Response("https://example.org/c.bin", body=bytes(range(256)))):
        assert mw.process_response(Request(response.url), response) is response
    assert mw.stats.get_value("newsbot/charset_ignored_count") is None
    assert mw.stats.get_value("newsbot/base_ignored_count") is None
