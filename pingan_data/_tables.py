"""The loader: published tables as pandas DataFrames, checked against datapackage.json first."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pingan_data import _package
from pingan_data.errors import DataIntegrityError, UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

#: Columns read as categoricals although their schema has no enum (categories: the ids that occur in them).
_VOCABULARY_COLUMNS = ("metric",)
_CITIES = {"fuzhou": "Fuzhou", "福州": "Fuzhou", "福州市": "Fuzhou",
           "quanzhou": "Quanzhou", "泉州": "Quanzhou", "泉州市": "Quanzhou"}
_frames: dict[tuple[str, str], pd.DataFrame] = {}


def tables() -> dict[str, str]:
    """The published tables, each with its one-line description, in datapackage.json order."""
    return {name: resource["description"] for name, resource in _package.table_resources().items()}


def load(name: str) -> pd.DataFrame:
    """One published table as a pandas DataFrame, after checking its Parquet file's sha256.

    Raises :class:`UnknownIdError` for an unknown table and :class:`DataIntegrityError` if the file is
    missing, damaged or was replaced. Each call returns a fresh copy: change it freely.

    Dtypes: integer columns are nullable ``Int64`` (``year``, ``line``, ``period_start``, …; empty is
    ``<NA>``); ``value`` is ``float64``; columns with a fixed vocabulary are ``category`` with the
    vocabulary's values as categories (``city``, ``unit``, ``qualifier``, ``year_basis``, ``domain``,
    ``kind``, ``status``, …), and so is ``metric``; the rest are strings.

    ==============  =====================================================================================
    table           one row per … (columns)
    ==============  =====================================================================================
    claims          numeric claim. ``claim_id`` (000-c001), ``metric`` (id in metrics), ``value`` (as
                    written, multipliers applied: 3万 = 30000), ``unit``, ``qualifier`` (exact, more_than
                    余/多/超, at_least 以上/不少于, nearly 近, about 约/左右), ``city`` (Fuzhou, Quanzhou),
                    ``area`` (district or unit; empty = whole city), ``year``, ``year_basis`` (stated,
                    relative, period, as_of_publication), ``period_start``, ``period_end`` (for
                    cumulative figures, whose ``year`` is empty), ``source_file``, ``line`` (1-based),
                    ``char_start``, ``char_end`` (0-based, end exclusive, within the line), ``quote``
                    (verbatim; cite this), ``quote_hans`` (simplified copy, for reading and search),
                    ``figure`` (the words stating the value), ``note`` (the curator's)
    honors          award, title, pilot designation or recognition. ``honor_id`` (000-h001), ``honor``,
                    ``recipient``, ``city``, ``year``, ``period_start``, ``period_end``, ``source_file``,
                    ``line``, ``quote``, ``quote_hans``, ``year_basis``, ``times`` (连续四届 = 4),
                    ``char_start``, ``char_end``, ``note``
    metrics         metric. ``metric_id``, ``label_zh`` (simplified), ``label_en``, ``unit``, ``domain``
                    (policing, dispute_mediation, legal_services, …), ``kind`` (count, rate, change, rank,
                    streak, …), ``description``, ``claims`` (how many claims use it)
    sources         raw document. ``source_file``, ``path`` (inside the package), ``sha256``, ``bytes``,
                    ``lines``, ``title``, ``title_note``, ``site``, ``publisher``, ``attribution_note``,
                    ``published_date``, ``published_year``, ``date_basis`` (stated, inferred),
                    ``date_evidence``, ``city``, ``script`` (simplified, traditional), ``defects``,
                    ``rights``
    mentions        number found in a source (the coverage ledger). ``mention_id``, ``source_file``,
                    ``line``, ``char_start``, ``char_end``, ``text``, ``kind`` (arabic, chinese),
                    ``status`` (claim, honor, excluded), ``claim_id``, ``honor_id``, ``role`` (value,
                    date, times), ``reason`` (why excluded: publication_date, page_furniture, …)
    corroboration   pair of claims on one metric and city from two documents. ``metric``, ``city``,
                    ``claim_id_a``, ``claim_id_b``, ``source_file_a``, ``source_file_b``, ``when_a``,
                    ``when_b`` (2022 or 2020-2023), ``time_relation`` (same_year, overlapping,
                    different_years), ``value_a``, ``qualifier_a``, ``value_b``, ``qualifier_b``,
                    ``verdict`` (agree, differ_in_qualifier, conflict, changed_over_time)
    ==============  =====================================================================================

    Every column's full description is in datapackage.json (``pingan_data.datapackage_path()``).
    """
    resource = _package.table_resources().get(name)
    if resource is None:
        raise UnknownIdError(f"no published table is called {name!r}; the tables are: {', '.join(tables())}",
                             name, list(tables()))
    relpath = f"{name}.parquet"
    data = _package.read_verified(relpath)
    key = (relpath, hashlib.sha256(data).hexdigest())
    if key not in _frames:
        _frames[key] = _read(relpath, data, resource["schema"]["fields"])
    return _frames[key].copy()


def _read(relpath: str, data: bytes, fields: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pq.read_table(pa.BufferReader(data)).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    if list(frame.columns) != [f["name"] for f in fields]:
        raise DataIntegrityError(f"{relpath} does not have the columns datapackage.json describes", relpath)
    for field in fields:
        name, enum = field["name"], field.get("constraints", {}).get("enum")
        if enum is None and name in _VOCABULARY_COLUMNS:
            enum = sorted(frame[name].dropna().unique())
        if enum is not None:
            strange = set(frame[name].dropna()) - set(enum)
            if strange:
                raise DataIntegrityError(f"{relpath}: column {name} has values outside its vocabulary: "
                                         f"{sorted(strange)}", relpath)
            frame[name] = pd.Categorical(frame[name], categories=enum)
    return frame


def metrics() -> pd.DataFrame:
    """The metric catalogue: ``metric_id``, ``label_zh`` (simplified), ``label_en``, ``unit``, ``domain``,
    ``kind``, ``description`` and ``claims`` (how many claims use the metric)."""
    return load("metrics")


def _names(value: str | Iterable[str], what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    values = list(value)
    if not all(isinstance(v, str) for v in values):
        raise TypeError(f"{what} must be a string or a list of strings, not {value!r}")
    return values


def metric_ids(metric: str | Iterable[str]) -> list[str]:
    """Metric ids for ids or labels in any script or language ("调解成功率", "調解成功率",
    "mediation success rate", "mediation_success_rate"); raises UnknownIdError for an unknown one."""
    from pingan_data._script import fold

    catalogue = metrics()

    def key(text: str) -> str:
        return fold(text.replace("_", " ").replace("-", " "))

    index: dict[str, str] = {}
    for row in catalogue.itertuples():
        for label in (row.metric_id, row.label_zh, row.label_en):
            index[key(label)] = row.metric_id
    found = []
    for name in _names(metric, "metric"):
        if key(name) not in index:
            near = [m for k, m in index.items() if key(name) in k or k in key(name)]
            hint = f"; metrics that contain it: {', '.join(sorted(set(near))[:5])}" if near else ""
            raise UnknownIdError(f"no metric has the id or label {name!r}{hint} (pingan_data.metrics() lists "
                                 "every metric with its Chinese and English labels)", name, sorted(set(index.values())))
        found.append(index[key(name)])
    return found


def city_names(city: str | Iterable[str]) -> list[str]:
    """City names for "Fuzhou"/"福州"/"福州市" and "Quanzhou"/"泉州"/"泉州市"; UnknownIdError otherwise."""
    found = []
    for name in _names(city, "city"):
        if name.strip().lower() not in _CITIES:
            raise UnknownIdError(f"no city is called {name!r}; the cities are Fuzhou (福州) and Quanzhou (泉州)",
                                 name, ["Fuzhou", "Quanzhou"])
        found.append(_CITIES[name.strip().lower()])
    return found


def _years(year: int | Iterable[int]) -> list[int]:
    values = [year] if isinstance(year, int | str) else list(year)
    try:
        return [int(y) for y in values]
    except (TypeError, ValueError) as err:
        raise TypeError(f"year must be a year or a list or range of years, not {year!r}") from err


def claims(metric: str | Iterable[str] | None = None, city: str | Iterable[str] | None = None,
           year: int | Iterable[int] | None = None, domain: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The claims that match every filter given, with the columns of ``load("claims")``.

    Each filter takes one value or a list (any of them matches):

    - ``metric``: a metric id or label, in Chinese (simplified or traditional) or English:
      ``"patrol_force"``, ``"平安巡防力量人数"``, ``"平安巡防力量人數"`` and ``"patrol force"`` are the same.
    - ``city``: ``"Fuzhou"`` / ``"福州"`` or ``"Quanzhou"`` / ``"泉州"``.
    - ``year``: a year, a list or a ``range``. A claim matches if its ``year`` is one of them or, for a
      cumulative figure (``year_basis == "period"``, ``year`` empty), if its period covers one of them.
    - ``domain``: a metric domain such as ``"dispute_mediation"`` (see ``metrics()``).

    An unknown metric, city or domain raises :class:`UnknownIdError`; a year with no claims gives no rows.
    """
    frame = load("claims")
    keep = frame["claim_id"].notna()
    if metric is not None:
        keep &= frame["metric"].isin(metric_ids(metric))
    if city is not None:
        keep &= frame["city"].isin(city_names(city))
    if year is not None:
        years = _years(year)
        match = frame["year"].isin(years).astype("boolean")
        for y in years:
            match |= (frame["period_start"] <= y) & (frame["period_end"] >= y)
        keep &= match.fillna(False).astype(bool)
    if domain is not None:
        catalogue = metrics()
        domains = catalogue["domain"].cat.categories
        wanted = [d.strip().lower().replace(" ", "_").replace("-", "_") for d in _names(domain, "domain")]
        for asked, d in zip(_names(domain, "domain"), wanted, strict=True):
            if d not in domains:
                raise UnknownIdError(f"no metric domain is called {asked!r}; the domains are: {', '.join(domains)}",
                                     asked, list(domains))
        keep &= frame["metric"].isin(catalogue.loc[catalogue["domain"].isin(wanted), "metric_id"])
    return frame[keep.astype(bool)].reset_index(drop=True)
