"""Partitioned cleaning, the engine-free half of `newsbot-clean --dask`: inputs cut into
partitions, a first pass whose per-partition results merge into exactly what one process learns,
part files written through a temporary name and a rename, and exact duplicates found across
partitions by a pass over their keys.

Every function here runs in a worker and touches only its own partition's files, so any engine
that can run a function on a worker (Dask here) can drive it.

Files in OUTDIR:
    part-NNNNN.jsonl.gz       the cleaned records of partition NNNNN, in input order
    rejects-NNNNN.jsonl.gz    its rejects (index, position, reason, snippet), as newsbot-clean writes them
    _parts/NNNNN.json         the partition's counts: written last, it marks the partition complete
    _scan/NNNNN.pickle        the partition's first-pass result, kept for --resume
    _staging/                 with --dedup: parts cleaned but not yet checked against the others
    _plan.json                the partitions, so that --resume cuts the inputs the same way
    _SUCCESS                  the totals, written once every partition is complete
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ._cleaner import Cleaner
from ._learn import MAX_TEMPLATE_CHARS, Learned, Learner, _line_key, _site
from ._text import normalize_phrase
from ._inputs import is_fsspec_url, open_raw
from .dumps import CHUNK, MAX_RECORD_BYTES, DumpRecord, FieldNames, _lines, _too_large, clean_record, detect_kind, pick_fields, read_dump

__all__ = ["LearnPart", "Partition", "Settings", "clean_partition", "expand_inputs", "finish_learning", "merge_learning",
           "scan_partition", "read_partition"]

#: Uncompressed JSONL inputs larger than this are cut into byte ranges of this size.
PARTITION_BYTES = 128 * 2**20
#: gzip level of the part files: most of the ratio of level 9 at a fraction of the time.
GZIP_LEVEL = 5
_GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Partition:
    """One unit of work: a whole input, or the lines of an uncompressed JSONL that start in
    bytes [begin, end)."""

    number: int
    path: str
    begin: int = 0
    end: int | None = None

    @property
    def ranged(self) -> bool:
        return self.end is not None

    def label(self) -> str:
        return f"{self.path} (bytes {self.begin}-{self.end})" if self.ranged else self.path


@dataclass(frozen=True)
class Settings:
    """What every task of a run needs to know."""

    outdir: str
    learn: bool = True
    dedup: bool = False
    max_record_bytes: int = MAX_RECORD_BYTES
    fields: FieldNames = field(default_factory=FieldNames)
    #: with dedup, also reject near copies at this Jaccard similarity (None: exact copies only)
    near_threshold: float | None = None
    #: whether the line model's record pass may reject a text record it finds no article in
    empty_records: bool = True
    #: every HTML record is an article (CleanerOptions.all_articles)
    all_articles: bool = False


# -- inputs -------------------------------------------------------------------------------------

def _glob(pattern: str) -> list[str]:
    if not is_fsspec_url(pattern):
        import glob

        return sorted(glob.glob(pattern))
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(pattern)
    return sorted(fs.unstrip_protocol(p) for p in fs.glob(path))


def _size(path: str) -> int:
    if not is_fsspec_url(path):
        return os.path.getsize(path)
    from fsspec.core import url_to_fs

    fs, inner = url_to_fs(path)
    return int(fs.size(inner))


def expand_inputs(inputs: list[str], partition_bytes: int = PARTITION_BYTES) -> tuple[list[Partition], list[tuple[str, str]]]:
    """The partitions of the inputs, in input order (globs expanded, in sorted order), and the
    inputs that could not be listed, with why. Runs on a worker: inputs are the workers' to read."""
    partitions: list[Partition] = []
    errors: list[tuple[str, str]] = []
    for pattern in inputs:
        if pattern == "-":
            errors.append((pattern, "standard input cannot be read by workers"))
            continue
        try:
            paths = _glob(pattern) if any(c in pattern for c in _GLOB_CHARS) else [pattern]
            if not paths:
                errors.append((pattern, "no input matches this pattern"))
                continue
            for path in paths:
                size = None
                if detect_kind(path) == "jsonl" and not path.lower().endswith(".gz"):
                    try:
                        size = _size(path)
                    except (OSError, ValueError):
                        size = None  # missing or unreadable: the reader says so, as a reject
                if size is not None and size > partition_bytes:
                    for begin in range(0, size, partition_bytes):
                        partitions.append(Partition(len(partitions), path, begin, min(begin + partition_bytes, size)))
                else:
                    partitions.append(Partition(len(partitions), path))
        except Exception as exc:  # noqa: BLE001 - any file system's own error: report it, go on
            errors.append((pattern, f"{type(exc).__name__}: {exc}"))
    return partitions, errors


