"""Cleaning pages, texts and dumps: read records from JSONL, JSON arrays, WARC files, folders,
single HTML pages and plain texts (each file read for what its first bytes show) and URLs; clean
each, and account for every one (cleaned, or rejected with its position and reason).

Readers stream: no input is ever loaded whole, so memory stays flat on dumps of any size.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ._cleaner import Cleaner
from ._decode import NestedTooDeeply, load_json, scalar_values
from ._fetch import FetchError, crawl_limits, fetch, is_url
from ._inputs import is_fsspec_url, open_input, suffix_kind
from ._language import detect_language, language_code
from ._lines import NO_ARTICLE_RULE
from ._markdown import heading_markdown, text_to_html, text_to_markdown, titled_html
from ._result import CleanerError
from ._text import looks_like_title, normalize_phrase
from .record import normalize_record

__all__ = ["MAX_RECORD_BYTES", "DumpRecord", "FieldNames", "Outcome", "clean_record", "detect_kind", "read_dump", "read_dumps"]

#: Field names tried, in order, when the user names none.
HTML_FIELDS = ("html", "raw_html", "rawHtml", "html_content", "content_html", "body_html", "page_html", "source")
TEXT_FIELDS = ("text", "maintext", "articleBody", "article_body", "plain_text", "clean_text", "article")
EITHER_FIELDS = ("content", "body")  # HTML or text, whichever the value turns out to be
URL_FIELDS = ("url", "link", "uri", "canonical_url", "source_url", "final_url")
TITLE_FIELDS = ("title", "headline", "name")

#: How much of a bad line a reject keeps, so the rejects file stays small.
SNIPPET_CHARS = 200
#: Bytes read at a time from JSON arrays.
CHUNK = 1 << 16
#: Records larger than this are rejected unread ("record too large"): a page that size is not an
#: article, and cleaning it would take minutes and gigabytes. The crawl's own cap is 16 MiB.
MAX_RECORD_BYTES = 32 * 2**20


@dataclass(frozen=True)
class FieldNames:
    """Field names given on the command line (None: detect)."""

    html: str | None = None
    text: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass
class DumpRecord:
    """One input record, or the reason it could not be read."""

    index: int
    position: str
    fields: dict[str, Any] | None = None
    error: str | None = None
    snippet: str | None = None
    #: a JSONL line not parsed yet (see `resolved`): parsing is left to whoever cleans it, so a
    #: run with several worker processes parses in the workers, not in the one that reads
    raw: bytes | None = None

    def __post_init__(self) -> None:
        if not self.position.isascii():
            self.position = shown_path(self.position)

    def resolved(self) -> "DumpRecord":
        """The record with its JSON line parsed: fields, or the reason it cannot be read."""
        if self.raw is None:
            return self
        index, position, raw = self.index, self.position, self.raw
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return DumpRecord(index, position, error=f"invalid UTF-8 at byte {exc.start}", snippet=_snippet(raw))
        try:
            data = load_json(text)
        except ValueError as exc:
            return DumpRecord(index, position, error=f"invalid JSON: {exc}", snippet=_snippet(text))
        if not isinstance(data, dict):
            return DumpRecord(index, position, error=f"not a JSON object but {type(data).__name__}", snippet=_snippet(text))
        return DumpRecord(index, position, fields=data)


@dataclass
class Outcome:
    """What became of one record: a normalized article, or a rejection."""

    index: int
    position: str
    record: dict[str, Any] | None = None
    reason: str | None = None
    snippet: str | None = None
    removed: dict[str, int] = field(default_factory=dict)
    #: the article as Markdown or an HTML fragment, when the run asked for it
    rendered: str | None = None
    #: a page the page type calls a listing, cleaned as an article because the cleaner was told
    #: every page is one (`CleanerOptions.all_articles`, newsbot-clean --all-articles)
    declared_story: bool = False

    def reject_line(self) -> dict[str, Any]:
        return {"index": self.index, "position": self.position, "reason": self.reason, "snippet": self.snippet}


# -- reading ------------------------------------------------------------------------------------

def detect_kind(path: str) -> str:
    """"stdin", "dir", or what the file's name suggests ("jsonl" when it suggests nothing);
    `read_dump` goes by the file's first bytes (see cleaners._inputs)."""
    if path == "-":
        return "stdin"
    if os.path.isdir(path):
        return "dir"
    return suffix_kind(os.path.basename(path)) or "jsonl"


