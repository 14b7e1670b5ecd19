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
