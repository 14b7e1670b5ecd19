"""Reads the HTTP responses of a WARC or ARC file (gzipped or not) record by record, with each
record's byte offset, and steps over broken records instead of stopping at the first one."""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from polwire.core.stat_keys import SkipReason

logger = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_ARC_START = b"filedesc://"
_SCAN_CHUNK = 1 << 20
_MEMBER_CHUNK = 1 << 16
# Room for the WARC and HTTP headers above a payload of the largest size kept.
_HEADER_ALLOWANCE = 64 * 1024
# What a damaged member or header raises inside warcio (zlib for a cut or garbled gzip member,
# ValueError for a Content-Length that is not a number, EOFError for a file cut in a header).
_BROKEN = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    IndexError,
    KeyError,
    UnicodeDecodeError,
)


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """One HTTP response as the archive kept it."""

    offset: int  # where its record starts in the file
    url: str
    fetched_at: datetime  # WARC-Date: when the archive fetched it
    status: int
    content_type: str
    body: bytes  # transfer and content encodings undone
    read_to: int | None = None  # see OtherRecord


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    offset: int
    reason: SkipReason
    url: str | None = None
    read_to: int | None = None  # see OtherRecord


@dataclass(frozen=True, slots=True)
class OtherRecord:
    """A record that is no HTTP response (request, metadata, warcinfo...): nothing to read."""

    offset: int
    # In a file gzipped whole, offsets are uncompressed ones: how far into its compressed
    # bytes reading had got (for progress). None elsewhere: there the offset says it.
    read_to: int | None = None


ArchiveEntry = ArchivedResponse | SkippedRecord | OtherRecord


def read_archive(
    path: str, *, start: int = 0, max_record_bytes: int = 10 * 1024 * 1024
) -> Iterator[ArchiveEntry]:
    """Every record of the file from byte ``start`` (the offset of a record), in order.

    A record that cannot be read is given as a :class:`SkippedRecord` with its reason, and
    reading goes on at the next record start found after it (the next gzip member, or the
    next ``WARC/1.`` header line in an uncompressed file)."""
    with open(path, "rb") as fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
        if gzipped and _first_member_holds_more(fh, max_record_bytes):
            yield from _read_stream(path, start, max_record_bytes)
        elif gzipped:
            yield from _read_members(path, fh, start, max_record_bytes)
        else:
            yield from _read_plain(path, fh, start, max_record_bytes)


def _first_member_holds_more(fh: IO[bytes], max_record_bytes: int) -> bool:
    """Whether the file's first gzip member goes on past its first record: a whole archive
    gzipped at once (`gzip file.warc`), not a member a record as WARC writers make them.

    Such a file has no record offsets to seek to: it is read as one stream (see
    :func:`_read_stream`). Only the first record is inflated to tell."""
    fh.seek(0)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = bytearray()
    limit = max_record_bytes + _HEADER_ALLOWANCE
    try:
        while len(out) <= limit:
            chunk = inflater.unconsumed_tail or fh.read(_MEMBER_CHUNK)
            if not chunk:
                return False
            out += inflater.decompress(chunk, _MEMBER_CHUNK * 16)
            end = _first_record_end(bytes(out[: limit + 1]))
            if end is not None and end < 0:
                return False
            if end is not None and out[end:].strip():
                return True  # a second record in the same member
            if inflater.eof:
                # The member ended (a small archive inflates in one chunk): what followed
                # its first record, if anything, was only blank lines.
                return False
    except zlib.error:
        return False  # a broken first member: read member by member, which skips it
    return False  # a first record over the limit: read member by member, which skips it


