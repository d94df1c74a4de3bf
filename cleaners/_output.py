"""Where newsbot-clean writes: cleaned records in one of four formats, to a file or standard
output, and rejects to a JSONL file or, one line each, to standard error."""

from __future__ import annotations

import json
import sys
from typing import IO, Any, Protocol

from .jsonl import JsonlWriter

__all__ = ["FORMATS", "RECORD_SEPARATOR", "RecordWriter", "RejectWriter", "open_records", "open_rejects", "render"]

#: Output formats: the JSONL record, or the article alone as text, Markdown or an HTML fragment.
FORMATS = ("jsonl", "text", "markdown", "html")
#: The line between two records in the text and Markdown formats: a form feed alone, which no
#: cleaned text holds (normalization turns control characters into spaces).
RECORD_SEPARATOR = "\f\n"


class RecordWriter(Protocol):
    def write(self, record: dict[str, Any], rendered: str | None) -> None: ...
    def close(self) -> None: ...


def render(fmt: str, record: dict[str, Any], rendered: str | None) -> str:
    """One record in an output format; `rendered` is its Markdown or HTML (for those formats)."""
    if fmt == "jsonl":
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    if fmt == "text":
        title = record.get("title")
        return (f"{title}\n\n" if title else "") + record["text"] + "\n"
    if rendered is None:
        raise ValueError(f"the {fmt} format needs the record rendered")
    return rendered.rstrip("\n") + "\n"


class _JsonlFile:
    def __init__(self, path: str, overwrite: bool) -> None:
        self._writer = JsonlWriter(path, overwrite=overwrite)

    def write(self, record: dict[str, Any], rendered: str | None) -> None:
        self._writer.write(record)

    def close(self) -> None:
        self._writer.close()


class _Stream:
    """Records in a format, one after another, to a text stream (flushed after each, so a
    pipe reader sees every record as soon as it is cleaned)."""

    def __init__(self, fmt: str, stream: IO[str], owned: bool) -> None:
        self.fmt = fmt
        self.stream = stream
        self.owned = owned
        self.count = 0

    def write(self, record: dict[str, Any], rendered: str | None) -> None:
        text = render(self.fmt, record, rendered)
        if self.count and self.fmt in ("text", "markdown"):
            text = RECORD_SEPARATOR + text
        self.stream.write(text)
        self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


def open_records(path: str | None, fmt: str, overwrite: bool = True) -> RecordWriter:
    """A writer of cleaned records: to `path` (None or "-": standard output) in `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if path in (None, "-"):
        return _Stream(fmt, _stdout(), owned=False)
    if fmt == "jsonl":
        return _JsonlFile(path, overwrite)
    return _Stream(fmt, open(path, "w" if overwrite else "a", encoding="utf-8", newline="\n"), owned=True)


def _stdout() -> IO[str]:
    # UTF-8 whatever the locale says: a cleaned record is UTF-8 text
    if hasattr(sys.stdout, "reconfigure") and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(encoding="utf-8")
    return sys.stdout


class RejectWriter(Protocol):
    def write(self, reject: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


class _RejectLines:
    """Rejects as one line each on standard error: position, reason."""

    def write(self, reject: dict[str, Any]) -> None:
        sys.stderr.write(f"rejected {reject['position']}: {reject['reason']}\n")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.flush()


def open_rejects(path: str | None, overwrite: bool = True) -> RejectWriter:
    """A writer of rejects: JSONL lines to `path`, or (None) readable lines to standard error."""
    if path is None:
        return _RejectLines()
    return JsonlWriter(path, overwrite=overwrite)
