"""The shape of the house: layer contracts that fail on a violation, and functions short enough
to read at once."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "dialogs", "storage", "cards", "vocabulary")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# A longer function says why in its docstring, with these words.
LONG_REASON = "Long because"
MAX_LINES = 60


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("cards/help.py", "import storage.models", "Layers"),
        ("dialogs/kernel/turns.py", "import botbuilder.core", "Bot Framework SDK"),
        ("storage/models.py", "import dialogs.kernel.turns", "Layers"),
        ("vocabulary/__init__.py", "import cards.texts", "Layers"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    for package in PRODUCT:
        shutil.copytree(ROOT / package, tmp_path / package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), result.stdout


def _long_functions(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            reason = LONG_REASON in (ast.get_docstring(node) or "")
            if length > MAX_LINES and not reason:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({length})")
    return found


def test_no_product_function_is_longer_than_sixty_lines_without_saying_why() -> None:
    files = sorted(p for package in PRODUCT for p in (ROOT / package).rglob("*.py"))
    long = [entry for path in files for entry in _long_functions(path)]
    assert long == [], "\n".join(long)


def test_the_length_check_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{n} = {n}" for n in range(70))
    (tmp_path / "long.py").write_text(f"def f() -> None:\n{body}\n", encoding="utf-8")
    explained = f'def g() -> None:\n    """{LONG_REASON} it is a table."""\n{body}\n'
    (tmp_path / "explained.py").write_text(explained, encoding="utf-8")
    assert _long_functions(tmp_path / "long.py", tmp_path) == ["long.py:1 f (71)"]
    assert _long_functions(tmp_path / "explained.py", tmp_path) == []
