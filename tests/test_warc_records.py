"""The WARC reader and writer on files written here with warcio: offsets to resume from, each
kind of damage skipped by name with the records after it still read, and a crawl's writer
rotating its files."""

from __future__ import annotations

import gzip
import random
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.warc.files import archive_files, file_key
from crawler.warc.records import (
    ArchivedResponse,
    OtherRecord,
    SkippedRecord,
    UnwantedResponse,
    read_archive,
)
from crawler.warc.writer import RotatingWarcWriter
from tests.support.warc_files import ArchivedPage, member_bounds, write_warc


def page(i: int) -> ArchivedPage:
    body = f"<html><head><title>Page {i}</title></head><body><p>{'word ' * 50}{i}</p></body></html>"
    return ArchivedPage(f"http://news.example/{i}.html", body.encode())


def responses(path: Path, **kwargs: Any) -> list[str]:
    return [e.url for e in read_archive(str(path), **kwargs) if isinstance(e, ArchivedResponse)]


def skips(path: Path, **kwargs: Any) -> list[str]:
    return [e.reason for e in read_archive(str(path), **kwargs) if isinstance(e, SkippedRecord)]


def test_every_response_is_read_with_its_body_status_and_an_offset_to_resume_from(
    tmp_path: Path,
) -> None:
    for gzipped in (True, False):
        warc = write_warc(tmp_path / f"a{gzipped}.warc", [page(i) for i in range(4)], gzip=gzipped)
        entries = list(read_archive(str(warc)))
        read = [e for e in entries if isinstance(e, ArchivedResponse)]
        assert [e.url for e in read] == [page(i).url for i in range(4)]
        assert [e.body for e in read] == [page(i).body for i in range(4)]
        assert {(e.status, e.content_type) for e in read} == {(200, "text/html; charset=utf-8")}
        assert sum(isinstance(e, OtherRecord) for e in entries) == 4  # the request records
        assert responses(warc, start=read[2].offset) == [page(2).url, page(3).url]


def test_a_small_archive_gzipped_whole_still_has_offsets_to_resume_from(tmp_path: Path) -> None:
    """`gzip file.warc` of a few KB inflates in the first chunk read: its records must still
    be told apart, each at its own (uncompressed) offset, not all at the member's byte 0."""
    plain = write_warc(tmp_path / "small.warc", [page(i) for i in range(4)], gzip=False)
    warc = tmp_path / "small.warc.gz"
    warc.write_bytes(gzip.compress(plain.read_bytes()))
    read = [e for e in read_archive(str(warc)) if isinstance(e, ArchivedResponse)]
    offsets = [e.offset for e in read]
    assert offsets == sorted(set(offsets)) and offsets[0] > 0
    assert responses(warc, start=read[2].offset) == [page(2).url, page(3).url]


