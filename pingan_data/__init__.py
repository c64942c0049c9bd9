"""Figures on public-safety work (平安建设) from Chinese reports, as tidy, validated, citable tables.

    import pingan_data

    pingan_data.tables()                            # the tables, each with a one-line description
    pingan_data.load("claims")                      # a table as a pandas DataFrame, checked against its sha256
    pingan_data.columns("claims")                   # what each of its columns holds
    pingan_data.claims(metric="调解成功率", city="福州")  # select claims; metric labels in any script or language
    pingan_data.honors(city="泉州", year=2021)         # select honours by city, year, recipient or keyword
    pingan_data.metrics()                           # the metric catalogue: Chinese and English labels, units
    pingan_data.claim("000-c001")                   # one claim: <Claim 000-c001: > 30,000 persons (…)>
    pingan_data.cite("000-c001")                    # a Citation: .text .markdown .html .csl .bibtex
    pingan_data.source("000-c001")                  # the raw line with the quote marked, and its neighbours
    pingan_data.search("調解")                      # claims and honours by keyword, in either script
    pingan_data.path("claims")                      # …/claims.parquet, for DuckDB, Polars or R

The same jobs from a shell: ``pingan-data --help`` (or ``python -m pingan_data --help``).

Nothing is read, and neither pandas nor pyarrow is imported, until data is asked for: the functions
below are loaded from their modules on first use.
"""

from __future__ import annotations

from pingan_data._pin import VERSION as __version__  # the data version, written with each publication
from pingan_data.errors import (
    ArgumentTypeError,
    ArgumentValueError,
    DataIntegrityError,
    PinganDataError,
    UnknownIdError,
)

# public name → the module that defines it, imported on first access (PEP 562) to keep `import` cheap
_LAZY = {
    "tables": "_tables", "columns": "_tables", "load": "_tables", "claims": "_tables", "honors": "_tables",
    "metrics": "_tables",
    "claim": "_records", "honor": "_records", "Claim": "_records", "Honor": "_records",
    "cite": "_records", "Citation": "_cite",
    "source": "_records", "Excerpt": "_source",
    "search": "_search",
    "path": "package", "datapackage_path": "package", "data_dir": "package", "files": "package",
}

__all__ = [
    "ArgumentTypeError", "ArgumentValueError", "Citation", "Claim", "columns", "DataIntegrityError", "Excerpt", "Honor",
    "PinganDataError", "UnknownIdError", "__version__", "cite", "claim", "claims", "data_dir", "datapackage_path",
    "files", "honor", "honors", "load", "metrics", "path", "search", "source", "tables",
]

TYPE_CHECKING = False  # not `from typing import TYPE_CHECKING`: importing typing would double the import time
if TYPE_CHECKING:
    from typing import Any

    from pingan_data._cite import Citation
    from pingan_data._records import Claim, Honor, cite, claim, honor, source
    from pingan_data._search import search
    from pingan_data._source import Excerpt
    from pingan_data._tables import claims, columns, honors, load, metrics, tables
    from pingan_data.package import data_dir, datapackage_path, files, path


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pingan_data' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"pingan_data.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
