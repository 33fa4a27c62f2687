"""The import rules of ARCHITECTURE.md, checked in fresh interpreters, and the public names."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from types import ModuleType

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


def every_module() -> list[str]:
    """Every module of the three packages (the migrations are scripts Alembic loads, not modules)."""
    found = []
    for package in ("egonet", "reports", "server"):
        root = importlib.import_module(package)
        found += [package, *(m.name for m in pkgutil.walk_packages(root.__path__, f"{package}."))]
    return [m for m in found if ".migrations" not in m and not m.endswith("__main__")]


def defined_here(mod: ModuleType) -> list[str]:
    """The public classes and functions (compiled kernels included) a module defines itself."""
    return [
        name
        for name, value in vars(mod).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value) or hasattr(value, "py_func"))
        and getattr(getattr(value, "py_func", value), "__module__", None) == mod.__name__
    ]


@pytest.mark.parametrize("module", every_module())
def test_public_names_are_declared_and_exist(module: str) -> None:
    mod = importlib.import_module(module)
    names = getattr(mod, "__all__", None)
    assert names is not None, f"{module} declares no __all__"
    assert names == sorted(names, key=lambda n: (not n.isupper(), n)) or names == sorted(names)
    for name in names:
        assert hasattr(mod, name), f"{module}.{name}"
    unlisted = [name for name in defined_here(mod) if name not in names]
    assert not unlisted, f"{module} defines public names it does not list in __all__: {unlisted}"
