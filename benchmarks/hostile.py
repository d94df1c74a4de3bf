"""Time and peak memory of `clean_html` on the hostile pages the tests use (20 MB page, 100,000
nested elements, 200,000 links, a 5 MB text node, ...), each case in a fresh process.

    python benchmarks/hostile.py

The bound it is held to: a result or CleanerError within a few seconds and well under 2 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from tests.test_cleaners import _hostile_cases
from cleaners import CleanerError, clean_html
page = _hostile_cases()[{name!r}]
clean_html("<html><body><p>" + "A warm-up page loads the language model once per process. " * 3 + "</p></body></html>")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
try:
    chars = len(clean_html(page, url="https://x.example/news/story").text)
except CleanerError as exc:
    chars = "CleanerError"
seconds = time.process_time() - started
print(json.dumps({{"bytes": len(page), "seconds": seconds, "chars": chars,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "before_mb": before / 1024}}))
"""


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.test_cleaners import _hostile_cases

    print("| case | input | CPU seconds | peak memory (process) | text chars |")
    print("|---|---|---|---|---|")
    for name in _hostile_cases():
        out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), name=name)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"| {name} | {r['bytes'] / 2**20:.1f} MB | {r['seconds']:.2f} | {r['peak_mb']:.0f} MB | {r['chars']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
