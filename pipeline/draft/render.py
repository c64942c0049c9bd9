"""Proposals → YAML text in the curated files' own layout, every record marked ``review: proposed``.

The text is written line by line in the layout of the hand-written files (block mappings for claims and honours,
one flow mapping per exclusion, comments that say where a proposal comes from); each scalar is written by
PyYAML's emitter, and the whole text is read back with the build's own reader before it is used
(:func:`check_round_trip`), so what the curator reads is what the build will read.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

import yaml

from pipeline.core.load import compose, records
from pipeline.core.problems import Problems
from pipeline.core.records import Claim, Exclusion, Honor, Metric, SourceMeta, spec, yaml_order
from pipeline.draft.entries import Proposed
from pipeline.draft.metadata import MetaProposal

RIGHTS = ("Text of the original article, reproduced verbatim so that every citation can be checked offline; "
          "copyright remains with its publisher. It is not covered by the dataset's licence.")
_CLAIM_FIELDS = yaml_order(Claim)
_HONOR_FIELDS = yaml_order(Honor)
_ATTRIBUTE = {"id": None}
ACCEPT = "change `review: proposed` to `review: accepted`"


def scalar(value: Any, flow: bool = False) -> str:
    """One YAML scalar as PyYAML writes it (text quoted where YAML would read it otherwise)."""
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9, default_flow_style=True).strip()
    dumped = dumped.removesuffix("...").strip()
    if flow and re.search(r"[,\[\]{}:#&*!|>'\"%@`?\s-]", text) and not dumped.startswith(("'", '"')):
        return json.dumps(text, ensure_ascii=False)
    if "\n" in dumped:
        return json.dumps(text, ensure_ascii=False)
    return dumped


def _field(record: Any, name: str) -> Any:
    return getattr(record, spec(type(record))[name].attribute)


def _block(record: Any, names: tuple[str, ...], comments: dict[str, str] | None = None) -> list[str]:
    out = []
    fields = spec(type(record))
    for name in names:
        value = _field(record, name)
        if value is None:
            if fields[name].required:  # the reviewer's to write (an honour's English name): refused until then
                out.append(f"    {name}:  # to write: the build refuses the record until it is filled in")
            continue
        line = f"    {name}: {scalar(value)}"
        if comments and name in comments:
            line += f"  # {comments[name]}"
        out.append(line)
    out[0] = "  - " + out[0][4:]
    return out + [""]


def write_yaml(proposed: Proposed, meta: MetaProposal) -> str:
    """The curated document of a draft: claims, honours and exclusions, each ``review: proposed``."""
    year = meta.published_year
    date = meta.published or (str(year) if year else "an unknown date")
    head = [
        f"# Drafted by `python -m pipeline draft` from {proposed.source}: every entry below is a proposal.",
        "# Review each one against its line of the source: correct what is wrong (metric, unit, year, reason…),",
        f"# delete what is not a figure, then {ACCEPT}.",
        "# The build refuses this file while any entry is still proposed (unreviewed-entry).",
        f"# {meta.title or 'Untitled'} — {meta.region_name or 'place unknown'}, published {date} "
        f"({meta.date_basis}). 今年 = {year}.",
        f"# The draft found {proposed.numbers} numbers in the source: every one is a claim's figure or date, part "
        "of an honour, or excluded below.",
        f"source: {proposed.source}",
        "",
    ]
    body = ["claims:"] if proposed.claims else ["claims: []"]
    for claim in proposed.claims:
        comments = {}
        if claim.metric in proposed.metrics:
            comments["metric"] = "a new metric, proposed in metrics.yml: fill in its labels, or name an existing one"
        body += _block(claim, _CLAIM_FIELDS, comments)
    body += ["honors:"] if proposed.honors else ["honors: []", ""]
    for honor in proposed.honors:
        body += _block(honor, _HONOR_FIELDS)
    body += ["excluded:"] if proposed.excluded else ["excluded: []"]
    for entry in proposed.excluded:
        parts = [f"line: {entry.line}", f"text: {scalar(entry.text, flow=True)}", f"reason: {entry.reason}"]
        if entry.see:
            parts.append(f"see: {entry.see}")
        parts.append("review: proposed")
        body.append("  - {" + ", ".join(parts) + "}")
    text = "\n".join(head + body) + "\n"
    check_round_trip(text, proposed)
    return text


def check_round_trip(text: str, proposed: Proposed) -> None:
    """Read the written text back with the build's reader; raise if any record reads otherwise."""
    problems = Problems()
    node = compose(text, "draft", problems)
    assert node is not None and not problems, problems
    top = {k.value: v for k, v in node.value}
    for name, cls, wanted in (("claims", Claim, proposed.claims), ("honors", Honor, proposed.honors),
                              ("excluded", Exclusion, proposed.excluded)):
        read = records(top[name], cls, "draft", name, problems)
        # a required field the draft leaves to the reviewer (an honour's English name) reads as empty, as written
        left = {(w.key, n) for w in wanted for n, f in spec(type(w)).items()
                if f.required and getattr(w, f.attribute) is None}
        assert all(p.code == "missing-field" and (p.id, p.field) in left for p in problems), problems
        problems.clear()
        for got, want in zip(read, wanted, strict=True):
            for attribute in ("key", "line", "quote", "figure", "value", "text", "reason", "year_evidence"):
                if hasattr(want, attribute):
                    assert getattr(got, attribute) == getattr(want, attribute), (attribute, got, want)


