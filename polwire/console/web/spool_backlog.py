"""How many spool segments wait on this machine to be loaded into PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from polwire.storage.spool import SEGMENT_SUFFIX, spool_root


def pending_segments(home: Path) -> int:
    """Whole segments under POLWIRE_HOME/spool (the drain deletes each once loaded); hidden
    files are segments still being written, ``.failed`` ones were set aside for a person."""
    root = spool_root(home)
    if not root.is_dir():
        return 0
    return sum(
        1
        for run_dir in root.iterdir()
        if run_dir.is_dir()
        for segment in run_dir.iterdir()
        if segment.name.endswith(SEGMENT_SUFFIX) and not segment.name.startswith(".")
    )
