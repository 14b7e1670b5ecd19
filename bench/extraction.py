"""Benchmark `polwire extract` against bare trafilatura on three sets of real pages, side by side.

Usage::

    python bench/extraction.py [--sets news,trafilatura-de,readability,cjk-dev]
                               [--split dev|held|all]
                               [--process-runs 1] [--worst 8] [--in-process]

Fixture sets are read from ``$POLWIRE_FIXTURES`` (default ``../shared/fixtures``
next to the repository):

- ``news``: 51 pages with Fundus's expected fields (``NAME.html`` + ``NAME.json``).
- ``trafilatura-de``: 655 German pages with must-contain (``with``) and
  must-not-contain (``without``) snippets (``annotations.json``, ``pages/*.gz``).
- ``readability``: 130 pages of Mozilla Readability (``CASE/source.html.gz``,
  ``CASE/expected.html``, ``CASE/expected-metadata.json``).
- ``cjk-dev``: 44 Chinese and Japanese pages (``html/ID.html``, ``gt/ID.json`` with the
  expected body, title, printed date and authors).

**Whole process.** Both tools run as the acceptance runs them: ``polwire extract
--format jsonl FILES...`` (no ``--url``) against a ``python -c`` script that gives
each file's bytes to ``trafilatura.extract(include_comments=False,
include_tables=True)``; start-up is included, the two are interleaved when
``--process-runs`` > 1 (median shown), and bodies are scored from those outputs.
``--in-process`` skips the timings and calls both tools in this process instead.
``--reference DIR`` adds a set of pages with reference texts laid out as
``DIR/html/NAME.html`` and ``DIR/txt/NAME.txt`` (newspaper4k's ``tests/data``: ``pip
download --no-binary :all: --no-deps newspaper4k==0.9.6``), scored as the news set.

**Body scoring**, per set as its README describes it:

- snippets (trafilatura-de), trafilatura's own ``eval_common.py`` rule:
  whitespace collapsed in body and snippet; a ``with`` snippet found in the body
  is a true positive, missing a false negative; a ``without`` snippet found is a
  false positive, absent a true negative. Counts are pooled over the pages;
  P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN). No body = nothing found.
- reference texts (news: the expected ``body``; readability: the text of
  ``expected.html``, tags stripped, whitespace collapsed): per page, the
  precision, recall and F1 of the extracted text's word 4-gram multiset against
  the reference's (character bigrams for Chinese, Japanese and Korean text); the
  table gives the mean of each over the pages.

**Split.** A page is ``dev`` or ``held`` by a stable hash of its file name
(SHA-1, even first byte = dev), so rules can be tuned on one half and checked on
the other; ``--split all`` prints dev, held and all rows from one run.

**Fields** (in process, with the page's URL where the set knows it), polwire and
trafilatura's ``bare_extraction`` side by side: news: title exact, authors (person
names, agencies as ``wire``), published (same instant; trafilatura gives a day, so
its date counts when the day is right); readability: title exact (pages with a
title), authors (pages with a byline: each extracted name appears in the byline and
at least one is found), published (pages with a ``publishedTime``); cjk-dev: title
exact (pages with a title), authors (the same set of names, pages with authors),
published (the calendar day, pages whose printed date has a day).

Then, per set, the pages where polwire loses most to trafilatura.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extraction.dates import guess_timezone  # noqa: E402
from crawler.extraction.record import extract_record  # noqa: E402
from crawler.extraction.scoring import (  # noqa: E402
    authors_match,
    body_prf,
    title_matches,
)
from polwire.core.scripts import CJK  # noqa: E402

FIXTURES = Path(os.environ.get("POLWIRE_FIXTURES") or ROOT.parent / "shared" / "fixtures")
SETS = ("news", "trafilatura-de", "readability", "cjk-dev")


@dataclass(slots=True)
class Page:
    """One page of a set and what its body (and fields) should be."""

    name: str
    path: Path
    url: str | None
    language: str | None = None
    expected_text: str | None = None  # reference-text sets
    must: list[str] = field(default_factory=list)  # snippet sets
    must_not: list[str] = field(default_factory=list)
    expected: dict[str, Any] = field(default_factory=dict)  # metadata

    @property
    def split(self) -> str:
        return "dev" if hashlib.sha1(self.name.encode()).digest()[0] % 2 == 0 else "held"

    def read(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


# --- loading the sets -----------------------------------------------------------------


def _news(root: Path) -> list[Page]:
    pages = []
    for meta in sorted(root.glob("*.json")):
        expected = json.loads(meta.read_text(encoding="utf-8"))
        pages.append(
            Page(
                name=meta.stem,
                path=meta.with_suffix(".html"),
                url=expected["url"],
                language=expected["language"],
                expected_text=expected["body"],
                expected=expected,
            )
        )
    return pages


def _snippets(root: Path) -> list[Page]:
    annotations = json.loads((root / "annotations.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in sorted(annotations.items(), key=lambda item: item[1]["file"]):
        path = root / "pages" / entry["file"]
        if path.is_file():
            pages.append(
                Page(
                    name=entry["file"],
                    path=path,
                    url=url,
                    must=entry.get("with") or [],
                    must_not=entry.get("without") or [],
                )
            )
    return pages


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|div|h\d|li|pre|blockquote|tr|section|article)>|<br\s*/?>", re.I)
_CJK_CHAR = re.compile(f"[{CJK}]")


def html_to_text(markup: str) -> str:
    """Text of an expected.html: tags stripped (block ends become breaks), whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", markup)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _readability(root: Path) -> list[Page]:
    pages = []
    for case in sorted(p for p in root.iterdir() if (p / "source.html.gz").is_file()):
        meta = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        text = html_to_text((case / "expected.html").read_text(encoding="utf-8"))
        cjk = len(_CJK_CHAR.findall(text)) > 0.3 * max(1, len(text.replace(" ", "")))
        language = "zh" if cjk else (meta.get("lang") or "")[:2].lower() or None
        pages.append(
            Page(
                name=case.name,
                path=case / "source.html.gz",
                url=None,
                language=language,
                expected_text=text,
                expected=meta,
            )
        )
    return pages


