"""A repository grown by one report: a copy of this checkout with the report of this folder drafted, reviewed
(its hand curation put in place of the draft) and built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.paths import REPO

HERE = Path(__file__).resolve().parent
#: The raw source's name in datasets/sources/ (its number follows the five; the hex is its sha256's head).
SOURCE = "005_fbf35f58ca2884f2.txt"
#: What is not part of a checkout: environments, caches, builds.
SKIP = shutil.ignore_patterns(".git", ".venv*", ".cache", "__pycache__", ".pytest_cache", ".ruff_cache",
                              "site", "build", "dist", "*.egg-info", ".published.*", "out")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in ``root``, importing the packages of ``root`` (not of this checkout)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PINGAN_DATA_DIR")}
    env["PYTHONPATH"] = str(root)
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=900)


def _unreleased_version(root: Path) -> str:
    """The data version the added report is published under: package.yml's, raised by a minor step when that
    version is released already (archived in datasets/releases)."""
    about = root / "datasets" / "curated" / "package.yml"
    text = about.read_text(encoding="utf-8")
    version = str(yaml.safe_load(text)["version"])
    if not (root / "datasets" / "releases" / version).is_dir():
        return version
    major, minor, _ = (int(p) for p in version.split("."))
    raised = f"{major}.{minor + 1}.0"
    about.write_text(re.sub(r"(?m)^version: .*$", f"version: {raised}", text, count=1), encoding="utf-8")
    return raised


def grow(root: Path) -> dict[str, Any]:
    """Copy the checkout to ``root``, draft the report, review it and build; return the draft's run (``draft``),
    the source entry it proposed (``draft_meta``) and the build's run (``build``)."""
    shutil.copytree(REPO, root, ignore=SKIP, dirs_exist_ok=True)
    # the report arrives; the draft proposes its curation
    shutil.copyfile(HERE / "report.txt", root / "datasets" / "sources" / SOURCE)
    sources_yml = root / "datasets" / "sources" / "sources.yml"
    metrics_yml = root / "datasets" / "curated" / "metrics.yml"
    changes_yml = root / "datasets" / "curated" / "changes.yml"
    sources_before, metrics_before = sources_yml.read_bytes(), metrics_yml.read_bytes()
    changes_before = changes_yml.read_text(encoding="utf-8") if changes_yml.is_file() else "notes:\n"
    drafted = run(root, "-m", "pipeline", "draft", f"datasets/sources/{SOURCE}")
    proposed = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    draft_meta = next((s for s in proposed if s.get("file") == SOURCE), {})
    # the reviewer replaces the proposals with the reviewed curation
    sources_yml.write_bytes(sources_before + b"\n" + (HERE / "source.yml").read_bytes())
    metrics_yml.write_bytes(metrics_before + (HERE / "metrics.yml").read_bytes())
    # and says why the published data change, under a version not yet released
    version = _unreleased_version(root)
    changes_yml.write_text(changes_before.rstrip("\n") + "\n" + (HERE / "changes.yml").read_text(encoding="utf-8")
                           .replace("{version}", version), encoding="utf-8")
    shutil.copyfile(HERE / "document.yml", root / "datasets" / "curated" / "documents" / (Path(SOURCE).stem + ".yml"))
    built = run(root, "-m", "pipeline", "build")
    return {"draft": drafted, "draft_meta": draft_meta, "build": built}

