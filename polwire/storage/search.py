"""Full-text search of stored articles in English, Japanese, Korean and Chinese."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import class_row

from polwire.core.scripts import SEARCH_BIGRAM
from polwire.storage.sql import query

logger = logging.getLogger(__name__)

# The CJK characters polwire_search_text (migration 0002) indexes as bigrams.
CJK_CLASS = SEARCH_BIGRAM
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_NEGATED_CJK_RUN = re.compile(f"(-?)([{CJK_CLASS}]+)")

# Longer queries are cut: a query of thousands of words finds nothing a shorter one would not,
# and would make the index look up every one of them.
MAX_QUERY_CHARS = 1000
# How many of the newest matches are ranked: ranking reads every candidate's tsvector, so the
# pool bounds the cost of a search.
DEFAULT_POOL_SIZE = 200
# A match this many days old weighs half as much as one published now: recency orders
# matches of similar relevance, it does not bury an older article whose title matches.
RECENCY_DAYS = 365.0

ORDERS = ("best", "newest")
# Articles not yet indexed are matched from their text, the newest this many of them (about
# a second of parsing at most); a crawl leaves at most a batch or two pending at any time.
PENDING_LIMIT = 2000


@dataclass(slots=True, kw_only=True)
class SearchFilters:
    source: str | None = None
    country: str | None = None
    section: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    entities: tuple[str, ...] = ()  # entity ids: articles that mention all of them
    gone: bool = False  # only articles taken down (polwire watch)


@dataclass(slots=True)
class SearchHit:
    id: int
    source: str
    url: str
    title: str
    published_at: datetime | None
    dated_at: datetime
    section: str | None
    language: str | None
    countries: list[str]
    wire: str | None
    story_id: int | None
    story_size: int
    score: float
    snippet: str | None
    body_head: str | None = field(default=None, repr=False)


@dataclass(slots=True, frozen=True)
class ParsedQuery:
    """A user's query as PostgreSQL will run it (``tsquery`` is None when nothing is left)."""

    text: str  # websearch syntax, CJK runs replaced by their bigrams
    prefixes: str | None  # to_tsquery syntax for one-character CJK words
    cjk_terms: tuple[str, ...]  # CJK runs of the query, for snippets
    latin_terms: tuple[str, ...]  # other words, for snippets of CJK articles
    truncated: bool
    tsquery: str | None = None


def clean_query(raw: str) -> tuple[str, bool]:
    """Text PostgreSQL accepts: no NUL, no lone surrogate, at most MAX_QUERY_CHARS."""
    text = raw.replace("\x00", " ")
    text = text.encode("utf-8", "replace").decode("utf-8")
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS], truncated


def cjk_bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def rewrite_query(raw: str) -> ParsedQuery:
    """Turn CJK words into the bigrams the index holds; everything else stays websearch syntax.

    ``"北朝鮮 ミサイル"`` becomes ``北朝 朝鮮 ミサ サイ イル`` (all must match); ``-北朝鮮``
    negates each bigram; a one-character word becomes a prefix match. Quotes are dropped from a
    query with CJK text: bigrams are not indexed in order, so they cannot form a phrase.
    """
    text, truncated = clean_query(raw)
    cjk_terms = tuple(_CJK_RUN.findall(text))
    prefixes: list[str] = []
    if cjk_terms:
        text = text.replace('"', " ")

        def expand(match: re.Match[str]) -> str:
            sign, run = match.group(1), match.group(2)
            if len(run) == 1:
                if not sign:
                    prefixes.append(f"'{run}':*")
                return " "
            return " " + " ".join(sign + pair for pair in cjk_bigrams(run)) + " "

        text = _NEGATED_CJK_RUN.sub(expand, text)
    latin = tuple(w for w in re.findall(r"\w+", _CJK_RUN.sub(" ", raw)) if w.upper() != "OR")
    return ParsedQuery(
        text=text,
        prefixes=" & ".join(prefixes) or None,
        cjk_terms=cjk_terms,
        latin_terms=latin,
        truncated=truncated,
    )


def parse_query(conn: psycopg.Connection[Any], raw: str) -> ParsedQuery:
    """The query with its tsquery, or ``tsquery=None`` when it has nothing searchable."""
    parsed = rewrite_query(raw)
    row = conn.execute(
        query("search_parse"), {"text": parsed.text, "prefixes": parsed.prefixes}, prepare=False
    ).fetchone()
    tsquery = str(row[0]) if row is not None and int(row[1]) > 0 else None
    return ParsedQuery(
        text=parsed.text,
        prefixes=parsed.prefixes,
        cjk_terms=parsed.cjk_terms,
        latin_terms=parsed.latin_terms,
        truncated=parsed.truncated,
        tsquery=tsquery,
    )


