"""cleaners.record: the normalization every written record goes through."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cleaners import RECORD_FIELDS
from cleaners.record import canonical_url, content_hash, domain_of, normalize_record, normalize_text, normalize_timestamp


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  One\n two  \n\n\n\tThree ", "One two\n\nThree"),
        ("A\r\n\r\nB", "A\n\nB"),
        ("Cafe\u0301 au lait", "Café au lait"),  # NFC: e + combining acute -> é
        ("\n\n  \n", ""),
        ("tab\tand\u00a0nbsp", "tab and nbsp"),
        ("nul\x00inside", "nul inside"),
    ],
    ids=["collapse", "crlf", "nfc", "blank", "nbsp", "control"],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTPS://Example.COM/Path/A?utm_source=x&id=2#frag", "https://example.com/Path/A?id=2"),
        ("http://example.com/a?fbclid=abc", "http://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://127.0.0.1:8000/a/?utm_medium=teaser", "http://127.0.0.1:8000/a/"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        # a key given twice names two values: both stay (sorted), the tracking ones still go
        ("https://example.com/list?tag=b&tag=a&utm_source=x&fbclid=1&fbclid=2", "https://example.com/list?tag=a&tag=b"),
        ("ftp://example.com/file", None),
        ("not a url", None),
        (None, None),
        ("https://Bücher.Example/Straße", "https://xn--bcher-kva.example/Stra%C3%9Fe"),
        # hosts no resolver takes
        ("https://news example.com/a", None),
        ("https://news%20example.com/a", None),
        ("https://news\x00example.com/a", None),
        ("https://" + "ü" * 64 + ".example/", None),
    ],
    ids=["case-fragment-utm", "fbclid", "default-port", "loopback-port", "sorted-query", "repeated-key", "ftp", "garbage", "none",
         "idna", "space-in-host", "escape-in-host", "nul-in-host", "label-over-63"],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_with_custom_tracking_params():
    assert canonical_url("https://a.example/x?src=feed&id=1", tracking={"src"}) == "https://a.example/x?id=1"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-03T09:15:00+01:00", "2026-11-03T09:15:00+01:00"),
        ("2026-11-03T08:15:00Z", "2026-11-03T08:15:00+00:00"),
        ("2026-11-03 08:15:00", "2026-11-03T08:15:00+00:00"),
        ("2026-11-03", "2026-11-03"),
        ("Tue, 03 Nov 2026 08:15:00 +0100", "2026-11-03T08:15:00+01:00"),
        ("yesterday", None),
        ("", None),
        (None, None),
        ("2026-02-30", None),
        ("0001-01-01T00:00:00Z", None),
        (datetime(9999, 12, 31, tzinfo=timezone.utc), None),
        (datetime(2026, 11, 3, 8, 15), "2026-11-03T08:15:00+00:00"),
    ],
    ids=["offset", "zulu", "naive-as-utc", "date-only", "rfc2822", "words", "empty", "none", "no-such-day",
         "least-of-its-type", "greatest-of-its-type", "datetime"],
)
def test_normalize_timestamp(value, expected):
    assert normalize_timestamp(value) == expected


def test_domain_strips_www():
    assert domain_of("https://WWW.Example.com/a") == "example.com"


def test_content_hash_is_sha256_hex_of_the_utf8_text():
    # the published SHA-256 test vector of "abc" (FIPS 180-2), and a text beyond ASCII
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert content_hash("Größe") == "aedc3f80989a6546962705852b2f4a481dbd1e490760693525c3724bacab3f50"
    assert content_hash("abc") != content_hash("abd")


def test_normalize_record_fills_every_field(record_validator):
    record = normalize_record({
        "url": "https://www.example.com/story?utm_source=x",
        "title": "  A   title ",
        "text": "Para one.\n\n\nPara   two.",
        "authors": ["Ann Lee", "Ann Lee", " "],
        "fetched_at": "2026-11-27T08:00:00Z",
        "language": "en-GB",
    })
    assert list(record) == list(RECORD_FIELDS)
    assert record["title"] == "A title"
    assert record["text"] == "Para one.\n\nPara two."
    assert record["authors"] == ["Ann Lee"]
    assert record["tags"] == []
    assert record["canonical_url"] == "https://www.example.com/story"
    assert record["domain"] == "example.com"
    assert record["language"] == "en"
    assert record["content_hash"] == content_hash("Para one.\n\nPara two.")
    assert not list(record_validator.iter_errors(record))


def test_normalize_record_gives_text_utf8_can_carry_whatever_strings_it_is_given(record_validator):
    import json

    record = normalize_record({
        "url": "https://example.com/a\ud800b",
        "canonical_url": "https://example.com/c\udfff",
        "title": "A \ud83d\ude00 title \ud800",
        "text": "Para \udc00 one.\n\nPara two.",
        "authors": ["Ann \ud800 Lee"],
        "tags": ["t\udfff"],
        "site_name": "Site \ud800",
    })
    assert record["title"] == "A \U0001f600 title \ufffd"
    assert record["text"] == "Para \ufffd one.\n\nPara two."
    assert record["authors"] == ["Ann \ufffd Lee"] and record["tags"] == ["t\ufffd"]
    assert record["url"] == "https://example.com/a\ufffdb"
    assert record["canonical_url"] == "https://example.com/c%EF%BF%BD"
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # the JSONL line can be written
    assert not list(record_validator.iter_errors(record))


@pytest.mark.parametrize("language, expected", [("en-GB", "en"), ("English", None), ("{{lang}}", None), ("und", None), (7, None)])
def test_the_language_is_a_code_or_none_and_the_schema_takes_it(record_validator, language, expected):
    record = normalize_record({"url": "https://news.example/a", "text": "Text.", "language": language})
    assert record["language"] == expected
    assert not list(record_validator.iter_errors(record))


@pytest.mark.parametrize("published, kept", [
    ("2027-01-01", False),  # a listing's next event, read as the page's date
    ("2026-12-05", False),
    ("2026-12-04", True),  # a local date up to 26 hours ahead of UTC
    ("2026-12-04T11:00:00+00:00", True),
    ("2026-12-04T13:00:00+00:00", False),
    ("2026-12-03T08:00:00+14:00", True),
])
def test_a_date_after_the_page_was_fetched_is_no_date(published, kept):
    for fetched in ("2026-12-03T10:00:00+00:00", "2026-12-03 10:00"):
        record = normalize_record({"url": "https://news.example/a", "text": "Text.", "published": published,
                                   "modified": published, "fetched_at": fetched})
        assert (record["published"] is not None, record["modified"] is not None) == (kept, kept)
    # without the moment it was fetched, the date stands
    assert normalize_record({"url": "https://news.example/a", "text": "Text.", "published": published})["published"]

    # fetched on a day without its time: it may have been that day's last moment, 26 hours more
    record = normalize_record({"url": "https://news.example/a", "text": "Text.", "published": published,
                               "fetched_at": "2026-12-03"})
    assert (record["published"] is not None) is (published != "2027-01-01")


def test_a_canonical_link_to_no_host_gives_way_to_the_address():
    record = normalize_record({"url": "https://news.example/a", "canonical_url": "https://news example/a", "text": "Text."})
    assert (record["canonical_url"], record["domain"]) == ("https://news.example/a", "news.example")


def test_a_canonical_url_keeps_its_path_case_and_the_schema_takes_it(record_validator):
    # only the scheme and host are lower-cased: a path is case-sensitive, and percent escapes are
    # upper-case hex (RFC 3986)
    record = normalize_record({"url": "https://Example.COM/News/Café?ID=Ab#top", "text": "Text."})
    assert record["canonical_url"] == "https://example.com/News/Caf%C3%A9?ID=Ab"
    assert not list(record_validator.iter_errors(record))
    for bad in ("https://Example.com/a", "https://example.com/a#top", "ftp://example.com/"):
        assert list(record_validator.iter_errors({**record, "canonical_url": bad}))


@pytest.mark.parametrize("value, expected", [
    (5, ["5"]),
    (True, ["True"]),
    ("Jane Roe", ["Jane Roe"]),
    ({"@type": "Person", "name": "Jane Roe"}, ["Jane Roe"]),
    ([{"name": "Jane Roe"}, {"@id": "#no-name"}, ["nested"], "Jane Roe", " ", None, 7], ["Jane Roe", "7"]),
    (("Ann Lee", "Bo Li"), ["Ann Lee", "Bo Li"]),
    ({}, []),
])
def test_authors_and_tags_of_any_json_shape_give_names_and_never_raise(value, expected, record_validator):
    # a dump's fields are whatever its writer put there: a number or an object where a list of
    # names belongs ended the whole newsbot-clean run with a TypeError before
    record = normalize_record({"text": "Text.", "authors": value, "tags": value})
    assert record["authors"] == expected and record["tags"] == expected
    assert not list(record_validator.iter_errors(record))


@pytest.mark.parametrize("url, canonical", [
    ("http://[::1]/story?utm_source=x&b=1#top", "http://[::1]/story?b=1"),
    ("http://[::1]:8080/story", "http://[::1]:8080/story"),
    ("https://[2001:DB8::1]:443/story", "https://[2001:db8::1]/story"),
])
def test_a_page_at_an_ipv6_address_keeps_its_brackets(url, canonical, record_validator):
    # the brackets were dropped, and w3lib then read "::1" as a host and a port and raised
    # ValueError: the crawl's pipeline and newsbot-clean lost such a page
    record = normalize_record({"url": url, "text": "Text."})
    assert record["canonical_url"] == canonical
    assert not list(record_validator.iter_errors(record))
