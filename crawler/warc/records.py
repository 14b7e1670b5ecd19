"""Reads the HTTP responses of a WARC or ARC file (gzipped or not) record by record, with each
record's byte offset, and steps over broken records instead of stopping at the first one."""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, Any, TypeVar

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from polwire.core.reasons import SkipReason

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_ARC_START = b"filedesc://"
_SCAN_CHUNK = 1 << 20
_MEMBER_CHUNK = 1 << 16
# Room for the WARC and HTTP headers above a payload of the largest size kept.
_HEADER_ALLOWANCE = 64 * 1024
_HEAD_PEEK = 4096  # what usually holds a whole WARC header
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
    # warcio's own slips on hostile bytes (a header line with no value, ...).
    AttributeError,
    TypeError,
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


@dataclass(frozen=True, slots=True)
class UnwantedResponse:
    """An HTTP response of a host the caller does not want, judged from the record's WARC
    header alone: its payload was inflated only to find where the record ends, never parsed
    (a CC-NEWS file holds thousands of outlets, and an import wants a few)."""

    offset: int
    url: str
    read_to: int | None = None  # see OtherRecord


ArchiveEntry = ArchivedResponse | SkippedRecord | OtherRecord | UnwantedResponse
# Which responses a reader should parse, by their target URL (None: every one).
UrlFilter = Callable[[str], bool]


def read_archive(
    path: str,
    *,
    start: int = 0,
    max_record_bytes: int = 10 * 1024 * 1024,
    wanted: UrlFilter | None = None,
) -> Iterator[ArchiveEntry]:
    """Every record of the file from byte ``start`` (the offset of a record), in order.

    A record that cannot be read is given as a :class:`SkippedRecord` with its reason, and
    reading goes on at the next record start found after it (the next gzip member, or the
    next ``WARC/1.`` header line in an uncompressed file). In a file gzipped per record, a
    response whose target URL ``wanted`` refuses is an :class:`UnwantedResponse`, told from
    its WARC header without parsing the rest."""
    with open(path, "rb") as fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
        if gzipped and _first_member_holds_more(fh, max_record_bytes):
            yield from _read_stream(path, start, max_record_bytes)
        elif gzipped:
            yield from _read_members(path, fh, start, max_record_bytes, wanted)
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


# Skipped records are logged at INFO: the run's summary line counts them by reason, and an
# archive with many broken records must not print a line each (-v and the run's log show them).


def _read_members(
    path: str, fh: IO[bytes], start: int, max_record_bytes: int, wanted: UrlFilter | None = None
) -> Iterator[ArchiveEntry]:
    """A gzipped archive, one gzip member at a time (a record each, as WARC writers make
    them): a member is checked whole (its deflate stream ends, its CRC matches) before its
    record is parsed, so a cut or garbled member is found exactly and the next one is read."""
    position: int | None = start
    unwanted = _unwanted_head(wanted) if wanted is not None else None
    ahead = _ReadAhead()
    while position is not None:
        member = _inflate_member(fh, position, max_record_bytes, unwanted, ahead)
        if member is None:
            return  # the end of the file
        data, end, complete = member
        if isinstance(data, UnwantedResponse | OtherRecord):
            yield replace(data, offset=position)
            position = end
            continue
        if not complete:
            # No data: no gzip member starts there (junk between members, or a false start
            # found inside a broken member).
            reason = SkipReason.TRUNCATED_RECORD if data is not None else SkipReason.JUNK
            logger.info("%s: %s at byte %d: skipped", path, reason, position)
            yield SkippedRecord(position, reason)
            position = _next_start(fh, position + 1, _GZIP_MAGIC)
            continue
        if data is None:  # inflated past the limit: only its head was kept
            yield SkippedRecord(position, SkipReason.RECORD_TOO_LARGE)
        else:
            yield from _records_in(path, data, position, max_record_bytes)
        position = end


