"""Expected network failures (DNS, refused or lost connections, timeouts, TLS) logged as one line
naming the error class, on the terminal and in the run's log: a traceback says nothing about
a host that does not answer, and Scrapy attaches one to some of these lines. Tracebacks stay
for everything else, the real bugs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from OpenSSL.SSL import Error as TLSError
from scrapy import exceptions as scrapy_errors
from twisted.internet import defer
from twisted.internet import error as tx_error
from twisted.web._newclient import ResponseNeverReceived
from twisted.web.client import ResponseFailed

NETWORK_FAILURES: tuple[type[BaseException], ...] = (
    # Scrapy's own (what its download handlers turn Twisted's errors into)
    scrapy_errors.CannotResolveHostError,
    scrapy_errors.DownloadCancelledError,
    scrapy_errors.DownloadConnectionRefusedError,
    scrapy_errors.DownloadFailedError,
    scrapy_errors.DownloadTimeoutError,
    scrapy_errors.ResponseDataLossError,
    tx_error.ConnectError,  # refused, DNS lookup, TCP time-out, no route, ...
    tx_error.ConnectionLost,
    tx_error.ConnectionDone,
    tx_error.TimeoutError,
    defer.TimeoutError,
    ResponseFailed,
    ResponseNeverReceived,
    TLSError,
)


def network_failure(exc_info: Any) -> BaseException | None:
    """The network failure a log record's ``exc_info`` carries, if that is what it carries."""
    if not isinstance(exc_info, tuple) or len(exc_info) != 3:
        return None
    exc = exc_info[1]
    return exc if isinstance(exc, NETWORK_FAILURES) else None


def install_one_line_network_failures() -> None:
    """Make every log record of this process that carries a network failure one line: its
    message and the error class, without the traceback (all handlers, the run log's too)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "one_line_network_failures", False):
        return

    def one_line(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        failure = network_failure(record.exc_info)
        if failure is not None:
            record.msg = f"{record.getMessage()} ({type(failure).__name__})"
            record.args = None
            record.exc_info = None
        return record

    factory: Callable[..., logging.LogRecord] = one_line
    factory.one_line_network_failures = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