def _cjk_dev(root: Path) -> list[Page]:
    pages = []
    for truth in sorted((root / "gt").glob("*.json")):
        expected = json.loads(truth.read_text(encoding="utf-8"))
        pages.append(
            Page(
                name=truth.stem,
                path=root / "html" / f"{truth.stem}.html",
                url=expected.get("url"),
                language=expected.get("lang"),
                expected_text=expected["body"],
                expected=expected,
            )
        )
    return pages


def reference_set(root: Path) -> list[Page]:
    """Pages with reference texts: ``DIR/html/NAME.html``, ``DIR/txt/NAME.txt`` and, optionally,
    ``DIR/metadata/NAME.json`` with ``meta_lang`` (newspaper4k's test data is laid out so)."""
    pages = []
    for page in sorted((root / "html").glob("*.html")):
        reference = root / "txt" / f"{page.stem}.txt"
        if not reference.is_file():
            continue
        language = "en"
        meta = root / "metadata" / f"{page.stem}.json"
        if meta.is_file():
            with contextlib.suppress(ValueError):  # some metadata files are empty
                language = (json.loads(meta.read_text()).get("meta_lang") or "en")[:2]
        pages.append(
            Page(
                name=page.stem,
                path=page,
                url=None,
                language=language,
                expected_text=reference.read_text(encoding="utf-8"),
            )
        )
    if not pages:
        raise SystemExit(f"no DIR/html/NAME.html with a DIR/txt/NAME.txt under {root}")
    return pages


_LOADERS: dict[str, Callable[[Path], list[Page]]] = {
    "news": _news,
    "trafilatura-de": _snippets,
    "readability": _readability,
    "cjk-dev": _cjk_dev,
}


def load_set(name: str) -> list[Page]:
    if name not in _LOADERS:
        return reference_set(Path(name))
    root = FIXTURES / name
    if not root.is_dir():
        raise SystemExit(f"fixture set {name!r} not found at {root} (set POLWIRE_FIXTURES)")
    return _LOADERS[name](root)


# --- running both tools -----------------------------------------------------------------

_POLWIRE_COMMAND = [str(Path(sys.executable).parent / "polwire"), "extract", "--format", "jsonl"]
_TRAFILATURA_SCRIPT = (
    "import sys, json, gzip, trafilatura\n"
    "for f in sys.argv[1:]:\n"
    "    data = open(f, 'rb').read()\n"
    "    data = gzip.decompress(data) if data[:2] == b'\\x1f\\x8b' else data\n"
    "    body = trafilatura.extract(data, include_comments=False, include_tables=True)\n"
    "    print(json.dumps({'file': f, 'body': body}))\n"
)