def shown_path(path: str) -> str:
    """A path as text that UTF-8 can carry: a file name's byte that is no UTF-8 (which Python
    keeps as a lone surrogate, os.fsdecode) written as \\xNN, as `ls -b` shows it.

    >>> shown_path(os.fsdecode(b"dump-\\xff.jsonl[3]"))
    'dump-\\\\xff.jsonl[3]'
    """
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a surrogate that is no escaped byte: a str built so, not a file name
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _snippet(data: bytes | str) -> str:
    if isinstance(data, bytes):
        data = data[: SNIPPET_CHARS * 4].decode("utf-8", errors="replace")
    return data[:SNIPPET_CHARS]


def _too_large(size: int, cap: int) -> str:
    return f"record too large: {size / 2**20:.1f} MB (the cap is {cap / 2**20:.0f} MB; see --max-record-mb)"


def _lines(f: IO[bytes], cap: int) -> Iterator[tuple[bytes | None, int]]:
    """Lines of at most `cap` bytes; a longer one is skipped without being held and comes out
    as (None, its size)."""
    while True:
        line = f.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            size = len(line)
            while True:
                more = f.readline(CHUNK * 16)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield None, size
        else:
            yield line, len(line)


def _read_jsonl(f: IO[bytes], name: str, start: int, cap: int) -> Iterator[DumpRecord]:
    index = start
    line_no = 0
    try:
        with f:
            for raw, size in _lines(f, cap):
                line_no += 1
                position = f"{name}:{line_no}"
                if raw is None:
                    yield DumpRecord(index, position, error=_too_large(size, cap))
                    index += 1
                    continue
                if not raw.strip():
                    continue
                yield DumpRecord(index, position, raw=raw)
                index += 1
    except (EOFError, OSError, zlib.error) as exc:
        # a truncated .gz or an unreadable file: everything read so far stands
        yield DumpRecord(index, f"{name}:{line_no + 1}", error=f"cannot read further: {exc or type(exc).__name__}")


_JSON_SPECIAL = re.compile(r'["{}\[\]]')
_JSON_STRING_SPECIAL = re.compile(r'["\\]')
_JSON_SCALAR_END = re.compile(r"[\s,\]}]")


class _ValueScanner:
    """Finds where one JSON value ends, chunk by chunk, in linear time, without parsing it.

    Kept over ijson (benchmarks/json_arrays.py): ijson is ten times faster on ordinary arrays,
    but it must build every record whole, so a 100 MB record cost it 214 MB and 104 s where this
    skips it unread (84 MB, 4 s), and it gives no record of an array that is one object."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escaped = False
        self.started = False
        self.scalar = False

    def end(self, text: str, pos: int = 0) -> int | None:
        """Feed text from pos; the offset just past the value, or None if it goes on."""
        n = len(text)
        if not self.started:
            self.started = True
            self.scalar = text[pos] not in '{["'
        if self.scalar:
            m = _JSON_SCALAR_END.search(text, pos)
            return m.start() if m else None
        while pos < n:
            if self.escaped:
                self.escaped = False
                pos += 1
                continue
            if self.in_string:
                m = _JSON_STRING_SPECIAL.search(text, pos)
                if m is None:
                    return None
                pos = m.end()
                if m.group() == "\\":
                    self.escaped = True
                else:
                    self.in_string = False
                    if self.depth == 0:
                        return pos
                continue
            m = _JSON_SPECIAL.search(text, pos)
            if m is None:
                return None
            pos = m.end()
            ch = m.group()
            if ch == '"':
                self.in_string = True
            elif ch in "{[":
                self.depth += 1
            else:
                self.depth -= 1
                if self.depth <= 0:
                    return pos
        return None


class _Utf8Text:
    """UTF-8 text read from a byte stream in chunks; at a byte that is not UTF-8 it first gives
    the text before it, and raises on the next read (so the records before it still count)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.consumed = 0  # bytes decoded so far
        self.error: UnicodeDecodeError | None = None
        self.error_at = 0

    def read(self, size: int) -> str:
        if self.error is not None:
            raise self.error
        data = self.raw.read(size)
        held = self.decoder.getstate()[0]  # bytes of a character cut by the last chunk
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            self.error, self.error_at = exc, self.consumed - len(held) + exc.start
            good = (held + data)[: exc.start].decode("utf-8")
            if not good:
                raise
            return good
        self.consumed += len(data)
        return text

    def position_of(self, exc: UnicodeDecodeError) -> int:
        return self.error_at if exc is self.error else self.consumed