def search_articles(
    conn: psycopg.Connection[Any],
    raw_query: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 20,
    order: str = "best",
    collapse: bool = False,
    marks: tuple[str, str] = ("«", "»"),
    now: datetime | None = None,
    pool_size: int = DEFAULT_POOL_SIZE,
) -> list[SearchHit]:
    """Articles matching ``raw_query``, best (relevance discounted by age) or newest first.

    Any text is a valid query: websearch syntax (``"a phrase"``, ``or``, ``-word``) is
    understood, and what is not syntax is searched for as words. Only the newest
    ``pool_size`` matches are ranked: they are found bucket by bucket back in time
    (:func:`candidate_ids`), so a common word costs no more than a rare one.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    # A search by entity alone has no words to parse.
    parsed = parse_query(conn, raw_query) if raw_query.strip() else rewrite_query(raw_query)
    filters = filters or SearchFilters()
    if parsed.tsquery is None and not filters.entities:
        return []
    now = now or datetime.now(UTC)
    pool_size = max(pool_size, limit)
    if filters.entities:
        from polwire.storage import entity_search

        ids = entity_search.entity_candidate_ids(
            conn, filters, tsquery=parsed.tsquery, pool_size=pool_size, now=now
        )
    else:
        assert parsed.tsquery is not None
        ids = candidate_ids(conn, parsed.tsquery, filters, now=now, pool_size=pool_size)
    if not ids:
        return []
    if parsed.tsquery is None:
        return _entity_hits(conn, ids, filters, limit, order, collapse, marks, now)
    # ts_headline parses words with the English parser, for which a CJK run is one long word;
    # CJK matches are highlighted here instead, from the start of the body.
    headline = not parsed.cjk_terms
    start, stop = marks
    params = {
        "tsquery": parsed.tsquery,
        "ids": ids,
        "now": now,
        "recency_days": RECENCY_DAYS,
        "collapse": collapse,
        "newest": order == "newest",
        "limit": limit,
        "headline": headline,
        "probe": headline_probe(parsed.tsquery),
        "headline_options": (
            f'StartSel="{start}", StopSel="{stop}", MaxWords=30, MinWords=12, '
            'MaxFragments=2, FragmentDelimiter=" … "'
        ),
    }
    with conn.cursor(row_factory=class_row(SearchHit)) as cur:
        hits = cur.execute(query("search_articles"), params, prepare=False).fetchall()
    for hit in hits:
        if hit.snippet is None and hit.body_head is not None:
            hit.snippet = cjk_snippet(hit.body_head, parsed, marks)
        hit.body_head = None
    return hits


def _entity_hits(
    conn: psycopg.Connection[Any],
    ids: list[int],
    filters: SearchFilters,
    limit: int,
    order: str,
    collapse: bool,
    marks: tuple[str, str],
    now: datetime,
) -> list[SearchHit]:
    """Hits of a search by entity without words, with snippets around the entities' names."""
    from polwire.storage import entity_search

    hits = entity_search.rank_entity_hits(
        conn,
        ids,
        filters.entities,
        limit=limit,
        order=order,
        collapse=collapse,
        now=now,
        recency_days=RECENCY_DAYS,
    )
    terms = entity_search.entity_terms(conn, filters.entities)
    for hit in hits:
        if hit.body_head is not None:
            hit.snippet = cjk_snippet(hit.body_head, terms, marks)
        hit.body_head = None
    return hits


_POSITIVE_LEXEME = re.compile(r"(!?)'((?:[^']|'')+)'")


def headline_probe(tsquery: str) -> str | None:
    """A regular expression for where the body most likely holds a match: a word starting with
    the first searched lexeme (a stem is a prefix of its words, but for y turned i: countri)."""
    for negated, word in _POSITIVE_LEXEME.findall(tsquery):
        if not negated and not word.startswith("#"):
            word = str(word).replace("''", "'")
            stem = word[:-1] if word.endswith("i") and len(word) > 3 else word
            return r"\m" + re.escape(stem)
    return None


def lexeme(text: str) -> str:
    """``text`` as one quoted lexeme of tsquery input."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def filter_lexemes(filters: SearchFilters) -> list[str]:
    """The #-lexemes (migration 0002) of the filters the GIN index answers."""
    found = []
    if filters.source:
        found.append(lexeme(f"#s{filters.source}"))
    if filters.country:
        found.append(lexeme(f"#c{filters.country.upper()}"))
    return found


def day_number(moment: datetime) -> int:
    return math.floor(moment.timestamp() / 86400)


