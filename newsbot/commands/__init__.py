"""Scrapy commands of the newsbot project (`COMMANDS_MODULE`): `crawl`, with an exit status that
says when a crawl stopped before its work was done."""
