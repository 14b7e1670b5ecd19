"""No tracked file names a path of the machine it was written on: a developer's checkout, home
or notes mean nothing on a user's machine, and can say more than a repository should."""

from __future__ import annotations

import re
import subprocess

from tests.support.cli import REPO

# Absolute paths under the places checkouts and homes live.
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:work|root|Users|home/(?!polwire/))[/\w.-]")
# /home/polwire/ is the polwire user of the container image (deploy/Dockerfile makes it), a
# path inside the image, not on a machine of ours.


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout
    return [name for name in listed.decode("utf-8").split("\0") if name]


def test_no_tracked_file_holds_an_absolute_machine_path() -> None:
    found = []
    for name in tracked_files():
        path = REPO / name
        if not path.is_file():
            continue  # deleted in the working tree
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if MACHINE_PATH.search(line):
                found.append(f"{name}:{number}: {line.strip()[:120]}")
    assert found == []


def test_the_pattern_finds_machine_paths_and_leaves_urls_and_image_paths() -> None:
    # Spelled in pieces, so that this file holds none itself.
    for line in (
        "# see /" + "work/shared/SOURCES-NOTES.md",
        'home = "/' + 'home/alice/polwire"',
        "cd /" + "root/src",
        "/" + "Users/bob/x",
    ):
        assert MACHINE_PATH.search(line), line
    for line in (
        "https://example.org/work/politics",
        "POLWIRE_HOME: /home/polwire/data",
        "~/work/notes",
        "the ./work/ directory",
        "homework/a",
    ):
        assert not MACHINE_PATH.search(line), line