def _read_json_array(raw: IO[bytes], path: str, start: int, cap: int) -> Iterator[DumpRecord]:
    """Stream the objects of a JSON array (or one JSON object) without loading the file; an
    object over the cap is skipped without being held."""
    index = start
    item = 0
    try:
        with raw:
            f = _Utf8Text(raw)
            buf = f.read(CHUNK).removeprefix("\ufeff").lstrip()
            single = buf.startswith("{")
            if single:
                buf = "[" + buf  # a single object: read it as an array of one
            if not buf.startswith("["):
                yield DumpRecord(index, f"{path}", error="not a JSON array or object", snippet=_snippet(buf))
                return
            buf = buf[1:]
            while True:
                buf = buf.lstrip().lstrip(",").lstrip()
                while not buf:
                    more = f.read(CHUNK)
                    if not more:
                        yield DumpRecord(index, f"{path}[{item}]", error="JSON array not closed: the file is cut short")
                        return
                    buf = more.lstrip().lstrip(",").lstrip()
                if buf.startswith("]"):
                    return
                position = f"{path}[{item}]"
                scanner = _ValueScanner()
                end = scanner.end(buf)
                parts, held, skipped = [buf], len(buf), 0  # the value so far, or how much was skipped
                while end is None:
                    more = f.read(CHUNK)
                    if not more:
                        yield DumpRecord(index, position, error="invalid JSON: the file is cut short inside a record",
                                         snippet=_snippet(parts[0][:SNIPPET_CHARS]) if parts else None)
                        return
                    end = scanner.end(more)
                    if skipped or held + len(more) > cap:
                        skipped += held + len(more)
                        parts, held = [more], 0  # only the last chunk is kept: the value's tail
                    else:
                        if end is not None:
                            end += held
                        parts.append(more)
                        held += len(more)
                buf = "".join(parts)
                if skipped:
                    yield DumpRecord(index, position, error=_too_large(skipped, cap))
                    buf = buf[end:]
                else:
                    try:
                        data = load_json(buf[:end])
                    except ValueError as exc:
                        yield DumpRecord(index, position, error=f"invalid JSON: {exc}", snippet=_snippet(buf[:SNIPPET_CHARS]))
                        if not isinstance(exc, NestedTooDeeply):
                            return  # where a broken value ends is not known; a too-deep one is well-formed
                    else:
                        if isinstance(data, dict):
                            yield DumpRecord(index, position, fields=data)
                        else:
                            yield DumpRecord(index, position, error=f"not a JSON object but {type(data).__name__}", snippet=_snippet(json.dumps(data)[:SNIPPET_CHARS]))
                    buf = buf[end:]
                index += 1
                item += 1
                if single:
                    return
    except UnicodeDecodeError as exc:
        yield DumpRecord(index, f"{path}[{item}]", error=f"invalid UTF-8 at byte {f.position_of(exc)}: {exc.reason}")
    except (EOFError, OSError, zlib.error) as exc:
        yield DumpRecord(index, f"{path}[{item}]", error=f"cannot read further: {exc or type(exc).__name__}")


