"""The web's small parts on their own: charts, the revision diff, log chunks, the token gate's
helpers, the binding rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from polwire.console.web.auth import bearer_matches, cookie_matches, safe_next, session_value
from polwire.console.web.binding import UnsafeBinding, check_binding, is_loopback
from polwire.console.web.charts import Marker, Series, chart, nice_ceiling, sparkline
from polwire.console.web.logfile import read_chunk, read_tail
from polwire.console.web.textdiff import word_diff


def _svg(markup: str) -> etree._Element:
    return etree.fromstring(markup.encode())


def test_a_chart_is_valid_svg_with_axes_points_links_and_markers() -> None:
    start = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    moments = [start + timedelta(days=i) for i in range(6)]
    svg = _svg(
        chart(
            "Coverage per field",
            moments,
            [
                Series("title", [100, 100, 100, 20, 100, 100]),
                Series("body", [90, 90, None, 10, 90, 100]),
            ],
            unit="%",
            top=100.0,
            markers=[Marker(3, "coverage critical: run 4")],
            links=[f"/runs/{i}" for i in range(1, 7)],
        )
    )
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.find("s:title", ns).text == "Coverage per field"
    labels = [t.text for t in svg.iterfind("s:text", ns)]
    assert labels[:1] == ["Coverage per field"]
    assert "11-01 02:00" in labels and "11-06 02:00" in labels and "layout break" in labels
    assert "title 100%" in labels and "body 100%" in labels
    # a missing value splits the body line in two
    assert len(svg.findall("s:polyline", ns)) == 3
    dashed = [line for line in svg.iterfind("s:line", ns) if line.get("stroke-dasharray")]
    assert dashed[0].find("s:title", ns).text == "coverage critical: run 4"
    links = [a.get("href") for a in svg.iterfind("s:a", ns)]
    assert links[:6] == [f"/runs/{i}" for i in range(1, 7)]


def test_chart_text_is_escaped() -> None:
    svg = chart("<b>&", [datetime(2026, 1, 1, tzinfo=UTC)], [Series('x"<', [1.0])], kind="bar")
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    _svg(svg)


def test_axis_tops_are_round() -> None:
    assert [nice_ceiling(v) for v in (3, 5, 13, 100, 3600)] == [4, 8, 20, 100, 4000]


def test_sparkline_marks_a_run_that_stored_nothing() -> None:
    svg = _svg(sparkline([5, 7, 0]))
    fills = [r.get("fill") for r in svg]
    assert fills[2] == "#c62828" and fills[0] != fills[2]
    assert "5, 7, 0" in svg.get("aria-label")


def test_word_diff_shows_what_changed_with_context() -> None:
    before = "The vote is on Monday. " * 30 + "Officials declined to comment."
    after = "The vote is on Monday. " * 30 + "Officials confirmed the date."
    pieces = word_diff(before, after)
    kinds = [p.kind for p in pieces]
    assert kinds == ["gap", "same", "removed", "added", "same"]
    assert pieces[1].text.endswith("Officials ")
    assert pieces[2].text == "declined to comment"
    assert pieces[3].text == "confirmed the date"
    assert pieces[4].text == "."


def test_word_diff_compares_cjk_by_character() -> None:
    pieces = word_diff("北朝鮮がミサイルを発射", "北朝鮮が弾道ミサイルを発射")
    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "北朝鮮が"),
        ("added", "弾道"),
        ("same", "ミサイルを発射"),
    ]


def test_log_chunks_end_at_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    log.write_bytes("first line\nsecond 北朝鮮\nhalf wri".encode())
    chunk = read_chunk(str(log), 0)
    assert chunk.text == "first line\nsecond 北朝鮮\n"
    assert chunk.next_offset == len("first line\nsecond 北朝鮮\n".encode())
    with log.open("ab") as handle:
        handle.write(b"tten\n")
    rest = read_chunk(str(log), chunk.next_offset)
    assert rest.text == "half written\n"
    assert read_tail(str(log), limit=20).text == "half written\n"
    assert read_chunk(str(tmp_path / "gone.log"), 0).error.startswith("log ")


def test_token_checks() -> None:
    assert bearer_matches("t0k", "Bearer t0k")
    assert bearer_matches("t0k", "bearer t0k")
    assert not bearer_matches("t0k", "Bearer t0")
    assert not bearer_matches("t0k", "Basic dDBr")
    assert not bearer_matches("t0k", None)
    assert cookie_matches("t0k", session_value("t0k"))
    assert not cookie_matches("t0k", session_value("other"))
    assert not cookie_matches("t0k", None)
    assert session_value("t0k") != "t0k"
    assert safe_next("/runs?x=1") == "/runs?x=1"
    assert safe_next("//evil") == safe_next("http://evil") == safe_next(None) == "/"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_token(host: str) -> None:
    assert is_loopback(host)
    check_binding(host, 8080, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "polwire.example.org"])
def test_anything_else_needs_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(UnsafeBinding, match="POLWIRE_WEB_TOKEN"):
        check_binding(host, 8080, None)
    check_binding(host, 8080, "a-token-of-16-chars")


def test_the_grafana_dashboard_queries_only_the_fixed_metric_names() -> None:
    import json
    import re

    repo = Path(__file__).resolve().parents[1]
    dashboard = json.loads((repo / "deploy" / "grafana-dashboard.json").read_text("utf-8"))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    used = {name for e in exprs for name in re.findall(r"polwire_\w+", e)}
    fixed = {
        "polwire_crawl_runs_total",
        "polwire_articles_stored_total",
        "polwire_source_health",
        "polwire_last_run_timestamp_seconds",
        "polwire_last_success_timestamp_seconds",
        "polwire_crawl_duration_seconds_bucket",
        "polwire_spool_pending_segments",
        "polwire_scheduler_leader",
    }
    assert used <= fixed and len(used) >= 6


def test_snippet_marks_cannot_be_forged_by_the_text() -> None:
    from polwire.console.web.rendering import marked, snippet_marks

    marks = snippet_marks()
    assert marks != snippet_marks()  # a fresh nonce per search
    start, stop = marks
    snippet = f"\ue000<b>x\ue001 {start}budget{stop} </mark>"
    html = str(marked(snippet, marks))
    assert html == "\ue000&lt;b&gt;x\ue001 <mark>budget</mark> &lt;/mark&gt;"


def test_tokens_compare_as_bytes_whatever_they_hold() -> None:
    from polwire.console.web.auth import bearer_matches, cookie_matches, form_token_matches

    token = "tökén-€-long-enough"
    # a header arrives decoded as latin-1: the UTF-8 bytes of the token, read that way
    as_header = token.encode("utf-8").decode("latin-1")
    assert bearer_matches(token, f"Bearer {as_header}")
    assert not bearer_matches(token, "Bearer ü€\ud800")
    assert not bearer_matches("ascii-token", "Bearer \udcff")
    assert not cookie_matches(token, "ä€")
    assert form_token_matches(token, token)
    assert not form_token_matches(token, token + "\x00")
    assert not form_token_matches(token, "\ud800")


def test_failed_logins_wait_longer_each_time_up_to_a_ceiling() -> None:
    from polwire.console.web.login_guard import MAX_WAIT_SECONDS, LoginGuard, wait_after

    assert [wait_after(n) for n in range(1, 8)] == [0, 0, 0, 1, 2, 4, 8]
    assert wait_after(100) == wait_after(10_000) == MAX_WAIT_SECONDS
    now = [1000.0]
    guard = LoginGuard(clock=lambda: now[0])
    for _ in range(4):
        guard.failed("10.0.0.1", "login form")
    assert guard.wait_left("10.0.0.1") == 1.0
    assert guard.wait_left("10.0.0.2") == 0.0
    now[0] += 3601  # a quiet hour: forgotten
    assert guard.wait_left("10.0.0.1") == 0.0
    assert guard.failed("10.0.0.1", "login form") == 0.0
    guard.succeeded("10.0.0.1")
    assert guard.wait_left("10.0.0.1") == 0.0


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_a_short_token_is_refused_off_loopback_only(host: str) -> None:
    with pytest.raises(UnsafeBinding, match="POLWIRE_WEB_TOKEN is 15 characters long, at least 16"):
        check_binding(host, 8080, "x" * 15)
    with pytest.raises(UnsafeBinding, match="is 0 characters long"):
        check_binding(host, 8080, " " * 20)
    check_binding(host, 8080, "x" * 16)
    check_binding("127.0.0.1", 8080, "x")
