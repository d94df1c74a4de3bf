"""The demo news site: a small local paper with every kind of cruft real sites carry.

Pages are rendered from ``articles.json`` in two layouts: a semantic one (``<article>``,
JSON-LD, OpenGraph, class names that say what a box is) and a "div soup" one whose boxes have
meaningless class names, so the cleaner must recognise cruft by its text and shape alone.
"""

from __future__ import annotations

import gzip
import html
import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from importlib import resources
from pathlib import Path

__all__ = ["DemoSite", "Page", "load_site"]

SECTIONS = ("city", "transport", "culture", "education", "business", "weather", "community",
            "environment", "health", "sport", "technology", "international")
PAGE_SIZE = 12

# Reader comments shown under articles: cruft for the cleaner, never part of the article.
COMMENTS = (
    ("harbourwatcher", "About time somebody did something about this, it has been going on for years."),
    ("kellanbay_mum", "Does anyone know whether this affects the Sunday timetable as well?"),
    ("old salt", "My grandfather would not recognise the place any more, for better or worse."),
)

# The cruft every page carries, in the order readers meet it; the e2e test checks that none
# of it reaches an article's text.
CRUFT = (
    "We use cookies to improve your experience on our site.",
    "Accept all", "Manage cookies",
    "No time to read?", "Get a summary",
    "Share on Facebook", "Share on X", "Email this story",
    "Advertisement", "Story continues below advertisement",
    "Read more:", "Previous Article", "Next Article",
    "Related stories", "You may also like", "Most read",
    "Get the Courier in your inbox", "Sign up for our free morning newsletter",
    "Join the conversation", "comments",
    "All rights reserved", "Subscribe",
) + tuple(text for _, text in COMMENTS)


@dataclass(frozen=True)
class Page:
    content_type: str
    body: bytes
    status: int = 200