def metadata_yaml(meta: MetaProposal, text: str) -> str:
    """The source's entry for sources.yml, ``review: proposed``, each field with the lines it comes from."""
    def where(name: str) -> str | None:
        lines = meta.lines.get(name)
        if not lines:
            return None
        return "line " + ", ".join(map(str, lines[:8])) + (" …" if len(lines) > 8 else "")

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rows: list[tuple[str, Any, str | None]] = [
        ("file", meta.file, None),
        ("review", "proposed", f"{ACCEPT} once checked"),
        ("sha256", sha, "of the raw bytes: the build refuses the source if they change"),
        ("title", meta.title, where("title") or "no headline found: give one, or explain in title_note"),
        ("site", meta.site, None),
        ("site_line", meta.site_line, None),
        ("publisher", meta.publisher, None),
        ("publisher_line", meta.publisher_line, None),
        ("published_date", meta.published_date, where("published_date")),
        ("published_year", meta.published_year, None),
        ("date_basis", meta.date_basis, None),
        ("date_evidence", meta.date_evidence, None),
        ("region", meta.region, (f"{meta.region_name}, named on " + (where("region") or "no line")
                                 + (f"; unsure: {meta.region_doubt}" if meta.region_doubt else ""))
         if meta.region else "no division of China found in the text: give the six-digit code of the place"),
        ("script", meta.script, None),
        ("defects", meta.defects, where("defects")),
        ("rights", RIGHTS, None),
    ]
    out = []
    order = {name: at for at, name in enumerate(yaml_order(SourceMeta))}
    for name, value, comment in sorted(rows, key=lambda row: order[row[0]]):
        if value is None and name not in ("title", "defects", "site", "publisher"):
            continue
        line = f"    {name}: {scalar(value)}"
        if name == "published_date" and value is not None:
            line = f'    {name}: "{value}"'
        if comment:
            line += f"  # {comment}"
        out.append(line)
    out[0] = "  - " + out[0][4:]
    return "\n".join(out) + "\n"


def metrics_yaml(metrics: dict[str, Any], new: bool = False, fill: bool = False) -> str:
    """Entries for metrics.yml: existing :class:`Metric` records, or new proposals (id → label_zh, unit, domain,
    kind) with ``review: proposed`` and their English label and description left to write."""
    out = []
    for metric_id, metric in metrics.items():
        fields = spec(Metric)
        if isinstance(metric, Metric):
            values = [(name, getattr(metric, fields[name].attribute)) for name in yaml_order(Metric)
                      if name != "review"]
        else:
            label, unit, domain, kind = metric
            proposal = {"id": metric_id, "review": "proposed", "label_zh": label,
                        "label_en": "drafted" if fill else None, "unit": unit,
                        "domain": domain or ("policing" if fill else None), "kind": kind,
                        "description": "drafted" if fill else None}
            values = [(name, proposal[name]) for name in yaml_order(Metric)]
        lines = []
        for name, value in values:
            line = f"    {name}: {scalar(value)}"
            if value is None:
                line = f"    {name}:  # to write: the build refuses the metric until it is filled in"
            lines.append(line)
        lines[0] = "  - " + lines[0][4:]
        out.append("\n".join(lines) + "\n\n")
    return "".join(out)


def units_yaml(units: dict[str, str]) -> list[str]:
    """Entries for the units of vocabulary.yml: one for each measure word a draft met that no unit has, with
    ``review: proposed``, its English label left to write."""
    out = []
    for code, measure in units.items():
        out.append(f"  {code}: {{label_en: \"\", label_zh: {scalar(measure, flow=True)}, measures: "
                   f"[{scalar(measure, flow=True)}], shown: \"{{}} {measure}\", review: proposed}}  # a new unit a "
                   "draft proposes: name it (its code and label_en), or give its claims an existing unit")
    return out


def with_units(vocabulary: str, units: dict[str, str]) -> str:
    """vocabulary.yml's text with the proposed units added at the end of its ``units`` section."""
    if not units:
        return vocabulary
    lines = vocabulary.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"units:\s*$", line))
    end = start + 1
    for i in range(start + 1, len(lines)):
        if re.match(r"\s+\S", lines[i]) and not lines[i].lstrip().startswith("#"):
            end = i + 1
        elif lines[i].strip() and not lines[i].startswith((" ", "#")):
            break
    return "\n".join(lines[:end] + units_yaml(units) + lines[end:])

