"""The two errors of record input and output, shared by the readers, the writers and the
commands (a module of its own so that none of them imports another for them)."""

from __future__ import annotations

__all__ = ["InputError", "RecordError"]


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unknown format,
    malformed JSON document, missing optional dependency)."""


class RecordError(Exception):
    """One record cannot be used; the message is ``"kind: detail"``."""
