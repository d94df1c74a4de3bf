"""cleaners.dask and `newsbot-clean --dask`: a real `dask scheduler` and `dask worker` processes
on loopback clean 8 shards into exactly what one process makes of them, through a worker killed
with SIGKILL, a client killed and resumed, a scheduler killed (a clear error, then --resume on a
new cluster), --dedup across partitions and a failing input.

Needs the dask extra (in the test extra). Without it the tests are skipped, unless
NEWSBOT_REQUIRE_DASK=1 (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cleaners._run import MAX_WORKERS, RunOptions, run

from .conftest import FIXTURES, alive, descendants, end_all, page_case, wait_until

try:
    import distributed
except ImportError:  # pragma: no cover - the test extra has it
    if os.environ.get("NEWSBOT_REQUIRE_DASK") == "1":
        raise
    pytest.skip("the dask extra is not installed (pip install -e '.[test]')", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
SEED_LIKE = (FIXTURES / "texts" / "summary-widget-dump.txt").read_text(encoding="utf-8")
SHARDS = 8
PER_SHARD = 24


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A `dask scheduler` and its `dask worker` processes (no nanny: a killed worker stays dead)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.procs: dict[str, subprocess.Popen] = {}
        self._start("scheduler", [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                  self.address.rsplit(":", 1)[1], "--dashboard-address", "127.0.0.1:0"])

    def _start(self, name: str, cmd: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "wb")
        self.procs[name] = subprocess.Popen(cmd, env=_env(), stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir)

    def add_worker(self, name: str) -> None:
        self._start(name, [sys.executable, "-m", "dask", "worker", self.address, "--name", name, "--nthreads", "1",
                           "--no-nanny", "--no-dashboard", "--local-directory", str(self.workdir / name)])

    def workers(self) -> dict[str, str]:
        """name -> address of the workers the scheduler knows."""
        with distributed.Client(self.address, timeout="20s") as client:
            return {info["name"]: address for address, info in client.scheduler_info()["workers"].items()}

    def wait_for(self, names: set[str]) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if set(self.workers()) == names:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"the workers {names} did not join: " + (self.workdir / "scheduler.log").read_text()[-2000:])

    def stop(self) -> None:
        pids = set()
        for proc in self.procs.values():
            pids |= {proc.pid} | descendants(proc.pid)
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        assert not alive(pids), "processes left running"


@contextlib.contextmanager
def running_cluster(workdir: Path, *workers: str):
    """A cluster in `workdir` with these workers joined, stopped on the way out."""
    c = Cluster(workdir)
    try:
        for name in workers:
            c.add_worker(name)
        c.wait_for(set(workers))
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def shared_cluster(tmp_path_factory):
    with running_cluster(tmp_path_factory.mktemp("dask"), "w1", "w2") as c:
        yield c


@pytest.fixture
def cluster(shared_cluster):
    """The module's cluster, checked alive before each test: a scheduler that died fails the test
    at once with its log, instead of each command waiting out its timeout."""
    if shared_cluster.procs["scheduler"].poll() is not None:
        log = (shared_cluster.workdir / "scheduler.log").read_text(errors="replace")[-3000:]
        pytest.fail(f"the test cluster's scheduler has exited ({shared_cluster.procs['scheduler'].returncode}): {log}")
    return shared_cluster


def make_shards(folder: Path, n: int = SHARDS, per: int = PER_SHARD) -> list[str]:
    """n gzipped JSONL shards: HTML pages, text records of sites with template lines, a bad line
    now and then, and records repeated in later shards (for --dedup)."""
    cases = [page_case(name) for name in ("en-news-semantic", "pl-news", "de-windows1252", "fr-teaser-rail")]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    k = 0
    for s in range(n):
        path = folder / f"shard-{s:02d}.jsonl.gz"
        with gzip.open(path, "wb") as f:
            for i in range(per):
                k += 1
                if i % 11 == 10:
                    f.write(b"{broken json\n")
                elif i % 3 == 0:
                    site = ("a.example", "b.example")[k % 2]
                    text = f"Subscribe to {site} now\n" + SEED_LIKE.replace("Mooring Fees", f"Mooring Fees {k}") + "\nFollow us on the app"
                    f.write(json.dumps({"url": f"https://{site}/n/{k}", "text": text}).encode() + b"\n")
                else:
                    case = cases[k % len(cases)]
                    n_url = k if not (s >= 4 and i == 1) else 2  # a repeat of an earlier shard's page, for --dedup
                    html = case.body.decode("cp1252" if "windows" in case.name else "utf-8")
                    f.write(json.dumps({"url": case.url + f"?n={n_url}", "html": html}).encode() + b"\n")
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return make_shards(tmp_path_factory.mktemp("shards"))


def _strip(record: dict) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "fetched_at"}, sort_keys=True)


def single_process(inputs: list[str], folder: Path, dedup: bool = False,
                   near_threshold: float | None = None) -> tuple[list[str], list[dict]]:
    """What newsbot-clean in one process makes of the inputs: sorted records, rejects by index."""
    folder.mkdir(parents=True, exist_ok=True)
    out, rej = folder / "o.jsonl", folder / "r.jsonl"
    run(RunOptions(list(inputs), str(out), str(rej), dedup=dedup, near_threshold=near_threshold))
    records = sorted(_strip(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines())
    rejects = sorted((json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()), key=lambda r: r["index"])
    return records, rejects


@pytest.fixture(scope="module")
def expected(shards, tmp_path_factory):
    return single_process(shards, tmp_path_factory.mktemp("single"))


def read_outdir(outdir: Path) -> tuple[list[str], list[dict]]:
    records = [_strip(json.loads(line)) for path in sorted(glob.glob(str(outdir / "part-*.jsonl.gz"))) for line in gzip.open(path)]
    rejects = [json.loads(line) for path in sorted(glob.glob(str(outdir / "rejects-*.jsonl.gz"))) for line in gzip.open(path)]
    return sorted(records), sorted(rejects, key=lambda r: r["index"])


def clean_command(inputs: list[str], address: str, outdir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "cleaners", *inputs, "--dask", address, "-o", str(outdir), "--progress", *args]


def check_complete(outdir: Path, expected: tuple[list[str], list[dict]], n_parts: int = SHARDS) -> dict:
    """The outdir holds every record once, exactly as one process made them, and _SUCCESS says so."""
    records, rejects = read_outdir(outdir)
    assert records == expected[0]  # sorted lists: every record, each as often as one process writes it
    assert rejects == expected[1]
    success = json.loads((outdir / "_SUCCESS").read_text())
    assert (success["read"], success["cleaned"], success["rejected"]) == (len(records) + len(rejects), len(records), len(rejects))
    assert sum(success["reasons"].values()) == len(rejects) and success["parts"] == n_parts
    assert not [p for p in outdir.rglob("*") if ".tmp-" in p.name]  # nothing half-written left behind
    assert not (outdir / "_staging").exists()
    return success


def test_without_the_extra_dask_says_how_to_install_it(tmp_path, shards):
    hide = "import sys, runpy; sys.modules['distributed'] = None; runpy.run_module('cleaners', run_name='__main__')"
    proc = subprocess.run([sys.executable, "-c", hide, shards[0], "--dask", "local:2", "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 2
    assert "pip install 'newsbot[dask]'" in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("workers", ["0", "many", "99999999999"])
def test_a_local_cluster_of_no_workers_or_past_the_machines_limit_is_refused(tmp_path, shards, workers):
    # (local:99999999999 was handed to Dask: the command printed nothing for a minute, until killed)
    proc = subprocess.run([sys.executable, "-m", "cleaners", shards[0], "--dask", f"local:{workers}", "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode != 0
    assert f"local:N needs a number of workers N from 1 to {MAX_WORKERS}" in proc.stderr
    assert not list((tmp_path / "out").glob("part-*"))


def test_eight_shards_on_two_workers_give_what_one_process_gives(cluster, shards, expected, tmp_path):
    outdir = tmp_path / "out"
    # a glob, expanded by a worker
    proc = subprocess.run(clean_command([str(Path(shards[0]).parent / "shard-*.jsonl.gz")], cluster.address, outdir),
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    link = next(line for line in proc.stderr.splitlines() if line.startswith("Dask dashboard: ")).split(": ", 1)[1]
    with urllib.request.urlopen(link, timeout=30) as page:  # the scheduler serves it
        assert page.status == 200
    assert "8 parts from 1 inputs, on 2 workers" in proc.stderr and "parts done 8/8" in proc.stderr
    success = check_complete(outdir, expected)
    assert success["files"] == shards and success["newsbot"]
    assert f"read {success['read']} records = cleaned {success['cleaned']} + rejected {success['rejected']}" in proc.stderr
    assert sorted(p.name for p in outdir.glob("part-*")) == [f"part-{n:05d}.jsonl.gz" for n in range(SHARDS)]


def test_a_worker_killed_with_sigkill_mid_run_loses_and_repeats_nothing(cluster, shards, expected, tmp_path):
    cluster.add_worker("w3")
    cluster.wait_for({"w1", "w2", "w3"})
    victim = cluster.workers()["w3"]
    outdir = tmp_path / "out"
    proc = subprocess.Popen(clean_command(shards, cluster.address, outdir), env=_env(), stderr=subprocess.PIPE, text=True)
    tree: set[int] = set()
    try:
        with distributed.Client(cluster.address, timeout="20s") as watcher:
            def busy() -> bool:  # w3 is cleaning a partition, and some partition is already complete
                working = watcher.processing().get(victim, ())
                return any("newsbot-clean-" in str(k) for k in working) and len(list((outdir / "_parts").glob("*.json"))) >= 1
            assert wait_until(busy, 300), "w3 never cleaned a partition"
            cluster.procs["w3"].send_signal(signal.SIGKILL)
            cluster.procs["w3"].wait(10)
            done_at_kill = len(list((outdir / "_parts").glob("*.json")))
        assert done_at_kill < SHARDS
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
        tree = descendants(proc.pid)
    finally:
        end_all(proc, tree)
    check_complete(outdir, expected)
    assert set(cluster.workers()) == {"w1", "w2"}


def _kill_client_once(command: list[str], done: Path) -> None:
    """Run newsbot-clean and SIGKILL it once two partitions' files stand in `done`."""
    proc = subprocess.Popen(command, env=_env(), stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: len(list(done.glob("*.json"))) >= 2, 300)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        end_all(proc, set())


