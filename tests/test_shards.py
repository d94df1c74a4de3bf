"""cleaners._shards: partitions read like whole inputs, lessons that merge into one process's,
part files written whole or not at all."""

from __future__ import annotations

import gzip
import json
import os

from cleaners._learn import Learner
from cleaners._shards import (LearnPart, Partition, Settings, clean_partition, expand_inputs, finish_learning, merge_learning,
                              read_partition, scan_partition)
from cleaners.dumps import read_dump

from .conftest import FIXTURES

SEED_LIKE = (FIXTURES / "texts" / "summary-widget-dump.txt").read_text(encoding="utf-8")


def site_records(n: int) -> list[dict]:
    """Text records of three sites that repeat their template lines, with titles."""
    records = []
    for i in range(n):
        site = ("a.example", "b.example", "c.example")[i % 3]
        text = "\n".join([f"Subscribe to {site} today",
                          f"Story {i} begins with a long sentence about the rain that fell on the town on day {i}, "
                          "when the river rose above its banks and the bridge was closed.",
                          f"Crews worked through the night to clear the roads, and the schools stayed closed until day {i + 2}.",
                          "Read more from our newsroom" if i % 2 else f"Line only on page {i}", SEED_LIKE if i % 5 == 0 else ""])
        records.append({"url": f"https://{site}/story/{i}", "title": f"Rain story number {i} today", "text": text})
    return records


def test_lessons_of_partitions_merge_into_what_one_learner_learns():
    records = site_records(60)
    whole = Learner(sample=7)
    for r in records:
        whole.add(r["text"], r["url"], r["title"])
    expected = whole.result()
    # uneven partitions, merged two by two in input order (as the cluster merges them)
    cuts = [0, 5, 6, 20, 33, 60]
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        part = LearnPart(sample=7)
        for r in records[a:b]:
            part.add(r["text"], r["url"], r["title"])
        parts.append(part)
    while len(parts) > 1:
        parts = [merge_learning(*parts[i:i + 2]) if i + 1 < len(parts) else parts[i] for i in range(0, len(parts), 2)]
    learned = finish_learning(parts[0])
    assert learned == expected
    assert learned.template and learned.titles  # the case is not empty: something was learned
    assert merge_learning(None, parts[0]) is parts[0] and finish_learning(None) is None


