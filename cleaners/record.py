"""The article record: normalization shared by the crawl pipelines and the dump cleaner."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from ._decode import scalar_values
from ._language import language_code
from ._metadata import calendar_day, parse_datetime
from ._result import RECORD_FIELDS
from ._urls import bad_host, host_of

__all__ = [
    "DEFAULT_TRACKING_PARAMS",
    "canonical_url",
    "content_hash",
    "domain_of",
    "normalize_record",
    "normalize_text",
    "normalize_timestamp",
]

#: Query parameters that only track where a click came from (utm_* are always removed).
DEFAULT_TRACKING_PARAMS: frozenset[str] = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "ocid",
    "cmpid", "_ga", "_gl", "spm", "ref_src", "ref_url", "share", "smid", "mbid", "sr_share",
})

# Runs of spaces and tabs (and other non-newline whitespace) inside a paragraph.
_INLINE_WS = re.compile(r"[^\S\n]+")
# A blank line, possibly with spaces on it: the paragraph separator.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Characters that are never text: C0 controls but tab and newline, and non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def normalize_text(text: str | None) -> str:
    """NFC, whitespace collapsed inside paragraphs, one blank line between paragraphs, a lone
    surrogate as U+FFFD (see scalar_values: a record is always written as UTF-8).

    >>> normalize_text("  One\\n two  \\n\\n\\n\\tThree ")
    'One two\\n\\nThree'
    """
    if not text:
        return ""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", scalar_values(text).replace("\r\n", "\n").replace("\r", "\n")))
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", scalar_values(str(value))).split())
    return text or None


def canonical_url(url: str | None, tracking: Iterable[str] = DEFAULT_TRACKING_PARAMS) -> str | None:
    """Scheme and host lower-cased, fragment and tracking parameters removed, query sorted.

    >>> canonical_url("HTTPS://Example.COM/a/b?utm_source=x&id=2&fbclid=1#top")
    'https://example.com/a/b?id=2'
    """
    if not url:
        return None
    try:
        parts = urlsplit(scalar_values(url).strip())
    except ValueError:
        return None
    try:
        port = parts.port  # raises on a port that is not a number in range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if ":" in netloc:  # an IPv6 address keeps its brackets
        netloc = f"[{netloc}]"
    elif bad_host(netloc):
        return None
    if port and not (parts.scheme.lower(), port) in (("http", 80), ("https", 443)):
        netloc += f":{port}"
    url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    drop = set(tracking)
    query_keys = [kv.split("=", 1)[0] for kv in parts.query.split("&") if kv]
    drop.update(k for k in query_keys if k.lower().startswith("utm_"))
    if drop:
        # (unique=False: "?tag=a&tag=b" names two tags; w3lib keeps only the first by default)
        url = url_query_cleaner(url, parameterlist=tuple(drop), remove=True, unique=False, keep_fragments=False)
    url = canonicalize_url(url, keep_fragments=False)
    # w3lib writes a name in its IDNA form and escapes the rest; a host still not ASCII is one
    # IDNA cannot write (a label over 63 characters), which no resolver takes
    return url if url.isascii() else None


def domain_of(url: str | None) -> str | None:
    """The host of a URL, lower-cased, without a leading "www."."""
    return (host_of(url) or "").removeprefix("www.") or None


def content_hash(text: str) -> str:
    """SHA-256 of the normalized text, hex: equal texts, equal hashes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_timestamp(value: Any) -> str | None:
    """ISO 8601 with timezone; a date alone stays a date; naive times are taken as UTC. What is no
    calendar day, or a date type's first or last year (what systems write for none), is None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if not calendar_day(value.year, value.month, value.day):
            return None
        dt = value
    else:
        iso = parse_datetime(str(value))
        if iso is None:
            return None
        if len(iso) == 10:
            return iso
        dt = datetime.fromisoformat(iso)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat()


#: How far a page's date may run ahead of the moment it was fetched (UTC): a local date or time
#: written without its zone runs up to 26 hours ahead (UTC+14 against UTC-12).
FUTURE_SLACK = timedelta(hours=26)


def _after(value: str, fetched: str) -> bool:
    """True when the (normalized) date or time is later than `fetched` by more than FUTURE_SLACK:
    a date alone is its first moment when it is the page's, and its last when it is the fetch's
    (fetched "2026-12-03" may be that evening), both in UTC."""
    def moment(iso: str, end_of_day: bool = False) -> datetime:
        if len(iso) > 10:
            return datetime.fromisoformat(iso)
        return datetime.fromisoformat(iso + "T00:00:00+00:00") + (timedelta(days=1) if end_of_day else timedelta())

    return moment(value) - moment(fetched, end_of_day=True) > FUTURE_SLACK


def _str_list(value: Any) -> list[str]:
    """Distinct names from a list, or from one value a dump gives instead (a name, a number); an
    object as schema.org writes a person or a tag ({"name": ...}) gives its name, and a value with
    no name in it (a list in the list, an object without one) nothing."""
    if value is None:
        return []
    out: list[str] = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
        text = _clean_str(item) if item is not None and not isinstance(item, (list, tuple, dict)) else None
        if text and text not in out:
            out.append(text)
    return out


def normalize_record(record: dict[str, Any], tracking: Iterable[str] = DEFAULT_TRACKING_PARAMS) -> dict[str, Any]:
    """The record with every field present and normalized, in RECORD_FIELDS order."""
    out: dict[str, Any] = {}
    url = _clean_str(record.get("url"))
    text = normalize_text(record.get("text"))
    canonical = canonical_url(record.get("canonical_url"), tracking) or canonical_url(url, tracking)
    language = _clean_str(record.get("language"))
    for name in RECORD_FIELDS:
        value = record.get(name)
        if name in ("authors", "tags"):
            out[name] = _str_list(value)
        elif name in ("published", "modified", "fetched_at"):
            out[name] = normalize_timestamp(value)
        else:
            out[name] = _clean_str(value)
    fetched = out.get("fetched_at")
    if fetched:
        for name in ("published", "modified"):
            if out[name] and _after(out[name], fetched):
                out[name] = None  # a page is not published after it was fetched: an event's day, a typo
    out["url"] = url
    out["text"] = text
    out["canonical_url"] = canonical
    out["domain"] = domain_of(canonical or url)
    out["language"] = language_code(language)
    out["content_hash"] = content_hash(text) if text else None
    return out
