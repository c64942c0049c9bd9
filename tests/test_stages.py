"""Each pipeline stage is one module with one documented entry point, "input → output"."""

from __future__ import annotations

import importlib
import inspect

import pytest

STAGES = {"context": "load_context", "document": "check_document", "corpus": "check_corpus", "tables": "make_tables",
          "validate": "validate", "publish": "publish"}


@pytest.mark.parametrize(("module", "entry"), STAGES.items())
def test_each_stage_has_an_entry_point_documented_as_input_to_output(module: str, entry: str) -> None:
    stage = importlib.import_module(f"pipeline.{module}")
    function = getattr(stage, entry)
    assert "→" in (inspect.getdoc(function) or "").splitlines()[0]
    assert "→" in (stage.__doc__ or "").splitlines()[0]
    assert inspect.signature(function).return_annotation not in (inspect.Signature.empty, "None")


def test_every_problem_code_the_pipeline_reports_is_listed_with_its_meaning() -> None:
    import re
    from pathlib import Path

    from pipeline.errors import CODES

    modules = [p for p in Path("pipeline").glob("*.py") if p.name != "numerals.py"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in modules)
    literals = set(re.findall(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"', source))  # codes start with a letter
    assert len(literals) > 30
    assert sorted(literals - set(CODES) - {"utf-8"}) == []
