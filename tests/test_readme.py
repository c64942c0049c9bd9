"""The README speaks to users in a few minutes' reading; it and docs/*.md show the publication as it is: every
example in them runs and prints what they show."""

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

README = (REPO / "README.md").read_text(encoding="utf-8")
#: The documents whose examples the tests run: the README and every file of docs/.
DOCUMENTS = {"README.md": README} | {f"docs/{p.name}": p.read_text(encoding="utf-8")
                                     for p in sorted((REPO / "docs").glob("*.md"))}
DATA = DOCUMENTS["docs/data.md"]


def _section(title: str) -> str:
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert found, f"README.md has no section '{title}'"
    return found.group(1)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_the_readme_is_short_and_opens_with_what_the_data_are_and_a_table_of_contents() -> None:
    assert len(README.splitlines()) <= 250
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[:2] == ["Contents", "What the data are, and are not"]
    intro = README.split("\n## ", 1)[0]
    assert "```" not in intro  # first what the data is, in words
    contents = re.findall(r"^- \[(.+?)\]\(#(.+?)\)$", _section("Contents"), re.M)
    assert [title for title, _ in contents] == headings[1:]
    assert all(anchor == _anchor(title) for title, anchor in contents)
    what = _section("What the data are, and are not")
    for words in ("not audited", "self-reported", "five articles", "single observation"):
        assert words in what.lower().replace("**", ""), words


def test_the_readme_says_how_to_get_the_data_use_it_cite_it_and_build_it() -> None:
    get = _section("Get the data")
    assert "`datasets/published/`" in get  # the published files are in the repository
    [install] = re.findall(r"```sh\n(.*?)```", get, re.S)
    assert install.strip() == "python3 -m pip install ."  # one command
    example = re.findall(r"```python\n(.*?)```", _section("A first look"), re.S)
    assert len([line for b in example for line in b.splitlines() if line.startswith(">>> ")]) <= 5
    assert "CITATION.cff" in _section("How to cite")
    [build] = re.findall(r"```sh\n(.*?)```", _section("Build and test"), re.S)
    assert [line.split("#")[0].strip() for line in build.splitlines()] == ["make", "make test"]


def test_every_link_of_the_readme_and_the_docs_leads_to_a_file_of_the_repository() -> None:
    missing = []
    for name, text in DOCUMENTS.items():
        folder = (REPO / name).parent
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not target.startswith(("http://", "https://")) and not (folder / target).exists():
                missing.append(f"{name}: {target}")
    assert missing == []


def test_the_readme_counts_equal_the_publication() -> None:
    shown = re.search(r"<!-- counts:.*?-->\n(.*?)<!-- /counts -->", DATA, re.S)
    assert shown, "the counts block is missing"
    assert shown.group(1) == counts(PUBLISHED)


def test_the_counts_command_prints_the_same_tables() -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "counts"], capture_output=True, text=True, check=True)
    assert result.stdout == counts(PUBLISHED)
    assert result.stdout.count("\n| `0") == 5


@pytest.mark.parametrize("name", [n for n, text in DOCUMENTS.items() if "```python\n>>>" in text])
def test_every_python_example_prints_what_its_document_shows(name: str) -> None:
    blocks = [b for b in re.findall(r"```python\n(.*?)```", DOCUMENTS[name], re.S) if ">>>" in b]
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda text: print(text, end=""))
    assert runner.failures == 0, f"{runner.failures} example(s) of {name} print something else; see the output above"


def test_the_documents_hold_the_examples_of_every_job() -> None:
    blocks = sum(len(re.findall(r"```python\n>>>", text)) for text in DOCUMENTS.values())
    assert blocks >= 10 and len(_console_examples()) >= 10


def _console_examples() -> list[tuple[str, str]]:
    """(command, the output shown under it) for every `$ ` line of the console blocks of the README and docs."""
    examples = []
    for block in (b for text in DOCUMENTS.values() for b in re.findall(r"```console\n(.*?)```", text, re.S)):
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
