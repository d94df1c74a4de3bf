"""cleaners.jsonl: whole lines only, even after a crash."""

from __future__ import annotations

import json

from cleaners.jsonl import JsonlWriter, count_lines, read_records


def test_writes_one_line_per_object(tmp_path):
    with JsonlWriter(tmp_path / "a.jsonl") as w:
        w.write({"a": "ż"})
        w.write({"b": 2})
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [{"a": "ż"}, {"b": 2}]
    assert count_lines(tmp_path / "a.jsonl") == 2


def test_reopening_cuts_a_partial_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a":1}\n{"b":')
    w = JsonlWriter(path)
    assert w.partial_bytes_cut == 5
    w.write({"c": 3})
    w.close()
    assert path.read_bytes() == b'{"a":1}\n{"c":3}\n'


def test_overwrite_starts_afresh(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a":1}\n')
    JsonlWriter(path, overwrite=True).close()
    assert path.read_bytes() == b""


def test_count_lines_of_missing_file(tmp_path):
    assert count_lines(tmp_path / "none.jsonl") == 0


def test_read_records_skips_a_line_it_cannot_read_and_gives_strings_utf8_can_carry(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"a": 1}\n' + "[" * 100_000 + "]" * 100_000 + '\n{"b": "x\\ud800"}\n{cut', encoding="utf-8")
    assert list(read_records(path)) == [{"a": 1}, {"b": "x\ufffd"}]
