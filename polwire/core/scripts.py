"""Which writing system a character belongs to: the CJK ranges every layer shares."""

from __future__ import annotations

# Kana, CJK ideographs (with extension A and compatibility forms), Hangul syllables and jamo,
# halfwidth katakana: the same ranges as storage/search.py's CJK_CLASS (migration 0002).
CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xAC00, 0xD7AF),
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xFF66, 0xFF9F),
)
# The same as a regular expression character class's contents.
CJK_CLASS = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in CJK_RANGES)
HANGUL_RANGES = ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
KANA_RANGES = ((0x3040, 0x30FF), (0xFF66, 0xFF9F))


def _within(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def is_cjk(char: str) -> bool:
    return _within(char, CJK_RANGES)


def is_hangul(char: str) -> bool:
    return _within(char, HANGUL_RANGES)


def is_han(char: str) -> bool:
    return _within(char, HAN_RANGES)


def is_kana(char: str) -> bool:
    return _within(char, KANA_RANGES)


def is_word_char(char: str) -> bool:
    """A letter or digit of an alphabetic script (Latin, Cyrillic, ...): what a Latin-script
    name must not touch on either side. CJK characters are not: 'LDP総裁' holds 'LDP'."""
    if char.isascii():
        return char.isalnum()
    return char.isalnum() and not is_cjk(char)


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)
