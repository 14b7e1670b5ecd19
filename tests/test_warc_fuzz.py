"""The archive reader under damage: a real WARC (written with warcio, gzipped a member a record
and uncompressed) is cut, flipped, spliced and truncated at hundreds of offsets, and every
record the damage did not touch must be read once, with its body, whatever else the file
holds; nothing may raise, log a traceback or write to stderr (warcio's own warnings go to the
log)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.warc.records import ArchivedResponse, SkippedRecord, read_archive
from tests.support.warc_files import ArchivedPage, write_warc

PAGES = 24
SEED = 20261207


@dataclass(frozen=True, slots=True)
class Span:
    """Where one record lies in the file: [start, end)."""

    url: str | None  # a response record's target; None for the other records
    start: int
    end: int


def page_body(i: int) -> bytes:
    words = " ".join(f"w{i}x{j}" for j in range(60 + 7 * i))
    return f"<html><body><h1>Page {i}</h1><p>{words}</p></body></html>".encode()


def url_of(i: int) -> str:
    return f"http://news.example/a/{i}.html"


def spans(path: Path) -> list[Span]:
    found = []
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            url = (
                record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response"
                else None
            )
            start = iterator.offset
            iterator.read_to_end()
            found.append(Span(url, start, start + iterator.get_record_length()))
    return found


@pytest.fixture(scope="module", params=["gzip", "plain"])
def archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / f"site.warc{'.gz' if request.param == 'gzip' else ''}"
    pages = [ArchivedPage(url_of(i), page_body(i)) for i in range(PAGES)]
    return write_warc(path, pages, gzip=request.param == "gzip")


# A mutation: (original bytes, rng) -> (damaged bytes, the damaged stretch [a, b) of the
# original: every record overlapping it may be lost or read as damaged).
Mutation = Callable[[bytes, random.Random], tuple[bytes, int, int]]


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, int, int]:
    at = rng.randrange(1, len(data))
    return data[:at], at, len(data)


def flip(data: bytes, rng: random.Random) -> tuple[bytes, int, int]:
    at = rng.randrange(len(data))
    damaged = bytearray(data)
    for k in range(rng.randint(1, 4)):
        if at + k < len(damaged):
            damaged[at + k] ^= 1 << rng.randrange(8)
    return bytes(damaged), at, at + 4


def cut(data: bytes, rng: random.Random) -> tuple[bytes, int, int]:
    at = rng.randrange(len(data) - 1)
    length = rng.randint(1, 400)
    return data[:at] + data[at + length :], at, at + length


def splice(data: bytes, rng: random.Random) -> tuple[bytes, int, int]:
    at = rng.randrange(len(data))
    junk = rng.choice(
        [
            b"garbage\r\n" * rng.randint(1, 5),
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))),
            b"\x1f\x8b\x08\x00junk",
            b"WARC/1.0\r\nnot a header\r\n\r\n",
        ]
    )
    return data[:at] + junk + data[at:], at, at + 1


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip": flip,
    "cut": cut,
    "splice": splice,
}


def untouched(layout: list[Span], start: int, end: int) -> set[str]:
    """The response records that lie wholly outside the damaged stretch [start, end)."""
    return {s.url for s in layout if s.url and (s.end <= start or s.start >= end)}


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_every_untouched_record_is_read_once_whatever_the_damage(
    archive: Path,
    kind: str,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    original = archive.read_bytes()
    layout = spans(archive)
    assert len([s for s in layout if s.url]) == PAGES
    bodies = {url_of(i): page_body(i) for i in range(PAGES)}
    rng = random.Random(f"{SEED}-{kind}-{archive.name}")
    damaged_file = tmp_path / archive.name
    for trial in range(80):
        damaged, start, end = MUTATIONS[kind](original, rng)
        damaged_file.write_bytes(damaged)
        read = Counter()
        skipped = 0
        for entry in read_archive(str(damaged_file)):
            if isinstance(entry, ArchivedResponse) and bodies.get(entry.url) == entry.body:
                read[entry.url] += 1
            elif isinstance(entry, SkippedRecord):
                skipped += 1
        expected = untouched(layout, start, end)
        where = f"{kind} trial {trial} at [{start}, {end})"
        assert {u: n for u, n in read.items() if u in expected} == dict.fromkeys(expected, 1), where
        assert all(n == 1 for n in read.values()), where
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []  # no traceback
