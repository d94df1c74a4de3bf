"""The dump-cleaning run behind `newsbot-clean`: order kept, every record accounted for."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice

from ._cleaner import Cleaner, CleanerOptions
from ._fetch import is_url
from ._learn import Learned, Learner
from ._lifeline import end_with
from .dumps import (MAX_RECORD_BYTES, DumpRecord, FieldNames, Outcome, _snippet, clean_record, detect_kind, pick_fields,
                    read_dumps)
from ._output import open_records, open_rejects
from .jsonl import count_lines, read_records

__all__ = ["MAX_WORKERS", "RunOptions", "Summary", "run"]

#: Worker processes on one machine at most (--jobs, local:N, the crawl's cleaner workers): cleaning
#: is CPU-bound, so more than a few a core only cost memory, and a slip such as 99999999999 is
#: refused rather than handed to the process pool or to Dask.
MAX_WORKERS = 8 * (os.cpu_count() or 1)
#: Records sent to a worker process at a time, and batches in flight per worker: enough to keep
#: every core busy, few enough that memory does not grow with the dump.
BATCH = 32
IN_FLIGHT_PER_JOB = 4


@dataclass
class RunOptions:
    inputs: list[str]
    #: where cleaned records go (None: standard output)
    output: str | None = None
    #: where rejects go, as JSONL (None: one line each on standard error)
    rejects: str | None = None
    jobs: int = 1
    resume: bool = False
    learn: bool = True
    #: whether the line model's record pass may reject a text record it finds no article in
    #: (CleanerOptions.empty_records; --keep-teasers turns it off)
    empty_records: bool = True
    #: every HTML record is an article (CleanerOptions.all_articles; --all-articles)
    all_articles: bool = False
    dedup: bool = False
    max_record_bytes: int = MAX_RECORD_BYTES
    fields: FieldNames = field(default_factory=FieldNames)
    progress: bool = False
    #: "jsonl", "text", "markdown" or "html" (see cleaners._output)
    format: str = "jsonl"
    #: the URL of a page or text input (one HTML page, one plain text)
    url: str | None = None
    #: reject records whose text is a near copy of an earlier one's (Jaccard of word shingles
    #: at least this; None: off)
    near_threshold: float | None = None


@dataclass
class Summary:
    read: int = 0
    cleaned: int = 0
    rejected: int = 0
    skipped_done: int = 0
    reasons: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    #: records written as articles that the page type calls listings (--all-articles)
    declared_stories: int = 0

    def lines(self) -> list[str]:
        out = [f"read {self.read} record{'' if self.read == 1 else 's'} = cleaned {self.cleaned} + rejected {self.rejected}"
               + (f" (and {self.skipped_done} already done before --resume)" if self.skipped_done else "")
               + f", in {self.seconds:.1f}s"]
        if self.declared_stories:
            out.append(f"written as articles on --all-articles, though the page type calls them listings: {self.declared_stories}")
        if self.reasons:
            out.append("rejected because: " + "; ".join(f"{reason} ({n})" for reason, n in self.reasons.most_common(8)))
        if self.removed:
            out.append("cruft removed, by rule: " + ", ".join(f"{rule} {n}" for rule, n in self.removed.most_common(10)))
        if self.read == 0:
            out.append("warning: the inputs held no records")
        return out


def learn(options: RunOptions) -> Learned | None:
    """First pass: each site's template lines and all titles. Not for standard input, which
    cannot be read twice, nor for URLs, which would be fetched twice."""
    if not options.learn or any(detect_kind(p) == "stdin" or is_url(p) for p in options.inputs):
        return None
    learner = Learner()
    for item in read_dumps(options.inputs, options.max_record_bytes, url=options.url):
        if item.fields is None:
            continue
        _, text, url, title = pick_fields(item.fields, options.fields)
        learner.add(text, url, title)
    return learner.result()


# Worker processes keep one Cleaner each, built once with what the first pass learned.
_worker: tuple[Cleaner, FieldNames, str | None] | None = None


def _init_worker(learned: Learned | None, names: FieldNames, render: str | None, owner: int, empty_records: bool = True,
                 all_articles: bool = False) -> None:
    global _worker
    end_with(owner)  # a killed newsbot-clean leaves no worker behind
    _worker = (Cleaner(_options(empty_records, render, all_articles), learned=learned), names, render)


def _clean_batch(batch: list[DumpRecord]) -> list[Outcome]:
    assert _worker is not None
    cleaner, names, render = _worker
    return [clean_record(cleaner, item, names, render=render) for item in batch]


def _options(empty_records: bool, render: str | None, all_articles: bool = False) -> CleanerOptions:
    """The cleaner's options for a run: it builds only the rendering the output format writes,
    and no listing page's text (a listing is rejected: the listing model does not run)."""
    return CleanerOptions(empty_records=empty_records, all_articles=all_articles,
                          outputs=frozenset({render}) if render else frozenset(), listing_model=None)


