"""Per-domain request limits shared by every crawl process of a cluster: leases on a
domain's concurrent request slots, and the start times its Crawl-delay spaces out."""

from __future__ import annotations

from collections.abc import Iterable

from polwire.storage.pool import Pool, borrowed, open_pool
from polwire.storage.sql import query


class DomainLimits:
    """One crawl's handle on the shared limits (a small pool: the calls come from threads)."""

    def __init__(self, url: str, *, holder: str, max_connections: int = 4) -> None:
        self.holder = holder
        self._pool: Pool = open_pool(
            url, application_name=f"polwire-limits {holder}", max_size=max_connections
        )

    def try_take(self, domain: str, *, limit: int, lease_seconds: float) -> int | None:
        """A lease on one of ``limit`` request slots of ``domain``, or None when all are out."""
        with borrowed(self._pool) as conn:
            conn.execute(query("domain_lock"), {"domain": domain})
            conn.execute(query("domain_lease_expired"), {"domain": domain})
            row = conn.execute(
                query("domain_lease_take"),
                {
                    "domain": domain,
                    "holder": self.holder,
                    "limit": limit,
                    "lease_seconds": float(lease_seconds),
                },
            ).fetchone()
            conn.commit()
        return None if row is None else int(row[0])

    def release(self, lease_ids: Iterable[int]) -> None:
        ids = list(lease_ids)
        if not ids:
            return
        with borrowed(self._pool) as conn:
            conn.execute(query("domain_lease_release"), {"ids": ids})
            conn.commit()

    def reserve_start(self, domain: str, *, delay_seconds: float) -> float:
        """Seconds to wait before this request may start, the domain's Crawl-delay (the
        largest any crawl has read, ``delay_seconds`` included) after the previous start."""
        with borrowed(self._pool) as conn:
            row = conn.execute(
                query("domain_pace_reserve"),
                {"domain": domain, "delay": float(delay_seconds)},
            ).fetchone()
            conn.commit()
        return float(row[0]) if row is not None else 0.0

    def close(self) -> None:
        self._pool.close()
