"""People's Daily Online (people.com.cn): rm_txt article pages with editor lines."""

from __future__ import annotations

import re
from datetime import datetime

from lxml.html import HtmlElement

from crawler.sites.base import PageVersion, VersionedPage, node_text, wire_in
from polwire.core.scripts import HAN

_TITLE_SUFFIX = re.compile(r"(?:--[^-]{1,12})+\s*$")  # "--时政--人民网"
_EDITORS = re.compile(r"[（(]\s*责编[:：]\s*(?P<names>[^)）]+)[)）]")
_CHANNEL = re.compile(r"^https?://([a-z0-9]+)\.people\.com\.cn/")


class RmTxtLayout(PageVersion):
    """The ``div.rm_txt`` article layout (2020 redesign, seen 2024-04)."""

    @classmethod
    def matches(cls, tree: HtmlElement, url: str) -> bool:
        return bool(tree.xpath('//div[contains(@class,"rm_txt_con")]'))

    def title(self) -> str | None:
        heading = self.first_text(
            '//div[contains(@class,"rm_txt")]//div[contains(@class,"col-1")]/h1'
        )
        if heading:
            return heading
        title = self.first_text("//title")
        return _TITLE_SUFFIX.sub("", title).strip() if title else None

    def published(self) -> datetime | None:
        # The visible "2024年04月24日23:52 | 来源：..." has the time; the
        # publishdate meta has only the day.
        shown = self.first_text('//div[contains(@class,"channel")]/div[contains(@class,"col-1-1")]')
        return self.date_from_text(shown) or self.date_from_text(self.meta("publishdate"))

    def authors(self) -> list[str] | None:
        # People's Daily credits its editors ("责编") on every page; reporters
        # appear only inside the text, so the editors are the named people.
        match = _EDITORS.search(self.first_text('//div[contains(@class,"edit")]') or "")
        if not match:
            return None
        return [n.strip() for n in re.split(r"[、，,]", match.group("names")) if n.strip()]

    def section(self) -> str | None:
        match = _CHANNEL.match(self.url)
        return match.group(1) if match else None

    def body(self) -> list[str] | None:
        nodes = self.tree.xpath('//div[contains(@class,"rm_txt_con")]/p[not(@class)]')
        # An ideographic space separates the dateline from the headline
        # ("新华社北京4月24日电\u3000题：..."): a word break, not text.
        return [p.replace("\u3000", " ") for p in self.paragraphs(nodes)] or None

    def wire(self) -> str | None:
        first = self.first('//div[contains(@class,"rm_txt_con")]/p[not(@class)]')
        lead = node_text(first) if first is not None else ""
        # agency_in needs a word boundary, which CJK text does not have.
        match = re.match(r"^\s*(新华社|新華社|中新社)", lead)
        if match:
            return "Xinhua" if match.group(1) != "中新社" else "China News Service"
        source = self.first_text(
            '//div[contains(@class,"channel")]/div[contains(@class,"col-1-1")]/a'
        )
        return wire_in(source) if source and source != "人民网" else None

    def dateline(self) -> str | None:
        first = self.first('//div[contains(@class,"rm_txt_con")]/p[not(@class)]')
        match = re.match(
            rf"^\s*(?:新华社|中新社|人民网)(?P<place>[{HAN}]{{2,4}}?)\d{{1,2}}月",
            node_text(first) if first is not None else "",
        )
        return match.group("place") if match else None

    def is_article(self) -> bool | None:
        return True


class PeopleDailyPage(VersionedPage):
    versions = (RmTxtLayout,)
