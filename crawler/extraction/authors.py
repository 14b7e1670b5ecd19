"""Turn byline strings into a clean list of person names."""

from __future__ import annotations

import re

from crawler.extraction.wire import agency_in
from polwire.core.scripts import HAN, HANGUL_SYLLABLES

_PREFIX = re.compile(
    r"^(?:by|written by|reported by|words by|story by|text by|from|par|por|von|door|av"
    r"|作者|文|記者|기자|글)\s*[:：]?\s+",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:senior |chief |deputy |special |foreign |political |diplomatic |staff |contributing |"
    r"associate |managing |executive |local |national |investigative |"
    r"economics |business |health |defen[cs]e |security |climate |tokyo |seoul |beijing )*"
    r"(?:staff writers?|writers?|reporters?|correspondents?|editors?|columnists?|contributors?"
    r"|journalists?|photographers?|producers?|analysts?|bureau chief|news desk|desk)\b.*$",
    re.IGNORECASE,
)
# Korean and Japanese bylines put the role after the name: "홍길동 기자", "山田太郎記者".
_CJK_ROLE = re.compile(
    r"\s*(?:기자|특파원|선임기자|논설위원|객원기자|인턴기자|에디터|記者|特派員|編集委員|論説委員"
    r"|撰稿|编辑|責任編集|责任编辑|实习生)(?:\s*외\s*\d+\s*명)?.*$"
)
# A middle dot between Hangul names joins two reporters ("이도현·박하은 기자"); between
# Chinese characters it spells one foreign name ("唐纳德·特朗普"), so only Hangul splits.
_SPLIT = re.compile(
    r"\s+(?:and|&|und|et|y)\s+|\s*[,;/|、，；]\s*|\s+and$"
    rf"|(?<=[{HANGUL_SYLLABLES}])\s*[·ㆍ･・]\s*(?=[{HANGUL_SYLLABLES}])",
    re.IGNORECASE,
)
# Chinese bylines put the role first: "本报记者 王小明 李华", "記者王小明" ("our reporter(s)").
_CHINESE_ROLE_FIRST = re.compile(
    r"^(?:本[报報台刊网網]|新华社|新華社|新华网|新華網|中新社|中新网|中新網)?(?:特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員)\s*[:：]?\s*"
)
# An agency named before the role ("新华社记者 王小明": Xinhua's reporter) credits the
# agency as well as the person.
_AGENCY_ROLE = re.compile(
    r"^\s*(新华社|新華社|新华网|新華網|中新社|中新网|中新網|中国新闻社|中國新聞社)"
    r"\s*(?:特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員)"
)


def byline_agency(value: str) -> str | None:
    """The agency a Chinese byline names before its reporter's role, if any."""
    match = _AGENCY_ROLE.match(value or "")
    return agency_in(match.group(1), whole=True) if match else None


# Chinese names, two to four characters each, separated by spaces after such a role.
_CHINESE_NAMES = re.compile(rf"^[{HAN}]{{2,4}}(?:\s+[{HAN}]{{2,4}})+$")
# Names of companies and desks rather than people.
_CORPORATE = re.compile(
    r"\b(?:inc|ltd|llc|corp|co|plc|gmbh|group|media|news|newsroom|online|digital|staff|team"
    r"|desk|bureau|agency|press|times|post|daily|herald|tribune|journal)\b\.?$"
    r"|株式会社|新聞|通信|新聞社|デジタル|編集部|日報|일보|신문|뉴스|방송|报|网$",
    re.IGNORECASE,
)
# A bullet never sits inside a name: what follows it is the time or the section ("• 8h").
_TRAILING_TIME = re.compile(
    r"\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|updated|published|\d{1,2}\s+\w{3,9}\s+\d{4}|•"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b)"
    r".*$",
    re.IGNORECASE,
)
# Words a byline prints beside the name that are no name on their own: the prefix without
# its name ("By" on a line of its own), a contact link, a "more by" link.
_LONE_WORD = re.compile(
    r"^(?:by|von|par|por|door|di|av|from|e-?mail|email|mail|contact|follow|more|bio|profile)$",
    re.IGNORECASE,
)
_MORE_BY = re.compile(r"^(?:more|more from|more by|all articles by)\s+", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL = re.compile(r"\S+@\S+")
_NOT_A_NAME = re.compile(
    r"https?://|www\.|\.com\b|\d{3,}|^\W*$|^(?:staff|admin|editor|editorial|team|desk|news|web)$"
    r"|[$€£¥#@]|^\d",
    re.IGNORECASE,
)
# Degrees and suffixes printed after a name ("Brenda Goodman, MA") are no one's name.
_CREDENTIAL = re.compile(
    r"^(?:MA|MD|PhD|Ph\.D\.?|MS|MSc|MPH|RN|DO|DDS|JD|MBA|BA|BSc|LLM|Jr\.?|Sr\.?|II|III)$"
)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


# An unrendered template placeholder ("{{author}}", "${byline}") is no one's name.
_TEMPLATE = re.compile(r"\{\{|\}\}|\$\{|<%|%>")


def clean_authors(raw: list[str], organizations: set[str] | None = None) -> list[str]:
    """Person names from byline strings: prefixes, roles, agencies and organisations removed."""
    organization_keys = {_key(name) for name in organizations or () if _key(name)}
    names: list[str] = []
    seen: set[str] = set()
    for value in raw:
        value = _URL.sub("", _EMAIL.sub("", value or "")).strip()
        # Bylines often run into the timestamp printed beside them.
        value = _TRAILING_TIME.sub("", value)
        # "Jane Doe in Valencia" credits a place, "Associated Press in Valencia" an agency.
        value = re.sub(r"\s+in\s+[A-Z][\w .'-]+$", "", value)
        role_first = _CHINESE_ROLE_FIRST.match(value)
        if role_first:
            value = value[role_first.end() :]
            if _CHINESE_NAMES.match(value):
                value = "、".join(value.split())
        for part in _SPLIT.split(value):
            name = _PREFIX.sub("", _MORE_BY.sub("", part.strip(" \t-–—:·|()[]"))).strip()
            name = _CJK_ROLE.sub("", name)
            name = _ROLE.sub("", name).strip(" \t-–—,:·|()")
            if (
                not name
                or len(name) > 60
                or _NOT_A_NAME.search(name)
                or _TEMPLATE.search(name)
                or _CREDENTIAL.match(name)
                or _LONE_WORD.match(name)
            ):
                continue
            key = _key(name)
            if not key or key in seen:
                continue
            if (
                agency_in(name, whole=True)
                or _CORPORATE.search(name)
                or any(
                    key == org or (len(org) > 3 and org in key) or (len(key) > 3 and key in org)
                    for org in organization_keys
                )
            ):
                continue
            # A person's name is at most a handful of words.
            if len(name.split()) > 5:
                continue
            seen.add(key)
            names.append(name)
    return _without_extended(names)


def _without_extended(names: list[str]) -> list[str]:
    """The names, less any that is another name with words run on ("Ben Silverman Games" beside
    "Ben Silverman": the byline ran into the section's label) or a trailing dot."""
    kept = []
    for name in names:
        words = name.rstrip(".").split()
        extends = any(
            other is not name
            and len(other.split()) < len(words)
            and words[: len(other.split())] == other.split()
            for other in names
        )
        if not extends:
            kept.append(name.rstrip(".") if name.endswith(".") and name.count(".") == 1 else name)
    return kept
