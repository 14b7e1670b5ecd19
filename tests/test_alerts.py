"""Alerts: a webhook (JSON POST) and an e-mail (SMTP) per change of a source's health, received
by real servers on 127.0.0.1; one alert per state change, not one per run."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from polwire.config import AlertsConfig, Config
from polwire.monitoring.health import evaluate_run
from polwire.storage.health import alert_state


class WebhookServer:
    """Records the JSON bodies POSTed to it."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.status = status
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                server.bodies.append(json.loads(self.rfile.read(length)))
                server.headers.append(dict(self.headers))
                self.send_response(server.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks/polwire"

    def __enter__(self) -> WebhookServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SmtpServer:
    """A minimal SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, QUIT) on asyncio,
    in a thread, that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", 0))
        self.server = server
        self.port = server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await reply("220 localhost test SMTP")
        sender, recipients = "", []
        while line := await reader.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                await reply("250 localhost")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                await reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                await reply("250 OK")
            elif verb == "DATA":
                await reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := await reader.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.messages.append((sender, recipients, message_from_bytes(b"".join(lines))))
                await reply("250 OK queued")
            elif verb == "QUIT":
                await reply("221 Bye")
                break
            else:
                await reply("250 OK")
        writer.close()

    def __enter__(self) -> SmtpServer:
        self.thread.start()
        self.ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def webhook() -> Iterator[WebhookServer]:
    with WebhookServer() as server:
        yield server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


GOOD = {
    "downloader/request_count": 25,
    "downloader/response_count": 25,
    "downloader/response_status_count/200": 25,
    "polwire/items_stored": 20,
}
BROKEN = {
    "downloader/request_count": 25,
    "downloader/response_count": 25,
    "downloader/response_status_count/200": 2,
    "downloader/response_status_count/500": 23,
    "polwire/errors/http_500": 23,
}


def add_run(db: psycopg.Connection[tuple[object, ...]], stats: dict[str, Any]) -> int:
    stored = int(stats.get("polwire/items_stored", 0))
    errors = int(stats.get("polwire/errors/http_500", 0))
    row = db.execute(
        "INSERT INTO crawl_runs (source, finished_at, status, items_stored, errors, stats,"
        " finish_reason, log_path) VALUES ('watched_news', now(), 'succeeded', %s, %s, %s,"
        " 'finished', '/var/log/polwire/watched.log') RETURNING id",
        (stored, errors, Jsonb(stats)),
    ).fetchone()
    assert row is not None
    return int(row[0])


def config(**alerts: Any) -> Config:
    return Config(alerts=AlertsConfig(**alerts))


def test_one_alert_per_state_change_by_webhook_and_email(
    db_url: str,
    db: psycopg.Connection,
    webhook: WebhookServer,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("POLWIRE_WEBHOOK_TOKEN", "s3cret")
    settings = config(
        webhook_url=webhook.url,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        email_from="polwire@example.org",
        email_to=["desk@example.org", "oncall@example.org"],
    )
    sequence = [GOOD, BROKEN, BROKEN, BROKEN, GOOD, GOOD, BROKEN]
    verdicts = []
    with caplog.at_level(logging.WARNING, logger="scheduler"):
        for stats in sequence:
            verdicts.append(evaluate_run(db, add_run(db, stats), settings)["status"])
    assert verdicts == ["ok", "critical", "critical", "critical", "ok", "ok", "critical"]
    # ok (first verdict: nothing to say) -> critical -> ok (recovered) -> critical
    assert [(b["status"], b["previous_status"]) for b in webhook.bodies] == [
        ("critical", "ok"),
        ("ok", "critical"),
        ("critical", "ok"),
    ]
    first = webhook.bodies[0]
    assert first["source"] == "watched_news" and first["run_id"] == 2
    assert first["event"] == "polwire.health"
    assert [c["name"] for c in first["checks"]] == ["items", "http_errors", "errors"]
    assert webhook.headers[0]["Authorization"] == "Bearer s3cret"
    assert webhook.headers[0]["Content-Type"].startswith("application/json")

    assert len(smtp.messages) == 3
    sender, recipients, message = smtp.messages[0]
    assert sender == "polwire@example.org"
    assert recipients == ["desk@example.org", "oncall@example.org"]
    assert message["Subject"] == "[polwire] watched_news: critical (was ok)"
    assert "polwire runs show 2" in message.get_payload()
    assert smtp.messages[1][2]["Subject"] == "[polwire] watched_news: ok (was critical)"

    # A log line for every bad run, alerted or not.
    bad_runs = [r for r in caplog.records if r.getMessage().startswith("health critical")]
    assert len(bad_runs) == 4
    state = alert_state(db, "watched_news")
    assert state is not None and state.status == "critical" and state.run_id == 7
    assert state.delivered == ["webhook", "email"] and state.delivery_error is None


def test_without_recovery_notices_only_bad_states_are_sent(
    db_url: str, db: psycopg.Connection, webhook: WebhookServer
) -> None:
    settings = config(webhook_url=webhook.url, notify_recovery=False)
    for stats in (BROKEN, GOOD, BROKEN):
        evaluate_run(db, add_run(db, stats), settings)
    # A first verdict that is bad is a change too (from nothing known).
    assert [(b["status"], b["previous_status"]) for b in webhook.bodies] == [
        ("critical", None),
        ("critical", "ok"),
    ]


def test_a_failed_delivery_is_logged_and_recorded_not_raised(
    db_url: str, db: psycopg.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    with WebhookServer(status=500) as failing_hook:
        settings = config(
            webhook_url=failing_hook.url,
            smtp_host="127.0.0.1",
            smtp_port=1,
            email_to=["desk@example.org"],
            timeout_seconds=2,
        )
        with caplog.at_level(logging.ERROR, logger="scheduler"):
            health = evaluate_run(db, add_run(db, BROKEN), settings)
    assert health["status"] == "critical"
    state = alert_state(db, "watched_news")
    assert state is not None and state.delivered == []
    assert state.delivery_error is not None
    assert "webhook: HTTPError" in state.delivery_error and "email:" in state.delivery_error
    assert any("not delivered" in r.getMessage() for r in caplog.records)


def test_an_older_run_judged_late_does_not_move_the_state_back(
    db_url: str, db: psycopg.Connection, webhook: WebhookServer
) -> None:
    settings = config(webhook_url=webhook.url)
    old = add_run(db, GOOD)
    new = add_run(db, BROKEN)
    evaluate_run(db, new, settings)
    evaluate_run(db, old, settings)
    state = alert_state(db, "watched_news")
    assert state is not None and (state.status, state.run_id) == ("critical", new)
    assert len(webhook.bodies) == 1
