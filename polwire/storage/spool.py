"""The durable spool: a crawl's items and run record as fsync'd JSON-lines segments under
POLWIRE_HOME/spool, kept while PostgreSQL is unreachable and loaded later by storage.drain.

Layout: one directory per spooled run, holding ``run.json`` (who wrote it and the run
it belongs to) and segments ``000001.jsonl``, ``000002.jsonl``... Each segment is one
batch: a header line, then one record per line (``article``, ``alias``, ``dropped``,
``run_finish``). A segment is written to a hidden temporary file, fsync'd, renamed into
place and the directory fsync'd, so a reader only ever sees whole segments and a crash
loses at most the batch being written. No database code here: the drain does that.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

SPOOL_FORMAT = 1
RUN_FILE = "run.json"
SEGMENT_SUFFIX = ".jsonl"
FAILED_SUFFIX = ".failed"  # a segment the drain could not load, kept for a person to look at

ARTICLE = "article"
ALIAS = "alias"
DROPPED = "dropped"
RUN_FINISH = "run_finish"
RECORD_KINDS = (ARTICLE, ALIAS, DROPPED, RUN_FINISH)


class SpoolFormatError(Exception):
    """A spool file is not what this version of polwire writes; the message names it."""


def spool_root(home: Path) -> Path:
    return home / "spool"


@dataclass(slots=True, kw_only=True)
class SpooledRunInfo:
    """The crawl a spool directory belongs to (its ``run.json``)."""

    source: str
    started_at: datetime
    trigger: str
    hostname: str
    pid: int
    log_path: str | None = None
    run_id: int | None = None  # the crawl_runs row, when it was opened before the outage
    cause: str = ""  # why the crawl spooled (the database error, one line)
    worker_id: int | None = None  # the cluster worker that ran it, if one did
    dispatch_id: int | None = None  # and the dispatch it ran for


# --- values: JSON plus tagged datetimes and (compressed) bytes ---------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be spooled")
        return {"$datetime": value.isoformat()}
    if isinstance(value, bytes):
        # Raw pages are most of a segment's size; zlib makes them ~5x smaller.
        return {"$zlib": base64.b64encode(zlib.compress(value, 6)).decode("ascii")}
    raise TypeError(f"cannot spool a {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$datetime" in obj:
            return datetime.fromisoformat(obj["$datetime"])
        if "$zlib" in obj:
            return zlib.decompress(base64.b64decode(obj["$zlib"]))
    return obj


def dumps(record: Mapping[str, Any]) -> str:
    return json.dumps(record, default=_encode, ensure_ascii=False, separators=(",", ":"))


def loads(line: str) -> dict[str, Any]:
    value = json.loads(line, object_hook=_decode)
    if not isinstance(value, dict):
        raise SpoolFormatError(f"a spool line must be a JSON object, not {type(value).__name__}")
    return value


# --- records -------------------------------------------------------------------------


def article_record(row: Any) -> dict[str, Any]:
    """An ``ArticleRow`` (any dataclass instance or mapping of its fields)."""
    fields = dict(row) if isinstance(row, Mapping) else asdict(row)
    return {"kind": ARTICLE, "row": fields}


def alias_record(canonical_url: str, urls: Iterable[str]) -> dict[str, Any]:
    return {"kind": ALIAS, "canonical_url": canonical_url, "urls": list(urls)}


def dropped_record(
    *, source: str, urls: Iterable[str], reason: str, seen_at: datetime
) -> dict[str, Any]:
    return {
        "kind": DROPPED,
        "source": source,
        "urls": list(urls),
        "reason": reason,
        "seen_at": seen_at,
    }


def finish_record(
    *,
    status: str,
    finished_at: datetime,
    items_stored: int,
    items_duplicate: int,
    items_dropped: int,
    errors: int,
    stats: Mapping[str, Any],
    finish_reason: str | None,
) -> dict[str, Any]:
    """The run's outcome as the crawl saw it; the drain adds what it stores from the spool."""
    return {
        "kind": RUN_FINISH,
        "status": status,
        "finished_at": finished_at,
        "items_stored": items_stored,
        "items_duplicate": items_duplicate,
        "items_dropped": items_dropped,
        "errors": errors,
        "stats": dict(stats),
        "finish_reason": finish_reason,
    }


# --- durable files -------------------------------------------------------------------