# -- reading a partition ------------------------------------------------------------------------

@dataclass
class _Tally:
    lines: int = 0


def _read_range(path: str, begin: int, end: int, start: int, first_line: int, cap: int, tally: _Tally) -> Iterator[DumpRecord]:
    """The lines of a JSONL file that start in bytes [begin, end), numbered like read_dump
    numbers them when `start` records and `first_line` lines come before."""
    index, line_no = start, first_line
    try:
        with open_raw(path) as f:
            pos = begin
            if begin > 0:
                f.seek(begin - 1)
                if f.read(1) != b"\n":  # a line under way at `begin` belongs to the range before
                    while True:
                        more = f.readline(CHUNK)
                        pos += len(more)
                        if not more or more.endswith(b"\n"):
                            break
            lines = _lines(f, cap)
            while pos < end:
                item = next(lines, None)
                if item is None:
                    break
                raw, size = item
                pos += size
                line_no += 1
                tally.lines += 1
                position = f"{path}:{line_no}"
                if raw is None:
                    yield DumpRecord(index, position, error=_too_large(size, cap))
                elif not raw.strip():
                    continue
                else:
                    yield DumpRecord(index, position, raw=raw)
                index += 1
    except (EOFError, OSError) as exc:
        yield DumpRecord(index, f"{path}:{line_no + 1}", error=f"cannot read further: {exc or type(exc).__name__}")


def read_partition(part: Partition, start: int = 0, first_line: int = 0, cap: int = MAX_RECORD_BYTES,
                   parse: bool = True, tally: _Tally | None = None) -> Iterator[DumpRecord]:
    """A partition's records, numbered from `start` (and, for a byte range, its lines from
    `first_line`): the same records, positions and reasons as newsbot-clean gives them."""
    if not part.ranged:
        yield from read_dump(part.path, start, cap, parse)
        return
    for record in _read_range(part.path, part.begin, part.end or 0, start, first_line, cap, tally or _Tally()):
        yield record.resolved() if parse else record


# -- the first pass: counts, and what the records teach -----------------------------------------

@dataclass
class LearnPart:
    """What one partition teaches, kept so that partitions merge, in input order, into exactly
    what `Learner` learns from all of them: the titles, and for each site the line digests of
    its first `sample` pages that have text."""

    sample: int = Learner().sample
    titles: set[str] = field(default_factory=set)
    pages: dict[str, list[bytes]] = field(default_factory=dict)
    #: records with text: what is learned only ever cleans those (HTML records learn nothing)
    texts: int = 0

    def add(self, text: str | None, url: str | None = None, title: str | None = None) -> None:
        """Learn from one record (as `Learner.add`)."""
        if title:
            key = normalize_phrase(title)
            if len(key.split()) >= 3:
                self.titles.add(key)
        if not text:
            return
        self.texts += 1
        pages = self.pages.setdefault(_site(url), [])
        if len(pages) >= self.sample:
            return
        seen = {_line_key(line) for line in text.splitlines() if line.strip() and len(line.strip()) <= MAX_TEMPLATE_CHARS}
        pages.append(b"".join(sorted(seen)))


def merge_learning(first: LearnPart | None, then: LearnPart | None) -> LearnPart | None:
    """Two partitions' lessons as one, `first` coming before `then` in the input."""
    if first is None or then is None:
        return first or then
    merged = LearnPart(first.sample, first.titles | then.titles, {site: list(pages) for site, pages in first.pages.items()},
                       first.texts + then.texts)
    for site, pages in then.pages.items():
        mine = merged.pages.setdefault(site, [])
        mine.extend(pages[: max(0, merged.sample - len(mine))])
    return merged