def test_progress_through_an_archive_gzipped_whole_is_told_in_its_compressed_bytes(
    tmp_path: Path,
) -> None:
    """Its offsets are uncompressed ones, several times the file's size: a share of the file
    read is told by how far into its bytes on disk reading has got."""
    words = random.Random(7).choices(["budget", "vote", "diet", "minister", "tariff"], k=60_000)
    pages = [  # text that does not shrink to nothing, so the file spans many reads
        ArchivedPage(f"http://news.example/{i}.html", f"<p>{' '.join(words[i::60])}</p>".encode())
        for i in range(60)
    ]
    plain = write_warc(tmp_path / "big.warc", pages, gzip=False)
    warc = tmp_path / "big.warc.gz"
    warc.write_bytes(gzip.compress(plain.read_bytes()))
    size = warc.stat().st_size
    entries = list(read_archive(str(warc)))
    assert entries[-1].offset > 10 * size  # the uncompressed offsets would say 1000%
    read_to = [e.read_to for e in entries]
    assert all(r is not None and 0 < r <= size for r in read_to)
    assert read_to == sorted(read_to) and read_to[len(read_to) // 2] < size  # it moves on
    # Files read record by record need no such figure: their offsets tell it.
    assert {e.read_to for e in read_archive(str(plain))} == {None}


def test_a_cut_gzip_member_is_skipped_and_the_records_after_it_are_read(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "cut.warc.gz", [page(i) for i in range(5)])
    start, end = member_bounds(warc, page(2).url)
    data = warc.read_bytes()
    warc.write_bytes(data[:start] + data[start : (start + end) // 2] + data[end:])
    assert responses(warc) == [page(i).url for i in (0, 1, 3, 4)]
    assert skips(warc) == ["TruncatedRecord"]


def test_a_file_cut_in_its_last_record_keeps_the_records_before(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "end.warc.gz", [page(i) for i in range(3)])
    warc.write_bytes(warc.read_bytes()[:-40])
    assert responses(warc) == [page(0).url, page(1).url]
    assert skips(warc) == ["TruncatedRecord"]


def test_garbled_headers_binary_large_and_failed_records_are_named(tmp_path: Path) -> None:
    head = write_warc(tmp_path / "head.warc.gz", [page(0)])
    tail = write_warc(
        tmp_path / "tail.warc.gz",
        [
            ArchivedPage("http://news.example/blob.html", b"GIF89a\x00\x00\x01" * 100),
            ArchivedPage("http://news.example/big.html", b"<p>" + b"x" * 5000 + b"</p>"),
            ArchivedPage("http://news.example/gone.html", b"<h1>gone</h1>", status="404 Not Found"),
            page(1),
        ],
    )
    garbled = gzip.compress(b"WARX/9.9 nonsense\r\nWARC-Type: response\r\n\r\n")
    mixed = tmp_path / "mixed.warc.gz"
    mixed.write_bytes(head.read_bytes() + garbled + tail.read_bytes())
    assert responses(mixed, max_record_bytes=4000) == [page(0).url, page(1).url]
    assert skips(mixed, max_record_bytes=4000) == [
        "BadRecordHeader",
        "BinaryPayload",
        "RecordTooLarge",
        "HttpNotOk",
    ]


def test_archive_files_are_found_under_directories_and_known_again_when_moved(
    tmp_path: Path,
) -> None:
    (tmp_path / "month").mkdir()
    first = write_warc(tmp_path / "month" / "b.warc.gz", [page(1)])
    second = write_warc(tmp_path / "month" / "a.warc.gz", [page(2)])
    (tmp_path / "month" / "notes.txt").write_text("not an archive")
    assert archive_files([str(tmp_path / "month"), str(first)]) == [str(second), str(first)]
    moved = tmp_path / "moved.warc.gz"
    moved.write_bytes(first.read_bytes())
    assert file_key(str(moved)) == file_key(str(first)) != file_key(str(second))


def test_a_crawl_s_writer_rotates_its_files_and_each_reads_back(tmp_path: Path) -> None:
    writer = RotatingWarcWriter(tmp_path / "warc", "polwire-test", max_bytes=2000)
    for i in range(6):
        request = Request(page(i).url, headers={"User-Agent": "polwire"})
        response = HtmlResponse(
            page(i).url,
            body=page(i).body,
            headers={"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"},
            request=request,
        )
        writer.write(request, response)
    writer.close()
    assert len(writer.files) > 1
    urls = [url for path in writer.files for url in responses(path)]
    assert urls == [page(i).url for i in range(6)]
    bodies = [
        e.body
        for path in writer.files
        for e in read_archive(str(path))
        if isinstance(e, ArchivedResponse)
    ]
    assert bodies == [page(i).body for i in range(6)]


def _hand_record(url: str | None, http: bytes, declared: int | None = None) -> bytes:
    """A WARC response record written by hand, with the Content-Length it is given."""
    target = f"WARC-Target-URI: {url}\r\n" if url else ""
    return (
        (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"{target}WARC-Date: 2025-01-01T00:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000a>\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) if declared is None else declared}\r\n\r\n"
        ).encode()
        + http
        + b"\r\n\r\n"
    )


HTTP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>" + b"damaged " * 40 + b"</p>"


def test_damage_between_and_inside_uncompressed_records_is_named_and_stepped_over(
    tmp_path: Path, capfd: object
) -> None:
    good = [
        write_warc(tmp_path / f"{i}.warc", [page(i)], gzip=False).read_bytes() for i in range(6)
    ]
    damaged = [
        _hand_record("http://news.example/short.html", HTTP, declared=len(HTTP) - 30),
        _hand_record("http://news.example/long.html", HTTP, declared=len(HTTP) + 30),
        b"an editor's note left between two records\r\nand another line\r\n",
        _hand_record(None, HTTP),
        _hand_record("http://news.example/head.html", b"HTPT/1.1 nonsense\r\n\r\n<p>x</p>"),
    ]
    mixed = tmp_path / "mixed.warc"
    mixed.write_bytes(good[0] + b"".join(d + g for d, g in zip(damaged, good[1:], strict=True)))
    assert responses(mixed) == [page(i).url for i in range(6)]
    assert sorted(skips(mixed)) == sorted(
        ["BadContentLength", "BadContentLength", "Junk", "NoTargetUri", "BadHttpHeader"]
    )


def test_damage_inside_gzip_members_is_named(tmp_path: Path) -> None:
    good = [write_warc(tmp_path / f"{i}.warc.gz", [page(i)]).read_bytes() for i in range(4)]
    damaged = [
        gzip.compress(_hand_record("http://news.example/short.html", HTTP, len(HTTP) - 30)),
        b"junk between members\n" * 3,
        gzip.compress(_hand_record(None, HTTP)),
    ]
    mixed = tmp_path / "mixed.warc.gz"
    mixed.write_bytes(good[0] + b"".join(d + g for d, g in zip(damaged, good[1:], strict=True)))
    assert responses(mixed) == [page(i).url for i in range(4)]
    assert skips(mixed) == ["BadContentLength", "Junk", "NoTargetUri"]


# --- records of other hosts, told from their WARC header ------------------------------------


def other_host(i: int) -> ArchivedPage:
    return ArchivedPage(f"http://elsewhere.example/{i}.html", page(i).body)


def wanted_host(url: str) -> bool:
    return url.startswith("http://news.example/")


def test_records_of_unwanted_hosts_are_told_apart_without_parsing_them(tmp_path: Path) -> None:
    pages = [page(0), other_host(1), page(2), other_host(3)]
    warc = write_warc(tmp_path / "mixed.warc.gz", pages)
    every = list(read_archive(str(warc)))
    judged = list(read_archive(str(warc), wanted=wanted_host))
    # The same records at the same offsets; the other hosts' responses are not parsed.
    assert [e.offset for e in judged] == [e.offset for e in every]
    assert [e.url for e in judged if isinstance(e, ArchivedResponse)] == [page(0).url, page(2).url]
    assert [(e.url, e.offset) for e in judged if isinstance(e, UnwantedResponse)] == [
        (e.url, e.offset) for e in every if isinstance(e, ArchivedResponse) and "elsewhere" in e.url
    ]
    assert sum(isinstance(e, OtherRecord) for e in judged) == 4  # the request records


def test_a_cut_member_of_an_unwanted_host_is_still_counted_as_cut(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "cut.warc.gz", [page(0), other_host(1), page(2)])
    start, end = member_bounds(warc, other_host(1).url)
    data = warc.read_bytes()
    warc.write_bytes(data[:start] + data[start : (start + end) // 2] + data[end:])
    assert skips(warc, wanted=wanted_host) == ["TruncatedRecord"]
    assert responses(warc, wanted=wanted_host) == [page(0).url, page(2).url]


def test_a_wanted_host_s_broken_record_is_parsed_and_named(tmp_path: Path) -> None:
    bad = ArchivedPage("http://news.example/bad.html", b"<html>gone</html>", status="404 Not Found")
    warc = write_warc(tmp_path / "bad.warc.gz", [other_host(0), bad, page(1)])
    assert skips(warc, wanted=wanted_host) == ["HttpNotOk"]
    assert responses(warc, wanted=wanted_host) == [page(1).url]
