"""Folders and files readable by their owner only: 0700 folders, 0600 files (ARCHITECTURE.md).

Files that hold patients' data or keys (the stores, crash reports, the server login, the export
secret) are made with these, on laptops and on the server (which may import ``egonet.wire``).
Modes are set explicitly with ``chmod`` after creation, so they do not depend on the process
umask.  Something that already exists is only ever tightened (group and other permissions
removed), never loosened, and only when it belongs to this user: a folder set up by an
administrator for someone else, or a sticky one like ``/tmp``, is left as it is.  On Windows,
where permissions are ACLs that ``chmod`` does not express, only creation applies.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

__all__ = ["FILE_MODE", "FOLDER_MODE", "private_file", "private_folder"]

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _tighten(path: Path, allowed: int) -> None:
    """Remove from ``path``'s mode the permissions outside ``allowed``, if it is ours."""
    if sys.platform == "win32":
        return
    status = path.stat()
    mode = stat.S_IMODE(status.st_mode)
    if stat.S_ISDIR(status.st_mode) and mode & stat.S_ISVTX:
        return  # a sticky folder (/tmp, say) is shared by design: never close it, even as root
    if status.st_uid == os.getuid() and mode & ~allowed:
        path.chmod(mode & allowed)


def private_folder(path: Path, *, tighten: bool = True) -> Path:
    """``path`` as a folder for private files: created 0700 if absent (missing parents are
    created as ``mkdir -p`` does); if it exists and is ours, tightened to 0700 unless
    ``tighten`` is false (a folder the user chose for one file, say).  Raises ``OSError``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise
        if tighten:
            _tighten(path, FOLDER_MODE)
    else:
        path.chmod(FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """``path`` as a private file: created empty with mode 0600 if absent; if it exists and is
    ours, tightened to 0600 (its content is left untouched).  Raises ``OSError``."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        _tighten(path, FILE_MODE)
    else:
        os.close(descriptor)
        path.chmod(FILE_MODE)
    return path
