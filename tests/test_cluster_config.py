"""[cluster] in polwire.toml and POLWIRE_BROKER_URL: which broker, if any."""

from __future__ import annotations

import pytest

from polwire.config import ConfigError, broker_url, parse_config


def test_no_broker_means_no_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLWIRE_BROKER_URL", raising=False)
    assert broker_url(parse_config({})) is None


def test_the_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config({"cluster": {"broker_url": "redis://file:6379/0", "queue": "q"}})
    monkeypatch.delenv("POLWIRE_BROKER_URL", raising=False)
    assert broker_url(config) == "redis://file:6379/0"
    monkeypatch.setenv("POLWIRE_BROKER_URL", "amqp://guest@rabbit:5672//")
    assert broker_url(config) == "amqp://guest@rabbit:5672//"
    assert broker_url(config, "redis://flag:6379/1") == "redis://flag:6379/1"
    assert config.cluster.queue == "q"


def test_a_misspelt_cluster_key_is_named() -> None:
    with pytest.raises(ConfigError, match=r"cluster.heartbeat \(did you mean 'heartbeat_seconds'"):
        parse_config({"cluster": {"heartbeat": 5}})


def test_a_broker_url_must_name_a_broker_scheme() -> None:
    with pytest.raises(
        ConfigError, match=r'\[cluster\] broker_url = "127.0.0.1:6379": must be a URL starting'
    ):
        parse_config({"cluster": {"broker_url": "127.0.0.1:6379"}})
    assert parse_config({"cluster": {"broker_url": "rediss://r:6380/0"}}).cluster.broker_url


def test_a_worker_is_not_declared_lost_before_its_heartbeat_is_due() -> None:
    with pytest.raises(ConfigError, match=r"heartbeat_seconds = 40: must not be above"):
        parse_config({"cluster": {"heartbeat_seconds": 40, "worker_timeout_seconds": 30}})


def test_the_reference_lists_every_key_with_its_default_and_allowed_values() -> None:
    from dataclasses import fields

    from polwire.config.file import SECTIONS
    from polwire.config.schema import describe

    docs = {(d.table, d.key): d for d in describe()}
    for table, cls in SECTIONS.items():
        for f in fields(cls):
            assert (f"[{table}]", f.name) in docs, (table, f.name)
    port = docs[("[web]", "port")]
    assert (port.type, port.default, port.allowed) == (
        "integer",
        8080,
        "1 to 65535, or 0: any free port",
    )
    assert port.help
    cron = docs[("[[sources]]", "cron")]
    assert cron.type == "string" and cron.default is None and "crontab" in cron.allowed
    assert docs[("[[sources]]", "feeds")].default == []


def test_a_key_with_choices_names_them() -> None:
    from polwire.config.schema import Allowed, key_problem

    rule = Allowed(choices=("redis", "amqp"))
    assert key_problem("[cluster]", "kind", "redis", rule) is None
    assert key_problem("[cluster]", "kind", "kafka", rule) == (
        '[cluster] kind = "kafka": must be one of "redis", "amqp"'
    )
