"""`polwire search`: full-text search of stored articles, best or newest first."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Any, TextIO

import click

from polwire.console.commands.runs import parse_since, parse_until
from polwire.console.context import AppContext
from polwire.console.output import FORMATS, render

COLUMNS = ("id", "published_at", "source", "title", "url", "story_size", "score", "snippet")
PLAIN_MARKS = ("«", "»")
TERMINAL_MARKS = ("\x1b[1m", "\x1b[22m")  # bold on, bold off


@click.command()
@click.argument("words", nargs=-1)
@click.option(
    "--entity",
    "entity_names",
    multiple=True,
    metavar="NAME",
    help="Only articles that mention this entity: a name in any script or romanization, or an"
    " id from `polwire entities` (repeat it: articles that mention all of them).",
)
@click.option("--source", help="Only this source.")
@click.option("--country", metavar="CC", help="Only articles about this country (KP, JP...).")
@click.option("--section", help="Only this section (case-insensitive).")
@click.option("--since", help="Published at or after: a date, a datetime, or 2h/3d/1w ago.")
@click.option("--until", help="Published before this datetime, or on or before this date.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option(
    "--order",
    type=click.Choice(["best", "newest"]),
    default="best",
    show_default=True,
    help="best: relevance, newer articles weighing more; newest: date only.",
)
@click.option("--gone", is_flag=True, help="Only articles taken down (polwire gone).")
@click.option("--collapse", is_flag=True, help="One row per story (the best article of each).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people; json (one array), jsonl (one object per line) or csv for scripts.",
)
@click.pass_obj
def search(
    app: AppContext,
    words: tuple[str, ...],
    entity_names: tuple[str, ...],
    source: str | None,
    country: str | None,
    section: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    order: str,
    gone: bool,
    collapse: bool,
    fmt: str,
) -> None:
    """Search stored articles (English, Japanese, Korean, Chinese) by words in title and body.

    \b
    polwire search north korea missile
    polwire search '"prime minister" -abe' --since 30d
    polwire search 北朝鮮 ミサイル --source nhk_news
    polwire search tariffs or sanctions --country KR --collapse --format json
    polwire search --entity 이재명 --entity "Shigeru Ishiba" summit

    Quotes make a phrase, `or` gives alternatives, `-word` excludes a word.
    """
    from polwire.storage.search import MAX_QUERY_CHARS, SearchFilters, search_articles

    if not words and not entity_names:
        raise click.UsageError("give words to search for, or --entity NAME, or both")
    text = " ".join(words)
    if len(text) > MAX_QUERY_CHARS:
        click.echo(f"warning: query cut to its first {MAX_QUERY_CHARS} characters", err=True)
    filters = SearchFilters(
        source=source,
        country=country,
        section=section,
        since=parse_since(since),
        until=parse_until(until),
        gone=gone,
    )
    marks = TERMINAL_MARKS if fmt == "table" and sys.stdout.isatty() else PLAIN_MARKS
    with app.connect() as conn:
        filters.entities = resolve_entities(conn, entity_names)
        hits = search_articles(
            conn, text, filters=filters, limit=limit, order=order, collapse=collapse, marks=marks
        )
    rows = [hit_row(asdict(hit)) for hit in hits]
    if fmt == "table":
        write_hits(rows, sys.stdout)
    else:
        render(rows, fmt, COLUMNS)


def resolve_entities(conn: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    """The entity ids of the names given; a name no entity or several have is an error."""
    from polwire.storage.entities import UnknownEntity, resolve_entity

    try:
        return tuple(resolve_entity(conn, name) for name in names)
    except UnknownEntity as exc:
        raise click.BadParameter(str(exc), param_hint="--entity") from exc


def hit_row(hit: dict[str, Any]) -> dict[str, Any]:
    hit.pop("body_head", None)
    hit["score"] = round(float(hit["score"]), 6)
    return hit


def write_hits(rows: list[dict[str, Any]], out: TextIO) -> None:
    """For people: date, source and title, then the URL and the snippet, one block per hit."""
    if not rows:
        out.write("(no matches)\n")
        return
    for n, row in enumerate(rows, 1):
        when = row["dated_at"].astimezone().strftime("%Y-%m-%d %H:%M")
        story = f"  [story of {row['story_size']}]" if row["story_size"] > 1 else ""
        out.write(f"{n:>3}. {when}  {row['source']}  {row['title']}{story}\n")
        out.write(f"     {row['url']}\n")
        if row["snippet"]:
            out.write(f"     {' '.join(row['snippet'].split())}\n")
