"""A JOBDIR request queue that survives damage.

Scrapy keeps a paused crawl's requests on disk under JOBDIR. A crash, a full disk or a kill at
the wrong moment can leave that file cut or garbled; Scrapy's own queue then raises on every
read and the crawl hangs, logging the same traceback forever. This queue sets a damaged file
aside (``<file>.damaged``), logs what happened and carries on empty: the crawl walks the site
again from its start URLs, and what the output file holds is not written twice.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import time
from typing import Any

from scrapy.squeues import PickleLifoDiskQueue

__all__ = ["LifoDiskQueue"]

logger = logging.getLogger(__name__)

#: What a cut or garbled queue file raises when opened or read.
DAMAGE = (OSError, EOFError, ValueError, struct.error, pickle.UnpicklingError, KeyError, AttributeError, TypeError, IndexError)


class LifoDiskQueue(PickleLifoDiskQueue):  # type: ignore[misc,valid-type]
    """Scrapy's pickle LIFO disk queue; a damaged file is set aside and the queue starts empty,
    instead of hanging the crawl."""

    def __init__(self, crawler: Any, key: str) -> None:
        self._crawler, self._key = crawler, key
        try:
            super().__init__(crawler, key)
        except DAMAGE as exc:
            self._recover(exc, opened=False)

    def pop(self) -> Any:
        return self._read(super().pop)

    def peek(self) -> Any:
        return self._read(super().peek)

    def _read(self, read: Any) -> Any:
        try:
            return read()
        except DAMAGE as exc:
            self._recover(exc)
            return None

    def _recover(self, exc: BaseException, opened: bool = True) -> None:
        if opened:
            try:
                self.f.close()
            except OSError:
                pass
        if os.path.exists(self._key):
            os.replace(self._key, f"{self._key}.damaged-{int(time.time())}")
        stats = getattr(self._crawler, "stats", None)
        if stats is not None:
            stats.inc_value("jobdir/damaged_queue_count")
        logger.error("The JOBDIR request queue %(path)s is damaged (%(error)s): its requests are dropped and the file "
                     "set aside. The crawl walks the site again from its start URLs; what the output holds is not "
                     "written twice.", {"path": self._key, "error": repr(exc)})
        super().__init__(self._crawler, self._key)
