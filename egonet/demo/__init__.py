"""Synthetic patients over two waves (``egonet demo``), deterministic for a given seed."""

from __future__ import annotations

from egonet.demo.synthetic import generate_demo

__all__ = ["generate_demo"]
