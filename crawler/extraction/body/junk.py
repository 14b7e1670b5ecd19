"""Lines that are no prose: credits, calls to action, date lines, repeats; the cleaning pass."""

from __future__ import annotations

import re

from crawler.extraction.body.endings import ends_here
from crawler.extraction.body.reading import PASSAGE_LINE
from crawler.extraction.body.words import (
    CREDIT_LABELS,
    DATE_WORDS,
    FILE_LINK,
    JUNK_LINES,
    RELATIVE_DATES,
    alternation,
)

# Lines that are credits, furniture or calls to action, not article prose.
_JUNK_LINE = re.compile(f"^(?:{alternation(JUNK_LINES)}|{FILE_LINK})", re.IGNORECASE)
# Picture and source credits ("Foto: dpa", "Quelle: Landesregierung", "Crédit photo : AFP"):
# short lines only, a paragraph may open so.
_SHORT_CREDIT = re.compile(rf"^(?:{alternation(CREDIT_LABELS)})\s*:", re.IGNORECASE)
_SHORT_CREDIT_CHARS = 120
_COPYRIGHT_LINE_CHARS = 200
_COPYRIGHT_ANYWHERE = re.compile(
    # A caption closing on its picture's credit ("... gesegnet. | © Getty Images") too.
    r"^\W{0,3}(?:©|ⓒ|\(c\))|all rights reserved|(?:©|ⓒ)\s*[^.!?©ⓒ]{1,60}$",
    re.IGNORECASE,
)


_REPEATED_PARAGRAPH = 200
# Where the last part of a body starts (share of its characters).
_LATE_PART = 0.6

_DATE_WORD = re.compile(rf"\b(?:{alternation(DATE_WORDS)})\b\.?", re.IGNORECASE)
_DATE_DIGITS = re.compile(r"\d")
_AGO = re.compile(r"\bago\b|\bvor\s", re.IGNORECASE)
_DATE_LEFTOVER = re.compile(r"[\d\W_年月日時分초년월일시분]+")
_RELATIVE_ONLY = re.compile(f"^(?:{alternation(RELATIVE_DATES)})$", re.IGNORECASE)


def is_junk_line(text: str) -> bool:
    """A credit, a call to action, a copyright or an ad label, not prose."""
    return bool(
        _JUNK_LINE.match(text)
        or (_COPYRIGHT_ANYWHERE.search(text) and len(text) < _COPYRIGHT_LINE_CHARS)
        or (_SHORT_CREDIT.match(text) and len(text) < _SHORT_CREDIT_CHARS)
    )


def is_date_furniture(line: str) -> bool:
    """A date, a time or "Updated 3 hours ago" printed as a line of its own: page furniture."""
    if len(line) > 80:
        return False
    if _RELATIVE_ONLY.match(line.strip(" .:!")):
        return True
    if not _DATE_DIGITS.search(line) and not _AGO.search(line):
        return False
    stripped = _DATE_WORD.sub(" ", line)
    leftover = _DATE_LEFTOVER.sub(" ", stripped).split()
    if stripped == line:
        # No date word: only a numeric date ("12.03.2024") is one.
        return not leftover and bool(_DATE_DIGITS.search(line))
    # Once date words, digits and punctuation are gone, at most one word (a place,
    # a name) may stand beside the date.
    return len(leftover) <= 1


def clean_paragraphs(blocks: list[tuple[str, str]]) -> list[str]:
    """Drop credit, call-to-action and duplicate lines, stop at a paywall notice; keep order.

    Date lines and relative times ("Updated 3 hours ago") before the first paragraph
    are furniture: they never open the body.
    """
    out: list[str] = []
    seen: set[str] = set()
    total = sum(len(text) for _tag, text in blocks)
    done = 0
    for tag, text in blocks:
        done += len(text)
        if ends_here(text, late=bool(out) and done >= _LATE_PART * total):
            break
        if (not out and is_date_furniture(text)) or is_junk_line(text):
            continue
        # A short line printed twice is furniture (a caption, a label); a long
        # paragraph printed twice is the author's own repetition, and so is a line of
        # a passage broken at <br>s (a refrain, a verse, a list of steps said again).
        if text in seen and len(text) < _REPEATED_PARAGRAPH and tag != PASSAGE_LINE:
            continue
        seen.add(text)
        out.append(text)
    return out
