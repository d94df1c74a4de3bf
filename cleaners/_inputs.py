"""What an input holds, told by its first bytes: JSONL, a JSON array, WARC, an HTML page or
plain text. The name's suffix only settles what the content leaves open, so a dump named .txt
or a page piped to standard input is still read for what it is."""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import zlib
from dataclasses import dataclass
from typing import IO

from ._decode import load_json

__all__ = ["INPUT_KINDS", "Input", "open_input", "sniff", "suffix_kind"]

#: What an input can be: each has its reader in cleaners.dumps.
INPUT_KINDS = ("jsonl", "json", "warc", "html", "text")
#: Bytes looked at to tell the kind (decompressed, for gzip).
SNIFF_BYTES = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"

#: Kinds named by a file's suffix (after any .gz), longest first.
_SUFFIXES = (
    (".warc", "warc"), (".arc", "warc"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"), (".txt", "text"), (".text", "text"),
)
# A document that opens with markup: a doctype, an XML declaration, a comment or a tag.
_OPENS_WITH_MARKUP = re.compile(rb"<(?:!doctype|\?xml|!--|[a-z][a-z0-9]{0,15}[\s>/])", re.I)
# Tags that mark an HTML fragment anywhere in the first bytes ("Intro<p>Story...</p>").
_HTML_TAG = re.compile(rb"<(?:p|div|br|article|body|html|span|h[1-6]|section|table|ul|li|a\s)[\s>/]", re.I)
# What follows "[" in a JSON array (an object, an array, a string, a number, or "]").
_ARRAY_ITEM = re.compile(rb'[\[{\]"\-0-9]|true|false|null')


def suffix_kind(name: str) -> str | None:
    """The kind a file's name suggests, or None.

    >>> suffix_kind("crawl.warc.gz"), suffix_kind("page.HTM"), suffix_kind("dump.dat")
    ('warc', 'html', None)
    """
    lower = name.lower().removesuffix(".gz")
    for suffix, kind in _SUFFIXES:
        if lower.endswith(suffix):
            return kind
    return None


def sniff(head: bytes, hint: str | None = None) -> str:
    """The kind of an input from its first bytes; `hint` (the suffix's kind) decides only
    where the bytes do not.

    >>> sniff(b'{"url": "https://a.example/", "text": "..."}\\n{"text": "..."}\\n')
    'jsonl'
    >>> sniff(b'[\\n  {"text": "..."}\\n]'), sniff(b"<!DOCTYPE html><html>..."), sniff(b"A headline\\n\\nA story.")
    ('json', 'html', 'text')
    """
    data = head.removeprefix(UTF8_BOM).lstrip()
    if not data:
        return hint or "jsonl"  # nothing at all: a dump of no records, or an empty page
    if data.startswith(b"WARC/"):
        return "warc"
    if data[:1] == b"[" and _ARRAY_ITEM.match(data[1:].lstrip()) is not None:
        return "json"
    if data[:1] == b"{":
        first, newline, _ = data.partition(b"\n")
        if _is_object(first) or not newline:
            return "jsonl"  # a whole object on the first line (or a first line longer than the head)
        if hint in ("json", "jsonl"):
            return hint  # a first line that does not parse: the reader reports it
        return "json" if first.strip() == b"{" else "jsonl"  # a pretty-printed object, or JSONL
    if _OPENS_WITH_MARKUP.match(data):
        return "html"
    if hint in ("json", "jsonl", "warc"):
        return hint  # a broken dump: its reader says where
    if hint == "text" or _HTML_TAG.search(data[:4096]) is None:
        return "text"
    return "html"


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(load_json(line), dict)
    except ValueError:
        return False


class _Replay(io.RawIOBase):
    """A stream that gives back the bytes already read from it, then the rest; an error met
    while reading them is raised where it happened."""

    def __init__(self, head: bytes, rest: IO[bytes], error: BaseException | None) -> None:
        self._head = memoryview(head)
        self._rest = rest
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._rest.close()
        super().close()


@dataclass
class Input:
    """One input, opened: its kind, and a stream of its (decompressed) bytes from the start."""

    name: str
    kind: str
    stream: IO[bytes]
    compressed: bool = False


def is_fsspec_url(path: str) -> bool:
    """Whether an input names a file through fsspec (s3://, gs://, hdfs://, file://...), not a
    web page (http://, https://: fetched as one page).

    >>> is_fsspec_url("s3://bucket/crawl.warc.gz"), is_fsspec_url("https://news.example/"), is_fsspec_url("a.jsonl")
    (True, False, False)
    """
    return "://" in path and not path.lower().startswith(("http://", "https://"))


def open_raw(path: str, gunzip: bool = False) -> IO[bytes]:
    """An input's bytes, gunzipped or as stored; a URL through fsspec (the `dask` extra)."""
    if not is_fsspec_url(path):
        return gzip.open(path, "rb") if gunzip else open(path, "rb")
    import fsspec

    opened = fsspec.open(path, "rb", compression="gzip" if gunzip else None)
    f = opened.open()
    close = f.close

    def close_all() -> None:  # the decompressor, then the file under it (fsspec closes each)
        f.close = close
        opened.close()

    f.close = close_all
    return f


def open_input(path: str, chunk: int = 1 << 16) -> Input:
    """Open a file, or standard input for "-", decompress it if it is gzip, and tell its kind
    from its first bytes. Raises OSError when the file cannot be opened."""
    name = "<stdin>" if path == "-" else path
    raw: IO[bytes] = sys.stdin.buffer if path == "-" else open_raw(path)
    magic, error = _read_head(raw, len(GZIP_MAGIC))
    stream: IO[bytes] = io.BufferedReader(_Replay(magic, raw, error))
    compressed = magic == GZIP_MAGIC
    if compressed:
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
    head, error = _read_head(stream, SNIFF_BYTES)
    kind = sniff(head, None if path == "-" else suffix_kind(os.path.basename(path)))
    return Input(name, kind, io.BufferedReader(_Replay(head, stream, error), buffer_size=chunk), compressed)


def _read_head(stream: IO[bytes], size: int) -> tuple[bytes, BaseException | None]:
    """Up to `size` bytes, and the error that stopped the reading short, if one did."""
    parts: list[bytes] = []
    got = 0
    try:
        while got < size:
            part = stream.read(min(8192, size - got))
            if not part:
                break
            parts.append(part)
            got += len(part)
    except (EOFError, OSError, zlib.error) as exc:
        return b"".join(parts), exc
    return b"".join(parts), None
