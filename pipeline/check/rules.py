"""The rules of the check, each registered with the problem codes it may report.

A rule is a function of one record (or of the document) that reports what is wrong through
:meth:`pipeline.check.document.DocumentCheck.add`. It is registered with :func:`rule`, naming the kind of record it
checks and every code it may report (as frictionless-py declares the errors of each check); reporting any other code
is a programming error, so the registry is a true list of what each rule can say. A rule of a record returns
``False`` when the record cannot be checked further (its quote is not on its line, its figure cannot be read).
The steps of a record's rules: its own fields (10), what was counted (20), its line (30), its time (40), its quote
(50), what its quote says (60).

``RULES`` lists the rules of each kind in the order they run; :func:`codes` gathers every code the registry
declares, so that "every code is documented and can be reported" is a loop over the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: What a rule checks: a claim, an honour, the document's source, or the document as a whole.
SUBJECTS = ("source", "claim", "honor", "document")


@dataclass(frozen=True)
class Rule:
    """One rule: what it checks, the codes it may report, and the function."""

    name: str
    subject: str
    codes: tuple[str, ...]
    run: Callable[..., Any]
    doc: str
    #: where it runs among the rules of its subject (lower first)
    step: int = 0


RULES: dict[str, list[Rule]] = {subject: [] for subject in SUBJECTS}


def rule(subjects: str | tuple[str, ...], *codes: str, step: int = 0
         ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule of ``subjects`` (one, or several that share it) that may report ``codes``; the rules of a
    subject run by ``step``, then in the order they are registered."""
    subjects = (subjects,) if isinstance(subjects, str) else subjects
    for subject in subjects:
        if subject not in SUBJECTS:
            raise ValueError(f"a rule checks one of {SUBJECTS}, not {subject!r}")

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        doc = (function.__doc__ or "").strip().split("\n")[0]
        for subject in subjects:
            RULES[subject].append(Rule(function.__name__, subject, codes, function, doc, step))
            RULES[subject].sort(key=lambda r: r.step)  # stable: equal steps keep their order
        return function

    return register


def codes() -> set[str]:
    """Every code a registered rule may report."""
    return {code for rules in RULES.values() for r in rules for code in r.codes}


__all__ = ["RULES", "SUBJECTS", "Rule", "codes", "rule"]
