"""Entity tagging cost per article, and `search --entity` latency on a synthetic archive.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres python bench/entities.py
        [--articles 100000] [--reuse] [--passes 5] [--skip-search]

1. Tagging: every fixture page with an expected JSON ($POLWIRE_FIXTURES, default
   ../shared/fixtures beside the repository: news/, seed/) is tagged, title and body, by the
   matcher over the gazetteer in use (polwire/entities/gazetteer, or $POLWIRE_GAZETTEER).
   When that holds fewer than --min-entities entities, synthetic ones (CJK and Latin names,
   short forms and offices like the real ones) are added to reach it, and the report says
   so. Prints the build time, patterns, and per-article cost (mean, p95); side by side, the
   loop over every form of every entity that the automaton replaces, and the ratio.
2. Search: loads --articles synthetic articles with bench/search.py's loader into its own
   database (--reuse keeps one already loaded), adds entities with a Zipf-like share of
   mentions (a few entities in a large part of the articles, most in few) and 3 tags per
   article on average, then times `search_articles` with `SearchFilters.entities` (what
   `polwire search --entity` runs): a common, a middling and a rare entity, two entities,
   entity with source, country, dates, words; p50 and p95 over --passes passes.

Targets on the reference machine (2 cores): < 2 ms per article, search p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from polwire.entities.loader import current_gazetteer, load_gazetteer  # noqa: E402
from polwire.entities.matcher import Matcher  # noqa: E402
from polwire.entities.model import Entity, Office  # noqa: E402
from polwire.entities.offices import load_office_words  # noqa: E402
from polwire.storage.entities import entity_row  # noqa: E402
from polwire.storage.search import SearchFilters, search_articles  # noqa: E402

SAMPLE = REPO / "tests" / "support" / "entities_sample.toml"
NOW = datetime(2026, 1, 1, tzinfo=UTC)

# ---------------------------------------------------------------- synthetic gazetteer

_HAN = (
    "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘于蔣蔡"
    "余杜葉程蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋付方白鄒孟熊秦邱江尹薛閻段雷侯"
    "龍史陶黎賀顧毛郝龔邵萬錢嚴覃武戴莫孔向湯"
)
_GIVEN = "明華國建文平志偉東海英軍剛強玉秀蘭春金鳳霞紅輝麗俊傑峰磊超波鵬飛"
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
_HANGUL_SUR = "김이박최정강조윤장임한오서신권황안송류홍"
_HANGUL = "민서준도윤하은지현우수예진영성호경재원혜"
_LATIN = tuple(
    [
        "ka",
        "ki",
        "ku",
        "ke",
        "ko",
        "sa",
        "shi",
        "su",
        "se",
        "so",
        "ta",
        "chi",
        "tsu",
        "te",
        "to",
        "na",
        "ni",
        "nu",
        "ne",
        "no",
        "ha",
        "hi",
        "fu",
    ]
)


def synthetic_entities(count: int, seed: int = 11) -> list[Entity]:
    """Entities shaped like the gazetteer's: a person with names in four scripts, short forms
    (a surname that several share), and an office with dates."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        han = rng.choice(_HAN) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        hangul = rng.choice(_HANGUL_SUR) + rng.choice(_HANGUL) + rng.choice(_HANGUL)
        kana = "".join(rng.choice(_KANA) for _ in range(4))
        family = "".join(rng.choice(_LATIN) for _ in range(2)).capitalize()
        given = "".join(rng.choice(_LATIN) for _ in range(3)).capitalize()
        start = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        found.append(
            Entity(
                id=f"xx-bench-{n:05d}",
                kind="person",
                name=f"{given} {family}",
                country=rng.choice(("JP", "KR", "CN", "TW")),
                names={
                    "en": (f"{given} {family}", f"{family} {given}"),
                    "ja": (han, kana),
                    "ko": (hangul,),
                    "zh-Hans": (han,),
                    "zh-Hant": (han,),
                },
                short={"en": (family,), "ja": (han[0:2],), "ko": (hangul[0],)},
                offices=(
                    Office(
                        office="minister",
                        portfolio=rng.choice(("foreign_affairs", "defense", "finance")),
                        of="JP",
                        start=start,
                        end=start + timedelta(days=rng.randrange(100, 1500)),
                    ),
                ),
            )
        )
    return found


