"""`polwire stories`: clusters of one story across outlets (wire copy, republished items)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from polwire.console.commands.runs import parse_since
from polwire.console.context import AppContext
from polwire.console.output import format_option, render

COLUMNS = ("id", "last_seen_at", "article_count", "outlets", "title")
MEMBER_COLUMNS = ("story_id", "lead", "id", "source", "published_at", "title", "url")


@click.command()
@click.option(
    "--since", help="Stories with an article seen since: a date, a datetime, or 2h/3d/1w."
)
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option(
    "--articles/--no-articles",
    "with_articles",
    default=True,
    show_default=True,
    help="Table and csv: one line per member article under each story.",
)
@format_option
@click.pass_obj
def stories(app: AppContext, since: str | None, limit: int, with_articles: bool, fmt: str) -> None:
    """Stories carried by several outlets, newest first, with their member articles.

    An article that is in no story (articles.story_id is NULL) is a story of its own and
    is not listed. json and jsonl: each story has its `articles` and `outlets`; the lead
    (`is_lead`) is the wire original when one is stored, else the earliest published.
    """
    from polwire.storage.stories import list_stories

    with app.connect() as conn:
        found = list_stories(conn, since=parse_since(since), limit=limit)
    rows: list[dict[str, Any]] = [asdict(s) for s in found]
    if fmt in ("json", "jsonl") or not with_articles:
        render(rows, fmt, COLUMNS)
        return
    members = [
        {
            "story_id": story["id"],
            "lead": "*" if article["is_lead"] else "",
            **article,
        }
        for story in rows
        for article in story["articles"]
    ]
    if fmt == "csv":
        render(members, fmt, MEMBER_COLUMNS)
        return
    if not rows:
        render([], fmt, COLUMNS)
        return
    for story in rows:
        story_members = [m for m in members if m["story_id"] == story["id"]]
        click.echo(
            f"story {story['id']}: {story['article_count']} articles from "
            f"{', '.join(story['outlets'])} — {story['title'] or ''}"
        )
        render(story_members, fmt, MEMBER_COLUMNS[1:])
        click.echo()
