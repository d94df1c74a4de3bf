"""cleaners._inputs: an input's kind comes from its first bytes; the suffix settles only what they leave open."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from cleaners._inputs import open_input, sniff, suffix_kind
from cleaners.dumps import read_dump

from .conftest import FIXTURES, page_case

STORY = (FIXTURES / "texts" / "wire-story-dump.txt").read_bytes()
PAGE = page_case("en-news-semantic")
JSONL = b"".join(json.dumps({"text": f"story {i}"}).encode() + b"\n" for i in range(3))
ARRAY = json.dumps([{"text": "one"}, {"text": "two"}], indent=2).encode()


def warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(PAGE.url, "response", payload=io.BytesIO(PAGE.body), http_headers=headers))
    return out.getvalue()


@pytest.mark.parametrize(
    "head, hint, kind",
    [
        (JSONL, None, "jsonl"),
        (ARRAY, None, "json"),
        (b"[]", None, "json"),
        (b'{\n  "text": "one pretty-printed object"\n}', None, "json"),
        (b"\xef\xbb\xbf" + JSONL, None, "jsonl"),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", None, "warc"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
        (b"  \n<html lang='en'>", "text", "html"),
        (b"<p>A fragment of a page</p>", None, "html"),
        (b"Intro line\n<p>then markup</p>", None, "html"),
        (STORY, None, "text"),
        (b"[Updated] A headline that opens with a bracket\n\nThe story.", None, "text"),
        (b"Text with <b>one tag</b>", "text", "text"),
        (b"{not json\n{\"text\": \"x\"}\n", "jsonl", "jsonl"),
        (b"{not json\n{\"text\": \"x\"}\n", "json", "json"),
        (b"garbage that is no JSON", "jsonl", "jsonl"),
        (b"", "html", "html"),
        (b"", None, "jsonl"),
        (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n{}\n", None, "jsonl"),
    ],
    ids=["jsonl", "array", "empty-array", "pretty-object", "bom-jsonl", "warc", "html-doctype", "html-named-txt",
         "html-fragment", "html-after-text", "text", "text-opening-bracket", "text-with-a-tag-named-txt",
         "broken-jsonl-named-jsonl", "broken-json-named-json", "garbage-named-jsonl", "empty-page", "empty-stdin",
         "jsonl-nested-past-the-parser"],
)
def test_sniff(head, hint, kind):
    assert sniff(head, hint) == kind


@pytest.mark.parametrize("name, kind", [("a.warc.gz", "warc"), ("a.ARC", "warc"), ("a.ndjson", "jsonl"), ("a.json.gz", "json"),
                                        ("a.htm", "html"), ("a.txt", "text"), ("a.dat", None), ("noext", None)])
def test_suffix_kind(name, kind):
    assert suffix_kind(name) == kind


# Each content under a name that says something else (or nothing): the content wins.
MISLEADING = [
    ("jsonl-named-txt", "dump.txt", JSONL, "jsonl"),
    ("jsonl-named-json", "dump.json", JSONL, "jsonl"),
    ("array-named-jsonl", "dump.jsonl", ARRAY, "json"),
    ("html-named-txt", "page.txt", PAGE.body, "html"),
    ("html-named-jsonl", "page.jsonl", PAGE.body, "html"),
    ("html-without-suffix", "page", PAGE.body, "html"),
    ("text-named-html", "story.html", STORY, "text"),
    ("text-named-dat", "story.dat", STORY, "text"),
    ("warc-named-bin", "crawl.bin", warc_bytes(), "warc"),
    ("gzip-jsonl-named-dat", "dump.dat", gzip.compress(JSONL), "jsonl"),
    ("gzip-html-named-gz", "page.gz", gzip.compress(PAGE.body), "html"),
]


@pytest.mark.parametrize("name, data, kind", [m[1:] for m in MISLEADING], ids=[m[0] for m in MISLEADING])
def test_misleading_suffixes_are_read_for_their_content(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    source = open_input(str(path))
    assert source.kind == kind
    with source.stream:
        whole = source.stream.read()
    assert whole == (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)  # nothing lost to the sniffing


@pytest.mark.parametrize("name, data, fields", [
    ("page.txt", PAGE.body, "html"),
    ("story.html", STORY, "text"),
    ("dump.txt", JSONL, "text"),
], ids=["page-named-txt", "story-named-html", "jsonl-named-txt"])
def test_read_dump_gives_the_records_the_content_holds(tmp_path, name, data, fields):
    path = tmp_path / name
    path.write_bytes(data)
    records = list(read_dump(str(path)))
    assert all(fields in r.fields for r in records)
    assert len(records) == (3 if data is JSONL else 1)


def test_a_text_with_several_articles_is_one_record(tmp_path):
    path = tmp_path / "two.txt"
    path.write_bytes(STORY + b"\n\n" + STORY)
    records = list(read_dump(str(path)))
    assert len(records) == 1 and records[0].position == str(path)


def test_a_page_takes_the_url_given(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.body)
    (record,) = read_dump(str(path), url="https://example.com/x")
    assert record.fields["url"] == "https://example.com/x" and record.fields["html"] == PAGE.body


def test_a_page_over_the_cap_is_rejected_unread(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body><p>" + b"word " * 300_000 + b"</p></body></html>")
    (record,) = read_dump(str(path), max_record_bytes=2**20)
    assert record.error.startswith("record too large: 1.4 MB")


def test_a_text_that_is_not_utf8_is_rejected_with_where(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"Title\n\ncaf\xe9 society")
    (record,) = read_dump(str(path))
    assert record.error == "invalid UTF-8 at byte 10"


def test_a_cut_gzip_keeps_what_came_before_the_cut(tmp_path):
    payload = b"".join(json.dumps({"text": f"record {i} " * 50}).encode() + b"\n" for i in range(400))
    packed = gzip.compress(payload)
    path = tmp_path / "cut.dat"
    path.write_bytes(packed[: len(packed) // 2])
    records = list(read_dump(str(path)))
    assert records[-1].error.startswith("cannot read further")
    assert len(records) > 10 and all(r.fields for r in records[:-1])
