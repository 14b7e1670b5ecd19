"""Near-duplicate detection: per-item cost with a small and a large archive, and clustering quality.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres python bench/dedupe.py \
        [--small 10000] [--large 1000000] [--per-day 1370] [--rounds 3] [--keep]

1. Cost. Two dedicated databases (polwire_bench_dedupe_small / _large) hold an
   archive of N articles published at a steady daily volume (--per-day, 1,370:
   1,000,000 articles over two years) up to now: 2,000 synthetic wire stories
   of the last hour stored through the real store path (sketches, LSH rows,
   stories), plus filler articles whose LSH rows are generated in the server
   (random buckets: unrelated bodies share none, and it is the index's size
   that matters), then pruned by storage.stories.prune_index as the
   scheduler's housekeeping does (the bucket index is built after the load and
   the prune). Then the same 1,000 items dated now (500 edited copies of
   stored stories at other outlets, 500 unrelated new texts) are stored in
   batches of 500 in a transaction that is rolled back, alternately on each
   database. The dedupe
   cost per item is the time spent making the sketch and URL keys
   (polwire.storage.dedupe_keys), looking the batch up in the LSH index and verifying
   the candidates (storage.stories.prepare), and indexing and clustering the
   stored rows (storage.stories.assign). Targets: < 2 ms per item, and large/small
   <= 1.5.
2. Quality. On a fresh database: 400 wire stories, each carried by 0-4 other
   outlets with edits (a new lead paragraph, a trimmed ending, a changed
   headline, another template: boilerplate lines, a credit line, "said" ->
   "says"), plus hard negatives: follow-up stories on the same topic that quote
   two paragraphs of the original, and other stories on the same topic. All are
   stored in shuffled order through store_articles; pairwise precision and
   recall of "same story_id" against the labels. Targets: >= 0.95 and >= 0.90.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polwire.storage.articles as articles_module
from polwire.core.minhash import BANDS, SLOTS
from polwire.core.text import content_hash, word_count
from polwire.storage.articles import ArticleRow, store_articles
from polwire.storage.dedupe_keys import with_dedupe_keys
from polwire.storage.migrate import upgrade
from polwire.storage.stories import StoryOptions, index_days, prune_index

# --- Synthetic news text -----------------------------------------------------------------

# Space-separated word lists (split when the writer starts).
_SYLLABLES = (
    "ka to shi ra mi no ze lo pa ve dan gor sen ul bei jing tai pei kim park moon yun lee abe "
    "kishi da ishi ba suga xi li wang hua min kor jap chi na re pol ti cal mar ket trade vote "
    "law bill form de fen se cu ri ty"
)
_COMMON = (
    "the of and to in a said on that for is was with by as at from has its it be are an have "
    "will government minister officials country president party people year told new would "
    "not but were which also more after been their two last this had one about could week "
    "than other"
)
_STOCK = (
    "the prime minister said on tuesday",
    "according to the foreign ministry",
    "told reporters in tokyo",
    "the ruling party said in a statement",
    "officials said on condition of anonymity",
    "the two countries agreed to",
    "north korea fired a ballistic missile",
    "the national assembly voted",
    "in a statement released on monday",
    "the defence ministry said",
    "opposition lawmakers criticised the plan",
)
T0 = datetime(2025, 3, 1, tzinfo=UTC)  # the quality set's clock
# The cost runs' clock: archives end now and the measured items are dated now, so the
# pruned LSH index holds what production's would.
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


class Writer:
    """Sentences from a Zipf-weighted invented vocabulary, common words, topic words and
    stock phrases: unrelated texts share about 1% of their shingles (real ones ~0.1%)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        syllables = _SYLLABLES.split()
        self.common = _COMMON.split()
        words: set[str] = set()
        while len(words) < 30_000:
            words.add("".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 4))))
        self.vocab = sorted(words)
        self.cum = list(itertools.accumulate(1.0 / (i + 10) for i in range(len(self.vocab))))
        self.topics = [self.rng.sample(self.vocab[:3000], 40) for _ in range(200)]

    def sentence(self, topic: list[str]) -> str:
        rng = self.rng
        n = rng.randint(12, 28)
        words: list[str] = []
        while len(words) < n:
            r = rng.random()
            if r < 0.45:
                words.append(rng.choice(self.common))
            elif r < 0.6:
                words.append(rng.choice(topic))
            elif r < 0.62:
                words.extend(rng.choice(_STOCK).split())
            else:
                words.append(rng.choices(self.vocab, cum_weights=self.cum)[0])
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, topic: list[str]) -> str:
        return " ".join(self.sentence(topic) for _ in range(self.rng.randint(1, 3)))

    def article(self, topic: list[str]) -> list[str]:
        return [self.paragraph(topic) for _ in range(self.rng.randint(6, 18))]

    def republish(self, original: list[str], topic: list[str]) -> tuple[list[str], set[str]]:
        """Another outlet's copy: at least one of a new lead paragraph, a trimmed ending and
        another template (the headline changes too, which the body does not show)."""
        rng = self.rng
        kinds = set(rng.sample(["lead", "trim", "template"], rng.randint(1, 3)))
        paras = list(original)
        if "trim" in kinds:
            paras = paras[: max(3, round(len(paras) * rng.uniform(0.6, 0.9)))]
        if "lead" in kinds:
            paras.insert(0, self.paragraph(topic))
        if "template" in kinds:
            paras = [p.replace(" said ", " says ", 1) if rng.random() < 0.3 else p for p in paras]
            for _ in range(rng.randint(1, 3)):
                extra = rng.choice(
                    ["Advertisement", "Read more: " + self.sentence(topic), "Photo: " + "x"]
                )
                paras.insert(rng.randint(1, len(paras)), extra)
            editors = " ".join(rng.sample(self.vocab, 2))
            paras.append(f"(Reporting by {editors}; Editing by {rng.choice(self.vocab)})")
        return paras, kinds


