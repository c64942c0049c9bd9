"""`python tools/examples.py`: rewrite what the examples of README.md and docs/*.md show with what they print now.

The tests run every example of the documents and compare its output with the one shown (``tests/test_readme.py``,
``tests/test_r.py``, ``tests/test_notebook.py``). When the data change (a report added, a record corrected), the
outputs shown change with them; this rewrites them, so that the documents show the publication as it is:

* the doctest blocks (```` ```python ```` with ``>>>``): each expected output replaced by what the example prints;
* the console blocks (```` ```console ````): the lines under each ``$ `` command replaced by what it prints, run as
  the tests run it (``pingan-data`` being this checkout's command line, in a temporary folder shown as
  ``/tmp/rd/work``); a path into an installed wheel is left as shown;
* the R example of docs/formats.md, when ``Rscript`` is installed;
* the example notebook, executed afresh and saved with its outputs (``--notebook``).

Review the diff before committing it: an output that changed for a reason the change does not explain is a finding.
``--check`` rewrites nothing and exits 1 when an output would change.
"""

from __future__ import annotations

import argparse
import doctest
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Where the documents' console examples ran: a wheel installed in /tmp/rd/venv, commands run in /tmp/rd/work.
INSTALLED, WORK = "/tmp/rd/venv/lib/python3.11/site-packages/pingan_data/data/", "/tmp/rd/work"
NOTEBOOK = REPO / "examples" / "fuzhou_and_quanzhou.ipynb"


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _doctests(text: str, name: str) -> str:
    """The text with the expected output of every failing doctest example replaced by what it printed."""
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if ">>>" in b]
    if not blocks:
        return text
    found: list[tuple[str, str]] = []

    class Runner(doctest.DocTestRunner):
        def report_failure(self, out: object, test: object, example: doctest.Example, got: str) -> None:
            found.append((example.want, got))

    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, name, name, 0)
    Runner(optionflags=doctest.ELLIPSIS).run(test, out=lambda _: None)
    for want, got in found:
        if want and text.count(want) == 1:
            text = text.replace(want, got.replace("\n\n", "\n<BLANKLINE>\n"))
        else:
            print(f"{name}: an example's output stands {text.count(want)} times; rewrite it by hand:\n{want}",
                  file=sys.stderr)
    return text


def _run(command: str, folder: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "PY": sys.executable}
    env.pop("PINGAN_DATA_DIR", None)
    script = f'pingan-data() {{ "$PY" -m pingan_data "$@"; }}\n{command}\n'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, cwd=folder, timeout=300)
    return (done.stdout + done.stderr).rstrip("\n").replace(folder, WORK)


def _console_block(block: str) -> str:
    out, lines, i = [], block.split("\n"), 0
    with tempfile.TemporaryDirectory() as folder:
        while i < len(lines):
            line = lines[i]
            out.append(line)
            i += 1
            if not line.startswith("$ "):
                continue
            shown: list[str] = []
            while i < len(lines) and not lines[i].startswith("$ "):
                shown.append(lines[i])
                i += 1
            trailing = []
            while shown and shown[-1] == "":
                trailing.append(shown.pop())
            if "\n".join(shown).startswith(INSTALLED):
                out += shown
            else:
                printed = _run(line[2:], folder)
                out += printed.split("\n") if printed else []
            out += trailing
    return "\n".join(out)


def _console(text: str) -> str:
    return re.sub(r"(```console\n)(.*?)(```)", lambda m: m[1] + _console_block(m[2]) + m[3], text, flags=re.S)


def _r(text: str) -> str:
    found = re.search(r"(```r\n(.*?)```\n\nprints\n\n```text\n)(.*?)(```)", text, re.S)
    rscript = shutil.which("Rscript")
    if not found or rscript is None:
        return text
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "example.R"
        script.write_text(found[2], encoding="utf-8")
        env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        done = subprocess.run([rscript, str(script)], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    if done.returncode:
        print(f"the R example failed:\n{done.stderr}", file=sys.stderr)
        return text
    printed = "\n".join(line.rstrip() for line in done.stdout.strip("\n").splitlines()) + "\n"
    return text[:found.start(3)] + printed + text[found.end(3):]


def notebook() -> None:
    """Execute the example notebook afresh and save it with its outputs."""
    import nbclient
    import nbformat

    book = nbformat.read(NOTEBOOK, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    os.environ.pop("PINGAN_DATA_DIR", None)
    os.environ["PYTHONPATH"] = str(REPO)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    with tempfile.TemporaryDirectory() as folder:
        nbclient.NotebookClient(book, timeout=180, kernel_name="python3",
                                resources={"metadata": {"path": folder}}).execute()
    nbformat.write(book, NOTEBOOK)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/examples.py", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rewrite nothing; exit 1 when an output would change")
    parser.add_argument("--notebook", action="store_true", help="also execute and save the example notebook")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    changed = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        new = _r(_console(_doctests(text, path.relative_to(REPO).as_posix())))
        if new != text:
            changed.append(path.relative_to(REPO).as_posix())
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.notebook and not args.check:
        notebook()
    for name in changed:
        print(f"{'would rewrite' if args.check else 'rewrote'} {name}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
