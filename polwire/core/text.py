"""Text rules every layer shares: cleaning (of text read from a page, of a stored field),
word counts and body hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from polwire.core.scripts import SPACELESS

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n+")
# Ideographs and kana are written without spaces: about two characters make a word.
_CJK_CHAR = re.compile(f"[{SPACELESS}]")
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[\W_]+")

# Control characters (C0 but tab and newline, DEL, C1), the soft hyphen (an invisible
# break hint that splits words for search: "Mit\u00adtel\u00adal\u00adter") and the
# two noncharacters. Carriage returns, form feeds and vertical tabs separate words or
# lines, so they become newlines or spaces.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline kept): the cleaning every field gets."""
    # str.replace before the regex: this runs on whole pages, and \r\n is common.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0b" in text or "\x0c" in text:
        text = text.replace("\x0b", " ").replace("\x0c", " ")
    # Most pages hold none: a search costs less than a substitution that copies the page.
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


_TREE_SPACE = re.compile(r"[^\S\u3000]+")
_IDEOGRAPHIC_RUN = re.compile(r"[ \u3000]{2,}")
# Byte-order marks and zero-width spaces CMSs leave inside text (ZWJ and ZWNJ spell
# words in Persian and Indic scripts: they stay). Soft hyphens go with the control
# characters (strip_controls).
_INVISIBLE_CHARS = "\ufeff\u200b\u2060"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def clean_text(text: str | None) -> str:
    """Text read from a page (the extractor's and the site page objects'): no control or
    invisible characters, whitespace collapsed (U+3000 runs only where they pad), NFC."""
    if not text:
        return ""
    # U+3000 inside Japanese headlines is meaningful, so only ASCII-like
    # whitespace is collapsed; U+3000 is kept but trimmed at the ends.
    # Control characters other than NUL pass the parser, and go here, before the
    # whitespace is collapsed: str.split takes U+001C-U+001F and U+0085 for spaces, and
    # would split the word they sit in.
    text = strip_controls(text)
    # Most texts hold none: looking costs less than a substitution that copies the text.
    if any(char in text for char in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    if "\u3000" not in text:
        # str.split's whitespace is the regex's \s: the same collapse, in a tenth of the time.
        return unicodedata.normalize("NFC", " ".join(text.split()))
    # A lone U+3000 stays; a run of it with other spaces is padding.
    collapsed = _IDEOGRAPHIC_RUN.sub(" ", _TREE_SPACE.sub(" ", text))
    return unicodedata.normalize("NFC", collapsed.strip(" \t\r\n\u3000\xa0"))


def clean_line(text: str) -> str:
    """No control characters, NFC, one space between words, no leading or trailing space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_controls(text))).strip()


def clean_body(text: str) -> str:
    """NFC paragraphs without control characters, each on one line, separated by a blank line."""
    paragraphs = (clean_line(p.replace("\n", " ")) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def word_count(text: str) -> int:
    rest, cjk = _CJK_CHAR.subn(" ", text)
    return len(_WORD.findall(rest)) + (cjk + 1) // 2


def content_hash(body: str) -> str:
    """Hash of the body with case, punctuation and spacing ignored (same text, same hash)."""
    key = _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", body).casefold()).strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
