"""The people a Chinese page credits in its text rather than in a byline element: its reporters
("本报记者 王小明 李华", "（记者 王小明）", "记者王小明/文", "本报记者王小明发自北京"), its author
("作者：王小明") and, failing those, its editor ("责任编辑：王小明", "编辑：王小明")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml.html import HtmlElement

from polwire.core.scripts import HAN

# Markers one of the credits below needs: a page whose markup holds none is not scanned.
MARKERS = ("记者", "記者", "作者", "编辑", "編輯", "责编", "責編")

_HAN = f"[{HAN}]"
# Chinese names: two to four characters each, several separated by spaces or 、.
_NAMES = rf"(?P<names>{_HAN}{{2,4}}(?:\s*[、，,]\s*{_HAN}{{2,4}}|\s+{_HAN}{{2,4}})*)"
# What may close a credit: the end of its text, a bracket, "/文" (text by), "发自" (filed from),
# "报道" (reporting), "通讯员" (a correspondent after the reporter).
_CLOSE = r"(?=\s*(?:$|[)）\]】]|/\s*文|／\s*文|发自|發自|\S{0,4}报道|\S{0,4}報導|通讯员|通訊員))"
_REPORTERS = re.compile(rf"(?:记者|記者)\s*[:：]?\s*{_NAMES}{_CLOSE}")
_AUTHOR = re.compile(rf"作者\s*[:：]\s*{_NAMES}{_CLOSE}")
_EDITOR = re.compile(rf"(?:责任编辑|責任編輯|编辑|編輯|责编|責編)\s*[:：]\s*{_NAMES}{_CLOSE}")
# A credit opens its line (after at most a paper's or a channel's name) or a bracket; further
# into a sentence, "记者" is the sentence's subject.
_LEAD = 24
_OPENING = ("（", "(", "【", "[")
_MARKER = re.compile("|".join(MARKERS))
# Text in these is no credit of the page's: other stories' (links), code.
_NOT_CREDITS = frozenset({"a", "script", "style"})


def _marked_texts(root: HtmlElement) -> Iterator[str]:
    """The page's text pieces that hold a marker, in document order, outside links and code
    (a walk in Python: an XPath contains() test cost 5 ms on a portal page)."""
    body = root.find("body")
    for element in body.iter() if body is not None else ():
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            if text and _MARKER.search(text) and not _excluded(owner):
                yield text


def _excluded(element: HtmlElement | None) -> bool:
    while element is not None:
        if element.tag in _NOT_CREDITS:
            return True
        element = element.getparent()
    return False


def chinese_credits(root: HtmlElement) -> list[str]:
    """Names the page credits: its reporters or author, else its editors; [] when none."""
    found: dict[str, list[str]] = {"reporter": [], "editor": []}
    for piece in _marked_texts(root):
        text = " ".join(unicodedata.normalize("NFKC", piece).split())
        for segment in re.split(r"[。！？]", text):
            for kind, pattern in (
                ("reporter", _REPORTERS),
                ("reporter", _AUTHOR),
                ("editor", _EDITOR),
            ):
                for match in pattern.finditer(segment):
                    lead = segment[: match.start()].rstrip()
                    if len(lead) <= _LEAD or lead.endswith(_OPENING):
                        found[kind].extend(re.split(r"\s*[、，,]\s*|\s+", match.group("names")))
                        break
        if found["reporter"]:
            break
    names = found["reporter"] or found["editor"]
    return list(dict.fromkeys(name for name in names if name))
