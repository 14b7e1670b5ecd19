"""Which countries an article is about, from a gazetteer of names, places, leaders, institutions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = ["Gazetteer", "countries_in", "load_gazetteer"]

# Latin terms need word edges ("Iran" is not in "Iranian" — that is its own
# term — and "US" is not in "USB"); CJK and Hangul have no spaces, so their
# terms match anywhere, and Korean particles glue on ("한국은").
_LATIN_EDGE = "A-Za-z0-9"
_BLOCK = "-"

# An article is about a country named in its title, or in its lead (the first
# paragraphs, where a news story says what it is about), or named often enough
# in the body. "Often enough" grows with length so that one passing mention in
# a long feature does not count.
LEAD_PARAGRAPHS = 2
LEAD_MAX_CHARS = 600
MIN_BODY_MENTIONS = 2
CHARS_PER_EXTRA_MENTION = 2500  # ~400 English words or ~1,500 CJK characters


@dataclass(slots=True)
class _Mentions:
    title_first: int | None = None  # position of the first title mention
    title: int = 0
    lead: int = 0
    body: int = 0
    first: int = 1 << 30  # first position anywhere (title before body)


class Gazetteer:
    """Terms mapped to country codes, matched by one compiled alternation (longest term first)."""

    def __init__(self, terms: dict[str, tuple[str, ...]]) -> None:
        self.terms = terms
        # A flat alternation of ~1,000 terms costs Python's regex engine a try
        # of every branch at every position (~20 ms per article); the same
        # terms folded into a trie cost one branch per character.
        trie: dict[str, dict] = {}  # type: ignore[type-arg]
        for term in terms:
            node = trie
            for char in term:
                node = node.setdefault(char, {})
            node[""] = {}
        self.pattern = re.compile(_trie_pattern(trie, first=True))

    @classmethod
    def from_tsv(cls, text: str) -> Gazetteer:
        terms: dict[str, tuple[str, ...]] = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            codes, _kind, term = line.split("\t")
            # A term listed twice keeps its first meaning: the data file is
            # ordered with the East Asian readings first.
            terms.setdefault(term, tuple(codes.split(",")))
        return cls(terms)

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(position, code) per country mention; blocked phrases and their parts yield nothing."""
        out = []
        for match in self.pattern.finditer(text):
            for code in self.terms[match.group(0)]:
                if code != _BLOCK:
                    out.append((match.start(), code))
        return out

    def countries_in(self, title: str, body: str) -> list[str]:
        found: dict[str, _Mentions] = {}
        for position, code in self.mentions(title or ""):
            m = found.setdefault(code, _Mentions())
            m.title += 1
            m.first = min(m.first, position)
            if m.title_first is None:
                m.title_first = position
        body = body or ""
        lead_end = _lead_end(body)
        offset = len(title or "") + 1
        for position, code in self.mentions(body):
            m = found.setdefault(code, _Mentions())
            m.body += 1
            m.first = min(m.first, offset + position)
            if position < lead_end:
                m.lead += 1
        needed = max(MIN_BODY_MENTIONS, 1 + len(body) // CHARS_PER_EXTRA_MENTION)
        about = {code: m for code, m in found.items() if m.title or m.lead or m.body >= needed}

        def salience(item: tuple[str, _Mentions]) -> tuple[int, int, int, int]:
            _code, m = item
            # Title countries first, in the order the headline names them;
            # then by how much the text talks about them.
            if m.title_first is not None:
                return (0, m.title_first, 0, 0)
            return (1, -(3 * m.lead + m.body), m.first, 0)

        return [code for code, _ in sorted(about.items(), key=salience)]


def _trie_pattern(node: dict, *, first: bool = False, last: str = "") -> str:  # type: ignore[type-arg]
    """A regex matching the longest term of a trie, with word edges on Latin ends.

    Longer continuations are tried before a term ends here, which gives the
    same leftmost-longest matches as an alternation sorted longest first.
    """
    branches = []
    for char in sorted(node, key=lambda c: c == ""):
        if char == "":
            # The term ends: a Latin letter or digit must not go on after it.
            latin_end = last.isascii() and last.isalnum()
            branches.append(f"(?![{_LATIN_EDGE}])" if latin_end else "")
            continue
        before = ""
        if first and char.isascii() and char.isalnum():
            # "No Latin letter before this one", checked after the letter so that
            # every branch starts with a literal and the engine can skip ahead
            # to positions where some term may start.
            before = f"(?<![{_LATIN_EDGE}]{re.escape(char)})"
        branches.append(re.escape(char) + before + _trie_pattern(node[char], last=char))
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _lead_end(body: str) -> int:
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    lead = "\n\n".join(paragraphs[:LEAD_PARAGRAPHS])
    return min(len(lead), LEAD_MAX_CHARS) if lead else 0


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The built-in gazetteer, read from the package's ``*.tsv`` files once per process."""
    root = files("crawler.gazetteer")
    text = "\n".join(
        entry.read_text(encoding="utf-8")
        for entry in sorted(root.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".tsv")
    )
    return Gazetteer.from_tsv(text)


def countries_in(title: str, body: str) -> list[str]:
    """ISO 3166-1 alpha-2 codes of the countries an article is about, most salient first."""
    return load_gazetteer().countries_in(title, body)
