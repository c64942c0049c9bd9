"""The command line: ``pingan-data`` (or ``python -m pingan_data``) lists, shows, cites, searches and exports.

Exit status: 0 on success; 1 if the data package is missing, damaged or was replaced; 2 for a usage
error: a bad option or argument, an unknown id, metric, city or table, a reversed range of years, or an
output file that exists (add --force); 3 if the output cannot be written (a folder, a missing folder, a
full disk, no permission); 130 if interrupted.

Text from the data is printed with control and invisible characters shown as <U+XXXX>, so that a terminal
never acts on them; ``export`` writes the data unchanged.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pingan_data
from pingan_data.errors import DataIntegrityError, PinganDataError, UnknownIdError

PROG = "pingan-data"
EXPORT_FORMATS = ("csv", "parquet", "json")
#: Exit statuses (documented in the module docstring and --help).
DAMAGED, USAGE, UNWRITABLE, INTERRUPTED = 1, 2, 3, 130


class OutputError(Exception):
    """The output cannot be written; ``status`` is USAGE (an existing file without --force) or UNWRITABLE."""

    def __init__(self, message: str, status: int = UNWRITABLE) -> None:
        super().__init__(message)
        self.status = status


def safe(text: str) -> str:
    """Text for a terminal: control, invisible format and separator characters shown as <U+XXXX> (line breaks
    kept), so that an escape sequence or a bidirectional override in the data is seen, not obeyed."""
    if text.isprintable():
        return text
    return "".join(f"<U+{ord(ch):04X}>" if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                   else ch for ch in text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(rows: Sequence[Sequence[object]]) -> str:
    """Rows as aligned columns (by display width, so Chinese text lines up); the last column is not padded."""
    cells = [["" if v is None else safe(str(v)) for v in row] for row in rows]
    if not cells:
        return ""
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cells[0]) - 1)]
    return "\n".join("  ".join([*(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=False)), row[-1]])
                     .rstrip() for row in cells)


def _print(text: str, raw: bool = False) -> None:
    """Print a block of text (``safe`` unless ``raw``: already made safe, with terminal marks in it)."""
    text = text if raw else safe(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


#: A year or a range of years as people write them: 2022, 2020-2023, 2020–2023 (the en dash this tool prints),
#: 2020—2023, 2020~2023, 2020至2023, 2020年至2023年; full-width digits and signs are read as their ASCII forms.
YEARS = re.compile(r"\s*([0-9]+)\s*年?\s*(?:(?:[-‐‑‒–—―~〜]|至|到)\s*([0-9]+)\s*年?\s*)?")


def _years(text: str) -> range:
    """ "2022" → range(2022, 2023); "2020-2023" or "2020–2023" → range(2020, 2024): bounds, never a list of
    every year."""
    found = YEARS.fullmatch(unicodedata.normalize("NFKC", text))
    if found is None:
        raise argparse.ArgumentTypeError(f"not a year or a range of years: {text!r} (e.g. 2022, 2020-2023 or "
                                         "2020–2023)")
    start = int(found.group(1))
    end = int(found.group(2)) if found.group(2) is not None else start
    if end < start:
        raise argparse.ArgumentTypeError(f"{text!r} is reversed: it ends before it starts; write {end}-{start}")
    return range(start, end + 1)


#: Command words in British and American spelling, read as the spelling the package uses.
SPELLINGS = {"honours": "honors", "honour": "honors", "honor": "honors", "claim": "claims", "table": "tables",
             "metric": "metrics", "pair": "corroboration", "pairs": "corroboration"}


def _what(text: str) -> str:
    """What `list` lists, in either spelling and any case ("Honours" → "honors")."""
    word = text.strip().lower()
    return SPELLINGS.get(word, word)


# --- commands -----------------------------------------------------------------------------------------------


#: The filters of `list`, and the list each one selects.
FILTERS = {"metric": ("claims",), "domain": ("claims",), "city": ("claims", "honors"), "region": ("claims", "honors"),
           "year": ("claims", "honors"), "year_basis": ("claims", "honors"), "periods": ("claims", "honors"),
           "reported_year": ("claims", "honors"), "value_type": ("claims",), "kind": ("honors",),
           "recipient": ("honors",), "keyword": ("claims", "honors")}


def cmd_list(args: argparse.Namespace) -> int:
    filters = {k: getattr(args, k) for k in FILTERS if getattr(args, k, None) is not None}
    for name in filters:
        if args.what not in FILTERS[name]:
            which = " or ".join(FILTERS[name])
            raise UnknownIdError(f"--{name} selects {which}, not {args.what}: use `{PROG} list {FILTERS[name][0]} "
                                 f"--{name} …`", args.what)
    for name in ("year", "reported_year"):
        if name in filters:
            filters[name] = list(filters[name])  # repeated --year options combine
    if "keyword" in filters:
        filters["keyword"] = " ".join(filters["keyword"])
    if "recipient" in filters:
        filters["recipient"] = " ".join(filters["recipient"])
    if args.what == "tables":
        _print(_columns(list(pingan_data.tables().items())))
    elif args.what == "metrics":
        frame = pingan_data.metrics()
        _print(_columns([[r.metric_id, r.unit, r.domain, r.label_en, r.label_zh] for r in frame.itertuples()]))
    elif args.what == "claims":
        from pingan_data.display import amount

        frame = pingan_data.claims(**filters)
        labels = pingan_data.metrics().set_index("metric_id")["label_en"]
        _print(_columns([[r.claim_id, r.city, _dated(r), _amount(r, amount), labels[r.metric]]
                         for r in frame.itertuples()]))
        print(f"({len(frame)} claims)", file=sys.stderr)
    elif args.what == "corroboration":
        pairs = pingan_data.load("corroboration")
        _print("\n\n".join(_pair(pair) for pair in pairs.to_dict("records")))
        print(f"({len(pairs)} pairs)", file=sys.stderr)
    else:  # honors
        frame = pingan_data.honors(**filters)
        _print(_columns([[r.honor_id, r.city, _dated(r), r.kind, r.recipient, r.honor] for r in frame.itertuples()]))
        print(f"({len(frame)} honours)", file=sys.stderr)
    return 0


def _amount(row: Any, amount: Callable[..., str]) -> str:
    """A claim's value with qualifier and unit, and its value type when it is not measured ("3,000 cases, estimate")."""
    read = amount(row.value, row.qualifier, row.unit)
    return read if row.value_type == "measured" else f"{read}, {row.value_type}"


