"""`polwire entities`: the gazetteer's political actors with mention counts, and one of them."""

from __future__ import annotations

import sys
from typing import Any

import click

from polwire.console.context import AppContext
from polwire.console.output import format_option, render, to_jsonable

COLUMNS = ("id", "kind", "country", "name", "articles", "mentions", "last_dated_at")
ARTICLE_COLUMNS = ("id", "dated_at", "language", "source", "mentions", "title")
LANGUAGE_ORDER = ("en", "ja", "ko", "zh-Hans", "zh-Hant", "ko-Latn")


@click.command()
@click.argument("words", nargs=-1, metavar="[QUERY] | show NAME")
@click.option("--country", metavar="CC", help="Only entities of this country (JP, KR, ...).")
@click.option(
    "--kind",
    type=click.Choice(["person", "party", "organization"]),
    help="Only persons, parties or organizations.",
)
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@format_option
@click.pass_obj
def entities(
    app: AppContext,
    words: tuple[str, ...],
    country: str | None,
    kind: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Political actors of the gazetteer, most mentioned first, with how many stored articles
    mention them; QUERY matches any part of a name in any script.

    \b
    polwire entities                      every entity, most mentioned first
    polwire entities ishiba               names containing "ishiba" (石破 works too)
    polwire entities --country KR --kind party
    polwire entities show 이재명           names, offices and latest articles of one
    """
    if words[:1] == ("show",):
        if len(words) < 2:
            raise click.UsageError("polwire entities show NAME: give a name or an id")
        show(app, " ".join(words[1:]), fmt)
        return
    from polwire.storage.entities import list_entities

    with app.connect() as conn:
        rows = list_entities(
            conn, text=" ".join(words) or None, country=country, kind=kind, limit=limit
        )
    render(rows, fmt, COLUMNS)


def show(app: AppContext, name: str, fmt: str) -> None:
    from polwire.storage.entities import (
        UnknownEntity,
        get_entity,
        latest_articles,
        resolve_entity,
    )

    with app.connect() as conn:
        try:
            entity_id = resolve_entity(conn, name)
        except UnknownEntity as exc:
            raise click.ClickException(str(exc)) from exc
        entity = get_entity(conn, entity_id)
        assert entity is not None  # resolved just now
        entity["latest_articles"] = latest_articles(conn, entity_id, per_language=5)
    if fmt in ("json", "jsonl"):
        render([entity], fmt, COLUMNS)
        return
    if fmt == "csv":
        render(entity["latest_articles"], fmt, ARTICLE_COLUMNS)
        return
    write_entity(entity)


def write_entity(entity: dict[str, Any]) -> None:
    out = sys.stdout
    wikidata = f"  wikidata {entity['wikidata']}" if entity["wikidata"] else ""
    out.write(
        f"{entity['name']}  ({entity['id']}, {entity['kind']}, {entity['country']}){wikidata}\n"
    )
    out.write(f"mentioned in {entity['articles']} articles ({entity['mentions']} mentions)\n\n")
    for column, label in (("names", "names"), ("short_names", "short forms")):
        forms: dict[str, list[str]] = entity[column]
        if forms:
            out.write(f"{label}:\n")
            for lang in sorted(forms, key=_language_rank):
                out.write(f"  {lang:<8} {', '.join(forms[lang])}\n")
    if entity["offices"]:
        out.write("offices:\n")
        for office in entity["offices"]:
            what = office["office"] + (
                f" ({office['portfolio']})" if office.get("portfolio") else ""
            )
            party = f" of {office['party']}" if office.get("party") else ""
            until = office.get("end") or "now"
            out.write(f"  {office['start']} - {until}  {what}{party}, {office['of']}\n")
    out.write("\nlatest articles:\n")
    rows = [to_jsonable(a) for a in entity["latest_articles"]]
    if not rows:
        out.write("  (none stored)\n")
    for article in rows:
        day = str(article["dated_at"])[:10]
        out.write(
            f"  {day}  {article['language'] or '?':<7} {article['source']}  {article['title']}\n"
        )
        out.write(f"      {article['url']}\n")


def _language_rank(lang: str) -> int:
    return LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER)
