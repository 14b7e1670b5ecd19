"""Reads a run's log file for the web: its tail, a chunk from a byte offset (live following)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TAIL_BYTES = 512 * 1024  # what a run page shows at most; the API pages through the rest
CHUNK_BYTES = 256 * 1024


@dataclass(slots=True, frozen=True)
class LogChunk:
    text: str
    offset: int  # where ``text`` starts in the file
    next_offset: int  # where the next read starts: the end of the last whole line read
    size: int  # the file's size when read
    error: str | None = None


def read_chunk(path: str | None, offset: int, limit: int = CHUNK_BYTES) -> LogChunk:
    """Whole lines from ``offset``: a line being written is left for the next read, so a
    follower never shows half a line (nor splits a UTF-8 character)."""
    if not path:
        return LogChunk("", offset, offset, 0, "this run has no log file")
    try:
        with Path(path).open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            start = min(max(offset, 0), size)
            handle.seek(start)
            raw = handle.read(limit)
    except OSError as exc:
        return LogChunk("", offset, offset, 0, f"log {path} is not readable here: {exc.strerror}")
    end = raw.rfind(b"\n") + 1
    if end == 0 and start + len(raw) < size:
        end = len(raw)  # one line longer than ``limit``: give it in pieces
    raw = raw[:end]
    return LogChunk(raw.decode("utf-8", "replace"), start, start + len(raw), size)


def read_tail(path: str | None, limit: int = TAIL_BYTES) -> LogChunk:
    """The last ``limit`` bytes, from a line start, up to the last whole line."""
    if not path:
        return LogChunk("", 0, 0, 0, "this run has no log file")
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        return LogChunk("", 0, 0, 0, f"log {path} is not readable here: {exc.strerror}")
    start = max(0, size - limit)
    chunk = read_chunk(path, start, limit)
    if start > 0 and "\n" in chunk.text:
        cut = chunk.text.index("\n") + 1  # drop the partial first line
        return LogChunk(
            chunk.text[cut:], start + len(chunk.text[:cut].encode()), chunk.next_offset, chunk.size
        )
    return chunk