def finish_learning(part: LearnPart | None) -> Learned | None:
    """The lines to drop, from the lessons of every partition merged; None when no record has
    text to drop them from (a dump of HTML pages: nothing to send every worker)."""
    if part is None or part.texts == 0:
        return None
    learner = Learner(sample=part.sample)
    learner._titles = set(part.titles)
    for site, pages in part.pages.items():
        learner._pages[site] = len(pages)
        counts = learner._lines[site]
        for page in pages:
            counts.update(page[i:i + 8] for i in range(0, len(page), 8))
    return learner.result()


@dataclass
class Scan:
    """A partition's first-pass result: how many records and lines it holds, what it teaches."""

    records: int = 0
    lines: int = 0
    learned: LearnPart | None = None
    cpu_seconds: float = 0.0


def scan_partition(part: Partition, settings: Settings) -> Scan:
    """Count a partition's records (and lines) and learn from them; kept in OUTDIR/_scan, so
    that a resumed run does not read everything twice."""
    cache = os.path.join(settings.outdir, "_scan", f"{part.number:05d}.pickle")
    try:
        with open(cache, "rb") as f:
            saved = pickle.load(f)
        if saved[0] == (part, settings.learn, settings.max_record_bytes, settings.fields):
            return saved[1]
    except (OSError, EOFError, pickle.UnpicklingError, IndexError, TypeError):
        pass
    cpu = time.process_time()
    scan = Scan(learned=LearnPart() if settings.learn else None)
    tally = _Tally()
    for item in read_partition(part, cap=settings.max_record_bytes, parse=settings.learn, tally=tally):
        scan.records += 1
        if scan.learned is not None and item.fields is not None:
            _, text, url, title = pick_fields(item.fields, settings.fields)
            scan.learned.add(text, url, title)
    scan.lines = tally.lines
    scan.cpu_seconds = time.process_time() - cpu
    _write_atomic(cache, pickle.dumps(((part, settings.learn, settings.max_record_bytes, settings.fields), scan)))
    return scan


# -- the cleaning pass --------------------------------------------------------------------------

def _write_atomic(path: str, data: bytes) -> None:
    """Write a file whole or not at all: a temporary name unique to this attempt, then a rename."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp-{uuid.uuid4().hex}"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class _GzipLines:
    """A .jsonl.gz written under a temporary name, renamed into place by `commit`."""

    def __init__(self, path: str) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.path, self.tmp = path, f"{path}.tmp-{uuid.uuid4().hex}"
        self.file = gzip.open(self.tmp, "wb", compresslevel=GZIP_LEVEL)
        self.count = 0

    def write(self, obj: Any) -> None:
        self.file.write((json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
        self.count += 1

    def commit(self) -> None:
        self.file.close()
        with open(self.tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(self.tmp, self.path)

    def abandon(self) -> None:
        self.file.close()
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def part_name(kind: str, number: int, staging: bool = False) -> str:
    return os.path.join("_staging" if staging else "", f"{kind}-{number:05d}.jsonl.gz")


def stats_name(number: int, staging: bool = False) -> str:
    return os.path.join("_staging" if staging else "_parts", f"{number:05d}.json")


_CLEANERS: dict[str, Cleaner] = {}


def _cleaner(learned: Learned | None, token: str, empty_records: bool = True, all_articles: bool = False) -> Cleaner:
    """One Cleaner per worker process and run, built on the first task that needs it."""
    key = f"{token}/{empty_records}/{all_articles}"
    if key not in _CLEANERS:
        from . import warm_up

        from ._run import _options

        warm_up()
        _CLEANERS.clear()
        # newsbot-clean's options for records written as text (no rendering)
        _CLEANERS[key] = Cleaner(_options(empty_records, None, all_articles), learned=learned)
    return _CLEANERS[key]


def clean_partition(part: Partition, start: int, first_line: int, settings: Settings, learned: Learned | None = None,
                    token: str = "", extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Clean one partition into its part and rejects files; returns (and writes, last) its
    counts. A retry after a crash writes the same files again: the rename makes it harmless.
    With dedup, the files go to _staging with the keys the duplicate pass needs."""
    from ._run import _reason_kind, _Seen

    cleaner = _cleaner(learned, token, settings.empty_records, settings.all_articles)
    cpu = time.process_time()
    staged = settings.dedup
    out = _GzipLines(os.path.join(settings.outdir, part_name("part", part.number, staged)))
    rej = _GzipLines(os.path.join(settings.outdir, part_name("rejects", part.number, staged)))
    keys = _GzipLines(os.path.join(settings.outdir, part_name("keys", part.number, True))) if staged else None
    near = None
    if staged and settings.near_threshold is not None:
        from ._neardup import NearDuplicates

        near = NearDuplicates(settings.near_threshold)  # its signatures, computed here in parallel
    stats: dict[str, Any] = {"part": part.number, "input": part.label(), "read": 0, "cleaned": 0, "rejected": 0,
                             "reasons": Counter(), "removed": Counter(), **(extra or {})}
    # with dedup, which of the part's records were written on --all-articles over the page type:
    # the duplicate pass may reject some of them (finalize_partition counts the rest)
    declared: list[int] = []
    try:
        for item in read_partition(part, start, first_line, settings.max_record_bytes, parse=True):
            outcome = clean_record(cleaner, item, settings.fields)
            stats["read"] += 1
            stats["removed"].update(outcome.removed)
            if outcome.record is not None:
                if keys is not None:
                    signature = near.signature(outcome.record["text"]) if near is not None else None
                    keys.write([out.count, outcome.index, outcome.position, _Seen._keys(outcome.record),
                                None if signature is None else signature.tobytes().hex()])
                if outcome.declared_story:
                    declared.append(out.count)
                out.write(outcome.record)
                stats["cleaned"] += 1
            else:
                rej.write(outcome.reject_line())
                stats["rejected"] += 1
                stats["reasons"][_reason_kind(outcome.reason or "")] += 1
    except BaseException:
        for f in (out, rej, keys):
            if f is not None:
                f.abandon()
        raise
    for f in (out, rej, keys):
        if f is not None:
            f.commit()
    stats["cpu_seconds"] = round(time.process_time() - cpu, 3)
    if staged:
        stats["declared_seqs"] = declared
    else:
        stats["declared_stories"] = len(declared)
    _write_atomic(os.path.join(settings.outdir, stats_name(part.number, staged)), json.dumps(stats).encode())
    return stats


