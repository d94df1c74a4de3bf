"""cleaners._output: each format's output for whole pages and texts (golden files), stdout, separators."""

from __future__ import annotations

import json

import pytest

from cleaners._output import RECORD_SEPARATOR, open_records, open_rejects, render
from cleaners._run import RunOptions, run

from .conftest import FIXTURES, PAGES

FORMATS_DIR = FIXTURES / "formats"
#: (case, input file): pages with subheadings, lists, a table, a quote and links; a text dump
CASES = {
    "en-explainer-structured": PAGES / "en-explainer-structured" / "page.html",
    "en-news-semantic": PAGES / "en-news-semantic" / "page.html",
    "wire-story-dump": FIXTURES / "texts" / "wire-story-dump.txt",
}
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html"}


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_format_golden(tmp_path, request, case, fmt):
    out = tmp_path / f"out.{EXTENSIONS[fmt]}"
    summary = run(RunOptions([str(CASES[case])], str(out), str(tmp_path / "rejects.jsonl"), format=fmt))
    assert summary.cleaned == 1
    golden = FORMATS_DIR / f"{case}.{EXTENSIONS[fmt]}"
    if request.config.getoption("--update-golden"):
        golden.write_bytes(out.read_bytes())
        pytest.skip("golden file rewritten: review the diff, then run again without --update-golden")
    assert out.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_markdown_golden_states_its_intent():
    md = (FORMATS_DIR / "en-explainer-structured.md").read_text(encoding="utf-8")
    lines = md.splitlines()
    assert lines[0] == "# How the new bus fares work, explained"
    assert "## What the zones are" in lines and "### Day and week tickets" in lines
    assert "| Zones | Adult | Under 19 |" in lines and "| Zones 1 and 2 | £2.60 | £1.30 |" in lines
    assert "1. Tap a contactless bank card or phone on the reader as you board." in lines
    assert "- the night bus flat fare of £2." in lines
    assert any(line.startswith("> Zones are something a visitor") for line in lines)
    assert "[check the zones of their own journey](https://transport.example/fares/check)" in md
    # links of running text only: the related-story and navigation links are gone with their boxes
    assert "night-buses" not in md and "/sport" not in md and "facebook" not in md


def test_text_format_parts_records_with_a_form_feed_line(tmp_path):
    story = CASES["wire-story-dump"]
    out = tmp_path / "out.txt"
    run(RunOptions([str(story), str(story)], str(out), str(tmp_path / "r.jsonl"), format="text"))
    one = (FORMATS_DIR / "wire-story-dump.txt").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == one + RECORD_SEPARATOR + one
    assert RECORD_SEPARATOR == "\f\n"


def test_html_format_puts_one_fragment_on_each_line(tmp_path):
    out = tmp_path / "out.html"
    run(RunOptions([str(CASES["wire-story-dump"]), str(CASES["en-news-semantic"])], str(out), str(tmp_path / "r.jsonl"), format="html"))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(line.startswith("<article><h1>") and line.endswith("</article>") for line in lines)


def test_render_jsonl_is_one_line():
    line = render("jsonl", {"title": "T", "text": "a\n\nb"}, None)
    assert line.endswith("\n") and line.count("\n") == 1 and json.loads(line)["text"] == "a\n\nb"


def test_render_needs_the_rendered_form_for_markdown():
    with pytest.raises(ValueError):
        render("markdown", {"title": "T", "text": "x"}, None)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        open_records(None, "pdf")


def test_records_to_stdout_are_flushed_one_by_one(capsys):
    writer = open_records(None, "text")
    writer.write({"title": "One", "text": "First."}, None)
    assert capsys.readouterr().out == "One\n\nFirst.\n"
    writer.write({"title": None, "text": "Second."}, None)
    writer.close()
    assert capsys.readouterr().out == "\f\nSecond.\n"


def test_rejects_without_a_file_are_lines_on_stderr(capsys):
    rejects = open_rejects(None)
    rejects.write({"index": 0, "position": "d.jsonl:3", "reason": "invalid JSON: Expecting value", "snippet": "{x"})
    rejects.close()
    assert capsys.readouterr().err == "rejected d.jsonl:3: invalid JSON: Expecting value\n"


def test_rejects_to_a_file_are_jsonl(tmp_path):
    rejects = open_rejects(str(tmp_path / "r.jsonl"))
    rejects.write({"index": 0, "position": "p", "reason": "r", "snippet": None})
    rejects.close()
    assert json.loads((tmp_path / "r.jsonl").read_text()) == {"index": 0, "position": "p", "reason": "r", "snippet": None}


def test_html_golden_keeps_ordered_lists_and_tables():
    html = (FORMATS_DIR / "en-explainer-structured.html").read_text(encoding="utf-8")
    assert "<ol><li>Tap a contactless bank card" in html
    assert "<table><caption>Single fares from 1 January</caption><tr><th>Zones</th>" in html
    assert "<ul><li>free travel for children under five;</li>" in html