def _pair(pair: dict[str, Any]) -> str:
    """A corroboration pair: its two claims, their times and values, and how to read it, in a sentence."""
    from pingan_data.display import corroboration

    reported = tuple(_na(pingan_data.claim(pair[k]).reported_year) for k in ("claim_id_a", "claim_id_b"))
    reading = corroboration({k: _na(v) for k, v in pair.items()}, reported)
    a, b = pingan_data.claim(pair["claim_id_a"]), pingan_data.claim(pair["claim_id_b"])
    return (f"{a.id} and {b.id}: {reading.label} ({pair['metric']}, {pair['city']})\n"
            + _columns([["  " + c.id, c.when or "no time", c.amount, f"reported {c.reported_year}"] for c in (a, b)])
            + f"\n  {reading.sentence}")


def _dated(row: Any) -> str:
    """A row's reference time with its basis ("2021 [stated]"), or its reporting year when it has none."""
    from pingan_data.display import dated

    return dated(_na(row.year), _na(row.period_start), _na(row.period_end), _na(row.year_basis),
                 _na(row.reported_year))


def _na(value: object) -> object:
    from pingan_data._records import plain

    return plain(value)


def cmd_show(args: argparse.Namespace) -> int:
    from pingan_data._source import terminal_mark
    from pingan_data.package import record_kind, table_name

    ident = args.id.strip()
    table = table_name(ident)
    if table is not None:
        return _show_table(table, args.rows)
    lowered = ident.lower()
    kind = record_kind(lowered)
    if kind is not None:
        record = pingan_data.claim(lowered) if kind == "claims" else pingan_data.honor(lowered)
        if isinstance(record, pingan_data.Claim):
            head = f"claim {record.id}: {record.amount}"
            counted = ", ".join(p for p in (record.direction, record.comparison_set and
                                            f"ranked among: {record.comparison_set}") if p)
            fields = [("metric", f"{record.metric}: {record.label_en} ({record.label_zh}), {record.domain}"),
                      ("value type", record.value_type if record.value_type != "measured" else None),
                      ("city", f"{record.city} ({record.area})" if record.area else record.city),
                      ("region", _region(record.region_code)),
                      ("when", record.dated), ("dated by", record.year_evidence),
                      ("reported", record.reported_date or record.reported_year), ("figure", record.figure),
                      ("counted", counted), ("note", record.note)]
        else:
            head = f"honour {record.id}: {record.honor}"
            fields = [("in English", record.honor_en), ("kind", record.kind), ("recipient", record.recipient),
                      ("recipient in English", record.recipient_en), ("city", record.city),
                      ("region", _region(record.region_code)),
                      ("when", record.dated), ("dated by", record.year_evidence),
                      ("reported", record.reported_date or record.reported_year), ("times", record.times),
                      ("award", record.award_key if record.award_key != record.honor_id else None),
                      ("note", record.note)]
        _print(head)
        _print(_columns([["  " + k, v] for k, v in fields if v]))
        if isinstance(record, pingan_data.Claim):
            pairs = pingan_data.load("corroboration")
            mine = pairs[(pairs["claim_id_a"] == record.id) | (pairs["claim_id_b"] == record.id)]
            if len(mine):
                _print("\ncompared with another document:\n" + "\n".join(_pair(p) for p in mine.to_dict("records")))
        _print("\nsource:\n" + record.source().render(terminal_mark(), safe), raw=True)
        _print("\ncite as:\n" + record.cite().text)
        return 0
    from pingan_data._tables import metric_ids

    try:
        [metric] = metric_ids(ident)  # a metric id or label, in any script or language
    except UnknownIdError as err:
        hint = f"; did you mean {', '.join(err.close)}?" if err.close else ""
        raise UnknownIdError(f"{args.id!r} is not a claim id (000-c001), honour id (000-h001), metric or table "
                             f"({', '.join(pingan_data.tables())}){hint}", args.id) from None
    metrics = pingan_data.metrics()
    row = metrics[metrics["metric_id"] == metric].iloc[0]
    _print(f"metric {metric}: {row['label_en']} ({row['label_zh']})")
    _print(_columns([["  " + k, row[k]] for k in ("unit", "domain", "kind", "description")]))
    args.what = "claims"
    for name in FILTERS:
        setattr(args, name, [metric] if name == "metric" else None)
    _print("\nclaims:")
    return cmd_list(args)


