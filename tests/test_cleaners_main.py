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
    assert kept and all(0.0 <= chance <= 1.0 for chance in kept)