def write_lines(path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def test_byte_ranges_give_the_records_positions_and_reasons_of_the_whole_file(tmp_path):
    path = tmp_path / "d.jsonl"
    lines = []
    for i in range(200):
        if i % 17 == 3:
            lines.append(b"")  # blank lines count as lines, not records
        elif i % 23 == 5:
            lines.append(b"{broken")
        elif i == 101:
            lines.append(json.dumps({"text": "x" * 5000}).encode())  # over the cap, across range boundaries
        else:
            lines.append(json.dumps({"text": f"record {i} " * (i % 7 + 1)}).encode())
    write_lines(path, lines)
    cap = 3000
    whole = [(r.index, r.position, r.fields, r.error) for r in read_dump(str(path), 0, cap)]
    size = path.stat().st_size
    for step in (97, 1000, 4096, size):
        partitions, errors = expand_inputs([str(path)], step)
        assert not errors and len(partitions) == -(-size // step)
        start = first_line = 0
        got = []
        for part in partitions:
            scan = scan_partition(part, Settings(str(tmp_path / f"out{step}"), learn=False, max_record_bytes=cap))
            records = list(read_partition(part, start, first_line, cap))
            assert len(records) == scan.records
            got += [(r.index, r.position, r.fields, r.error) for r in records]
            start += scan.records
            first_line += scan.lines
        assert got == whole, step


def test_expand_inputs_globs_in_order_and_reports_what_matches_nothing(tmp_path):
    for name in ("b.jsonl.gz", "a.jsonl.gz", "c.json"):
        (tmp_path / name).write_bytes(b"")
    partitions, errors = expand_inputs([str(tmp_path / "*.jsonl.gz"), str(tmp_path / "none-*.jsonl"), str(tmp_path / "missing.jsonl"),
                                        "nosuch://bucket/*.jsonl"])
    assert [os.path.basename(p.path) for p in partitions] == ["a.jsonl.gz", "b.jsonl.gz", "missing.jsonl"]
    assert [p.number for p in partitions] == [0, 1, 2]
    assert errors[0] == (str(tmp_path / "none-*.jsonl"), "no input matches this pattern")
    assert errors[1][0] == "nosuch://bucket/*.jsonl" and "nosuch" in errors[1][1]
    # a missing file is a partition: its reader rejects it, as newsbot-clean does
    assert [r.error for r in read_partition(partitions[2])] == ["no such file or folder"]


def test_a_partition_is_written_whole_and_a_retry_writes_the_same_files(tmp_path):
    path = tmp_path / "d.jsonl"
    write_lines(path, [json.dumps(r).encode() for r in site_records(12)] + [b"{broken"])
    settings = Settings(str(tmp_path / "out"))
    part = Partition(0, str(path))
    first = clean_partition(part, 0, 0, settings)
    out = tmp_path / "out"
    cleaned = gzip.decompress((out / "part-00000.jsonl.gz").read_bytes()).splitlines()
    rejects = [json.loads(x) for x in gzip.decompress((out / "rejects-00000.jsonl.gz").read_bytes()).splitlines()]
    assert (first["read"], first["cleaned"], first["rejected"]) == (13, 12, 1) == (13, len(cleaned), len(rejects))
    assert rejects[0]["position"] == f"{path}:13" and rejects[0]["reason"].startswith("invalid JSON")
    assert json.loads((out / "_parts" / "00000.json").read_text())["cleaned"] == 12
    # a killed attempt left a temporary file behind; the retry writes whole files beside it
    (out / "part-00000.jsonl.gz.tmp-dead").write_bytes(b"\x1f\x8b half")
    again = clean_partition(part, 0, 0, settings)
    assert {k: v for k, v in again.items() if k != "cpu_seconds"} == {k: v for k, v in first.items() if k != "cpu_seconds"}
    strip = lambda rows: [{k: v for k, v in json.loads(r).items() if k != "fetched_at"} for r in rows]  # noqa: E731
    assert strip(gzip.decompress((out / "part-00000.jsonl.gz").read_bytes()).splitlines()) == strip(cleaned)
    assert sorted(p.name for p in out.iterdir() if ".tmp-" in p.name) == ["part-00000.jsonl.gz.tmp-dead"]


def test_resume_keeps_complete_parts_and_refuses_other_inputs(tmp_path):
    from cleaners._shards import prepare_outdir

    settings = Settings(str(tmp_path / "out"))
    plan = [Partition(0, "a.jsonl"), Partition(1, "b.jsonl")]
    assert prepare_outdir(settings, plan, resume=False) == ({}, set(), None)
    (tmp_path / "out" / "_parts").mkdir()
    (tmp_path / "out" / "_parts" / "00001.json").write_text(json.dumps({"part": 1, "read": 3}))
    (tmp_path / "out" / "part-00001.jsonl.gz").write_bytes(b"")
    done, _, problem = prepare_outdir(settings, plan, resume=True)
    assert problem is None and list(done) == [1]
    _, _, problem = prepare_outdir(settings, plan[:1], resume=True)
    assert "other inputs or options" in problem
    _, _, problem = prepare_outdir(Settings(settings.outdir, dedup=True), plan, resume=True)
    assert "other inputs or options" in problem
    # without --resume, an earlier run's files go (and only newsbot's own)
    (tmp_path / "out" / "notes.txt").write_text("mine")
    assert prepare_outdir(settings, plan, resume=False) == ({}, set(), None)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_plan.json", "notes.txt"]


def clean_one_record(tmp_path, record: dict, name: str, **settings) -> tuple[dict, list[dict], list[dict]]:
    """One record in a partition of its own, cleaned with these Settings into tmp_path/name: the
    counts, the records written and the rejects."""
    path = tmp_path / f"{name}.jsonl"
    write_lines(path, [json.dumps(record).encode()])
    counts = clean_partition(Partition(0, str(path)), 0, 0, Settings(str(tmp_path / name), learn=False, **settings))
    def read(kind: str) -> list[dict]:
        data = gzip.decompress((tmp_path / name / f"{kind}-00000.jsonl.gz").read_bytes())
        return [json.loads(line) for line in data.splitlines()]

    return counts, read("part"), read("rejects")


def test_a_run_may_keep_the_texts_the_record_pass_finds_no_article_in(tmp_path):
    teaser = {"text": "Storm closes mountain roads\nHeavy snow closed three mountain passes on Tuesday, and the weather "
              "service warned that more was on the way before the weekend."}
    rejected, _, rejects = clean_one_record(tmp_path, teaser, "out")
    assert (rejected["cleaned"], rejected["rejected"]) == (0, 1)
    assert rejects[0]["reason"] == "no article in the text"
    kept, _, _ = clean_one_record(tmp_path, teaser, "kept", empty_records=False)
    assert (kept["cleaned"], kept["rejected"]) == (1, 0)


def test_a_run_of_known_articles_writes_a_page_the_page_type_would_call_a_listing(tmp_path):
    listing = (FIXTURES / "pages" / "listing-tag" / "page.html").read_text(encoding="utf-8")
    page = {"html": listing, "url": "https://www.northfieldtimes.example/tag/economy/"}
    rejected, _, rejects = clean_one_record(tmp_path, page, "out")
    assert (rejected["cleaned"], rejected["rejected"]) == (0, 1)
    assert rejects[0]["reason"] == "not an article (a listing page)"
    assert rejected["declared_stories"] == 0
    kept, records, _ = clean_one_record(tmp_path, page, "kept", all_articles=True)
    assert (kept["cleaned"], kept["rejected"], kept["declared_stories"]) == (1, 0, 1)
    assert "Shipping lines warn that costs will be passed on." in records[0]["text"]


def test_a_parts_cleaner_never_computes_a_listing_pages_text():
    from cleaners._shards import _cleaner

    options = _cleaner(None, "listing-test").options
    assert options.listing_model is None and options.page_model is not None and options.outputs == frozenset()


def test_known_articles_the_duplicate_pass_rejects_are_not_counted_as_written(tmp_path):
    # the same tag page twice and a story in one partition, with --dedup and --all-articles: the
    # second copy goes as a duplicate, so one record is written on the run's word over the page type
    from cleaners._shards import finalize_partition, prepare_outdir, resolve_duplicates

    listing = (FIXTURES / "pages" / "listing-tag" / "page.html").read_text(encoding="utf-8")
    page = {"html": listing, "url": "https://www.northfieldtimes.example/tag/economy/"}
    story = {"text": (FIXTURES / "texts" / "wire-story-dump.txt").read_text(encoding="utf-8")}
    path = tmp_path / "d.jsonl"
    write_lines(path, [json.dumps(r).encode() for r in (page, story, page)])
    settings = Settings(str(tmp_path / "out"), learn=False, dedup=True, all_articles=True)
    part = Partition(0, str(path))
    assert prepare_outdir(settings, [part], resume=False)[2] is None
    staged = clean_partition(part, 0, 0, settings)
    assert (staged["cleaned"], staged["declared_seqs"]) == (3, [0, 2])
    assert resolve_duplicates(settings.outdir, [0]) == {0: 1}
    done = finalize_partition(settings.outdir, 0)
    assert (done["cleaned"], done["rejected"], done["declared_stories"]) == (2, 1, 1)
    assert "declared_seqs" not in done
