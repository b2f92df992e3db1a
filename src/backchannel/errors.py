"""Errors a user can cause, each with a stable code (the spaCy way: E001, ...).

The CLI prints ``error[CODE]: message`` on one line and exits non-zero; library
callers catch :class:`BackchannelError`.
"""

from __future__ import annotations


class BackchannelError(Exception):
    """An error caused by input or configuration, safe to show to a user."""

    code = "BC000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:  # one line, always
        return " ".join(str(self.args[0]).split()) if self.args else self.code


class InputError(BackchannelError):
    """A document that cannot be read: missing, empty, binary, undecodable, too big."""

    code = "BC100"


class ConfigError(BackchannelError):
    """A bad option, model name, dictionary file or database URL."""

    code = "BC200"


class StoreError(BackchannelError):
    """The database cannot be opened or written."""

    code = "BC300"


class EvalError(BackchannelError):
    """Gold data that cannot be read for an evaluation."""

    code = "BC400"
