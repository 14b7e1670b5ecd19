"""The Scrapy components polwire leaves out to start faster come back when turned on."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config_addon import ConfigAddon
from crawler.runner import crawl_settings

COOKIES = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"
TELNET = "scrapy.extensions.telnet.TelnetConsole"


def _components(overrides: dict[str, object]) -> tuple[set[str], set[str]]:
    settings = crawl_settings(database_url="postgresql://unused", overrides=overrides)
    ConfigAddon().update_settings(settings)

    def names(kind: str) -> set[str]:
        found = settings.get_component_priority_dict_with_base(kind)
        return {k if isinstance(k, str) else f"{k.__module__}.{k.__qualname__}" for k in found}

    return names("DOWNLOADER_MIDDLEWARES"), names("EXTENSIONS")


def test_cookies_telnet_and_remote_control_are_left_out_by_default() -> None:
    middlewares, extensions = _components({})
    assert COOKIES not in middlewares
    assert TELNET not in extensions
    assert "scrapy.extensions.remote_control.RemoteControl" not in extensions
    # The politeness of a crawl is all still there.
    assert "crawler.politeness.robots_rules.RobotsRulesMiddleware" in middlewares  # Scrapy's, fixed
    assert "crawler.politeness.middleware.PolitenessMiddleware" in middlewares
    assert "scrapy.extensions.throttle.AutoThrottle" in extensions


@pytest.mark.parametrize(
    ("switch", "kind", "component"),
    [("COOKIES_ENABLED", 0, COOKIES), ("TELNETCONSOLE_ENABLED", 1, TELNET)],
)
def test_a_component_turned_on_is_put_back(switch: str, kind: int, component: str) -> None:
    assert component in _components({switch: True})[kind]


def test_only_the_web_handlers_are_on_and_the_guard_is_first() -> None:
    settings = crawl_settings(database_url="postgresql://unused", overrides={})
    ConfigAddon().update_settings(settings)
    handlers = settings.get_component_priority_dict_with_base("DOWNLOAD_HANDLERS")
    assert {scheme for scheme, handler in handlers.items() if handler} == {"http", "https"}
    middlewares = settings.get_component_priority_dict_with_base("DOWNLOADER_MIDDLEWARES")
    enabled = {k: v for k, v in middlewares.items() if v is not None}
    assert min(enabled, key=lambda k: enabled[k]) == "crawler.download.web_only.WebOnlyMiddleware"
    assert settings["TWISTED_DNS_RESOLVER"] == "crawler.download.address_guard.GuardedResolver"
    assert settings.getbool("POLWIRE_ALLOW_PRIVATE_NETWORKS") is False


def test_allow_private_networks_comes_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "polwire.toml"
    config.write_text("[crawl]\nallow_private_networks = true\n", encoding="utf-8")
    settings = crawl_settings(
        database_url="postgresql://unused", overrides={"POLWIRE_CONFIG": str(config)}
    )
    ConfigAddon().update_settings(settings)
    assert settings.getbool("POLWIRE_ALLOW_PRIVATE_NETWORKS") is True