@dataclass(frozen=True)
class Article:
    index: int
    slug: str
    section: str
    lang: str
    title: str
    authors: tuple[str, ...]
    published: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    encoding: str = "utf-8"

    @property
    def layout(self) -> str:
        return "semantic" if self.index % 2 == 0 else "soup"

    @property
    def path(self) -> str:
        if self.index < 0 or self.layout == "semantic":
            return f"/{self.published[:4]}/{self.published[5:7]}/{self.slug}/"
        return f"/news/{1000 + self.index}-{self.slug}.html"

    @property
    def body_text(self) -> str:
        """The article's text as the cleaner should return it."""
        return "\n\n".join(p.removeprefix("## ") for p in self.paragraphs)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class DemoSite:
    """Renders every page of the demo site; `page(path, host)` serves one."""

    def __init__(self, data: dict) -> None:
        self.site_name: str = data["site_name"]
        self.authors: dict[str, str] = data["authors"]
        self.articles = [
            Article(index=i, slug=a["slug"], section=a["section"], lang=a["lang"], title=a["title"],
                    authors=tuple(a["authors"]), published=a["published"], tags=tuple(a["tags"]),
                    paragraphs=tuple(a["paragraphs"]), encoding=a.get("encoding", "utf-8"))
            for i, a in enumerate(sorted(data["articles"], key=lambda a: a["published"], reverse=True))
        ]
        self.private = data["private"]
        # Too short to be an article worth keeping: the validator drops it (TooLittleText).
        self.briefs = [
            Article(index=-1, slug=b["slug"], section=b["section"], lang=b["lang"], title=b["title"],
                    authors=tuple(b["authors"]), published=b["published"], tags=tuple(b["tags"]),
                    paragraphs=tuple(b["paragraphs"]))
            for b in data.get("briefs", [])
        ]

    # -- shared pieces ----------------------------------------------------------------------

    def _head(self, title: str, extra: str = "", lang: str = "en", charset: str = "utf-8") -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="{charset}">'
            f"<title>{_e(title)} | {_e(self.site_name)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="alternate" type="application/rss+xml" title="{_e(self.site_name)}" href="/feed.xml">'
            '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
            '<link rel="alternate" type="application/feed+json" href="/feed.json">'
            f"{extra}</head>"
        )

    def _masthead(self) -> str:
        links = "".join(f'<li><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS[:8])
        return (
            '<div id="cookie-banner" class="cookie-consent" role="dialog">'
            "<p>We use cookies to improve your experience on our site.</p>"
            '<button type="button">Accept all</button> <a href="/cookies/">Manage cookies</a></div>'
            f'<header class="site-header"><a class="logo" href="/">{_e(self.site_name)}</a>'
            f'<nav class="main-nav" aria-label="Sections"><ul>{links}</ul></nav>'
            '<a class="subscribe-link" href="/subscribe/">Subscribe</a></header>'
        )

    def _footer(self) -> str:
        return (
            '<footer class="site-footer"><p>&copy; 2026 The Port Alder Courier. All rights reserved.</p>'
            '<ul><li><a href="/private/staff/">Staff area</a></li><li><a href="/feed.xml">RSS</a></li>'
            '<li><a href="/sitemap.xml">Sitemap</a></li></ul></footer>'
        )

    def _byline(self, article: Article) -> tuple[str, str]:
        names = [self.authors[a] for a in article.authors]
        day = datetime.fromisoformat(article.published).strftime("%-d %B %Y")
        return ", ".join(names), day

    def _neighbours(self, article: Article) -> tuple[Article, Article, list[Article]]:
        n = len(self.articles)
        prev_a = self.articles[(article.index + 1) % n]
        next_a = self.articles[(article.index - 1) % n]
        related = [a for a in self.articles if a is not article and set(a.tags) & set(article.tags)][:3]
        return prev_a, next_a, related

    def _paragraphs_html(self, article: Article, read_more: Article) -> str:
        out = []
        for i, para in enumerate(article.paragraphs):
            if para.startswith("## "):
                out.append(f"<h2>{_e(para[3:])}</h2>")
            else:
                out.append(f"<p>{_e(para)}</p>")
            if i == 0:
                out.append(f'<p class="inline-link">Read more: <a href="{read_more.path}">{_e(read_more.title)}</a></p>')
            if i == 1:
                out.append('<div class="ad-slot" data-slot="mid"><span>Advertisement</span></div>'
                           "<p><em>Story continues below advertisement</em></p>")
        return "\n".join(out)

    def _comments(self, article: Article) -> list[tuple[str, str]]:
        return [COMMENTS[(article.index + k) % len(COMMENTS)] for k in range(2)]

    # -- article layouts ---------------------------------------------------------------------

    def article_page(self, article: Article) -> Page:
        return self._semantic(article) if article.layout == "semantic" else self._soup(article)

    def _semantic(self, a: Article) -> Page:
        authors, day = self._byline(a)
        prev_a, next_a, related = self._neighbours(a)
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "NewsArticle", "headline": a.title, "datePublished": a.published,
                 "author": [{"@type": "Person", "name": self.authors[x]} for x in a.authors],
                 "keywords": list(a.tags), "inLanguage": a.lang,
                 "publisher": {"@type": "Organization", "name": self.site_name}},
                {"@type": "WebSite", "name": self.site_name},
            ],
        }
        extra = (
            f'<link rel="canonical" href="{a.path}">'
            '<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{_e(a.title)}">'
            f'<meta property="og:site_name" content="{_e(self.site_name)}">'
            f'<meta name="description" content="{_e(a.paragraphs[0][:150])}">'
            f'<meta property="article:published_time" content="{a.published}">'
            + "".join(f'<meta property="article:tag" content="{_e(t)}">' for t in a.tags)
            + f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        )
        tags = "".join(f'<li><a href="/tag/{t}/">{_e(t)}</a></li>' for t in a.tags)
        related_html = "".join(f'<li><a href="{r.path}">{_e(r.title)}</a></li>' for r in related)
        comments = "".join(
            f'<div class="comment"><p class="comment-author">{_e(who)}</p><p>{_e(text)}</p></div>'
            for who, text in self._comments(a)
        )
        body = (
            self._head(a.title, extra, a.lang)
            + "<body>" + self._masthead() + "<main>"
            + '<article class="story">'
            + f'<header class="story-header"><h1>{_e(a.title)}</h1>'
            + f'<p class="byline">By <a rel="author" href="/author/{a.authors[0]}/">{_e(authors)}</a> '
            + f'<time datetime="{a.published}">{day}</time></p></header>'
            + '<div class="summary-box"><p>No time to read?</p><button>Get a summary</button></div>'
            + '<div class="share-bar"><a href="https://facebook.example/share">Share on Facebook</a> '
            + '<a href="https://x.example/share">Share on X</a> <a href="mailto:?subject=story">Email this story</a></div>'
            + f'<div class="article-body">{self._paragraphs_html(a, related[0] if related else next_a)}</div>'
            + '<div class="summary-box"><p>No time to read?</p><button>Get a summary</button></div>'
            + f'<footer class="story-footer"><ul class="tags">{tags}</ul>'
            + f'<p><a href="/amp{a.path}">Lightweight version of this page</a></p></footer>'
            + '<nav class="post-navigation">'
            + f'<a rel="prev" href="{prev_a.path}"><span>Previous Article</span> {_e(prev_a.title)}</a> '
            + f'<a rel="next" href="{next_a.path}"><span>Next Article</span> {_e(next_a.title)}</a></nav>'
            + "</article>"
            + '<section class="newsletter-box"><h2>Get the Courier in your inbox</h2>'
            + "<p>Sign up for our free morning newsletter.</p>"
            + '<form action="/subscribe/"><input type="email" name="email"><button>Subscribe</button></form></section>'
            + f'<aside class="related-stories"><h2>Related stories</h2><ul>{related_html}</ul></aside>'
            + f'<section id="comments" class="comments"><h2>{len(self._comments(a))} comments</h2>{comments}</section>'
            + "</main>" + self._footer() + "</body></html>"
        )
        return Page("text/html; charset=utf-8", body.encode("utf-8"))

    def _soup(self, a: Article) -> Page:
        authors, day = self._byline(a)
        prev_a, next_a, related = self._neighbours(a)
        most_read = "".join(f'<li><a href="{r.path}">{_e(r.title)}</a></li>' for r in self.articles[:4] if r is not a)
        also = "".join(f'<li><a href="{r.path}">{_e(r.title)}</a></li>' for r in related)
        comments = "".join(f"<div><b>{_e(who)}</b><p>{_e(text)}</p></div>" for who, text in self._comments(a))
        top = " | ".join(f'<a href="/section/{s}/">{s.title()}</a>' for s in SECTIONS[:6])
        extra = f'<meta name="author" content="{_e(authors)}"><meta name="date" content="{a.published}">'
        body = (
            self._head(a.title, extra, a.lang, a.encoding)
            + '<body><div id="wrap">' + self._masthead()
            + f'<div class="top"><a href="/">Home</a> | {top}</div>'
            + '<div id="c1"><div class="col-l">'
            + f'<h1 class="hl">{_e(a.title)}</h1><div class="inf">By {_e(authors)}, {day}</div>'
            + '<div class="bx1"><b>No time to read?</b><br><a href="#s">Get a summary</a></div>'
            + f'<div class="txt">{self._paragraphs_html(a, next_a)}</div>'
            + '<div class="bx1">No time to read?<br>Get a summary</div>'
            + '<div class="pn">'
            + f'<div><span>Previous Article</span><br><a href="{prev_a.path}">{_e(prev_a.title)}</a></div>'
            + f'<div><span>Next Article</span><br><a href="{next_a.path}">{_e(next_a.title)}</a></div></div>'
            + f'<div class="bx2"><b>You may also like</b><ul>{also}</ul></div>'
            + f'<div class="bx3"><p>Join the conversation</p>{comments}</div>'
            + f'</div><div class="col-r"><b>Most read</b><ol>{most_read}</ol><div>Advertisement</div></div></div>'
            + self._footer() + "</div></body></html>"
        )
        if a.encoding != "utf-8":
            # Served without a charset in the header: only the <meta charset> names the encoding.
            return Page("text/html", body.encode(a.encoding))
        return Page("text/html; charset=utf-8", body.encode("utf-8"))

    # -- listing pages -----------------------------------------------------------------------

    def _listing(self, heading: str, articles: list[Article], page: int = 1, base: str = "", tracking: bool = False) -> Page:
        pages = max(1, -(-len(articles) // PAGE_SIZE))
        chunk = articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        suffix = "?utm_source=home&utm_medium=teaser" if tracking else ""
        teasers = "".join(
            f'<article class="teaser"><h2><a href="{a.path}{suffix}">{_e(a.title)}</a></h2>'
            f"<p>{_e(a.paragraphs[0].split('. ')[0])}.</p>"
            f'<p class="teaser-meta">{_e(self._byline(a)[0])}</p></article>'
            for a in chunk
        )
        nav = []
        if page > 1:
            nav.append(f'<a rel="prev" href="{base}page/{page - 1}/">Newer stories</a>' if page > 2 else f'<a rel="prev" href="{base or "/"}">Newer stories</a>')
        if page < pages:
            nav.append(f'<a rel="next" href="{base or "/"}page/{page + 1}/">Older stories</a>')
        extra = '<meta property="og:type" content="website">'
        staff = ""
        if not base and page == 1:
            staff = '<p><a href="/private/draft-budget-leak/">Staff only: draft budget</a></p>' + "".join(
                f'<p><a href="{b.path}">{_e(b.title)}</a></p>' for b in self.briefs)
        body = (
            self._head(heading, extra) + "<body>" + self._masthead()
            + f'<main><h1>{_e(heading)}</h1><div class="stream">{teasers}</div>'
            + f'<div class="pagination">{" ".join(nav)}</div>{staff}</main>'
            + self._footer() + "</body></html>"
        )
        return Page("text/html; charset=utf-8", body.encode("utf-8"))

    # -- routing -----------------------------------------------------------------------------

    @cached_property
    def _routes(self) -> dict[str, Page]:
        routes: dict[str, Page] = {}
        for a in self.articles:
            routes[a.path] = self.article_page(a)
        n_pages = max(1, -(-len(self.articles) // PAGE_SIZE))
        routes["/"] = self._listing(self.site_name, self.articles, tracking=True)
        for a in self.articles:
            if a.layout == "semantic":
                # The same article again under /amp/, its rel=canonical naming the original:
                # the crawl fetches it and the deduplicator drops it (DuplicateUrl).
                routes[f"/amp{a.path}"] = self._semantic(a)
        for b in self.briefs:
            routes[b.path] = self._semantic(b)
        for p in range(2, n_pages + 1):
            routes[f"/page/{p}/"] = self._listing(f"{self.site_name}: page {p}", self.articles, p, base="/")
        groups: dict[str, dict[str, list[Article]]] = {"tag": {}, "section": {}, "author": {}}
        for a in self.articles:
            for t in a.tags:
                groups["tag"].setdefault(t, []).append(a)
            groups["section"].setdefault(a.section, []).append(a)
            for au in a.authors:
                groups["author"].setdefault(au, []).append(a)
        for kind, by_key in groups.items():
            for key, items in by_key.items():
                title = self.authors.get(key, key) if kind == "author" else key.title()
                base = f"/{kind}/{key}/"
                pages = max(1, -(-len(items) // PAGE_SIZE))
                routes[base] = self._listing(f"{kind.title()}: {title}", items, 1, base)
                for p in range(2, pages + 1):
                    routes[f"{base}page/{p}/"] = self._listing(f"{kind.title()}: {title}, page {p}", items, p, base)
        priv = self.private
        routes[f"/private/{priv['slug']}/"] = Page(
            "text/html; charset=utf-8",
            (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_e(priv['title'])}</title></head>"
             + f"<body><h1>{_e(priv['title'])}</h1>"
             + "".join(f"<p>{_e(p)}</p>" for p in priv["paragraphs"]) + "</body></html>").encode(),
        )
        return routes

    def _feeds(self, base: str) -> dict[str, Page]:
        """Sitemaps (an index, a Google News sitemap, a gzipped archive sitemap) and feeds
        (RSS 2.0, Atom, JSON Feed); absolute URLs need the host, so they are built per request."""
        def rfc822(a: Article) -> str:
            return datetime.fromisoformat(a.published).strftime("%a, %d %b %Y %H:%M:%S %z")

        sm = "http://www.sitemaps.org/schemas/sitemap/0.9"
        news_ns = "http://www.google.com/schemas/sitemap-news/0.9"
        index = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in ("/sitemap-news.xml", "/sitemap-archive.xml.gz"))
        news = "".join(
            f"<url><loc>{base}{a.path}</loc><news:news><news:publication><news:name>{_e(self.site_name)}</news:name>"
            f"<news:language>{a.lang}</news:language></news:publication><news:publication_date>{a.published}</news:publication_date>"
            f"<news:title>{_e(a.title)}</news:title></news:news></url>"
            for a in self.articles[:10]
        )
        archive = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.published}</lastmod></url>" for a in self.articles[10:])
        rss = "".join(
            f"<item><title>{_e(a.title)}</title><link>{base}{a.path}</link><guid>{base}{a.path}</guid><pubDate>{rfc822(a)}</pubDate></item>"
            for a in self.articles
        )
        atom = "".join(
            f'<entry><title>{_e(a.title)}</title><link rel="alternate" href="{base}{a.path}"/><id>{base}{a.path}</id>'
            f"<updated>{a.published}</updated></entry>"
            for a in self.articles
        )
        json_feed = {"version": "https://jsonfeed.org/version/1.1", "title": self.site_name, "home_page_url": base + "/",
                     "items": [{"id": base + a.path, "url": base + a.path, "title": a.title, "date_published": a.published} for a in self.articles]}
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n'
        return {
            "/sitemap.xml": Page("application/xml", (xml + f'<sitemapindex xmlns="{sm}">{index}</sitemapindex>\n').encode()),
            "/sitemap-news.xml": Page("application/xml", (xml + f'<urlset xmlns="{sm}" xmlns:news="{news_ns}">{news}</urlset>\n').encode()),
            "/sitemap-archive.xml.gz": Page("application/x-gzip", gzip.compress((xml + f'<urlset xmlns="{sm}">{archive}</urlset>\n').encode())),
            "/feed.xml": Page("application/rss+xml", (xml + f'<rss version="2.0"><channel><title>{_e(self.site_name)}</title>'
                              f"<link>{base}/</link><description>Local news</description>{rss}</channel></rss>\n").encode()),
            "/atom.xml": Page("application/atom+xml", (xml + f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{_e(self.site_name)}</title>'
                              f"<id>{base}/</id><updated>{self.articles[0].published}</updated>{atom}</feed>\n").encode()),
            "/feed.json": Page("application/feed+json", json.dumps(json_feed, ensure_ascii=False).encode()),
        }

    def paths(self) -> list[str]:
        return list(self._routes)

    def page(self, path: str, host: str) -> Page:
        """The page at `path` (query string ignored); robots, sitemap and feed use `host`."""
        path = path.split("?", 1)[0].split("#", 1)[0] or "/"
        base = f"http://{host}"
        if path == "/robots.txt":
            text = f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n"
            return Page("text/plain; charset=utf-8", text.encode())
        feed = self._feeds(base).get(path)
        if feed is not None:
            return feed
        page = self._routes.get(path)
        if page is None:
            return Page("text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>", 404)
        return page


def load_site(path: str | Path | None = None) -> DemoSite:
    """The demo site from its bundled data (or from another articles.json)."""
    if path is None:
        text = resources.files("newsbot.demo").joinpath("articles.json").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return DemoSite(json.loads(text))
