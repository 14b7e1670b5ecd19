"""Measure each body rule: every fixture set's body scores with one rule switched off at a time.

Usage::

    python bench/body_rules.py [--rules RULE,RULE] [--jobs 2]

Each rule runs in a process of its own (``none``, all rules on, first), which switches the
rule off before the extractor is imported: a word list is emptied in
``crawler/extraction/body/words.py``, a predicate answers "no", a threshold is set out of
reach. The table gives, per set, F1 with the rule minus F1 without it (positive: the rule
helps) and how many pages it helps (+) and hurts (-): on the snippet set a page's
(found - unwanted found) snippets, elsewhere its F1, changed by more than 0.001. A rule
that helps one page of one set and nothing elsewhere is fitted to that page.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETS = ("news", "trafilatura-de", "readability", "cjk-dev")
_BODY = "crawler.extraction.body"

# Rule name -> what switches it off: ("words", LIST, language or "*") empties a word list
# (before import), (module, attribute, python expression) replaces a name in modules
# (after import). "orig" in an expression is the replaced object.
RULES: dict[str, list[tuple[str, str, str]]] = {
    "junk lines (any language)": [("words", "JUNK_LINES", "any")],
    "junk lines (en)": [("words", "JUNK_LINES", "en")],
    "junk lines (de)": [("words", "JUNK_LINES", "de")],
    "junk lines (ja and ko)": [("words", "JUNK_LINES", "ja"), ("words", "JUNK_LINES", "ko")],
    "file links": [(f"{_BODY}.junk", "_JUNK_LINE", "orig_without_file_link")],
    "credit labels": [("words", "CREDIT_LABELS", "*")],
    "paywall notices": [("words", "PAYWALL_NOTICES", "*")],
    "end headings (ja ko zh)": [
        ("words", "END_HEADINGS", "ja"),
        ("words", "END_HEADINGS", "ko"),
        ("words", "END_HEADINGS", "zh"),
    ],
    "end headings (en)": [("words", "END_HEADINGS", "en")],
    "late end headings (en)": [("words", "LATE_END_HEADINGS", "en")],
    "late end headings (de)": [("words", "LATE_END_HEADINGS", "de")],
    "late end headings (fr es it pt)": [
        ("words", "LATE_END_HEADINGS", language) for language in ("fr", "es", "it", "pt")
    ],
    "copyright anywhere": [(f"{_BODY}.junk", "_COPYRIGHT_ANYWHERE", "NEVER")],
    "short lines printed twice": [(f"{_BODY}.junk", "_REPEATED_PARAGRAPH", "0")],
    "date lines before the text": [(f"{_BODY}.junk", "is_date_furniture", "lambda line: False")],
    "trailing furniture": [
        ("crawler.extraction.generic_page", "trim_trailing_furniture", "lambda p, c=(): p")
    ],
    "a closing table": [
        ("crawler.extraction.generic_page", "trim_trailing_furniture", "lambda p, c=(): orig(p)")
    ],
    "folded story": [(f"{_BODY}.reading", "_folded_story", "lambda e: False")],
    "weak furniture names": [
        (f"{_BODY}.reading", "weak_name_prose", "lambda e: False"),
        (f"{_BODY}.leads", "weak_name_prose", "lambda e: False"),
    ],
    "display-only names": [(f"{_BODY}.names", "DISPLAY_ONLY", "NEVER")],
    "gated paragraphs": [(f"{_BODY}.names", "_GATED_PARAGRAPH", "NEVER")],
    "inline media": [(f"{_BODY}.reading", "_is_inline_media", "lambda e: False")],
    "link lists": [
        (f"{_BODY}.reading", "mostly_links", "lambda e, n: False"),
        (f"{_BODY}.leads", "mostly_links", "lambda e, n: False"),
    ],
    "story cards (block links)": [(f"{_BODY}.reading", "_is_teaser_link", "lambda e: False")],
    "time lines": [
        (f"{_BODY}.reading", "_only_time", "lambda e: False"),
        (f"{_BODY}.reading", "_stands_alone", "lambda loose, e: False"),
    ],
    "sibling parts": [
        (f"{_BODY}.parts", "_continues", "lambda s, k: False"),
        (f"{_BODY}.parts", "_unnamed_prose", "lambda s, t: False"),
    ],
    "sibling lead": [(f"{_BODY}.parts", "_is_sibling_lead", "lambda s: False")],
    "repeated wrappers": [(f"{_BODY}.parts", "_repeated_wrappers", "lambda c: []")],
    "thread posts": [(f"{_BODY}.parts", "thread_posts", "lambda c: []")],
    "posts between headlines": [
        (f"{_BODY}.threads", "_posts_between_headlines", "lambda c, k: []")
    ],
    "standfirst": [(_BODY, "find_standfirst", "lambda r, c, d: None")],
    "leads above the container": [(_BODY, "find_leads", "lambda r, c: []")],
    "second opinion": [("crawler.extraction.second_opinion", "is_unsure", "lambda c, n, r: False")],
    "side boxes": [
        (f"{_BODY}.{module}", "in_box_beside", "lambda e: False")
        for module in ("names", "container", "parts", "threads")
    ],
    "loose-text containers": [(f"{_BODY}.container", "_LOOSE_TEXT_MIN", "10**9")],
    "text divs": [
        (f"{_BODY}.container", "is_text_div", "lambda e: False"),
        (f"{_BODY}.leads", "is_text_div", "lambda e: False"),
    ],
}


def _switch_off(rule: str) -> None:
    import importlib
    import re

    from crawler.extraction.body import endings, junk, words

    never = re.compile(r"(?!x)x")
    for module, attribute, replacement in RULES.get(rule, []):
        if module == "words":
            table = getattr(words, attribute)
            for language in list(table) if replacement == "*" else [replacement]:
                table[language] = ()
    # The patterns are joined from the word lists when their modules load: load them again
    # (in place, so the functions imported elsewhere read the new patterns).
    importlib.reload(endings)
    importlib.reload(junk)
    for module, attribute, replacement in RULES.get(rule, []):
        if module == "words":
            continue
        target = importlib.import_module(module)
        orig = getattr(target, attribute)
        if replacement == "NEVER":
            value: Any = never
        elif replacement == "orig_without_file_link":
            value = re.compile(orig.pattern.replace(f"|{words.FILE_LINK}", ""), orig.flags)
        else:
            value = eval(replacement, {"orig": orig})
        setattr(target, attribute, value)


def scores(rule: str) -> dict[str, Any]:
    """Body scores of every page of every set with ``rule`` off (``none``: all on)."""
    sys.path.insert(0, str(ROOT / "bench"))
    _switch_off(rule)
    import extraction as bench  # bench/extraction.py: the sets and their scoring

    from crawler.extraction.record import extract_record

    found: dict[str, Any] = {}
    for name in SETS:
        pages = bench.load_set(name)
        per_page = {}
        for page in pages:
            body = extract_record(page.read(), url=page.path.resolve().as_uri()).body
            per_page[page.name] = bench.score_page(page, body)
        pooled = bench.pooled(list(per_page.values()), pages[0].expected_text is None)
        found[name] = {
            "f1": pooled[2],
            "pages": {
                n: (s.tp - s.fp) if name == "trafilatura-de" else s.f1 for n, s in per_page.items()
            },
        }
    return found


def _run(rule: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--one", rule], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def _row(rule: str, on: dict[str, Any], off: dict[str, Any]) -> str:
    cells = []
    for name in SETS:
        helped = hurt = 0
        for page, value in on[name]["pages"].items():
            change = value - off[name]["pages"][page]
            helped += change > 1e-3
            hurt += change < -1e-3
        cells.append(f"{on[name]['f1'] - off[name]['f1']:+.4f} ({helped}+/{hurt}-)")
    return f"| {rule} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated rule names")
    parser.add_argument("--jobs", type=int, default=2, help="rules measured at once")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.stdout.write(json.dumps(scores(args.one)))
        return
    rules = [rule.strip() for rule in args.rules.split(",") if rule.strip()]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = dict(zip(["none", *rules], pool.map(_run, ["none", *rules]), strict=True))
    print("| rule (its effect: F1 with it minus without) | " + " | ".join(SETS) + " |")
    print("| --- |" + " --- |" * len(SETS))
    for rule in rules:
        print(_row(rule, results["none"], results[rule]))


if __name__ == "__main__":
    main()
