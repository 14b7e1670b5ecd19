"""A stored page as text for the raw view, whatever charset its server claimed."""

from __future__ import annotations

import codecs


def text_codec(name: str | None) -> codecs.CodecInfo | None:
    """The codec a charset names, when it is one that turns bytes into text (``base64``,
    ``zlib`` or ``rot13`` are codecs too, but not text encodings); None for anything else."""
    try:
        info = codecs.lookup(name or "utf-8")
    except (LookupError, TypeError, ValueError):
        return None
    # CodecInfo marks bytes-to-bytes and str-to-str codecs as not text encodings.
    return info if getattr(info, "_is_text_encoding", True) else None


def escaped_bytes(html: bytes) -> str:
    """Bytes shown as they are: ASCII as text, every other byte as \\xNN."""
    return html.decode("ascii", "backslashreplace")


def raw_text(html: bytes, charset: str | None) -> str:
    """The page decoded with its charset (bad bytes replaced); shown as escaped bytes when the
    charset is unknown, not a text encoding, or its decoder fails on these bytes."""
    codec = text_codec(charset)
    if codec is None:
        return escaped_bytes(html)
    try:
        return codec.decode(html, "replace")[0]
    except (UnicodeError, ValueError, TypeError, LookupError):
        return escaped_bytes(html)  # idna, punycode, ... raise whatever the error handler
