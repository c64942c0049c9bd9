"""The README opens with the two commands and shows the publication as it is."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import docs
from pipeline.docs import counts
from tests.conftest import PUBLISHED
from tests.published import REPO

README = open("README.md", encoding="utf-8").read()


def _section(title: str) -> str:
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert found, f"README.md has no section '{title}'"
    return found.group(1)


def test_the_readme_speaks_to_users_first_then_gives_the_build_and_test_commands() -> None:
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[:2] == ["Get the data", "Build and test"]
    intro = README.split("\n## ", 1)[0]
    assert "Fuzhou and Quanzhou" in intro and "```" not in intro  # first what the data is, in words
    get = _section("Get the data")
    assert "`datasets/published/`" in get  # the published files are in the repository
    [install] = re.findall(r"```sh\n(.*?)```", get, re.S)
    assert install.strip() == "python3 -m pip install ."  # one command
    [build] = re.findall(r"```sh\n(.*?)```", _section("Build and test"), re.S)
    assert [line.split("#")[0].strip() for line in build.splitlines()] == ["make", "make test"]


def test_the_readme_counts_equal_the_publication() -> None:
    shown = re.search(r"<!-- counts:.*?-->\n(.*?)<!-- /counts -->", README, re.S)
    assert shown, "the counts block is missing"
    assert shown.group(1) == counts(PUBLISHED)


def test_the_counts_command_prints_the_same_tables() -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "counts"], capture_output=True, text=True, check=True)
    assert result.stdout == counts(PUBLISHED)
    assert result.stdout.count("\n| `0") == 5


def test_every_python_example_in_the_readme_prints_what_the_readme_shows() -> None:
    blocks = [b for b in re.findall(r"```python\n(.*?)```", README, re.S) if ">>>" in b]
    assert len(blocks) >= 5
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda text: print(text, end=""))
    assert runner.failures == 0, f"{runner.failures} README example(s) print something else; see the output above"


def _console_examples() -> list[tuple[str, str]]:
    """(command, the output shown under it) for every `$ ` line of the README's console blocks."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        examples.append((command, "\n".join(output)))
    return examples


#: Where the README's examples ran: a wheel installed in /tmp/rd/venv, commands run in /tmp/rd/work.
INSTALLED, WORK = "/tmp/rd/venv/lib/python3.11/site-packages/pingan_data/data/", "/tmp/rd/work"


@pytest.mark.slow
def test_every_console_example_in_the_readme_prints_what_the_readme_shows(tmp_path: Path) -> None:
    examples = _console_examples()
    assert len(examples) >= 10
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "PY": sys.executable}
    env.pop("PINGAN_DATA_DIR", None)
    for command, shown in examples:
        script = f'pingan-data() {{ "$PY" -m pingan_data "$@"; }}\n{command}\n'
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                                timeout=120)
        printed = (result.stdout + result.stderr).rstrip("\n").replace(str(tmp_path), WORK)
        if shown.startswith(INSTALLED):  # a path of the installed wheel: here, the checkout's published files
            assert printed == str(PUBLISHED.resolve() / shown.removeprefix(INSTALLED)), command
        else:
            assert printed == shown, command


@pytest.mark.parametrize(("file", "name"), [(f, n) for f, names in docs.BLOCKS.items() for n in names])
def test_the_documentation_generated_from_the_models_equals_a_run(file: str, name: str) -> None:
    text = (REPO / file).read_text(encoding="utf-8")
    assert docs.generated(text, name) == docs.GENERATORS[name](REPO), f"run `python -m pipeline docs` ({file})"
