"""newsbot's spiders. Each yields ArticlePage objects; the cleaner middleware does the rest."""
