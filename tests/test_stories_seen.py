"""Stories are counted in the time the archive saw the copies, not the dates pages print: a
wire story republished long after it ran, or printed with another date, is still one story."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from polwire.core.text import content_hash, word_count
from polwire.storage.articles import ArticleRow, store_articles
from polwire.storage.dedupe_keys import with_dedupe_keys

SEEN = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)

WIRE_STORY = "\n\n".join(
    [
        "Seoul and Tokyo agreed on Monday to resume regular shuttle diplomacy between their"
        " leaders, ending a pause of more than a year over a dispute about wartime labour.",
        "The two foreign ministers met for three hours in Busan and said working groups on"
        " export controls, fisheries and the exchange of military intelligence would meet"
        " again before the end of the quarter.",
        "Officials in both capitals described the talks as frank, and a joint statement said"
        " the governments would consult closely on North Korea's missile launches and on"
        " supply chains for semiconductors and batteries.",
        "Opposition lawmakers in Seoul criticised the deal, saying the government had given"
        " up too much on the compensation question, while business groups in Osaka welcomed"
        " the prospect of fewer checks on chemicals used in chip making.",
        "The next summit is expected in the autumn, when the prime minister is due to visit"
        " the South Korean capital for the first time since taking office.",
    ]
)


def row(
    source: str, url: str, text: str, *, seen: datetime, printed: datetime | None
) -> ArticleRow:
    return with_dedupe_keys(
        ArticleRow(
            source=source,
            url=url,
            urls=[url],
            title=text[:50],
            body=text,
            content_hash=content_hash(text),
            word_count=word_count(text),
            fetched_at=seen,
            published_at=printed,
        )
    )


def copy_of(text: str) -> str:
    return "\n\n".join(["Reprinted with permission of the agency.", *text.split("\n\n")[:-1]])


def stories(db: psycopg.Connection) -> dict[str, int | None]:
    return dict(db.execute("SELECT source, story_id FROM articles").fetchall())


def test_a_copy_printing_a_date_years_away_joins_the_story_of_its_original(
    db: psycopg.Connection,
) -> None:
    store_articles(
        db,
        [row("agency", "https://a.test/1", WIRE_STORY, seen=SEEN, printed=SEEN)],
        run_id=None,
    )
    store_articles(
        db,
        [
            row(
                "reprint_daily",
                "https://b.test/old/1",
                copy_of(WIRE_STORY),
                seen=SEEN + timedelta(days=2),
                printed=datetime(2019, 1, 3, tzinfo=UTC),  # an archive page, or a wrong date
            ),
            row(
                "undated_weekly",
                "https://c.test/1",
                copy_of(WIRE_STORY),
                seen=SEEN + timedelta(days=3),
                printed=None,
            ),
        ],
        run_id=None,
    )
    found = stories(db)
    assert found["agency"] is not None
    assert found == dict.fromkeys(("agency", "reprint_daily", "undated_weekly"), found["agency"])


def test_copies_seen_further_apart_than_the_window_are_not_one_story(
    db: psycopg.Connection,
) -> None:
    """The control: the same printed date, but first seen 10 days apart (window: 7)."""
    store_articles(
        db, [row("agency", "https://a.test/1", WIRE_STORY, seen=SEEN, printed=SEEN)], run_id=None
    )
    later = SEEN + timedelta(days=10)
    store_articles(
        db,
        [row("reprint_daily", "https://b.test/1", copy_of(WIRE_STORY), seen=later, printed=SEEN)],
        run_id=None,
    )
    assert stories(db) == {"agency": None, "reprint_daily": None}
