"""Where a story ends: paywall notices, closing headings, trailing furniture, credits after it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement

from crawler.extraction.body.tags import INLINE_TAGS
from crawler.extraction.body.words import (
    END_HEADINGS,
    LATE_END_HEADINGS,
    PAYWALL_NOTICES,
    alternation,
)
from crawler.extraction.tree import INVISIBLE_TAGS
from polwire.core.scripts import CJK as CJK_LETTERS
from polwire.core.text import clean_text

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
CJK = re.compile(f"[{CJK_LETTERS}]")


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


def _lines_of(element: HtmlElement) -> list[str] | None:
    """The element's lines (one per block inside it, or per <br>); None when it is long or
    has more lines than a credit block.

    Stops reading once past the limit: the sibling after a story is often the rest of the
    page. A box of several lines (share buttons, then "Reuters") is read line by line, so
    a credit in it reads as one.
    """
    parts: list[str] = []
    total = 0
    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:
        if not isinstance(node.tag, str) or node.tag in INVISIBLE_TAGS:
            if event == "start":
                walk.skip_subtree()
            else:
                parts.append(node.tail or "")
            continue
        block = node.tag not in INLINE_TAGS
        if event == "start":
            parts.append("\n" if block or node.tag == "br" else "")
            parts.append(node.text or "")
        else:
            parts.append("\n" if block else "")
            parts.append(node.tail or "" if node is not element else "")
        total += len(parts[-1].strip())
        if total > _AFTER_LINE_CHARS:
            return None
    lines = [line for line in map(clean_text, "".join(parts).split("\n")) if line]
    # More lines than a credit block has: a menu or a list of links (partner sites).
    return lines if len(lines) <= _AFTER_LINES else None


def _units_after(node: HtmlElement) -> Iterator[list[str] | None]:
    """The tail of ``node`` and each sibling after it (with its tail), as lines; None: long."""
    texts = [node.tail]
    for sibling in node.itersiblings():
        if isinstance(sibling.tag, str) and sibling.tag not in INVISIBLE_TAGS:
            yield from _nonempty([clean_text(t) for t in texts])
            texts = []
            lines = _lines_of(sibling)
            if lines is None or lines:
                yield lines
        texts.append(sibling.tail)
    yield from _nonempty([clean_text(t) for t in texts])


def _nonempty(texts: list[str]) -> Iterator[list[str] | None]:
    for text in texts:
        if text:
            yield [text] if len(text) <= _AFTER_LINE_CHARS else None


def lines_after(container: HtmlElement) -> list[str]:
    """The lines of the first few short blocks printed after ``container`` (a credit, a
    copyright line), climbing out of the story's wrappers."""
    found: list[str] = []
    blocks = 0
    node = container
    for _ in range(_AFTER_LEVELS):
        for lines in _units_after(node):
            if lines is None or blocks >= _AFTER_LINES:
                return found
            found.extend(lines)
            blocks += 1
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return found
