"""The README opens with the two commands and shows the publication as it is."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys

from pipeline.report import counts
from tests.conftest import PUBLISHED

README = open("README.md", encoding="utf-8").read()


def test_the_readme_opens_with_the_build_and_test_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block and README.index(first_block.group(0)) < 30
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make", "make test"]


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
