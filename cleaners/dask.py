"""Clean dumps on a Dask cluster: `newsbot-clean INPUT... --dask ADDRESS -o OUTDIR`, and
`clean_bag` for pipelines of your own (needs the `dask` extra: pip install 'newsbot[dask]').

A run goes in passes, each a set of tasks the scheduler spreads over the workers:

1. list the inputs (globs and fsspec URLs are expanded by a worker) and cut them into
   partitions: one per input, or one per byte range of a large uncompressed JSONL;
2. first pass, one task per partition: count its records and learn from them; the lessons
   merge in input order, two by two, into what one process would learn, which every worker
   then holds (site template lines, other records' titles);
3. clean each partition into OUTDIR/part-NNNNN.jsonl.gz and rejects-NNNNN.jsonl.gz, written
   under a temporary name and renamed, so that a task retried after a worker died writes the
   same files again, whole, and nothing twice;
4. with --dedup, one task reads the records' keys (canonical URL, text hash) in input order
   and marks each duplicate, as one process would (with --dedup near, then each record's MinHash
   signature, computed by the cleaning tasks, against those kept before it); each staged
   partition then moves into place without them;
5. OUTDIR/_SUCCESS gets the totals once every partition is complete.

Python API, for a bag of records (dicts with "html" or "text", and "url", "title", ...):

    import json
    import dask.bag as db
    from cleaners.dask import clean_bag

    pages = db.read_text("s3://bucket/crawl/*.jsonl.gz").map(json.loads)
    clean_bag(pages).map(json.dumps).to_textfiles("s3://bucket/clean/part-*.jsonl.gz")
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from functools import reduce
from typing import TYPE_CHECKING, Any

from ._learn import Learned
from ._run import MAX_WORKERS
from ._shards import (PARTITION_BYTES, LearnPart, Partition, Scan, Settings, _cleaner, clean_partition, complete_parts,
                      expand_inputs, finalize_partition, finish_learning, merge_learning, prepare_outdir,
                      resolve_duplicates, scan_partition, write_success)
from .dumps import MAX_RECORD_BYTES, DumpRecord, FieldNames, clean_record, pick_fields

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    from distributed import Client

__all__ = ["INSTALL_HINT", "DaskOptions", "DaskSummary", "SchedulerLost", "clean_bag", "connect", "run"]

INSTALL_HINT = "cleaning on Dask needs the dask extra: pip install 'newsbot[dask]' (dask[distributed] and fsspec)"
#: Times a task that raised is tried again (a worker that died is handled by the scheduler:
#: its tasks go to the others).
RETRIES = 2

log = logging.getLogger(__name__)


class SchedulerLost(ConnectionError):
    """The client lost its scheduler mid-run (it died or the network went): the parts complete
    so far stand in OUTDIR, and the same command with --resume goes on from them."""

    def __init__(self, address: str, why: str) -> None:
        super().__init__(f"lost the connection to the Dask scheduler {address} mid-run ({why})")
        self.address = address


def require_dask() -> None:
    """Raise ImportError with how to install the extra, when Dask or fsspec is missing."""
    try:
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"{INSTALL_HINT} ({exc})") from exc


@dataclass
class DaskOptions:
    inputs: list[str]
    outdir: str
    address: str
    resume: bool = False
    learn: bool = True
    #: whether the line model's record pass may reject a text record it finds no article in
    empty_records: bool = True
    #: every HTML record is an article (CleanerOptions.all_articles)
    all_articles: bool = False
    dedup: bool = False
    #: with dedup, also reject near copies at this Jaccard similarity (None: exact copies only)
    near_threshold: float | None = None
    max_record_bytes: int = MAX_RECORD_BYTES
    fields: FieldNames = field(default_factory=FieldNames)
    partition_bytes: int = PARTITION_BYTES
    progress: bool = False


@dataclass
class DaskSummary:
    parts: int = 0
    done_before: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def success(self) -> bool:
        return not self.failed and self.parts > 0


# -- the cluster --------------------------------------------------------------------------------

class _Lifeline:
    """Makes the workers of a `local:N` cluster end with the process that started them."""

    name = "newsbot-lifeline"

    def __init__(self, owner: int) -> None:
        self.owner = owner

    def setup(self, worker: Any) -> None:
        from ._lifeline import end_with

        end_with(self.owner)


def connect(address: str) -> "Client":
    """A client of the scheduler at `address`, or of a new `local:N` cluster of N processes."""
    require_dask()
    from distributed import Client, LocalCluster, WorkerPlugin

    if address.startswith("local:"):
        try:
            n = int(address.removeprefix("local:"))
        except ValueError:
            n = 0
        if not 1 <= n <= MAX_WORKERS:
            raise ValueError(f"{address!r}: local:N needs a number of workers N from 1 to {MAX_WORKERS} (8 a CPU)")
        # the dashboard (with bokeh) on a free port: another cluster may hold the usual 8787
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        client = Client(cluster)
        plugin = type("Lifeline", (_Lifeline, WorkerPlugin), {})(os.getpid())
        client.register_plugin(plugin, name=_Lifeline.name)
        return client
    return Client(address, timeout="30s")


def dashboard_line(client: "Client") -> str:
    services = client.scheduler_info().get("services", {})
    if "dashboard" in services:
        return f"Dask dashboard: {client.dashboard_link}"
    return "Dask dashboard: not served by this scheduler (it needs bokeh: pip install bokeh)"


# -- small tasks --------------------------------------------------------------------------------

def _counts(scan: Scan) -> tuple[int, int, float]:
    return scan.records, scan.lines, scan.cpu_seconds


def _lessons(scan: Scan) -> LearnPart | None:
    return scan.learned


def _token(learned: Learned | None) -> str:
    """A digest of what was learned: a part made with other lessons is made again on --resume."""
    if learned is None:
        return "none"
    h = hashlib.sha256()
    for site in sorted(learned.template):
        h.update(site.encode() + b"\0" + b"".join(sorted(learned.template[site])))
    for title in sorted(learned.titles):
        h.update(title.encode() + b"\0")
    return h.hexdigest()[:16]


def _warm(_: Any = None) -> None:
    from . import warm_up

    warm_up()


# -- a run --------------------------------------------------------------------------------------

class _Progress:
    def __init__(self, total: int, done: int, enabled: bool, out: Any) -> None:
        self.total, self.done, self.enabled, self.out = total, done, enabled, out
        self.records = 0
        self.started = self.last = time.monotonic()
        self.tty = bool(getattr(out, "isatty", lambda: False)())

    def part(self, stats: dict[str, Any] | None) -> None:
        self.done += 1
        self.records += stats["read"] if stats else 0
        now = time.monotonic()
        if self.enabled and (now - self.last >= 1 or self.done == self.total or not self.tty):
            self.last = now
            rate = self.records / max(now - self.started, 1e-6)
            start, end = ("\r", "" if self.done < self.total else "\n") if self.tty else ("", "\n")
            self.out.write(f"{start}parts done {self.done}/{self.total}  ({self.records} records, {rate:.0f}/s){end}")
            self.out.flush()


def _scheduler_gone(exc: BaseException, client: "Client") -> bool:
    """Whether an error raised under a client call means the scheduler went: a task cancelled
    because the client lost it, or the client's own connection to it closed under a call
    (CommClosedError, raised before the client's status says so), as opposed to a task's own
    error, which the run reports with its part."""
    from distributed.comm.core import CommClosedError

    return (getattr(exc, "reason", None) == "scheduler-connection-lost" or client.status != "running"
            or isinstance(exc, CommClosedError))


def run(options: DaskOptions, client: "Client | None" = None, out: Any = None) -> DaskSummary:
    """Clean the inputs into OUTDIR on the cluster (`client`, or one `connect` makes and closes)."""
    out = out or sys.stderr
    own = client is None
    client = client or connect(options.address)
    try:
        return _run(options, client, out)
    except (CancelledError, OSError) as exc:
        if _scheduler_gone(exc, client):
            raise SchedulerLost(options.address, f"{type(exc).__name__}: {str(exc).splitlines()[0].rstrip('.')}") from exc
        raise
    finally:
        if own:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()


def _run(options: DaskOptions, client: "Client", out: Any) -> DaskSummary:
    from distributed import as_completed

    started = time.monotonic()
    summary = DaskSummary()
    say = lambda line: print(line, file=out, flush=True)  # noqa: E731
    say(dashboard_line(client))
    run_id = uuid.uuid4().hex[:8]
    partitions, errors = client.submit(expand_inputs, options.inputs, options.partition_bytes, pure=False).result()
    for pattern, why in errors:
        say(f"error: {pattern}: {why}")
        summary.failed.append((pattern, why))
    summary.parts = len(partitions)
    if not partitions:
        say("error: no input to clean")
        return summary
    settings = Settings(options.outdir, options.learn, options.dedup, options.max_record_bytes, options.fields,
                        near_threshold=options.near_threshold if options.dedup else None,
                        empty_records=options.empty_records, all_articles=options.all_articles)
    done, _, problem = client.submit(prepare_outdir, settings, partitions, options.resume, pure=False).result()
    if problem:
        summary.failed.append((options.outdir, problem))
        say(f"error: {problem}")
        return summary
    say(f"{len(partitions)} parts from {len(options.inputs)} inputs, on {len(client.scheduler_info()['workers'])} workers")

    # first pass: counts and lessons, one task per partition
    key = lambda what, n: f"newsbot-{what}-{n:05d}-{run_id}"  # noqa: E731
    scans = [client.submit(scan_partition, p, settings, key=key("scan", p.number), retries=RETRIES) for p in partitions]
    counts_f = [client.submit(_counts, s, key=key("count", n)) for n, s in enumerate(scans)]
    learned_f = None
    if options.learn:
        level = [client.submit(_lessons, s, key=key("lessons", n)) for n, s in enumerate(scans)]
        depth = 0
        while len(level) > 1:
            depth += 1
            level = [client.submit(merge_learning, *level[i:i + 2], key=f"newsbot-merge-{depth}-{i:05d}-{run_id}") if i + 1 < len(level) else level[i]
                     for i in range(0, len(level), 2)]
        learned_f = client.submit(finish_learning, level[0], key=f"newsbot-learned-{run_id}")
    counts: list[tuple[int, int, float] | None] = []
    unread = 0
    for p, f in zip(partitions, counts_f):
        try:
            counts.append(f.result())
        except Exception as exc:  # noqa: BLE001 - a task's own error, raised again here
            say(f"error: {p.label()}: cannot read it: {type(exc).__name__}: {exc}")
            summary.failed.append((p.label(), f"{type(exc).__name__}: {exc}"))
            counts.append(None)
            unread += 1
    if unread:
        # what the others learn and where their records are numbered from depend on every input
        say("error: the first pass failed on the inputs above: nothing cleaned (fix or leave them out, then run again)")
        return summary
    token = client.submit(_token, learned_f, key=f"newsbot-token-{run_id}").result() if learned_f is not None else "none"

    starts: list[tuple[int, int]] = []
    index, lines_before = 0, Counter()
    for p, c in zip(partitions, counts):
        records, lines, _ = c or (0, 0, 0.0)
        starts.append((index, lines_before[p.path] if p.ranged else 0))
        index += records
        lines_before[p.path] += lines

    def current(stats: dict[str, Any]) -> bool:
        return (stats.get("start"), stats.get("first_line"), stats.get("learned")) == (*starts[stats["part"]], token)

    done = {n: s for n, s in done.items() if current(s)}
    summary.done_before = len(done)
    if options.resume:
        say(f"resuming: {len(done)} of {len(partitions)} parts already complete")

    # second pass: clean what is not done (with --dedup, what is not staged either)
    todo = [p for p in partitions if p.number not in done]
    if options.dedup:
        staged = client.submit(complete_parts, options.outdir, True, pure=False).result()
        todo = [p for p in todo if not (p.number in staged and current(staged[p.number]))]
    progress = _Progress(len(partitions), len(partitions) - len(todo), options.progress, out)
    futures = {client.submit(_clean, p, *starts[p.number], settings, learned_f, token, key=key("clean", p.number), retries=RETRIES): p
               for p in todo}
    for future in as_completed(futures):
        p = futures[future]
        if future.status == "error":
            exc = future.exception()
            say(f"error: {p.label()}: {type(exc).__name__}: {exc}")
            summary.failed.append((p.label(), f"{type(exc).__name__}: {exc}"))
            continue
        progress.part(future.result())
    if summary.failed:
        say(f"error: {len(summary.failed)} inputs or parts failed; the other parts are complete: fix the inputs above and run again with --resume")
        return summary

    # with --dedup: the duplicate pass over every part's keys, then the staged parts into place
    if options.dedup and len(done) < len(partitions):
        found = client.submit(resolve_duplicates, options.outdir, [p.number for p in partitions], settings.near_threshold, key=f"newsbot-dedup-{run_id}", retries=RETRIES).result()
        say(f"duplicate pass: {sum(found.values())} duplicates across {len(partitions)} parts")
        final = {client.submit(finalize_partition, options.outdir, p.number, key=key("final", p.number), retries=RETRIES): p
                 for p in partitions if p.number not in done}
        for future in as_completed(final):
            if future.status == "error":
                p, exc = final[future], future.exception()
                say(f"error: {p.label()}: {type(exc).__name__}: {exc}")
                summary.failed.append((p.label(), f"{type(exc).__name__}: {exc}"))
        if summary.failed:
            return summary

    parts = client.submit(complete_parts, options.outdir, pure=False).result()
    summary.totals = totals(parts, partitions, options.inputs)
    summary.totals["first_pass_cpu_seconds"] = round(sum(c[2] for c in counts if c), 3)
    summary.seconds = time.monotonic() - started
    summary.totals["seconds"] = round(summary.seconds, 1)
    client.submit(write_success, options.outdir, summary.totals, pure=False).result()
    return summary


def _clean(part: Partition, start: int, first_line: int, settings: Settings, learned: Learned | None, token: str) -> dict[str, Any]:
    """Clean one partition, its counts marked with what made them (checked on --resume)."""
    return clean_partition(part, start, first_line, settings, learned, token, extra={"start": start, "first_line": first_line, "learned": token})


def totals(parts: dict[int, dict[str, Any]], partitions: list[Partition], inputs: list[str]) -> dict[str, Any]:
    """What _SUCCESS says: the sums over all parts."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        newsbot = version("newsbot")
    except PackageNotFoundError:
        newsbot = "unknown"
    reasons: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    for stats in parts.values():
        reasons.update(stats["reasons"])
        removed.update(stats["removed"])
    return {
        "read": sum(s["read"] for s in parts.values()),
        "cleaned": sum(s["cleaned"] for s in parts.values()),
        "rejected": sum(s["rejected"] for s in parts.values()),
        "declared_stories": sum(s.get("declared_stories", 0) for s in parts.values()),
        "cpu_seconds": round(sum(s.get("cpu_seconds", 0.0) for s in parts.values()), 3),
        "reasons": dict(reasons.most_common()),
        "removed": dict(removed.most_common()),
        "parts": len(partitions),
        "inputs": inputs,
        "files": sorted({p.path for p in partitions}),
        "newsbot": newsbot,
    }


# -- the Python API -----------------------------------------------------------------------------

def _learn_elements(elements: Iterable[Any], fields: FieldNames) -> LearnPart:
    part = LearnPart()
    for element in elements:
        if isinstance(element, dict):
            _, text, url, title = pick_fields(element, fields)
            part.add(text, url, title)
    return part


def _merge_all(parts: list[LearnPart | None]) -> LearnPart | None:
    return reduce(merge_learning, parts, None)


def _clean_elements(elements: Iterable[Any], number: int, learned: Learned | None, token: str, fields: FieldNames,
                    keep_rejects: bool, empty_records: bool = True, all_articles: bool = False) -> list[dict[str, Any]]:
    cleaner = _cleaner(learned, token, empty_records, all_articles)
    results = []
    for i, element in enumerate(elements):
        position = f"partition {number} item {i}"
        if isinstance(element, dict):
            item = DumpRecord(i, position, fields=element)
        else:
            item = DumpRecord(i, position, error=f"not a JSON object but {type(element).__name__}")
        outcome = clean_record(cleaner, item, fields)
        if outcome.record is not None:
            results.append(outcome.record)
        elif keep_rejects:
            results.append({"rejected": outcome.reason, "position": position})
    return results


def clean_bag(bag: "dask.bag.Bag", *, learn: bool = True, fields: FieldNames | None = None,
              keep_rejects: bool = False, empty_records: bool = True, all_articles: bool = False) -> "dask.bag.Bag":
    """A bag of cleaned records (newsbot's JSONL record, as dicts) from a bag of input records
    (dicts with "html" or "text", and "url", "title", ...: the fields newsbot-clean detects).

    With `learn`, a first pass over the bag learns each site's template lines and the records'
    titles, as newsbot-clean does. With `keep_rejects`, a record that cannot be cleaned comes
    out as {"rejected": reason, "position": "partition P item I"} instead of being left out.
    `empty_records=False` and `all_articles=True` are newsbot-clean's `--keep-teasers` and
    `--all-articles` (CleanerOptions). Nothing is computed until the bag is."""
    require_dask()
    import dask.bag as db
    from dask import delayed

    fields = fields or FieldNames()
    learned = None
    token = "none"
    if learn:
        item = bag.reduction(lambda elements: _learn_elements(elements, fields), _merge_all, split_every=8).apply(finish_learning)
        learned = item.to_delayed()
        token = str(learned.key)
    parts = [delayed(_clean_elements)(p, n, learned, token, fields, keep_rejects, empty_records, all_articles)
             for n, p in enumerate(bag.to_delayed())]
    return db.from_delayed(parts)


# -- the command --------------------------------------------------------------------------------

def clean_on_dask(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`newsbot-clean INPUT... --dask ADDRESS -o OUTDIR`, from the parsed command line."""
    if args.jobs != 1:
        parser.error("--jobs is for one machine: with --dask, the workers are the cluster's (local:N for N on this one)")
    if args.rejects:
        parser.error("with --dask, the rejects go to OUTDIR/rejects-NNNNN.jsonl.gz: leave out --rejects")
    if not args.output or args.output == "-":
        parser.error("with --dask, -o OUTDIR names the folder of part files")
    if args.format != "jsonl":
        parser.error("with --dask, the parts are JSONL records: leave out --format")
    if args.dedup == "near":
        try:
            from . import _neardup  # noqa: F401
        except ImportError as exc:
            parser.error(str(exc))
    try:
        require_dask()
    except ImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.getLogger("distributed").setLevel(logging.ERROR)
    # the client's own log of a lost scheduler is a traceback of its reconnection: the command
    # says what happened and what to do instead (SchedulerLost)
    logging.getLogger("distributed.client").setLevel(logging.CRITICAL)
    options = DaskOptions(
        inputs=args.inputs, outdir=args.output, address=args.dask, resume=args.resume, learn=args.learn,
        empty_records=args.empty_records, all_articles=args.all_articles, dedup=args.dedup is not None,
        near_threshold=args.near_threshold if args.dedup == "near" else None,
        max_record_bytes=int(args.max_record_mb * 2**20), partition_bytes=int(args.partition_mb * 2**20),
        fields=FieldNames(html=args.html_field, text=args.text_field, url=args.url_field, title=args.title_field),
        progress=True if args.progress is None else args.progress,
    )
    try:
        summary = run(options)
    except SchedulerLost as exc:
        print(f"error: {exc}. The parts complete so far stand in {options.outdir}: with the cluster back, "
              "run the same command again with --resume", file=sys.stderr)
        return 1
    except (OSError, ValueError, TimeoutError) as exc:
        print(f"error: cannot use the Dask cluster {args.dask}: {exc}", file=sys.stderr)
        return 2
    if not summary.success:
        print(f"not complete: {options.outdir}/_SUCCESS not written ({len(summary.failed)} failures above)", file=sys.stderr)
        return 1
    t = summary.totals
    from ._run import Summary

    done = Summary(read=t["read"], cleaned=t["cleaned"], rejected=t["rejected"], reasons=Counter(t["reasons"]),
                   removed=Counter(t["removed"]), seconds=summary.seconds, declared_stories=t.get("declared_stories", 0))
    for line in done.lines():
        print(line, file=sys.stderr)
    print(f"cleaned records: {options.outdir}/part-*.jsonl.gz ({summary.parts} parts"
          + (f", {summary.done_before} done before --resume" if summary.done_before else "")
          + f")\nrejects: {options.outdir}/rejects-*.jsonl.gz\ntotals: {options.outdir}/_SUCCESS", file=sys.stderr)
    return 0
