"""cleaners._neardup: near copies found (a sentence dropped, a footer added, a headline changed),
distinct stories of one site's template kept."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from cleaners._neardup import NearDuplicates, _SortedRuns, bands_for, shingle_hashes, shingles
from cleaners._run import RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from stories import SITE_TEMPLATE, near_copy, story, vocabulary  # noqa: E402

HOWS = ["drop"] * 4 + ["footer"] * 3 + ["headline"] * 3


def forty_and_ten(seed: int = 7) -> tuple[list[tuple[str, str]], list[tuple[int, str, str]]]:
    """40 distinct stories of one site's template (20 long, 20 short: mostly template), and 10
    near copies of them as (index of the original, title, text)."""
    rng = random.Random(seed)
    words = vocabulary()
    stories = [story(rng, words) for _ in range(20)] + [story(rng, words, paragraphs=(2, 3)) for _ in range(20)]
    copies = [(k * 3, *near_copy(rng, *stories[k * 3], how)) for k, how in enumerate(HOWS)]
    return stories, copies


@pytest.mark.parametrize("threshold, bands", [(0.8, (18, 7)), (0.9, (10, 12)), (0.5, (42, 3))])
def test_bands_find_a_pair_at_the_threshold_with_95_percent(threshold, bands):
    b, r = bands_for(threshold)
    assert (b, r) == bands and 1 - (1 - threshold**r) ** b >= 0.95


def test_shingles_are_word_five_grams_case_folded():
    assert shingles("The Cat sat on the MAT, today.") == ["the cat sat on the", "cat sat on the mat", "sat on the mat today"]
    assert shingles("Too short") == ["too short"] and shingles("...") == []


def test_shingle_hashes_are_one_per_shingle_and_equal_for_equal_shingles():
    hashes = shingle_hashes("a b c d e f a b c d e")
    assert len(hashes) == 7 and hashes[0] == hashes[6] and len(set(hashes.tolist())) == 6
    assert (hashes < 2**32).all()


def test_the_threshold_is_a_jaccard_similarity():
    with pytest.raises(ValueError):
        NearDuplicates(1.5)


@pytest.mark.parametrize("how", sorted(set(HOWS)))
def test_a_near_copy_names_its_original(how):
    stories, _ = forty_and_ten()
    seen = NearDuplicates()
    assert seen.check(stories[0][1], "dump.jsonl:1") is None
    _, text = near_copy(random.Random(1), *stories[0], how)
    reason = seen.check(text, "dump.jsonl:2")
    assert reason.startswith("near copy of dump.jsonl:1 (Jaccard ~")
    assert float(reason.rsplit("~", 1)[1].rstrip(")")) >= 0.8


def test_distinct_stories_sharing_a_template_are_all_kept():
    stories, _ = forty_and_ten()
    seen = NearDuplicates()
    assert [seen.check(text, str(i)) for i, (_, text) in enumerate(stories)] == [None] * 40
    assert len(seen) == 40


def test_a_story_that_is_mostly_the_template_is_no_copy_of_another():
    seen = NearDuplicates()
    frame = "\n\n".join(SITE_TEMPLATE)
    assert seen.check(frame + "\n\nThe ferry to the island is late again because of fog on the sound.", "a") is None
    assert seen.check(frame + "\n\nThe council has chosen a new mayor after a long night of counting votes.", "b") is None


def test_a_lower_threshold_catches_looser_copies():
    stories, _ = forty_and_ten()
    base = stories[0][1]
    half = "\n\n".join(base.split("\n\n")[: len(base.split("\n\n")) * 2 // 3])  # a third cut off
    strict, loose = NearDuplicates(0.9), NearDuplicates(0.5)
    for seen in (strict, loose):
        seen.check(base, "1")
    assert strict.check(half, "2") is None
    reason = loose.check(half, "2")
    share = float(re.fullmatch(r"near copy of 1 \(Jaccard ~(\d\.\d\d)\)", reason).group(1))
    assert 0.5 <= share < 0.9  # two thirds of the text: a looser copy than the strict check takes


def test_sorted_runs_keep_the_first_value_of_each_key_across_merges():
    runs = _SortedRuns()
    rng = np.random.default_rng(3)
    keys = rng.integers(1, 2**63, size=100_000, dtype=np.uint64)
    for i in range(0, len(keys), 4):
        runs.add(keys[i:i + 4], i // 4)
    runs.add(keys[:4], 999_999)  # a later value for old keys is not kept
    assert len(runs.runs) < 8  # runs of like size were merged
    assert runs.find(keys[40_000:40_004]) == {10_000}
    assert 0 in runs.find(keys[:4])
    assert runs.find(np.array([5, 6], dtype=np.uint64)) == set()


# -- newsbot-clean --dedup near ------------------------------------------------------------------

def test_dedup_near_keeps_exactly_the_forty(tmp_path):
    stories, copies = forty_and_ten()
    dump = tmp_path / "d.jsonl"
    rows = []
    for i, (title, text) in enumerate(stories):  # each near copy comes right after its original
        rows.append({"title": title, "text": text})
        rows.extend({"title": t, "text": x} for o, t, x in copies if o == i)
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    summary = run(RunOptions([str(dump)], str(out), str(rej), dedup=True, near_threshold=0.8, learn=False))
    assert (summary.read, summary.cleaned, summary.rejected) == (50, 40, 10)
    kept = [json.loads(line)["title"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert kept == [t for t, _ in stories]
    line_of = {title: rows.index({"title": title, "text": text}) + 1 for title, text in stories}
    for reject in (json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()):
        copied = rows[int(reject["position"].rsplit(":", 1)[1]) - 1]
        original = next(stories[o][0] for o, t, x in copies if (t, x) == (copied["title"], copied["text"]))
        reason = reject["reason"]
        # a changed headline with the same text is an exact copy; the others are near ones
        assert reason.startswith((f"near duplicate: near copy of {dump}:{line_of[original]} ", f"duplicate: same text as {dump}:{line_of[original]}"))


def test_dedup_near_on_resume_remembers_what_the_output_holds(tmp_path):
    stories, copies = forty_and_ten()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps({"title": stories[0][0], "text": stories[0][1]}) + "\n", encoding="utf-8")
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    run(RunOptions([str(one)], str(out), str(rej), dedup=True, near_threshold=0.8, learn=False))
    drop = next(c for c in copies if c[0] == 0)
    two.write_text(json.dumps({"title": drop[1], "text": drop[2]}) + "\n", encoding="utf-8")
    summary = run(RunOptions([str(one), str(two)], str(out), str(rej), dedup=True, near_threshold=0.8, learn=False, resume=True))
    assert (summary.skipped_done, summary.read, summary.rejected) == (1, 1, 1)
    assert json.loads(rej.read_text().splitlines()[-1])["reason"].startswith(f"near duplicate: near copy of {out}:1 ")
