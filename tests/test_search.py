"""Search and export against a real PostgreSQL: query rewriting, CJK bigrams, filters, date
buckets, stories, and the server-side cursor of the export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

import polwire.storage.search
from polwire.storage.export import iter_articles
from polwire.storage.search import (
    SearchFilters,
    date_buckets,
    headline_probe,
    rewrite_query,
    search_articles,
)
from polwire.storage.search_index import index_pending, pending_count

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def add(
    db: psycopg.Connection[tuple[object, ...]],
    title: str,
    body: str,
    *,
    source: str = "japan_today",
    days_ago: float = 1,
    countries: tuple[str, ...] = ("JP",),
    section: str | None = "Politics",
    story_id: int | None = None,
    language: str = "en",
) -> int:
    row = db.execute(
        "INSERT INTO articles (source, url, title, body, content_hash, published_at, countries,"
        " section, story_id, language) VALUES (%s, %s, %s, %s, md5(%s), %s, %s, %s, %s, %s)"
        " RETURNING id",
        (
            source,
            f"https://{source}.example/{title}",
            title,
            body,
            body + title,
            NOW - timedelta(days=days_ago),
            list(countries),
            section,
            story_id,
            language,
        ),
    ).fetchone()
    assert row is not None
    return int(row[0])


Ready = Callable[[psycopg.Connection], None]


@pytest.fixture(params=["indexed", "pending"])
def ready(request: pytest.FixtureRequest) -> Ready:
    """Searches run on indexed articles, and on articles stored moments ago (not indexed yet:
    matched from their text)."""

    def make_ready(db: psycopg.Connection) -> None:
        if request.param == "indexed":
            index_pending(db)
            assert pending_count(db) == 0
        else:
            assert pending_count(db) > 0

    return make_ready


def ids(hits: list[object]) -> list[int]:
    return [hit.id for hit in hits]  # type: ignore[attr-defined]


def test_cjk_runs_become_bigrams_and_single_characters_prefixes() -> None:
    parsed = rewrite_query('"北朝鮮 ミサイル" -韓国 党 election')
    assert parsed.text.split() == ["北朝", "朝鮮", "ミサ", "サイ", "イル", "-韓国", "election"]
    assert parsed.prefixes == "'党':*"
    assert parsed.cjk_terms == ("北朝鮮", "ミサイル", "韓国", "党")
    assert rewrite_query("a\x00b").text == "a b"
    long = rewrite_query("x" * 5000)
    assert long.truncated and len(long.text) == 1000


def test_date_buckets_cover_every_day_back_without_gaps() -> None:
    for anchor in range(20_000, 20_400, 7):
        covered = {anchor}
        lowest = anchor
        for bucket, first in date_buckets(anchor):
            size = {"#d": 1, "#w": 7, "#q": 91, "#y": 364}[bucket[:2]]
            if first >= lowest:
                continue  # within the days covered: candidate_ids skips it
            assert first + size - 1 >= lowest - 1, (anchor, bucket)  # and touches it: no gap
            lowest = min(lowest, first)
            covered.update(range(first, min(first + size, anchor + 1)))
        assert covered == set(range(lowest, anchor + 1))
        assert anchor - lowest > 3 * 364 - 364  # three years of buckets before the last step


def test_headline_probe_is_a_prefix_of_the_first_searched_word() -> None:
    assert headline_probe("'elect' & !'china'") == r"\melect"
    assert headline_probe("!'china' & 'countri'") == r"\mcountr"
    assert headline_probe("'#sjapan' & 'a.b'") == r"\ma\.b"


def test_words_phrases_filters_and_ranking(db: psycopg.Connection, ready: Ready) -> None:
    title_hit = add(
        db,
        "Diet passes defense budget",
        "Lawmakers approved the budget on Monday. " + "The vote was close. " * 5,
    )
    body_hit = add(db, "Weekly roundup", "The defense budget was passed by the Diet. " * 3)
    old = add(db, "Defense budget history", "Defense budget talk. " * 5, days_ago=800)
    korea = add(
        db, "Seoul defense budget", "Defense budget in Seoul.", source="yonhap", countries=("KR",)
    )
    ready(db)
    hits = search_articles(db, "defense budget", now=NOW)
    # Words in the title weigh more than in the body; the 800-day-old one comes last.
    assert set(ids(hits)[:2]) == {title_hit, korea}
    assert ids(hits)[2:] == [body_hit, old]
    assert set(ids(hits)) == {title_hit, body_hit, old, korea}
    assert ids(search_articles(db, '"budget was passed"', now=NOW)) == [body_hit]
    assert set(ids(search_articles(db, "defense -seoul", now=NOW))) == {title_hit, body_hit, old}
    assert set(ids(search_articles(db, "seoul or diet", now=NOW))) == {title_hit, body_hit, korea}
    assert ids(search_articles(db, "defense", filters=SearchFilters(source="yonhap"), now=NOW)) == [
        korea
    ]
    assert ids(search_articles(db, "defense", filters=SearchFilters(country="kr"), now=NOW)) == [
        korea
    ]
    recent = SearchFilters(since=NOW - timedelta(days=30))
    assert old not in ids(search_articles(db, "defense", filters=recent, now=NOW))
    before = SearchFilters(until=NOW - timedelta(days=400))
    assert ids(search_articles(db, "defense", filters=before, now=NOW)) == [old]
    assert ids(search_articles(db, "defense", filters=SearchFilters(section="POLITICS"), now=NOW))
    assert search_articles(db, "defense", filters=SearchFilters(section="Sports"), now=NOW) == []
    newest = search_articles(db, "budget", now=NOW, order="newest")
    assert [h.dated_at for h in newest] == sorted((h.dated_at for h in newest), reverse=True)
    snippet = next(h.snippet for h in hits if h.id == body_hit)
    assert snippet is not None and "«defense» «budget»" in snippet


def test_cjk_words_found_in_japanese_korean_and_chinese(
    db: psycopg.Connection, ready: Ready
) -> None:
    ja = add(
        db, "首相会見", "政府は北朝鮮のミサイル発射について遺憾の意を表明した。", language="ja"
    )
    ko = add(db, "국회 소식", "대통령은 국회에서 예산안을 설명했다.", language="ko")
    zh = add(db, "外交部", "外交部发言人表示，中方坚决反对。", language="zh")
    ready(db)
    assert ids(search_articles(db, "北朝鮮", now=NOW)) == [ja]
    assert ids(search_articles(db, "ミサイル 遺憾", now=NOW)) == [ja]
    assert ids(search_articles(db, "대통령", now=NOW)) == [ko]  # 대통령은: a particle glued on
    assert ids(search_articles(db, "发言人", now=NOW)) == [zh]
    assert ids(search_articles(db, "鮮", now=NOW)) == [ja]  # one character: a prefix match
    assert search_articles(db, "南朝鮮", now=NOW) == []
    (hit,) = search_articles(db, "発射", now=NOW)
    assert hit.snippet is not None and "«発射»" in hit.snippet


def test_collapse_gives_one_row_per_story(db: psycopg.Connection, ready: Ready) -> None:
    story = db.execute("INSERT INTO stories DEFAULT VALUES RETURNING id").fetchone()[0]
    wire = add(db, "Summit in Tokyo", "Leaders meet at the summit.", story_id=story, days_ago=2)
    copy = add(db, "Summit opens", "Summit opens today.", story_id=story, source="kyodo")
    alone = add(db, "Summit preview", "A summit next week.", days_ago=3)
    ready(db)
    everything = search_articles(db, "summit", now=NOW)
    assert set(ids(everything)) == {wire, copy, alone}
    collapsed = search_articles(db, "summit", now=NOW, collapse=True)
    assert len(collapsed) == 2
    sizes = {h.story_id: h.story_size for h in collapsed}
    assert sizes == {story: 2, None: 1}


def test_pending_articles_join_the_newest_matches_by_date(db: psycopg.Connection) -> None:
    indexed = [
        add(db, f"Tariff talks {i}", "Tariff talks went on.", days_ago=i + 1) for i in range(4)
    ]
    index_pending(db)
    newest = add(db, "Tariff deal", "A tariff deal was reached.", days_ago=0.5)
    oldest = add(db, "Tariff history", "Tariffs of the past.", days_ago=900)
    assert pending_count(db) == 2
    # The pool holds the 3 newest matches: the pending newest one, not the pending oldest.
    hits = search_articles(db, "tariff", now=NOW, order="newest", pool_size=3, limit=3)
    assert ids(hits) == [newest, *indexed[:2]]
    everything = search_articles(db, "tariff", now=NOW, order="newest", limit=10)
    assert ids(everything) == [newest, *indexed, oldest]


def test_a_pending_backlog_is_bounded_and_reported(
    db: psycopg.Connection, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:

    monkeypatch.setattr(polwire.storage.search, "PENDING_LIMIT", 2)
    oldest = add(db, "Tariff one", "Tariff news.", days_ago=3)
    newer = [add(db, f"Tariff {n}", "Tariff news.", days_ago=2) for n in ("two", "three")]
    with caplog.at_level("WARNING", logger="polwire.storage.search"):
        hits = search_articles(db, "tariff", now=NOW)
    # Only the newest two stored are matched from their text until they are indexed.
    assert set(ids(hits)) == set(newer)
    assert "wait for their search index" in caplog.text
    index_pending(db)
    caplog.clear()
    with caplog.at_level("WARNING", logger="polwire.storage.search"):
        assert set(ids(search_articles(db, "tariff", now=NOW))) == {oldest, *newer}
    assert caplog.text == ""


@pytest.mark.parametrize(
    "text", ["", "   ", "the", "-", '"', "or", "!", "&|", "\\", "'", "\x00", "\ud800"]
)
def test_queries_with_nothing_searchable_answer_nothing(db: psycopg.Connection, text: str) -> None:
    add(db, "Anything", "Some words here.")
    assert search_articles(db, text, now=NOW) == []


def test_export_streams_through_a_server_side_cursor(db: psycopg.Connection) -> None:
    added = [add(db, f"Article {n}", f"Body {n}", days_ago=n) for n in range(7)]
    rows = iter_articles(db, batch_rows=2)
    first = next(rows)
    open_cursors = db.execute("SELECT name FROM pg_cursors").fetchall()
    assert ("polwire_export",) in open_cursors  # rows come from the server a batch at a time
    rest = list(rows)
    assert [first["id"], *(r["id"] for r in rest)] == list(reversed(added))  # oldest first
    assert db.execute("SELECT count(*) FROM pg_cursors").fetchone() == (0,)
    since = NOW - timedelta(days=2, hours=1)
    assert [r["id"] for r in iter_articles(db, since=since)] == [added[2], added[1], added[0]]
    assert [r["id"] for r in iter_articles(db, source="nowhere")] == []
