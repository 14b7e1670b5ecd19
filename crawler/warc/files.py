"""Finding archive files to import, and knowing a file again under another path."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HEAD_BYTES = 1 << 20


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def archive_files(paths: Iterable[str]) -> list[str]:
    """The given files, and the archive files under the given directories (sorted), once each."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and is_archive(p))
        elif path.is_file():
            found.append(str(path))
        else:
            raise FileNotFoundError(f"{raw}: no such file or directory")
    return list(dict.fromkeys(os.path.abspath(p) for p in found))


def file_key(path: str) -> str:
    """The file's identity: its size and the SHA-256 of its first MiB (the same CC-NEWS file
    downloaded again or moved is the same file; hashing gigabytes would cost seconds each)."""
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        head = hashlib.sha256(fh.read(_HEAD_BYTES)).hexdigest()
    return f"{size}:{head}"