def _first_record_end(data: bytes) -> int | None:
    """Where the first record of inflated archive bytes ends (its header says how long it
    is); None while its header is not all there yet, -1 when it is no record header."""
    if data.startswith(_WARC_START):
        head_end = data.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        for line in data[:head_end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length" and value.strip().isdigit():
                return head_end + 4 + int(value.strip()) + 4  # the record ends in CRLF CRLF
        return -1
    if data.startswith(_ARC_START):
        line_end = data.find(b"\n")
        if line_end < 0:
            return None
        length = data[:line_end].split()[-1]
        return line_end + 1 + int(length) + 1 if length.isdigit() else -1
    return -1 if len(data) >= len(_WARC_START) else None


def _read_stream(path: str, start: int, max_record_bytes: int) -> Iterator[ArchiveEntry]:
    """A whole archive in one gzip stream: read through its inflated bytes, so a record's
    offset is its place in the uncompressed archive. Resuming at ``start`` inflates the
    stream up to it again, skipping the records before it (there is no other way into a
    deflate stream); a stream cut or broken part-way ends the file there."""
    last = start
    try:
        with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as stream:
            for entry in _read_plain(path, stream, start, max_record_bytes):
                last = entry.offset
                yield replace(entry, read_to=raw.tell())
    except _BROKEN as exc:
        logger.warning(
            "%s: gzip stream broken after byte %d (%.120s): the rest is lost", path, last, exc
        )
        yield SkippedRecord(last, SkipReason.TRUNCATED_RECORD)


def _read_members(
    path: str, fh: IO[bytes], start: int, max_record_bytes: int
) -> Iterator[ArchiveEntry]:
    """A gzipped archive, one gzip member at a time (a record each, as WARC writers make
    them): a member is checked whole (its deflate stream ends, its CRC matches) before its
    record is parsed, so a cut or garbled member is found exactly and the next one is read."""
    position: int | None = start
    while position is not None:
        member = _inflate_member(fh, position, max_record_bytes)
        if member is None:
            return  # the end of the file
        data, end, complete = member
        if not complete:
            reason = (
                SkipReason.TRUNCATED_RECORD if data is not None else SkipReason.BAD_RECORD_HEADER
            )
            logger.info("%s: %s at byte %d: skipped", path, reason, position)
            yield SkippedRecord(position, reason)
            position = _next_start(fh, position + 1, _GZIP_MAGIC)
            continue
        if data is None:  # inflated past the limit: only its head was kept
            yield SkippedRecord(position, SkipReason.RECORD_TOO_LARGE)
        else:
            yield from _records_in(path, data, position, max_record_bytes)
        position = end


def _inflate_member(
    fh: IO[bytes], position: int, max_record_bytes: int
) -> tuple[bytes | None, int, bool] | None:
    """(record bytes, where the member ends, whether it is whole) of the member at
    ``position``; bytes None for a member larger than the limit (complete) or one that is
    no gzip at all (incomplete). None at the end of the file."""
    fh.seek(position)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = bytearray()
    limit = max_record_bytes + _HEADER_ALLOWANCE
    too_large = False
    first = True
    try:
        while not inflater.eof:
            chunk = fh.read(_MEMBER_CHUNK)
            if not chunk:
                if first:
                    return None
                return (bytes(out), fh.tell(), False)  # cut short by the end of the file
            if first and not chunk.startswith(_GZIP_MAGIC[:2]):
                return (None, position, False)
            first = False
            # Bounded output per call: a 200 MB record of one repeated byte is a few hundred
            # kB compressed, and must not be inflated into memory at once.
            data = inflater.decompress(chunk, _MEMBER_CHUNK * 16)
            while True:
                if not too_large:
                    out += data
                    too_large = len(out) > limit
                if not inflater.unconsumed_tail or inflater.eof:
                    break
                data = inflater.decompress(inflater.unconsumed_tail, _MEMBER_CHUNK * 16)
        end = fh.tell() - len(inflater.unused_data)
    except zlib.error:
        return (bytes(out), fh.tell(), False)
    return (None if too_large else bytes(out), end, True)


# Skipped records are logged at INFO: the run's summary line counts them by reason, and an
# archive with many broken records must not print a line each (-v and the run's log show them).


def _records_in(
    path: str, data: bytes, offset: int, max_record_bytes: int
) -> Iterator[ArchiveEntry]:
    """The records of one inflated member (usually one), all at the member's offset."""
    iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for record in iterator:
            yield _entry(record, offset, max_record_bytes)
    except _BROKEN as exc:
        logger.info("%s: unreadable record at byte %d (%.120s): skipped", path, offset, exc)
        yield SkippedRecord(offset, _reason(exc))
    finally:
        iterator.close()


def _read_plain(
    path: str, fh: IO[bytes] | gzip.GzipFile, start: int, max_record_bytes: int
) -> Iterator[ArchiveEntry]:
    """An uncompressed archive: warcio reads it; after a broken record, reading starts
    again at the next ``WARC/1.`` (or ARC) header line."""
    markers = (_WARC_START, _ARC_START)
    position: int | None = start
    while position is not None:
        fh.seek(position)
        iterator = ArchiveIterator(fh, arc2warc=True)
        last: int | None = None  # offset of the last record read from ``position``
        try:
            while True:
                try:
                    record = next(iterator)
                except StopIteration:
                    return
                # Moved to the record's start once the one before was read to its end.
                last = iterator.offset
                yield _entry(record, last, max_record_bytes)
        except _BROKEN as exc:
            if last is not None:
                # Somewhere past the last good start: read again from the next start after
                # it, where the broken record fails first thing and is counted below.
                position = _next_start(fh, last + 1, markers)
                continue
            logger.info("%s: unreadable record at byte %d (%.120s)", path, position, exc)
            yield SkippedRecord(position, _reason(exc))
            position = _next_start(fh, position + 1, markers)
        finally:
            iterator.close()


def _entry(record: Any, offset: int, max_record_bytes: int) -> ArchiveEntry:
    if record.rec_type != "response":
        return OtherRecord(offset)
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    if not url.startswith(("http://", "https://")):
        return SkippedRecord(offset, SkipReason.NO_TARGET_URI)
    if record.length is not None and int(record.length) > max_record_bytes:
        return SkippedRecord(offset, SkipReason.RECORD_TOO_LARGE, url)
    headers = record.http_headers
    if headers is None:
        return SkippedRecord(offset, SkipReason.BAD_HTTP_HEADER, url)
    try:
        status = int(headers.get_statuscode())
    except (TypeError, ValueError):
        return SkippedRecord(offset, SkipReason.BAD_HTTP_HEADER, url)
    body = record.content_stream().read(max_record_bytes + 1)
    if record.raw_stream.limit > 0:
        return SkippedRecord(offset, SkipReason.TRUNCATED_RECORD, url)
    if len(body) > max_record_bytes:
        return SkippedRecord(offset, SkipReason.RECORD_TOO_LARGE, url)
    if status != 200:
        return SkippedRecord(offset, SkipReason.HTTP_NOT_OK, url)
    if b"\x00" in body[:4096]:
        return SkippedRecord(offset, SkipReason.BINARY_PAYLOAD, url)
    return ArchivedResponse(
        offset=offset,
        url=url,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        status=status,
        content_type=headers.get_header("Content-Type") or "",
        body=body,
    )


def _reason(exc: BaseException) -> SkipReason:
    if isinstance(exc, zlib.error | EOFError):  # the data ends inside the record
        return SkipReason.TRUNCATED_RECORD
    if isinstance(exc, StatusAndHeadersParserException) and "HTTP" in str(exc):
        return SkipReason.BAD_HTTP_HEADER
    return SkipReason.BAD_RECORD_HEADER


def _next_start(
    fh: IO[bytes] | gzip.GzipFile, after: int, marker: bytes | tuple[bytes, ...]
) -> int | None:
    """The offset of the first record start at or after ``after``, or None at the end."""
    markers = marker if isinstance(marker, tuple) else (marker,)
    position = after
    keep = max(len(m) for m in markers) - 1
    while True:
        fh.seek(position)
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        found = [i for i in (chunk.find(m) for m in markers) if i >= 0]
        if found:
            return position + min(found)
        if len(chunk) < _SCAN_CHUNK:
            return None
        position += len(chunk) - keep


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        except ValueError:
            pass
        try:  # ARC dates: 20250101120000
            return datetime.strptime(value.strip()[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)
