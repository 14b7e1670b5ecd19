"""Stories: near-duplicate articles found through the MinHash LSH index and grouped by outlet.

``store_articles`` calls :func:`prepare` before it stages a batch (same-outlet
near-duplicates become matches of the stored article) and :func:`assign` after
(the new and revised articles are indexed and joined to stories), in the same
transaction, so every writer of articles (crawls, the spool drain) clusters
the same way. The sketches themselves are made by ``polwire.core.minhash`` and travel
on the rows; storage only compares them: the share of equal slots of two
signatures estimates the Jaccard similarity of the two bodies.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import eq
from typing import Protocol

import psycopg

from polwire.storage.sql import query

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryOptions:
    """Thresholds (polwire.toml ``[dedupe]``); similarities are estimated Jaccard values."""

    story_similarity: float = 0.4  # two outlets' copies of one story
    same_article_similarity: float = 0.8  # one outlet, another URL: the same article
    story_window_days: int = 7  # copies are first seen within days of each other
    # Days of articles kept in the LSH index (at least story_window_days): a same-outlet
    # near-duplicate matches a stored article first seen this close to it, a story copy
    # within the story window; older index rows are pruned (prune_index).
    index_days: int = 30
    bucket_limit: int = 50  # newest members read per LSH bucket (bounds a crowded bucket)


class SketchedRow(Protocol):
    """What clustering needs of a row (``storage.articles.ArticleRow`` has it)."""

    source: str
    published_at: datetime | None
    fetched_at: datetime
    signature: bytes | None
    sketch_scheme: int
    shingles: int
    band_keys: list[int]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored article that shares an LSH bucket with a row being stored."""

    article_id: int
    source: str
    story_id: int | None
    seen_at: datetime  # first seen: see _seen
    scheme: int
    signature: bytes


