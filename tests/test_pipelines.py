"""newsbot.pipelines: normalize, validate, deduplicate and write, each built from a crawler."""

from __future__ import annotations

import json

import pytest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from cleaners import clean_html
from newsbot.items import Article, ArticlePage
from newsbot.middlewares import article_from_result
from newsbot.pipelines import (
    DeduplicatePipeline,
    DuplicateContent,
    DuplicateUrl,
    JsonlWriterPipeline,
    MissingTitle,
    NearDuplicate,
    NearDuplicatePipeline,
    NormalizePipeline,
    NotAnArticle,
    TooLittleText,
    ValidatePipeline,
)
from newsbot.spiders.articles import ArticlesSpider

from .conftest import page_case

BODY = "First paragraph of a real article, long enough to count as text for the validator. " * 4


def crawler_with(settings: dict | None = None):
    crawler = get_crawler(ArticlesSpider, settings_dict=settings or {})
    crawler.spider = ArticlesSpider.from_crawler(crawler, url="https://news.example/")
    crawler.stats.open_spider()
    return crawler


def article(**fields) -> Article:
    base = dict(url="https://news.example/a", title="A title", text=BODY, fetched_at="2026-11-27T08:00:00+00:00")
    base.update(fields)
    return Article(**base)


def fixture_article() -> Article:
    case = page_case("en-news-semantic")
    page = ArticlePage.from_response(case.response())
    return article_from_result(clean_html(page.body, url=page.url, content_type=page.content_type), page)


# -- normalize -------------------------------------------------------------------------------

def test_normalize_fixture_article(record_validator):
    pipe = build_from_crawler(NormalizePipeline, crawler_with())
    item = pipe.process_item(fixture_article())
    record = item.to_record()
    assert not list(record_validator.iter_errors(record))
    assert record["canonical_url"] == "https://www.northfieldtimes.example/news/2026/10/water-company-fined-millbrook"
    assert record["domain"] == "northfieldtimes.example"
    assert record["published"] == "2026-10-14T16:05:00+01:00"
    assert "\n\n\n" not in record["text"]


def test_normalize_uses_tracking_params_setting():
    pipe = build_from_crawler(NormalizePipeline, crawler_with({"NEWSBOT_TRACKING_PARAMS": ["src"]}))
    item = pipe.process_item(article(url="https://news.example/a?src=feed&id=3"))
    assert item.canonical_url == "https://news.example/a?id=3"


def test_normalize_rejects_uncleaned_pages():
    pipe = build_from_crawler(NormalizePipeline, crawler_with())
    with pytest.raises(NotAnArticle):
        pipe.process_item(ArticlePage(url="https://news.example/a", body=b"<p>x"))


def test_other_items_pass_every_pipeline_untouched(tmp_path):
    out = tmp_path / "out.jsonl"
    crawler = crawler_with({"NEWSBOT_OUTPUT": str(out)})
    own = {"url": "https://news.example/a", "price": "3.50"}
    for cls in (NormalizePipeline, ValidatePipeline, DeduplicatePipeline, JsonlWriterPipeline):
        pipe = build_from_crawler(cls, crawler)
        if hasattr(pipe, "open_spider"):
            pipe.open_spider()
        assert pipe.process_item(own) is own
        assert pipe.process_item(own) is own  # twice: never a duplicate, never written
        if hasattr(pipe, "close_spider"):
            pipe.close_spider()
    assert own == {"url": "https://news.example/a", "price": "3.50"}
    assert crawler.stats.get_value("normalize/other_item_count/dict") == 2
    assert not out.exists() or out.read_bytes() == b""


# -- validate --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "fields, reason",
    [({"title": None}, MissingTitle), ({"title": ""}, MissingTitle), ({"text": "Too short."}, TooLittleText)],
    ids=["no-title", "empty-title", "short-text"],
)
def test_validate_drops_with_named_reason(fields, reason):
    pipe = build_from_crawler(ValidatePipeline, crawler_with())
    with pytest.raises(reason):
        pipe.process_item(article(**fields))


def test_validate_min_text_setting():
    pipe = build_from_crawler(ValidatePipeline, crawler_with({"NEWSBOT_MIN_TEXT_CHARS": 5}))
    item = article(text="Short but enough.")
    assert pipe.process_item(item) is item


# -- deduplicate -----------------------------------------------------------------------------

def test_dedup_by_canonical_url_and_by_content():
    pipe = build_from_crawler(DeduplicatePipeline, crawler_with())
    first = NormalizePipeline.from_crawler(pipe.crawler).process_item(article())
    pipe.process_item(first)
    same_url = NormalizePipeline.from_crawler(pipe.crawler).process_item(article(url="https://news.example/a?utm_source=x", text=BODY + " More."))
    with pytest.raises(DuplicateUrl):
        pipe.process_item(same_url)
    same_text = NormalizePipeline.from_crawler(pipe.crawler).process_item(article(url="https://news.example/b"))
    with pytest.raises(DuplicateContent):
        pipe.process_item(same_text)


def test_dedup_by_content_can_be_switched_off():
    crawler = crawler_with({"NEWSBOT_DEDUP_CONTENT": False})
    norm = NormalizePipeline.from_crawler(crawler)
    pipe = build_from_crawler(DeduplicatePipeline, crawler)
    pipe.process_item(norm.process_item(article()))
    assert pipe.process_item(norm.process_item(article(url="https://news.example/b")))


# -- write -----------------------------------------------------------------------------------

def open_writer(tmp_path, **settings) -> JsonlWriterPipeline:
    crawler = crawler_with({"NEWSBOT_OUTPUT": str(tmp_path / "out.jsonl"), **settings})
    writer = build_from_crawler(JsonlWriterPipeline, crawler)
    writer.open_spider()
    return writer


