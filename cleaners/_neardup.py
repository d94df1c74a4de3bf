"""Near-duplicate texts: the same story with a sentence dropped, a footer added or a headline
changed. Each text's word 5-shingles are summed up in a MinHash (datasketch); locality-sensitive
hashing over bands of it finds the earlier texts that may be near copies, and their MinHashes'
agreement (the Jaccard estimate) decides.

Memory stays flat per text, about 1 kB: the MinHash as 128 uint32 values and, for each band,
a 64-bit key and a 32-bit number in sorted numpy runs (benchmarks/dumps.py: 110 MB for 100,000
texts, with the signature array grown by doubling). datasketch's own MinHashLSH keeps a Python
set and a bytes object per band and text (measured with its default 9 bands: 2.95 kB a text,
295 MB on 100,000), which is why the bands are indexed here.
"""

from __future__ import annotations

import operator
import zlib
from collections.abc import Iterable

import numpy as np

try:
    from datasketch import MinHash
except ImportError as exc:  # an optional dependency: say how to get it
    raise ImportError("near-duplicate detection needs datasketch: pip install 'newsbot[near]'") from exc

__all__ = ["DEFAULT_THRESHOLD", "NearDuplicates", "bands_for", "shingle_hashes", "shingles", "words"]

#: Jaccard similarity of word 5-shingles from which two texts are near copies.
DEFAULT_THRESHOLD = 0.8
#: Words per shingle.
SHINGLE_WORDS = 5
#: MinHash permutations (the Jaccard estimate's standard error is 0.035 at 0.8).
PERMUTATIONS = 128
#: Chance that LSH brings up a pair at exactly the threshold as a candidate; the bands are cut
#: for it (see `bands_for`). At 0.8: 18 bands of 7 rows, which find a pair at 0.8 with
#: probability 0.985, at 0.9 with 0.99999, and bring up a pair at 0.5 with 0.13 (then turned
#: down by its MinHash estimate).
RECALL_AT_THRESHOLD = 0.95
#: Keys held in a dict before they are merged into the sorted runs.
_PENDING_MAX = 1 << 15
# Punctuation, which does not make two words different ("harbour," is "harbour").
_PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»‹›„“”‘’‚–—―…·•،؛؟。、，：；！？「」『』（）"})
#: Words whose hashes are kept, so that common words are hashed once (bounded: cleared when full).
_WORD_CACHE_MAX = 1 << 16
# Multipliers folding SHINGLE_WORDS word hashes into one shingle hash (odd 64-bit constants).
_FOLD = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
                 dtype=np.uint64)


def words(text: str) -> list[str]:
    """The text's words, case folded, without punctuation.

    >>> words("The harbour, it said: “closed”.")
    ['the', 'harbour', 'it', 'said', 'closed']
    """
    return text.casefold().translate(_PUNCTUATION).split()


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[str]:
    """The text's word n-grams (a text shorter than `size` words is one).

    >>> shingles("One two three four five six")
    ['one two three four five', 'two three four five six']
    """
    found = words(text)
    if len(found) <= size:
        return [" ".join(found)] if found else []
    return [" ".join(found[i:i + size]) for i in range(len(found) - size + 1)]


