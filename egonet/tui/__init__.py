"""The interview: a keyboard-first Textual app (the only part of Egonet that imports Textual)."""

from __future__ import annotations

from egonet.tui.app import EgonetApp

__all__ = ["EgonetApp"]