def bench_gazetteer(min_entities: int) -> tuple[list[Entity], str]:
    entities, _ = current_gazetteer()
    label = f"{len(entities)} entities of the gazetteer in use"
    if len(entities) < min_entities:
        if not entities:
            entities = load_gazetteer([SAMPLE])
            label = f"the test sample's {len(entities)} entities (the gazetteer folder is empty)"
        padding = synthetic_entities(min_entities - len(entities))
        entities = [*entities, *padding]
        label += f" + {len(padding)} synthetic ones (the gazetteer holds fewer than {min_entities})"
    return entities, label


# ---------------------------------------------------------------- tagging


def fixture_articles() -> list[dict[str, Any]]:
    default = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
    root = Path(os.environ.get("POLWIRE_FIXTURES") or default)
    found = []
    for folder in ("news", "seed"):
        for path in sorted((root / folder).glob("*.json")):
            record = json.loads(path.read_text("utf-8"))
            if isinstance(record, dict) and record.get("body"):
                found.append(record)
    return found


def _day(record: dict[str, Any]) -> date | None:
    published = record.get("published")
    try:
        return datetime.fromisoformat(published).date() if published else None
    except ValueError:
        return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def naive_tag(forms: list[tuple[str, str]], text: str) -> dict[str, int]:
    """The loop the automaton replaces: every form of every entity searched in turn."""
    lowered = text.lower()
    found: dict[str, int] = {}
    for form, entity_id in forms:
        hits = lowered.count(form)
        if hits:
            found[entity_id] = found.get(entity_id, 0) + hits
    return found


def report_tagging(min_entities: int, passes: int) -> None:
    entities, label = bench_gazetteer(min_entities)
    started = time.perf_counter()
    matcher = Matcher(entities, load_office_words())
    build = time.perf_counter() - started
    articles = fixture_articles()
    chars = sum(len(a.get("title") or "") + len(a["body"]) for a in articles)
    print(f"Tagging: {label}")
    print(
        f"  automaton: {matcher.patterns:,} patterns, built in {build * 1000:.0f} ms;"
        f" {len(articles)} fixture pages, {chars / len(articles):,.0f} characters on average"
    )
    timings: list[float] = []
    tags = 0
    for n in range(passes + 1):
        for record in articles:
            begin = time.perf_counter()
            found = matcher.tag(
                record.get("title") or "",
                record["body"],
                day=_day(record),
                countries=record.get("countries") or (),
                language=record.get("language"),
            )
            elapsed = (time.perf_counter() - begin) * 1000
            if n > 0:
                timings.append(elapsed)
            else:
                tags += len(found)
    forms = [
        (" ".join(f.split()).lower(), e.id)
        for e in entities
        for f in (*e.all_names(), *e.all_short())
    ]
    naive: list[float] = []
    for record in articles:
        begin = time.perf_counter()
        naive_tag(forms, (record.get("title") or "") + "\n" + record["body"])
        naive.append((time.perf_counter() - begin) * 1000)
    mean = statistics.mean(timings)
    print(
        f"  per article: mean {mean:.3f} ms, p95 {percentile(timings, 0.95):.3f} ms,"
        f" max {max(timings):.3f} ms (target < 2 ms); {tags} tags on the pages"
    )
    print(
        f"  side by side, a loop over all {len(forms):,} forms: mean"
        f" {statistics.mean(naive):.2f} ms per article, {statistics.mean(naive) / mean:.0f}x"
        " the automaton"
    )


# ---------------------------------------------------------------- search