def _render(options: RunOptions) -> str | None:
    """What each outcome must carry besides the record: its Markdown or its HTML."""
    return options.format if options.format in ("markdown", "html") else None


def _outcomes(records: Iterator[DumpRecord], options: RunOptions, learned: Learned | None) -> Iterator[Outcome]:
    """Outcomes in input order, from this process or from a pool of `jobs` processes."""
    render = _render(options)
    if options.jobs <= 1:
        cleaner = Cleaner(_options(options.empty_records, render, options.all_articles), learned=learned)
        for item in records:
            yield clean_record(cleaner, item, options.fields, render=render)
        return
    yield from _pooled(records, options, learned, render)


#: A record whose worker process dies this many times while cleaning it alone is rejected rather
#: than tried again: it is what kills them (its memory, a crash in a library).
WORKER_DEATHS_PER_RECORD = 2


def _pooled(records: Iterator[DumpRecord], options: RunOptions, learned: Learned | None,
            render: str | None) -> Iterator[Outcome]:
    """`_outcomes` on a pool of worker processes. A worker that dies (killed by the system for
    its memory, or by hand) breaks the pool, and every batch in flight with it: a new pool cleans
    those batches one at a time, in order, so that one that breaks it again is known; that one is
    cleaned a record at a time, and a record that kills its worker alone WORKER_DEATHS_PER_RECORD
    times is rejected with the reason. Every record is accounted for, in input order."""
    batches = iter(lambda: list(islice(records, BATCH)), [])
    suspects: deque[list[DumpRecord]] = deque()  # batches in flight when a pool broke, in order
    deaths: Counter[int] = Counter()  # by record index: the pools it broke while cleaned alone
    while True:
        pool = ProcessPoolExecutor(options.jobs, initializer=_init_worker,
                                   initargs=(learned, options.fields, render, os.getpid(), options.empty_records,
                                             options.all_articles))
        # the batches of `pending` (a batch goes in before it is sent: a pool that broke meanwhile
        # refuses it, and it must not be lost)
        waiting: deque[list[DumpRecord]] = deque()
        try:
            while suspects:  # one at a time: what breaks the pool now is this batch
                outcomes = pool.submit(_clean_batch, suspects[0]).result()
                suspects.popleft()
                yield from outcomes
            pending: deque[Future[list[Outcome]]] = deque()
            while True:
                while len(pending) < options.jobs * IN_FLIGHT_PER_JOB:
                    batch = next(batches, None)
                    if batch is None:
                        break
                    waiting.append(batch)
                    pending.append(pool.submit(_clean_batch, batch))
                if not pending:
                    return
                outcomes = pending[0].result()
                pending.popleft()
                waiting.popleft()
                yield from outcomes
        except BrokenProcessPool:
            if not suspects:
                first, last = waiting[0][0], waiting[-1][-1]
                sys.stderr.write(f"a worker process died (killed by the system for its memory, or by hand) with records "
                                 f"{first.position} to {last.position} in hand: they go to new workers\n")
                suspects.extend(waiting)
            elif len(suspects[0]) > 1:
                culprit = suspects.popleft()  # a record of it kills its worker: find which
                suspects.extendleft(reversed([[item] for item in culprit]))
            else:
                item = suspects[0][0]
                deaths[item.index] += 1
                sys.stderr.write(f"a worker process died cleaning record {item.position} alone\n")
                if deaths[item.index] >= WORKER_DEATHS_PER_RECORD:
                    suspects.popleft()
                    yield Outcome(item.index, item.position, snippet=_snippet(item.raw) if item.raw is not None else item.snippet,
                                  reason=f"its worker process died cleaning it, {WORKER_DEATHS_PER_RECORD} times "
                                         "(out of memory?)")
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class _Progress:
    """A tqdm progress bar on standard error: records, rate, cleaned and rejected. tqdm is told
    every PROGRESS_BATCH records, so the bar costs less per record than one clock read."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(file=sys.stderr, unit=" records", mininterval=0.5, dynamic_ncols=True, leave=True)
        self.pending = 0
        self.last = 0.0

    def update(self, summary: Summary) -> None:
        """One more record done."""
        if self.bar is None:
            return
        self.pending += 1
        if self.pending >= PROGRESS_BATCH:
            self._flush(summary)

    def _flush(self, summary: Summary) -> None:
        assert self.bar is not None
        now = time.monotonic()
        if now - self.last >= 0.5:
            self.bar.set_postfix(cleaned=str(summary.cleaned), rejected=str(summary.rejected), refresh=False)
            self.last = now
        self.bar.update(self.pending)
        self.pending = 0

    def done(self, summary: Summary) -> None:
        if self.bar is not None:
            self.last = 0.0
            self._flush(summary)
            self.bar.close()


#: Records between two updates of the progress bar.
PROGRESS_BATCH = 16


def run(options: RunOptions) -> Summary:
    """Clean every record of the inputs into `output` (or standard output), rejects into
    `rejects` (or standard error)."""
    started = time.monotonic()
    summary = Summary()
    learned = learn(options)
    if options.resume and (options.output is None or options.format != "jsonl"):
        raise ValueError("--resume needs a JSONL output file (-o OUT.jsonl)")
    out = open_records(options.output, options.format, overwrite=not options.resume)
    rej = open_rejects(options.rejects, overwrite=not options.resume)
    done = 0
    if options.resume:
        assert options.output is not None
        cleaned = count_lines(options.output)
        rejected = count_lines(options.rejects) if options.rejects else 0
        done = summary.skipped_done = cleaned + rejected
        sys.stderr.write(f"resuming: {options.output} and {options.rejects} already account for {done} records "
                         f"({cleaned} cleaned, {rejected} rejected); skipping the first {done} of the input\n")
    # with worker processes, JSON lines are parsed in the workers: this process only reads
    records = (item for item in read_dumps(options.inputs, options.max_record_bytes, parse=options.jobs <= 1, url=options.url)
               if item.index >= done)
    progress = _Progress(options.progress)
    resumed = options.output if options.resume else None
    seen = _Seen(resumed) if options.dedup else None
    near = None
    if options.near_threshold is not None:
        from ._neardup import NearDuplicates

        near = NearDuplicates(options.near_threshold)
        if resumed:
            near.add_all((record.get("text") or "" for record in read_records(resumed)), f"{resumed}:")
    try:
        for outcome in _outcomes(records, options, learned):
            summary.read += 1
            summary.removed.update(outcome.removed)
            if outcome.record is not None and seen is not None:
                earlier = seen.check(outcome.record, outcome.position)
                if earlier:
                    outcome.reason, outcome.record = earlier, None
            if outcome.record is not None and near is not None:
                earlier = near.check(outcome.record["text"], outcome.position)
                if earlier:
                    outcome.reason, outcome.record = f"near duplicate: {earlier}", None
            if outcome.record is not None:
                out.write(outcome.record, outcome.rendered)
                summary.cleaned += 1
                summary.declared_stories += outcome.declared_story
            else:
                rej.write(outcome.reject_line())
                summary.rejected += 1
                summary.reasons[_reason_kind(outcome.reason or "")] += 1
            progress.update(summary)
    finally:
        progress.done(summary)
        out.close()
        rej.close()
    summary.seconds = time.monotonic() - started
    return summary


class _Seen:
    """Canonical URLs and text hashes of the records written so far, for --dedup."""

    def __init__(self, resumed_output: str | None) -> None:
        self.first: dict[str, str] = {}
        if resumed_output:
            for n, record in enumerate(read_records(resumed_output), 1):
                for key in self._keys(record):
                    self.first.setdefault(key, f"{resumed_output}:{n}")

    @staticmethod
    def _keys(record: dict) -> list[str]:
        url = record.get("canonical_url") or record.get("url")
        return [k for k in (f"url {url}" if url else None, f"text {record['content_hash']}" if record.get("content_hash") else None) if k]

    def check(self, record: dict, position: str) -> str | None:
        """None for a new record; else the reason it is a duplicate."""
        keys = self._keys(record)
        for key in keys:
            if key in self.first:
                what = "same URL" if key.startswith("url") else "same text"
                return f"duplicate: {what} as {self.first[key]}"
        for key in keys:
            self.first[key] = position
        return None


def _reason_kind(reason: str) -> str:
    """The reason without its particulars, for the summary's counts."""
    return reason.split(":", 1)[0].split(" at byte", 1)[0].split(" for http", 1)[0]
