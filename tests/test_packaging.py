"""What `pip install .` puts into site-packages: only the crawler, pipelines, scheduler and
polwire import roots (no config, storage or tests colliding with other packages), with the
data files the code reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_wheel_adds_four_import_roots_and_its_data(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("-q", "-w", str(tmp_path), str(REPO)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("polwire-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    roots = {name.split("/")[0] for name in names if ".dist-info/" not in name}
    assert roots == {"crawler", "pipelines", "scheduler", "polwire"}
    for data in (
        "polwire/storage/migrations/0001_initial_schema.sql",
        "polwire/storage/queries/run_start.sql",
        "polwire/console/web/templates/base.html",
        "crawler/sources/builtin.toml",
        "polwire/entities/gazetteer/jp.toml",
        "polwire/entities/offices.toml",
    ):
        assert data in names, data
