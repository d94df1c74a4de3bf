"""newsbot.dupefilter: a crawl killed with -9 and run again with the same JOBDIR finishes the job."""

from __future__ import annotations

import json
import signal
import subprocess

import pytest
from scrapy.utils.test import get_crawler

from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site
from newsbot.dupefilter import RunDupeFilter

from .conftest import jobdir_crawl_command, wait_for_lines


def test_fingerprints_stay_in_memory_even_with_jobdir(tmp_path):
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path / "job")})
    dupefilter = RunDupeFilter.from_crawler(crawler)
    assert dupefilter.file is None


@pytest.mark.e2e
def test_kill_9_then_the_same_command_again_writes_every_article_once(tmp_path):
    out, job = tmp_path / "out.jsonl", tmp_path / "job"
    cmd, env = jobdir_crawl_command(out, job, delay=0.1)
    site = load_site()
    with DemoServer() as server:
        first = subprocess.Popen([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
        wait_for_lines(out, 5)
        first.send_signal(signal.SIGKILL)
        first.wait()
        written_before = out.read_bytes().count(b"\n")
        assert 5 <= written_before < len(site.articles)
        again = subprocess.run([*cmd, "-a", f"url={server.url}"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    raw = out.read_bytes()
    assert raw.endswith(b"\n")
    titles = [json.loads(line)["title"] for line in raw.decode("utf-8").splitlines()]
    assert sorted(titles) == sorted(a.title for a in site.articles)  # each exactly once
    assert "'finish_reason': 'finished'" in again.stderr
