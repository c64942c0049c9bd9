"""The loader: published tables as pandas DataFrames, checked against datapackage.json first."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pingan_data import package
from pingan_data._search import found_ids, query_words
from pingan_data._years import matches, spans
from pingan_data.errors import ArgumentTypeError, ArgumentValueError, DataIntegrityError, UnknownIdError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: Columns read as categoricals although their schema has no enum (categories: the values that occur in them).
_VOCABULARY_COLUMNS = ("metric", "city")
_frames: dict[tuple[str, str], pd.DataFrame] = {}


def tables() -> dict[str, str]:
    """The published tables, each with its one-line description, in datapackage.json order."""
    return {name: resource["description"] for name, resource in package.table_resources().items()}


def load(name: str) -> pd.DataFrame:
    """One published table as a pandas DataFrame, after checking its Parquet file's sha256.

    Raises :class:`UnknownIdError` for an unknown table and :class:`DataIntegrityError` if the file is
    missing, damaged or was replaced. Each call returns a fresh copy: change it freely.

    Dtypes: integer columns are nullable ``Int64`` (``year``, ``line``, ``period_start``, …; empty is
    ``<NA>``); ``value`` is ``float64``; columns with a fixed vocabulary are ``category`` with the
    vocabulary's values as categories (``city``, ``unit``, ``qualifier``, ``year_basis``, ``domain``,
    ``kind``, ``status``, …), and so is ``metric``; the rest are strings.

    What each column holds: :func:`columns` (``pingan_data.columns("claims")``), from the package's own
    descriptor; the tables themselves: :func:`tables`.

    Every column's full description is in datapackage.json (``pingan_data.datapackage_path()``).
    """
    name = table(name, "load")
    resource = package.table_resources()[name]
    relpath = f"{name}.parquet"
    data = package.read_verified(relpath)
    key = (relpath, hashlib.sha256(data).hexdigest())
    if key not in _frames:
        _frames[key] = _read(relpath, data, resource["schema"]["fields"])
    return _frames[key].copy()


def columns(name: str) -> pd.DataFrame:
    """The columns of one published table: name, type, title (a short header, where it has one) and
    description, in the table's order, as datapackage.json (checked against its pin) describes them."""
    import pandas as pd

    name = table(name, "columns")
    fields = package.table_resources()[name]["schema"]["fields"]
    return pd.DataFrame([{"name": f["name"], "type": f["type"], "title": f.get("title"),
                          "description": f.get("description", "")} for f in fields],
                        columns=["name", "type", "title", "description"])


def table(name: object, caller: str) -> str:
    """The published table ``name`` stands for, in any letter case; UnknownIdError (with a suggestion) if none."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"{caller}() takes the name of a table, such as 'claims', not {name!r}")
    found = package.table_name(name)
    if found is None:
        known = list(tables())
        raise UnknownIdError(f"no published table is called {name!r}{_suggest(name.lower(), known)} (the tables "
                             f"are: {', '.join(known)})", name, known)
    return found


def _suggest(asked: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """ "; did you mean x, y?" for the choices close to what was asked (compared in lower case), or ""."""
    by_key = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(asked.strip().lower(), list(by_key), n=3, cutoff=cutoff)
    return f"; did you mean {', '.join(by_key[c] for c in close)}?" if close else ""


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


def _names(value: object, what: str, example: str) -> list[str]:
    """One name or a list of names, as a list; ArgumentTypeError for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        values = list(value)
        if all(isinstance(v, str) for v in values):
            return values
    raise ArgumentTypeError(f"{what} is {example} or a list of them, not {value!r}")


def _metric_key(text: str) -> str:
    from pingan_data.script import fold

    return fold(text.replace("_", " ").replace("-", " "))


def metric_ids(metric: str | Iterable[str]) -> list[str]:
    """Metric ids for ids or labels in any script or language ("调解成功率", "調解成功率",
    "mediation success rate", "mediation_success_rate"); raises UnknownIdError for an unknown one, with the
    metrics whose id or label is close to it or contains it."""
    catalogue = metrics()
    index: dict[str, str] = {}
    for row in catalogue.itertuples():
        for label in (row.metric_id, row.label_zh, row.label_en):
            index[_metric_key(label)] = row.metric_id
    found = []
    for name in _names(metric, "metric", "a metric id or label, such as 'patrol_force' or '平安巡防力量人数'"):
        key = _metric_key(name)
        if key not in index:
            close = [index[k] for k in difflib.get_close_matches(key, list(index), n=5, cutoff=0.75)]
            near = list(dict.fromkeys(close or [m for k, m in index.items() if key and (key in k or k in key)]))[:5]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise UnknownIdError(f"no metric has the id or label {name!r}{hint} (pingan_data.metrics() lists every "
                                 "metric with its Chinese and English labels)", name, sorted(set(index.values())),
                                 cli=f"no metric has the id or label {name!r}{hint} (`pingan-data list metrics` "
                                     "lists every metric with its Chinese and English labels)", close=near)
        found.append(index[key])
    return found