def _read_dir(path: str, start: int, cap: int) -> Iterator[DumpRecord]:
    index = start
    for root, dirs, files in os.walk(path, onerror=None):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            lower = name.lower()
            if not lower.endswith((".html", ".htm", ".txt")):
                yield DumpRecord(index, full, error="not an .html, .htm or .txt file")
                index += 1
                continue
            try:
                info = os.stat(full)
                if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
                    yield DumpRecord(index, full, error="not a regular file")
                    index += 1
                    continue
                size = info.st_size
                data = Path(full).read_bytes() if size <= cap else None
            except OSError as exc:
                yield DumpRecord(index, full, error=f"cannot read: {exc.strerror or exc}")
                index += 1
                continue
            if data is None:
                yield DumpRecord(index, full, error=_too_large(size, cap))
            elif lower.endswith(".txt"):
                try:
                    yield DumpRecord(index, full, fields={"text": data.decode("utf-8"), "_source": full})
                except UnicodeDecodeError as exc:
                    yield DumpRecord(index, full, error=f"invalid UTF-8 at byte {exc.start}", snippet=_snippet(data))
            else:
                yield DumpRecord(index, full, fields={"html": data, "_source": full})
            index += 1


def _read_warc(f: IO[bytes], path: str, start: int, cap: int) -> Iterator[DumpRecord]:
    from warcio.archiveiterator import ArchiveIterator

    index = start
    number = 0
    with f:
        records = iter(ArchiveIterator(f))
        while True:
            try:
                rec = next(records)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - warcio raises anything on a malformed file
                yield DumpRecord(index, f"{path}#{number + 1}", error=f"cannot read further: malformed WARC ({type(exc).__name__}: {exc})")
                return
            number += 1
            if rec.rec_type != "response":
                continue  # requests, metadata, warcinfo: not documents
            position = f"{path}#{number}"
            try:
                url = rec.rec_headers.get_header("WARC-Target-URI")
                ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
                status = rec.http_headers.get_statuscode() if rec.http_headers else None
                length = int(rec.rec_headers.get_header("Content-Length") or 0)
                if status and not status.startswith("2"):
                    yield DumpRecord(index, position, error=f"HTTP status {status} for {url}")
                elif ctype and "html" not in ctype.lower():
                    yield DumpRecord(index, position, error=f"not HTML ({ctype.split(';')[0].strip()}) for {url}")
                elif length > cap:
                    yield DumpRecord(index, position, error=_too_large(length, cap) + f" for {url}")
                else:
                    body = rec.content_stream().read(cap + 1)
                    if len(body) > cap:
                        yield DumpRecord(index, position, error=_too_large(len(body), cap) + f" for {url}")
                    else:
                        yield DumpRecord(index, position, fields={"html": body, "url": url, "_content_type": ctype})
            except Exception as exc:  # noqa: BLE001 - a malformed record's headers or body
                yield DumpRecord(index, position, error=f"malformed WARC record ({type(exc).__name__}: {exc})")
            index += 1


def _read_page(f: IO[bytes], name: str, start: int, cap: int, kind: str, url: str | None) -> Iterator[DumpRecord]:
    """One HTML page or one plain text as one record, however many stories the text holds."""
    try:
        with f:
            data = f.read(cap + 1)
            size = len(data)
            if size > cap:
                while more := f.read(CHUNK * 16):  # counted, not held
                    size += len(more)
    except (EOFError, OSError, zlib.error) as exc:
        yield DumpRecord(start, name, error=f"cannot read: {exc or type(exc).__name__}")
        return
    if size > cap:
        yield DumpRecord(start, name, error=_too_large(size, cap))
    elif kind == "html":
        yield DumpRecord(start, name, fields={"html": data, "url": url, "_source": name})
    else:
        try:
            text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError as exc:
            yield DumpRecord(start, name, error=f"invalid UTF-8 at byte {exc.start}", snippet=_snippet(data))
            return
        yield DumpRecord(start, name, fields={"text": text, "url": url, "_source": name})


