"""Errors the storage layer raises, each with a one-line message a user can act on."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: the message is one line, safe to print (never a password)."""


class DatabaseUnavailable(StorageError):
    """PostgreSQL could not be reached or refused the connection."""


class MigrationError(StorageError):
    """A migration failed to apply."""
