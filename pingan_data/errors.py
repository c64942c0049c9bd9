"""The library's exceptions. Imports nothing, so ``import pingan_data`` stays cheap.

Every error the library raises on purpose is a :class:`PinganDataError`; those about an argument are also
the built-in exception a notebook user expects (``LookupError``, ``ValueError``, ``TypeError``). Each
carries a message for Python (naming functions such as ``pingan_data.metrics()``) and, as ``cli_message``,
the same message for the command line (naming commands such as ``pingan-data list metrics``).
"""

from __future__ import annotations


class PinganDataError(Exception):
    """Base class of every error the library raises on purpose. ``cli_message`` is the message as the
    command line prints it (the same text unless it names a Python call)."""

    def __init__(self, message: str, *, cli: str | None = None) -> None:
        super().__init__(message)
        self.cli_message = cli or message


class DataIntegrityError(PinganDataError):
    """A published file is missing, damaged or was replaced: it no longer matches datapackage.json, or
    datapackage.json is not the one this version of the library was published with.

    ``path`` is the file, ``expected`` and ``actual`` its sha256 (``actual`` is None for a missing file).
    """

    def __init__(self, message: str, path: object = None, expected: str | None = None,
                 actual: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.expected = expected
        self.actual = actual


class UnknownIdError(PinganDataError, LookupError):
    """No claim, honour, metric, table, file or vocabulary entry has this id or name.

    ``name`` is what was asked for; ``known`` some of the accepted names; ``close`` those close to ``name``
    (the message's "did you mean").
    """

    def __init__(self, message: str, name: object = None, known: list[str] | None = None, *,
                 cli: str | None = None, close: list[str] | None = None) -> None:
        super().__init__(message, cli=cli)
        self.name = name
        self.known = known or []
        self.close = close or []


class ArgumentValueError(PinganDataError, ValueError):
    """An argument of the right type with a value that cannot be used (a reversed range of years, a
    negative number of lines, an empty search)."""


class ArgumentTypeError(PinganDataError, TypeError):
    """An argument of the wrong type (``None`` for an id, a float for a year, a list where one id goes)."""
