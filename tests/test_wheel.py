"""The built wheel carries the published files and works offline, installed in a fresh virtual environment.

The wheel is built with ``python -m build --wheel --no-isolation`` (no download: the build backend,
hatchling, is already in .venv), as ``make wheel`` builds it; pip builds it too, from the checkout, as
``python3 -m pip install .`` (the README's install command) does, and that wheel is installed with
``pip install --no-index --no-deps`` into a new virtual environment created without pip (.venv's pip
installs into it through ``--python``).
Its two dependencies, pandas and pyarrow, are not downloaded either: a ``.pth`` file in the fresh
environment's site-packages appends .venv's site-packages to ``sys.path``. A ``.pth`` line adds a
directory *after* the fresh site-packages and does not process the ``.pth`` files inside it, so the
installed ``pingan_data`` is the one imported, never the checkout (which is also kept off the path by
running every command from a temporary folder, with PYTHONPATH unset).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.published import PUBLISHED, REPO, descriptor, rows

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them


class Installed:
    """A fresh virtual environment with the wheel installed, and a folder outside the repository to run in."""

    def __init__(self, wheel: Path, venv: Path, outside: Path) -> None:
        self.wheel, self.venv, self.outside = wheel, venv, outside
        self.python = venv / "bin" / "python"
        self.script = venv / "bin" / "pingan-data"
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PINGAN_DATA_DIR")}
        self.env["PYTHONNOUSERSITE"] = "1"

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=self.env,
                                cwd=self.outside, timeout=120)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def python_code(self, code: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run(self.python, "-c", code, check=check)

    @property
    def site_packages(self) -> Path:
        return next((self.venv / "lib").glob("python3*/site-packages"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    dist, venv, outside = root / "dist", root / "venv", root / "elsewhere"
    outside.mkdir()
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, cwd=REPO, timeout=300)
    wheel = next(dist.glob("pingan_data-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    # installed as the README says, `python3 -m pip install .` in a checkout: pip builds the wheel from the
    # checkout (here offline, with .venv's build backend) and installs it
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-index", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--quiet", "--wheel-dir", str(root / "pip"), "."],
                   check=True, timeout=300, cwd=REPO)
    built_by_pip = next((root / "pip").glob("pingan_data-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-index",
                    "--no-deps", "--disable-pip-version-check", "--quiet", str(built_by_pip)], check=True, timeout=300)
    env = Installed(wheel, venv, outside)
    # pandas and pyarrow without a download: see the module docstring
    parent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (env.site_packages / "_pingan_test_parent_env.pth").write_text("\n".join(sorted(parent)) + "\n")
    return env


def test_pip_install_from_the_checkout_builds_the_same_wheel_as_make_wheel(installed: Installed) -> None:
    built_by_pip = next((installed.wheel.parent.parent / "pip").glob("pingan_data-*.whl"))
    assert built_by_pip.name == installed.wheel.name
    with zipfile.ZipFile(built_by_pip) as pip_wheel, zipfile.ZipFile(installed.wheel) as make_wheel:
        assert {n: pip_wheel.read(n) for n in pip_wheel.namelist()} == \
            {n: make_wheel.read(n) for n in make_wheel.namelist()}


def test_the_wheel_holds_the_library_and_every_published_file_unchanged(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        assert {"pingan_data/__init__.py", "pingan_data/cli.py", "pingan_data/data/datapackage.json"} <= names
        assert wheel.read("pingan_data/data/datapackage.json") == (PUBLISHED / "datapackage.json").read_bytes()
        for resource in descriptor()["resources"]:
            data = wheel.read(f"pingan_data/data/{resource['path']}")
            assert f"sha256:{hashlib.sha256(data).hexdigest()}" == resource["hash"], resource["path"]
        assert not [n for n in names if n.startswith(("pipeline/", "schemas/", "tests/"))]


def test_the_wheel_carries_both_licences_and_declares_them(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        info = next(n.split("/")[0] for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        for name in ("LICENSE", "LICENSE-DATA"):
            assert wheel.read(f"{info}/licenses/{name}") == (REPO / name).read_bytes(), name
        metadata = wheel.read(f"{info}/METADATA").decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata.splitlines()
    assert {"License-File: LICENSE", "License-File: LICENSE-DATA"} <= set(metadata.splitlines())


def test_the_wheel_depends_only_on_pandas_and_pyarrow_and_declares_the_console_script(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        info = next(n.split("/")[0] for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = wheel.read(f"{info}/METADATA").decode()
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    requires = sorted(line.split(":", 1)[1].strip().split(">")[0].split("=")[0].split(" ")[0]
                      for line in metadata.splitlines() if line.startswith("Requires-Dist:"))
    assert requires == ["pandas", "pyarrow"]
    assert "pingan-data = pingan_data.cli:main" in entry_points


def test_the_installed_library_is_imported_from_the_venv_and_reads_its_own_data(installed: Installed) -> None:
    result = installed.python_code(
        "import json, sys, pingan_data as p; heavy = [m for m in ('pandas', 'pyarrow') if m in sys.modules]; "
        "print(json.dumps([p.__file__, str(p.data_dir()), heavy]))")
    module, data, heavy = json.loads(result.stdout)
    site = str(installed.site_packages.resolve())
    assert Path(module).resolve().is_relative_to(site)
    assert Path(data).resolve() == Path(site) / "pingan_data" / "data"
    assert heavy == []  # importing loads neither pandas nor pyarrow


def test_the_installed_library_loads_cites_shows_and_searches(installed: Installed) -> None:
    claim = rows("claims")[0]
    code = f"""
