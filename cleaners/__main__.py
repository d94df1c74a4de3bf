"""Command line: `newsbot-clean INPUT... [-o OUT]` (also `python -m cleaners`) cleans pages, texts and dumps;
`newsbot-clean explain PAGE.html` shows what the cleaner kept in one page and why (`--report
out.html`: as an HTML page, see cleaners.report)."""

from __future__ import annotations

import argparse
import sys
import textwrap

from . import Cleaner, CleanerError

__all__ = ["main"]


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def explain(path: str, url: str | None, width: int, out=None, article: bool = False) -> int:
    """Print, block by block, what the cleaner kept and which rule removed the rest."""
    from .report import ReportError, page_type_line, read_page

    out = out or sys.stdout
    try:
        data, fetched_url = read_page(path)
        result, blocks = Cleaner().explain(data, url=url or fetched_url, article=article)
    except (CleanerError, ReportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"title:     {result.title}", file=out)
    print(f"page type: {page_type_line(result)}    extraction: {result.method}    "
          f"kept {len(result.text)} characters", file=out)
    tree = [r for r in result.removed if r.group not in ("text", "region") and r.rule not in ("teaser-list", "link-list", "title")]
    print(f"\nBoxes removed whole ({len(tree)}: tree rules and announced sections):", file=out)
    for removal in tree:
        print(f"  - {removal.rule:<15} {_short(removal.where, 40):<40} {_short(removal.text, width - 60)!r}", file=out)
    print("\nText blocks in page order (KEEP, or the rule that dropped the block; then the block model's "
          "probability that the block is article):", file=out)
    for block in blocks:
        mark = "KEEP" if block.dropped_by is None else block.dropped_by
        chance = "    " if block.chance is None else f"{block.chance:.2f}"
        print(f"  {mark:<15} {chance} <{block.tag}> {_short(block.text, width - 30)}", file=out)
    lines = [r for r in result.removed if r.group == "text"]
    if lines:
        print("\nLines removed from kept blocks:", file=out)
        for removal in lines:
            print(f"  - {removal.rule:<15} {_short(removal.text, width - 20)!r}", file=out)
    return 0


def _jobs(value: str) -> int:
    """--jobs: a whole number of worker processes, 1 to MAX_WORKERS."""
    from ._run import MAX_WORKERS

    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_WORKERS} (8 a CPU), not {value!r}")
    return jobs


def _megabytes(value: str) -> float:
    """A size in MB: a finite number above 0."""
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not 0 < mb < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of MB above 0, not {value!r}")
    return mb


