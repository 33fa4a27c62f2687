"""Imports from other ego-network tools: egor's three tables, EgoWeb 2.0, Network Canvas (CSV
and GraphML) and GSS-style wide files become interview documents in the store."""

from __future__ import annotations

from egonet.imports.importer import FORMATS, ImportReport, import_files, read_source
from egonet.imports.mapping import Mapping, load_mapping

__all__ = ["FORMATS", "ImportReport", "Mapping", "import_files", "load_mapping", "read_source"]
