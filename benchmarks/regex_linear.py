"""Every regular expression the cleaner runs on page text, timed on hostile near-matches.

    python benchmarks/regex_linear.py [--size 1000000] [--repeat 3]

Module-level patterns run over whole texts: near-matches (text built to almost match, over and
over) of N/4 and N characters are searched. Line patterns (the rules' phrase patterns) only ever
see one line of at most 200 characters, so each is matched against many near-match lines of 50
and of 200 characters. Linear patterns take about 4x as long on the larger input, quadratic ones
about 16x; the table flags any ratio above 8. Each timing is the fastest of --repeat runs, so a
busy machine does not pass for a slow pattern.
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
    "monday, november 18, 2019, ", "04:05 pm pt ", "1 2 3 ", "on site.example.com: ", " [news", "© 2019 ",
    "contributed reporting ", "subscribe to ", "jane roe is a ", "listen: http://", "most popular ",
]


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in (_cleaner, _extract, _metadata, _text):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__.split('.')[-1]}.{name}", value))
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


def line_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each phrase rule's line pattern on its own, as PhraseMatcher applies them (to one line)."""
    return [(f"rules: {rule.name} #{i}", re.compile(pattern))
            for rule in DEFAULT_RULES.phrase_rules for i, pattern in enumerate(rule.patterns)]


def timed(pattern: re.Pattern[str], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        pattern.sub("", text)
        best = min(best, time.perf_counter() - start)
    return best


def timed_lines(pattern: re.Pattern[str], lines: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for line in lines:
            pattern.match(line)
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, kind: str, a: float, b: float) -> float:
    ratio = b / a if a > 1e-3 else 4.0
    flag = "  <-- not linear" if ratio > 8 else ""
    print(f"| {name} | {kind} | {a:.3f} | {b:.3f} | {ratio:.1f}{flag} |")
    return ratio


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"| pattern | input | N/4 (s) | N (s) | ratio |")
    print("|---|---|---|---|---|")
    worst = 0.0
    for kind in ("fragments", "whitespace"):
        small, large = near_match(args.size // 4, kind), near_match(args.size, kind)
        for name, pattern in patterns():
            worst = max(worst, _row(name, f"{kind}, text of {args.size:,}", timed(pattern, small, args.repeat),
                                    timed(pattern, large, args.repeat)))
    # lines of 50 and 200 characters: the same number of lines, 4x the characters
    count = max(args.size // 200, 1)
    for kind in ("fragments", "whitespace"):
        text = near_match(args.size, kind).casefold()
        short = [text[i * 200 : i * 200 + 50] for i in range(count)]
        long = [text[i * 200 : i * 200 + 200] for i in range(count)]
        for name, pattern in line_patterns():
            worst = max(worst, _row(name, f"{kind}, {count:,} lines", timed_lines(pattern, short, args.repeat),
                                    timed_lines(pattern, long, args.repeat)))
    print(f"\nworst ratio {worst:.1f} (4 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
