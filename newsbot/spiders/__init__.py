"""newsbot's spiders. Each yields ArticlePage objects; the cleaner middleware does the rest.

A project subclasses them as a library: ``from newsbot.spiders import ArticlesSpider``.
"""

from ._base import NewsSpider
from .articles import ArticlesSpider
from .feed import FeedSpider
from .sitemap import SitemapSpider

__all__ = ["ArticlesSpider", "FeedSpider", "NewsSpider", "SitemapSpider"]
