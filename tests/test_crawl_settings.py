"""The Scrapy components polwire leaves out to start faster come back when turned on."""

from __future__ import annotations

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
