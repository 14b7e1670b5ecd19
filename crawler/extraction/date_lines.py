"""The publication date a page prints as a line of text by its headline ("发布时间：2022-02-13
04:22", "2005-04-05 06:40更新 来源：...", "입력 2025.09.08 14:30", "Posted 9/17/2004"), for
pages whose markup names no date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from lxml.html import HtmlElement

from crawler.extraction.dates import parse_date
from crawler.extraction.tree import INVISIBLE_TAGS, visible_text
from polwire.core.text import clean_text

# Words that label a line as the story's own date, in the registry's languages and English.
# "更新" and "updated" count: a page that prints only an update time was published that day
# or before, and portals of the 2000s print "… 更新" as their only date.
_LABEL = re.compile(
    r"发布|發佈|發布|发表|發表|刊发|刊登|时间|時間|日期|出版|更新|登録|公開|掲載|配信|入稿"
    r"|입력|기사입력|등록|수정|송고|posted|published|updated",
    re.IGNORECASE,
)
# A line that could hold a date: a year, a CJK date character, or an English month.
_DATE_HINT = re.compile(
    r"(?:19|20)\d{2}|年|년|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE
)
_TIME_OF_DAY = re.compile(r"\d{1,2}\s*[:時시]\s*\d{2}")
# How far (in elements, document order) a date line may sit from the headline.
_REACH = 40
_LONGEST_LINE = 120
# Elements whose text is a line of its own; inline elements are read as part of one.
_LINE_TAGS = frozenset(
    {
        "p",
        "div",
        "span",
        "td",
        "th",
        "li",
        "dd",
        "dt",
        "font",
        "em",
        "small",
        "time",
        "b",
        "strong",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "address",
        "section",
        "header",
        "center",
    }
)

_HEADLINE_TAGS = _LINE_TAGS | {"h1"}


@dataclass(slots=True, frozen=True)
class _DateLine:
    index: int
    moment: datetime
    labelled: bool
    timed: bool


def date_by_headline(
    root: HtmlElement, headline: str | None, zone: tzinfo, *, day_first: bool = False
) -> datetime | None:
    """The date line closest to the headline, labelled and timed lines preferred.

    The headline is the element whose text is the article's title (old portals set theirs in
    a <div> or <font>, and some give <h1> to the site's name), or else the first <h1>. Lines
    inside links are other stories' dates, and a page with no headline found gives no date:
    its date lines are as likely today's date in the site's banner as the story's.
    """
    body = root.find("body")
    if body is None:
        return None
    wanted = clean_text(headline) if headline else ""
    # One pass finds the headline; only the elements within reach of it are read as dates.
    elements = [
        element
        for element in body.iter()
        if isinstance(element.tag, str) and element.tag not in INVISIBLE_TAGS
    ]
    headline_at = _headline_index(elements, wanted)
    if headline_at is None:
        return None
    near = [
        line
        for index in range(max(0, headline_at - _REACH), headline_at + _REACH + 1)
        if index != headline_at
        and index < len(elements)
        and elements[index].tag in _LINE_TAGS
        and (line := _date_line(elements[index], index, zone, day_first)) is not None
    ]
    if not near:
        return None
    # A label and a time each speak for a line; between equals, the closer one wins.
    best = min(
        near,
        key=lambda line: (-(line.labelled + line.timed), abs(line.index - headline_at)),
    )
    return best.moment


def _headline_index(elements: list[HtmlElement], wanted: str) -> int | None:
    """Where the element whose text is the title stands, else the first <h1>."""
    first_h1: int | None = None
    for index, element in enumerate(elements):
        if wanted and element.tag in _HEADLINE_TAGS and _is_headline(element, wanted):
            return index
        if element.tag == "h1" and first_h1 is None:
            first_h1 = index
    return first_h1


def _is_headline(element: HtmlElement, wanted: str) -> bool:
    own = (element.text or "").strip()
    if not own or not wanted.startswith(own[:8]):
        return False
    return clean_text(visible_text(element)) == wanted


def _date_line(element: HtmlElement, index: int, zone: tzinfo, day_first: bool) -> _DateLine | None:
    own = " ".join(
        part for part in (element.text, *(child.tail for child in element)) if part and part.strip()
    )
    if not own or not _DATE_HINT.search(own):
        return None
    text = visible_text(element)
    if len(text) > _LONGEST_LINE or _in_link(element):
        return None
    moment = parse_date(text, zone, day_first=day_first)
    if moment is None:
        return None
    return _DateLine(index, moment, bool(_LABEL.search(text)), bool(_TIME_OF_DAY.search(text)))


def _in_link(element: HtmlElement) -> bool:
    return any(ancestor.tag == "a" for ancestor in element.iterancestors())