def test_writer_writes_whole_utf8_lines(tmp_path, record_validator):
    writer = open_writer(tmp_path)
    norm = NormalizePipeline.from_crawler(writer.crawler)
    writer.process_item(norm.process_item(fixture_article()))
    writer.process_item(norm.process_item(article(title="Zażółć gęślą jaźń")))
    writer.close_spider()
    raw = (tmp_path / "out.jsonl").read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 2
    assert "Zażółć".encode() in raw  # UTF-8, not \\u escapes
    for line in raw.decode("utf-8").splitlines():
        assert not list(record_validator.iter_errors(json.loads(line)))
    assert writer.stats.get_value("writer/item_count") == 2


def test_writer_appends_by_default_and_overwrites_on_request(tmp_path):
    for _ in range(2):
        writer = open_writer(tmp_path)
        writer.process_item(NormalizePipeline.from_crawler(writer.crawler).process_item(article()))
        writer.close_spider()
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 2
    writer = open_writer(tmp_path, NEWSBOT_OUTPUT_OVERWRITE=True)
    writer.close_spider()
    assert (tmp_path / "out.jsonl").read_text() == ""


def test_writer_cuts_a_partial_line_left_by_a_crash(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"url":"https://news.example/1"}\n{"url":"https://news.exa')
    writer = open_writer(tmp_path)
    writer.process_item(NormalizePipeline.from_crawler(writer.crawler).process_item(article()))
    writer.close_spider()
    lines = path.read_text().splitlines()
    assert len(lines) == 2
    assert all(json.loads(line) for line in lines)
    assert writer.stats.get_value("writer/partial_line_cut_count") == 1


def test_writer_default_path_is_output_dir_and_spider_name(tmp_path):
    crawler = crawler_with({"NEWSBOT_OUTPUT_DIR": str(tmp_path / "o")})
    writer = build_from_crawler(JsonlWriterPipeline, crawler)
    writer.open_spider()
    writer.close_spider()
    assert (tmp_path / "o" / "articles.jsonl").exists()


def test_dedup_knows_what_the_output_file_already_holds(tmp_path):
    out = tmp_path / "out.jsonl"
    crawler = crawler_with({"NEWSBOT_OUTPUT": str(out)})
    norm = NormalizePipeline.from_crawler(crawler)
    earlier = norm.process_item(article())
    out.write_text(json.dumps(earlier.__dict__) + "\n" + '{"cut": ')
    pipe = build_from_crawler(DeduplicatePipeline, crawler)
    pipe.open_spider()
    with pytest.raises(DuplicateUrl):
        pipe.process_item(norm.process_item(article()))
    assert pipe.process_item(norm.process_item(article(url="https://news.example/new", text=BODY + " New.")))
    assert crawler.stats.get_value("dedup/known_from_output_count") == 1


@pytest.mark.parametrize("markdown", [False, True], ids=["without-markdown", "with-markdown"])
def test_the_markdown_field_is_written_only_when_set(tmp_path, record_validator, markdown):
    writer = open_writer(tmp_path)
    case = page_case("en-news-semantic")
    page = ArticlePage.from_response(case.response())
    item = article_from_result(clean_html(page.body, url=page.url), page, markdown=markdown)
    writer.process_item(NormalizePipeline.from_crawler(writer.crawler).process_item(item))
    writer.close_spider()
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert not list(record_validator.iter_errors(record))
    assert ("markdown" in record) == markdown
    if markdown:
        assert record["markdown"].startswith("# Water company fined")


# -- near duplicates -------------------------------------------------------------------------

STORY = ("The harbour board agreed on Tuesday to raise mooring fees by four per cent a year for three years, "
         "ending eighteen months of talks with the boat owners. Fishing boats registered in the port are exempt, "
         "and visitors will pay a flat nightly rate. The chair said the deal was not perfect but fair. ") * 3


def test_near_duplicates_are_off_by_default_and_quiet():
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured) as raised:
        build_from_crawler(NearDuplicatePipeline, crawler_with())
    assert not raised.value.args


def test_a_near_copy_is_dropped_naming_the_first():
    crawler = crawler_with({"NEWSBOT_DEDUP_NEAR": True, "NEWSBOT_OUTPUT": "/nonexistent/out.jsonl"})
    norm = NormalizePipeline.from_crawler(crawler)
    pipe = build_from_crawler(NearDuplicatePipeline, crawler)
    pipe.process_item(norm.process_item(article(url="https://a.example/story", text=STORY)))
    copy = STORY + " This story was first published by our partner newspaper."
    with pytest.raises(NearDuplicate, match=r"near copy of https://a.example/story \(Jaccard ~0\.\d\d\): https://b.example/copy"):
        pipe.process_item(norm.process_item(article(url="https://b.example/copy", text=copy)))
    assert pipe.process_item(norm.process_item(article(url="https://c.example/other", text=BODY)))


def test_near_duplicates_know_what_the_output_file_holds(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"url": "https://a.example/story", "text": STORY}) + "\n")
    crawler = crawler_with({"NEWSBOT_DEDUP_NEAR": True, "NEWSBOT_OUTPUT": str(out)})
    pipe = build_from_crawler(NearDuplicatePipeline, crawler)
    pipe.open_spider()
    assert crawler.stats.get_value("dedup_near/known_from_output_count") == 1
    with pytest.raises(NearDuplicate, match="near copy of https://a.example/story"):
        pipe.process_item(NormalizePipeline.from_crawler(crawler).process_item(article(url="https://b.example/x", text=STORY.replace("Tuesday", "Monday"))))
