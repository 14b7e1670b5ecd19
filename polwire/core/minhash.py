"""MinHash sketches of shingle sets (one-permutation hashing, densified) and their LSH bands.

One-permutation hashing splits the 64-bit shingle hashes into ``SLOTS`` bins by
their low bits and keeps the minimum of each bin: one pass over the shingles
instead of ``SLOTS`` hash functions, which is what lets pure Python sketch a
news article in well under a millisecond. Bins left empty (short texts) borrow
the minimum of another bin, chosen by a fixed pseudo-random probe sequence, so
two texts still agree on a slot with probability equal to their Jaccard
similarity ("optimal densification", Shrivastava 2017).

The signature is stored (``article_sketches``) and the band keys indexed
(``article_lsh``): changing any constant here changes what is stored, so it
bumps ``SCHEME``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import blake2b

from polwire.core.shingles import mix64, shingle_hashes

SCHEME = 1
SLOTS = 128
# 42 bands of 3 slots: a pair with Jaccard s shares a bucket with probability
# 1 - (1 - s^3)^42: 0.94 at s = 0.4 (the default story threshold), 0.996 at 0.5, while
# unrelated news (s ~ 0.003) shares one once in ~900,000 pairs. Four slots a band would
# halve the index but find only 48% of the pairs at s = 0.4.
BANDS = 42
ROWS = 3
_SLOT_BITS = SLOTS.bit_length() - 1
_EMPTY = 1 << 64
_MASK32 = 0xFFFFFFFF
_PACK = struct.Struct(f"<{SLOTS}I")
_BAND = struct.Struct(f"<H{ROWS}I")


def _probe_order(slot: int) -> list[int]:
    """A fixed pseudo-random order of the other slots (Fisher-Yates driven by mix64)."""
    order = [s for s in range(SLOTS) if s != slot]
    for i in range(len(order) - 1, 0, -1):
        j = mix64((slot << 16) | i) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


_PROBES = [_probe_order(s) for s in range(SLOTS)]


@dataclass(frozen=True, slots=True)
class Sketch:
    """A text's MinHash signature: ``SLOTS`` 32-bit minima, and how many shingles it had."""

    signature: tuple[int, ...]
    shingles: int

    def to_bytes(self) -> bytes:
        return _PACK.pack(*self.signature)

    @classmethod
    def from_bytes(cls, blob: bytes, shingles: int) -> Sketch:
        return cls(_PACK.unpack(blob), shingles)

    def band_keys(self) -> list[int]:
        """One signed 64-bit bucket per band (PostgreSQL bigint)."""
        sig = self.signature
        return [
            int.from_bytes(
                blake2b(
                    _BAND.pack(band, *sig[band * ROWS : (band + 1) * ROWS]), digest_size=8
                ).digest(),
                "little",
                signed=True,
            )
            for band in range(BANDS)
        ]

    def jaccard(self, other: Sketch) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        same = sum(1 for a, b in zip(self.signature, other.signature, strict=True) if a == b)
        return same / SLOTS


def sketch_hashes(hashes: Iterable[int]) -> Sketch | None:
    mins = [_EMPTY] * SLOTS
    count = 0
    mask = SLOTS - 1
    for h in hashes:
        count += 1
        slot = h & mask
        value = h >> _SLOT_BITS
        if value < mins[slot]:
            mins[slot] = value
    if count == 0:
        return None
    signature = [m & _MASK32 for m in mins]
    for slot, value in enumerate(mins):
        if value == _EMPTY:
            donor = next(s for s in _PROBES[slot] if mins[s] != _EMPTY)
            signature[slot] = mins[donor] & _MASK32
    return Sketch(tuple(signature), count)


def sketch_text(text: str) -> Sketch | None:
    """The sketch of a body (None for a text without a single word)."""
    return sketch_hashes(shingle_hashes(text))
