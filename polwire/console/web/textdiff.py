"""A readable word-level diff of two versions of an article (CJK compared by character)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from polwire.storage.search import CJK_CLASS

_TOKEN = re.compile(f"[{CJK_CLASS}]|\\w+|\\s+|[^\\w\\s]")
# Unchanged stretches longer than this are cut to their ends, so a one-word edit in a long
# article reads as that edit, not as the whole article again.
CONTEXT_CHARS = 160


@dataclass(slots=True, frozen=True)
class Piece:
    kind: str  # "same", "removed", "added" or "gap" (unchanged text left out)
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if removed:
            pieces.append(Piece("removed", "".join(removed)))
        if added:
            pieces.append(Piece("added", "".join(added)))
        removed.clear()
        added.clear()

    for n, (op, a1, a2, b1, b2) in enumerate(opcodes):
        text = "".join(old[a1:a2])
        between_edits = 0 < n < len(opcodes) - 1 and (removed or added)
        if op == "equal" and between_edits and not text.strip():
            # Only a space apart: one edit of several words reads better than word by word.
            removed.append(text)
            added.append(text)
            continue
        if op == "equal":
            flush()
            # Context is cut only at the very ends: an edit keeps the text on both its sides.
            at_start, at_end = a1 == b1 == 0, a2 == len(old) and b2 == len(new)
            pieces.extend(_context(text, first=at_start, last=at_end))
            continue
        if op in ("replace", "delete"):
            removed.append(text)
        if op in ("replace", "insert"):
            added.append("".join(new[b1:b2]))
    flush()
    return pieces


def _context(text: str, *, first: bool, last: bool) -> list[Piece]:
    if len(text) <= 2 * CONTEXT_CHARS:
        return [Piece("same", text)]
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    return [p for p in (Piece("same", head), Piece("gap", "…"), Piece("same", tail)) if p.text]


def changed(pieces: list[Piece]) -> bool:
    return any(p.kind in ("removed", "added") for p in pieces)