def date_buckets(anchor_day: int) -> Iterator[tuple[str, int]]:
    """(lexeme, first day) of the date buckets back from ``anchor_day``, newest first: a week
    of days, four weeks, four quarters, then years. Sizes nest (7 | 91 | 364), so each bucket
    starts where the days already covered end or overlaps them: coverage has no gap."""
    for day in range(anchor_day, anchor_day - 7, -1):
        yield f"#d{day}", day
    week = anchor_day // 7
    for w in range(week, week - 4, -1):
        yield f"#w{w}", w * 7
    quarter = anchor_day // 91
    for q in range(quarter, quarter - 4, -1):
        yield f"#q{q}", q * 91
    year = anchor_day // 364
    for y in range(year, year - 3, -1):
        yield f"#y{y}", y * 364


def candidate_ids(
    conn: psycopg.Connection[Any],
    tsquery: str,
    filters: SearchFilters,
    *,
    now: datetime,
    pool_size: int,
) -> list[int]:
    """The ids of the newest ``pool_size`` matches (all of them when there are fewer).

    Each step asks the GIN index for the matches within one more date bucket, back from
    ``until`` (or now); it stops once it has ``pool_size`` of them or has covered ``since``.
    Every match of a covered stretch of days is found, so the newest ``pool_size`` found are
    the newest of all. A last step without bucket finds the matches older than three years.
    """
    required = " & ".join(filter_lexemes(filters))
    # ``until`` is exclusive: the newest day searched is the one before it when it is midnight.
    anchor = min(now, filters.until - timedelta(microseconds=1)) if filters.until else now
    since_day = day_number(filters.since) if filters.since else None
    params: dict[str, Any] = {
        "section": filters.section,
        "since": filters.since,
        "until": filters.until,
        "entities": list(filters.entities),
        "gone": filters.gone,
    }
    terms = [f"({tsquery})", *([required] if required else [])]
    # Articles stored moments ago and not indexed yet have no lexemes for the walk to find.
    pending_params = {**params, "tsquery": " & ".join(terms), "pending_limit": PENDING_LIMIT}
    pending = {
        int(article_id): dated_at
        for article_id, dated_at in conn.execute(
            query("search_pending"), pending_params, prepare=False
        )
    }
    if _backlog(conn):
        logger.warning(
            "more than %d articles wait for their search index: searches miss the oldest of"
            " them until a crawl, `polwire db drain-spool` or the scheduler indexes them",
            PENDING_LIMIT,
        )
    found: dict[int, datetime] = {}
    covered_from: int | None = None
    steps: list[tuple[str | None, int | None]] = list(date_buckets(day_number(anchor)))
    steps.append((None, None))
    skip_level = ""
    steps_at_level: dict[str, int] = {}
    for bucket, first_day in steps:
        if bucket is not None and bucket[:2] == skip_level:
            continue
        if first_day is not None and covered_from is not None and first_day >= covered_from:
            continue  # inside days already covered (a week holding the days done)
        params["tsquery"] = " & ".join([*terms, lexeme(bucket)] if bucket is not None else terms)
        # Never a generic plan: the plan depends on how common the words are.
        for article_id, dated_at in conn.execute(query("search_candidates"), params, prepare=False):
            found[int(article_id)] = dated_at
        if first_day is None:
            covered_from = None  # every day is covered
            break
        covered_from = first_day if covered_from is None else min(covered_from, first_day)
        if len(found) >= pool_size or (since_day is not None and covered_from <= since_day):
            break
        level = (bucket or "")[:2]
        steps_at_level[level] = steps_at_level.get(level, 0) + 1
        if len(found) * 4 < pool_size and steps_at_level[level] >= 2:
            # Matches are sparse (judged on two buckets, the first may be a day just begun):
            # the next, larger bucket (which starts no later than this one, the sizes nest)
            # is needed anyway, so the rest of this size is skipped.
            skip_level = level
    # A pending match older than the days covered cannot be among the newest pool_size.
    found.update(
        (article_id, dated_at)
        for article_id, dated_at in pending.items()
        if covered_from is None or day_number(dated_at) >= covered_from
    )
    newest = sorted(found.items(), key=lambda item: item[1], reverse=True)[:pool_size]
    return [article_id for article_id, _ in newest]


def _backlog(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute(query("search_pending_backlog"), {"limit": PENDING_LIMIT}).fetchone()
    return bool(row and row[0])


def cjk_snippet(body: str, parsed: ParsedQuery, marks: tuple[str, str], width: int = 120) -> str:
    """A window of ``body`` around the first query term found, with every term marked."""
    terms = [t for t in (*parsed.cjk_terms, *parsed.latin_terms) if t]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    flat = " ".join(body.split())
    found = pattern.search(flat) if terms else None
    begin = max(0, found.start() - width // 3) if found else 0
    window = flat[begin : begin + width]
    start, stop = marks
    marked = pattern.sub(lambda m: f"{start}{m.group(0)}{stop}", window) if terms else window
    return ("…" if begin else "") + marked + ("…" if begin + width < len(flat) else "")