def _run(argv: list[str]) -> tuple[float, dict[str, str | None]]:
    start = time.perf_counter()
    done = subprocess.run(
        argv, check=False, cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    elapsed = time.perf_counter() - start
    bodies = {}
    for line in done.stdout.splitlines():
        row = json.loads(line)
        bodies[row["file"]] = row["body"]
    return elapsed, bodies


def whole_process(
    pages: list[Page], runs: int
) -> tuple[dict[str, dict[str, str | None]], dict[str, float]]:
    """Bodies by tool and file from ``runs`` interleaved runs, and median seconds by tool."""
    files = [str(page.path) for page in pages]
    commands = {
        "polwire": [*_POLWIRE_COMMAND, *files],
        "trafilatura": [sys.executable, "-c", _TRAFILATURA_SCRIPT, *files],
    }
    seconds: dict[str, list[float]] = {tool: [] for tool in commands}
    bodies: dict[str, dict[str, str | None]] = {}
    for _ in range(runs):
        for tool, argv in commands.items():
            elapsed, bodies[tool] = _run(argv)
            seconds[tool].append(elapsed)
    return bodies, {tool: statistics.median(values) for tool, values in seconds.items()}


def in_process(pages: list[Page]) -> dict[str, dict[str, str | None]]:
    import trafilatura

    ours: dict[str, str | None] = {}
    theirs: dict[str, str | None] = {}
    for page in pages:
        data = page.read()
        ours[str(page.path)] = extract_record(data, url=page.path.resolve().as_uri()).body
        theirs[str(page.path)] = trafilatura.extract(
            data, include_comments=False, include_tables=True
        )
    return {"polwire": ours, "trafilatura": theirs}


# --- scoring -----------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(slots=True)
class PageScore:
    """One page's body score: snippet counts, or n-gram precision/recall/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0


def score_page(page: Page, body: str | None) -> PageScore:
    if page.expected_text is None:
        text = _collapse(body or "")
        score = PageScore()
        for snippet in page.must:
            if _collapse(snippet) in text:
                score.tp += 1
            else:
                score.fn += 1
        for snippet in page.must_not:
            if _collapse(snippet) in text:
                score.fp += 1
            else:
                score.tn += 1
        return score
    precision, recall, f1 = body_prf(body, page.expected_text, page.language)
    return PageScore(precision=precision, recall=recall, f1=f1)


def pooled(scores: list[PageScore], snippets: bool) -> tuple[float, float, float]:
    """(P, R, F1) over pages: pooled counts for snippets, means of per-page figures otherwise."""
    if not scores:
        return 0.0, 0.0, 0.0
    if snippets:
        tp = sum(s.tp for s in scores)
        fp = sum(s.fp for s in scores)
        fn = sum(s.fn for s in scores)
        return (
            tp / (tp + fp) if tp + fp else 0.0,
            tp / (tp + fn) if tp + fn else 0.0,
            2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        )
    return (
        statistics.mean(s.precision for s in scores),
        statistics.mean(s.recall for s in scores),
        statistics.mean(s.f1 for s in scores),
    )


def loss(page: Page, ours: PageScore, theirs: PageScore) -> float:
    """How much worse polwire did on a page than trafilatura (positive = worse)."""
    if page.expected_text is None:
        return float((theirs.tp - ours.tp) + (ours.fp - theirs.fp))
    return theirs.f1 - ours.f1


# --- fields ------------------------------------------------------------------------------

_BY = re.compile(r"^\s*(?:by|von|par|por)\s+", re.IGNORECASE)


def _byline_matches(authors: list[str], byline: str) -> bool:
    wanted = _BY.sub("", byline).casefold()
    return bool(authors) and all(name.casefold() in wanted for name in authors)


_PRINTED_DAY = re.compile(r"((?:19|20)\d{2})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})(?!\d)")


def printed_day(printed: str | None) -> date | None:
    """The calendar day of a date as a page printed it (``2005-5-7 21:23:57``, ``2005年5月7日``);
    None when it names no day (``1998-3``)."""
    match = _PRINTED_DAY.search(printed or "")
    if not match:
        return None
    with contextlib.suppress(ValueError):
        return date(*(int(part) for part in match.groups()))
    return None


@dataclass(slots=True)
class Fields:
    """What one tool read of a page's title, authors, date (and agency credit)."""

    title: str | None
    authors: list[str]
    published: datetime | None
    day: date | None
    wire: str | None = None


def polwire_fields(page: Page) -> Fields:
    url = page.url or page.path.resolve().as_uri()
    record = extract_record(page.read(), url=url)
    zone = guess_timezone(url, page.language)
    day = record.published_at.astimezone(zone).date() if record.published_at else None
    return Fields(record.title, record.authors, record.published_at, day, record.wire)


def trafilatura_fields(page: Page) -> Fields:
    import trafilatura

    url = page.url or page.path.resolve().as_uri()
    found = trafilatura.bare_extraction(page.read(), url=url, with_metadata=True)
    # trafilatura 2 gives a Document; its as_dict() is the older dict form.
    doc: dict[str, Any] = found if isinstance(found, dict) else found.as_dict() if found else {}
    authors = [name.strip() for name in (doc.get("author") or "").split(";") if name.strip()]
    return Fields(doc.get("title"), authors, None, printed_day(doc.get("date")))


def _day_of(iso: str | None, zone: tzinfo) -> date | None:
    """The day of an ISO-8601 instant in ``zone`` (a naive one is read there)."""
    if not iso:
        return None
    wanted = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if wanted.tzinfo is None:
        wanted = wanted.replace(tzinfo=zone)
    return wanted.astimezone(zone).date()


def _field_checks(set_name: str, page: Page, got: Fields, tool: str) -> dict[str, bool]:
    """Which fields one tool got right on one page (only the fields the page's truth has)."""
    url = page.url or page.path.resolve().as_uri()
    expected = page.expected
    checks: dict[str, bool] = {}
    if set_name == "news":
        from tests.extraction_cases import NON_PERSON_CREDITS

        people = [a for a in expected["authors"] if a not in NON_PERSON_CREDITS]
        wires = {NON_PERSON_CREDITS[a] for a in expected["authors"] if NON_PERSON_CREDITS.get(a)}
        zone = guess_timezone(url, page.language)
        checks["title"] = title_matches(got.title, expected["title"])
        if tool == "polwire":
            checks["authors"] = authors_match(got.authors, people) and all(
                got.wire == wire for wire in wires
            )
        else:  # trafilatura has no agency field: agencies count among its authors
            checks["authors"] = authors_match(got.authors, people) or authors_match(
                got.authors, expected["authors"]
            )
        checks["published"] = got.day == _day_of(expected["published"], zone)
    elif set_name == "readability":
        if expected.get("title"):
            checks["title"] = title_matches(got.title, expected["title"])
        if expected.get("byline"):
            checks["authors"] = _byline_matches(got.authors, expected["byline"])
        if expected.get("publishedTime"):
            zone = guess_timezone(url)
            checks["published"] = got.day == _day_of(expected["publishedTime"], zone)
    else:  # cjk-dev: printed dates, names as listed
        if expected.get("title"):
            checks["title"] = title_matches(got.title, expected["title"])
        if expected.get("authors"):
            checks["authors"] = authors_match(got.authors, expected["authors"])
        wanted_day = printed_day(expected.get("published"))
        if wanted_day is not None:
            checks["published"] = got.day == wanted_day
    return checks


def field_rows(set_name: str, pages: list[Page], splits: Iterable[str] = ("all",)) -> list[str]:
    """Markdown rows of title/author/date accuracy, polwire beside trafilatura, one per field and
    split."""
    counts = {
        (split, name): [0, 0, 0] for split in splits for name in ("title", "authors", "published")
    }
    for page in pages:
        ours = _field_checks(set_name, page, polwire_fields(page), "polwire")
        theirs = _field_checks(set_name, page, trafilatura_fields(page), "trafilatura")
        for name, ok in ours.items():
            for split in splits:
                if split in ("all", page.split):
                    counts[split, name][0] += ok
                    counts[split, name][1] += theirs.get(name, False)
                    counts[split, name][2] += 1
    return [
        f"| {set_name} | {split} | {name} | {hit}/{total} ({100 * hit / total:.0f}%) "
        f"| {their}/{total} ({100 * their / total:.0f}%) |"
        for (split, name), (hit, their, total) in counts.items()
        if total
    ]


# --- report ------------------------------------------------------------------------------


def _select(pages: list[Page], split: str) -> list[Page]:
    return pages if split == "all" else [page for page in pages if page.split == split]


def report_set(
    set_name: str, pages: list[Page], args: argparse.Namespace
) -> tuple[list[str], list[str]]:
    """Table rows for one set (one per split shown) and its worst pages."""
    snippets = pages[0].expected_text is None
    if args.in_process:
        bodies, seconds = in_process(pages), dict[str, float]()
    else:
        bodies, seconds = whole_process(pages, args.process_runs)
    scores = {
        tool: {page.name: score_page(page, bodies[tool].get(str(page.path))) for page in pages}
        for tool in bodies
    }
    splits: Iterable[str] = ("dev", "held", "all") if args.split == "all" else (args.split,)
    rows = []
    for split in splits:
        chosen = _select(pages, split)
        figures = {
            tool: pooled([scores[tool][p.name] for p in chosen], snippets) for tool in scores
        }
        ours, theirs = figures["polwire"], figures["trafilatura"]
        speed = ""
        if seconds and split == (args.split if args.split != "all" else "all"):
            rate = {tool: len(pages) / s for tool, s in seconds.items()}
            speed = (
                f"{rate['polwire']:.1f} | {rate['trafilatura']:.1f} "
                f"| **{rate['polwire'] / rate['trafilatura']:.2f}x**"
            )
        else:
            speed = "| |" if seconds else "– | – | –"
        rows.append(
            f"| {set_name} | {split} | {len(chosen)} "
            f"| {ours[0]:.3f} | {ours[1]:.3f} | **{ours[2]:.3f}** "
            f"| {theirs[0]:.3f} | {theirs[1]:.3f} | **{theirs[2]:.3f}** "
            f"| {ours[2] - theirs[2]:+.3f} | {speed} |"
        )
    worst = sorted(
        pages,
        key=lambda p: loss(p, scores["polwire"][p.name], scores["trafilatura"][p.name]),
        reverse=True,
    )[: args.worst]
    lines = []
    for page in worst:
        ours_s, theirs_s = scores["polwire"][page.name], scores["trafilatura"][page.name]
        if loss(page, ours_s, theirs_s) <= 0:
            break
        if snippets:
            wanted = ours_s.tp + ours_s.fn
            figure = (
                f"with {ours_s.tp}/{wanted} vs {theirs_s.tp}/{wanted}"
                f", without-found {ours_s.fp} vs {theirs_s.fp}"
            )
        else:
            figure = (
                f"F1 {ours_s.f1:.3f} vs {theirs_s.f1:.3f}"
                f" (R {ours_s.recall:.2f} vs {theirs_s.recall:.2f})"
            )
        lines.append(f"- {set_name} [{page.split}] `{page.name}`: {figure}")
    return rows, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated fixture sets")
    parser.add_argument("--split", choices=("dev", "held", "all"), default="all")
    parser.add_argument("--process-runs", type=int, default=1, help="whole-process runs per tool")
    parser.add_argument("--worst", type=int, default=8, help="pages where polwire loses most")
    parser.add_argument(
        "--in-process", action="store_true", help="score in this process, no timings"
    )
    parser.add_argument("--no-fields", action="store_true", help="skip title/author/date rows")
    parser.add_argument(
        "--reference",
        metavar="DIR",
        type=Path,
        help="also score DIR/html/*.html against DIR/txt/*.txt (e.g. newspaper4k's tests/data)",
    )
    args = parser.parse_args()
    names = [name.strip() for name in args.sets.split(",") if name.strip()]
    if args.reference:
        names.append(str(args.reference))

    table: list[str] = []
    worst: list[str] = []
    fields: list[str] = []
    for name in names:
        pages = _select(load_set(name), args.split)
        rows, lines = report_set(name, pages, args)
        table.extend(rows)
        worst.extend(lines)
        if name in ("news", "readability", "cjk-dev") and not args.no_fields:
            splits = ("dev", "held", "all") if args.split == "all" else (args.split,)
            fields.extend(field_rows(name, pages, splits))

    mode = "in process" if args.in_process else f"whole process, median of {args.process_runs}"
    print(f"Fixtures: {FIXTURES} ; split {args.split} ; {mode}\n")
    print(
        "| set | split | pages | polwire P | R | F1 | trafilatura P | R | F1 | ΔF1 "
        "| polwire pages/s | trafilatura pages/s | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(table))
    if fields:
        print("\n| set | split | field | polwire | trafilatura |\n| --- | --- | --- | --- | --- |")
        print("\n".join(fields))
    if worst:
        print("\nPages where polwire loses most (polwire vs trafilatura):")
        print("\n".join(worst))


if __name__ == "__main__":
    main()
