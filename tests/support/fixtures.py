"""Where the third-party test fixtures live (``POLWIRE_FIXTURES``), and the one way a test that
needs them skips when they are not there.

The fixtures (real saved news pages with expected fields, the seed article) are not part of
this repository. ``POLWIRE_FIXTURES`` names their directory; a relative value is read from the
repository root, and unset it is ``../shared/fixtures`` beside the repository. Without them,
every test that reads them skips with :data:`SKIP_REASON`, and everything else still runs;
under CI (``CI=true``) a missing fixtures directory fails the run instead (tests/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.services import missing

REPO = Path(__file__).resolve().parents[2]
ENV_VAR = "POLWIRE_FIXTURES"


def fixtures_dir() -> Path:
    value = os.environ.get(ENV_VAR)
    if not value:
        return REPO.parent / "shared" / "fixtures"
    return REPO / Path(value).expanduser()  # an absolute value replaces REPO


def have_fixtures() -> bool:
    return fixtures_dir().is_dir()


SKIP_REASON = (
    f"third-party fixtures not found at {fixtures_dir()}: "
    f"set {ENV_VAR} to their directory (default ../shared/fixtures)"
)


def fixture_path(*parts: str) -> Path:
    """A file under the fixtures directory; skips the calling test when there are no fixtures.

    A fixtures directory that is there but lacks the file is an error, not a skip: a broken
    checkout must not pass as a missing one."""
    if not have_fixtures():
        missing(SKIP_REASON)
    path = fixtures_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing from the fixtures at {fixtures_dir()}")
    return path


def fixture_params(names: list[object], arity: int = 1) -> list[object]:
    """``names`` as parameters, or one skipped parameter (of ``arity`` values) when there are
    no fixtures to name them from (an empty list would skip with pytest's own, vaguer, reason)."""
    if have_fixtures():
        return list(names)
    skipped = pytest.param(*[None] * arity, id="no-fixtures", marks=pytest.mark.skip(SKIP_REASON))
    return [skipped]
