"""Each pipeline stage is one module with one documented entry point, "input → output"; every problem code is
declared by the rule or stage that reports it, and documented."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

STAGES = {"check.context": "load_context", "check.document": "check_document", "check.corpus": "check_corpus",
          "render.document": "render_document", "render.tables": "make_tables", "render.validate": "validate",
          "publish.package": "publish"}


@pytest.mark.parametrize(("module", "entry"), STAGES.items())
def test_each_stage_has_an_entry_point_documented_as_input_to_output(module: str, entry: str) -> None:
    stage = importlib.import_module(f"pipeline.{module}")
    function = getattr(stage, entry)
    assert "→" in (inspect.getdoc(function) or "").splitlines()[0]
    assert "→" in (stage.__doc__ or "").splitlines()[0]
    assert inspect.signature(function).return_annotation not in (inspect.Signature.empty, "None")


def test_every_problem_code_the_pipeline_reports_is_listed_with_its_meaning() -> None:
    from pipeline.core.problems import CODES

    modules = [p for p in Path("pipeline").rglob("*.py") if p.name != "numerals.py" and "draft" not in p.parts]
    source = "\n".join(p.read_text(encoding="utf-8") for p in modules)
    literals = set(re.findall(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"', source))  # codes start with a letter
    assert len(literals) > 30
    assert sorted(literals - set(CODES) - {"utf-8", "datasette-metadata"}) == []  # an encoding, a resource name


def test_every_code_a_rule_declares_is_documented_and_every_rule_says_what_it_checks() -> None:
    from pipeline.check import rules
    from pipeline.check.document import (
        _rules_loaded,
        check_document,  # noqa: F401 - the rules register on first use
    )
    from pipeline.core.problems import CODES

    _rules_loaded()
    declared = rules.codes()
    assert declared and sorted(declared - set(CODES)) == []
    for subject, registered in rules.RULES.items():
        assert registered, subject
        for rule in registered:
            assert rule.codes and rule.doc, rule.name
