"""Recognise news agencies and datelines: "SEOUL (Reuters) -", "© Thomson Reuters", "— Kyodo"."""

from __future__ import annotations

import re

# Canonical agency name -> spellings seen in credits and bylines.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("reuters", "thomson reuters"),
    "AP": ("ap", "associated press", "the associated press", "ap news"),
    "AFP": ("afp", "agence france-presse", "agence france presse", "afp-jiji"),
    "Kyodo": ("kyodo", "kyodo news", "共同通信", "共同"),
    "Jiji": ("jiji", "jiji press", "時事通信", "時事"),
    "Yonhap": ("yonhap", "yonhap news", "yonhap news agency", "연합뉴스", "연합"),
    # Xinhuanet (新华网) is the agency's own site: its reporters' copy is Xinhua's.
    "Xinhua": ("xinhua", "xinhua news agency", "新华社", "新華社", "新华网", "新華網"),
    "China News Service": (
        "china news service",
        "中新社",
        "中国新闻社",
        "中國新聞社",
        "中新网",
        "中新網",
    ),
    "CNA": ("cna", "central news agency", "中央社"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "EFE": ("efe",),
    "ANSA": ("ansa",),
    "UPI": ("upi", "united press international"),
    "PA": ("pa", "pa media", "press association"),
    "Bernama": ("bernama",),
    "Antara": ("antara",),
    "KCNA": ("kcna", "korean central news agency", "조선중앙통신"),
    "News1": ("news1", "뉴스1"),
    "Newsis": ("newsis", "뉴시스"),
    "AAP": ("aap", "australian associated press"),
    "CP": ("the canadian press", "canadian press"),
}
_LOOKUP = {spelling: name for name, spellings in AGENCIES.items() for spelling in spellings}
_LONGEST_FIRST = sorted(_LOOKUP, key=len, reverse=True)
_ANY_AGENCY = "|".join(re.escape(spelling) for spelling in _LONGEST_FIRST)

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]+(?:(?:[ ,]+|\s*/\s*)[A-Z][A-Za-z.'’\-]+){0,4})\s*"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?"
    r"(?:\((?P<agency>[^)]{2,40})\))?\s*[-—–:]+\s+"
)
_LONE_PLACE = re.compile(r"^[A-Z][A-Z.'’\-]+(?:[ ,]+[A-Z][A-Z.'’\-]+){0,3}$")
_CREDIT_PATTERNS = (
    re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(" + _ANY_AGENCY + r")\b", re.IGNORECASE),
    # "(Reuters) -" opens a story and "(AFP)" may close one; in mid-sentence,
    # "Agence France-Presse (AFP) photographer" only spells out a name.
    re.compile(r"\((" + _ANY_AGENCY + r")\)\s*(?:[-—–:]|$)", re.IGNORECASE),
    re.compile(r"^[—–-]\s*(" + _ANY_AGENCY + r")\.?$", re.IGNORECASE),
    re.compile(r"^(?:by\s+)?(" + _ANY_AGENCY + r")\.?$", re.IGNORECASE),
    re.compile(r"(?:additional reporting|reporting) by .*?(" + _ANY_AGENCY + r")\b", re.IGNORECASE),
    re.compile(r"\[(" + _ANY_AGENCY + r")\]", re.IGNORECASE),
    re.compile(r"(" + _ANY_AGENCY + r")\s*(?:=|／)\s*\S", re.IGNORECASE),
    # Full-width credits of Japanese, Chinese and Korean papers, at a paragraph's start or
    # end: "（共同）", "【共同】", "（中央社）", "【ワシントン共同】" (place, then agency),
    # "（中央社記者王明台北2日電）" (agency, then reporter, place, day and "wired" or "reported").
    re.compile(r"[（【]\s*(" + _ANY_AGENCY + r")\s*[）】]\s*$", re.IGNORECASE),
    re.compile(r"^\s*【[^】]{0,15}?(" + _ANY_AGENCY + r")】", re.IGNORECASE),
    re.compile(
        r"^\s*[（【](" + _ANY_AGENCY + r")(?![A-Za-z])[^）】]{0,40}(?:[電电]|報導|报道)[）】]",
        re.IGNORECASE,
    ),
)

# Case-folded text, searched without IGNORECASE: several times faster on this alternation.
_MENTIONS_AGENCY = re.compile(_ANY_AGENCY)


def agency_in(text: str, *, whole: bool = False) -> str | None:
    """The canonical agency ``text`` names; with ``whole``, only if it is nothing but that name."""
    key = text.strip().strip(".").casefold()
    if whole:
        return _LOOKUP.get(key)
    for spelling in _LONGEST_FIRST:
        if re.search(r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", key):
            return _LOOKUP[spelling]
    return None


def split_dateline(first_paragraph: str) -> tuple[str | None, str | None, str]:
    """(place, agency, rest) from an opening like "SEOUL (Reuters) - The ..."."""
    match = _DATELINE.match(first_paragraph)
    if match is None:
        return None, None, first_paragraph
    place = match.group("place").strip(" ,")
    # A lone capitalised word followed by a dash is often an ordinary sentence.
    if not place.isupper() or len(place) < 3:
        return None, None, first_paragraph
    agency = agency_in(match.group("agency") or "")
    return place.rstrip(","), agency, first_paragraph[match.end() :]


def is_lone_dateline(paragraph: str) -> bool:
    """A paragraph that is only a place name in capitals, printed before the story."""
    return len(paragraph) <= 40 and bool(_LONE_PLACE.match(paragraph)) and paragraph.isupper()


def wire_in_credit(line: str) -> str | None:
    """The agency credited by a line like "© Thomson Reuters 2025." or "— Kyodo"."""
    # Most lines name no agency at all: one search settles them (this runs on every
    # short paragraph of every page).
    if _MENTIONS_AGENCY.search(line.casefold()) is None:
        return None
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(line)
        if match is not None:
            return _LOOKUP.get(match.group(1).casefold())
    return None