# -- exact duplicates across partitions ---------------------------------------------------------

def resolve_duplicates(outdir: str, numbers: list[int], near_threshold: float | None = None) -> dict[int, int]:
    """The duplicate pass: every cleaned record's keys (canonical URL, text hash), in input
    order, against those of the records kept before it, as one process would check them; with
    `near_threshold`, then its MinHash signature (computed by the task that cleaned it) against
    those of the records kept before it. Writes each partition's verdicts to
    _staging/dups-NNNNN.json; returns how many each has."""
    first: dict[bytes, str] = {}  # a key's 12-byte digest (collisions: ~1 in 10^11 at 10^9 keys) -> where it was first
    near = None
    if near_threshold is not None:
        from ._neardup import NearDuplicates

        near = NearDuplicates(near_threshold)
    counts: dict[int, int] = {}
    for number in numbers:
        verdicts: dict[int, str] = {}
        with gzip.open(os.path.join(outdir, part_name("keys", number, True)), "rt", encoding="utf-8") as f:
            for line in f:
                seq, _index, position, keys, *signature = json.loads(line)
                digests = [hashlib.blake2b(key.encode("utf-8"), digest_size=12).digest() for key in keys]
                for key, digest in zip(keys, digests):
                    if digest in first:
                        verdicts[seq] = f"duplicate: {'same URL' if key.startswith('url') else 'same text'} as {first[digest]}"
                        break
                else:
                    for digest in digests:
                        first[digest] = position
                    if near is not None and signature and signature[0]:
                        earlier = near.check_signature(np.frombuffer(bytes.fromhex(signature[0]), dtype=np.uint32), position)
                        if earlier:
                            verdicts[seq] = f"near duplicate: {earlier}"
        _write_atomic(os.path.join(outdir, "_staging", f"dups-{number:05d}.json"), json.dumps(verdicts).encode())
        counts[number] = len(verdicts)
    return counts


