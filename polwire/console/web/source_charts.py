"""A source's runs over time as charts, its layout breaks (coverage check failures) marked."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from polwire.console.web.charts import BAD, PALETTE, Marker, Series, chart

COVERAGE_FIELDS = ("title", "published", "authors", "section", "body")


def source_charts(points: list[Any]) -> list[Markup]:
    moments = [p.started_at for p in points]
    links = [f"/runs/{p.id}" for p in points]
    markers = [
        Marker(i, f"coverage {p.coverage_check}: run {p.id}")
        for i, p in enumerate(points)
        if p.coverage_check in ("warning", "critical")
    ]
    coverage = [
        Series(name, [_share(p.coverage.get(name)) for p in points], PALETTE[k])
        for k, name in enumerate(COVERAGE_FIELDS)
    ]
    common: dict[str, Any] = {"markers": markers, "links": links}
    return [
        chart(
            "Items stored per run",
            moments,
            [Series("stored", [p.items_stored for p in points], zero_is_bad=True)],
            kind="bar",
            **common,
        ),
        chart(
            "Errors per run",
            moments,
            [Series("errors", [p.errors for p in points], BAD)],
            kind="bar",
            **common,
        ),
        chart(
            "Duration",
            moments,
            [Series("duration", [p.duration_seconds for p in points])],
            unit="s",
            **common,
        ),
        chart(
            "Coverage per field",
            moments,
            coverage,
            unit="%",
            top=100.0,
            width=560,
            height=210,
            **common,
        ),
    ]


def _share(value: Any) -> float | None:
    return float(value) * 100 if isinstance(value, int | float) else None
