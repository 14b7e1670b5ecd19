"""One entity as the web shows it: its record, mentions over time by outlet, latest articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from markupsafe import Markup

from polwire.console.web.charts import PALETTE
from polwire.console.web.state import WebState


@dataclass(slots=True)
class OutletLine:
    """One outlet's articles mentioning the entity, per day, oldest first."""

    source: str
    per_day: list[int]
    articles: int

    def chart(self, width: int = 270, height: int = 26) -> Markup:
        """Articles per day as small bars (whole numbers only: nothing to escape)."""
        top = max(self.per_day) or 1
        slot = width / max(len(self.per_day), 1)
        bars = "".join(
            f'<rect x="{i * slot:.1f}" y="{height - (height - 2) * v / top:.1f}"'
            f' width="{max(slot * 0.8, 1.0):.1f}" height="{(height - 2) * v / top:.1f}"'
            f' fill="{PALETTE[0]}"><title>{int(v)}</title></rect>'
            for i, v in enumerate(self.per_day)
            if v
        )
        return Markup(
            f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}"'
            f' height="{height}" viewBox="0 0 {width} {height}" role="img"'
            f' aria-label="articles per day, oldest first: {self.articles} in all">{bars}</svg>'
        )


@dataclass(slots=True)
class EntityView:
    entity: dict[str, Any]
    since: date
    daily: list[dict[str, Any]]
    latest: list[dict[str, Any]]
    outlets: list[OutletLine] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        daily = [{**row, "day": row["day"].isoformat()} for row in self.daily]
        return {**self.entity, "mentions_daily": daily, "latest_articles": self.latest}

    def latest_by_language(self) -> list[tuple[str, list[dict[str, Any]]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for article in self.latest:
            grouped.setdefault(article["language"] or "?", []).append(article)
        return sorted(grouped.items())


def load_entity(
    web: WebState, entity_id: str, *, days: int = 90, now: datetime | None = None
) -> EntityView | None:
    from polwire.storage.entities import get_entity, latest_articles, mentions_by_source

    with web.connection() as conn:
        entity = get_entity(conn, entity_id)
        if entity is None:
            return None
        # The days up to its newest mention: an entity out of the news still shows its last.
        last = entity["last_dated_at"] or now or datetime.now(UTC)
        since = last.astimezone(UTC).date() - timedelta(days=days - 1)
        daily = mentions_by_source(conn, entity_id, since)
        latest = latest_articles(conn, entity_id, per_language=10)
    view = EntityView(entity=entity, since=since, daily=daily, latest=latest)
    view.outlets = outlet_lines(daily, since, days)
    return view


def outlet_lines(daily: list[dict[str, Any]], since: date, days: int) -> list[OutletLine]:
    """Per outlet, the articles of each day from ``since`` on; most articles first."""
    counts: dict[str, list[int]] = {}
    for row in daily:
        per_day = counts.setdefault(row["source"], [0] * days)
        index = (row["day"] - since).days
        if 0 <= index < days:
            per_day[index] += int(row["articles"])
    lines = [OutletLine(source, values, sum(values)) for source, values in counts.items()]
    return sorted(lines, key=lambda line: (-line.articles, line.source))