def finalize_partition(outdir: str, number: int) -> dict[str, Any]:
    """Move a staged partition into place without its duplicates, which join its rejects."""
    with open(os.path.join(outdir, stats_name(number, True)), encoding="utf-8") as f:
        stats = json.load(f)
    with open(os.path.join(outdir, "_staging", f"dups-{number:05d}.json"), encoding="utf-8") as f:
        verdicts = {int(k): v for k, v in json.load(f).items()}
    keys_path = os.path.join(outdir, part_name("keys", number, True))
    with gzip.open(keys_path, "rt", encoding="utf-8") as f:
        where = {seq: (index, position) for seq, index, position, *_ in map(json.loads, f) if seq in verdicts}
    out = _GzipLines(os.path.join(outdir, part_name("part", number)))
    rej = _GzipLines(os.path.join(outdir, part_name("rejects", number)))
    try:
        with gzip.open(os.path.join(outdir, part_name("part", number, True)), "rb") as f:
            for seq, line in enumerate(f):
                if seq not in verdicts:
                    out.file.write(line)
        with gzip.open(os.path.join(outdir, part_name("rejects", number, True)), "rb") as f:
            for line in f:
                rej.file.write(line)
        for seq in sorted(verdicts):
            index, position = where[seq]
            rej.write({"index": index, "position": position, "reason": verdicts[seq], "snippet": None})
    except BaseException:
        out.abandon()
        rej.abandon()
        raise
    out.commit()
    rej.commit()
    from ._run import _reason_kind

    reasons = Counter(stats["reasons"])
    reasons.update(_reason_kind(v) for v in verdicts.values())
    stats.update(cleaned=stats["cleaned"] - len(verdicts), rejected=stats["rejected"] + len(verdicts), reasons=reasons,
                 declared_stories=sum(seq not in verdicts for seq in stats.pop("declared_seqs", [])))
    _write_atomic(os.path.join(outdir, stats_name(number)), json.dumps(stats).encode())
    return stats


# -- the run's state on disk --------------------------------------------------------------------

def complete_parts(outdir: str, staged: bool = False) -> dict[int, dict[str, Any]]:
    """The counts of the partitions already complete (or, `staged`, cleaned and waiting)."""
    folder = os.path.join(outdir, "_staging" if staged else "_parts")
    done: dict[int, dict[str, Any]] = {}
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return done
    for name in names:
        stem = name.removesuffix(".json")
        if name.endswith(".json") and stem.isdigit():
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    done[int(stem)] = json.load(f)
            except (OSError, ValueError):
                continue
    return done


_OWN = ("part-", "rejects-", "_parts", "_scan", "_staging", "_plan.json", "_SUCCESS")


def prepare_outdir(settings: Settings, plan: list[Partition], resume: bool) -> tuple[dict[int, dict[str, Any]], set[int], str | None]:
    """Make OUTDIR ready: on --resume, the partitions complete and staged (or why the run
    cannot resume); otherwise, newsbot's own files of an earlier run removed."""
    import shutil

    outdir = settings.outdir
    os.makedirs(outdir, exist_ok=True)
    plan_path = os.path.join(outdir, "_plan.json")
    wanted = json.loads(json.dumps({"partitions": [asdict(p) for p in plan], "settings": {k: v for k, v in asdict(settings).items() if k != "outdir"}}))
    if resume and os.path.exists(plan_path):
        with open(plan_path, encoding="utf-8") as f:
            if json.load(f) != wanted:
                return {}, set(), (f"{outdir} holds a run of other inputs or options (or inputs cut otherwise): "
                                   "rerun with the same ones, or without --resume")
        return complete_parts(outdir), set(complete_parts(outdir, staged=True)), None
    for name in os.listdir(outdir):
        if name.startswith(_OWN):
            full = os.path.join(outdir, name)
            shutil.rmtree(full) if os.path.isdir(full) else os.unlink(full)
    _write_atomic(plan_path, json.dumps(wanted).encode())
    return {}, set(), None


def write_success(outdir: str, totals: dict[str, Any]) -> None:
    """Remove what killed attempts left (temporary files, staging) and write _SUCCESS."""
    import shutil

    for root, _, files in os.walk(outdir):
        for name in files:
            if ".tmp-" in name:
                os.unlink(os.path.join(root, name))
    shutil.rmtree(os.path.join(outdir, "_staging"), ignore_errors=True)
    _write_atomic(os.path.join(outdir, "_SUCCESS"), (json.dumps(totals, indent=2) + "\n").encode())
