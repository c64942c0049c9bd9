"""The library's exceptions. Imports nothing, so ``import pingan_data`` stays cheap."""

from __future__ import annotations


class PinganDataError(Exception):
    """Base class of every error the library raises on purpose."""


class DataIntegrityError(PinganDataError):
    """A published file is missing, damaged or was replaced: it no longer matches datapackage.json.

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

    ``name`` is what was asked for; ``known`` some of the accepted names (for the message).
    """

    def __init__(self, message: str, name: object = None, known: list[str] | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.known = known or []
