"""`polwire reparse`: re-extract stored raw pages with the current code and update what changed."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from datetime import tzinfo
from typing import Any

import click

from polwire.console.context import AppContext

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
ENTITY_BATCH_SIZE = 500


@click.command()
@click.option("--source", "source_name", metavar="S", help="Only the pages of this source.")
@click.option(
    "--since",
    metavar="D",
    help="Only pages fetched at or after D (2025-09-08, an ISO datetime, or 2h/3d/1w).",
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N pages.")
@click.option("--dry-run", is_flag=True, help="Count what would change; write nothing.")
@click.option(
    "--entities",
    "entities_only",
    is_flag=True,
    help="Tag stored articles with the gazetteer's entities again (no re-extraction;"
    " --since then means first stored at or after D).",
)
@click.pass_obj
def reparse(
    app: AppContext,
    source_name: str | None,
    since: str | None,
    limit: int | None,
    dry_run: bool,
    entities_only: bool,
) -> None:
    """Re-extract stored pages with the current extraction code and update the articles
    whose fields changed (a changed body keeps the previous text as a revision).

    Each page is read with its source's page object and time zone from the
    registry. Prints a progress bar on stderr and a summary line: pages,
    changed, unchanged, failed, pages/s.
    """
    if entities_only:
        from polwire.console.commands.runs import parse_since as since_moment

        if dry_run:
            raise click.UsageError("--entities has no dry run: it only writes tags")
        retag(app, source_name, since_moment(since), limit)
        return
    from crawler.extraction.record import extract_record
    from polwire.console.commands.runs import parse_since
    from polwire.core.article_fields import derive
    from polwire.storage.dedupe_keys import story_options, with_dedupe_keys
    from polwire.storage.reparse import (
        ReparsedArticle,
        apply_reparsed,
        changed_fields,
        count_stored_pages,
        iter_stored_pages,
    )
    from polwire.storage.search_index import index_pending

    moment = parse_since(since)
    dedupe = app.config.dedupe
    stories = story_options(dedupe)
    reader = app.connect()
    writer = app.connect()
    readers = _SourceReaders(app)
    total = count_stored_pages(reader, source=source_name, since=moment, limit=limit)
    counts: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    pending: list[ReparsedArticle] = []
    start = time.perf_counter()
    try:
        with click.progressbar(
            length=total, label="reparse", file=sys.stderr, show_pos=True
        ) as bar:
            for page in iter_stored_pages(reader, source=source_name, since=moment, limit=limit):
                bar.update(1)
                counts["pages"] += 1
                zone, page_class, language = readers.get(page.source)
                try:
                    record = extract_record(
                        page.html,
                        url=page.url,
                        http_encoding=page.http_encoding,
                        timezone=zone,
                        page=page_class,
                        language=language,
                    )
                except Exception:  # one bad page never stops a reparse
                    logger.exception("article %d: extraction failed", page.article_id)
                    counts["failed"] += 1
                    continue
                if not record.title or not record.body or not record.content_hash:
                    # The stored version is kept rather than emptied by a worse reading.
                    logger.warning("article %d: no title or body on reparse", page.article_id)
                    counts["failed"] += 1
                    continue
                article = derive(
                    ReparsedArticle,
                    record,
                    article_id=page.article_id,
                    source=page.source,
                    url=page.url,
                    urls=[],
                    fetched_at=page.fetched_at,
                    body_changed=record.content_hash != page.stored.get("content_hash"),
                )
                changed = changed_fields(page, article)
                if not changed:
                    counts["unchanged"] += 1
                    continue
                counts["changed"] += 1
                fields.update(changed)
                if article.body_changed:
                    counts["revisions"] += 1
                if not dry_run:
                    # The new text's URL keys and sketch, made as the store pipeline makes them.
                    pending.append(with_dedupe_keys(article, dedupe.min_words))
                    if len(pending) >= BATCH_SIZE:
                        counts["clustered"] += apply_reparsed(writer, pending, stories)
                        pending.clear()
        if pending:
            counts["clustered"] += apply_reparsed(writer, pending, stories)
        if counts["changed"] and not dry_run:
            # Changed titles and bodies were marked for indexing; do it before returning.
            counts["indexed"] = index_pending(writer)
    finally:
        reader.close()
        writer.close()
    seconds = time.perf_counter() - start
    click.echo(_summary(counts, fields, seconds, dry_run))


def retag(app: AppContext, source: str | None, since: Any, limit: int | None) -> None:
    """`reparse --entities`: tag the stored articles again, batch by batch, with progress."""
    from polwire.storage.editions import link_editions
    from polwire.storage.entities import RetagProgress, count_retag, retag_batch

    start = time.perf_counter()
    progress = RetagProgress()
    groups = {s.name: s.group for s in app.registry().values() if s.group}
    links = 0
    with app.connect() as conn:
        total = count_retag(conn, source=source, since=since, limit=limit)
        with click.progressbar(
            length=total, label="entities", file=sys.stderr, show_pos=True
        ) as bar:
            while progress.articles < total:
                size = min(ENTITY_BATCH_SIZE, total - progress.articles)
                done = retag_batch(conn, progress, source=source, since=since, batch=size)
                if not done:
                    break
                links += link_editions(conn, progress.batch_ids, groups)
                bar.update(done)
    seconds = time.perf_counter() - start
    rate = progress.articles / seconds if seconds > 0 else 0.0
    click.echo(
        f"reparse --entities: {progress.articles} articles, {progress.tags} entity tags,"
        f" {links} edition links, {rate:.1f} articles/s"
    )


def _summary(counts: Counter[str], fields: Counter[str], seconds: float, dry_run: bool) -> str:
    rate = counts["pages"] / seconds if seconds > 0 else 0.0
    line = (
        f"reparse: {counts['pages']} pages, {counts['changed']} changed"
        f" ({counts['revisions']} new revisions), {counts['unchanged']} unchanged,"
        f" {counts['failed']} failed, {rate:.1f} pages/s"
    )
    if fields:
        line += "; fields: " + ", ".join(f"{name} {n}" for name, n in fields.most_common())
    if counts["clustered"]:
        line += f"; {counts['clustered']} in stories"
    if counts["indexed"]:
        line += f"; {counts['indexed']} indexed for search"
    if dry_run:
        line += " (dry run: nothing written)"
    return line


class _SourceReaders:
    """Per source: time zone, page object and default language from the registry, looked up once."""

    def __init__(self, app: AppContext) -> None:
        self.app = app
        self.cache: dict[str, tuple[tzinfo | None, Any, str | None]] = {}

    def get(self, name: str) -> tuple[tzinfo | None, Any, str | None]:
        if name not in self.cache:
            from zoneinfo import ZoneInfo

            from crawler.extraction.site import load_page_class

            registry = self.app.registry()
            # Not registry.get(): an unknown name raises UnknownSource, no KeyError.
            source = registry[name] if name in set(registry) else None
            if source is None:
                # An ad hoc crawl's source is not in the registry: let extraction guess.
                self.cache[name] = (None, None, None)
            else:
                self.cache[name] = (
                    ZoneInfo(source.timezone),
                    load_page_class(source.page),
                    source.language or None,
                )
        return self.cache[name]