import json, sys
sys.modules["opencc"] = None  # the wheel does not depend on OpenCC: search must work without it
import pingan_data as p
frame = p.load("claims")
print(json.dumps({{
    "rows": len(frame), "city": str(frame["city"].dtype), "year": str(frame["year"].dtype),
    "cite": p.cite("{claim['claim_id']}").text, "source": str(p.source("{claim['claim_id']}")),
    "found": list(p.search("調解")["id"]), "path": str(p.path("claims.csv")),
}}))
"""
    out = json.loads(installed.python_code(code).stdout)
    assert out["rows"] == len(rows("claims"))
    assert (out["city"], out["year"]) == ("category", "Int64")
    assert f"“{claim['quote']}”" in out["cite"] and f"⟦{claim['quote']}⟧" in out["source"]
    mediation = [r["claim_id"] for r in rows("claims") if "调解" in r["quote_hans"]]
    assert set(mediation) <= set(out["found"])
    assert Path(out["path"]).read_bytes() == (PUBLISHED / "claims.csv").read_bytes()


def test_the_console_script_and_python_m_work(installed: Installed) -> None:
    claim = rows("claims")[0]
    cited = installed.run(installed.script, "cite", claim["claim_id"])
    assert f"“{claim['quote']}”" in cited.stdout
    listed = installed.run(installed.python, "-m", "pingan_data", "list")
    assert listed.stdout.split()[0] == descriptor()["resources"][0]["name"]
    unknown = installed.run(installed.script, "show", "999-c999", check=False)
    assert unknown.returncode == 2 and "999-c999" in unknown.stderr


def test_a_damaged_installed_file_is_reported_by_the_library_and_the_cli(installed: Installed) -> None:
    target = installed.site_packages / "pingan_data" / "data" / "honors.parquet"
    original = target.read_bytes()
    try:
        target.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
        result = installed.run(installed.script, "show", "honors", check=False)
        assert result.returncode == 1 and "honors.parquet" in result.stderr and "Traceback" not in result.stderr
        raised = installed.python_code(
            "import pingan_data as p\ntry:\n    p.load('honors')\nexcept p.DataIntegrityError as e:\n    print(e)",
            check=True)
        assert "honors.parquet is damaged or was replaced" in raised.stdout
    finally:
        target.write_bytes(original)
