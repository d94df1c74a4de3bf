"""Streaming a JSON array of records: the hand-written scanner in cleaners.dumps against ijson.

    pip install ijson
    python benchmarks/json_arrays.py

For every file of the fuzz corpus (fuzz/corpus/dumps, tests/fixtures/fuzz/dumps) and a set of
hard cases, both readers stream the array; the table shows what each gives (records read, the
first error) and, for a 100 MB record and a 50 MB array, the peak memory and the time. The
reader must never crash and never hold a record over the cap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CAP = 32 * 2**20


def ijson_reader(path: str) -> list[str]:
    """What an ijson reader yields: "record" per object, "error: ..." where it stops."""
    import ijson

    out: list[str] = []
    try:
        with open(path, "rb") as f:
            for obj in ijson.items(f, "item", use_float=True):
                out.append("record" if isinstance(obj, dict) else f"not an object: {type(obj).__name__}")
    except Exception as exc:  # noqa: BLE001 - what it raises is what is measured
        out.append(f"error: {type(exc).__name__}: {str(exc)[:60]}")
    return out


def scanner_reader(path: str) -> list[str]:
    from cleaners.dumps import _read_json_array

    with open(path, "rb") as f:
        return ["record" if r.fields is not None else f"error: {r.error[:70]}" for r in _read_json_array(f, path, 0, CAP)]


HARD_CASES = {
    "brackets-in-strings": json.dumps([{"text": 'quotes " and ] } [ { inside', "n": [1, {"a": "]"}]}, {"text": "two"}]).encode(),
    "cut-inside-a-record": b'[{"text": "one"}, {"text": "tw',
    "not-closed": b'[{"text": "one"}, ',
    "garbage-after-a-record": b'[{"text": "one"} xx {"text": "two"}]',
    "invalid-utf8": b'[{"text": "one"}, {"text": "caf\xe9"}]',
    "one-object": b'{"text": "alone"}',
    "numbers-and-strings": b'[1, "two", {"text": "three"}]',
    "bom": b'\xef\xbb\xbf[{"text": "one"}]',
}


def peak_of(reader: str, path: Path) -> tuple[float, int]:
    """Seconds and peak memory (MB) of one reader over one file, in a fresh process."""
    code = ("import sys, time; sys.path.insert(0, %r); sys.path.insert(0, %r); from json_arrays import *; t = time.perf_counter(); "
            "out = %s(%r); print(time.perf_counter() - t, len(out), next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
            % (str(ROOT), str(ROOT / "benchmarks"), reader, str(path)))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, _, kb = proc.stdout.split()
    return float(seconds), int(kb) // 1024


def main() -> int:
    files = sorted((ROOT / "fuzz" / "corpus" / "dumps").glob("*")) + sorted((ROOT / "tests" / "fixtures" / "fuzz" / "dumps").glob("*"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in HARD_CASES.items():
            path = Path(tmp) / f"{name}.json"
            path.write_bytes(data)
            files.append(path)
        print("| input | scanner (cleaners.dumps) | ijson |")
        print("|---|---|---|")
        for path in files:
            a, b = scanner_reader(str(path)), ijson_reader(str(path))
            show = lambda out: f"{out.count('record')} records" + (f"; {next(x for x in out if x != 'record')}" if any(x != 'record' for x in out) else "")  # noqa: E731
            print(f"| {path.name} | {show(a)} | {show(b)} |")
        big = Path(tmp) / "big-record.json"
        with open(big, "w") as f:
            f.write('[{"text": "small"}, {"html": "<p>' + "word " * (100 * 2**20 // 5) + '</p>"}, {"text": "after"}]')
        many = Path(tmp) / "many.json"
        with open(many, "w") as f:
            f.write("[" + ",".join(json.dumps({"url": f"https://x.example/{i}", "text": "word " * 1000}) for i in range(10_000)) + "]")
        print("\n| file | reader | seconds | peak memory (MB) |")
        print("|---|---|---|---|")
        for path, label in ((big, "a 100 MB record between two small"), (many, f"{os.path.getsize(many) // 2**20} MB, 10,000 records")):
            for reader in ("scanner_reader", "ijson_reader"):
                seconds, mb = min(peak_of(reader, path) for _ in range(3))
                print(f"| {label} | {reader.split('_')[0]} | {seconds:.2f} | {mb} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