@dataclass(slots=True)
class Plan:
    """What :func:`prepare` found for a batch, kept for :func:`assign`."""

    candidates: list[list[Candidate]]
    same_as: list[int | None]  # a stored article of the same outlet the row is a copy of
    same_as_ord: list[int | None]  # an earlier row of the batch it is a copy of


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal 32-bit slots (byte order is moot)."""
    if len(a) != len(b) or not a:
        return 0.0
    same: int = sum(map(eq, memoryview(a).cast("I"), memoryview(b).cast("I")))
    return same / (len(a) // 4)


def _seen(row: SketchedRow) -> datetime:
    """When the archive first saw a row's article: the time a story window and the LSH day
    are counted in. Not the date the page prints: an outlet republishing a wire story long
    after it ran (or printing another date) carries the same story now; an imported archive
    record was seen when it was captured."""
    return row.fetched_at


def _day(when: datetime) -> date:
    """The day an LSH row is filed under (UTC, like the migration's)."""
    return when.astimezone(UTC).date()


def index_days(options: StoryOptions) -> int:
    """How many days around an article the index must cover: the story window at least."""
    return max(options.index_days, options.story_window_days)


def prune_index(
    conn: psycopg.Connection[tuple[object, ...]], *, now: datetime, options: StoryOptions
) -> int:
    """Delete the LSH rows of articles first seen more than the index window before ``now``
    (no article seen from now on can match them); returns how many rows went."""
    cutoff = _day(now) - timedelta(days=index_days(options))
    with conn.transaction():
        deleted = conn.execute(query("lsh_prune"), {"cutoff": cutoff}).rowcount
    if deleted:
        logger.info("pruned %d LSH rows of articles first seen before %s", deleted, cutoff)
    return deleted


def prepare(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[SketchedRow],
    options: StoryOptions,
) -> Plan:
    """Look the batch's sketches up in the LSH index (one query) and find each row's copy
    at the same outlet, stored or earlier in the batch."""
    plan = Plan(
        candidates=find_candidates(conn, rows, options),
        same_as=[None] * len(rows),
        same_as_ord=[None] * len(rows),
    )
    seen: dict[tuple[int, int], list[int]] = {}  # (band, bucket) -> earlier ords
    for ord_, row in enumerate(rows):
        if row.signature is None:
            continue
        best, best_sim = None, options.same_article_similarity
        for cand in plan.candidates[ord_]:
            if cand.source == row.source and cand.scheme == row.sketch_scheme:
                sim = similarity(row.signature, cand.signature)
                if sim >= best_sim:
                    best, best_sim = cand.article_id, sim
        plan.same_as[ord_] = best
        if best is None:
            twin = _batch_twin(rows, ord_, seen, options.same_article_similarity, same_source=True)
            if twin is not None and plan.same_as_ord[twin] is not None:
                # A copy of a copy: point at the first row of the chain, the one that is
                # stored. stage_match_batch_twins resolves one link in one statement, so the
                # URLs of a chain's third row were never recorded (and fetched again).
                twin = plan.same_as_ord[twin]
            plan.same_as_ord[ord_] = twin
        for key in enumerate(row.band_keys):
            seen.setdefault(key, []).append(ord_)
    return plan


def _batch_twin(
    rows: Sequence[SketchedRow],
    ord_: int,
    seen: dict[tuple[int, int], list[int]],
    threshold: float,
    *,
    same_source: bool,
) -> int | None:
    row = rows[ord_]
    assert row.signature is not None
    best, best_sim = None, threshold
    for other in {o for key in enumerate(row.band_keys) for o in seen.get(key, ())}:
        them = rows[other]
        if (them.source == row.source) != same_source or them.sketch_scheme != row.sketch_scheme:
            continue
        assert them.signature is not None
        sim = similarity(row.signature, them.signature)
        if sim >= best_sim:
            best, best_sim = other, sim
    return best


def _array_literal(values: list[int]) -> str:
    return "{" + ",".join(map(str, values)) + "}"


def find_candidates(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[SketchedRow],
    options: StoryOptions,
) -> list[list[Candidate]]:
    """For each row, the stored articles sharing at least one LSH bucket with it."""
    found: list[list[Candidate]] = [[] for _ in rows]
    ords: list[int] = []
    bands: list[int] = []
    buckets: list[int] = []
    days: list[str] = []
    for ord_, row in enumerate(rows):
        if row.signature is None:
            continue
        day = _day(_seen(row)).isoformat()
        for band, bucket in enumerate(row.band_keys):
            ords.append(ord_)
            bands.append(band)
            buckets.append(bucket)
            days.append(day)
    if not ords:
        return found
    # Array literals: psycopg adapts a list element by element, which costs more than the
    # index probes themselves for the ~20,000 probes of a batch.
    params: dict[str, object] = {
        "ords": _array_literal(ords),
        "bands": _array_literal(bands),
        "buckets": _array_literal(buckets),
        "days_of": "{" + ",".join(days) + "}",
        "days": index_days(options),
        "limit": options.bucket_limit,
    }
    for hit, article_id, source, story_id, seen_at, scheme, signature in conn.execute(
        query("lsh_candidates"), params
    ):
        assert isinstance(seen_at, datetime) and isinstance(signature, bytes)
        found[int(str(hit))].append(
            Candidate(
                int(str(article_id)),
                str(source),
                None if story_id is None else int(str(story_id)),
                seen_at,
                int(str(scheme)),
                signature,
            )
        )
    return found


@dataclass(slots=True)
class _Member:
    """A row of this batch, once stored: what later rows of the batch compare against."""

    article_id: int
    row: SketchedRow


@dataclass(slots=True)
class _Grouping:
    """Story keys: an existing story id (> 0) or a new story of this batch (< 0)."""

    story_of: dict[int, int] = field(default_factory=dict)  # article id -> story key
    new_members: dict[int, list[int]] = field(default_factory=dict)  # story key -> article ids
    next_new: int = -1

    def join(self, article_id: int, partner_id: int, partner_story: int | None) -> None:
        key = self.story_of.get(partner_id, partner_story)
        if key is None:
            key, self.next_new = self.next_new, self.next_new - 1
            self.story_of[partner_id] = key
            self.new_members.setdefault(key, []).append(partner_id)
        self.story_of[article_id] = key
        self.new_members.setdefault(key, []).append(article_id)


def assign(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[SketchedRow],
    summary: Sequence[tuple[int, int | None, str, int | None]],
    plan: Plan,
    options: StoryOptions,
) -> int:
    """Index the sketches of new and revised articles and put them in stories: a new
    article joins the story of its most similar copy at another outlet (or starts one with
    it); a revised article keeps the story it has. Returns how many articles joined one."""
    window = timedelta(days=options.story_window_days)
    grouping = _Grouping()
    indexed: list[tuple[int, SketchedRow, bool]] = []
    batch: list[_Member | None] = [None] * len(rows)
    seen: dict[tuple[int, int], list[int]] = {}
    for ord_, article_id, action, story_id in summary:
        row = rows[ord_]
        if article_id is None or action not in ("stored", "revised") or row.signature is None:
            continue
        indexed.append((article_id, row, action == "revised"))
        batch[ord_] = _Member(article_id, row)
        partner = None
        if story_id is None:
            partner = _best_partner(row, article_id, plan.candidates[ord_], window, options)
            twin = _batch_twin(rows, ord_, seen, options.story_similarity, same_source=False)
            twin_member = batch[twin] if twin is not None else None
            if twin_member is not None and abs(_seen(twin_member.row) - _seen(row)) <= window:
                assert twin_member.row.signature is not None
                twin_sim = similarity(row.signature, twin_member.row.signature)
                if partner is None or twin_sim > partner[2]:
                    partner = (twin_member.article_id, None, twin_sim)
        if partner is not None:
            grouping.join(article_id, partner[0], partner[1])
        for key in enumerate(row.band_keys):
            seen.setdefault(key, []).append(ord_)
    _save_sketches(conn, indexed)
    if not grouping.story_of:
        return 0
    new_keys = sorted((k for k in grouping.new_members if k < 0), reverse=True)  # -1 first
    new_ids = [
        int(str(r[0]))
        for r in conn.execute(query("stories_reserve_ids"), {"count": len(new_keys)}).fetchall()
    ]
    ids = dict(zip(new_keys, new_ids, strict=True))
    members = [(a, ids.get(k, k)) for a, k in grouping.story_of.items()]
    params = {
        "new_ids": new_ids,
        "article_ids": [a for a, _ in members],
        "story_ids": [s for _, s in members],
    }
    conn.execute(query("stories_create"), params)
    conn.execute(query("stories_set_members"), params)
    conn.execute(query("stories_refresh"), {"story_ids": sorted({s for _, s in members})})
    logger.debug("%d articles joined %d stories", len(members), len({s for _, s in members}))
    return len(members)


def follow_new_text(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[SketchedRow],
    article_ids: Sequence[int],
    options: StoryOptions,
) -> int:
    """Sketches, LSH rows and stories of stored articles whose text changed outside a crawl
    (`polwire reparse`), by the steps the store takes for a crawl's revised article: the new
    sketch looked up (:func:`prepare`), then indexed and clustered (:func:`assign`). Returns
    how many articles joined a story. Run it in the transaction that changed the text."""
    if not rows:
        return 0
    plan = prepare(conn, rows, options)
    story_of = {
        int(str(article_id)): _int(story_id)
        for article_id, story_id in conn.execute(
            query("article_story_ids"), {"article_ids": list(article_ids)}
        )
    }
    summary = [
        (ord_, article_id, "revised", story_of.get(article_id))
        for ord_, article_id in enumerate(article_ids)
    ]
    return assign(conn, rows, summary, plan, options)


def _best_partner(
    row: SketchedRow,
    article_id: int,
    candidates: Sequence[Candidate],
    window: timedelta,
    options: StoryOptions,
) -> tuple[int, int | None, float] | None:
    """The most similar stored copy at another outlet, within the window (the same outlet's
    copies are the same article: see :func:`prepare`)."""
    assert row.signature is not None
    best: tuple[int, int | None, float] | None = None
    for cand in candidates:
        if (
            cand.article_id == article_id
            or cand.source == row.source
            or cand.scheme != row.sketch_scheme
            or abs(cand.seen_at - _seen(row)) > window
        ):
            continue
        sim = similarity(row.signature, cand.signature)
        if sim >= options.story_similarity and (best is None or sim > best[2]):
            best = (cand.article_id, cand.story_id, sim)
    return best


def _save_sketches(
    conn: psycopg.Connection[tuple[object, ...]],
    indexed: Sequence[tuple[int, SketchedRow, bool]],
) -> None:
    """New articles go in by COPY; a revised one replaces its sketch and adds the buckets
    its new text has (see the migration: the old ones stay)."""
    new = [(a, row) for a, row, revised in indexed if not revised]
    if new:
        with conn.cursor().copy(query("sketch_copy")) as copy:
            for article_id, row in new:
                copy.write_row((article_id, row.sketch_scheme, row.shingles, row.signature))
        with conn.cursor().copy(query("lsh_copy")) as copy:
            # Text written in one piece: write_row per LSH row would cost more than the COPY.
            copy.write(
                "".join(
                    f"{band}\t{day}\t{bucket}\t{article_id}\n"
                    for article_id, row in new
                    for day in (_day(_seen(row)).isoformat(),)
                    for band, bucket in enumerate(row.band_keys)
                )
            )
    for article_id, row, revised in indexed:
        if not revised:
            continue
        params = {
            "article_id": article_id,
            "scheme": row.sketch_scheme,
            "shingles": row.shingles,
            "signature": row.signature,
            "day": _day(_seen(row)),
            "bands": list(range(len(row.band_keys))),
            "buckets": row.band_keys,
        }
        conn.execute(query("sketch_upsert"), params)
        conn.execute(query("lsh_insert_missing"), params)


# --- Listing ---------------------------------------------------------------------------------


@dataclass(slots=True)
class StoryArticle:
    id: int
    url: str
    title: str
    source: str
    published_at: datetime | None
    wire: str | None
    first_seen_at: datetime
    is_lead: bool


@dataclass(slots=True)
class Story:
    id: int
    first_seen_at: datetime
    last_seen_at: datetime
    article_count: int
    lead_article_id: int | None
    title: str | None
    outlets: list[str] = field(default_factory=list)
    articles: list[StoryArticle] = field(default_factory=list)


def list_stories(
    conn: psycopg.Connection[tuple[object, ...]], *, since: datetime | None, limit: int
) -> list[Story]:
    """Stories newest first, each with its member articles (earliest first) and outlets."""
    stories: list[Story] = []
    for id_, first, last, count, lead, title in conn.execute(
        query("stories_list"), {"since": since, "limit": limit}
    ):
        assert isinstance(first, datetime) and isinstance(last, datetime)
        stories.append(
            Story(
                int(str(id_)),
                first,
                last,
                int(str(count)),
                _int(lead),
                None if title is None else str(title),
            )
        )
    by_id = {s.id: s for s in stories}
    if not by_id:
        return stories
    for story_id, id_, url, title, source, published, wire, first_seen in conn.execute(
        query("stories_members"), {"story_ids": list(by_id)}
    ):
        story = by_id[int(str(story_id))]
        assert isinstance(first_seen, datetime)
        assert published is None or isinstance(published, datetime)
        article_id = int(str(id_))
        story.articles.append(
            StoryArticle(
                article_id,
                str(url),
                str(title),
                str(source),
                published,
                None if wire is None else str(wire),
                first_seen,
                article_id == story.lead_article_id,
            )
        )
    for story in stories:
        story.outlets = sorted({a.source for a in story.articles})
    return stories


def _int(value: object) -> int | None:
    return None if value is None else int(str(value))