def make_row(
    source: str, url: str, paragraphs: list[str], when: datetime, **extra: Any
) -> ArticleRow:
    body = "\n\n".join(paragraphs)
    return with_dedupe_keys(
        ArticleRow(
            source=source,
            url=url,
            urls=[url],
            title=paragraphs[0][:60],
            body=body,
            content_hash=content_hash(body),
            fetched_at=when,
            published_at=when,
            word_count=word_count(body),
            **extra,
        )
    )


# --- Databases -----------------------------------------------------------------------------


def db_url(admin_url: str, name: str) -> str:
    params = conninfo_to_dict(admin_url)
    params["dbname"] = name
    return make_conninfo(**params)


def fresh_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    url = db_url(admin_url, name)
    with psycopg.connect(url) as conn:
        upgrade(conn)
        conn.commit()
    return url


def archive_size(url: str) -> int | None:
    """Articles in a kept archive, None when it is missing or of an older layout or day."""
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM articles WHERE EXISTS"
                " (SELECT 1 FROM article_lsh WHERE day = %(today)s)",
                {"today": NOW.date()},
            ).fetchone()
            return int(row[0]) if row else None
    except psycopg.Error:
        return None


@dataclass
class Workload:
    stories: list[tuple[list[str], list[str]]]  # (paragraphs, topic) stored in every archive
    probes: list[ArticleRow]  # stored (and rolled back) in each measured round