def test_resume_after_the_client_is_killed_cleans_only_what_is_left(cluster, shards, expected, tmp_path):
    outdir = tmp_path / "out"
    _kill_client_once(clean_command(shards, cluster.address, outdir), outdir / "_parts")
    complete = {p.name: p.stat().st_mtime_ns for p in (outdir / "_parts").glob("*.json")}
    assert 2 <= len(complete) < SHARDS
    time.sleep(1)  # what the dead client's tasks were still doing ends, harmlessly (rename)
    resumed = subprocess.run(clean_command(shards, cluster.address, outdir, "--resume"), capture_output=True, text=True, env=_env(), timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    line = next(x for x in resumed.stderr.splitlines() if x.startswith("resuming:"))
    assert int(line.split()[1]) >= len(complete) and line.endswith(f"of {SHARDS} parts already complete")
    check_complete(outdir, expected)
    # the parts complete before the resume were not made again
    assert {name: mtime for name, mtime in complete.items() if (outdir / "_parts" / name).stat().st_mtime_ns == mtime} == complete


def test_dedup_and_byte_ranges_across_partitions_give_what_one_process_gives(cluster, shards, tmp_path):
    # one large uncompressed JSONL (cut into byte ranges) after the shards: its records repeat theirs
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as f:
        for path in shards[:3]:
            for n, line in enumerate(gzip.open(path)):
                f.write(line if n % 2 else b"\n" + line)  # blank lines: positions must still match
    inputs = [*shards, str(big)]
    want = single_process(inputs, tmp_path / "single", dedup=True)
    assert any(r["reason"].startswith("duplicate: same URL as") for r in want[1])
    outdir = tmp_path / "out"
    proc = subprocess.run(clean_command(inputs, cluster.address, outdir, "--dedup", "--partition-mb", str(40_000 / 2**20)),
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    parts = json.loads((outdir / "_plan.json").read_text())["partitions"]
    assert f"parts done {len(parts)}/{len(parts)}" in proc.stderr and "duplicate pass: " in proc.stderr
    ranges = [p for p in parts if p["path"] == str(big)]
    assert len(ranges) >= 3 and ranges[0]["end"] == ranges[1]["begin"]
    success = check_complete(outdir, want, n_parts=len(parts))
    assert success["reasons"]["duplicate"] == sum(r["reason"].startswith("duplicate") for r in want[1])


def near_copies(folder: Path) -> list[str]:
    """Two shards of text records: three stories, then each again with a word changed early and
    with one changed late (near copies, under other URLs), split across the two."""
    stories = [(FIXTURES / "texts" / f"{name}.txt").read_text(encoding="utf-8")
               for name in ("wire-story-dump", "summary-widget-dump", "teaser-box-dump")]
    records = [{"url": f"https://first.example/{n}", "text": text} for n, text in enumerate(stories)]
    records += [{"url": f"https://second.example/{n}", "text": text.replace(" the ", " a ", 1)} for n, text in enumerate(stories)]
    records += [{"url": f"https://third.example/{n}", "text": " this ".join(text.rsplit(" the ", 1))} for n, text in enumerate(stories)]
    paths = []
    for half in (records[:5], records[5:]):
        path = folder / f"near-{len(paths)}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in half), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_near_duplicates_across_partitions_are_those_one_process_finds(cluster, shards, tmp_path):
    pytest.importorskip("datasketch")
    inputs = [*shards[:2], *near_copies(tmp_path)]
    want = single_process(inputs, tmp_path / "single", dedup=True, near_threshold=0.8)
    near = [r for r in want[1] if r["reason"].startswith("near duplicate: near copy of")]
    assert len(near) >= 4  # (a word changed in a short story can take it below the threshold)
    outdir = tmp_path / "out"
    proc = subprocess.run(clean_command(inputs, cluster.address, outdir, "--dedup", "near"),
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    success = check_complete(outdir, want, n_parts=len(inputs))
    assert success["reasons"]["near duplicate"] == len(near)


def test_a_failing_input_is_reported_with_its_path_and_the_others_go_on(cluster, shards, tmp_path):
    outdir = tmp_path / "out"
    proc = subprocess.run(clean_command([*shards[:3], "nosuch://bucket/*.jsonl.gz"], cluster.address, outdir),
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 1
    assert "error: nosuch://bucket/*.jsonl.gz: " in proc.stderr
    assert "parts done 3/3" in proc.stderr and "_SUCCESS not written" in proc.stderr
    assert len(list(outdir.glob("part-*.jsonl.gz"))) == 3 and not (outdir / "_SUCCESS").exists()


def test_a_run_of_known_articles_reaches_the_workers(cluster, tmp_path):
    # --all-articles goes with the run's settings to every worker: a page the page type calls a
    # listing is written, not rejected
    listing = page_case("listing-tag")
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"url": listing.url, "html": listing.body.decode("utf-8")}) + "\n", encoding="utf-8")
    for flag, cleaned in (((), 0), (("--all-articles",), 1)):
        outdir = tmp_path / f"out{cleaned}"
        proc = subprocess.run(clean_command([str(dump)], cluster.address, outdir, "--no-learn", *flag),
                              capture_output=True, text=True, env=_env(), timeout=600)
        assert proc.returncode == 0, proc.stderr
        records, rejects = read_outdir(outdir)
        assert len(records) == cleaned and len(rejects) == 1 - cleaned
        assert all(r["reason"] == "not an article (a listing page)" for r in rejects)
        assert json.loads((outdir / "_SUCCESS").read_text())["declared_stories"] == cleaned
        assert ("though the page type calls them listings: 1\n" in proc.stderr) == bool(cleaned)


def test_clean_bag_gives_what_one_process_gives(cluster, shards, expected):
    import dask.bag as db

    from cleaners.dask import clean_bag

    with distributed.Client(cluster.address, timeout="20s"):
        lines = db.read_text(shards, blocksize=None)  # one partition per shard, in order
        records = lines.map(lambda line: json.loads(line) if line.startswith("{\"") else line)
        cleaned = clean_bag(records, keep_rejects=True).compute()
    got = sorted(_strip(r) for r in cleaned if "rejected" not in r)
    assert got == expected[0]
    assert len([r for r in cleaned if "rejected" in r]) == len(expected[1])


def test_clean_bag_takes_newsbot_cleans_record_options(cluster):
    import dask.bag as db

    from cleaners.dask import clean_bag

    listing = page_case("listing-tag")
    teaser = {"text": "Storm closes mountain roads\nHeavy snow closed three mountain passes on Tuesday, and the weather "
              "service warned that more was on the way before the weekend."}
    records = [{"url": listing.url, "html": listing.body.decode("utf-8")}, teaser]
    with distributed.Client(cluster.address, timeout="20s"):
        default = clean_bag(db.from_sequence(records, npartitions=1), learn=False, keep_rejects=True).compute()
        given = clean_bag(db.from_sequence(records, npartitions=1), learn=False, keep_rejects=True,
                          empty_records=False, all_articles=True).compute()
    assert [r.get("rejected") for r in default] == ["not an article (a listing page)", "no article in the text"]
    assert not any("rejected" in r for r in given) and len(given) == 2
    assert "Shipping lines warn that costs will be passed on." in given[0]["text"]
    assert given[1]["text"].startswith("Heavy snow closed")


def test_a_lost_scheduler_ends_the_run_with_a_clear_error_and_resume_on_a_new_one_completes_it(shards, expected, tmp_path):
    outdir = tmp_path / "out"
    with running_cluster(tmp_path / "first", "w1") as first:
        proc = subprocess.Popen(clean_command(shards, first.address, outdir), env=_env(), stderr=subprocess.PIPE, text=True)
        tree: set[int] = set()
        try:
            assert wait_until(lambda: len(list((outdir / "_parts").glob("*.json"))) >= 1, 300), "no part was completed"
            first.procs["scheduler"].send_signal(signal.SIGKILL)
            first.procs["scheduler"].wait(10)
            _, stderr = proc.communicate(timeout=120)
            tree = descendants(proc.pid)
        finally:
            end_all(proc, tree)
    assert proc.returncode == 1, stderr
    assert f"error: lost the connection to the Dask scheduler {first.address} mid-run" in stderr
    assert "run the same command again with --resume" in stderr and "Traceback" not in stderr
    complete = {p.name: p.stat().st_mtime_ns for p in (outdir / "_parts").glob("*.json")}
    assert 1 <= len(complete) < SHARDS and not (outdir / "_SUCCESS").exists()
    with running_cluster(tmp_path / "second", "w1") as second:
        resumed = subprocess.run(clean_command(shards, second.address, outdir, "--resume"), capture_output=True, text=True,
                                 env=_env(), timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    check_complete(outdir, expected)
    assert {name: mtime for name, mtime in complete.items() if (outdir / "_parts" / name).stat().st_mtime_ns == mtime} == complete


def test_a_connection_closed_under_a_call_is_the_scheduler_lost_and_a_tasks_own_oserror_is_not(cluster):
    # the lost-scheduler run above can see the connection close under a gather before the
    # client's status changes: that error alone must tell the scheduler went
    from distributed.comm.core import CommClosedError

    from cleaners.dask import _scheduler_gone

    with distributed.Client(cluster.address, timeout="20s") as client:
        with pytest.raises(FileNotFoundError) as own:
            client.submit(open, str(cluster.workdir / "no-such-input.jsonl"), pure=False).result()
        assert client.status == "running"
        assert not _scheduler_gone(own.value, client)
        closed = CommClosedError(f"in <TCP (closed) ConnectionPool.gather local=tcp://127.0.0.1:60284 "
                                 f"remote={cluster.address}>: ConnectionResetError: [Errno 104] Connection reset by peer")
        assert _scheduler_gone(closed, client)
    assert client.status == "closed" and _scheduler_gone(own.value, client)


def test_local_cluster_and_its_workers_end_with_the_command(tmp_path, shards):
    outdir = tmp_path / "out"
    proc = subprocess.Popen(clean_command(shards[:4], "local:2", outdir), env=_env(), stderr=subprocess.PIPE, text=True)
    tree: set[int] = set()
    try:
        assert wait_until(lambda: len(descendants(proc.pid)) >= 2 and (outdir / "_parts").exists(), 300)
        tree = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        # the worker processes follow their owner within the lifeline's watch interval
        assert wait_until(lambda: not alive(tree), 20), f"left running: {alive(tree)}"
    finally:
        end_all(proc, tree)
    finished = subprocess.run(clean_command(shards[:4], "local:2", outdir, "--resume"), capture_output=True, text=True, env=_env(), timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert json.loads((outdir / "_SUCCESS").read_text())["parts"] == 4


def test_dedup_resumed_after_the_client_is_killed_gives_what_one_process_gives(cluster, shards, tmp_path):
    want = single_process(shards, tmp_path / "single", dedup=True)
    outdir = tmp_path / "out"
    _kill_client_once(clean_command(shards, cluster.address, outdir, "--dedup"), outdir / "_staging")
    staged = len(list((outdir / "_staging").glob("*.json")))
    assert staged < SHARDS and not (outdir / "_SUCCESS").exists()
    time.sleep(1)
    resumed = subprocess.run(clean_command(shards, cluster.address, outdir, "--dedup", "--resume"), capture_output=True, text=True, env=_env(), timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    check_complete(outdir, want)
    # once complete, --resume has nothing left to do, and says so
    again = subprocess.run(clean_command(shards, cluster.address, outdir, "--dedup", "--resume"), capture_output=True, text=True, env=_env(), timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"resuming: {SHARDS} of {SHARDS} parts already complete" in again.stderr
    check_complete(outdir, want)
