"""Kill it anywhere: SIGKILL runs at random moments, resume them, check nothing is lost.

    python benchmarks/chaos.py [--trials 20] [--seed 1] [--scenario crawl crawl-jobdir clean-jobs redis]
                               [--delay 0.05]

Each scenario first runs once uninterrupted against the demo site (served on 127.0.0.1, each
answer `--delay` seconds late so that a crawl lasts long enough to interrupt): that run's
duration and records are the reference. Each trial then starts the same run, kills it with
SIGKILL at a moment drawn uniformly over that duration (the first second and the last
included), checks that no process of its tree is left 5 s later, runs it again to the end
(`--resume` for newsbot-clean) and compares the output with the reference: every record as often
as the reference holds it (by canonical URL and content hash), no cut line, the same records (in the same order where
the command promises order). Scenarios:

- crawl:        `scrapy crawl articles` with a cleaning pool of 2 workers
- crawl-jobdir: the same with JOBDIR
- clean-jobs:   `newsbot-clean --jobs 2` over a dump of the site's pages, resumed with --resume
- redis:        two workers on one Redis queue, one of them killed (needs redis-server)

It prints a table per scenario: trials, lost, duplicated, corrupt, orphans, resume failures, and
for each failing trial the seed and moment that reproduce it (`--seed S --trials 1` replays
trial S's draw).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbot.demo.server import DemoServer  # noqa: E402

SCENARIOS = ("crawl", "crawl-jobdir", "clean-jobs", "redis")
#: Copies of each article page in the dump newsbot-clean cleans: enough that it takes seconds.
DUMP_COPIES = 16
#: Seconds a killed run's processes get to end before they count as orphans.
ORPHAN_GRACE = 5.0


def _env() -> dict[str, str]:
    return dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))


def descendants(pid: int) -> set[int]:
    """Every process `pid` started, and theirs (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of the processes still running (a zombie has ended; only its reaping is left)."""
    left = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                left.add(pid)
        except OSError:
            pass
    return left


def read_output(paths: list[Path]) -> tuple[list[tuple[str, str]], int]:
    """The records' keys (canonical URL, content hash) in file order, and how many lines are
    cut or not JSON."""
    keys, corrupt = [], 0
    for path in paths:
        if not path.exists():
            continue
        raw = path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            corrupt += 1
        for line in raw.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                corrupt += 1
                continue
            keys.append((record.get("canonical_url") or record.get("url"), record.get("content_hash")))
    return keys, corrupt


@dataclass
class Run:
    """How to start one scenario's run in a folder, and where its output lands."""

    commands: list[list[str]]  # started together; the first is the one killed
    outputs: list[Path]
    resume: list[str] = field(default_factory=list)  # extra arguments of the run after the kill
    ordered: bool = False


def make_run(scenario: str, work: Path, site_url: str, redis_url: str | None, dump: Path) -> Run:
    crawl = [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"url={site_url}", "-s", "AUTOTHROTTLE_ENABLED=0",
             "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSBOT_CLEANER_WORKERS=2", "-s", "LOG_LEVEL=WARNING"]
    if scenario == "crawl":
        out = work / "articles.jsonl"
        return Run([crawl + ["-s", f"NEWSBOT_OUTPUT={out}"]], [out])
    if scenario == "crawl-jobdir":
        out = work / "articles.jsonl"
        return Run([crawl + ["-s", f"NEWSBOT_OUTPUT={out}", "-s", f"JOBDIR={work / 'job'}"]], [out])
    if scenario == "clean-jobs":
        out = work / "clean.jsonl"
        command = [sys.executable, "-m", "cleaners", str(dump), "-o", str(out), "--rejects", str(work / "rejects.jsonl"),
                   "--jobs", "2", "--no-learn", "--no-progress"]
        return Run([command], [out], resume=["--resume"], ordered=True)
    if scenario == "redis":
        worker = crawl + ["-s", f"NEWSBOT_REDIS_URL={redis_url}", "-s", f"NEWSBOT_OUTPUT_DIR={work / 'out'}",
                          "-s", "NEWSBOT_IDLE_CLOSE=3", "-s", "NEWSBOT_REDIS_HEARTBEAT=1"]
        return Run([worker, worker], [])  # outputs: every file in work/out
    raise ValueError(scenario)


def outputs_of(run: Run, work: Path) -> list[Path]:
    return run.outputs or sorted((work / "out").glob("*.jsonl"))


def start(run: Run, work: Path, extra: list[str] | None = None) -> list[subprocess.Popen]:
    return [subprocess.Popen(command + (extra or []), cwd=work, env=_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for command in run.commands]


@dataclass
class Tally:
    trials: int = 0
    lost: int = 0
    duplicated: int = 0
    corrupt: int = 0
    orphans: int = 0
    resume_failures: int = 0
    failures: list[str] = field(default_factory=list)


def reference(scenario: str, site_url: str, redis_url: str | None, dump: Path, flush) -> tuple[float, list[tuple[str, str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if redis_url:
            flush()
        run = make_run(scenario, work, site_url, redis_url, dump)
        started = time.monotonic()
        for proc in start(run, work):
            proc.wait()
        keys, _ = read_output(outputs_of(run, work))
        return time.monotonic() - started, keys


def trial(scenario: str, seed: int, duration: float, expected: list[tuple[str, str]], site_url: str,
          redis_url: str | None, dump: Path, flush, tally: Tally) -> None:
    moment = random.Random(seed).uniform(0.0, duration)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if redis_url:
            flush()
        run = make_run(scenario, work, site_url, redis_url, dump)
        procs = start(run, work)
        time.sleep(moment)
        victim = procs[0]
        tree = descendants(victim.pid)
        if victim.poll() is None:
            victim.send_signal(signal.SIGKILL)
        victim.wait()
        deadline = time.monotonic() + ORPHAN_GRACE
        while alive(tree) and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = alive(tree)
        for pid in orphans:
            os.kill(pid, signal.SIGKILL)
        for proc in procs[1:]:  # the other Redis worker finishes the crawl
            proc.wait()
        resumed_ok = True
        if scenario != "redis":  # a Redis crawl is finished by the workers still running
            again = start(Run(run.commands[:1], run.outputs), work, run.resume)[0]
            resumed_ok = again.wait() == 0
        keys, corrupt = read_output(outputs_of(run, work))
    # against the reference's own counts: a dump may hold the same story twice on purpose
    counts, wanted = Counter(keys), Counter(expected)
    lost = sum((wanted - counts).values())
    duplicated = sum((counts - wanted).values())
    allowed = 1 if scenario == "redis" else 0  # a killed Redis worker may repeat the page it held
    wrong_order = run.ordered and keys != expected
    tally.trials += 1
    tally.lost += lost
    tally.duplicated += duplicated
    tally.corrupt += corrupt
    tally.orphans += len(orphans)
    tally.resume_failures += not resumed_ok
    if lost or duplicated > allowed or corrupt or orphans or not resumed_ok or wrong_order:
        tally.failures.append(f"{scenario}: seed {seed}, killed at {moment:.2f}s of {duration:.2f}s: lost {lost}, "
                              f"duplicated {duplicated}, corrupt {corrupt}, orphans {len(orphans)}, "
                              f"resume {'ok' if resumed_ok else 'FAILED'}{', order differs' if wrong_order else ''}")


def site_dump(site_url: str, path: Path) -> None:
    """The demo site's article pages as a dump of HTML records, for newsbot-clean."""
    from urllib.request import urlopen

    from newsbot.demo.site import load_site

    with open(path, "w", encoding="utf-8") as f:
        for copy in range(DUMP_COPIES):
            for article in load_site().articles:
                url = site_url.rstrip("/") + article.path
                with urlopen(url, timeout=10) as response:
                    html = response.read().decode("utf-8")
                f.write(json.dumps({"url": f"{url}?copy={copy}", "html": html}) + "\n")


def start_redis() -> tuple[subprocess.Popen | None, str | None]:
    binary = shutil.which("redis-server") or next((p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.path.exists(p)), None)
    if binary is None:
        return None, None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}/0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1, help="the first trial's seed; trial k uses seed + k")
    ap.add_argument("--scenario", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    ap.add_argument("--delay", type=float, default=0.05, help="seconds the demo site waits before each answer")
    args = ap.parse_args(argv)
    if not Path("/proc/self/stat").exists():
        print("skipped: the orphan check reads the process tree from /proc (Linux)")
        return 0
    redis_server, redis_url = start_redis() if "redis" in args.scenario else (None, None)
    tallies: dict[str, Tally] = {}
    try:
        with DemoServer(delay=args.delay) as server, tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "site.jsonl"
            site_dump(server.url, dump)

            def flush() -> None:
                import redis

                redis.Redis.from_url(redis_url).flushdb()

            for scenario in args.scenario:
                if scenario == "redis" and redis_url is None:
                    print("note: redis-server is not installed, the redis scenario is left out")
                    continue
                duration, expected = reference(scenario, server.url, redis_url if scenario == "redis" else None, dump, flush)
                tally = tallies[scenario] = Tally()
                for k in range(args.trials):
                    trial(scenario, args.seed + k, duration, expected, server.url,
                          redis_url if scenario == "redis" else None, dump, flush, tally)
                print(f"  {scenario}: {tally.trials} trials, reference run {duration:.1f}s, {len(expected)} records", file=sys.stderr)
    finally:
        if redis_server is not None:
            redis_server.terminate()
    print("| scenario | trials | lost | duplicated | corrupt | orphans | resume failures |")
    print("|---|---|---|---|---|---|---|")
    for scenario, t in tallies.items():
        print(f"| {scenario} | {t.trials} | {t.lost} | {t.duplicated} | {t.corrupt} | {t.orphans} | {t.resume_failures} |")
    failures = [f for t in tallies.values() for f in t.failures]
    for failure in failures:
        print("FAILED " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
