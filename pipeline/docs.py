"""Published package → Markdown tables of counts per document and per table (for the README)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from schemas import TABLES


def counts(published: Path) -> str:
    """Published package → counts of claims, honours and ledger entries per document, and rows per table."""
    read = {name: pd.read_csv(published / f"{name}.csv", dtype=str) for name in TABLES}
    mentions = read["mentions"]
    lines = ["| document | city | script | claims | honours | numbers in ledger | of which excluded |",
             "|---|---|---|---:|---:|---:|---:|"]
    for source in read["sources"].itertuples():
        name = source.source_file
        here = mentions[mentions["source_file"] == name]
        lines.append(f"| `{name}` | {source.city} | {source.script} "
                     f"| {(read['claims']['source_file'] == name).sum()} "
                     f"| {(read['honors']['source_file'] == name).sum()} "
                     f"| {len(here)} | {(here['status'] == 'excluded').sum()} |")
    lines += ["", "| table | rows |", "|---|---:|"]
    lines += [f"| `{name}` | {len(frame)} |" for name, frame in read.items()]
    return "\n".join(lines) + "\n"