def clean_dumps(argv: list[str]) -> int:
    """`newsbot-clean INPUT... [-o OUT] [--format FORMAT] [--rejects REJECTS.jsonl]`."""
    import os

    from ._output import FORMATS
    from ._run import MAX_WORKERS, RunOptions, run
    from .dumps import FieldNames

    parser = argparse.ArgumentParser(
        prog="newsbot-clean",
        description="Clean articles: saved pages, plain texts and dumps (JSONL, JSON, WARC, folders) into newsbot's "
        "record, or into plain text, Markdown or HTML. Every input record comes out: cleaned (on standard output, "
        "or in OUTPUT), or rejected with its position and reason (on standard error, or in REJECTS).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent("""\
            inputs are read for what their first bytes show, whatever their name:
              JSONL (.jsonl, .ndjson; also gzipped)      one record a line
              a JSON array, or one JSON object (.json)   one record an object
              WARC (.warc, .warc.gz)                     one record an HTML response
              an HTML page (.html, .htm)                 one record; its URL from --url or its canonical link
              plain text (.txt)                          one record: the first line is the title if it reads
                                                         like one. A text holding several articles stays ONE
                                                         record: split it into files or JSONL lines first.
              a folder                                   one record per .html, .htm or .txt file in it
              -                                          standard input, any of the above
              an http(s) URL                             the page, fetched as the crawl fetches: its user
                                                         agent, robots.txt obeyed, its time and size limits
            formats (--format):
              jsonl     the record (see newsbot/record.schema.json), one a line
              text      the title, a blank line, the paragraphs; records parted by a line holding a form feed
              markdown  # Title, ## subheadings, lists, > quotes, tables, links of running text; parted likewise
              html      the clean <article> fragment, one a line
            examples:
              newsbot-clean page.html | jq .title
              cat story.txt | newsbot-clean - --format text
              newsbot-clean crawl.warc.gz dumps/ -o clean.jsonl --dedup near --jobs 2
            also:   newsbot-clean explain PAGE.html   (what the cleaner keeps in one page, and why)
                    newsbot-clean explain PAGE.html --report out.html [--truth TEXT_FILE]   (the same as an HTML page)
            """),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("-o", "--output", help="file for the cleaned records (default: standard output)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="how cleaned records are written (default: %(default)s)")
    parser.add_argument("--rejects", help="JSONL file for the records that could not be cleaned (default: OUTPUT with .rejects.jsonl, "
                        "or one line each on standard error without -o)")
    parser.add_argument("--url", help="the URL of an HTML page or text input (default: the page's canonical link)")
    parser.add_argument("--jobs", type=_jobs, default=1, help=f"worker processes, 1 to {MAX_WORKERS} here (input order is kept)")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run: skip the records OUTPUT and REJECTS already account for")
    parser.add_argument("--max-record-mb", type=_megabytes, default=32, help="reject records larger than this, unread (default: %(default)s)")
    parser.add_argument("--dedup", nargs="?", const="exact", choices=("exact", "near"),
                        help="reject a record whose canonical URL or text an earlier record already had (exact, the default "
                        "when given alone); near: also one whose text is a near copy of an earlier one's")
    parser.add_argument("--near-threshold", type=float, default=0.8,
                        help="with --dedup near: the share of word 5-shingles two texts must share (Jaccard) to be near copies (default: %(default)s)")
    parser.add_argument("--no-learn", dest="learn", action="store_false", help="skip the first pass that learns each site's template lines and the records' titles")
    parser.add_argument("--keep-teasers", dest="empty_records", action="store_false",
                        help="write a text record the line model finds no article in (a headline and one paragraph, a notice) "
                             "with what its line decisions keep, instead of rejecting it: for dumps of briefs")
    parser.add_argument("--all-articles", action="store_true",
                        help="every HTML record is an article (a dump of known stories): none is rejected as a listing page, "
                             "whatever the page-type model says of its shape")
    parser.add_argument("--html-field", help="the field holding HTML (default: detect html, raw_html, content, body, ...)")
    parser.add_argument("--text-field", help="the field holding plain text (default: detect text, maintext, articleBody, ...)")
    parser.add_argument("--url-field", help="the field holding the URL (default: detect url, link, ...)")
    parser.add_argument("--title-field", help="the field holding the title (default: detect title, headline)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="show a progress bar on standard error (default: on a terminal)")
    parser.add_argument("--dask", metavar="ADDRESS", help="clean on a Dask cluster: its scheduler (tcp://host:8786) or local:N (N worker "
                        "processes here); INPUTs may then be globs and fsspec URLs (s3://...), read by the workers, and OUTPUT is a folder "
                        "of part files (needs pip install 'newsbot[dask]')")
    parser.add_argument("--partition-mb", type=_megabytes, default=128, help="with --dask: cut uncompressed JSONL inputs into parts of this many MB (default: %(default)s)")
    args = parser.parse_args(argv)
    if not 0 < args.near_threshold <= 1:
        parser.error("--near-threshold must be above 0 and at most 1")
    if args.dask:
        from .dask import clean_on_dask

        return clean_on_dask(args, parser)
    output = None if args.output in (None, "-") else args.output
    rejects = args.rejects or (os.path.splitext(output)[0] + ".rejects.jsonl" if output else None)
    if {output, rejects} & set(args.inputs):
        parser.error("OUTPUT and REJECTS must not be inputs")
    if args.resume and (output is None or args.format != "jsonl"):
        parser.error("--resume needs a JSONL output file: -o OUT.jsonl")
    if args.dedup == "near":
        try:
            from . import _neardup  # noqa: F401
        except ImportError as exc:
            parser.error(str(exc))
    options = RunOptions(
        inputs=args.inputs, output=output, rejects=rejects, jobs=args.jobs, resume=args.resume, learn=args.learn,
        empty_records=args.empty_records, all_articles=args.all_articles,
        dedup=args.dedup is not None, near_threshold=args.near_threshold if args.dedup == "near" else None,
        max_record_bytes=int(args.max_record_mb * 2**20), format=args.format, url=args.url,
        fields=FieldNames(html=args.html_field, text=args.text_field, url=args.url_field, title=args.title_field),
        progress=sys.stderr.isatty() if args.progress is None else args.progress,
    )
    summary = run(options)
    for line in summary.lines():
        print(line, file=sys.stderr)
    if output:
        print(f"cleaned records: {output}", file=sys.stderr)
    if rejects:
        print(f"rejects: {rejects}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """`newsbot-clean` / `python -m cleaners`: clean dumps, or `explain` one page."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--explain":
        argv = ["explain", *argv[1:]]
    if not argv or argv[0] != "explain":
        return clean_dumps(argv)
    parser = argparse.ArgumentParser(prog="newsbot-clean explain", description="Show block by block what the cleaner kept in a page and which rule removed the rest.")
    parser.add_argument("page", nargs="?", help="an HTML file, or - for standard input")
    parser.add_argument("--url", help="the page's URL (helps tell links to the same site)")
    parser.add_argument("--width", type=int, default=120, help="line width (default: %(default)s)")
    parser.add_argument("--article", action="store_true",
                        help="the page is known to be a story (a news sitemap's entry, a feed's item): cleaned as "
                             "one whatever its shape, as the crawl cleans such pages")
    from . import report

    report.add_arguments(parser)
    args = parser.parse_args(argv[1:])
    if args.report or args.truth or args.corpus or args.id:
        return report.run(args, parser)
    if args.page is None:
        parser.error("PAGE is required")
    return explain(args.page, args.url, args.width, article=args.article)


if __name__ == "__main__":
    sys.exit(main())
