"""newsbot-clean on Dask: `local:1` against `local:2` on the same 8 shards of corpus HTML pages.

    python benchmarks/dask_scale.py [--shared ../shared] [--repeats 3] [--workers 1 2]

The shards hold the HTML records of ../shared/corpus (wcxb, aeb and postlight: 1,122 pages),
dealt round-robin into 8 gzipped JSONL files. A `local:N` cluster of each size is started once
and its workers warmed up (models loaded); then the full run (listing, first pass, cleaning,
_SUCCESS) is timed `--repeats` times into a fresh OUTDIR, the sizes taking turns; the best run
of each counts. Pages per CPU-second: pages / the CPU time the tasks measured in themselves
(time.process_time, first pass and cleaning), which the machine's other load does not inflate.
CPU spread bound: the speed-up the spread of that CPU time over the workers allows, were each
worker on a core of its own; on a machine whose other login sessions keep the cores busy, Linux's
autogroup scheduling gives this command the same share of CPU however many workers it runs, so
only the bound, not the wall time, shows what a second core would give.

Scheduler overhead per task = (wall seconds x workers - seconds the tasks computed) / tasks,
from the scheduler's task stream: what each task cost beyond its own work (scheduling, data
transfer, idle workers waiting on the merge). An empty task's round trip is printed beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import find_shared  # noqa: E402

CORPORA = ("wcxb", "aeb", "postlight")
SHARDS = 8


def make_shards(shared: Path, folder: Path) -> tuple[list[str], int, int]:
    """The corpora's HTML records, round-robin into SHARDS shards; (paths, pages, HTML bytes)."""
    files = [gzip.open(folder / f"shard-{n:02d}.jsonl.gz", "wt", encoding="utf-8") for n in range(SHARDS)]
    pages = size = 0
    for corpus in CORPORA:
        with gzip.open(shared / "corpus" / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if not record.get("html"):
                    continue
                files[pages % SHARDS].write(json.dumps({"url": record.get("url"), "html": record["html"]}) + "\n")
                pages += 1
                size += len(record["html"].encode("utf-8"))
    for f in files:
        f.close()
    return [str(folder / f"shard-{n:02d}.jsonl.gz") for n in range(SHARDS)], pages, size


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _nothing(x: int) -> int:
    return x


def _peak_mb() -> float:
    """This worker process's peak resident memory (VmHWM), in MB."""
    line = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def one_run(client, workers: int, inputs: list[str], outdir: Path) -> dict:
    """One full run on a warmed-up cluster, with the scheduler's task stream."""
    from distributed import get_task_stream

    from cleaners.dask import DaskOptions, run

    options = DaskOptions(inputs=inputs, outdir=str(outdir), address="")
    with get_task_stream(client) as stream:
        started = time.monotonic()
        with open(os.devnull, "w") as quiet:
            summary = run(options, client=client, out=quiet)
        wall = time.monotonic() - started
    assert summary.success, summary.failed
    busy = sum(s["stop"] - s["start"] for task in stream.data for s in task["startstops"] if s["action"] == "compute")
    tasks = len(stream.data)
    t = summary.totals
    return {"wall": wall, "tasks": tasks, "busy": busy, "overhead": (wall * workers - busy) / tasks, "read": t["read"],
            "cpu": t["cpu_seconds"] + t["first_pass_cpu_seconds"], "load": load(), "bound": cpu_bound(stream.data, outdir)}


def cpu_bound(tasks: list[dict], outdir: Path) -> float:
    """The speed-up the run's spread of work allows when each worker has a core of its own: all
    CPU seconds of the first pass and the cleaning / those of the busiest worker (from the
    tasks' own process_time, which other load on the machine does not inflate)."""
    import pickle

    per_worker: dict[str, float] = {}
    for task in tasks:
        parts = str(task["key"]).split("-")
        what, number = (parts[1], parts[2]) if parts[0] == "newsbot" and len(parts) == 4 else ("", "")
        if what == "scan":
            with open(outdir / "_scan" / f"{number}.pickle", "rb") as f:
                cpu = pickle.load(f)[1].cpu_seconds
        elif what == "clean":
            cpu = json.loads((outdir / "_parts" / f"{number}.json").read_text())["cpu_seconds"]
        else:
            continue
        per_worker[task["worker"]] = per_worker.get(task["worker"], 0.0) + cpu
    return sum(per_worker.values()) / max(per_worker.values())


def main_runs(sizes: list[int], inputs: list[str], tmp: Path, repeats: int) -> dict[int, dict]:
    """Best of `repeats` runs per cluster size, the sizes taking turns (so that the machine's
    other load falls on each alike)."""
    from cleaners.dask import _warm, connect

    clients = {n: connect(f"local:{n}") for n in sizes}
    try:
        for client in clients.values():
            client.run(_warm)
        best: dict[int, dict] = {}
        for r in range(repeats):
            for n, client in clients.items():
                result = one_run(client, n, inputs, tmp / f"out-{n}-{r}")
                print(f"  run {r + 1}, local:{n}: {result['wall']:.1f} s wall, {result['cpu']:.1f} CPU-s, load {result['load']}", flush=True)
                if n not in best or result["wall"] < best[n]["wall"]:
                    best[n] = result
        for n, client in clients.items():  # an empty task's round trip, for scale
            client.gather(client.map(_nothing, range(200), pure=False))
            started = time.monotonic()
            client.gather(client.map(_nothing, range(1000, 1200), pure=False))
            best[n]["empty"] = (time.monotonic() - started) / 200
            best[n]["peak_mb"] = max(client.run(_peak_mb).values())
        return best
    finally:
        for client in clients.values():
            cluster = client.cluster
            client.close()
            cluster.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", help="the shared folder (default: ../shared beside the repository)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: ../shared (the corpus) is not here")
        return 0
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: needs the dask extra (pip install -e '.[dask]')")
        return 0
    with tempfile.TemporaryDirectory(prefix="newsbot-dask-scale-") as tmp_name:
        tmp = Path(tmp_name)
        inputs, pages, size = make_shards(shared, tmp)
        print(f"{pages} HTML pages ({size / 2**20:.0f} MB of HTML) in {SHARDS} shards; {os.cpu_count()} CPUs; load {load()}")
        results = main_runs(args.workers, inputs, tmp, args.repeats)
    base = results[args.workers[0]]
    print()
    print("| cluster | best wall s | pages/s | speed-up | pages per CPU-second | tasks | overhead per task (ms) | empty task round trip (ms) | worker peak MB | CPU spread bound | load at best run |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n, r in results.items():
        print(f"| local:{n} | {r['wall']:.1f} | {r['read'] / r['wall']:.1f} | {base['wall'] / r['wall']:.2f}x "
              f"| {r['read'] / r['cpu']:.1f} | {r['tasks']} | {r['overhead'] * 1000:.0f} | {r['empty'] * 1000:.1f} | {r['peak_mb']:.0f} | {r['bound']:.2f}x | {r['load']} |")
    print(f"\nload average at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
