"""cleaners.dumps: every input format streams records, bad ones come out as errors with positions."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest

from cleaners import Cleaner
from cleaners.dumps import DumpRecord, FieldNames, clean_record, detect_kind, pick_fields, read_dump, read_dumps
from cleaners.train_lines import PINNED_NOTICE

from .conftest import FIXTURES, page_case

SEED_LIKE = (FIXTURES / "texts" / "summary-widget-dump.txt").read_text(encoding="utf-8")


def write_jsonl(path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def test_detect_kind(tmp_path):
    assert detect_kind("-") == "stdin"
    assert detect_kind(str(tmp_path)) == "dir"
    assert detect_kind("a.warc.gz") == "warc"
    assert detect_kind("a.json") == "json"
    assert detect_kind("a.jsonl.gz") == "jsonl"


def test_jsonl_with_bad_lines_keeps_positions(tmp_path):
    path = tmp_path / "d.jsonl"
    write_jsonl(path, [json.dumps({"text": "a"}).encode(), b"{not json", b'"a string"', b'{"text": "caf\xe9"}', b"", json.dumps({"text": "b"}).encode(),
                       b"[" * 100_000 + b"]" * 100_000])
    records = list(read_dump(str(path)))
    assert [r.index for r in records] == [0, 1, 2, 3, 4, 5]
    assert records[5].error == "invalid JSON: JSON nested too deeply to read" and records[5].position.endswith(":7")
    assert records[0].fields == {"text": "a"}
    assert records[1].error.startswith("invalid JSON") and records[1].position.endswith(":2")
    assert records[2].error == "not a JSON object but str"
    assert records[3].error.startswith("invalid UTF-8")
    assert records[4].fields == {"text": "b"} and records[4].position.endswith(":6")


def test_gzip_jsonl_and_truncated_gzip(tmp_path):
    path = tmp_path / "d.jsonl.gz"
    payload = b"".join(json.dumps({"text": f"record {i} " * 50}).encode() + b"\n" for i in range(200))
    path.write_bytes(gzip.compress(payload))
    assert len([r for r in read_dump(str(path)) if r.fields]) == 200
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    records = list(read_dump(str(cut)))
    assert records[-1].error and records[-1].error.startswith("cannot read further")
    assert all(r.fields for r in records[:-1]) and len(records) > 1


def test_json_array_streams_and_reports_a_cut_file(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps([{"text": "one"}, {"text": "two"}, 3]))
    records = list(read_dump(str(path)))
    assert [r.fields for r in records[:2]] == [{"text": "one"}, {"text": "two"}]
    assert records[2].error == "not a JSON object but int"
    path.write_text('[{"text": "one"}, {"text": "tw')
    records = list(read_dump(str(path)))
    assert records[0].fields == {"text": "one"} and records[1].error.startswith("invalid JSON")


def test_folder_reads_html_and_text_and_rejects_the_rest(tmp_path):
    (tmp_path / "a.html").write_bytes(page_case("pl-news").body)
    (tmp_path / "b.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    (tmp_path / "d.txt").write_bytes(b"\xff\xfe\xfa bad")
    locked = tmp_path / "e.html"
    locked.write_text("<p>x</p>")
    locked.chmod(0)
    (tmp_path / "f.html").symlink_to(tmp_path / "gone.html")  # unreadable even for root
    os.mkfifo(tmp_path / "g.html")  # reading it would block forever
    records = list(read_dump(str(tmp_path)))
    locked.chmod(0o644)
    by_name = {os.path.basename(r.position): r for r in records}
    assert by_name["a.html"].fields["html"].startswith(b"<!DOCTYPE")
    assert by_name["b.txt"].fields["text"] == SEED_LIKE
    assert by_name["c.png"].error == "not an .html, .htm or .txt file"
    assert by_name["d.txt"].error.startswith("invalid UTF-8")
    assert by_name["f.html"].error == "cannot read: No such file or directory"
    assert by_name["g.html"].error == "not a regular file"
    if os.geteuid() != 0:  # root reads anything
        assert by_name["e.html"].error.startswith("cannot read")


def test_warc_responses_html_and_not(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, ctype, body in [
            ("https://gazeta.example/most", "text/html; charset=utf-8", page_case("pl-news").body),
            ("https://gazeta.example/logo.png", "image/png", b"\x89PNG"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        writer.write_record(writer.create_warc_record("https://gazeta.example/most", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    records = list(read_dump(str(path)))
    assert len(records) == 2
    assert records[0].fields["url"] == "https://gazeta.example/most"
    assert records[1].error.startswith("not HTML (image/png)")


def test_missing_input_is_a_record_error():
    records = list(read_dump("/nonexistent/dump.jsonl"))
    assert records[0].error == "no such file or folder"


def test_numbering_continues_across_inputs(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(a, [b'{"text": "1"}', b'{"text": "2"}'])
    write_jsonl(b, [b'{"text": "3"}'])
    assert [r.index for r in read_dumps([str(a), str(b)])] == [0, 1, 2]


@pytest.mark.parametrize(
    "record, expected",
    [
        ({"raw_html": "<p>x</p>", "link": "https://a.example/", "headline": "H"}, ("<p>x</p>", None, "https://a.example/", "H")),
        ({"maintext": "words", "url": "https://a.example/"}, (None, "words", "https://a.example/", None)),
        ({"content": "<div><p>html here</p></div>"}, ("<div><p>html here</p></div>", None, None, None)),
        ({"body": "just text"}, (None, "just text", None, None)),
    ],
    ids=["raw_html-link-headline", "maintext", "content-is-html", "body-is-text"],
)
def test_field_detection(record, expected):
    assert pick_fields(record, FieldNames()) == expected


def test_field_names_can_be_given():
    assert pick_fields({"page": "<p>x</p>", "addr": "https://a.example/"}, FieldNames(html="page", url="addr"))[::2] == ("<p>x</p>", "https://a.example/")


def test_clean_record_from_text_takes_headline_as_title():
    from cleaners.dumps import DumpRecord

    outcome = clean_record(Cleaner(), DumpRecord(0, "x:1", fields={"text": SEED_LIKE}))
    assert outcome.record["title"] == "Harbour Board Agrees New Mooring Fees After Long Dispute"
    assert outcome.record["text"].startswith("The harbour board has agreed")
    assert "Get a summary" not in outcome.record["text"]


@pytest.mark.parametrize("given, language", [("en-GB", "en"), ("English", "en"), (None, "en"), ("de", "de")])
def test_a_text_records_language_is_its_code_else_read_from_its_text(given, language):
    # a name ("English") or null is no code: the text tells (a code given stands, as declared)
    from cleaners.dumps import DumpRecord

    outcome = clean_record(Cleaner(), DumpRecord(0, "x:1", fields={"text": SEED_LIKE, "language": given}))
    assert outcome.record["language"] == language


def test_clean_record_from_html():
    from cleaners.dumps import DumpRecord

    case = page_case("pl-news")
    outcome = clean_record(Cleaner(), DumpRecord(0, "x:1", fields={"html": case.body, "url": case.url}))
    assert outcome.record["text"] == case.expected_text
    assert outcome.record["language"] == "pl"


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"url": "https://a.example/"}, "no HTML or text field"),
        ({"html": b"%PDF-1.4 stuff"}, "unusable HTML: not HTML"),
        ({"text": "Share\nAdvertisement"}, "empty after cleaning"),
        ({"text": PINNED_NOTICE}, "no article in the text"),  # the line model's record pass
        ({"html": page_case("listing-tag").body, "url": page_case("listing-tag").url}, "not an article"),
    ],
    ids=["no-content", "pdf", "only-cruft", "no-article", "listing"],
)
def test_clean_record_rejections(fields, reason):
    from cleaners.dumps import DumpRecord

    outcome = clean_record(Cleaner(), DumpRecord(3, "x:4", fields=fields))
    assert outcome.record is None and outcome.reason.startswith(reason)
    assert outcome.reject_line()["position"] == "x:4"


# -- records over the size cap, and what the fuzzer found -------------------------------------------

def _big_html(mb: int) -> str:
    return "<html><body>" + "<p>" + "word " * (mb * 2**20 // 5) + "</p></body></html>"


def test_a_record_over_the_cap_is_rejected_unread_in_every_format(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    cap = 2**20  # 1 MB here; 32 MB by default
    small, big = {"text": SEED_LIKE}, {"url": "https://x.example/big", "html": _big_html(3)}
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in (small, big, small)), encoding="utf-8")
    array = tmp_path / "d.json"
    array.write_text(json.dumps([small, big, {"text": 'quotes " and ] } [ { inside', "n": [1, {"a": "]"}]}]), encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    (folder / "b.html").write_text(big["html"], encoding="utf-8")
    warc = tmp_path / "d.warc"
    with open(warc, "wb") as f:
        writer = WARCWriter(f, gzip=False)
        for body in (big["html"].encode(), page_case("pl-news").body):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("https://x.example/p", "response", payload=io.BytesIO(body), http_headers=headers))
    for path, too_large_at in ((jsonl, 1), (array, 1), (folder, 1), (warc, 0)):
        records = list(read_dump(str(path), max_record_bytes=cap))
        assert len(records) == (2 if path in (folder, warc) else 3), path
        assert records[too_large_at].error.startswith("record too large: 3.0 MB"), (path, records[too_large_at])
        assert all(r.fields for i, r in enumerate(records) if i != too_large_at), path


FUZZ_FINDINGS = sorted((FIXTURES / "fuzz" / "dumps").glob("*"))


@pytest.mark.parametrize("path", FUZZ_FINDINGS, ids=[p.name for p in FUZZ_FINDINGS])
def test_fuzzer_findings_come_out_as_records_or_errors(path):
    cleaner = Cleaner()
    for item in read_dump(str(path)):
        outcome = clean_record(cleaner, item)
        assert (outcome.record is None) != (outcome.reason is None)
        line = outcome.record if outcome.record is not None else outcome.reject_line()
        json.dumps(line, ensure_ascii=False).encode("utf-8")  # as newsbot-clean writes it


def test_unparsed_lines_resolve_to_the_same_records_and_errors(tmp_path):
    """Worker processes get JSONL lines unparsed; resolving one gives what the eager reader gives."""
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "a"}\n[1, 2]\n{"text": \n\xff\xfe\n{"html": "<p>x</p>"}\n')
    eager = list(read_dumps([str(path)]))
    lazy = list(read_dumps([str(path)], parse=False))
    assert all(r.raw is not None for r in lazy)
    assert [(r.index, r.position, r.fields, r.error) for r in eager] == \
        [(r.index, r.position, r.fields, r.error) for r in (x.resolved() for x in lazy)]
    assert [r.error is None for r in eager] == [True, False, False, False, True]


@pytest.mark.parametrize(
    "data, expected",
    [
        (b'{"text": "alone"}', [{"text": "alone"}]),
        (b'\xef\xbb\xbf[{"text": "one"}]', [{"text": "one"}]),
        (b'[{"text": "one"}, {"text": "caf\xe9"}, {"text": "three"}]', [{"text": "one"}, "invalid UTF-8 at byte 31: invalid continuation byte"]),
        # a record nested deeper than the parser goes is well-formed: where it ends is known, and
        # the records after it are read
        (b'[{"text": "one"}, {"text": ' + b"[" * 100_000 + b"]" * 100_000 + b'}, {"text": "t\\ud800"}]',
         [{"text": "one"}, "invalid JSON: JSON nested too deeply to read", {"text": "t\ufffd"}]),
    ],
    ids=["one-object-is-one-record", "byte-order-mark", "invalid-utf8-keeps-the-records-before", "too-deep-keeps-the-records-after"],
)
def test_json_array_edge_cases(tmp_path, data, expected):
    path = tmp_path / "d.json"
    path.write_bytes(data)
    assert [r.fields if r.fields is not None else r.error for r in read_dump(str(path))] == expected


def test_inputs_named_by_fsspec_urls_read_like_paths(tmp_path):
    pytest.importorskip("fsspec")
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "one"}\n{broken\n'))
    url = f"file://{path}"
    records = list(read_dump(url))
    assert records[0].fields == {"text": "one"} and records[1].error.startswith("invalid JSON")
    assert records[1].position == f"{url}:2"
    assert list(read_dump(f"file://{tmp_path}/missing.jsonl"))[0].error.startswith("cannot read")


@pytest.mark.parametrize("render", [None, "markdown", "html"])
def test_a_record_parsed_elsewhere_with_lone_surrogates_comes_out_writable(render):
    # clean_bag and library callers parse their records themselves: json.loads keeps "\ud800"
    story = "\n\n".join(f"Paragraph {i}: the harbour \udc00 reopened on Monday after two years of building work."
                        for i in range(5))
    outcome = clean_record(Cleaner(), DumpRecord(0, "p", fields={"text": story, "title": "Harbour \ud800 reopens"}), render=render)
    assert outcome.record["title"] == "Harbour \ufffd reopens" and "harbour \ufffd reopened" in outcome.record["text"]
    json.dumps(outcome.record, ensure_ascii=False).encode("utf-8")
    if render:
        assert "Harbour \ufffd reopens" in outcome.rendered and "harbour \ufffd reopened" in outcome.rendered
        outcome.rendered.encode("utf-8")
