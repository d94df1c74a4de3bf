"""Synthetic but realistic news texts, for near-duplicate detection at scale and in tests.

Words come from the demo site's own stories, drawn with Zipf-like frequencies (a few very common
words, a long tail), in sentences of 8 to 32 words and paragraphs of 2 to 5 sentences; every story
sits in one site's template (a standard opening line and two standard closing paragraphs), as
stories of one site do. Near copies are made the ways wire stories are republished: a sentence
dropped, a footer added, a word or two changed.
"""

from __future__ import annotations

import json
import random
import re
from itertools import accumulate
from pathlib import Path

__all__ = ["SITE_TEMPLATE", "near_copy", "story", "vocabulary"]

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "newsbot" / "demo" / "articles.json"

#: What every story of one site carries: an opening line and two closing paragraphs.
SITE_TEMPLATE = (
    "Published by the Port Alder Courier newsroom.",
    "The Port Alder Courier is an independent local newspaper. If you have a story, a correction or a "
    "complaint about our coverage, write to the editor at the address printed on the back page, and we "
    "will answer within five working days.",
    "Our journalism is paid for by readers. Subscribe for unlimited access to every story, the morning "
    "briefing and the archive going back to 1998, and support reporting on the town you live in.",
)


def vocabulary() -> list[str]:
    """The words of the demo site's stories, most frequent first."""
    data = json.loads(ARTICLES.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for article in data["articles"]:
        for paragraph in article["paragraphs"]:
            for word in re.findall(r"[A-Za-z][a-z']+", paragraph):
                counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def story(rng: random.Random, words: list[str], template: bool = True, paragraphs: tuple[int, int] = (5, 9)) -> tuple[str, str]:
    """(title, text) of one story: 250 to 700 words with the default number of paragraphs."""
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf: weight 1/rank

    def sentence(low: int, high: int) -> str:
        chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high))
        return " ".join(chosen).capitalize() + rng.choice((".", ".", ".", "?", "!"))

    title = sentence(6, 12).rstrip(".?!")
    body = [" ".join(sentence(8, 32) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(*paragraphs))]
    if template:
        body = [SITE_TEMPLATE[0], *body, *SITE_TEMPLATE[1:]]
    return title, "\n\n".join(body)


def near_copy(rng: random.Random, title: str, text: str, how: str) -> tuple[str, str]:
    """The story as another site republishes it: "drop" a sentence, add a "footer", change the
    "headline" and a word or two."""
    paragraphs = text.split("\n\n")
    if how == "drop":
        i = max(range(len(paragraphs)), key=lambda k: len(paragraphs[k]))  # the longest paragraph
        sentences = re.split(r"(?<=[.?!]) ", paragraphs[i])
        del sentences[rng.randrange(len(sentences))]
        paragraphs[i] = " ".join(sentences)
    elif how == "footer":
        paragraphs.append("This story was first published by our partner newspaper and is republished "
                          "here with permission. Additional reporting by the regional desk.")
    elif how == "headline":
        title = "Updated: " + title
        i = rng.randrange(len(paragraphs))
        words = paragraphs[i].split(" ")
        words[rng.randrange(len(words))] = "reportedly"
        paragraphs[i] = " ".join(words)
    else:
        raise ValueError(how)
    return title, "\n\n".join(paragraphs)