def fsync_directory(path: Path) -> None:
    """Make a rename or unlink in ``path`` survive a power cut."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(path: Path, payload: bytes) -> None:
    """Write ``path`` whole or not at all: temporary file, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_directory(path.parent)


class SpoolWriter:
    """Appends one crawl's segments to its own spool directory (one writer per directory)."""

    def __init__(self, directory: Path, info: SpooledRunInfo) -> None:
        self.directory = directory
        self.info = info
        self.segments_written = 0

    @classmethod
    def create(cls, root: Path, info: SpooledRunInfo) -> SpoolWriter:
        root.mkdir(parents=True, exist_ok=True)
        stamp = info.started_at.strftime("%Y%m%dT%H%M%S")
        # Sorted names drain in start order; the random part keeps two crawls apart.
        key = f"{stamp}Z-{info.source}-{info.pid}-{secrets.token_hex(3)}"
        directory = root / key
        directory.mkdir()
        fsync_directory(root)
        run = {"format": SPOOL_FORMAT, **asdict(info)}
        write_durably(directory / RUN_FILE, (dumps(run) + "\n").encode("utf-8"))
        return cls(directory, info)

    @property
    def key(self) -> str:
        return self.directory.name

    def write_segment(self, records: Sequence[Mapping[str, Any]]) -> Path | None:
        """Write ``records`` as the next segment; nothing is written for an empty batch."""
        if not records:
            return None
        for record in records:
            if record.get("kind") not in RECORD_KINDS:
                raise ValueError(f"unknown spool record kind {record.get('kind')!r}")
        seq = self.segments_written + 1
        header = {"kind": "segment", "format": SPOOL_FORMAT, "spool": self.key, "seq": seq}
        lines = [dumps(header), *(dumps(r) for r in records)]
        path = self.directory / f"{seq:06d}{SEGMENT_SUFFIX}"
        write_durably(path, ("\n".join(lines) + "\n").encode("utf-8"))
        self.segments_written = seq
        return path


# --- reading -------------------------------------------------------------------------


@dataclass(slots=True)
class SpooledRun:
    """A spool directory as the drain sees it."""

    directory: Path
    info: SpooledRunInfo

    @property
    def key(self) -> str:
        return self.directory.name

    def segments(self) -> list[Path]:
        """Whole segments not yet loaded, in the order they were written."""
        return sorted(
            p
            for p in self.directory.iterdir()
            if p.name.endswith(SEGMENT_SUFFIX) and not p.name.startswith(".")
        )

    def failed_segments(self) -> list[Path]:
        return sorted(p for p in self.directory.iterdir() if p.name.endswith(FAILED_SUFFIX))


def read_run(directory: Path) -> SpooledRun:
    path = directory / RUN_FILE
    try:
        raw = loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpoolFormatError(f"{path}: unreadable run file: {exc}") from exc
    if raw.pop("format", None) != SPOOL_FORMAT:
        raise SpoolFormatError(f"{path}: not spool format {SPOOL_FORMAT}")
    try:
        info = SpooledRunInfo(**raw)
    except TypeError as exc:
        raise SpoolFormatError(f"{path}: {exc}") from exc
    return SpooledRun(directory, info)


def pending_runs(root: Path) -> list[SpooledRun]:
    """Every spool directory with a complete run file, oldest first.

    A directory whose run file is still being written (a crawl starting this very
    moment) has no ``run.json`` yet and is left for the next drain.
    """
    if not root.is_dir():
        return []
    runs = []
    for directory in sorted(p for p in root.iterdir() if p.is_dir()):
        if (directory / RUN_FILE).is_file():
            runs.append(read_run(directory))
    return runs


def read_segment(path: Path) -> list[dict[str, Any]]:
    """The records of one segment (without its header), checked line by line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpoolFormatError(f"{path}: unreadable: {exc}") from exc
    if not lines:
        raise SpoolFormatError(f"{path}: empty segment")
    try:
        header = loads(lines[0])
        records = [loads(line) for line in lines[1:] if line]
    except ValueError as exc:
        raise SpoolFormatError(f"{path}: not JSON lines: {exc}") from exc
    if header.get("kind") != "segment" or header.get("format") != SPOOL_FORMAT:
        raise SpoolFormatError(f"{path}: no spool format {SPOOL_FORMAT} header")
    for number, record in enumerate(records, start=2):
        if record.get("kind") not in RECORD_KINDS:
            raise SpoolFormatError(f"{path}:{number}: unknown record kind {record.get('kind')!r}")
    return records
