"""The R example of docs/formats.md runs with Rscript, prints what the docs show, and reads the claims as the CSV
holds them; the docs say how to get what it needs.

Skipped only where there is no ``Rscript`` (CI installs R, as it installs the browser), with the reason and what to
install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.published import REPO, fields, rows

FORMATS = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
RSCRIPT = shutil.which("Rscript")
NO_R = ("the R example of docs/formats.md was not run: Rscript is not installed; install it with "
        "apt-get install --no-install-recommends r-base-core r-cran-jsonlite")
needs_r = pytest.mark.skipif(RSCRIPT is None, reason=NO_R)


def example() -> tuple[str, str]:
    """The R code of docs/formats.md and the output it shows."""
    found = re.search(r"```r\n(.*?)```\n\nprints\n\n```text\n(.*?)```", FORMATS, re.S)
    assert found, "docs/formats.md has no R example followed by its output"
    return found.group(1), found.group(2)


def run_r(code: str, tmp_path: Path) -> str:
    script = tmp_path / "example.R"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    result = subprocess.run([RSCRIPT, str(script)], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def words(text: str) -> list[list[str]]:
    """Lines as lists of words: R pads and ends lines with spaces that the README does not keep."""
    return [line.split() for line in text.strip("\n").splitlines()]


def test_the_r_instructions_name_base_r_jsonlite_and_how_to_get_arrow() -> None:
    section = FORMATS[FORMATS.index("## R\n"):FORMATS.index("## Which libraries")]
    code, _ = example()
    assert set(re.findall(r"library\((\w+)\)", code)) == {"jsonlite"}  # the tested example: base R and jsonlite
    assert "r-base-core" in section and "r-cran-jsonlite" in section
    assert 'install.packages("arrow")' in section and "arrow::read_parquet" in section
    assert "Debian does not package" in section


@pytest.mark.slow
@needs_r
def test_the_r_example_prints_what_the_docs_show(tmp_path: Path) -> None:
    code, shown = example()
    assert words(run_r(code, tmp_path)) == words(shown)


@pytest.mark.slow
@needs_r
def test_r_reads_the_same_claims_with_the_types_of_the_table_schema(tmp_path: Path) -> None:
    code, _ = example()
    claim = rows("claims")[-1]
    probe = f"""
cat("rows", nrow(claims), "\\n", sep = "\\t")
cat("ids", claims$claim_id, "\\n", sep = "\\t")
cat("columns", names(claims), "\\n", sep = "\\t")
cat("classes", sapply(claims, class), "\\n", sep = "\\t")
probe <- claims[claims$claim_id == "{claim['claim_id']}", ]
cat("quote", probe$quote, "\\n", sep = "\\t")
cat("value", format(probe$value, digits = 15), "\\n", sep = "\\t")
"""
    printed = {line.split("\t")[0]: line.split("\t")[1:-1] for line in run_r(code + probe, tmp_path).splitlines()
               if "\t" in line}
    claims = rows("claims")
    assert printed["rows"] == [str(len(claims))]
    assert printed["ids"] == [r["claim_id"] for r in claims]
    assert printed["columns"] == [f["name"] for f in fields("claims")]
    r_class = {"integer": "integer", "number": "numeric", "string": "character", "boolean": "logical"}
    assert printed["classes"] == [r_class[f["type"]] for f in fields("claims")]
    assert printed["quote"] == [claim["quote"]]
    assert printed["value"] == [claim["value"]]

