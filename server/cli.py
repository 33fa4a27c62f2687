"""``egonet-server``: placeholder until the remote data server is built."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    print(
        "error: the Egonet server is not part of this version yet; interviews stay in the local store", file=sys.stderr
    )
    sys.exit(2)
