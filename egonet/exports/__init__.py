"""Anonymised research exports: keyed pseudonyms, no label or free text, k-anonymous
quasi-identifiers, in the formats researchers' tools read (egor's tables, GraphML, JSON Lines)."""

from __future__ import annotations

from egonet.exports.anonymise import AnonymousInterview, anonymise
from egonet.exports.export import EGO_COMPARED, FORMATS, ExportReport, export, quasi_identifiers
from egonet.exports.kanon import Disclosure, QuasiPlan, plan_quasi_identifiers
from egonet.exports.pseudonyms import Pseudonyms, load_or_create_secret

__all__ = [
    "EGO_COMPARED",
    "FORMATS",
    "AnonymousInterview",
    "Disclosure",
    "ExportReport",
    "Pseudonyms",
    "QuasiPlan",
    "anonymise",
    "export",
    "load_or_create_secret",
    "plan_quasi_identifiers",
    "quasi_identifiers",
]
