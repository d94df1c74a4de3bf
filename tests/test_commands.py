"""newsbot.commands: the project's `scrapy crawl` and its exit status. (A crawl that finishes
exits 0: the real crawls of test_spiders_articles; one that loses its Redis exits
UNFINISHED_EXIT_CODE: test_distributed's Redis-lost crawl.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newsbot.commands.crawl import UNFINISHED_EXIT_CODE

ROOT = Path(__file__).resolve().parent.parent


def test_scrapy_runs_the_projects_crawl_command_and_says_what_its_exit_status_means(tmp_path):
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "-h"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"Exits {UNFINISHED_EXIT_CODE} when the crawl stopped with work left" in " ".join(proc.stdout.split())


def test_a_crawl_that_cannot_start_says_why_and_exits_1(tmp_path):
    # a setting no component can use: the crawl does not start, and the error names it (before,
    # the command's own look at the finish reason hid it behind "Crawler.stats is not set yet")
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "articles", "-a", "url=http://127.0.0.1:9/",
                           "-s", "NEWSBOT_CLEANER_MAIN_SHARE=abc", "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path}"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1
    assert "NEWSBOT_CLEANER_MAIN_SHARE must be a number above 0 and at most 1, not 'abc'" in proc.stderr
    assert "Crawler.stats is not set" not in proc.stderr
