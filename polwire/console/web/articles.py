"""One article as the web shows it: fields, URLs, revisions with their diffs, the watch's
checks and takedown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from polwire.console.web.state import WebState
from polwire.console.web.textdiff import Piece, word_diff


@dataclass(slots=True)
class RevisionView:
    revision: Any  # storage.dashboard.Revision: the text as it was
    title_diff: list[Piece]  # from this version to the next one
    body_diff: list[Piece]


@dataclass(slots=True)
class ArticleView:
    article: Any  # storage.dashboard.ArticleDetail
    urls: list[Any]
    revisions: list[Any]
    changes: list[RevisionView] = field(default_factory=list)
    editions: list[Any] = field(default_factory=list)  # the report in other languages
    checks: list[dict[str, Any]] = field(default_factory=list)  # the watch's, newest first


def load_article(web: WebState, article_id: int, *, with_diffs: bool = False) -> ArticleView | None:
    from polwire.storage.dashboard import article_revisions, article_urls, get_article
    from polwire.storage.editions import article_editions
    from polwire.storage.watch import article_checks

    with web.connection() as conn:
        article = get_article(conn, article_id)
        if article is None:
            return None
        view = ArticleView(
            article, article_urls(conn, article_id), article_revisions(conn, article_id)
        )
        view.editions = article_editions(conn, article_id)
        view.checks = article_checks(conn, article_id)
    if with_diffs and view.revisions:
        # Each revision is an earlier text; the version after it is the next revision, or
        # the article as stored now after the last one. Newest change first.
        following = [*view.revisions[1:], article]
        for older, newer in zip(view.revisions, following, strict=True):
            view.changes.append(
                RevisionView(
                    older, word_diff(older.title, newer.title), word_diff(older.body, newer.body)
                )
            )
        view.changes.reverse()
    return view
