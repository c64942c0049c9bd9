"""The layers point one way: each module imports only its own layer and the layers below it.

    schemas ─▶ pipeline.core ─▶ pipeline.check ─▶ pipeline.render ─▶ pipeline.publish ─▶ pipeline.build
            ─▶ pipeline.draft, pipeline.docs ─▶ pipeline.__main__ ─▶ web

The library (``pingan_data``) stands apart: it imports none of them; the pipeline and the site may use only its
public modules. Production code never imports ``bench`` (the benchmarks) or ``tests``. The imports are read from
the source (every ``import`` statement, at any depth), so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline.core.paths import REPO

#: The layers, lowest first; a module may import its own layer and the ones before it.
LAYERS = ["schemas", "pipeline.core", "pipeline.check", "pipeline.render", "pipeline.publish", "pipeline.build",
          "pipeline.draft", "pipeline.docs", "pipeline.__main__", "web"]
PRODUCTION = ("schemas", "pipeline", "web", "pingan_data")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int | None:
    """The index of the layer a module belongs to (its longest matching prefix), or None."""
    found = [i for i, name in enumerate(LAYERS) if module == name or module.startswith(name + ".")]
    return max(found, key=lambda i: len(LAYERS[i])) if found else None


def imports(path: Path, module: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every import in a file (of module ``module``, by default the one its path names),
    relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module or module_name(path)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                folder = REPO.joinpath(*base.split("."), alias.name)  # `from pipeline import build`: a module
                submodule = folder.with_suffix(".py").is_file() or (folder / "__init__.py").is_file()
                out.append((node.lineno, f"{base}.{alias.name}" if submodule else base))
    return out


def production_files() -> list[Path]:
    return sorted(p for top in PRODUCTION for p in (REPO / top).rglob("*.py"))


def test_the_import_check_reads_every_production_module() -> None:
    names = {module_name(p) for p in production_files()}
    assert {"schemas.claims", "pipeline.check.document", "pipeline.render.rows", "pipeline.publish.package",
            "pipeline.core.records", "web.build", "pingan_data.cli"} <= names
    assert all(layer(n) is not None for n in names if not n.startswith("pingan_data") and n != "pipeline")


@pytest.mark.parametrize("path", production_files(), ids=lambda p: module_name(p))
def test_no_module_imports_a_later_stage(path: Path) -> None:
    own = module_name(path)
    here = layer(own)
    wrong = []
    for line, imported in imports(path):
        top = imported.split(".")[0]
        if top in ("bench", "tests"):
            wrong.append(f"line {line}: {imported} (production code never imports {top})")
        elif own.startswith("pingan_data") and top in ("pipeline", "schemas", "web"):
            wrong.append(f"line {line}: {imported} (the library stands alone)")
        elif top == "pingan_data" and not own.startswith("pingan_data") and any(
                part.startswith("_") and part != "__version__" for part in imported.split(".")[1:]):
            wrong.append(f"line {line}: {imported} (a private module of the library)")
        elif here is not None and top in ("pipeline", "schemas", "web"):
            there = layer(imported)
            if there is not None and there > here:
                wrong.append(f"line {line}: {imported} ({LAYERS[there]} comes after {LAYERS[here]})")
    assert wrong == []


def test_the_import_check_finds_an_import_against_the_stage_order(tmp_path: Path) -> None:
    """The check itself: a checking module that imports the publish stage is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from pipeline.publish.formats import sqlite\n", encoding="utf-8")
    found = [m for _, m in imports(probe, "pipeline.check.probe") if layer(m) is not None]
    assert found == ["pipeline.publish.formats.sqlite"] and layer(found[0]) > layer("pipeline.check.document")
