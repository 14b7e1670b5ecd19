"""The overview's source table: every source with its state, worst first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from polwire.console.web.charts import sparkline

# The order a person scans the table in: what is broken first.
SEVERITY = {"critical": 0, "warning": 1, "unknown": 2, "never run": 3, "ok": 4}
COVERAGE_FIELDS = ("title", "published", "authors", "body")


@dataclass(slots=True)
class SourceLine:
    source: str
    state: str  # ok, warning, critical, unknown (run but never checked), never run
    failing: list[str]
    last_run_id: int | None
    last_run_at: datetime | None
    last_status: str | None
    last_success_at: datetime | None
    broken_since: datetime | None  # the first run of the current unhealthy stretch
    last_ok_at: datetime | None
    trend: Markup
    trend_last: int | None
    coverage: dict[str, Any]
    enabled: bool

    @property
    def coverage_text(self) -> str:
        return " · ".join(
            f"{field} {share * 100:.0f}%"
            for field, share in self.coverage.items()
            if isinstance(share, int | float)
        )


def source_lines(summaries: list[Any], registry: Any) -> list[SourceLine]:
    # By name from values(): `name in registry` raises for a name it lacks (an ad hoc crawl).
    registered = {source.name: source for source in registry.values()}
    lines: dict[str, SourceLine] = {}
    for s in summaries:
        verdict = s.health or {}
        state = verdict.get("status") or "unknown"
        failing = [c.get("name", "?") for c in verdict.get("checks", []) if c.get("status") != "ok"]
        lines[s.source] = SourceLine(
            source=s.source,
            state=state,
            failing=failing,
            last_run_id=s.last_run_id,
            last_run_at=s.last_run_at,
            last_status=s.last_status,
            last_success_at=s.last_success_at,
            broken_since=s.unhealthy_since if state != "ok" else None,
            last_ok_at=s.last_ok_at,
            trend=sparkline(s.items_trend),
            trend_last=s.items_trend[-1] if s.items_trend else None,
            coverage={k: (s.coverage or {}).get(k) for k in COVERAGE_FIELDS},
            enabled=s.source not in registered or registered[s.source].enabled,
        )
    for source in registered.values():
        if source.name not in lines and source.enabled:
            lines[source.name] = SourceLine(
                source=source.name,
                state="never run",
                failing=[],
                last_run_id=None,
                last_run_at=None,
                last_status=None,
                last_success_at=None,
                broken_since=None,
                last_ok_at=None,
                trend=sparkline([]),
                trend_last=None,
                coverage={},
                enabled=True,
            )
    return sorted(lines.values(), key=lambda line: (SEVERITY.get(line.state, 2), line.source))


def state_counts(lines: list[SourceLine]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.state] = counts.get(line.state, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: SEVERITY.get(item[0], 2)))
