"""Imports from other ego-network tools: egor's three tables, EgoWeb 2.0, Network Canvas (CSV
and GraphML) and GSS-style wide files become interview documents in the store.

This package is the only place that reads other tools' files: ``egonet import`` stores what
:func:`read_interviews` builds, and ``egonet measures --egor`` measures the same interviews
(``egonet.analysis`` reads no file; an import-linter contract keeps it so)."""

from __future__ import annotations

from egonet.imports.importer import FORMATS, ImportReport, SourceInterviews, import_files, read_interviews, read_source
from egonet.imports.mapping import Mapping, load_mapping

__all__ = [
    "FORMATS",
    "ImportReport",
    "Mapping",
    "SourceInterviews",
    "import_files",
    "load_mapping",
    "read_interviews",
    "read_source",
]