@dataclass(slots=True)
class _ReadAhead:
    """The bytes read past the end of the last member (the start of the next one), and where
    they start: the next member is inflated from them, not read again after a seek (a member
    of a CC-NEWS file is a few kB, a read is 64 kB)."""

    offset: int = -1
    data: bytes = b""

    def take(self, fh: IO[bytes], position: int) -> bytes:
        """What was read ahead from ``position`` (the file stands past it), or b"" after a
        seek to it."""
        if self.offset == position and len(self.data) >= len(_GZIP_MAGIC):
            data, self.offset, self.data = self.data, -1, b""
            return data
        self.offset, self.data = -1, b""
        fh.seek(position)
        return b""


def _inflate_member(
    fh: IO[bytes],
    position: int,
    max_record_bytes: int,
    unwanted: Callable[[bytes], UnwantedResponse | OtherRecord | None] | None = None,
    ahead: _ReadAhead | None = None,
) -> tuple[bytes | UnwantedResponse | OtherRecord | None, int, bool] | None:
    """(record bytes, where the member ends, whether it is whole) of the member at
    ``position``; bytes None for a member larger than the limit (complete) or one that is
    no gzip at all (incomplete). None at the end of the file.

    ``unwanted`` judges the record by its first bytes (its WARC header): a record it names
    is given as that verdict instead of its bytes, inflated to its end but not kept.
    ``ahead`` carries what was read past this member's end to the next call."""
    ahead = ahead or _ReadAhead()
    pending = ahead.take(fh, position)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = bytearray()
    limit = max_record_bytes + _HEADER_ALLOWANCE
    too_large = False
    first = True
    verdict: UnwantedResponse | OtherRecord | None = None
    try:
        while not inflater.eof:
            chunk, pending = (pending, b"") if pending else (fh.read(_MEMBER_CHUNK), b"")
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
                    if unwanted is not None and (len(out) >= _HEAD_PEEK or inflater.eof):
                        verdict, unwanted = unwanted(bytes(out[:_HEAD_PEEK])), None
                        if verdict is not None:  # only its end is wanted now
                            too_large = True
                            out.clear()
                if not inflater.unconsumed_tail or inflater.eof:
                    break
                data = inflater.decompress(inflater.unconsumed_tail, _MEMBER_CHUNK * 16)
        end = fh.tell() - len(inflater.unused_data)
    except zlib.error:
        return (bytes(out), fh.tell(), False)
    ahead.offset, ahead.data = end, inflater.unused_data
    if verdict is not None:
        return (verdict, end, True)
    return (None if too_large else bytes(out), end, True)


