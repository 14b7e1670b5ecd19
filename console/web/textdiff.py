"""A readable word-level diff of two versions of an article (CJK compared by character)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from storage.search import CJK_CLASS

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
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            # Context is cut only at the very ends: an edit keeps the text on both its sides.
            at_start, at_end = a1 == b1 == 0, a2 == len(old) and b2 == len(new)
            pieces.extend(_context("".join(old[a1:a2]), first=at_start, last=at_end))
            continue
        if op in ("replace", "delete"):
            pieces.append(Piece("removed", "".join(old[a1:a2])))
        if op in ("replace", "insert"):
            pieces.append(Piece("added", "".join(new[b1:b2])))
    return pieces


def _context(text: str, *, first: bool, last: bool) -> list[Piece]:
    if len(text) <= 2 * CONTEXT_CHARS:
        return [Piece("same", text)]
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    return [p for p in (Piece("same", head), Piece("gap", "…"), Piece("same", tail)) if p.text]


def changed(pieces: list[Piece]) -> bool:
    return any(p.kind in ("removed", "added") for p in pieces)
