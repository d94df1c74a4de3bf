"""A duplicate filter that trusts the output file, not a fingerprint file, across runs."""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter

__all__ = ["RunDupeFilter"]


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's request duplicate filter, kept in memory for one run even when JOBDIR is set.

    Scrapy's own filter saves every fingerprint it has seen under JOBDIR. After a crawl is
    killed, that file lists requests that were never finished, so a restarted crawl filters
    them out, crawls almost nothing and reports "finished". With this filter a restarted crawl
    walks the site again from its start URLs; what is already done is what the output file
    holds (the deduplicator reads it, and ``-a incremental=1`` skips those pages before
    fetching them).
    """

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[override]
        return cls(path=None, debug=crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)