_WARC_TYPE = re.compile(rb"^WARC-Type:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)
_TARGET_URI = re.compile(rb"^WARC-Target-URI:[ \t]*<?([^\s>]+)", re.MULTILINE | re.IGNORECASE)


def _unwanted_head(wanted: UrlFilter) -> Callable[[bytes], UnwantedResponse | OtherRecord | None]:
    """A judge of a record's first bytes: a record that is no response needs no parsing, nor
    one whose target ``wanted`` refuses. None (parse it) whenever the header is not plainly
    a WARC header with those lines: broken records are found and counted as before."""

    def judge(head: bytes) -> UnwantedResponse | OtherRecord | None:
        end = head.find(b"\r\n\r\n")
        if not head.startswith(_WARC_START) or end < 0:
            return None
        block = head[:end]
        kind = _WARC_TYPE.search(block)
        if kind is None:
            return None
        if kind.group(1).lower() != b"response":
            return OtherRecord(0)
        target = _TARGET_URI.search(block)
        url = target.group(1).decode("utf-8", "replace") if target else ""
        if not url.startswith(("http://", "https://")) or wanted(url):
            return None
        return UnwantedResponse(0, url)

    return judge


def _records_in(
    path: str, data: bytes, offset: int, max_record_bytes: int
) -> Iterator[ArchiveEntry]:
    """The records of one inflated member (usually one), all at the member's offset."""
    iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        while True:
            record = _quietly(next, iterator, None)
            if record is None:
                return
            entry = _quietly(_entry, record, offset, max_record_bytes)
            if isinstance(entry, ArchivedResponse) and not _ends_cleanly(data):
                logger.info("%s: record at byte %d is not as long as it says", path, offset)
                entry = SkippedRecord(offset, SkipReason.BAD_LENGTH, entry.url)
            yield entry
    except _BROKEN as exc:
        logger.info("%s: unreadable record at byte %d (%.120s): skipped", path, offset, exc)
        yield SkippedRecord(offset, _reason(exc, data[:_HEADER_ALLOWANCE]))
    finally:
        iterator.close()


def _read_plain(
    path: str, fh: IO[bytes] | gzip.GzipFile, start: int, max_record_bytes: int
) -> Iterator[ArchiveEntry]:
    """An uncompressed archive: warcio reads it; after a broken record, or wherever warcio
    stops before the end of the file, reading starts again at the next ``WARC/1.`` (or ARC)
    header line. A record is only taken whole: its block must end where its Content-Length
    says, and bytes between records that are no record are counted as junk (both checked on
    the file itself; not in an archive gzipped whole, which cannot seek back cheaply)."""
    markers = (_WARC_START, _ARC_START)
    check = None if isinstance(fh, gzip.GzipFile) else open(path, "rb")  # noqa: SIM115
    warc_file = False  # every record of a WARC file starts WARC/1. (an ARC's, with a URL)
    if check is not None:
        warc_file = check.read(len(_WARC_START)) == _WARC_START
    position: int | None = start
    try:
        while position is not None:
            last: int | None = None  # offset of the last record read from ``position``
            failed = False
            fh.seek(position)
            iterator = ArchiveIterator(fh, arc2warc=True)
            try:
                while (record := _quietly(next, iterator, None)) is not None:
                    # Moved to the record's start once the one before was read to its end.
                    last = iterator.offset
                    entry = _quietly(_entry, record, last, max_record_bytes)
                    damage = _damage(check, last, warc_file) if check is not None else None
                    if damage is not None:
                        logger.info("%s: %s at byte %d: skipped", path, damage, last)
                        url = entry.url if isinstance(entry, ArchivedResponse) else None
                        entry = SkippedRecord(last, damage, url)
                    yield entry
            except _BROKEN as exc:
                failed = True
                if last is None:
                    logger.info("%s: unreadable record at byte %d (%.120s)", path, position, exc)
                    fh.seek(position)
                    yield SkippedRecord(position, _reason(exc, fh.read(_HEADER_ALLOWANCE)))
            finally:
                iterator.close()
            if last is None and not failed and not _only_blank_from(fh, position):
                # warcio ended quietly at what is no record (its EOFError on a bad header).
                logger.info("%s: unreadable record at byte %d", path, position)
                yield SkippedRecord(position, SkipReason.BAD_RECORD_HEADER)
            # Go on from the next record start after the last record read, or after the
            # record that could not be read (for a whole file: the end, found at once).
            resume_after = last if last is not None else position
            position = _next_start(fh, resume_after + 1, markers)
            if check is not None and last is not None:
                junk = _junk_between(check, last, position)
                if junk is not None:
                    logger.info("%s: junk at byte %d: skipped", path, junk)
                    yield SkippedRecord(junk, SkipReason.JUNK)
    finally:
        if check is not None:
            check.close()


def _declared_end(fh: IO[bytes], offset: int) -> int | None:
    """Where the WARC record at ``offset`` ends by its Content-Length (after its closing
    CRLF CRLF); None when no WARC header with a length starts there (an ARC record, junk, a
    header too long to look at)."""
    fh.seek(offset)
    head = fh.read(_HEAD_PEEK)
    if not head.startswith(_WARC_START):
        return None
    if b"\r\n\r\n" not in head:  # a long header: look further
        head += fh.read(_HEADER_ALLOWANCE - len(head))
    end = _first_record_end(head)
    return offset + end if end is not None and end >= 0 else None


def _damage(fh: IO[bytes], offset: int, warc_file: bool) -> SkipReason | None:
    """Why the record warcio read at ``offset`` is not to be taken: junk warcio read as a
    record (in a WARC file every record starts ``WARC/1.``), or a block that does not end
    where its Content-Length says; None for a whole record."""
    fh.seek(offset)
    if not fh.read(len(_WARC_START)).startswith(_WARC_START):
        return SkipReason.JUNK if warc_file else None
    end = _declared_end(fh, offset)
    if end is None:
        return None
    fh.seek(end - 4)
    return None if fh.read(4) == b"\r\n\r\n" else SkipReason.BAD_LENGTH


def _junk_between(fh: IO[bytes], last: int, following: int | None) -> int | None:
    """Where non-blank bytes that are no record start, between the end of the whole record
    at ``last`` and the next record start (or the end of the file); None when there are none
    (or the record at ``last`` was itself damaged, and counted so)."""
    end = _declared_end(fh, last)
    if end is None:
        return None
    fh.seek(end - 4)
    if fh.read(4) != b"\r\n\r\n":
        return None
    gap = fh.read((following - end) if following is not None else _SCAN_CHUNK)
    stripped = gap.lstrip(b"\r\n \t")
    return end + len(gap) - len(stripped) if stripped else None


def _only_blank_from(fh: IO[bytes] | gzip.GzipFile, position: int) -> bool:
    fh.seek(position)
    return not fh.read(_SCAN_CHUNK).strip()


def _ends_cleanly(data: bytes) -> bool:
    """Whether the (first) WARC record of inflated member bytes ends where its Content-Length
    says; an ARC record, or one whose header is unreadable, is left to warcio."""
    end = _first_record_end(data)
    if end is None or end < 0 or not data.startswith(_WARC_START):
        return True
    return data[end - 4 : end] == b"\r\n\r\n"


class _WarningsToLog(io.TextIOBase):
    """Where warcio's own warnings go (it writes them to sys.stderr): the run's log, at INFO
    (the terminal shows the reader's own one line per skipped record instead)."""

    def __init__(self) -> None:
        super().__init__()
        self._writing = False  # a handler that writes to sys.stderr must not loop back here

    def write(self, text: str) -> int:
        if text.strip() and not self._writing:
            self._writing = True
            try:
                logger.info("warcio: %s", text.strip())
            finally:
                self._writing = False
        return len(text)


def _quietly(function: Callable[..., _T], *args: Any) -> _T:
    """``function(*args)`` with what warcio writes to stderr logged instead. Only around
    calls into warcio, never across a yield: the consumer's own stderr stays its own."""
    with contextlib.redirect_stderr(_WarningsToLog()):
        return function(*args)


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


def _reason(exc: BaseException, head: bytes = b"") -> SkipReason:
    if _lacks_target(head):  # warcio fails on it with an AttributeError of its own
        return SkipReason.NO_TARGET_URI
    if isinstance(exc, zlib.error | EOFError):  # the data ends inside the record
        return SkipReason.TRUNCATED_RECORD
    if isinstance(exc, StatusAndHeadersParserException) and "HTTP" in str(exc):
        return SkipReason.BAD_HTTP_HEADER
    return SkipReason.BAD_RECORD_HEADER


def _lacks_target(head: bytes) -> bool:
    """Whether ``head`` starts a WARC request, response or revisit record that names no
    WARC-Target-URI."""
    if not head.startswith(_WARC_START):
        return False
    names = {}
    for line in head.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        names[name.strip().lower()] = value.strip().lower()
    kind = names.get(b"warc-type", b"")
    return kind in (b"response", b"request", b"revisit") and not names.get(b"warc-target-uri")


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
