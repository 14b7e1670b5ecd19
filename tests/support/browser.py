"""A real headless Chromium (Debian's chromium + chromium-driver) driven through selenium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.services import missing

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for path in paths:
        if Path(path).is_file():
            return path
    return shutil.which(name)


def require_chromium() -> tuple[str, str]:
    """The browser and driver paths; without them the test fails in CI (CI=true: .ci/run
    installs them) and is skipped, saying why, on a developer's machine."""
    browser = _first(CHROMIUM_CANDIDATES, "chromium")
    driver = _first(DRIVER_CANDIDATES, "chromedriver")
    if browser and driver:
        return browser, driver
    message = (
        "headless Chromium is missing (need chromium and chromium-driver: "
        "apt-get install -y chromium chromium-driver; .ci/run does it)"
    )
    missing(message)


@contextmanager
def chromium(width: int = 1360, height: int = 1000) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",  # tests run as root in CI
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    """What the page logged as errors (script errors, CSP violations, failed loads)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def full_page_screenshot(driver: Any, path: Path) -> Path:
    """The whole page, not only the window: the window is resized to the page's height."""
    height = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"
    )
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(int(height) + 120, 600), 4000))
    driver.save_screenshot(str(path))
    return path
