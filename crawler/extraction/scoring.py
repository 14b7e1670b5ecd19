"""Text-overlap metrics shared by the extraction tests and the benchmark."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime, time, tzinfo

# Languages written without spaces between words: compare character bigrams there.
CJK_LANGUAGES = frozenset({"ja", "ko", "zh"})

_WORD = re.compile(r"\w+", re.UNICODE)


def _normalize(text: str) -> str:
    # NFKC folds full-width digits and compatibility forms, so a page that keeps
    # "２０２５" and an expectation that says "2025" do not count as different.
    return unicodedata.normalize("NFKC", text).casefold()


def _prf(
    predicted: Counter[str] | Counter[tuple[str, ...]],
    expected: Counter,  # type: ignore[type-arg]
) -> tuple[float, float, float]:
    if not predicted and not expected:
        return 1.0, 1.0, 1.0
    if not predicted or not expected:
        # Silence earns no precision: an empty body is scored as wholly wrong.
        return 0.0, 0.0, 0.0
    overlap = sum((predicted & expected).values())
    if overlap == 0:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(predicted.values())
    recall = overlap / sum(expected.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _f1(predicted: Counter[str] | Counter[tuple[str, ...]], expected: Counter) -> float:  # type: ignore[type-arg]
    return _prf(predicted, expected)[2]


def word_ngrams(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams (unigrams when the text is shorter than n words)."""
    words = _WORD.findall(_normalize(text))
    if len(words) < n:
        return Counter((w,) for w in words)
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def char_bigrams(text: str) -> Counter[str]:
    """Multiset of character bigrams, whitespace removed."""
    chars = "".join(_normalize(text).split())
    if len(chars) < 2:
        return Counter([chars] if chars else [])
    return Counter(chars[i : i + 2] for i in range(len(chars) - 1))


def word_4gram_f1(predicted: str | None, expected: str | None) -> float:
    """F1 of word 4-gram multisets: rewards the right paragraphs in the right order."""
    return _f1(word_ngrams(predicted or ""), word_ngrams(expected or ""))


def char_bigram_f1(predicted: str | None, expected: str | None) -> float:
    """F1 of character-bigram multisets, for languages without word spacing."""
    return _f1(char_bigrams(predicted or ""), char_bigrams(expected or ""))


def body_f1(predicted: str | None, expected: str | None, language: str | None) -> float:
    """The body metric for a page: character bigrams for ja/ko/zh, word 4-grams otherwise."""
    if language in CJK_LANGUAGES:
        return char_bigram_f1(predicted, expected)
    return word_4gram_f1(predicted, expected)


def body_prf(
    predicted: str | None, expected: str | None, language: str | None
) -> tuple[float, float, float]:
    """Precision, recall and F1 of the body metric (see ``body_f1``)."""
    if language in CJK_LANGUAGES:
        return _prf(char_bigrams(predicted or ""), char_bigrams(expected or ""))
    return _prf(word_ngrams(predicted or ""), word_ngrams(expected or ""))


def normalize_title(text: str | None) -> str:
    """Whitespace-collapsed NFC text, the form titles are compared in."""
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def title_matches(predicted: str | None, expected: str | None) -> bool:
    """Exact title match after whitespace and NFC normalization."""
    return normalize_title(predicted) == normalize_title(expected)


def authors_match(predicted: list[str], expected: list[str]) -> bool:
    """Same set of names, compared case-insensitively with whitespace collapsed."""

    def key(names: list[str]) -> set[str]:
        return {" ".join(name.split()).casefold() for name in names}

    return key(predicted) == key(expected)


def published_matches(predicted: datetime | None, expected: str | None, zone: tzinfo) -> bool:
    """Same instant; a naive expectation is read in ``zone``, and a naive midnight means a day."""
    if expected is None:
        return predicted is None
    if predicted is None:
        return False
    wanted = datetime.fromisoformat(expected)
    if wanted.tzinfo is None:
        if wanted.time() == time(0, 0):
            return predicted.astimezone(zone).date() == wanted.date()
        wanted = wanted.replace(tzinfo=zone)
    return predicted == wanted
