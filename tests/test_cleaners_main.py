"""cleaners.__main__: the command line (explain)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cleaners import Cleaner
from cleaners.__main__ import main

from .conftest import PAGES, page_case

ROOT = Path(__file__).resolve().parent.parent


def test_explain_shows_kept_blocks_and_rules(capsys):
    case = page_case("en-blog-divsoup")
    assert main(["explain", str(PAGES / case.name / "page.html"), "--url", case.url]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.split()[:1] == ["KEEP"] and "<p> A brief but consequential meeting" in line for line in lines)
    assert any(line.split()[:1] == ["link-announcer"] and "<div> Previous Article" in line for line in lines)
    assert "comments" in out and "outside-main" in out


def test_explain_shows_the_page_type_and_cleans_a_page_known_to_be_a_story_as_the_crawl_does(capsys):
    case = page_case("listing-tag")
    page = str(PAGES / case.name / "page.html")
    assert main(["explain", page, "--url", case.url]) == 0
    assert "page type: listing (listing chance 1.00) " in capsys.readouterr().out
    # --article: as a news sitemap's entry is cleaned in a crawl, with the same text
    assert main(["explain", page, "--url", case.url, "--article"]) == 0
    out = capsys.readouterr().out
    assert "page type: article (listing chance 1.00), declared a story: the page type alone makes it a listing" in out
    written = Cleaner().clean_html(case.body, url=case.url, article=True)
    kept = [line.split("> ", 1)[1] for line in out.splitlines() if line.startswith("  KEEP")]
    assert kept and all(text[:40] in written.text for text in kept)


def test_explain_reports_unusable_input(tmp_path, capsys):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert main(["explain", str(empty)]) == 1
    assert "error: empty input" in capsys.readouterr().err


def test_python_dash_m_cleaners_runs():
    case = page_case("pl-news")
    proc = subprocess.run([sys.executable, "-m", "cleaners", "explain", str(PAGES / case.name / "page.html")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0
    assert "Nowy most na Warcie" in proc.stdout


def test_cleaner_explain_marks_every_block():
    case = page_case("en-news-semantic")
    result, blocks = Cleaner().explain(case.body, url=case.url)
    kept = [b.text for b in blocks if b.dropped_by is None]
    assert "\n\n".join(kept) == result.text
    assert any(b.dropped_by == "outside-main" for b in blocks)


def test_explain_shows_the_block_models_probability(capsys):
    case = page_case("en-news-semantic")
    assert main(["explain", str(PAGES / case.name / "page.html"), "--url", case.url]) == 0
    blocks = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("  ") and "<" in line]
    kept = [float(parts[1]) for parts in blocks if parts[0] == "KEEP"]
    # the chances printed are the block model's, as `Cleaner.explain` gives them, to two places
    html = (PAGES / case.name / "page.html").read_bytes()
    _, explained = Cleaner().explain(html, url=case.url)
    assert kept == [round(b.chance, 2) for b in explained if b.dropped_by is None]
    assert len(kept) >= 3 and all(chance >= 0.5 for chance in kept)


# -- cleaning from the command line: inputs by content, stdout and stderr ------------------------

import json  # noqa: E402
import os  # noqa: E402

import pytest  # noqa: E402

from .conftest import FIXTURES  # noqa: E402

STORY = FIXTURES / "texts" / "wire-story-dump.txt"
STORY_TITLE = "Coastal Towns Agree Shared Flood Defence Plan After Winter Storms"
SEED = ROOT.parent / "shared" / "seeds" / "000_22cdab1bd1da2afc.txt"


def newsbot_clean(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cleaners", *args], input=stdin if stdin is not None else b"",
                          capture_output=True, env=env, timeout=120)


def records_of(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def assert_story(record: dict) -> None:
    paragraphs = record["text"].split("\n\n")
    assert record["title"] == STORY_TITLE
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Four coastal towns") and paragraphs[-1].endswith("(Staff reporter)")
    for cruft in ("No time to read", "Get a summary", "Previous Article", "Next Article", "Ferry operator"):
        assert cruft not in record["text"]


def test_a_text_file_is_one_record_on_stdout_and_the_summary_on_stderr():
    proc = newsbot_clean(str(STORY))
    assert proc.returncode == 0, proc.stderr
    (record,) = records_of(proc.stdout)
    assert_story(record)
    assert b"read 1 record = cleaned 1 + rejected 0" in proc.stderr
    assert b"read 1" not in proc.stdout


def test_a_text_on_stdin_is_one_record():
    proc = newsbot_clean("-", stdin=STORY.read_bytes())
    assert proc.returncode == 0, proc.stderr
    (record,) = records_of(proc.stdout)
    assert_story(record)


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_format_text_gives_the_title_a_blank_line_and_the_paragraphs(source):
    proc = newsbot_clean(str(STORY), "--format", "text") if source == "file" else \
        newsbot_clean("-", "--format", "text", stdin=STORY.read_bytes())
    assert proc.returncode == 0, proc.stderr
    record = records_of(newsbot_clean(str(STORY)).stdout)[0]
    assert proc.stdout.decode("utf-8") == f"{STORY_TITLE}\n\n{record['text']}\n"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed dump is not beside the repository")
@pytest.mark.parametrize("source", ["file", "stdin"])
def test_the_users_seed_gives_its_title_and_six_paragraphs(source):
    proc = newsbot_clean(str(SEED)) if source == "file" else newsbot_clean("-", stdin=SEED.read_bytes())
    (record,) = records_of(proc.stdout)
    assert record["title"].startswith("Kishida, Khurelsukh Call for North Korea")
    paragraphs = record["text"].split("\n\n")
    assert len(paragraphs) == 6 and paragraphs[-1].endswith("(Kyodo)")
    assert "Get a summary" not in record["text"] and "Next Article" not in record["text"]


def test_a_saved_page_is_one_record_with_its_canonical_url():
    case = page_case("en-news-semantic")
    proc = newsbot_clean(str(PAGES / case.name / "page.html"))
    assert proc.returncode == 0, proc.stderr
    (record,) = records_of(proc.stdout)
    assert record["text"] == case.expected_text
    # the page's canonical link, as the page gives it; canonical_url without its tracking parameter
    assert record["url"].startswith(case.url) and record["canonical_url"] == case.url


def test_a_page_takes_the_url_given_on_the_command_line():
    case = page_case("pl-news")
    proc = newsbot_clean(str(PAGES / case.name / "page.html"), "--url", "https://gazeta.example/a?utm_source=x")
    (record,) = records_of(proc.stdout)
    assert record["url"] == "https://gazeta.example/a?utm_source=x"


def test_rejects_go_to_stderr_one_line_each_and_records_to_stdout(tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(json.dumps({"text": STORY.read_text(encoding="utf-8")}).encode() + b"\n{broken\n" + b'{"url": "https://a.example/"}\n')
    proc = newsbot_clean(str(dump))
    assert proc.returncode == 0
    assert len(records_of(proc.stdout)) == 1
    err = proc.stderr.decode()
    assert f"rejected {dump}:2: invalid JSON" in err and f"rejected {dump}:3: no HTML or text field" in err
    assert "read 3 records = cleaned 1 + rejected 2" in err


def test_rejects_can_go_to_a_file_while_records_go_to_stdout(tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(b"{broken\n")
    proc = newsbot_clean(str(dump), "--rejects", str(tmp_path / "r.jsonl"))
    assert proc.stdout == b""
    assert json.loads((tmp_path / "r.jsonl").read_text())["position"] == f"{dump}:1"
    assert f"rejected {dump}" not in proc.stderr.decode()


def test_output_to_a_file_still_writes_rejects_beside_it(tmp_path):
    proc = newsbot_clean(str(STORY), "-o", str(tmp_path / "clean.jsonl"))
    assert proc.returncode == 0 and proc.stdout == b""
    assert_story(json.loads((tmp_path / "clean.jsonl").read_text()))
    assert (tmp_path / "clean.rejects.jsonl").exists()


def test_several_inputs_of_every_kind_to_one_stream(tmp_path):
    case = page_case("de-windows1252")
    (tmp_path / "page").write_bytes(case.body)  # no suffix: sniffed
    (tmp_path / "dump.txt").write_bytes(json.dumps({"text": STORY.read_text(encoding="utf-8")}).encode() + b"\n")  # JSONL named .txt
    proc = newsbot_clean(str(tmp_path / "page"), str(tmp_path / "dump.txt"), "-", stdin=STORY.read_bytes())
    records = records_of(proc.stdout)
    assert [r["title"] for r in records] == [case.meta["title"], STORY_TITLE, STORY_TITLE]


def test_resume_needs_an_output_file():
    proc = newsbot_clean(str(STORY), "--resume")
    assert proc.returncode == 2 and b"--resume needs a JSONL output file" in proc.stderr


def test_help_says_a_text_with_several_articles_stays_one_record():
    proc = newsbot_clean("--help")
    assert "A text holding several articles stays ONE record" in " ".join(proc.stdout.decode().split())


def test_a_saved_page_as_markdown_shows_its_subheadings():
    proc = newsbot_clean(str(PAGES / "en-explainer-structured" / "page.html"), "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert lines[0] == "# How the new bus fares work, explained"
    assert [line for line in lines if line.startswith("#")][1:] == [
        "## What the zones are", "### Day and week tickets", "## How to pay", "## What operators and passengers say"]


def test_the_progress_bar_goes_to_stderr_and_leaves_stdout_to_the_records(tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(b"".join(json.dumps({"text": STORY.read_text(encoding="utf-8").replace("Eastwick", f"Eastwick {i}")}).encode() + b"\n"
                              for i in range(40)))
    proc = newsbot_clean(str(dump), "--progress", "--no-learn")
    assert len(records_of(proc.stdout)) == 40
    assert "40 records [" in proc.stderr.decode() and "cleaned=40, rejected=0" in proc.stderr.decode()


def test_a_text_without_article_is_rejected_unless_teasers_are_kept(tmp_path):
    teaser = {"id": "t", "text": "Storm closes mountain roads\nHeavy snow closed three mountain passes on Tuesday, and the "
              "weather service warned that more was on the way before the weekend."}
    story = {"id": "s", "text": STORY.read_text(encoding="utf-8")}
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in (teaser, story)), encoding="utf-8")
    for jobs in ("1", "2"):
        proc = newsbot_clean(str(dump), "--no-learn", "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        assert len(records_of(proc.stdout)) == 1  # the story; the teaser went, with its reason
        assert "d.jsonl:1: no article in the text" in proc.stderr.decode()
        kept = newsbot_clean(str(dump), "--no-learn", "--jobs", jobs, "--keep-teasers")
        assert [r["text"] for r in records_of(kept.stdout)][0].startswith("Heavy snow closed")  # headline as the title
        assert "read 2 records = cleaned 2 + rejected 0" in kept.stderr.decode()


def test_a_dump_of_known_articles_keeps_a_page_the_page_type_would_call_a_listing(tmp_path):
    listing = page_case("listing-tag")
    # a tag page that opens with a story and declares an article: the page type's prose guard
    # keeps it an article with or without the flag, so the flag overrules nothing there
    shaped = page_case("story-shaped-as-listing", FIXTURES)
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"url": listing.url, "html": listing.body.decode("utf-8")}) + "\n"
                    + json.dumps({"text": STORY.read_text(encoding="utf-8")}) + "\n"
                    + json.dumps({"url": shaped.url, "html": shaped.body.decode("utf-8")}) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        proc = newsbot_clean(str(dump), "--no-learn", "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        assert len(records_of(proc.stdout)) == 2
        assert "d.jsonl:1: not an article (a listing page)" in proc.stderr.decode()
        assert "--all-articles" not in proc.stderr.decode()
        kept = newsbot_clean(str(dump), "--no-learn", "--jobs", jobs, "--all-articles")
        records = records_of(kept.stdout)
        assert "read 3 records = cleaned 3 + rejected 0" in kept.stderr.decode()
        assert "though the page type calls them listings: 1\n" in kept.stderr.decode()
        assert "Shipping lines warn that costs will be passed on." in records[0]["text"]
        assert_story(records[1])  # a text record is cleaned as ever
        assert records[2]["text"].startswith("The county's economy ended the autumn")


def test_lone_surrogates_and_json_nested_too_deep_are_read_or_rejected_and_the_run_goes_on(tmp_path):
    # JSON escapes of lone surrogates are valid JSON that no UTF-8 writer can encode as Python
    # reads them; JSON nested deeper than Python's parser goes raised RecursionError: both ended
    # the whole run before
    story = STORY.read_text(encoding="utf-8")
    page = page_case("fr-teaser-rail").body.decode("utf-8").replace('"name":"Claire Lemoine"', '"name":"Claire \\ud800 Lemoine"')
    lines = [
        json.dumps({"url": "https://a.example/\ud800", "title": "Odd \udfff title", "text": story.replace("Four coastal", "Four \ud800 coastal")}),
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"url": "https://b.example/digue", "html": page}),
        json.dumps({"text": story}),
    ]
    assert "\\ud800" in lines[0] and "\\ud800" in lines[2]
    dump = tmp_path / "d.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="ascii")
    for extra in ((), ("--jobs", "2")):
        out = tmp_path / f"clean{len(extra)}.jsonl"
        proc = newsbot_clean(str(dump), "-o", str(out), *extra)
        assert proc.returncode == 0, proc.stderr
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(records) == 3
        assert records[0]["title"] == "Odd \ufffd title" and "Four \ufffd coastal" in records[0]["text"]
        assert records[0]["url"] == "https://a.example/\ufffd"
        assert records[1]["authors"] == ["Claire \ufffd Lemoine"]
        assert_story(records[2])
        (reject,) = [json.loads(line) for line in out.with_suffix(".rejects.jsonl").read_text(encoding="utf-8").splitlines()]
        assert reject["position"] == f"{dump}:2" and reject["reason"] == "invalid JSON: JSON nested too deeply to read"
    # the text formats on standard output too
    proc = newsbot_clean(str(dump), "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert "# Odd \ufffd title" in proc.stdout.decode("utf-8")


def test_a_file_name_that_is_no_utf8_is_shown_with_its_byte_escaped(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"notes-\xff.pdf"), "wb") as f:
            f.write(b"%PDF-1.7")
    except OSError:
        pytest.skip("the file system takes only UTF-8 names")
    (folder / "story.txt").write_bytes(STORY.read_bytes())
    proc = newsbot_clean(str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert_story(json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8")))
    (reject,) = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reject["position"] == f"{folder}/notes-\\xff.pdf"
    assert reject["reason"] == "not an .html, .htm or .txt file"


@pytest.mark.parametrize("option, value, message", [
    ("--jobs", "0", "must be a whole number from 1 to"),
    ("--jobs", "99999999999", "must be a whole number from 1 to"),
    ("--max-record-mb", "inf", "must be a number of MB above 0, not 'inf'"),
    ("--max-record-mb", "nan", "must be a number of MB above 0, not 'nan'"),
    ("--partition-mb", "-1", "must be a number of MB above 0, not '-1'"),
    ("--near-threshold", "nan", "--near-threshold must be above 0 and at most 1"),
])
def test_an_option_no_run_can_use_is_a_usage_error(tmp_path, capsys, option, value, message):
    # before, --max-record-mb inf ended in an OverflowError and --jobs 99999999999 in one from the
    # process pool
    source = tmp_path / "in.jsonl"
    source.write_text('{"url": "https://news.example/a", "html": "<p>Text.</p>"}\n')
    with pytest.raises(SystemExit) as exit_:
        main([str(source), "-o", str(tmp_path / "out.jsonl"), f"{option}={value}"])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()
