"""Every regular expression the cleaner runs on page text, timed on hostile near-matches.

    python benchmarks/regex_linear.py [--size 1000000]

For each pattern, near-matches (text built to almost match, over and over) of size N/4 and N are
searched; linear patterns take about 4x as long on the larger input, quadratic ones about 16x.
The table flags any ratio above 8.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import _cleaner, _extract, _metadata, _text  # noqa: E402
from cleaners.rules import DEFAULT_RULES  # noqa: E402

# Fragments that nearly match the patterns: tags, dates, bylines, credits, announcers.
NEAR = [
    "<div " * 3 + "x", "</div" * 3, "Read more: ", "Photo: Getty (", "(Image: ", "By ", "Updated at 1",
    "12 de março de ", "3 November ", "Nov. 3, ", "@ab.cd.", "Follow us on ", "sign up for our ", "click here ",
    "Image 1 of ", "4 min ", "a/b/Getty Images ", "reading time: ", "More Great ", "x" * 50, " | ", "\u2014 ",
]


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in (_cleaner, _extract, _metadata, _text):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__.split('.')[-1]}.{name}", value))
    matcher = _text.PhraseMatcher(DEFAULT_RULES)
    if matcher._patterns is not None:
        found.append(("rules: all line patterns", matcher._patterns))
    return found


def near_match(size: int, kind: str = "fragments") -> str:
    if kind == "whitespace":  # one long run of spaces: the trap for patterns anchored at the end
        return "a" + " " * (size - 2) + "x"
    out, i = [], 0
    total = 0
    while total < size:
        piece = NEAR[i % len(NEAR)]
        out.append(piece)
        total += len(piece)
        i += 1
    return "".join(out)[:size]


def timed(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    pattern.sub("", text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    print(f"| pattern | input | {args.size // 4:,} chars (s) | {args.size:,} chars (s) | ratio |")
    print("|---|---|---|---|---|")
    worst = 0.0
    for kind in ("fragments", "whitespace"):
        small, large = near_match(args.size // 4, kind), near_match(args.size, kind)
        for name, pattern in patterns():
            a, b = timed(pattern, small), timed(pattern, large)
            ratio = b / a if a > 1e-3 else 4.0
            worst = max(worst, ratio)
            flag = "  <-- not linear" if ratio > 8 else ""
            print(f"| {name} | {kind} | {a:.3f} | {b:.3f} | {ratio:.1f}{flag} |")
    print(f"\nworst ratio {worst:.1f} (4 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
