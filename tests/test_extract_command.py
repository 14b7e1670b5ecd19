"""`polwire extract` over saved pages: one file, a manifest (JSONL or CSV) on several processes,
and the registry source's page object chosen by the URL's site."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import polwire

_BODY = "The cabinet met on Monday to discuss the budget for the coming year. " * 12


def _page(path: Path, title: str) -> Path:
    path.write_text(
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{_BODY}</p></article></body></html>",
        encoding="utf-8",
    )
    return path


def _rows(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_a_jsonl_manifest_is_extracted_in_its_order(tmp_path: Path) -> None:
    titles = [f"Budget debate day {n}" for n in range(9)]
    for n, title in enumerate(titles):
        _page(tmp_path / f"p{n}.html", title)
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(
        "".join(
            json.dumps({"file": f"p{n}.html", "url": f"https://paper.test/2025/09/0{n}/a.html"})
            + "\n"
            for n in range(9)
        ),
        encoding="utf-8",
    )
    done = polwire("extract", "--manifest", str(manifest), "--workers", "2")
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert [row["title"] for row in rows] == titles
    assert rows[3]["file"] == str(tmp_path / "p3.html")
    assert rows[3]["published"] == "2025-09-03T00:00:00+00:00"  # the URL's day, the last resort


def test_a_csv_manifest_with_a_missing_file_extracts_the_rest_and_fails(tmp_path: Path) -> None:
    _page(tmp_path / "a.html", "Diet passes the budget")
    manifest = tmp_path / "pages.csv"
    manifest.write_text(
        "file,url\na.html,https://paper.test/a.html\ngone.html,https://paper.test/b.html\n",
        encoding="utf-8",
    )
    done = polwire("extract", "--manifest", str(manifest))
    assert done.returncode == 1
    assert [row["title"] for row in _rows(done.stdout)] == ["Diet passes the budget"]
    assert done.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'gone.html'}: No such file or directory"
    ]


def test_a_url_of_a_registry_source_uses_its_page_object(tmp_path: Path) -> None:
    config = tmp_path / "polwire.toml"
    config.write_text(
        "[[sources]]\n"
        'name = "probe_site"\n'
        'home = "https://www.probe.test/"\n'
        'feeds = ["https://www.probe.test/rss.xml"]\n'
        'page = "tests.support.probe_page:ProbePage"\n',
        encoding="utf-8",
    )
    page = _page(tmp_path / "a.html", "Generic title")
    env = {"POLWIRE_CONFIG": str(config)}
    on_site = polwire("extract", str(page), "--url", "https://news.probe.test/a/1.html", env=env)
    elsewhere = polwire("extract", str(page), "--url", "https://other.test/a/1.html", env=env)
    assert on_site.returncode == 0, on_site.stderr
    assert _rows(on_site.stdout)[0]["title"] == "read by the source's page object"
    assert _rows(elsewhere.stdout)[0]["title"] == "Generic title"


def test_no_file_and_no_manifest_is_a_usage_error() -> None:
    done = polwire("extract")
    assert done.returncode == 2
    assert "give FILE arguments or --manifest FILE" in done.stderr
