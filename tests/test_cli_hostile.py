"""The command line never shows a traceback, never writes outside the file it was told, and never truncates one.

A table of careless and hostile command lines, in the style of the corruption battery. Each runs
``python -m pingan_data`` in a fresh interpreter inside a temporary folder, and states the exit status, the
exact standard error, and the only files allowed to change there; the folder is compared before and after.
Expected rows come from the published CSV files, read without the library.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pingan_data import cli
from tests.corruption import tree
from tests.published import PUBLISHED, REPO, rows, run_cli, table_names

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them

ERROR = "pingan-data: error: "


def _covers(row: dict[str, str], low: int, high: int) -> bool:
    if row["year"]:
        return low <= int(row["year"]) <= high
    return bool(row["period_start"]) and int(row["period_start"]) <= high and int(row["period_end"]) >= low


def _claim_ids(*spans: tuple[int, int]) -> str:
    return "".join(f"{r['claim_id']}\n" for r in rows("claims") if any(_covers(r, lo, hi) for lo, hi in spans))


@dataclass(frozen=True)
class Line:
    """A command line: ``arrange`` prepares the folder; ``stdout`` is a function of it (None: not compared)."""

    name: str
    args: tuple[str, ...]
    status: int
    stderr: str
    arrange: Callable[[Path], None] = lambda folder: None
    changes: tuple[str, ...] = ()
    stdout: Callable[[Path], bytes | str] | None = None
    first_column: bool = False
    stdout_file: str | None = field(default=None)


def _folder(folder: Path) -> None:
    (folder / "out").mkdir()


def _existing(folder: Path) -> None:
    (folder / "claims.csv").write_text("my own analysis\n", encoding="utf-8")


def _linked(folder: Path) -> None:
    (folder / "real.csv").write_text("old\n", encoding="utf-8")
    (folder / "link.csv").symlink_to("real.csv")


CLAIMS_CSV = (PUBLISHED / "claims.csv").read_bytes()
METRICS_CSV = (PUBLISHED / "metrics.csv").read_bytes()

LINES = [
    Line("export to a folder", ("export", "claims", "-o", "out"), 3,
         f"{ERROR}cannot write out: it is a folder; give a file name, such as out/claims.csv\n", _folder),
    Line("export into a folder that does not exist", ("export", "claims", "-o", "missing/claims.csv"), 3,
         f"{ERROR}cannot write missing/claims.csv: the folder missing does not exist\n"),
    Line("export to a full device", ("export", "claims", "-o", "/dev/full"), 3,
         f"{ERROR}cannot write /dev/full: No space left on device\n"),
    Line("export over a file of the user's", ("export", "claims", "-o", "claims.csv"), 2,
         f"{ERROR}claims.csv already exists; add --force to replace it\n", _existing),
    Line("export over a file of the user's with --force", ("export", "claims", "-o", "claims.csv", "--force"), 0,
         f"wrote claims.csv ({len(CLAIMS_CSV)} bytes)\n", _existing, ("claims.csv",)),
    Line("export through a symlink with --force", ("export", "claims", "-o", "link.csv", "--force"), 0,
         f"wrote link.csv ({len(CLAIMS_CSV)} bytes)\n", _linked, ("real.csv",)),
    Line("export to '-', standard output", ("export", "metrics", "-o", "-"), 0, "",
         stdout=lambda _: METRICS_CSV.decode("utf-8")),
    Line("export as an unknown format", ("export", "claims", "-o", "claims.xlsx"), 2,
         f"{ERROR}cannot export as 'xlsx': choose --format csv, parquet or json\n"),
    Line("export a table named in capitals", ("export", "CLAIMS"), 0, "",
         stdout=lambda _: CLAIMS_CSV.decode("utf-8")),
    Line("list claims with two --year options", ("list", "claims", "--year", "2016", "--year", "2020-2021"), 0,
         f"({_claim_ids((2016, 2016), (2020, 2021)).count(chr(10))} claims)\n",
         stdout=lambda _: _claim_ids((2016, 2016), (2020, 2021)), first_column=True),
    Line("list claims over a hundred billion years", ("list", "claims", "--year", "0-100000000000"), 0,
         f"({sum(bool(r['year'] or r['period_start']) for r in rows('claims'))} claims)\n",
         stdout=lambda _: _claim_ids((0, 10**11)), first_column=True),
    Line("list claims over a reversed range", ("list", "claims", "--year", "2023-2019"), 2,
         "pingan-data list: error: argument --year: '2023-2019' is reversed: it ends before it starts; write "
         "2019-2023 (`pingan-data list --help` shows the options)\n"),
    Line("an unknown option", ("export", "claims", "--frobnicate"), 2,
         "pingan-data: error: unrecognized arguments: --frobnicate (`pingan-data --help` shows the options)\n"),
    Line("list honours of a city and year", ("list", "honors", "--city", "泉州", "--year", "2021"), 0,
         f"({sum(r['city'] == 'Quanzhou' and _covers(r, 2021, 2021) for r in rows('honors'))} honours)\n"),
    Line("list Claims in capitals", ("list", "Claims", "--city", "fuzhou"), 0,
         f"({sum(r['city'] == 'Fuzhou' for r in rows('claims'))} claims)\n"),
    Line("a metric filter on honours", ("list", "honors", "--metric", "patrol_force"), 2,
         f"{ERROR}--metric selects claims, not honors: use `pingan-data list claims --metric …`\n"),
    Line("a misspelt metric", ("list", "claims", "--metric", "patrol_forse"), 2,
         f"{ERROR}no metric has the id or label 'patrol_forse'; did you mean patrol_force? (`pingan-data list "
         "metrics` lists every metric with its Chinese and English labels)\n"),
    Line("show a misspelt metric", ("show", "patrol_forse"), 2,
         f"{ERROR}'patrol_forse' is not a claim id (000-c001), honour id (000-h001), metric or table "
         f"({', '.join(table_names())}); did you mean patrol_force?\n"),
    Line("show a metric by its traditional-script label", ("show", "調解成功率"), 0,
         f"({sum(r['metric'] == 'mediation_success_rate' for r in rows('claims'))} claims)\n"),
    Line("a misspelt file", ("path", "claim.csv"), 2,
         f"{ERROR}no published table or file is called 'claim.csv'; did you mean claims.csv, claims, vocabulary.csv? "
         f"(tables: {', '.join(table_names())}; `pingan-data path` lists every file)\n"),
    Line("a search for quotation marks only", ("search", "“”"), 2,
         f"{ERROR}search needs at least one word to look for, not '“”'\n"),
    Line("show a table named in capitals", ("show", "METRICS", "--rows", "1"), 0,
         f"(1 of {len(rows('metrics'))} rows; --rows 0 shows all)\n"),
    Line("cite a table named in capitals", ("cite", "Sources"), 0, ""),
]


@pytest.mark.parametrize("line", LINES, ids=[c.name for c in LINES])
def test_a_careless_command_line_gets_one_line_and_touches_only_its_output(line: Line, tmp_path: Path) -> None:
    line.arrange(tmp_path)
    before = tree(tmp_path)
    result = run_cli(*line.args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (line.status, line.stderr)
    after = tree(tmp_path)
    assert sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)) == sorted(line.changes)
    for name in line.changes:
        assert after[name] == CLAIMS_CSV
    if line.stdout is not None:
        out = "".join(f"{text.split()[0]}\n" for text in result.stdout.splitlines()) if line.first_column \
            else result.stdout
        assert out == line.stdout(tmp_path)
    assert "Traceback" not in result.stderr
    assert not re.search(r"pingan_data\.\w+\(|\w+\(\)", result.stderr), "a CLI message names a Python call"


def test_export_to_a_full_standard_output_is_one_line_with_status_3(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "pingan_data", "export", "claims"], stdout=full,
                                stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path, timeout=120)
    assert (result.returncode, result.stderr) == (3, f"{ERROR}cannot write to standard output: No space left on "
                                                     "device\n")


def test_a_full_disk_during_export_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "claims.csv"
    target.write_text("my own analysis\n", encoding="utf-8")

    def full(out: object, data: bytes) -> None:
        out.write(data[:100])  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cli, "_write_all", full)
    status = cli.main(["export", "claims", "-o", str(target), "--force"])
    assert (status, capsys.readouterr().err) == (
        3, f"{ERROR}cannot write {target}: No space left on device; {target} is unchanged\n")
    assert tree(tmp_path) == {"claims.csv": b"my own analysis\n"}  # and no temporary file is left


def test_the_help_documents_every_exit_status() -> None:
    result = run_cli("--help")
    epilog = " ".join(result.stdout.split("Exit status:")[1].split())
    for status, meaning in ((0, "on success"), (1, "missing, damaged or was replaced"), (2, "usage error"),
                            (3, "cannot be written"), (130, "interrupted")):
        assert f"{status} " in epilog and meaning in epilog, (status, meaning)


def test_control_and_invisible_characters_are_shown_not_obeyed() -> None:
    assert cli.safe("a\x1b[2Jb\u202ec\u200bd\x00e\nf") == "a<U+001B>[2Jb<U+202E>c<U+200B>d<U+0000>e\nf"
    assert cli.safe("福州组织3万余人") == "福州组织3万余人"
    from pingan_data._source import Excerpt

    excerpt = Excerpt("000-c001", "x.txt", 2, 2, 5, "b\u202ec", ((1, "\x1b[31m"), (2, "a\tb\u202ec\x07d")))
    assert excerpt.render(clean=cli.safe).splitlines()[1:] == ["  1 │ <U+001B>[31m",
                                                               "▶ 2 │ a<U+0009>⟦b<U+202E>c⟧<U+0007>d"]