def _regions() -> dict[str, dict[str, Any]]:
    """code → its row of the published regions table."""
    frame = load("regions")
    return {row["code"]: row for row in frame.to_dict("records")}


def _ancestors(code: str, regions: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """A region's code and those of every division it lies in, itself first."""
    out = []
    while isinstance(code, str) and code in regions and code not in out:
        out.append(code)
        code = regions[code]["parent_code"]
    return out


_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区", "省", "市",
             "县", "区", "盟", "旗")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def region_codes(region: str | Iterable[str]) -> list[str]:
    """The division each name stands for: a six-digit code, a Chinese name in either script, full or short
    ("福建省", "福建", "福州", "福州市鼓楼区"), or an English name ("Fujian", "Fuzhou", "Gulou District").

    A name several divisions share (鼓楼区 is a district of Fuzhou, Nanjing, Xuzhou and Kaifeng) stands for the one
    the published data are about when only one of them is; otherwise :class:`ArgumentValueError` lists them,
    to be named by code or in full. An unknown name raises :class:`UnknownIdError`."""
    from pingan_data.script import fold

    regions = _regions()
    index: dict[str, list[str]] = {}
    for code, row in regions.items():
        names = {code, fold(row["name_zh"]), fold(_short(row["name_zh"])), row["name_en"].lower()}
        parent = regions.get(row["parent_code"]) if isinstance(row["parent_code"], str) else None
        if parent is not None:  # 福州市鼓楼区, 福州鼓楼区
            names |= {fold(parent["name_zh"] + row["name_zh"]), fold(_short(parent["name_zh"]) + row["name_zh"])}
        for name in names:
            index.setdefault(name, []).append(code)
    used = {a for table in ("claims", "honors", "sources") for c in load(table)["region_code"].dropna().unique()
            for a in _ancestors(str(c), regions)}
    found = []
    for name in _names(region, "region", "a region such as '福建', '泉州市' or '350521'"):
        key = name.strip()
        matches = index.get(key) or index.get(key.lower()) or index.get(fold(key)) or []
        if not matches:
            raise UnknownIdError(f"no region is called {name!r}; name a division of China by its code (350100), "
                                 "its Chinese name (福州市, 福州) or its English name (Fuzhou)", name)
        if len(matches) > 1:
            in_data = [m for m in matches if m in used]
            if len(in_data) != 1:
                which = ", ".join(f"{m} ({regions[m]['name_zh']}, in {regions[regions[m]['parent_code']]['name_zh']})"
                                  if isinstance(regions[m]["parent_code"], str) else f"{m} ({regions[m]['name_zh']})"
                                  for m in sorted(matches))
                raise ArgumentValueError(f"{name!r} names {len(matches)} divisions: {which}; give the code or the "
                                         "name in full")
            matches = in_data
        found.append(matches[0])
    return found


def within(frame: pd.DataFrame, codes: list[str]) -> Any:
    """Which rows' region_code is one of ``codes`` or lies inside one of them."""
    regions = _regions()
    wanted = set(codes)
    inside = {code: bool(wanted & set(_ancestors(code, regions))) for code in frame["region_code"].dropna().unique()}
    return frame["region_code"].map(lambda code: inside.get(code, False)).to_numpy(dtype=bool)


def city_names(city: str | Iterable[str]) -> list[str]:
    """The city (the English name of the ``city`` column) each name stands for: a city's English or Chinese name
    in either script, with or without 市 ("Fuzhou", "福州", "福州市"), or a region inside it. UnknownIdError
    otherwise."""
    regions = _regions()
    found = []
    for name in _names(city, "city", "a city name such as 'Fuzhou' or '泉州'"):
        try:
            [code] = region_codes(name)
        except UnknownIdError:
            known = sorted({str(c) for c in load("claims")["city"].dropna().unique()})
            raise UnknownIdError(f"no city is called {name!r}{_suggest(name.strip().lower(), known, 0.75)} (the "
                                 f"cities of the claims are {', '.join(known)})", name, known) from None
        chain = _ancestors(code, regions)
        city_code = next((c for c in chain if regions[c]["level"] == "prefecture"), chain[-1])
        found.append(regions[city_code]["name_en"])
    return found


