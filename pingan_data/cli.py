"""The command line: ``pingan-data`` (or ``python -m pingan_data``) lists, shows, cites, searches and exports.

Exit status: 0 on success; 1 if a published file is missing, damaged or was replaced; 2 for a usage
error, or an unknown id, metric, city or table.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence

import pingan_data
from pingan_data.errors import DataIntegrityError, UnknownIdError

PROG = "pingan-data"
EXPORT_FORMATS = ("csv", "parquet", "json")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(rows: Sequence[Sequence[object]]) -> str:
    """Rows as aligned columns (by display width, so Chinese text lines up); the last column is not padded."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if not cells:
        return ""
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cells[0]) - 1)]
    return "\n".join("  ".join([*(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=False)), row[-1]])
                     .rstrip() for row in cells)


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _years(text: str) -> list[int]:
    """ "2022" → [2022]; "2020-2023" → [2020, 2021, 2022, 2023]."""
    try:
        if "-" in text.strip("-"):
            start, end = (int(part) for part in text.split("-", 1))
            return list(range(start, end + 1))
        return [int(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year or a range of years: {text!r} (e.g. 2022 or 2020-2023)")\
            from None


# --- commands -----------------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    filters = {k: getattr(args, k) for k in ("metric", "city", "year", "domain") if getattr(args, k) is not None}
    if filters and args.what != "claims":
        raise UnknownIdError(f"--{next(iter(filters))} selects claims: use `{PROG} list claims --…`", args.what)
    if args.what == "tables":
        _print(_columns(list(pingan_data.tables().items())))
    elif args.what == "metrics":
        frame = pingan_data.metrics()
        _print(_columns([[r.metric_id, r.unit, r.domain, r.label_en, r.label_zh] for r in frame.itertuples()]))
    elif args.what == "claims":
        from pingan_data._records import amount, when

        frame = pingan_data.claims(**filters)
        labels = pingan_data.metrics().set_index("metric_id")["label_en"]
        _print(_columns([[r.claim_id, r.city, when(_na(r.year), _na(r.period_start), _na(r.period_end)),
                          amount(r.value, r.qualifier, r.unit), labels[r.metric]] for r in frame.itertuples()]))
        print(f"({len(frame)} claims)", file=sys.stderr)
    else:  # honors
        from pingan_data._records import when

        frame = pingan_data.load("honors")
        _print(_columns([[r.honor_id, r.city, when(_na(r.year), _na(r.period_start), _na(r.period_end)),
                          r.recipient, r.honor] for r in frame.itertuples()]))
    return 0


def _na(value: object) -> object:
    from pingan_data._records import plain

    return plain(value)


def cmd_show(args: argparse.Namespace) -> int:
    from pingan_data._source import terminal_mark

    ident = args.id.strip()
    if ident in pingan_data.tables():
        return _show_table(ident, args.rows)
    lowered = ident.lower()
    if len(lowered) == 8 and lowered[3:5] in ("-c", "-h"):
        record = pingan_data.claim(lowered) if lowered[3:5] == "-c" else pingan_data.honor(lowered)
        if isinstance(record, pingan_data.Claim):
            head = f"claim {record.id}: {record.amount}"
            fields = [("metric", f"{record.metric}: {record.label_en} ({record.label_zh}), {record.domain}"),
                      ("city", f"{record.city} ({record.area})" if record.area else record.city),
                      ("when", f"{record.when} ({record.year_basis})"), ("figure", record.figure),
                      ("note", record.note)]
        else:
            head = f"honour {record.id}: {record.honor}"
            fields = [("recipient", record.recipient), ("city", record.city),
                      ("when", f"{record.when} ({record.year_basis})"), ("times", record.times),
                      ("note", record.note)]
        _print(head)
        _print(_columns([["  " + k, v] for k, v in fields if v]))
        _print("\nsource:\n" + record.source().render(terminal_mark()))
        _print("\ncite as:\n" + record.cite().text)
        return 0
    metrics = pingan_data.metrics()
    if ident in set(metrics["metric_id"]):
        row = metrics[metrics["metric_id"] == ident].iloc[0]
        _print(f"metric {ident}: {row['label_en']} ({row['label_zh']})")
        _print(_columns([["  " + k, row[k]] for k in ("unit", "domain", "kind", "description")]))
        args.what, args.metric, args.city, args.year, args.domain = "claims", ident, None, None, None
        _print("\nclaims:")
        return cmd_list(args)
    raise UnknownIdError(f"{args.id!r} is not a claim id (000-c001), honour id (000-h001), metric id or table "
                         f"({', '.join(pingan_data.tables())})", args.id)


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
    from pingan_data._records import when

    try:
        hits = pingan_data.search(" ".join(args.words))
    except ValueError as err:
        raise UnknownIdError(str(err), args.words) from None
    _print(_columns([[r.id, r.city, when(_na(r.year), _na(r.period_start), _na(r.period_end)), r.what, r.quote]
                     for r in hits.itertuples()]))
    print(f"({len(hits)} matches)", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.table not in pingan_data.tables():
        raise UnknownIdError(f"no published table is called {args.table!r}; the tables are: "
                             f"{', '.join(pingan_data.tables())}", args.table)
    form = args.format or (os.path.splitext(args.output)[1].lstrip(".") if args.output else "csv")
    if form not in EXPORT_FORMATS:
        raise UnknownIdError(f"cannot export as {form!r}: choose --format csv, parquet or json", form)
    if form == "json":
        frame = pingan_data.load(args.table)
        data = frame.to_json(orient="records", force_ascii=False, indent=2).encode("utf-8") + b"\n"
    else:  # the published file itself, byte for byte, once its sha256 is checked
        from pingan_data._package import read_verified

        data = read_verified(f"{args.table}.{form}")
    if args.output:
        with open(args.output, "wb") as out:
            out.write(data)
        print(f"wrote {args.output} ({len(data)} bytes)", file=sys.stderr)
    elif form == "parquet" and sys.stdout.isatty():
        raise UnknownIdError("Parquet is binary: give --output FILE or redirect the output", form)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    if args.name:
        _print(str(pingan_data.path(args.name)))
    else:
        _print(_columns([[rel, path] for rel, path in pingan_data.files().items()]))
    return 0


# --- parser -------------------------------------------------------------------------------------------------

COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, str]] = {
    "list": (cmd_list, "list the tables, metrics, claims or honours",
             "List the published tables with their descriptions (the default), the metric catalogue, the "
             "claims (optionally selected by metric, city, year and domain) or the honours.\n\n"
             "examples:\n  pingan-data list\n  pingan-data list metrics\n"
             "  pingan-data list claims --city 泉州 --year 2021\n  pingan-data list claims --metric 調解成功率"),
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
               "byte (checked against datapackage.json first); JSON is an array of records.\n\n"
               "examples:\n  pingan-data export claims > claims.csv\n"
               "  pingan-data export claims --format parquet -o claims.parquet\n"
               "  pingan-data export metrics --format json"),
    "path": (cmd_path, "print the path of a published file, or of all of them",
             "Print where a published file is, for DuckDB, Polars, R or any other reader: a table name gives its "
             "Parquet file. Without a name, list every file.\n\n"
             "examples:\n  pingan-data path claims\n  pingan-data path claims.csv\n"
             "  pingan-data path datapackage.json\n  duckdb -c \"select * from '$(pingan-data path claims)'\""),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Figures on public-safety work (平安建设) in Fuzhou and Quanzhou: list, show, cite, search "
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
    p.add_argument("what", nargs="?", default="tables", choices=["tables", "metrics", "claims", "honors"],
                   help="what to list (default: tables)")
    p.add_argument("--metric", action="append", help="metric id or label, Chinese or English (repeatable)")
    p.add_argument("--city", action="append", help="Fuzhou/福州 or Quanzhou/泉州 (repeatable)")
    p.add_argument("--year", type=_years, help="a year or a range, e.g. 2022 or 2020-2023")
    p.add_argument("--domain", action="append", help="metric domain, e.g. dispute_mediation (repeatable)")
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
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p = parsers["path"]
    p.add_argument("name", nargs="?", help="table name, file name or datapackage.json (default: list every file)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UnknownIdError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    except DataIntegrityError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `pingan-data list claims | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
