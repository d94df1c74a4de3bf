"""cleaners._lifeline: workers end with the process they work for, even after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import alive, descendants, end_all, page_case, wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")

ROOT = Path(__file__).resolve().parent.parent


def test_a_worker_ends_when_the_process_it_works_for_ends():
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker = subprocess.Popen([sys.executable, "-c",
                               f"import time; from cleaners._lifeline import end_with; end_with({owner.pid}); time.sleep(60)"],
                              cwd=ROOT)
    try:
        time.sleep(1.0)
        assert worker.poll() is None
        owner.kill()
        owner.wait()
        assert wait_until(lambda: worker.poll() is not None, 5.0)
    finally:
        for proc in (owner, worker):
            if proc.poll() is None:
                proc.kill()


def test_kill_9_of_newsbot_clean_jobs_leaves_no_process_behind(tmp_path):
    case = page_case("en-news-semantic")
    html = case.body.decode("utf-8")
    dump = tmp_path / "pages.jsonl"
    with open(dump, "w", encoding="utf-8") as f:
        for i in range(20_000):
            f.write(json.dumps({"url": f"{case.url}?copy={i}", "html": html}) + "\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    tree: set[int] = set()
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", str(dump), "-o", str(tmp_path / "out.jsonl"),
                             "--jobs", "2", "--no-learn", "--no-progress"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: len(descendants(proc.pid)) >= 2, 60.0), "the workers never started"
        assert wait_until(lambda: (tmp_path / "out.jsonl").exists() and (tmp_path / "out.jsonl").stat().st_size > 0, 60.0)
        tree = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert wait_until(lambda: not alive(tree), 5.0), f"left behind: {sorted(alive(tree))}"
    finally:
        end_all(proc, tree)


@pytest.mark.e2e
def test_kill_9_of_a_crawl_leaves_no_cleaning_process_behind(tmp_path):
    from newsbot.demo.server import DemoServer

    from .conftest import jobdir_crawl_command, wait_for_lines

    out = tmp_path / "articles.jsonl"
    cmd, env = jobdir_crawl_command(out, tmp_path / "job", delay=0.3)
    cmd += ["-s", "NEWSBOT_CLEANER_WORKERS=2"]
    with DemoServer() as server:
        tree: set[int] = set()
        proc = subprocess.Popen([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_lines(out, 1)  # a page was cleaned: the forkserver and its workers are up
            tree = descendants(proc.pid)
            assert len(tree) >= 3, "expected the forkserver and two workers"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            assert wait_until(lambda: not alive(tree), 5.0), f"left behind: {sorted(alive(tree))}"
        finally:
            end_all(proc, tree)