def domains(domain: str | Iterable[str]) -> list[str]:
    """Metric domains for "dispute_mediation", "dispute mediation", …; UnknownIdError otherwise."""
    known = list(metrics()["domain"].cat.categories)
    found = []
    for asked in _names(domain, "domain", "a metric domain such as 'dispute_mediation'"):
        key = asked.strip().lower().replace(" ", "_").replace("-", "_")
        if key not in known:
            raise UnknownIdError(f"no metric domain is called {asked!r}{_suggest(key, known)} (the domains are: "
                                 f"{', '.join(known)})", asked, known)
        found.append(key)
    return found


def _time(frame: pd.DataFrame, year: Any, year_basis: Any, periods: Any, reported_year: Any,
          table: str) -> np.ndarray:
    """Which rows pass the time filters (see :func:`claims`)."""
    import numpy as np
    import pandas as pd

    if not isinstance(periods, bool):
        raise ArgumentTypeError(f"periods is True or False, not {periods!r}")
    keep = np.ones(len(frame), dtype=bool)
    if year_basis is not None:
        allowed = list(frame["year_basis"].cat.categories)
        asked = _names(year_basis, "year_basis", "a year basis such as 'stated'")
        for basis in asked:
            if basis not in allowed:
                raise UnknownIdError(f"no year basis is called {basis!r}; the {table} have: {', '.join(allowed)}",
                                     basis, allowed, close=difflib.get_close_matches(str(basis), allowed, n=3))
        keep &= frame["year_basis"].isin(asked).to_numpy()
    if not periods:
        keep &= frame["year"].notna().to_numpy()
    if year is not None:
        keep &= matches(frame, spans(year))
    if reported_year is not None:
        keep &= matches(frame.assign(year=frame["reported_year"], period_start=pd.NA, period_end=pd.NA),
                        spans(reported_year, "reported_year"))
    return keep



def _coded(frame: pd.DataFrame, column: str, given: str | Iterable[str], what: str, table: str,
           example: str) -> Any:
    """Which rows' ``column`` (a vocabulary's codes) is one of ``given``; UnknownIdError names an unknown code."""
    allowed = list(frame[column].cat.categories)
    asked = _names(given, column, f"a {what} such as {example}")
    for name in asked:
        if name not in allowed:
            raise UnknownIdError(f"no {what} is called {name!r}; the {table} have: {', '.join(allowed)}",
                                 name, allowed, close=difflib.get_close_matches(str(name), allowed, n=3))
    return frame[column].isin(asked).to_numpy()


def claims(metric: str | Iterable[str] | None = None, city: str | Iterable[str] | None = None,
           year: int | range | Iterable[int | range] | None = None,
           domain: str | Iterable[str] | None = None, *, year_basis: str | Iterable[str] | None = None,
           periods: bool = True, reported_year: int | range | Iterable[int | range] | None = None,
           region: str | Iterable[str] | None = None,
           value_type: str | Iterable[str] | None = None, keyword: str | None = None) -> pd.DataFrame:
    """The claims that match every filter given, with the columns of ``load("claims")``.

    Each filter takes one value or a list (any of them matches):

    - ``metric``: a metric id or label, in Chinese (simplified or traditional) or English:
      ``"patrol_force"``, ``"平安巡防力量人数"``, ``"平安巡防力量人數"`` and ``"patrol force"`` are the same.
    - ``city``: the city a figure's region lies in, by name: ``"Fuzhou"``, ``"福州"``, ``"福州市"``.
    - ``region``: an administrative division of any level, by code or name (``"福建"``, ``"泉州市"``,
      ``"350521"``, ``"Hui'an County"``): the claims about it or about a division inside it, so that
      ``region="福建"`` includes its cities and their districts (see the regions table).
    - ``year``: a year, a ``range`` or a list of them: the year a figure *refers to*, never the year it was
      reported. A claim matches if its ``year`` is one of them (the text states it, dates it relative to
      the article — 今年, 去年 — or presents a stock as current at publication: ``year_basis`` stated,
      relative or current) or if its period covers one of them (a total over a stated period, or since a
      start up to the article's date: ``year_basis`` period or since). A claim whose text gives no time
      (``year_basis == "unstated"``: 近年来, 以前, no time word) matches no year; find it by
      ``reported_year``. A reversed range (``range(2023, 2019)``) is an error, not an empty selection.
    - ``domain``: a metric domain such as ``"dispute_mediation"`` (see ``metrics()``).
    - ``year_basis``: keep only claims whose year was decided so, e.g. ``"stated"`` for the years the text
      writes out, or ``["stated", "relative"]``.
    - ``periods``: ``False`` leaves out figures over a period (those without a single ``year``).
    - ``reported_year``: the year the article was published (every claim has one), e.g. to find undated
      figures of the reports of 2022.
    - ``value_type``: ``"measured"``, ``"estimate"`` or ``"target"`` (what kind of figure the text gives).
    - ``keyword``: words that must all occur, in either script, where :func:`search` looks (the quote, the
      metric's id and labels, the area, city and region): ``keyword="巡防"`` keeps the claims ``search("巡防")``
      finds.

    An unknown metric, city, region, domain, year basis or value type raises :class:`UnknownIdError` (with the
    closest names);
    an argument of the wrong type raises ``TypeError``; a year with no claims gives no rows.
    """
    metric_list = metric_ids(metric) if metric is not None else None
    city_list = city_names(city) if city is not None else None
    region_list = region_codes(region) if region is not None else None
    domain_list = domains(domain) if domain is not None else None
    keywords = query_words(keyword, "keyword", "'巡防'") if keyword is not None else None
    frame = load("claims")
    keep = _time(frame, year, year_basis, periods, reported_year, "claims")
    if metric_list is not None:
        keep &= frame["metric"].isin(metric_list).to_numpy()
    if city_list is not None:
        keep &= frame["city"].isin(city_list).to_numpy()
    if region_list is not None:
        keep &= within(frame, region_list)
    if value_type is not None:
        keep &= _coded(frame, "value_type", value_type, "value type", "claims", "'estimate'")
    if domain_list is not None:
        catalogue = metrics()
        keep &= frame["metric"].isin(catalogue.loc[catalogue["domain"].isin(domain_list), "metric_id"]).to_numpy()
    if keywords is not None:
        keep &= frame["claim_id"].isin(found_ids(keywords, "claim")).to_numpy()
    return frame[keep].reset_index(drop=True)


