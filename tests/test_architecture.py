"""The import rules of ARCHITECTURE.md, checked in fresh interpreters, and the public names."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PURE = "egonet.model"
CORE = ["egonet.model", "egonet.protocol", "egonet.wire", "egonet.store", "egonet.session", "egonet.cli", "egonet.demo"]


def imported_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_the_model_is_pure_python() -> None:
    added = imported_after(PURE) - imported_after("sys")  # what the interpreter loads anyway is not counted
    third_party = {m.split(".")[0] for m in added} - set(sys.stdlib_module_names) - {"egonet"}
    assert third_party == set()
    assert not {
        m
        for m in imported_after(PURE)
        if m.startswith("egonet.") and not m.startswith(("egonet.model", "egonet.errors"))
    }


def test_the_interview_app_starts_without_the_numeric_stack() -> None:
    """numpy, networkx and the compiled kernels load only when a figure is computed (the review step)."""
    loaded = {m.split(".")[0] for m in imported_after("egonet.tui")}
    assert "textual" in loaded
    assert not loaded & {"numpy", "networkx", "numba"}


def test_the_command_line_starts_without_the_numeric_stack() -> None:
    """Every ``egonet`` command starts by importing the command line: numpy, networkx and the
    compiled kernels load only in the commands that compute (``egonet.analysis`` loads lazily)."""
    loaded = {m.split(".")[0] for m in imported_after("egonet.cli.main")}
    assert "click" in loaded
    assert not loaded & {"numpy", "networkx", "numba"}


@pytest.mark.parametrize("module", CORE)
def test_nothing_outside_the_tui_imports_textual_or_httpx_or_the_server(module: str) -> None:
    loaded = {m.split(".")[0] for m in imported_after(module)}
    assert "textual" not in loaded
    assert "httpx" not in loaded
    assert "server" not in loaded


@pytest.mark.parametrize("module", CORE)
def test_public_names_are_declared_and_exist(module: str) -> None:
    mod = importlib.import_module(module)
    names = getattr(mod, "__all__", None)
    assert names, f"{module} declares no __all__"
    assert names == sorted(names, key=lambda n: (not n.isupper(), n)) or names == sorted(names)
    for name in names:
        assert hasattr(mod, name), f"{module}.{name}"
