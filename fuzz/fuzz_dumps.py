"""Coverage-guided fuzzing of the dump readers and `clean_record` with atheris.

    pip install atheris
    python fuzz/fuzz_dumps.py fuzz/corpus/dumps -max_total_time=1800 -rss_limit_mb=2048

The input is written to a file and read as JSONL, JSON array, WARC or gzip (the first byte picks
which). Every record must come out as an outcome, cleaned or rejected with a reason, that can be
written as a UTF-8 JSON line; an exception escaping the reader is a finding.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["cleaners"]):
    from cleaners import Cleaner
    from cleaners.dumps import clean_record, read_dump

KINDS = (".jsonl", ".json", ".warc", ".jsonl.gz")
TMP = tempfile.mkdtemp(prefix="newsbot-fuzz-")
CLEANER = Cleaner()


def test_one_input(data: bytes) -> None:
    if not data:
        return
    suffix = KINDS[data[0] % len(KINDS)]
    body = data[1:]
    path = os.path.join(TMP, "dump" + suffix)
    if suffix.endswith(".gz") and data[0] & 4:
        body = gzip.compress(body)[: max(1, len(body))]  # sometimes whole, sometimes cut
    with open(path, "wb") as f:
        f.write(body)
    for item in read_dump(path):
        outcome = clean_record(CLEANER, item)
        assert (outcome.record is None) != (outcome.reason is None), outcome
        line = outcome.record if outcome.record is not None else outcome.reject_line()
        json.dumps(line, ensure_ascii=False).encode("utf-8")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
