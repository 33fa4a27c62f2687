"""Where a command writes its output: checked before any work, one line when it cannot be.

``egonet report -o FILE`` and ``egonet export --out FOLDER`` both put what they make in a
folder that must exist (``--parents`` makes it) and take writes: ``/proc``, ``/sys``, a path
under a file or a read-only folder is an :class:`OutputError` (exit 1), never a traceback, and
nothing is created.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from egonet.errors import EgonetError

__all__ = ["OutputError", "check_output", "reason"]


class OutputError(EgonetError):
    """An output cannot be written there (a missing or unwritable folder, a path under a file)."""


def reason(exc: OSError) -> str:
    """An OS error in a few lowercase words ("permission denied")."""
    return (exc.strerror or type(exc).__name__).lower()


def check_output(output: Path | None, *, parents: bool) -> None:
    """Fail before any work if ``output`` (a file, or a folder an export writes) cannot be made:
    the folder it goes in must exist (or be made, with ``--parents``) and be a folder one may
    write in."""
    if output is None:
        return
    folder = output.parent
    if folder.is_dir():
        try:  # a folder one may not write in (/proc, /sys, read-only): say so now, not after the work
            handle, probe = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.")
        except OSError as exc:
            raise OutputError(f"cannot write {output}: no file can be made in {folder} ({reason(exc)})") from None
        os.close(handle)
        Path(probe).unlink(missing_ok=True)
        return
    if folder.exists() or any(p.exists() and not p.is_dir() for p in folder.parents):
        raise OutputError(f"cannot write {output}: {_first_file(folder)} is not a folder")
    if not parents:
        raise OutputError(f"cannot write {output}: the folder {folder} does not exist (add --parents to make it)")


def _first_file(folder: Path) -> Path:
    """The first ancestor of ``folder`` (or itself) that exists and is not a folder."""
    for path in [*reversed(folder.parents), folder]:
        if path.exists() and not path.is_dir():
            return path
    return folder
