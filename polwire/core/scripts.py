"""The East Asian character classes, defined once: code point ranges, the regex class bodies
(the part between the brackets) every text rule builds its patterns from, and tests of one
character."""

from __future__ import annotations

Ranges = tuple[tuple[int, int], ...]

# Hiragana and katakana, with the prolonged sound mark and the middle dot (U+30FB).
KANA_RANGES: Ranges = ((0x3040, 0x30FF),)
# Halfwidth katakana (old Japanese encodings and some feeds still use them).
HALFWIDTH_KANA_RANGES: Ranges = ((0xFF66, 0xFF9F),)
# CJK ideographs: extension A, the unified block and the compatibility forms.
HAN_RANGES: Ranges = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HANGUL_SYLLABLE_RANGES: Ranges = ((0xAC00, 0xD7AF),)
# Conjoining and compatibility jamo: Hangul letters written apart from a syllable.
HANGUL_JAMO_RANGES: Ranges = ((0x1100, 0x11FF), (0x3130, 0x318F))
HANGUL_RANGES = HANGUL_SYLLABLE_RANGES + HANGUL_JAMO_RANGES
# Any Chinese, Japanese or Korean letter, halfwidth kana included.
CJK_RANGES = KANA_RANGES + HAN_RANGES + HANGUL_RANGES + HALFWIDTH_KANA_RANGES


def _class(ranges: Ranges) -> str:
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


KANA = _class(KANA_RANGES)
HALFWIDTH_KANA = _class(HALFWIDTH_KANA_RANGES)
HAN = _class(HAN_RANGES)
HANGUL_SYLLABLES = _class(HANGUL_SYLLABLE_RANGES)
HANGUL_JAMO = _class(HANGUL_JAMO_RANGES)
HANGUL = HANGUL_SYLLABLES + HANGUL_JAMO
# Scripts written without spaces between words: each character is a token, and about two
# make a word. Korean is written with spaces, so it is counted and shingled by words.
SPACELESS = KANA + HAN
# "CJK" in the broad sense: any Chinese, Japanese or Korean letter.
CJK = KANA + HAN + HANGUL
# What full-text search indexes as bigrams: polwire_search_text (migration 0002) spells the
# same class in SQL; keep the two the same.
SEARCH_BIGRAM = CJK + HALFWIDTH_KANA
CJK_CLASS = SEARCH_BIGRAM


def _within(char: str, ranges: Ranges) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def is_cjk(char: str) -> bool:
    return _within(char, CJK_RANGES)


def is_hangul(char: str) -> bool:
    return _within(char, HANGUL_RANGES)


def is_han(char: str) -> bool:
    return _within(char, HAN_RANGES)


def is_kana(char: str) -> bool:
    return _within(char, KANA_RANGES + HALFWIDTH_KANA_RANGES)


def is_word_char(char: str) -> bool:
    """A letter or digit of an alphabetic script (Latin, Cyrillic, ...): what a Latin-script
    name must not touch on either side. CJK characters are not: 'LDP総裁' holds 'LDP'."""
    if char.isascii():
        return char.isalnum()
    return char.isalnum() and not is_cjk(char)


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)
