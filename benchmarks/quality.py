"""Article-text quality and speed: newsbot's cleaner beside trafilatura and readability-lxml.

    python benchmarks/quality.py [--shared ../shared] [--corpus aeb readability] [--only newsbot]
                                 [--worst 5] [--save-predictions DIR]

Reads the corpora and the scorer from ../shared at run time (nothing of them is in this
repository) and prints one table: F1, precision, recall, cruft lines, disasters (pages under
F1 0.5) and pages per CPU-second, all extractors measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def find_shared(explicit: str | None) -> Path | None:
    """The shared folder: --shared, else ../shared beside the repository."""
    for candidate in [Path(explicit)] if explicit else [ROOT.parent / "shared"]:
        if (candidate / "eval" / "score.py").exists():
            return candidate.resolve()
    return None


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("newsbot_shared_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_corpus(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def newsbot_extractor() -> Callable[[str, str | None], str]:
    from cleaners import CleanerError, clean_html

    def run(html: str, url: str | None) -> str:
        try:
            return clean_html(html, url=url).text
        except CleanerError:
            return ""

    return run


def trafilatura_extractor() -> Callable[[str, str | None], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html, url=url, include_comments=False) or ""

    return run


def readability_extractor() -> Callable[[str, str | None], str] | None:
    try:
        import html_text
        from readability import Document
    except ImportError:
        return None

    def run(html: str, url: str | None) -> str:
        try:
            return html_text.extract_text(Document(html, url=url).summary(html_partial=True))
        except Exception:  # the anchor's own failures count as empty output, as in the eval README
            return ""

    return run


EXTRACTORS: dict[str, Callable[[], Callable | None]] = {
    "newsbot": newsbot_extractor,
    "trafilatura": trafilatura_extractor,
    "readability-lxml": readability_extractor,
}


def measure(extract: Callable[[str, str | None], str], corpus: list[dict]) -> tuple[dict[str, str], float]:
    """Predictions by id and pages per CPU-second."""
    preds: dict[str, str] = {}
    start = time.process_time()
    for rec in corpus:
        preds[rec["id"]] = extract(rec["html"], rec.get("url"))
    cpu = time.process_time() - start
    return preds, len(corpus) / cpu if cpu else float("inf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="path to the shared folder (default: ../shared)")
    ap.add_argument("--corpus", nargs="+", default=["aeb", "readability"])
    ap.add_argument("--only", nargs="+", choices=list(EXTRACTORS), help="run only these extractors")
    ap.add_argument("--worst", type=int, default=0, help="list each extractor's N worst pages")
    ap.add_argument("--save-predictions", metavar="DIR", help="write each extractor's predictions as JSONL")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON lines too")
    args = ap.parse_args(argv)

    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: the shared corpora (../shared/corpus, ../shared/eval) are not here")
        return 0
    scorer = load_scorer(shared)
    names = args.only or list(EXTRACTORS)
    extractors = {name: EXTRACTORS[name]() for name in names}

    rows = []
    for corpus_name in args.corpus:
        corpus = read_corpus(shared / "corpus" / f"{corpus_name}.jsonl.gz")
        for name, extract in extractors.items():
            if extract is None:
                print(f"note: {name} is not installed (pip install -e '.[bench]'), left out")
                continue
            preds, speed = measure(extract, corpus)
            s = scorer.score(corpus, preds)
            worst = s.pop("worst")
            rows.append({"corpus": corpus_name, "extractor": name, **s, "pages_per_cpu_s": speed})
            if args.save_predictions:
                out = Path(args.save_predictions)
                out.mkdir(parents=True, exist_ok=True)
                with open(out / f"{corpus_name}-{name}.jsonl", "w", encoding="utf-8") as f:
                    for pid, text in preds.items():
                        f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")
            if args.worst:
                for page_f1, pid, n_cruft, examples in worst[: args.worst]:
                    print(f"  {corpus_name} {name} worst {page_f1:.3f} {pid} cruft={n_cruft} {examples[:3]}")

    header = f"| {'corpus':<12} | {'extractor':<16} | {'F1':>6} | {'P':>6} | {'R':>6} | {'cruft lines':>11} | {'disasters':>9} | {'pages/CPU-s':>11} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for r in rows:
        print(
            f"| {r['corpus']:<12} | {r['extractor']:<16} | {r['f1']:6.3f} | {r['precision']:6.3f} | {r['recall']:6.3f} "
            f"| {r['cruft_lines']:>11} | {r['disasters']:>9} | {r['pages_per_cpu_s']:>11.1f} |"
        )
    if args.json:
        for r in rows:
            print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
