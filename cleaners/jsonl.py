"""Append-only JSONL files whose lines are always whole, even after a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from ._decode import load_json

__all__ = ["JsonlWriter", "count_lines", "read_records"]


def count_lines(path: str | os.PathLike) -> int:
    """Whole lines (ending in a newline) in a file, read in chunks; 0 if it does not exist."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return 0
    with f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def read_records(path: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, line by line; nothing if it does not exist. A line
    that does not parse (one a crash cut short) is skipped: the writer removes it on open."""
    try:
        f = open(path, encoding="utf-8")
    except FileNotFoundError:
        return
    with f:
        for line in f:
            try:
                record = load_json(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


class JsonlWriter:
    """Appends one JSON object per line with a single write() each (O_APPEND, unbuffered).

    A process killed mid-write can leave a last line without its newline; opening the file
    again cuts that partial line off (`partial_bytes_cut` says how much), so the file only ever
    holds whole records.
    """

    def __init__(self, path: str | os.PathLike, overwrite: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if overwrite else 0)
        self._fd: int | None = os.open(self.path, flags, 0o644)
        self.partial_bytes_cut = self._cut_partial_line()
        self.written = 0

    def _cut_partial_line(self) -> int:
        assert self._fd is not None
        size = os.fstat(self._fd).st_size
        if not size:
            return 0
        with open(self.path, "rb") as f:
            pos = size
            while pos > 0:
                step = min(1 << 16, pos)
                f.seek(pos - step)
                chunk = f.read(step)
                if pos == size and chunk.endswith(b"\n"):
                    return 0
                nl = chunk.rfind(b"\n")
                if nl >= 0:
                    pos = pos - step + nl + 1
                    break
                pos -= step
        os.ftruncate(self._fd, pos)
        return size - pos

    def write(self, obj: Any) -> None:
        """Write one object as one whole line."""
        assert self._fd is not None, "writer is closed"
        data = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        written = os.write(self._fd, data)
        while written < len(data):  # only on a full disk or a signal: finish the line
            written += os.write(self._fd, data[written:])
        self.written += 1

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
