"""Coverage-guided fuzzing of `clean_html` and `clean_text` with atheris.

    pip install atheris
    python fuzz/fuzz_clean_html.py fuzz/corpus/html -max_total_time=1800 -rss_limit_mb=2048

Any exception other than CleanerError, a text result holding characters the input never had,
a result that cannot be written as a UTF-8 JSON line, or a run over the time or memory limit is a
finding: libFuzzer writes the input to crash-*/timeout-*.
Keep each as a regression test under tests/fixtures/fuzz/.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

import atheris

with atheris.instrument_imports(include=["cleaners"]):
    from cleaners import CleanerError, clean_html, clean_text
    from cleaners._decode import read_again


#: The address a page comes with, as in a crawl (every page has one there): links, canonical links
#: and images are read against it, and its path tells the section.
URL = "https://news.example/section/story"


def check_html(data: bytes, url: str | None = None) -> None:
    try:
        result = clean_html(data, url=url)
    except CleanerError:
        return
    assert isinstance(result.text, str)
    # what a crawl or newsbot-clean writes: every field, as a UTF-8 JSON line
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    (result.html + result.markdown).encode("utf-8")


def check_text(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    out = clean_text(text)
    # nothing made up: every character of the output (whitespace aside) is one of the input's, or
    # of the input read again where it looks like UTF-8 read as Latin-1 (cleaners._decode.read_again)
    made_up = Counter("".join(out.split())) - (Counter("".join(text.split())) | Counter("".join(read_again(text).split())))
    assert not made_up, f"clean_text made up {sorted(made_up)[:10]}"


def test_one_input(data: bytes) -> None:
    # the first byte picks the entry point, so one corpus covers both, and whether the page
    # comes with its address
    if not data:
        return
    if data[0] & 1:
        check_text(data[1:])
    else:
        check_html(data[1:], URL if data[0] & 2 else None)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
