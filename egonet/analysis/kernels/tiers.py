"""Kernels that run as Python until compiling them pays.

Every kernel is plain Python on numpy arrays, written so that numba can compile it in nopython
mode.  Importing numba and loading the compiled kernels from numba's disk cache costs a process
about half a second, which a command that measures a few small networks (a patient's report: two
networks of 10-20 people, about a millisecond each as Python) never earns back.  So a process
runs the kernels as Python until they have taken :data:`BUDGET` seconds in all, or until it
meets a network of more than :data:`LARGE` alters; from then on every call runs compiled
(``numba.njit(cache=True)``, so each kernel is compiled once per machine and loaded after).

Both tiers give the same results, bit for bit: the kernels use IEEE-754 double arithmetic in an
order they fix themselves (explicit loops: no reduction whose order numpy would choose, no
``**``), and numba compiles them without fast-math.  ``tests/test_kernel_tiers.py`` compares the
two on every network of the datasets.  Python results are unboxed as numba unboxes them (numpy
scalars become ``int``, ``float`` and ``bool``), so callers cannot tell the tiers apart.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar, cast

import numpy as np

__all__ = ["BUDGET", "LARGE", "Kernel", "compile_kernels", "compiled", "inlined", "kernel"]

P = ParamSpec("P")
R = TypeVar("R")

BUDGET = 0.3
"""Seconds of Python kernel time after which a process compiles the kernels (about what importing
numba and loading the compiled kernels from its cache costs)."""
LARGE = 40
"""A network of more alters than this is measured compiled at once (Girvan-Newman's Python time
grows with alters times ties squared)."""

_lock = threading.Lock()
_kernels: list[Kernel[Any, Any]] = []


class _Tier:
    compiled = False
    spent = 0.0  # seconds of Python kernel time so far, all threads


class _Depth(threading.local):
    depth = 0  # > 0 inside a kernel's Python body, in this thread (nested calls are not timed or gated)


_tier = _Tier()
_here = _Depth()


class Kernel(Generic[P, R]):
    """A kernel: its Python function, and once the process compiles, numba's dispatcher of it.

    A call from outside the kernels is timed and may switch the process to compiled kernels; a
    call from another kernel's body is a plain call (compiled code calls the dispatchers).
    """

    __slots__ = ("_dispatcher", "inline", "python")

    def __init__(self, python: Callable[P, R], inline: bool) -> None:
        self.python = python
        self.inline = inline
        self._dispatcher: Callable[P, R] | None = None

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if _tier.compiled:
            return cast("Callable[P, R]", self._dispatcher)(*args, **kwargs)
        if _here.depth:
            return self.python(*args, **kwargs)
        if args and isinstance(args[0], int) and args[0] > LARGE:
            compile_kernels()
            return cast("Callable[P, R]", self._dispatcher)(*args, **kwargs)
        start = time.perf_counter()
        _here.depth += 1
        try:
            result = self.python(*args, **kwargs)
        finally:
            _here.depth -= 1
            _tier.spent += time.perf_counter() - start
        if _tier.spent > BUDGET:
            compile_kernels()
        return cast("R", _unboxed(result))

    def _compile(self) -> Callable[P, R]:
        """numba's dispatcher of this kernel (compiled on its first call, or loaded from the cache)."""
        if self._dispatcher is None:
            from numba import njit  # noqa: PLC0415  (numba loads only when kernels are compiled)

            options: dict[str, Any] = {"cache": True}
            if self.inline:
                options["inline"] = "always"
            self._dispatcher = njit(**options)(self.python)
        return self._dispatcher


def kernel(python: Callable[P, R]) -> Kernel[P, R]:
    """Declare ``python`` a kernel (see the module's docstring)."""
    made = Kernel(python, inline=False)
    _kernels.append(made)
    return made


def inlined(python: Callable[P, R]) -> Kernel[P, R]:
    """A kernel that numba inlines into the kernels calling it (small helpers of hot loops)."""
    made = Kernel(python, inline=True)
    _kernels.append(made)
    return made


def compile_kernels() -> None:
    """Switch this process to compiled kernels, now (idempotent; the benchmarks and tests call it).

    Compiled code finds the kernels it calls in its module's globals, so every name in the kernels'
    modules that refers to a kernel is rebound to the kernel's dispatcher.
    """
    with _lock:
        if _tier.compiled:
            return
        dispatchers = {id(k): k._compile() for k in _kernels}
        for module in {k.python.__module__ for k in _kernels}:
            names = vars(sys.modules[module])
            for name, value in list(names.items()):
                if isinstance(value, Kernel):
                    names[name] = dispatchers[id(value)]
        _tier.compiled = True


def compiled() -> bool:
    """Whether this process runs the compiled kernels."""
    return _tier.compiled


def _unboxed(value: object) -> object:
    """``value`` as numba hands a result to Python: numpy scalars as Python scalars, tuples alike."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        parts = [_unboxed(v) for v in value]
        make = getattr(value, "_make", None)  # a named tuple
        return make(parts) if make is not None else tuple(parts)
    return value
