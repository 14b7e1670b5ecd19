"""Where a story ends: paywall notices, closing headings, trailing furniture, credits after it."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extraction.body.words import (
    END_HEADINGS,
    LATE_END_HEADINGS,
    PAYWALL_NOTICES,
    alternation,
)
from crawler.extraction.tree import INVISIBLE_TAGS, clean_text, visible_text

# A paywall notice ends the freely readable text: what follows is sign-up furniture.
_PAYWALL = re.compile(alternation(PAYWALL_NOTICES), re.IGNORECASE)
# Headings that open the furniture after a story: nothing after them is the article.
_END_MARKER = re.compile(f"^(?:{alternation(END_HEADINGS)})$", re.IGNORECASE)
# Headings that open furniture; a story's own subheadings can read the same ("More on the
# background"), so they count only in its last part.
_LATE_END_MARKER = re.compile(f"^(?:{alternation(LATE_END_HEADINGS)})[\\s:.!?…]*$", re.IGNORECASE)


def ends_here(text: str, *, late: bool) -> bool:
    """The line ends the story: a paywall notice, a closing heading (``late``: in its last part)."""
    return bool(
        _PAYWALL.search(text) or _END_MARKER.match(text) or (late and _LATE_END_MARKER.match(text))
    )


# A sentence ends with one of these (a closing quote or bracket may follow).
SENTENCE_END = re.compile(r"[.!?。！？…:;：；][\"'”’」』）)\]]*$")
_SHORT_LINE = 40
_SHORT_CJK_LINE = 20
# Chinese, Japanese and Korean script: their lines say as much in fewer characters.
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def ends_as_sentence(line: str) -> bool:
    """The line ends the way a sentence does (a closing quote or bracket may follow)."""
    return bool(SENTENCE_END.search(line))


def trim_trailing_furniture(
    paragraphs: list[str], cells: frozenset[str] = frozenset()
) -> list[str]:
    """Drop the run of short lines that are not sentences after the story's last paragraph.

    Topic tags, "1 day ago", share and sign-up labels follow the text on many
    pages inside the same container; a story itself ends with a sentence, or with a
    table (``cells``: the texts of its cells), whose cells are short lines.
    """
    end = len(paragraphs)
    while end > 3:
        line = paragraphs[end - 1]
        if line in cells:
            break
        limit = _SHORT_CJK_LINE if CJK.search(line) else _SHORT_LINE
        # A story does not end on a colon: that line announced something not extracted.
        if (len(line) >= limit or SENTENCE_END.search(line)) and not line.endswith((":", "：")):
            break
        end -= 1
    return paragraphs[:end]


# Credits printed after a story sit in its next few short lines; a long text is
# the next piece of page content, and the story's own credits are over by then.
_AFTER_LINES = 3
_AFTER_LINE_CHARS = 200
_AFTER_LEVELS = 4


def _short_text(element: HtmlElement) -> str:
    """The element's text when it is short; a placeholder as long as the limit otherwise.

    Stops reading once past the limit: the sibling after a story is often the rest
    of the page.
    """
    if not any(True for _ in element.iter("script", "style")):
        total = 0
        for piece in element.itertext():
            total += len(piece.strip())
            if total > _AFTER_LINE_CHARS:
                return "x" * (_AFTER_LINE_CHARS + 1)
    return visible_text(element)


def lines_after(container: HtmlElement) -> list[str]:
    """The first short lines printed after ``container`` (a credit, a copyright line)."""
    found: list[str] = []
    node = container
    for _ in range(_AFTER_LEVELS):
        texts = [node.tail or ""]
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag not in INVISIBLE_TAGS:
                texts.append(_short_text(sibling))
            texts.append(sibling.tail or "")
            if len(found) + len([t for t in texts if t.strip()]) >= _AFTER_LINES:
                break
        for text in (clean_text(t) for t in texts):
            if not text:
                continue
            if len(text) > _AFTER_LINE_CHARS or len(found) >= _AFTER_LINES:
                return found
            found.append(text)
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return found
