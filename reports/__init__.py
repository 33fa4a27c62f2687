"""The Egonet reporter: a before/after report per patient and an aggregate report per service,
in HTML, PDF and Markdown, from Jinja2 templates users can override (see the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egonet.lazy import lazy_names
from reports.context import (
    ChangeView,
    CountRow,
    DistributionRow,
    Figure,
    NodeRow,
    PairedRow,
    PatientContext,
    ServiceContext,
    TypeRow,
    WaveView,
)
from reports.errors import ReportError
from reports.patient import patient_context
from reports.render import FORMATS, render, render_pdf
from reports.spec import ReportSpec, load_spec
from reports.words import LANGUAGES, Words, words

if TYPE_CHECKING:
    from reports.service import SMALL, service_context
else:  # the service report's modules, only for a service report
    __getattr__ = lazy_names(__name__, dict.fromkeys(["SMALL", "service_context"], "service"))

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "SMALL",
    "ChangeView",
    "CountRow",
    "DistributionRow",
    "Figure",
    "NodeRow",
    "PairedRow",
    "PatientContext",
    "ReportError",
    "ReportSpec",
    "ServiceContext",
    "TypeRow",
    "WaveView",
    "Words",
    "load_spec",
    "patient_context",
    "render",
    "render_pdf",
    "service_context",
    "words",
]
