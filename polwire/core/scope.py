"""Politics scope: whether a filtered source's article is politics, and by which cue."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol


class ScopedSource(Protocol):
    """What the scope rule needs of a source (the registry's ``Source`` has it)."""

    @property
    def politics_filter(self) -> bool: ...
    @property
    def politics_patterns(self) -> Sequence[str]: ...
    @property
    def politics_sections(self) -> Sequence[str]: ...


# Politics vocabulary in the registry's four languages. English terms match on
# word edges, case-insensitively; CJK terms match anywhere (no spaces to split on).
_ENGLISH = (
    "election",
    "elections",
    "electoral",
    "by-election",
    "vote",
    "voters",
    "ballot",
    "referendum",
    "parliament",
    "parliamentary",
    "lawmaker",
    "lawmakers",
    "legislator",
    "legislators",
    "legislature",
    "legislative",
    "Diet",
    "National Assembly",
    "Congress",
    "senate",
    "senator",
    "minister",
    "ministers",
    "ministry",
    "prime minister",
    "premier",
    "cabinet",
    "president",
    "presidential",
    "government",
    "governments",
    "administration",
    "ruling party",
    "opposition",
    "coalition",
    "party leader",
    "politics",
    "political",
    "politician",
    "diplomacy",
    "diplomatic",
    "diplomat",
    "summit",
    "sanctions",
    "treaty",
    "alliance",
    "defense",
    "defence",
    "military",
    "missile",
    "missiles",
    "nuclear",
    "denuclearization",
    "impeachment",
    "impeach",
    "constitution",
    "constitutional",
    "martial law",
    "bill",
    "legislation",
    "policy",
    "sovereignty",
    "Communist Party",
    "Politburo",
    "Kuomintang",
    "security",
    "talks",
    "bilateral",
    "leader",
    "leaders",
    "general secretary",
    "state media",
    "foreign minister",
    "unification",
    "reunification",
    "independence",
    "lawmaking",
)
_CJK = (
    # Japanese
    "選挙",
    "国会",
    "首相",
    "内閣",
    "政権",
    "与党",
    "野党",
    "大臣",
    "外相",
    "防衛相",
    "政府",
    "自民党",
    "議員",
    "衆院",
    "参院",
    "総裁",
    "外交",
    "首脳",
    "安保",
    "法案",
    "憲法",
    "政党",
    # Korean
    "선거",
    "국회",
    "대통령",
    "정부",
    "여당",
    "야당",
    "의원",
    "장관",
    "총리",
    "외교",
    "국방",
    "정상회담",
    "탄핵",
    "헌법",
    "법안",
    "정당",
    "당대표",
    "계엄",
    "비핵화",
    # Chinese (simplified and traditional)
    "选举",
    "選舉",
    "人大",
    "立法院",
    "立委",
    "总统",
    "總統",
    "总理",
    "國防",
    "国防",
    "政协",
    "党中央",
    "议员",
    "峰会",
    "会谈",
    "会晤",
    "国务院",
    "部长",
    "部長",
    "中共",
    "两岸",
    "兩岸",
    "政治",
    "外交部",
    "习近平",
    "賴清德",
    "赖清德",
    "修宪",
)

# Off-topic cues: a sports or entertainment story that names a minister in
# passing should not pass on that alone.
_OFF_TOPIC = (
    "baseball",
    "soccer",
    "football",
    "tennis",
    "golf",
    "Olympic",
    "Olympics",
    "World Cup",
    "K-pop",
    "box office",
    "concert",
    "album",
    "film festival",
    "anime",
    "tournament",
    "championship",
    "home run",
    "match",
    "goal",
    "coach",
    "野球",
    "サッカー",
    "芸能",
    "야구",
    "축구",
    "아이돌",
    "연예",
    "足球",
    "篮球",
    "娱乐",
    "體育",
    "体育",
)

TITLE_WEIGHT = 3
PER_TERM_CAP = 3  # one word repeated ten times is still one cue
MIN_SCORE = 4
CHARS_PER_EXTRA_POINT = 3000  # long texts must show proportionally more


def _compile(terms: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        escaped = re.escape(term)
        if term.isascii():
            escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _compile(_ENGLISH + _CJK), _compile(_OFF_TOPIC)


def _hits(pattern: re.Pattern[str], text: str) -> Counter[str]:
    return Counter(m.group(0).casefold() for m in pattern.finditer(text))


def keyword_score(title: str | None, body: str | None) -> int:
    """Politics cues in an article: title terms weigh more, each term counts a few times at most,
    and off-topic cues count against it."""
    politics, off_topic = _patterns()
    title, body = title or "", body or ""
    score = TITLE_WEIGHT * sum(min(n, PER_TERM_CAP) for n in _hits(politics, title).values())
    score += sum(min(n, PER_TERM_CAP) for n in _hits(politics, body).values())
    score -= TITLE_WEIGHT * sum(_hits(off_topic, title).values())
    score -= sum(min(n, PER_TERM_CAP) for n in _hits(off_topic, body).values())
    return score


def _norm_section(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", value).strip().casefold()


def politics_reason(
    source: ScopedSource,
    *,
    url: str,
    section: str | None,
    title: str | None,
    body: str | None,
    from_politics_feed: bool = False,
) -> str | None:
    """How an article qualified for a politics-only source (``"url"``, ``"section"``,
    ``"feed"``: listed by one of its ``politics_feeds``, ``"keywords"``), ``None`` when it is
    off-topic, ``"unfiltered"`` when the source keeps all."""
    if not source.politics_filter:
        return "unfiltered"
    if any(re.search(pattern, url) for pattern in source.politics_patterns):
        return "url"
    if section:
        wanted = {_norm_section(s) for s in source.politics_sections}
        if _norm_section(section) in wanted:
            return "section"
    if from_politics_feed:
        return "feed"
    needed = MIN_SCORE + len(body or "") // CHARS_PER_EXTRA_POINT
    if keyword_score(title, body) >= needed:
        return "keywords"
    return None