def _region(code: object) -> str | None:
    """A region code with its names and the divisions it lies in:
    "350102 鼓楼区 (Gulou District, county), in 福州市, 福建省"."""
    from pingan_data._tables import _ancestors, _regions

    if not isinstance(code, str):
        return None
    regions = _regions()
    chain = _ancestors(code, regions)
    if not chain:
        return code
    row = regions[code]
    above = ", ".join(regions[c]["name_zh"] for c in chain[1:])
    return f"{code} {row['name_zh']} ({row['name_en']}, {row['level']})" + (f", in {above}" if above else "")


def _show_table(name: str, rows: int) -> int:
    import pandas as pd

    frame = pingan_data.load(name)
    shown = frame if rows <= 0 else frame.head(rows)
    with pd.option_context("display.width", 200, "display.max_columns", None, "display.max_colwidth", 40):
        _print(shown.to_string(index=False))
    if len(shown) < len(frame):
        print(f"({len(shown)} of {len(frame)} rows; --rows 0 shows all)", file=sys.stderr)
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    citations = [pingan_data.cite(ident) for ident in args.ids]
    if args.format == "csl":
        import json

        _print(json.dumps([c.csl for c in citations], ensure_ascii=False, indent=2))
    else:
        _print("\n\n".join(c.format(args.format) for c in citations))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from pingan_data.display import when

    hits = pingan_data.search(" ".join(args.words))
    _print(_columns([[r.id, r.city, when(_na(r.year), _na(r.period_start), _na(r.period_end)), r.what, r.quote]
                     for r in hits.itertuples()]))
    print(f"({len(hits)} matches)", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pingan_data._tables import table

    name = table(args.table, "export")
    to_stdout = args.output in (None, "-")
    form = args.format or ("csv" if to_stdout else Path(args.output).suffix.lstrip(".").lower() or "csv")
    if form not in EXPORT_FORMATS:
        raise UnknownIdError(f"cannot export as {form!r}: choose --format csv, parquet or json", form)
    if to_stdout and form == "parquet" and sys.stdout.isatty():
        raise UnknownIdError("Parquet is binary: give --output FILE or redirect the output", form)
    if not to_stdout:
        target = _target(args.output, args.force)  # refuse before any work
    if form == "json":
        frame = pingan_data.load(name)
        data = frame.to_json(orient="records", force_ascii=False, indent=2).encode("utf-8") + b"\n"
    else:  # the published file itself, byte for byte, once its size and sha256 are checked
        from pingan_data.package import read_verified

        data = read_verified(f"{name}.{form}")
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write(target, args.output, data)
        print(f"wrote {args.output} ({len(data)} bytes)", file=sys.stderr)
    return 0


def _target(output: str, force: bool) -> Path:
    """The file an export writes (through a symlink), after refusing a folder or an existing file without --force."""
    path = Path(output)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise OutputError(f"cannot write {output}: it is a folder; give a file name, such as "
                          f"{os.path.join(output, 'claims.csv')}")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {output}: the folder {target.parent} does not exist")
    if target.is_file() and not force:
        raise OutputError(f"{output} already exists; add --force to replace it", USAGE)
    return target


def _write(target: Path, output: str, data: bytes) -> None:
    """Write an export: a regular file through a temporary file renamed over it (so a full disk or an
    interruption leaves the old file whole), a device or FIFO (``/dev/null``) directly."""
    existed = target.exists()
    try:
        if existed and not target.is_file():
            with open(target, "wb") as out:
                out.write(data)
            return
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            mode = target.stat().st_mode & 0o777 if existed else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as out:
                _write_all(out, data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        kept = f"; {output} is unchanged" if existed and target.is_file() else ""
        raise OutputError(f"cannot write {output}: {err.strerror or err}{kept}") from None


def _write_all(out: object, data: bytes) -> None:
    out.write(data)  # type: ignore[attr-defined]
    out.flush()  # type: ignore[attr-defined]
    os.fsync(out.fileno())  # type: ignore[attr-defined]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cmd_path(args: argparse.Namespace) -> int:
    if args.name:
        _print(str(pingan_data.path(args.name)))
    else:
        _print(_columns([[rel, path] for rel, path in pingan_data.files().items()]))
    return 0


# --- parser -------------------------------------------------------------------------------------------------

COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, str]] = {
    "list": (cmd_list, "list the tables, metrics, claims, honours or corroboration pairs",
             "List the published tables with their descriptions (the default), the metric catalogue, the "
             "claims (optionally selected by metric, city, region, year, domain, value type and keyword), the "
             "honours (by city, region, year, kind, recipient and keyword; `honours` or `honors`) or the "
             "corroboration pairs, each with how to read it. Repeated options combine: any of them matches. A "
             "range of years is written 2020-2023 or 2020–2023.\n\n"
             "examples:\n  pingan-data list\n  pingan-data list metrics\n"
             "  pingan-data list claims --city 泉州 --year 2021\n  pingan-data list claims --metric 調解成功率\n"
             "  pingan-data list claims --year 2016 --year 2020–2021\n"
             "  pingan-data list claims --region 福建 --value-type estimate\n"
             "  pingan-data list honours --city 泉州 --year 2021\n  pingan-data list honours --kind award\n"
             "  pingan-data list corroboration"),
    "show": (cmd_show, "show a claim, honour, metric or table",
             "Show a claim or honour (its value, the raw source line with the quote marked, a line before and "
             "after, and its citation), a metric and its claims, or the first rows of a table.\n\n"
             "examples:\n  pingan-data show 000-c001\n  pingan-data show 003-h002\n"
             "  pingan-data show patrol_force\n  pingan-data show sources --rows 0"),
    "cite": (cmd_cite, "cite claims, honours, tables or the data set",
             "Print how to cite a claim, an honour, a table or the data set ('dataset'), as plain text, Markdown, "
             "HTML, CSL-JSON (for Zotero, Pandoc, …) or BibTeX.\n\n"
             "examples:\n  pingan-data cite 000-c001\n  pingan-data cite 000-c001 002-c013 --format bibtex\n"
             "  pingan-data cite dataset --format csl"),
    "search": (cmd_search, "search claims and honours by keyword, in either script",
               "Find the claims and honours whose quote, metric, area, honour or recipient contains every word "
               "given. Simplified and traditional script match each other.\n\n"
               "examples:\n  pingan-data search 调解\n  pingan-data search 長安杯\n"
               "  pingan-data search mediation Fuzhou"),
    "export": (cmd_export, "export a table as CSV, Parquet or JSON",
               "Write a table to a file or to standard output: CSV and Parquet are the published files byte for "
               "byte (checked against datapackage.json first); JSON is an array of records. A file is written "
               "whole or not at all (to a temporary file, then renamed), and an existing one is replaced only "
               "with --force.\n\n"
               "examples:\n  pingan-data export claims > claims.csv\n"
               "  pingan-data export claims --format parquet -o claims.parquet\n"
               "  pingan-data export claims -o claims.csv --force\n"
               "  pingan-data export metrics --format json -o -"),
    "path": (cmd_path, "print the path of a published file, or of all of them",
             "Print where a published file is, for DuckDB, Polars, R or any other reader: a table name gives its "
             "Parquet file. Without a name, list every file.\n\n"
             "examples:\n  pingan-data path claims\n  pingan-data path claims.csv\n"
             "  pingan-data path datapackage.json\n  duckdb -c \"select * from '$(pingan-data path claims)'\""),
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, pointing at --help, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: error: {safe(message)} (`{self.prog} --help` shows the options)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per entry of :data:`COMMANDS`."""
    parser = _Parser(
        prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Figures on public-safety work (平安建设) from Chinese reports: list, show, cite, search "
                    "and export the published tables.",
        epilog="Run `pingan-data COMMAND --help` for each command's options.\n\n" + (__doc__ or "").split("\n\n")[1])
    parser.add_argument("--version", action="version", version=f"%(prog)s {pingan_data.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers = {}
    for name, (func, summary, description) in COMMANDS.items():
        parsers[name] = sub.add_parser(name, help=summary, description=description,
                                       formatter_class=argparse.RawDescriptionHelpFormatter)
        parsers[name].set_defaults(func=func)
    p = parsers["list"]
    p.add_argument("what", nargs="?", default="tables", type=_what,
                   choices=["tables", "metrics", "claims", "honors", "corroboration"],
                   help="what to list (default: tables); honours and honors are the same")
    p.add_argument("--metric", action="append", help="claims: metric id or label, Chinese or English (repeatable)")
    p.add_argument("--domain", action="append", help="claims: metric domain, e.g. dispute_mediation (repeatable)")
    p.add_argument("--city", action="append", help="claims, honours: a city, e.g. Fuzhou, 福州 or 泉州市 (repeatable)")
    p.add_argument("--region", action="append",
                   help="claims, honours: a division of China at any level, by code or name (福建, 泉州市, 350102, "
                        "Gulou District): its records and those of the divisions inside it (repeatable)")
    p.add_argument("--year", action="append", type=_years,
                   help="claims, honours: the year a figure refers to (not the year it was reported), or a range, "
                        "e.g. 2022 or 2020-2023 (repeatable: they combine); matches a stated, relative or current "
                        "year and a period that covers it; a figure whose text gives no time matches none")
    p.add_argument("--year-basis", dest="year_basis", action="append",
                   help="claims, honours: only figures whose year was decided so: stated, relative, current, "
                        "period, since or unstated (repeatable); --year-basis stated keeps the years the text "
                        "writes out")
    p.add_argument("--no-periods", dest="periods", action="store_const", const=False,
                   help="claims, honours: leave out figures over a period (those without a single year)")
    p.add_argument("--reported-year", dest="reported_year", action="append", type=_years,
                   help="claims, honours: the year the article was published, or a range (repeatable); finds "
                        "figures whose text gives no time")
    p.add_argument("--value-type", dest="value_type", action="append",
                   help="claims: measured, estimate or target (repeatable)")
    p.add_argument("--kind", action="append",
                   help="honours: award, title, designation, practice or individual (repeatable)")
    p.add_argument("--recipient", action="append",
                   help="honours: words of the recipient, Chinese or English, e.g. 公安局")
    p.add_argument("--keyword", action="append",
                   help="claims, honours: words that must all occur where `search` looks, in either script, e.g. "
                        "巡防 or 長安杯")
    p = parsers["show"]
    p.add_argument("id", help="claim id (000-c001), honour id (000-h001), metric id or table name")
    p.add_argument("--rows", type=int, default=10, help="rows of a table to show; 0 for all (default: 10)")
    p = parsers["cite"]
    p.add_argument("ids", nargs="+", metavar="ID", help="claim id, honour id, table name or 'dataset'")
    p.add_argument("--format", default="text", choices=["text", "markdown", "html", "csl", "bibtex"],
                   help="citation format (default: text)")
    p = parsers["search"]
    p.add_argument("words", nargs="+", metavar="WORD", help="words that must all occur, in either script")
    p = parsers["export"]
    p.add_argument("table", help="table name (`pingan-data list` lists them)")
    p.add_argument("--format", choices=EXPORT_FORMATS, help="csv, parquet or json (default: from --output, else csv)")
    p.add_argument("-o", "--output", help="file to write; - for standard output (the default)")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p = parsers["path"]
    p.add_argument("name", nargs="?", help="table name, file name or datapackage.json (default: list every file)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        status = args.func(args)
        sys.stdout.flush()  # a write error (a full disk) surfaces here, not at exit
        return status
    except DataIntegrityError as err:
        return _fail(err.cli_message, DAMAGED)
    except PinganDataError as err:
        return _fail(err.cli_message, USAGE)
    except OutputError as err:
        return _fail(str(err), err.status)
    except BrokenPipeError:  # e.g. `pingan-data list claims | head`: stop quietly
        _silence_stdout()
        return 0
    except OSError as err:  # standard output itself failed, e.g. `> /dev/full`
        _silence_stdout()
        return _fail(f"cannot write to standard output: {err.strerror or err}", UNWRITABLE)
    except KeyboardInterrupt:
        return _fail("interrupted", INTERRUPTED)


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: error: {safe(message)}", file=sys.stderr)
    return status


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