def read_dump(path: str, start: int = 0, max_record_bytes: int = MAX_RECORD_BYTES, parse: bool = True,
              url: str | None = None) -> Iterator[DumpRecord]:
    """The records of one input, numbered from `start`; a record over `max_record_bytes` comes
    out as an error, and is never held in memory whole. A folder's files are records; a file
    or standard input is read for what its first bytes show it is (JSONL, a JSON array, WARC,
    one HTML page or one plain text; `url` is the URL of such a page or text). With
    `parse=False`, JSONL lines come out unparsed (`DumpRecord.raw`; `resolved()` parses one)."""
    if is_url(path):
        yield _fetched(path, start, max_record_bytes)
        return
    if path != "-" and not is_fsspec_url(path) and not os.path.exists(path):
        yield DumpRecord(start, path, error="no such file or folder")
        return
    if path != "-" and os.path.isdir(path):
        yield from _read_dir(path, start, max_record_bytes)
        return
    try:
        source = open_input(path, CHUNK)
    except OSError as exc:
        yield DumpRecord(start, path, error=f"cannot read: {exc.strerror or exc}")
        return
    if source.kind in ("html", "text"):
        records = _read_page(source.stream, source.name, start, max_record_bytes, source.kind, url)
    else:
        records = _READERS[source.kind](source.stream, source.name, start, max_record_bytes)
    for record in records:
        yield record.resolved() if parse else record


def _fetched(url: str, index: int, cap: int) -> DumpRecord:
    """One page fetched as the crawl fetches (its user agent, robots.txt, time and size limits)."""
    timeout, max_bytes = crawl_limits()
    try:
        page = fetch(url, timeout=timeout, max_bytes=min(cap, max_bytes))
    except FetchError as exc:
        return DumpRecord(index, url, error=f"cannot fetch: {exc}")
    if page.content_type and page.content_type.split(";")[0].strip().lower() == "text/plain":
        try:
            return DumpRecord(index, url, fields={"text": page.body.decode("utf-8"), "url": page.url})
        except UnicodeDecodeError as exc:
            return DumpRecord(index, url, error=f"invalid UTF-8 at byte {exc.start}", snippet=_snippet(page.body))
    return DumpRecord(index, url, fields={"html": page.body, "url": page.url, "_content_type": page.content_type})


_READERS = {"jsonl": _read_jsonl, "json": _read_json_array, "warc": _read_warc}


def read_dumps(paths: Iterable[str], max_record_bytes: int = MAX_RECORD_BYTES, parse: bool = True,
               url: str | None = None) -> Iterator[DumpRecord]:
    """The records of several inputs, numbered on from one input to the next."""
    index = 0
    for path in paths:
        for record in read_dump(path, index, max_record_bytes, parse, url):
            index = record.index + 1
            yield record


# -- cleaning -----------------------------------------------------------------------------------

_TAG_HINT = ("<p", "<div", "<html", "<body", "<br", "<article", "<span", "<h1", "<h2", "<!doctype")


def _looks_like_html(value: Any) -> bool:
    if isinstance(value, bytes):
        value = value[:4096].decode("utf-8", errors="replace")
    return isinstance(value, str) and any(tag in value[:4096].lower() for tag in _TAG_HINT)


def pick_fields(data: Mapping[str, Any], names: FieldNames) -> tuple[Any, str | None, str | None, str | None]:
    """(html, text, url, title) of a record, by the given field names or by detection."""
    def first(candidates: Iterable[str]) -> Any:
        for key in candidates:
            value = data.get(key)
            if value:
                return value
        return None

    html = data.get(names.html) if names.html else first(HTML_FIELDS)
    text = data.get(names.text) if names.text else first(TEXT_FIELDS)
    if not names.html and not names.text and html is None and text is None:
        either = first(EITHER_FIELDS)
        if _looks_like_html(either):
            html = either
        else:
            text = either
    url = data.get(names.url) if names.url else first(URL_FIELDS)
    title = data.get(names.title) if names.title else first(TITLE_FIELDS)
    return html, text if isinstance(text, str) else None, url if isinstance(url, str) else None, title if isinstance(title, str) else None


