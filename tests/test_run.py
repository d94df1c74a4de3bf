"""cleaners._run and the newsbot-clean command: order, accounting, jobs, resume."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from cleaners import _run
from cleaners._run import RunOptions, run

from .conftest import FIXTURES, page_case

ROOT = Path(__file__).resolve().parent.parent
SEED_LIKE = (FIXTURES / "texts" / "summary-widget-dump.txt").read_text(encoding="utf-8")


def mixed_dump(path: Path, n: int) -> tuple[int, int]:
    """n records: HTML pages, text dumps and a bad line every 10th record; returns (good, bad)."""
    cases = [page_case(name) for name in ("en-news-semantic", "pl-news", "de-windows1252", "fr-teaser-rail")]
    bad = 0
    with open(path, "wb") as f:
        for i in range(n):
            if i % 10 == 9:
                f.write(b"{broken json\n")
                bad += 1
            elif i % 3 == 0:
                f.write(json.dumps({"id": i, "text": SEED_LIKE.replace("Mooring Fees", f"Mooring Fees {i}")}).encode() + b"\n")
            else:
                case = cases[i % len(cases)]
                f.write(json.dumps({"id": i, "url": case.url + f"?n={i}", "html": case.body.decode("cp1252" if "windows" in case.name else "utf-8")}).encode() + b"\n")
    return n - bad, bad


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_record_is_accounted_for(tmp_path, record_validator):
    dump = tmp_path / "d.jsonl"
    good, bad = mixed_dump(dump, 40)
    summary = run(RunOptions([str(dump)], str(tmp_path / "o.jsonl"), str(tmp_path / "r.jsonl")))
    assert summary.read == 40 == summary.cleaned + summary.rejected
    assert (summary.cleaned, summary.rejected) == (good, bad)
    rejects = read_lines(tmp_path / "r.jsonl")
    assert {r["reason"].split(":")[0] for r in rejects} == {"invalid JSON"}
    assert [r["position"] for r in rejects] == [f"{dump}:{i + 1}" for i in range(9, 40, 10)]
    for record in read_lines(tmp_path / "o.jsonl"):
        assert not list(record_validator.iter_errors(record))


def test_two_jobs_give_the_same_output_in_the_same_order(tmp_path):
    dump = tmp_path / "d.jsonl"
    mixed_dump(dump, 120)
    run(RunOptions([str(dump)], str(tmp_path / "one.jsonl"), str(tmp_path / "one.rej.jsonl"), jobs=1))
    run(RunOptions([str(dump)], str(tmp_path / "two.jsonl"), str(tmp_path / "two.rej.jsonl"), jobs=2))
    strip = lambda rows: [{k: v for k, v in r.items() if k != "fetched_at"} for r in rows]  # noqa: E731
    assert strip(read_lines(tmp_path / "one.jsonl")) == strip(read_lines(tmp_path / "two.jsonl"))
    assert read_lines(tmp_path / "one.rej.jsonl") == read_lines(tmp_path / "two.rej.jsonl")


# A stand-in for the workers' batch cleaner that kills its own process (SIGKILL, as the system's
# out-of-memory killer does) on a batch holding _KILL[0]: every time, or, when _KILL[1] names a
# file, only the first time (the file marks it done). The workers are forked from the test, so
# they see what the test set; the function is module-level, so the pool can send it.
_KILL: list = [None, None]
_REAL_CLEAN_BATCH = _run._clean_batch


def _killing_clean_batch(batch):
    marker, once = _KILL
    if any(item.raw is not None and marker.encode() in item.raw for item in batch):
        if once is None or not once.exists():
            if once is not None:
                once.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_CLEAN_BATCH(batch)


def _dies_on(monkeypatch, marker: str, once: Path | None) -> None:
    monkeypatch.setattr(_run, "_clean_batch", _killing_clean_batch)
    monkeypatch.setattr(sys.modules[__name__], "_KILL", [marker, once])


def test_a_worker_killed_mid_run_loses_nothing_and_changes_nothing(tmp_path, monkeypatch, capfd):
    dump = tmp_path / "d.jsonl"
    mixed_dump(dump, 200)
    run(RunOptions([str(dump)], str(tmp_path / "one.jsonl"), str(tmp_path / "one.rej.jsonl"), jobs=1))
    _dies_on(monkeypatch, "Mooring Fees 150", tmp_path / "killed")
    summary = run(RunOptions([str(dump)], str(tmp_path / "two.jsonl"), str(tmp_path / "two.rej.jsonl"), jobs=2))
    assert (tmp_path / "killed").exists()  # a worker did die
    assert "a worker process died" in capfd.readouterr().err
    strip = lambda rows: [{k: v for k, v in r.items() if k != "fetched_at"} for r in rows]  # noqa: E731
    assert strip(read_lines(tmp_path / "two.jsonl")) == strip(read_lines(tmp_path / "one.jsonl"))
    assert read_lines(tmp_path / "two.rej.jsonl") == read_lines(tmp_path / "one.rej.jsonl")
    assert summary.read == 200


def test_a_record_that_kills_its_worker_every_time_is_rejected_and_the_rest_cleaned(tmp_path, monkeypatch, capfd):
    dump = tmp_path / "d.jsonl"
    mixed_dump(dump, 100)
    run(RunOptions([str(dump)], str(tmp_path / "one.jsonl"), str(tmp_path / "one.rej.jsonl"), jobs=1))
    _dies_on(monkeypatch, "Mooring Fees 42", None)
    summary = run(RunOptions([str(dump)], str(tmp_path / "two.jsonl"), str(tmp_path / "two.rej.jsonl"), jobs=2))
    assert summary.read == 100 == summary.cleaned + summary.rejected
    rejects = read_lines(tmp_path / "two.rej.jsonl")
    killer = [r for r in rejects if r["reason"].startswith("its worker process died cleaning it")]
    assert [r["position"] for r in killer] == [f"{dump}:43"] and "Mooring Fees 42" in killer[0]["snippet"]
    assert [r for r in rejects if r not in killer] == read_lines(tmp_path / "one.rej.jsonl")
    strip = lambda rows: [{k: v for k, v in r.items() if k != "fetched_at"} for r in rows]  # noqa: E731
    expected = [r for r in strip(read_lines(tmp_path / "one.jsonl")) if not re.search(r"Mooring Fees 42(?!\d)", (r.get("title") or "") + "\n" + r["text"])]
    assert len(expected) == summary.cleaned
    assert strip(read_lines(tmp_path / "two.jsonl")) == expected
    assert "died cleaning record" in capfd.readouterr().err


def test_resume_skips_what_is_done(tmp_path):
    dump = tmp_path / "d.jsonl"
    mixed_dump(dump, 30)
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    run(RunOptions([str(dump)], str(out), str(rej)))
    full = out.read_bytes(), rej.read_bytes()
    # as if killed after 12 records, in the middle of writing the 13th
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:11]) + lines[11][:25])
    rej.write_bytes(rej.read_bytes().splitlines(keepends=True)[0])
    summary = run(RunOptions([str(dump)], str(out), str(rej), resume=True))
    assert summary.skipped_done == 12 and summary.read == 18
    strip = lambda b: [{k: v for k, v in json.loads(x).items() if k != "fetched_at"} for x in b.splitlines()]  # noqa: E731
    assert strip(out.read_bytes()) == strip(full[0]) and rej.read_bytes() == full[1]


def test_dedup_merges_outputs_and_rejects_each_duplicate_with_its_first(tmp_path):
    case = page_case("en-news-semantic")
    html = case.body.decode("utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps({"url": case.url, "html": html}) + "\n" + json.dumps({"text": SEED_LIKE}) + "\n", encoding="utf-8")
    # the same page under a tracking-parameter URL, and the same text dump again
    two.write_text(json.dumps({"url": case.url + "?utm_source=x", "html": html}) + "\n" + json.dumps({"text": SEED_LIKE}) + "\n", encoding="utf-8")
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    summary = run(RunOptions([str(one), str(two)], str(out), str(rej), dedup=True))
    assert (summary.read, summary.cleaned, summary.rejected) == (4, 2, 2)
    assert [r["reason"] for r in read_lines(rej)] == [f"duplicate: same URL as {one}:1", f"duplicate: same text as {one}:2"]
    # interrupted after three records: a resumed run still knows what the output holds
    rej.write_bytes(rej.read_bytes().splitlines(keepends=True)[0])
    resumed = run(RunOptions([str(one), str(two)], str(out), str(rej), dedup=True, resume=True))
    assert (resumed.skipped_done, resumed.read, resumed.rejected) == (3, 1, 1)
    assert read_lines(rej)[-1]["reason"] == f"duplicate: same text as {out}:2"


def command(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cleaners", *args], capture_output=True, text=True, env=env, timeout=300, **kwargs)


def test_command_summary_and_default_rejects_path(tmp_path):
    dump = tmp_path / "d.jsonl"
    mixed_dump(dump, 20)
    proc = command(str(dump), "-o", str(tmp_path / "clean.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert "read 20 records = cleaned 18 + rejected 2" in proc.stderr
    assert (tmp_path / "clean.rejects.jsonl").exists()


def test_command_reads_stdin(tmp_path):
    proc = command("-", "-o", str(tmp_path / "o.jsonl"), input=json.dumps({"text": SEED_LIKE}) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert read_lines(tmp_path / "o.jsonl")[0]["title"].startswith("Harbour Board")


def test_command_refuses_to_overwrite_its_input(tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_text("{}\n")
    proc = command(str(dump), "-o", str(dump))
    assert proc.returncode == 2 and "must not be inputs" in proc.stderr


def test_kill_9_then_resume_loses_and_repeats_nothing(tmp_path):
    dump = tmp_path / "d.jsonl"
    mixed_dump(dump, 3000)
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", str(dump), "-o", str(out), "--rejects", str(rej), "--no-learn"],
                            env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 200_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc_done = sum(1 for _ in open(out, "rb")) + sum(1 for _ in open(rej, "rb"))
    assert 0 < proc_done < 3000
    resumed = command(str(dump), "-o", str(out), "--rejects", str(rej), "--no-learn", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"already account for {proc_done} records" in resumed.stderr
    records, rejects = read_lines(out), read_lines(rej)
    assert len(records) + len(rejects) == 3000
    assert len(rejects) == 300
    numbers = [int(r["title"].split("Mooring Fees ")[1].split()[0]) for r in records if r["title"].startswith("Harbour Board")]
    assert sorted(numbers) == [i for i in range(3000) if i % 3 == 0 and i % 10 != 9]  # each once, none lost


def test_a_100_mb_record_is_rejected_and_the_run_goes_on_in_bounded_memory(tmp_path):
    dump = tmp_path / "d.jsonl"
    with open(dump, "w", encoding="utf-8") as f:
        f.write(json.dumps({"text": SEED_LIKE}) + "\n")
        f.write('{"url": "https://x.example/huge", "html": "<html><body><p>' + "word " * (100 * 2**20 // 5) + '</p></body></html>"}\n')
        f.write(json.dumps({"text": SEED_LIKE.replace("Mooring", "Berth")}) + "\n")
    # the command's own peak memory (VmHWM, which, unlike ru_maxrss, starts afresh at exec)
    peak = tmp_path / "peak.txt"
    run_and_report = ("import atexit, os, runpy\n"
                      "atexit.register(lambda: open(os.environ['PEAK_FILE'], 'w').write(next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))))\n"
                      "runpy.run_module('cleaners', run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", run_and_report, str(dump), "-o", str(tmp_path / "o.jsonl")], capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(ROOT), PEAK_FILE=str(peak)), timeout=300)
    stderr = proc.stderr
    assert proc.returncode == 0, stderr
    assert "read 3 records = cleaned 2 + rejected 1" in stderr
    reject = read_lines(tmp_path / "o.rejects.jsonl")[0]
    assert reject["position"] == f"{dump}:2" and reject["reason"].startswith("record too large: 100.0 MB")
    assert int(peak.read_text().split()[1]) < 300 * 1024  # KiB: the 100 MB line was never held


def test_a_run_never_computes_a_listing_pages_text():
    # a listing is rejected, its text never read: the run's cleaner has no listing model, and the
    # page type still decides (the listing model only redecides the text of a page called one)
    options = _run._options(empty_records=True, render="markdown", all_articles=False)
    assert options.listing_model is None and options.page_model is not None
    assert options.outputs == frozenset({"markdown"})