_word_hashes: dict[str, int] = {}


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the text's word 5-shingles (of `shingles`), computed from each word's
    hash at once rather than shingle by shingle."""
    found = words(text)
    if not found:
        return np.zeros(0, dtype=np.uint64)
    cache = _word_hashes
    if len(cache) > _WORD_CACHE_MAX:
        cache.clear()
    hashes = np.fromiter((cache.get(w) or cache.setdefault(w, zlib.crc32(w.encode("utf-8")) | 1 << 32) for w in found),
                         dtype=np.uint64, count=len(found))
    size = min(SHINGLE_WORDS, len(hashes))
    n = len(hashes) - size + 1
    with np.errstate(over="ignore"):
        folded = hashes[0:n] * _FOLD[0]
        for k in range(1, size):
            folded += hashes[k:k + n] * _FOLD[k]
    return folded >> np.uint64(32)


def bands_for(threshold: float, permutations: int = PERMUTATIONS) -> tuple[int, int]:
    """(bands, rows): the most rows a band can have (the fewest false candidates) while a pair
    at the threshold is still found with RECALL_AT_THRESHOLD.

    >>> bands_for(0.8), bands_for(0.9), bands_for(0.5)
    ((18, 7), (10, 12), (42, 3))
    """
    for rows in range(permutations, 0, -1):
        bands = permutations // rows
        if 1 - (1 - threshold**rows) ** bands >= RECALL_AT_THRESHOLD:
            return bands, rows
    return permutations, 1


class _SortedRuns:
    """uint64 keys to int32 values in few sorted numpy runs (log-structured: a dict takes new
    keys, full dicts become runs, runs of like size are merged). A key keeps the first value it
    was given in each run (a stable sort keeps the earlier first)."""

    def __init__(self) -> None:
        self.pending: dict[int, int] = {}
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, keys: np.ndarray, value: int) -> None:
        for key in keys.tolist():
            self.pending.setdefault(key, value)
        if len(self.pending) >= _PENDING_MAX:
            self._flush()

    def _flush(self) -> None:
        keys = np.fromiter(self.pending.keys(), dtype=np.uint64, count=len(self.pending))
        values = np.fromiter(self.pending.values(), dtype=np.int32, count=len(self.pending))
        self.pending = {}
        order = np.argsort(keys, kind="stable")
        self.runs.append((keys[order], values[order]))
        while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]):
            (k1, v1), (k2, v2) = self.runs.pop(), self.runs.pop()
            keys, values = np.concatenate((k2, k1)), np.concatenate((v2, v1))
            order = np.argsort(keys, kind="stable")
            self.runs.append((keys[order], values[order]))

    def find(self, keys: np.ndarray) -> set[int]:
        """The values stored under the keys (the first of each key in each run)."""
        found = {self.pending[k] for k in keys.tolist() if k in self.pending}
        for run_keys, run_values in self.runs:
            pos = np.minimum(np.searchsorted(run_keys, keys), len(run_keys) - 1)
            hit = run_keys[pos] == keys
            found.update(run_values[pos[hit]].tolist())
        return found

    @property
    def nbytes(self) -> int:
        return sum(k.nbytes + v.nbytes for k, v in self.runs)


class NearDuplicates:
    """Remembers the texts it is shown and tells, for each new one, whether it is a near copy
    of one shown before (and of which)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("the threshold is a Jaccard similarity: above 0, at most 1")
        self.threshold = threshold
        # the shingles come hashed already (shingle_hashes): datasketch's "hash function" is the
        # identity (operator.index, in C); its affine32 scheme mixes each value with MurmurHash3's
        # finalizer before the permutations
        self._template = MinHash(num_perm=PERMUTATIONS, seed=1, hashfunc=operator.index, scheme="affine32")
        self._positions: list[str] = []
        self._signatures = np.zeros((1024, PERMUTATIONS), dtype=np.uint32)
        self._index = _SortedRuns()
        self.bands, self.rows = bands_for(threshold)
        # multipliers that fold each band's values into one 64-bit key (and set bands apart)
        rng = np.random.default_rng(20261130)
        self._mix = rng.integers(1, 2**63, size=(self.bands, self.rows), dtype=np.uint64) | np.uint64(1)
        self._band_salt = rng.integers(1, 2**63, size=self.bands, dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._positions)

    def signature(self, text: str) -> np.ndarray | None:
        """The text's MinHash values (None for a text without words)."""
        hashes = shingle_hashes(text)
        if not len(hashes):
            return None
        minhash = self._template.copy()
        minhash.update_batch(hashes.tolist())
        return minhash.hashvalues.astype(np.uint32, copy=False)

    def _band_keys(self, signature: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            bands = signature[: self.bands * self.rows].reshape(self.bands, self.rows).astype(np.uint64)
            return (bands * self._mix).sum(axis=1, dtype=np.uint64) ^ self._band_salt

    def check(self, text: str, position: str) -> str | None:
        """None if the text is new (it is then remembered, as found at `position`); else which
        earlier text it nearly copies, and how closely."""
        return self.check_signature(self.signature(text), position)

    def check_signature(self, signature: np.ndarray | None, position: str) -> str | None:
        """`check` for a text's `signature`, computed elsewhere (by the task that cleaned it)."""
        if signature is None:
            return None
        keys = self._band_keys(signature)
        best, best_share = -1, 0.0
        for candidate in sorted(self._index.find(keys)):
            share = float(np.count_nonzero(self._signatures[candidate] == signature)) / PERMUTATIONS
            if share >= self.threshold and share > best_share:
                best, best_share = candidate, share
        if best >= 0:
            return f"near copy of {self._positions[best]} (Jaccard ~{best_share:.2f})"
        self._remember(signature, keys, position)
        return None

    def add(self, text: str, position: str) -> None:
        """Remember a text without checking it (one a resumed run already wrote)."""
        signature = self.signature(text)
        if signature is not None:
            self._remember(signature, self._band_keys(signature), position)

    def add_all(self, texts: Iterable[str], prefix: str) -> None:
        """Remember texts, each at `prefix` and its number from 1 (the lines of an output file)."""
        for n, text in enumerate(texts, 1):
            self.add(text, f"{prefix}{n}")

    def _remember(self, signature: np.ndarray, keys: np.ndarray, position: str) -> None:
        n = len(self._positions)
        if n == len(self._signatures):
            self._signatures = np.concatenate((self._signatures, np.zeros_like(self._signatures)))
        self._signatures[n] = signature
        self._positions.append(position)
        self._index.add(keys, n)
