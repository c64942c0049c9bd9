"""No input, cache state or file-system state makes the build publish what it did not check, claim what it did not
do, hang or crash.

Every case of ``tests/hostile.py`` arranges a copy of the repository in one hostile way and runs the command a
person would run (in a second interpreter, with a timeout and a memory bound, unless it must make a step fail from
inside): the exit status, the exact lines printed and the places allowed to change are the case's. Further tests
keep the battery complete: each refusal code the build gained for hostile input has a case that reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.core.problems import CODES
from tests.hostile import _STACK, CASES, Case, run, verdict

pytestmark = pytest.mark.slow  # whole builds in second interpreters: `make test` runs them

#: The codes of refusals of hostile input: each is reported by a case of the battery.
HOSTILE = ("not-a-regular-file", "link-outside", "file-too-large", "yaml-too-deep", "number-too-long",
           "retired-id", "retired-id-foreign", "retired-id-unknown", "output-in-inputs", "output-not-writable",
           "output-not-a-folder", "output-foreign-files", "source-changed", "value-mismatch")


@pytest.fixture
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache key for the battery's builds, outside every copy of the repository."""
    return tmp_path_factory.getbasetemp() / "hostile-cache.key"


@pytest.fixture(autouse=True)
def _undo_read_only() -> Iterator[None]:
    yield
    _STACK.close()


def test_the_battery_has_a_case_for_every_kind_the_issue_names() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("one", CASES, ids=[c.name for c in CASES])
def test_each_hostile_case_is_refused_or_survived_in_one_line_and_changes_only_its_place(
        one: Case, tmp_path: Path, key: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    spec, outcome = run(one, root, key)
    _STACK.close()
    assert verdict(spec, outcome) == []


def test_every_refusal_code_of_hostile_input_is_listed_and_reported_by_a_case() -> None:
    source = Path(__file__).with_name("hostile.py").read_text(encoding="utf-8")
    reported = set(re.findall(r"\(([a-z]+(?:-[a-z]+)+)\)", source))
    assert sorted(set(HOSTILE) - set(CODES)) == []
    assert sorted(set(HOSTILE) - reported) == []
