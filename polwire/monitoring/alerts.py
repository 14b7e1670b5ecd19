"""Alerts on health verdicts: a log line for every bad run, a webhook and an e-mail per change.

A source that stays critical for a week of nightly runs sends one alert, when it turns
critical, not seven: the state each source was last alerted about is kept in
``source_alert_state``. Delivery failures are logged and recorded there; they never fail
the crawl.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from polwire.config import AlertsConfig
from polwire.storage.health import Connection, advance_alert_state, record_delivery
from polwire.storage.runs import CrawlRun
from polwire.storage.watch import claim_takedown_alert, confirmed_on

logger = logging.getLogger(__name__)

TAKEDOWN_EVENT = "polwire.takedowns"
SMTP_PASSWORD_ENV = "POLWIRE_SMTP_PASSWORD"
WEBHOOK_TOKEN_ENV = "POLWIRE_WEBHOOK_TOKEN"


def alert_payload(run: CrawlRun, health: dict[str, Any], previous: str | None) -> dict[str, Any]:
    """The JSON document a webhook receives (and the facts an e-mail says)."""
    failing = [c for c in health.get("checks", []) if c.get("status") != "ok"]
    status = str(health.get("status"))
    if status == "ok":
        summary = f"{run.source} is healthy again (was {previous})"
    else:
        summary = f"{run.source} is {status}: " + "; ".join(
            f"{c['name']}: {c['message']}" for c in failing
        )
    return {
        "event": "polwire.health",
        "source": run.source,
        "status": status,
        "previous_status": previous,
        "run_id": run.id,
        "run_status": run.status,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "log_path": run.log_path,
        "summary": summary,
        "checks": failing,
    }


def send_webhook(url: str, payload: dict[str, Any], timeout: float) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "polwire"},
    )
    token = os.environ.get(WEBHOOK_TOKEN_ENV)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def email_message(payload: dict[str, Any], sender: str, recipients: list[str]) -> EmailMessage:
    message = EmailMessage()
    previous = payload["previous_status"] or "new"
    message["Subject"] = f"[polwire] {payload['source']}: {payload['status']} (was {previous})"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    lines = [
        payload["summary"],
        "",
        f"run {payload['run_id']} ({payload['run_status']}), started {payload['started_at']}",
    ]
    lines += [f"- {c['name']} ({c['status']}): {c['message']}" for c in payload["checks"]]
    lines += ["", f"polwire runs show {payload['run_id']}", f"log: {payload['log_path']}"]
    message.set_content("\n".join(lines))
    return message


def takedown_email(payload: dict[str, Any], sender: str, recipients: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = (
        f"[polwire] {payload['source']}: {payload['gone']} takedowns on {payload['day']}"
    )
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    command = f"polwire gone --source {payload['source']} --since {payload['day']}"
    message.set_content(f"{payload['summary']}\n\n{command}")
    return message


def send_email(config: AlertsConfig, payload: dict[str, Any]) -> None:
    recipients = [config.email_to] if isinstance(config.email_to, str) else list(config.email_to)
    sender = config.email_from or "polwire@localhost"
    compose = takedown_email if payload.get("event") == TAKEDOWN_EVENT else email_message
    message = compose(payload, sender, recipients)
    assert config.smtp_host is not None
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout_seconds) as smtp:
        if config.smtp_starttls:
            smtp.starttls()
        password = os.environ.get(SMTP_PASSWORD_ENV)
        if config.smtp_user and password:
            smtp.login(config.smtp_user, password)
        smtp.send_message(message)


def deliver(config: AlertsConfig, payload: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Send ``payload`` to every configured channel; return (channels that took it, errors)."""
    delivered: list[str] = []
    errors: list[str] = []
    if config.webhook_url:
        try:
            send_webhook(config.webhook_url, payload, config.timeout_seconds)
            delivered.append("webhook")
        except Exception as exc:  # any failure of a channel is reported, never raised
            errors.append(f"webhook: {_one_line(exc)}")
    if config.smtp_host and config.email_to:
        try:
            send_email(config, payload)
            delivered.append("email")
        except Exception as exc:
            errors.append(f"email: {_one_line(exc)}")
    return delivered, errors


def notify(
    conn: Connection,
    run: CrawlRun,
    health: dict[str, Any],
    config: AlertsConfig,
    *,
    now: datetime | None = None,
) -> dict[str, Any] | None:
    """Alert on ``run``'s verdict when it changes its source's state; return what was sent."""
    status = str(health.get("status"))
    change = advance_alert_state(conn, run.source, status, run.id, now or datetime.now(UTC))
    if not change.changed:
        return None
    if status == "ok" and (change.previous in (None, "ok") or not config.notify_recovery):
        return None
    payload = alert_payload(run, health, change.previous)
    logger.warning("alert: %s", payload["summary"])
    delivered, errors = deliver(config, payload)
    for error in errors:
        logger.error("alert for %s run %d not delivered: %s", run.source, run.id, error)
    record_delivery(conn, run.source, run.id, delivered, "; ".join(errors) or None)
    return payload


def alert_takedowns(
    conn: Connection, source: str, *, limit: int, config: AlertsConfig, now: datetime
) -> dict[str, Any] | None:
    """Alert once a day when ``source`` took down more than ``limit`` articles that day
    (takedowns confirmed by the watch, UTC days); return what was sent."""
    day = now.astimezone(UTC).date()
    gone = confirmed_on(conn, source, day)
    if gone <= limit or not claim_takedown_alert(conn, source, day, gone):
        return None
    payload = {
        "event": TAKEDOWN_EVENT,
        "source": source,
        "day": day.isoformat(),
        "gone": gone,
        "limit": limit,
        "summary": f"{source} took down {gone} articles on {day.isoformat()} (alert above {limit})",
    }
    logger.warning("alert: %s", payload["summary"])
    _, errors = deliver(config, payload)
    for error in errors:
        logger.error("takedown alert for %s not delivered: %s", source, error)
    return payload


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")
