"""Command line: `python -m cleaners explain PAGE.html` shows what the cleaner kept and why."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from . import Cleaner, CleanerError

__all__ = ["main"]


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def explain(path: str, url: str | None, width: int, out=None) -> int:
    """Print, block by block, what the cleaner kept and which rule removed the rest."""
    out = out or sys.stdout
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    try:
        result, blocks = Cleaner().explain(data, url=url)
    except CleanerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"title:     {result.title}", file=out)
    print(f"page type: {result.page_type}    extraction: {result.method}    "
          f"kept {len(result.text)} characters", file=out)
    tree = [r for r in result.removed if r.group not in ("text", "region") and r.rule not in ("teaser-list", "link-list", "title")]
    print(f"\nBoxes removed whole ({len(tree)}: tree rules and announced sections):", file=out)
    for removal in tree:
        print(f"  - {removal.rule:<15} {_short(removal.where, 40):<40} {_short(removal.text, width - 60)!r}", file=out)
    print("\nText blocks in page order (KEEP, or the rule that dropped the block):", file=out)
    for block in blocks:
        mark = "KEEP" if block.dropped_by is None else block.dropped_by
        print(f"  {mark:<15} <{block.tag}> {_short(block.text, width - 25)}", file=out)
    lines = [r for r in result.removed if r.group == "text"]
    if lines:
        print("\nLines removed from kept blocks:", file=out)
        for removal in lines:
            print(f"  - {removal.rule:<15} {_short(removal.text, width - 20)!r}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cleaners",
        description="newsbot's article cleaner.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent("""\
            examples:
              python -m cleaners explain saved-page.html --url https://example.com/story
            """),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("explain", help="show block by block what was kept and which rule removed the rest")
    ex.add_argument("page", help="an HTML file, or - for standard input")
    ex.add_argument("--url", help="the page's URL (helps tell links to the same site)")
    ex.add_argument("--width", type=int, default=120, help="line width (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.command == "explain":
        return explain(args.page, args.url, args.width)
    return 2


if __name__ == "__main__":
    sys.exit(main())
