"""The site's Python as an installable package: a plain `pip install .` ships every module and
its pinned dependencies, and in a fresh virtual environment the installed `ai-politik` command
and MkDocs check and build a site that has no macros/ folder of its own."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, copy_site, html


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def pins(lines: list[str]) -> dict[str, str]:
    """name -> version of each 'name==version' requirement."""
    return {canonicalize_name(r.name): str(r.specifier) for r in map(Requirement, lines)}


def run_plain(cmd: list, cwd: Path) -> subprocess.CompletedProcess:
    """Run without this test run's Python path, so only what is installed in cmd's venv counts."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip install .` would install, built from a copy of the sources: building in the
    checkout leaves build/lib behind, and a later wheel would ship the stale modules in it."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", src)
    shutil.copytree(ROOT / "macros", src / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    result = run_plain([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp, src], cwd=tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = tmp.glob("*.whl")
    return built


def test_the_wheel_ships_every_module_the_command_and_the_pinned_dependencies(wheel):
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "macros").rglob("*.py")}
    modules |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "macros").rglob("*.schema.json")}
    assert "macros/render/matrix.py" in modules and "macros/tables.py" in modules
    assert "macros/settings.schema.json" in modules
    assert not modules - names, f"mangler i wheel: {sorted(modules - names)}"
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = re.findall(r"^Requires-Dist: ([^;\n]+)$", archive.read(meta).decode(), flags=re.M)
    runtime = pins(pyproject()["project"]["dependencies"])
    assert pins([r for r in requires if "extra ==" not in r]) == runtime
    assert "pyyaml" in runtime and "openpyxl" not in runtime  # the .xlsx files are written by macros/tables.py
    entry_points = archive.read(meta.replace("METADATA", "entry_points.txt")).decode()
    assert re.search(r"^ai-politik = macros\.cli:main$", entry_points, flags=re.M)


def test_every_third_party_import_in_macros_is_a_declared_dependency():
    declared = set(pins(pyproject()["project"]["dependencies"]))
    imported = set()
    for path in (ROOT / "macros").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"macros"}
    assert {"yaml", "fastjsonschema", "mkdocs"} <= third_party
    providers = packages_distributions()
    undeclared = {name for name in third_party if not {canonicalize_name(d) for d in providers[name]} & declared}
    assert not undeclared, f"importeret, men ikke i pyproject.toml: {sorted(undeclared)}"


def test_constraints_pin_exactly_the_installed_tree_of_pyproject():
    """Every pin in pyproject.toml is in constraints.txt with the same version, and every line of
    constraints.txt is something the site or its tests install (no pin that nothing requires)."""
    project = pyproject()["project"]
    direct = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    constraints = pins([line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
                        if line.strip() and not line.startswith("#")])
    assert pins(direct).items() <= constraints.items()
    # (requirement, the extra of its parent it is required under: "" or e.g. "bin" for pagefind[bin])
    tree, seen, todo = set(), set(), [(Requirement(r), "") for r in direct]
    while todo:
        req, extra = todo.pop()
        name = canonicalize_name(req.name)
        if (name, frozenset(req.extras)) in seen or (req.marker and not req.marker.evaluate({"extra": extra})):
            continue
        seen.add((name, frozenset(req.extras)))
        tree.add(name)
        todo += [(Requirement(r), e) for r in distribution(name).requires or [] for e in {"", *req.extras}]
    assert set(constraints) == tree, f"kun i constraints.txt: {sorted(set(constraints) - tree)}; " \
                                     f"mangler i constraints.txt: {sorted(tree - set(constraints))}"


def test_the_installed_package_checks_and_builds_a_site_without_macros(wheel, tmp_path):
    venv = tmp_path / "venv"
    result = run_plain([sys.executable, "-m", "venv", venv], cwd=tmp_path)  # plain: no system site-packages
    assert result.returncode == 0, result.stderr
    result = run_plain([venv / "bin/python", "-m", "pip", "install", "-q", "-c", ROOT / "constraints.txt", wheel],
                       cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = copy_site(tmp_path / "site")
    shutil.rmtree(site / "macros")

    where = run_plain([venv / "bin/python", "-c", "import macros; print(macros.__file__)"], cwd=site)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    checked = run_plain([venv / "bin/ai-politik", "--root", site, "validate"], cwd=tmp_path)
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 15 principper"), checked.stdout + checked.stderr
    out = tmp_path / "out"
    built = run_plain([venv / "bin/mkdocs", "build", "--strict", "-d", out], cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert html(out, "matrix").select("#principmatrix tbody tr")
    assert (out / "register/registry.xlsx").read_bytes()[:2] == b"PK"

    # Outside a site the command says so, in Danish, without a traceback.
    lost = run_plain([venv / "bin/ai-politik", "validate"], cwd=tmp_path)
    assert lost.returncode == 2 and "ingen mkdocs.yml" in lost.stderr and "Traceback" not in lost.stderr
