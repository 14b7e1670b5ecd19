"""Tags an article with the gazetteer's entities: one Aho-Corasick pass over title and body
finds every form of every entity and every office word, then the evidence rules decide.

Full names tag. A short form (石破, 윤, Ishiba, LDP), a full name two entities share, and an
office word (首相, the prime minister) name a person only with evidence: an office word beside
it whose holder on the article's day has that short form, the entity's full name elsewhere on
the page, or (for a bare office word) the article's day and countries naming the holder.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ahocorasick

from polwire.core.scripts import CJK_CLASS, has_cjk, is_han, is_hangul, is_word_char
from polwire.entities.model import Entity, Office
from polwire.entities.offices import OfficeWords, Title, load_office_words

logger = logging.getLogger(__name__)

# Longer texts are cut: a page's first 200,000 characters name whoever it is about, and the
# cost of a tag stays bounded whatever a page holds.
MAX_TEXT_CHARS = 200_000
# What may stand between a name and its office word: nothing, or one space.
_GAPS = ("", " ", "\u3000")

FULL, SHORT, TITLE, COMPOSITE = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int  # exclusive
    refs: tuple[tuple[int, int, int], ...]  # (kind, entity index, title index)
    cjk: bool


@dataclass(slots=True)
class _Page:
    """One article being tagged: its text and what is known about it."""

    text: str
    day: date | None
    countries: tuple[str, ...]
    language: str | None
    counts: Counter[int]


class Matcher:
    """Built once per process (:func:`default_matcher`); :meth:`tag` is then thread-safe."""

    def __init__(self, entities: Sequence[Entity], words: OfficeWords) -> None:
        self.entities = list(entities)
        self.words = words
        self.titles = words.titles
        self._holders: dict[tuple[str, str | None, str], list[tuple[Office, int]]] = defaultdict(
            list
        )
        for index, entity in enumerate(self.entities):
            for office in entity.offices:
                self._holders[(office.office, office.portfolio, office.of)].append((office, index))
        self._latin, self._mixed = self._build()

    @property
    def patterns(self) -> int:
        return len(self._latin) + len(self._mixed)

    def _build(self) -> tuple[Any, Any]:
        keys: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for index, entity in enumerate(self.entities):
            for form in entity.all_names():
                key = _key(form)
                # A name that is also a place or a common word tags only with evidence.
                keys[key].append((SHORT if key in self.words.homonyms else FULL, index, -1))
            for form in entity.all_short():
                if len(form) > 1:
                    keys[_key(form)].append((SHORT, index, -1))
                else:
                    # A one-letter short form (윤, 习) is only ever a name beside an office
                    # word: it is matched as that pair, never alone.
                    for title_index, form_with_title in self._with_titles(entity, form):
                        keys[_key(form_with_title)].append((COMPOSITE, index, title_index))
        for title_index, title in enumerate(self.titles):
            for form in title.forms:
                keys[_key(form)].append((TITLE, -1, title_index))
        latin = ahocorasick.Automaton()
        mixed = ahocorasick.Automaton()
        for key, refs in keys.items():
            if not key.strip():
                continue
            unique = tuple(dict.fromkeys(refs))
            if has_cjk(key):
                flags = (is_word_char(key[0]), is_word_char(key[-1]))
                mixed.add_word(key, (len(key), *flags, True, unique))
            else:
                # Latin-script forms are matched between spaces in a copy of the text where
                # every other character is a space: word boundaries come from the automaton,
                # not from checking each of the many matches inside words (Li in Lithuania).
                folded = _latin_folded(key)
                latin.add_word(f" {folded} ", (len(folded), False, False, False, unique))
        for automaton in (latin, mixed):
            automaton.make_automaton()
        return latin, mixed

    def _with_titles(self, entity: Entity, form: str) -> Iterable[tuple[int, str]]:
        held = {(o.office, o.portfolio, o.of) for o in entity.offices}
        for title_index, title in enumerate(self.titles):
            if not any((title.office, title.portfolio, c) in held for c in title.countries):
                continue
            for word in title.forms:
                if has_cjk(word):
                    yield title_index, form + word
                    yield title_index, f"{form} {word}"

    def tag(
        self,
        title: str,
        body: str,
        *,
        day: date | None = None,
        countries: Sequence[str] = (),
        language: str | None = None,
    ) -> dict[str, int]:
        """Entity id -> mentions in ``title`` and ``body``. ``day``: the article's date (office
        words name whoever held the office then); ``countries``: what it is about, most
        salient first (which country's office a bare office word names); ``language``: the
        article's, for the country of its offices when ``countries`` is empty."""
        text = f"{title}\n{body}"[:MAX_TEXT_CHARS]
        page = _Page(
            text=text,
            day=day,
            countries=tuple(c.upper() for c in countries),
            language=language,
            counts=Counter(),
        )
        spans = self._spans(text)
        self._resolve(page, spans)
        return {self.entities[index].id: n for index, n in page.counts.items()}

    def _spans(self, text: str) -> list[_Span]:
        """Every match whose boundaries hold, but those inside a longer match."""
        hay = text.lower()
        if len(hay) != len(text):  # a letter whose lower case is longer (İ): keep offsets
            hay = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found = []
        if len(self._latin):
            # One padding space each side: the copy's position i is the text's i - 1.
            for last, (length, _, _, _, refs) in self._latin.iter(f" {_latin_folded(hay)} "):
                found.append(_Span(last - length - 1, last - 1, refs, False))
        size = len(hay)
        for region in _CJK_REGION.finditer(hay):
            # Only where there is CJK text (each other letter costs the automaton a scan of
            # its thousands of first letters), with room for a Latin letter or two around it.
            begin, stop = max(0, region.start() - _MARGIN), min(size, region.end() + _MARGIN)
            for last, value in self._mixed.iter(hay, begin, stop):
                length, word_start, word_end, cjk, refs = value
                start = last - length + 1
                if word_start and start > 0 and is_word_char(hay[start - 1]):
                    continue
                if word_end and last + 1 < size and is_word_char(hay[last + 1]):
                    continue
                found.append(_Span(start, last + 1, refs, cjk))
        found.sort(key=lambda s: (s.start, -s.end))
        kept: list[_Span] = []
        reach = -1
        for span in found:
            if span.end <= reach:
                continue  # inside an earlier, longer match: 石破 in 石破茂, 首相 in 元首相
            kept.append(span)
            reach = span.end
        return kept

    def _resolve(self, page: _Page, spans: list[_Span]) -> None:
        titles = [s for s in spans if any(r[0] == TITLE for r in s.refs)]
        names = [s for s in spans if any(r[0] != TITLE for r in s.refs)]
        title_at_start = {s.start: s for s in titles}
        title_at_end = {s.end: s for s in titles}
        name_starts = {s.start for s in names}
        name_ends = {s.end for s in names}
        span_starts = {s.start for s in spans}
        span_ends = {s.end for s in spans}

        edges = (title_at_start, title_at_end)
        present: set[int] = set()  # entities named in full
        ambiguous: list[tuple[_Span, set[int]]] = []
        shorts: list[tuple[_Span, set[int]]] = []
        for span in names:
            full = {e for kind, e, _ in span.refs if kind == FULL}
            short = {e for kind, e, _ in span.refs if kind == SHORT}
            pairs = [(e, t) for kind, e, t in span.refs if kind == COMPOSITE]
            if full and short - full:
                # A full name that is another entity's short form (民主党): a homonym.
                ambiguous.append((span, full | short))
            elif len(full) == 1:
                (entity,) = full
                page.counts[entity] += 1
                present.add(entity)
            elif full:
                ambiguous.append((span, full))
            elif pairs:
                self._tag_pairs(page, pairs, span)
            elif short:
                shorts.append((span, short))

        # Office words alone (no name beside them) name that day's holder.
        named_by_office: set[int] = set()
        for span in titles:
            if _touches(page.text, span, name_ends, name_starts):
                continue
            for _, _, t in span.refs:
                if t < 0 or not self.titles[t].bare:
                    continue
                holder = self._bare_holder(page, self.titles[t])
                if holder is not None:
                    page.counts[holder] += 1
                    named_by_office.add(holder)
                    break

        for span, candidates in shorts:
            if span.cjk and not self._cjk_guard_holds(page.text, span, span_ends, span_starts):
                continue
            if not span.cjk and not page.text[span.start].isupper():
                continue  # a Latin short form is a capitalized name: Moon, not the moon
            chosen = self._choose(page, span, candidates, edges, [present, named_by_office])
            if chosen is not None:
                page.counts[chosen] += 1

        for span, candidates in ambiguous:
            known = named_by_office | set(page.counts)
            chosen = self._choose(page, span, candidates, edges, [known])
            if chosen is not None:
                page.counts[chosen] += 1

    def _choose(
        self,
        page: _Page,
        span: _Span,
        candidates: set[int],
        title_edges: tuple[dict[int, _Span], dict[int, _Span]],
        evidence: list[set[int]],
    ) -> int | None:
        """The one candidate the evidence leaves, in order: an office word beside the span
        held by it, then each set of entities the page names otherwise, then (parties) the
        page's countries; None while two or more remain."""
        chosen = _only(self._beside(page, span, candidates, *title_edges))
        for known in evidence:
            if chosen is not None:
                return chosen
            chosen = _only(candidates & known)
        return chosen if chosen is not None else self._party_in_context(page, candidates)

    def _tag_pairs(self, page: _Page, pairs: list[tuple[int, int]], span: _Span) -> None:
        """윤 대통령: the entities whose one-letter short form stands with an office they held
        (on the article's day when it has one); tagged when that leaves one."""
        if span.start > 0 and (
            is_hangul(page.text[span.start - 1]) or is_han(page.text[span.start - 1])
        ):
            return  # 김윤 대통령: the letter ends another name
        matching = {e for e, t in pairs if self._holds(e, self.titles[t], page.day)}
        chosen = _only(matching)
        if chosen is not None:
            page.counts[chosen] += 1

    def _beside(
        self,
        page: _Page,
        span: _Span,
        candidates: set[int],
        title_at_start: dict[int, _Span],
        title_at_end: dict[int, _Span],
    ) -> set[int]:
        """The candidates that hold an office named right before or after the span."""
        matching: set[int] = set()
        for gap in _GAPS:
            for title_span in (
                title_at_start.get(span.end + len(gap)),
                title_at_end.get(span.start - len(gap)),
            ):
                if title_span is None or not _gap_is(page.text, span, title_span, gap):
                    continue
                for _, _, t in title_span.refs:
                    if t >= 0:
                        title = self.titles[t]
                        matching |= {e for e in candidates if self._holds(e, title, page.day)}
        return matching

    def _holds(self, entity: int, title: Title, day: date | None) -> bool:
        for office in self.entities[entity].offices:
            if office.office != title.office or office.of not in title.countries:
                continue
            if title.portfolio is not None and office.portfolio != title.portfolio:
                continue
            if day is None:
                return True  # the name and the office agree; no date to check them against
            if office.held_before(day) if title.former else office.held_on(day):
                return True
        return False

    def _bare_holder(self, page: _Page, title: Title) -> int | None:
        if page.day is None or title.former:
            return None
        country = self._office_country(page, title)
        if country is None:
            return None
        holders = {
            entity
            for office, entity in self._holders.get((title.office, title.portfolio, country), [])
            if office.held_on(page.day)
        }
        return _only(holders)

    def _office_country(self, page: _Page, title: Title) -> str | None:
        """Which country's office a bare office word names: the most salient country of the
        article that has such an office; on a page whose countries are unknown, the country of
        its language (none for English)."""
        if page.countries:
            return next((c for c in page.countries if c in title.countries), None)
        home = self.words.home_country.get(_language_key(page.language))
        return home if home in title.countries else None

    def _party_in_context(self, page: _Page, candidates: set[int]) -> int | None:
        """A party's or organization's short form (LDP, 自民党) stands for it on pages about its
        country (the page's countries, else its language's): on an English page about
        nothing known, LDP is no evidence."""
        groups = [e for e in candidates if self.entities[e].kind != "person"]
        if len(groups) != len(candidates):
            return None
        home = self.words.home_country.get(_language_key(page.language))
        context = set(page.countries) or ({home} if home else set())
        return _only({e for e in groups if self.entities[e].country in context})

    def _cjk_guard_holds(self, text: str, span: _Span, ends: set[int], starts: set[int]) -> bool:
        """A CJK short form is not the middle of a longer word: the letters either side are of
        another script, a particle or honorific, or another match."""
        if span.start > 0 and span.start not in ends:
            before = text[span.start - 1]
            if is_han(before) or is_hangul(before):
                return False
        if span.end < len(text) and span.end not in starts:
            after = text[span.end]
            if is_hangul(after) and after not in self.words.hangul_after:
                return False
            if is_han(after) and after not in self.words.han_after:
                return False
        return True


def _touches(text: str, title: _Span, name_ends: set[int], name_starts: set[int]) -> bool:
    """Whether a name stands right before or after an office word (at most a space between)."""
    for gap in _GAPS:
        before, after = title.start - len(gap), title.end + len(gap)
        if before in name_ends and text[before : title.start] == gap:
            return True
        if after in name_starts and text[title.end : after] == gap:
            return True
    return False


def _gap_is(text: str, name: _Span, title: _Span, gap: str) -> bool:
    if title.start >= name.end:
        return text[name.end : title.start] == gap
    return text[title.end : name.start] == gap


def _only(entities: set[int]) -> int | None:
    return next(iter(entities)) if len(entities) == 1 else None


# What is not a letter or digit of an alphabetic script (a space, punctuation, CJK) becomes a
# space in the copy of the text Latin-script forms are matched in (one character for one).
_NOT_LATIN_WORD = re.compile(r"[^0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff]")


# Runs of CJK text, with the spaces and dots inside names (도널드 트럼프, 唐纳德·特朗普).
_CJK_REGION = re.compile(f"[{CJK_CLASS}]+(?:[ ·・\u3000.-]+[{CJK_CLASS}]+)*")
_MARGIN = 8


def _latin_folded(text: str) -> str:
    return _NOT_LATIN_WORD.sub(" ", text)


def _key(form: str) -> str:
    return " ".join(form.split()).lower()


def _language_key(language: str | None) -> str:
    if not language:
        return ""
    lowered = language.lower()
    if lowered.startswith("zh"):
        traditional = any(tag in lowered for tag in ("hant", "tw", "hk", "mo"))
        return "zh-Hant" if traditional else "zh-Hans"
    return lowered.split("-")[0]


_BUILT: dict[str, Matcher] = {}


def default_matcher() -> Matcher:
    """The matcher over the gazetteer in use (loader.configured_files), built once per
    process and gazetteer."""
    from polwire.entities.loader import current_gazetteer

    entities, checksum = current_gazetteer()
    if checksum not in _BUILT:
        matcher = Matcher(entities, load_office_words())
        logger.info(
            "entity matcher: %d entities, %d patterns (gazetteer %s)",
            len(matcher.entities),
            matcher.patterns,
            checksum[:12],
        )
        _BUILT[checksum] = matcher
    return _BUILT[checksum]