def add_entities(url: str, articles: int, seed: int) -> None:
    """Entities and ~3 tags per article, Zipf-like: entity r gets a share of about 1/r."""
    entities = [*load_gazetteer([SAMPLE]), *synthetic_entities(1000)]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE article_entities, entities CASCADE")
        conn.execute(
            "INSERT INTO entities (id, kind, name, names, short_names, country, offices, lookup)"
            " SELECT r.id, r.kind, r.name, r.names, r.short_names, r.country, r.offices,"
            " ARRAY(SELECT jsonb_array_elements_text(r.lookup))"
            " FROM jsonb_to_recordset(%s::jsonb) AS r(id text, kind text, name text,"
            " names jsonb, short_names jsonb, country text, offices jsonb, lookup jsonb)",
            (json.dumps([entity_row(e) for e in entities]),),
        )
        ids = [e.id for e in entities]
        weights = [1 / (rank + 1) for rank in range(len(ids))]
        rng = random.Random(seed)
        started = time.perf_counter()
        copy_sql = "COPY bench_tags (article_id, entity_id, mentions) FROM STDIN"
        conn.execute("DROP TABLE IF EXISTS bench_tags")
        conn.execute(
            "CREATE UNLOGGED TABLE bench_tags (article_id bigint, entity_id text, mentions int)"
        )
        first, last = conn.execute("SELECT min(id), max(id) FROM articles").fetchone()  # type: ignore[misc]
        with conn.cursor().copy(copy_sql) as copy:
            for article_id in range(int(first), int(last) + 1):
                chosen = set(rng.choices(ids, weights, k=rng.choice((1, 2, 3, 4, 5))))
                for entity_id in chosen:
                    copy.write_row((article_id, entity_id, rng.choice((1, 1, 2, 3, 5))))
        conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions, dated_at)"
            " SELECT t.article_id, t.entity_id, t.mentions,"
            " coalesce(a.published_at, a.first_seen_at)"
            " FROM bench_tags t JOIN articles a ON a.id = t.article_id"
        )
        conn.execute("DROP TABLE bench_tags")
        conn.execute("VACUUM ANALYZE article_entities")
        count = conn.execute("SELECT count(*) FROM article_entities").fetchone()
        conn.execute("CREATE TABLE IF NOT EXISTS bench_entities_meta (articles int, seed int)")
        conn.execute("TRUNCATE bench_entities_meta")
        conn.execute("INSERT INTO bench_entities_meta VALUES (%s, %s)", (articles, seed))
    print(
        f"  entities: {len(entities)}, article_entities rows: {count[0]:,}"  # type: ignore[index]
        f" ({time.perf_counter() - started:.0f}s)"
    )


