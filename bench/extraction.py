"""Benchmark polwire's extractor against bare trafilatura on the saved news pages, side by side.

Usage::

    python bench/extraction.py [--passes 5] [--process-runs 3] [--files "CMD"]

Prints a Markdown table: per-field accuracy of polwire's ``extract``, mean body
F1 of both tools, and pages/s of both (median of several interleaved passes),
with the speed ratio. Then the whole-process comparison the acceptance makes:
``polwire extract --format jsonl FILES...`` against a bare ``python -c``
trafilatura script over the same files, start-up included, with both tools'
body F1 from that run. ``--files CMD`` times any ``CMD FILE...`` the same way.

``--reference DIR`` scores instead a set of pages with reference texts laid out as
``DIR/html/NAME.html`` and ``DIR/txt/NAME.txt`` (optionally ``DIR/metadata/NAME.json``
with ``meta_lang``): newspaper4k's test data is such a set (``pip download
--no-binary :all: --no-deps newspaper4k==0.9.6``, then its ``tests/data``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extraction.dates import guess_timezone  # noqa: E402
from crawler.extraction.record import extract_record  # noqa: E402
from crawler.extraction.scoring import (  # noqa: E402
    CJK_LANGUAGES,
    authors_match,
    body_f1,
    published_matches,
    title_matches,
)
from tests.extraction_cases import FIXTURES, fixture_names, load_case  # noqa: E402


def _trafilatura(html: str, url: str) -> str | None:
    import trafilatura

    result: str | None = trafilatura.extract(html, url=url)
    return result


def _timed_pass(cases: list[Any], tool: str) -> tuple[float, list[Any]]:
    outputs = []
    start = time.perf_counter()
    for case in cases:
        if tool == "polwire":
            # Every stored field, countries included, cleaned as the crawl stores it.
            outputs.append(extract_record(case.html, url=case.url))
        else:
            # trafilatura is given text, as it would be after an HTTP client decoded it.
            outputs.append(_trafilatura(case.html.decode("utf-8"), case.url))
    return time.perf_counter() - start, outputs


def _process_run(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        argv, check=True, cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    return time.perf_counter() - start, done.stdout


# What the acceptance times: the real command over all files, start-up included ...
_POLWIRE_COMMAND = [str(Path(sys.executable).parent / "polwire"), "extract", "--format", "jsonl"]
# ... against a bare trafilatura script over the same files.
_TRAFILATURA_PROCESS = (
    "import sys, json, trafilatura\n"
    "for f in sys.argv[1:]:\n"
    "    print(json.dumps({'file': f, 'body': trafilatura.extract(open(f, encoding='utf-8')"
    ".read())}))\n"
)


def _whole_process(cases: list[Any], runs: int) -> list[str]:
    """`polwire extract --format jsonl FILES` vs a bare trafilatura script: time and body F1."""
    files = [str(FIXTURES / f"{case.name}.html") for case in cases]
    commands = {
        "polwire": [*_POLWIRE_COMMAND, *files],
        "trafilatura": [sys.executable, "-c", _TRAFILATURA_PROCESS, *files],
    }
    seconds: dict[str, list[float]] = {"polwire": [], "trafilatura": []}
    outputs: dict[str, str] = {}
    for _ in range(runs):
        for tool, argv in commands.items():  # interleaved, as the in-process passes
            elapsed, outputs[tool] = _process_run(argv)
            seconds[tool].append(elapsed)
    f1: dict[str, float] = {}
    for tool, text in outputs.items():
        bodies = {row["file"]: row["body"] for row in map(json.loads, text.splitlines())}
        f1[tool] = statistics.mean(
            body_f1(bodies[file], case.expected["body"], case.language)
            for file, case in zip(files, cases, strict=True)
        )
    ours, theirs = statistics.median(seconds["polwire"]), statistics.median(seconds["trafilatura"])
    n = len(cases)
    return [
        f"| whole process: body F1, mean (no --url, as the acceptance runs it) "
        f"| {f1['polwire']:.3f} | {f1['trafilatura']:.3f} |",
        f"| whole process: seconds for {n} files (median of {runs}) | {ours:.2f} | {theirs:.2f} |",
        f"| whole process: pages/s | {n / ours:.1f} | {n / theirs:.1f} |",
        f"| whole process: speed ratio | **{theirs / ours:.2f}x** | 1.00x |",
    ]


def _reference_set(root: Path) -> None:
    """Body F1 of both tools on pages with reference texts, page by page, then the means."""
    rows: list[tuple[str, str, float, float]] = []
    for page in sorted((root / "html").glob("*.html")):
        reference = root / "txt" / f"{page.stem}.txt"
        if not reference.is_file():
            continue
        meta = root / "metadata" / f"{page.stem}.json"
        language = "en"
        if meta.is_file():
            with contextlib.suppress(ValueError):  # some metadata files are empty
                language = (json.loads(meta.read_text()).get("meta_lang") or "en")[:2]
        html, url = page.read_bytes(), page.resolve().as_uri()
        expected = reference.read_text(encoding="utf-8")
        ours = extract_record(html, url=url).body
        theirs = _trafilatura(html.decode("utf-8", "replace"), url)
        rows.append(
            (
                page.stem,
                language,
                body_f1(ours, expected, language),
                body_f1(theirs, expected, language),
            )
        )
    if not rows:
        raise SystemExit(f"no DIR/html/NAME.html with a DIR/txt/NAME.txt under {root}")
    print(f"{len(rows)} pages with reference texts from {root}\n")
    print("| page | lang | polwire body F1 | trafilatura body F1 |")
    print("| --- | --- | --- | --- |")
    for name, language, ours_f1, theirs_f1 in rows:
        print(f"| {name} | {language} | {ours_f1:.3f} | {theirs_f1:.3f} |")
    ours_mean = statistics.mean(r[2] for r in rows)
    theirs_mean = statistics.mean(r[3] for r in rows)
    wins = sum(r[2] >= r[3] for r in rows)
    print(f"| **mean** | | **{ours_mean:.3f}** | **{theirs_mean:.3f}** |")
    print(f"\npages where polwire >= trafilatura: {wins}/{len(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes per tool")
    parser.add_argument(
        "--process-runs", type=int, default=3, help="whole-process runs per tool (0: skip)"
    )
    parser.add_argument("--files", metavar="CMD", help="time `CMD FILE...` over all pages")
    parser.add_argument(
        "--reference",
        metavar="DIR",
        type=Path,
        help="score body F1 on DIR/html/*.html against DIR/txt/*.txt instead",
    )
    args = parser.parse_args()
    if args.reference:
        _reference_set(args.reference)
        return

    cases = [load_case(name) for name in fixture_names()]
    # Warm-up pass (imports, caches) for both tools, kept out of the timings.
    _, ours = _timed_pass(cases, "polwire")
    _, theirs = _timed_pass(cases, "trafilatura")
    rates: dict[str, list[float]] = {"polwire": [], "trafilatura": []}
    for _ in range(args.passes):
        for tool in ("polwire", "trafilatura"):  # interleaved: both see the same machine load
            seconds, _outputs = _timed_pass(cases, tool)
            rates[tool].append(len(cases) / seconds)

    n = len(cases)
    title = authors_exact = authors_policy = published = 0
    ours_f1: list[float] = []
    theirs_f1: list[float] = []
    cjk_ours: list[float] = []
    cjk_theirs: list[float] = []
    for case, result, text in zip(cases, ours, theirs, strict=True):
        expected = case.expected
        title += title_matches(result.title, expected["title"])
        authors_exact += authors_match(result.authors, expected["authors"])
        authors_policy += authors_match(result.authors, case.expected_people()) and all(
            result.wire == wire for wire in case.expected_wires()
        )
        zone = guess_timezone(case.url, case.language)
        published += published_matches(result.published_at, expected["published"], zone)
        ours_f1.append(body_f1(result.body, expected["body"], case.language))
        theirs_f1.append(body_f1(text, expected["body"], case.language))
        if case.language in CJK_LANGUAGES:
            cjk_ours.append(ours_f1[-1])
            cjk_theirs.append(theirs_f1[-1])

    ours_rate = statistics.median(rates["polwire"])
    theirs_rate = statistics.median(rates["trafilatura"])
    wins = sum(a >= b for a, b in zip(ours_f1, theirs_f1, strict=True))

    def pct(count: int) -> str:
        return f"{count}/{n} ({100 * count / n:.0f}%)"

    print(f"Pages: {n} from {FIXTURES} ; {args.passes} timed passes, median shown\n")
    print("| metric | polwire `extract` (all fields) | bare `trafilatura.extract` |")
    print("| --- | --- | --- |")
    print(f"| title exact | {pct(title)} | – |")
    print(f"| authors, person names + agency as wire | {pct(authors_policy)} | – |")
    print(f"| authors, Fundus list verbatim (set) | {pct(authors_exact)} | – |")
    print(f"| published (same instant / same day) | {pct(published)} | – |")
    print(
        f"| body F1, mean (word 4-gram; char bigram for ja/ko/zh) "
        f"| {statistics.mean(ours_f1):.3f} | {statistics.mean(theirs_f1):.3f} |"
    )
    print(
        f"| body F1, median | {statistics.median(ours_f1):.3f} "
        f"| {statistics.median(theirs_f1):.3f} |"
    )
    print(
        f"| body F1, mean over ja/ko/zh ({len(cjk_ours)} pages) "
        f"| {statistics.mean(cjk_ours):.3f} | {statistics.mean(cjk_theirs):.3f} |"
    )
    print(f"| pages where body F1 >= trafilatura's | {wins}/{n} | – |")
    print(
        f"| pages/s (in-process, median of {args.passes}) | {ours_rate:.1f} | {theirs_rate:.1f} |"
    )
    print(f"| speed ratio | **{ours_rate / theirs_rate:.2f}x** | 1.00x |")

    if args.process_runs:
        print("\n".join(_whole_process(cases, args.process_runs)))
    files = [str(FIXTURES / f"{case.name}.html") for case in cases]
    if args.files:
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [*shlex.split(args.files), *files], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
            )
            timings.append(time.perf_counter() - start)
        print(
            f"| `{args.files}` pages/s (median of 3) | {n / statistics.median(timings):.1f} | – |"
        )


if __name__ == "__main__":
    main()
