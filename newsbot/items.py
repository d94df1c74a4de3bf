"""What the spiders yield (pages) and what the pipelines write (articles)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from scrapy.http import Response

__all__ = ["ArticlePage", "Article", "OPTIONAL_FIELDS", "STORY_KEY"]

#: ``request.meta[STORY_KEY] = True``: the page's source (a news sitemap's entry, a feed's item)
#: declares it a story, so the cleaner takes it for one whatever its shape
STORY_KEY = "newsbot_story"


def utc_now() -> str:
    """The current time, ISO 8601 in UTC."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class ArticlePage:
    """A fetched page that may hold an article; the cleaner middleware turns it into an Article.

    Spiders yield these and never clean by hand. It carries the bytes, not a Response, so it
    can cross a process boundary.
    """

    url: str
    body: bytes
    content_type: str | None = None
    status: int = 200
    fetched_at: str = field(default_factory=utc_now)
    #: the page's source declares it a story (see STORY_KEY): it is cleaned as an article even
    #: where the page-type model would call it a listing
    story: bool = False

    @classmethod
    def from_response(cls, response: Response) -> "ArticlePage":
        """The page of a response; a story when its request's ``meta[STORY_KEY]`` says so."""
        content_type = response.headers.get(b"Content-Type")
        request = getattr(response, "request", None)
        return cls(
            url=response.url,
            body=response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            status=response.status,
            story=request is not None and bool(request.meta.get(STORY_KEY)),
        )


@dataclass
class Article:
    """The article record: one JSONL line. See record.schema.json and the README."""

    url: str
    canonical_url: str | None = None
    domain: str | None = None
    title: str | None = None
    text: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    fetched_at: str | None = None
    content_hash: str | None = None
    #: the article as Markdown, only with NEWSBOT_MARKDOWN on (otherwise not written at all)
    markdown: str | None = None

    def to_record(self) -> dict:
        """The JSONL line's fields: every record field, and the optional ones that are set."""
        data = asdict(self)
        return {k: v for k, v in data.items() if v is not None or k not in OPTIONAL_FIELDS}


#: Record fields written only when a setting asks for them (see record.schema.json).
OPTIONAL_FIELDS = frozenset({"markdown"})