def honors(city: str | Iterable[str] | None = None, year: int | range | Iterable[int | range] | None = None,
           recipient: str | None = None, keyword: str | None = None, *, year_basis: str | Iterable[str] | None = None,
           periods: bool = True, reported_year: int | range | Iterable[int | range] | None = None,
           region: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The honours that match every filter given, with the columns of ``load("honors")``.

    - ``city``, ``region``: as for :func:`claims` (``region="福建"`` includes its cities and districts).
    - ``kind``: what kind of honour: ``"award"``, ``"title"``, ``"designation"``, ``"practice"`` or
      ``"individual"`` (see the vocabulary table), or a list.
    - ``year``: a year, a ``range`` or a list of them, as for :func:`claims`: an honour matches if the year
      it was awarded (``year``, stated or relative to the article's date) is one of them, or if the period it
      covers or was awarded over (2017—2020年度, 连续9年 from 2013) covers one of them. An honour the text
      only says is held (``year_basis == "unstated"``) matches no year.
    - ``year_basis``, ``periods``, ``reported_year``: as for :func:`claims`.
    - ``recipient``: words that must all occur in the recipient, in Chinese (either script) or English
      (``"公安局"``, ``"procuratorate"``).
    - ``keyword``: words that must all occur, in either script, where :func:`search` looks (the quote, the
      honour's name and recipient in Chinese and English, its city and region): ``keyword="長安杯"`` and
      ``keyword="Chang'an Cup"`` keep the honours that ``search`` finds with the same words.

    An unknown city, region or kind raises :class:`UnknownIdError`; an argument of the wrong type raises
    ``TypeError``.
    """
    from pingan_data.searchable import matches, text

    city_list = city_names(city) if city is not None else None
    region_list = region_codes(region) if region is not None else None
    recipient_words = query_words(recipient, "recipient", "'公安局'") if recipient is not None else None
    keywords = query_words(keyword, "keyword", "'長安杯'") if keyword is not None else None
    frame = load("honors")
    keep = _time(frame, year, year_basis, periods, reported_year, "honours")
    if city_list is not None:
        keep &= frame["city"].isin(city_list).to_numpy()
    if region_list is not None:
        keep &= within(frame, region_list)
    if kind is not None:
        keep &= _coded(frame, "kind", kind, "kind of honour", "honours", "'award'")
    if recipient_words is not None:
        keep &= [matches(recipient_words, text([zh, en])) for zh, en in zip(frame["recipient"], frame["recipient_en"],
                                                                            strict=True)]
    if keywords is not None:
        keep &= frame["honor_id"].isin(found_ids(keywords, "honor")).to_numpy()
    return frame[keep].reset_index(drop=True)
