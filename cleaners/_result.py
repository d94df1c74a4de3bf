"""What the cleaner returns, and the one error it raises."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["CleanerError", "CleanResult", "Removal", "RECORD_FIELDS"]

#: The fields of the article record, in the order the JSONL lines carry them.
RECORD_FIELDS: tuple[str, ...] = (
    "url", "canonical_url", "domain", "title", "text", "authors", "published", "modified",
    "language", "site_name", "description", "image", "tags", "fetched_at", "content_hash",
)


class CleanerError(ValueError):
    """The input cannot be cleaned: empty, not HTML, or no text at all."""


@dataclass(frozen=True)
class Removal:
    """One block the cleaner took out, and the rule that took it."""

    rule: str
    group: str
    text: str
    where: str = ""

    def __str__(self) -> str:
        snippet = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        return f"[{self.rule}] {self.where} {snippet!r}".replace("  ", " ")


@dataclass
class CleanResult:
    """The article found in a page: its text, clean HTML, metadata and what was removed."""

    text: str
    title: str | None = None
    html: str = ""
    #: the article as Markdown, from the same blocks as `text` and `html`: "# Title", then
    #: subheadings, lists, block quotes, tables and the links of running text
    markdown: str = ""
    url: str | None = None
    canonical_url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    #: "article" or "listing" (index, tag, author and other pages that list stories)
    page_type: str = "article"
    #: the page-type model's probability that the page is a listing (None: no model decided); a
    #: page it doubts is an article, cleaned and kept
    listing_chance: float | None = None
    #: True when the caller declared the page a story (`clean_html(..., article=True)`,
    #: `CleanerOptions.all_articles`) and the page-type decision would have made it a listing:
    #: it is cleaned as an article on the caller's word
    declared_story: bool = False
    #: which extraction path produced the text: "tree" (rules + scoring), "readability", or
    #: "jsonld" (the articleBody the page declares, when its markup shows too little text: pages
    #: that draw the story with JavaScript)
    method: str = "tree"
    removed: list[Removal] = field(default_factory=list)

    @property
    def is_article(self) -> bool:
        """True when the page is a single article rather than a listing."""
        return self.page_type == "article"

    def to_dict(self) -> dict:
        """The record fields this result can fill, under the JSONL record's names."""
        data = asdict(self)
        return {name: data[name] for name in RECORD_FIELDS if name in data}
