"""Article bodies as sets of hashed shingles: word 3-grams, or character 4-grams for CJK text."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Callable
from itertools import repeat
from operator import and_, itemgetter, methodcaller, mul, xor

from polwire.core.scripts import SPACELESS

# Han and kana are written without spaces: each character is a token, and a shingle spans
# more tokens because single characters are far less distinctive than words. Hangul is
# written with spaces, so Korean is shingled by words like English.
_CJK = SPACELESS
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_PUNCTUATION = (
    string.punctuation
    + "“”‘’„«»‹›—–‐‑…·•§¶†‡、。，．・：；！？（）［］｛｝「」『』【】〈〉《》〔〕"
)
_STRIP_PUNCTUATION = methodcaller("strip", _PUNCTUATION)

WORD_SHINGLE = 3
CJK_SHINGLE = 4
_MASK = (1 << 64) - 1
_ODD = 0x9E3779B97F4A7C15  # 2^64 / golden ratio, odd
# Per token: its 64-bit hash rotated once per position a shingle can hold it in (cached:
# news vocabulary is small next to the number of tokens hashed).
_TOKEN_HASHES: dict[str, tuple[int, int, int, int]] = {}
_CACHE_LIMIT = 500_000
_AT: list[Callable[[tuple[int, int, int, int]], int]] = [itemgetter(i) for i in range(4)]


def tokens(text: str) -> tuple[list[str], bool]:
    """Lower-cased words and single CJK characters (punctuation and spacing ignored), and
    whether the text is mostly CJK."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    cjk = len(_CJK_CHAR.findall(folded))
    if not cjk:
        # Splitting on spaces and stripping punctuation is twice as fast as a word pattern.
        return list(filter(None, map(_STRIP_PUNCTUATION, folded.split()))), False
    toks = _TOKEN.findall(folded)
    return toks, cjk * 2 > len(toks)


def mix64(value: int) -> int:
    """splitmix64's finalizer: spreads every input bit over all 64 output bits."""
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def _rotations(token: str) -> tuple[int, int, int, int]:
    cached = _TOKEN_HASHES.get(token)
    if cached is None:
        if len(_TOKEN_HASHES) >= _CACHE_LIMIT:
            _TOKEN_HASHES.clear()
        # blake2b, not hash(): str hashing is salted per process, and sketches are stored.
        h = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
        cached = _TOKEN_HASHES[token] = (
            h,
            (h << 16 | h >> 48) & _MASK,
            (h << 32 | h >> 32) & _MASK,
            (h << 48 | h >> 16) & _MASK,
        )
    return cached


def shingle_hashes(text: str) -> set[int]:
    """The 64-bit hashes of the text's shingles (a text shorter than one shingle is one).

    A shingle's hash is the XOR of its tokens' hashes, each rotated by its position (so
    "a b c" is not "c b a"), times an odd constant: the multiplication breaks the XOR's
    linearity, and the cached token hashes spare hashing each shingle's text again.
    """
    toks, mostly_cjk = tokens(text)
    if not toks:
        return set()
    size = CJK_SHINGLE if mostly_cjk else WORD_SHINGLE
    cached = list(map(_TOKEN_HASHES.get, toks))
    rotated: list[tuple[int, int, int, int]] = (
        [r or _rotations(t) for r, t in zip(cached, toks, strict=True)]
        if None in cached
        else cached  # type: ignore[assignment]  # no None in it
    )
    if len(rotated) < size:
        return {mix64(sum(r[0] for r in rotated) & _MASK)}
    # C-level map() loops: this is the hot path of sketching a body.
    combined = map(
        xor,
        map(xor, map(_AT[0], rotated), map(_AT[1], rotated[1:])),
        map(_AT[2], rotated[2:]),
    )
    if size == CJK_SHINGLE:
        combined = map(xor, combined, map(_AT[3], rotated[3:]))
    return set(map(and_, map(mul, combined, repeat(_ODD)), repeat(_MASK)))