def entity_queries(url: str) -> list[tuple[str, str, SearchFilters, dict[str, Any]]]:
    with psycopg.connect(url) as conn:
        ranked = [
            (str(e), int(n))
            for e, n in conn.execute(
                "SELECT entity_id, count(*) FROM article_entities GROUP BY 1 ORDER BY 2 DESC"
            )
        ]
    common, middle, rare = ranked[0], ranked[len(ranked) // 10], ranked[-1]

    def label(entity: tuple[str, int]) -> str:
        return f"{entity[1]:,} articles"

    since = NOW - timedelta(days=90)
    return [
        (f"common entity ({label(common)})", "", SearchFilters(entities=(common[0],)), {}),
        (f"middling entity ({label(middle)})", "", SearchFilters(entities=(middle[0],)), {}),
        (f"rare entity ({label(rare)})", "", SearchFilters(entities=(rare[0],)), {}),
        ("common + middling", "", SearchFilters(entities=(common[0], middle[0])), {}),
        ("common + rare", "", SearchFilters(entities=(common[0], rare[0])), {}),
        ("common + source", "", SearchFilters(entities=(common[0],), source="yonhap"), {}),
        ("common + country KP", "", SearchFilters(entities=(common[0],), country="KP"), {}),
        ("middling, last 90 days", "", SearchFilters(entities=(middle[0],), since=since), {}),
        ("common, newest first", "", SearchFilters(entities=(common[0],)), {"order": "newest"}),
        ("common + word", "election", SearchFilters(entities=(common[0],)), {}),
        ("middling + ja word", "首相", SearchFilters(entities=(middle[0],)), {}),
        ("rare + word", "government", SearchFilters(entities=(rare[0],)), {}),
    ]


def run_queries(url: str, passes: int) -> dict[str, list[float]]:
    queries = entity_queries(url)
    timings: dict[str, list[float]] = {label: [] for label, *_ in queries}
    with psycopg.connect(url, autocommit=True) as conn:
        for n in range(passes + 1):
            for label, words, filters, options in queries:
                started = time.perf_counter()
                hits = search_articles(conn, words, filters=filters, now=NOW, **options)
                if n > 0:
                    timings[label].append((time.perf_counter() - started) * 1000)
                elif not hits:
                    print(f"  warning: {label!r} found nothing")
    return timings


def report_search(admin_url: str, args: argparse.Namespace) -> None:
    from search import load, loaded, with_db  # bench/search.py's synthetic archive

    url = with_db(admin_url, args.database)
    print(f"\nSearch by entity: database {args.database}, {args.articles:,} articles")
    if args.reuse and loaded(url, args.articles, args.seed) and _tagged(url, args.articles):
        print("  reusing the loaded database (--reuse)")
    else:
        started = time.perf_counter()
        load(admin_url, args.database, args.articles, args.seed, args.streams)
        add_entities(url, args.articles, args.seed)
        print(f"  loading took {time.perf_counter() - started:.0f}s in all")
    timings = run_queries(url, args.passes)
    print(f"  {len(timings)} searches, 1 warm-up pass + {args.passes} timed passes")
    print(f"  {'search':40} {'p50 ms':>8} {'max ms':>8}")
    for label, values in timings.items():
        print(f"  {label:40.40} {statistics.median(values):8.1f} {max(values):8.1f}")
    everything = [t for values in timings.values() for t in values]
    print(
        f"  ALL: p50 {percentile(everything, 0.5):.1f} ms, p95 {percentile(everything, 0.95):.1f}"
        " ms (target < 50 ms)"
    )
    mine, theirs = run_join_baseline(url, args.passes)
    print(
        "  side by side, the newest 200 articles of each entity alone by a join on articles"
        f" ordered by their date (no dated_at in article_entities): p50 {theirs:.1f} ms"
        f" against {mine:.1f} ms for the same lookups here, {theirs / mine:.1f}x"
    )


JOIN_BASELINE = (
    "SELECT a.id FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
    " WHERE ae.entity_id = %(id)s"
    " ORDER BY coalesce(a.published_at, a.first_seen_at) DESC, a.id DESC LIMIT 200"
)
INDEX_WALK = (
    "SELECT article_id FROM article_entities WHERE entity_id = %(id)s"
    " ORDER BY dated_at DESC, article_id DESC LIMIT 200"
)


def run_join_baseline(url: str, passes: int) -> tuple[float, float]:
    """p50 of the candidate lookup of entity-only searches, this schema's against a join."""
    queries = entity_queries(url)
    entities = {f.entities[0] for label, words, f, _ in queries if not words}
    results: dict[str, list[float]] = {INDEX_WALK: [], JOIN_BASELINE: []}
    with psycopg.connect(url, autocommit=True) as conn:
        for n in range(passes + 1):
            for statement, values in results.items():
                for entity in entities:
                    started = time.perf_counter()
                    conn.execute(statement, {"id": entity}).fetchall()
                    if n > 0:
                        values.append((time.perf_counter() - started) * 1000)
    return statistics.median(results[INDEX_WALK]), statistics.median(results[JOIN_BASELINE])


def _tagged(url: str, articles: int) -> bool:
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT articles FROM bench_entities_meta").fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] == articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", default="polwire_bench_entities")
    parser.add_argument("--reuse", action="store_true", help="reuse a loaded database")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--streams", type=int, default=2, help="parallel COPY streams")
    parser.add_argument("--min-entities", type=int, default=1000)
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    report_tagging(args.min_entities, args.passes)
    if not args.skip_search:
        admin_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1/postgres")
        report_search(admin_url, args)


if __name__ == "__main__":
    main()