def build_workload(related: int, probes: int) -> Workload:
    writer = Writer(seed=7)
    stories = []
    for i in range(related):
        topic = writer.topics[i % len(writer.topics)]
        stories.append((writer.article(topic), topic))
    rows = []
    for i in range(probes // 2):
        paragraphs, topic = stories[i]
        copy, _ = writer.republish(paragraphs, topic)
        rows.append(make_row("probe_outlet", f"https://probe.test/copy/{i}", copy, NOW))
    for i in range(probes - probes // 2):
        topic = writer.topics[i % len(writer.topics)]
        rows.append(
            make_row("probe_outlet", f"https://probe.test/new/{i}", writer.article(topic), NOW)
        )
    return Workload(stories, rows)


def build_archive(admin_url: str, name: str, size: int, per_day: int, work: Workload) -> str:
    url = fresh_database(admin_url, name)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        rows = [
            make_row("wire", f"https://wire.test/{i}", paragraphs, NOW - timedelta(hours=1))
            for i, (paragraphs, _) in enumerate(work.stories)
        ]
        for start in range(0, len(rows), 500):
            store_articles(conn, rows[start : start + 500], run_id=None)
        filler = size - len(rows)
        # Filler: articles nobody copies, per_day a day up to now, oldest first (ids grow
        # with time, as a crawled archive's do). Their buckets are random (unrelated bodies
        # share none); the bucket index is dropped during the load and built after, as a
        # bulk load of an archive would.
        conn.execute("DROP INDEX article_lsh_bucket")
        conn.execute(
            """
            INSERT INTO articles (source, url, title, body, content_hash, word_count,
                                  published_at, first_seen_at, last_seen_at)
            SELECT 'filler_' || (g %% 20), 'https://filler.test/' || g, 'Filler ' || g,
                   'filler body ' || g, md5(g::text), 300, t, t, t
            FROM generate_series(1, %(n)s) g,
                 LATERAL (SELECT %(now)s::timestamptz
                                 - (%(n)s - g + 1) * interval '1 day' / %(per_day)s) d(t)
            """,
            {"n": filler, "now": NOW, "per_day": per_day},
        )
        conn.execute(
            """
            INSERT INTO article_sketches (article_id, scheme, shingles, signature)
            SELECT id, 1, 600, decode(repeat(md5(id::text), %(reps)s), 'hex')
            FROM articles WHERE source LIKE 'filler%%'
            """,
            {"reps": SLOTS * 4 // 16},
        )
        conn.execute(
            """
            INSERT INTO article_lsh (band, day, bucket, article_id)
            SELECT b, (a.first_seen_at AT TIME ZONE 'UTC')::date,
                   (random() * 18446744073709551615 - 9223372036854775808)::bigint, a.id
            FROM articles a CROSS JOIN generate_series(0, %(bands)s - 1) b
            WHERE a.source LIKE 'filler%%'
            """,
            {"bands": BANDS},
        )
        conn.commit()
        # What the scheduler's housekeeping leaves of the index (the real function).
        pruned = prune_index(conn, now=NOW, options=StoryOptions())
        conn.execute(
            "CREATE INDEX article_lsh_bucket ON article_lsh (band, bucket, day, article_id)"
        )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        lsh_rows, index_bytes = conn.execute(
            "SELECT (SELECT count(*) FROM article_lsh), pg_relation_size('article_lsh_bucket')"
        ).fetchone() or (0, 0)
    days = size / per_day
    print(
        f"  built {name}: {size:,} articles over {days:,.1f} days, {lsh_rows:,} LSH rows"
        f" ({pruned:,} pruned: older than {index_days(StoryOptions())} days),"
        f" bucket index {index_bytes / 2**20:,.0f} MiB, in {time.perf_counter() - started:,.0f} s",
        flush=True,
    )
    return url


# --- Measuring -------------------------------------------------------------------------------


class StepTimer:
    """Wraps storage.articles' calls of prepare/assign to add up the time spent in them."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._prepare = articles_module.prepare
        self._assign = articles_module.assign

    def __enter__(self) -> StepTimer:
        articles_module.prepare = self._timed(self._prepare)  # type: ignore[assignment]
        articles_module.assign = self._timed(self._assign)  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        articles_module.prepare = self._prepare  # type: ignore[assignment]
        articles_module.assign = self._assign  # type: ignore[assignment]

    def _timed(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return wrapper


def sketch_seconds_per_item(rows: list[ArticleRow]) -> float:
    started = time.perf_counter()
    for row in rows:
        fresh = ArticleRow(
            source=row.source,
            url=row.url,
            urls=list(row.urls),
            title=row.title,
            body=row.body,
            content_hash=row.content_hash,
            fetched_at=row.fetched_at,
            word_count=row.word_count,
        )
        with_dedupe_keys(fresh)
    return (time.perf_counter() - started) / len(rows)


def lookup_seconds_per_item(url: str, rows: list[ArticleRow]) -> tuple[float, int]:
    """Store the probe rows in a rolled-back transaction; seconds per item in prepare+assign,
    and how many of them joined a story."""
    with psycopg.connect(url) as conn, StepTimer() as timer:
        clustered = 0
        with conn.transaction(force_rollback=True):
            for start in range(0, len(rows), 500):
                result = store_articles(conn, rows[start : start + 500], run_id=None)
                clustered += result.clustered
    return timer.seconds / len(rows), clustered


def bench_cost(
    admin_url: str, small: int, large: int, per_day: int, rounds: int, keep: bool
) -> None:
    print(
        f"1. Per-item dedupe cost, {small:,} vs {large:,} articles stored"
        f" ({per_day:,} a day up to now)",
        flush=True,
    )
    work = build_workload(related=2000, probes=1000)
    urls = {}
    for label, size in (("small", small), ("large", large)):
        name = f"polwire_bench_dedupe_{label}"
        url = db_url(admin_url, name)
        if not (keep and archive_size(url) == size):
            url = build_archive(admin_url, name, size, per_day, work)
        urls[label] = url
    sketch = statistics.median(sketch_seconds_per_item(work.probes) for _ in range(rounds))
    timings: dict[str, list[float]] = {"small": [], "large": []}
    clustered: dict[str, int] = {}
    for _ in range(rounds + 1):  # the first round of each warms the caches and is dropped
        for label in ("small", "large"):
            seconds, clustered[label] = lookup_seconds_per_item(urls[label], work.probes)
            timings[label].append(seconds)
    small_db = statistics.median(timings["small"][1:])
    large_db = statistics.median(timings["large"][1:])
    small_total, large_total = sketch + small_db, sketch + large_db
    print(f"  sketch + URL keys per item: {sketch * 1000:.3f} ms (same for both)")
    print(
        f"  {'archive':>12} {'lookup+index+cluster':>22} {'total per item':>15} {'clustered':>10}"
    )
    for label, size, db_s, total in (
        ("small", small, small_db, small_total),
        ("large", large, large_db, large_total),
    ):
        print(
            f"  {size:>12,} {db_s * 1000:>19.3f} ms {total * 1000:>12.3f} ms {clustered[label]:>10}"
        )
    print(f"  load average during the run: {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    print(
        f"  ratio large/small: {large_total / small_total:.2f} (target <= 1.5);"
        f" per item at {large:,}: {large_total * 1000:.2f} ms (target < 2 ms)",
        flush=True,
    )


# --- Quality ---------------------------------------------------------------------------------


def labelled_set(seed: int = 23) -> tuple[list[ArticleRow], dict[str, int]]:
    """Rows and, for each URL, its true story (rows alone in their story get a unique one)."""
    writer = Writer(seed=seed)
    rng = writer.rng
    rows: list[ArticleRow] = []
    truth: dict[str, int] = {}
    next_label = itertools.count()
    outlets = [f"outlet_{i}" for i in range(12)]
    for i in range(400):
        topic = writer.topics[i % len(writer.topics)]
        when = T0 + timedelta(hours=i)
        original = writer.article(topic)
        label = next(next_label)
        url = f"https://kyodo.test/{i}"
        rows.append(make_row("kyodo_english", url, original, when, wire="Kyodo"))
        truth[url] = label
        for outlet in rng.sample(outlets, rng.randint(0, 4)):
            copy, _ = writer.republish(original, topic)
            url = f"https://{outlet}.test/{i}"
            delay = timedelta(hours=rng.uniform(0.5, 30))
            rows.append(make_row(outlet, url, copy, when + delay, wire="Kyodo"))
            truth[url] = label
        if rng.random() < 0.5:
            # A follow-up: a new story that quotes two paragraphs of this one.
            follow = writer.article(topic)
            follow[2:2] = original[:2]
            url = f"https://{rng.choice(outlets)}.test/follow/{i}"
            rows.append(make_row(url.split("/")[2][:-5], url, follow, when + timedelta(days=1)))
            truth[url] = next(next_label)
        if rng.random() < 0.5:
            url = f"https://{rng.choice(outlets)}.test/other/{i}"
            rows.append(make_row(url.split("/")[2][:-5], url, writer.article(topic), when))
            truth[url] = next(next_label)
    rng.shuffle(rows)
    return rows, truth


def pairs(groups: dict[int, list[str]]) -> Iterator[tuple[str, str]]:
    for members in groups.values():
        yield from itertools.combinations(sorted(members), 2)


def bench_quality(admin_url: str) -> None:
    print("2. Clustering quality on a labelled synthetic set of wire copies", flush=True)
    rows, truth = labelled_set()
    url = fresh_database(admin_url, "polwire_bench_dedupe_quality")
    with psycopg.connect(url) as conn:
        for start in range(0, len(rows), 500):
            store_articles(conn, rows[start : start + 500], run_id=None)
        found = conn.execute("SELECT url, story_id FROM articles").fetchall()
        leads = conn.execute(
            "SELECT a.source FROM stories s JOIN articles a ON a.id = s.lead_article_id"
        ).fetchall()
    predicted: dict[int, list[str]] = {}
    for article_url, story in found:
        if story is not None:
            predicted.setdefault(int(story), []).append(str(article_url))
    actual: dict[int, list[str]] = {}
    for article_url, label in truth.items():
        actual.setdefault(label, []).append(article_url)
    predicted_pairs = set(pairs(predicted))
    actual_pairs = set(pairs(actual))
    hits = len(predicted_pairs & actual_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else 1.0
    recall = hits / len(actual_pairs) if actual_pairs else 1.0
    wire_leads = sum(1 for (source,) in leads if source == "kyodo_english")
    print(
        f"  {len(rows)} articles, {len(actual_pairs)} true same-story pairs,"
        f" {len(predicted_pairs)} predicted"
    )
    print(f"  precision {precision:.3f} (target >= 0.95), recall {recall:.3f} (target >= 0.90)")
    print(f"  stories led by the wire original: {wire_leads} of {len(leads)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--per-day", type=int, default=1_370, help="articles a day")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="reuse the archives of an earlier run when they fit"
    )
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    admin_url = os.environ.get("DATABASE_URL")
    if not admin_url:
        sys.exit("DATABASE_URL must name a PostgreSQL server (a scratch database is created)")
    if not args.skip_quality:
        bench_quality(admin_url)
    if not args.skip_cost:
        bench_cost(admin_url, args.small, args.large, args.per_day, args.rounds, args.keep)


if __name__ == "__main__":
    main()