def clean_record(cleaner: Cleaner, item: DumpRecord, names: FieldNames = FieldNames(), render: str | None = None) -> Outcome:
    """Clean one record: from its HTML with clean_html, else from its text with clean_text.
    With `render` ("markdown" or "html") the outcome also carries the article in that form."""
    item = item.resolved()
    if item.error is not None:
        return Outcome(item.index, item.position, reason=item.error, snippet=item.snippet)
    data = item.fields or {}
    html, text, url, title = pick_fields(data, names)
    record: dict[str, Any] = {k: data.get(k) for k in ("published", "modified", "authors", "language", "site_name", "description", "image", "tags", "fetched_at") if k in data}
    removed: dict[str, int] = {}
    rendered: str | None = None
    declared_story = False
    try:
        if html:
            if not isinstance(html, (str, bytes)):
                return Outcome(item.index, item.position, reason=f"the HTML field is {type(html).__name__}, not text")
            result = cleaner.clean_html(html, url=url, content_type=data.get("_content_type"))
            if not result.is_article:
                return Outcome(item.index, item.position, reason="not an article (a listing page)")
            declared_story = result.declared_story
            fields = result.to_dict()
            record.update({k: v for k, v in fields.items() if v not in (None, [], "")})
            if title and not result.title:
                record["title"] = title
            if render == "markdown":
                rendered = result.markdown if result.title or not title else heading_markdown(title) + result.markdown
            elif render == "html":
                rendered = titled_html(record.get("title"), result.html)
            for r in result.removed:
                removed[r.rule] = removed.get(r.rule, 0) + 1
        elif text:
            lines, dropped = cleaner.clean_text_lines(text, url=url, title=title)
            if not title and lines and len(lines) > 1 and _headline(lines[0]):
                title, lines = lines[0], lines[1:]
            elif title and lines and _same(lines[0], title):
                lines = lines[1:]
            record.update(text="\n\n".join(lines), title=title)
            record["language"] = language_code(record.get("language")) or detect_language(record["text"])
            if render == "markdown":
                rendered = text_to_markdown(title, lines)
            elif render == "html":
                rendered = text_to_html(title, lines)
            for rule, _ in dropped:
                removed[rule] = removed.get(rule, 0) + 1
        else:
            return Outcome(item.index, item.position, reason="no HTML or text field", snippet=_snippet(json.dumps(_printable(data))[:SNIPPET_CHARS]))
    except CleanerError as exc:
        return Outcome(item.index, item.position, reason=f"unusable HTML: {exc}")
    # a saved page without a URL: its canonical link says where it lives
    record["url"] = url or record.get("url") or record.get("canonical_url")
    normalized = normalize_record(record)
    if not normalized["text"]:
        # the line model's record pass found no article in what the rules and line decisions left
        reason = "no article in the text" if NO_ARTICLE_RULE in removed else "empty after cleaning"
        return Outcome(item.index, item.position, reason=reason, removed=removed)
    if rendered is not None:
        # a record parsed by the caller (clean_bag's, a library's) can hold lone surrogates, which
        # the record's normalization writes as U+FFFD: so is the rendering
        rendered = scalar_values(rendered)
    return Outcome(item.index, item.position, record=normalized, removed=removed, rendered=rendered,
                   declared_story=declared_story)


def _printable(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v[:80] if isinstance(v, str) else "<bytes>" if isinstance(v, bytes) else v) for k, v in data.items() if not k.startswith("_")}


def _headline(line: str) -> bool:
    return looks_like_title(line) and len(line.split()) >= 2


def _same(a: str, b: str) -> bool:
    return normalize_phrase(a) == normalize_phrase(b)
