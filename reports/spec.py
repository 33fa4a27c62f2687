"""Report specification files (TOML): which sections, measures and language a report has.

```toml
language = "fr"                      # en, fr or nl
audience = "clinician"               # patient reports: patient or clinician
sections = ["maps", "change"]        # in this order (default: every section)
measures = ["n_alters", "density"]   # the measures shown (default: the key measures)
charts = ["maps", "paired"]          # the pictures drawn (default: all; [] for none)
template_dir = "my-templates"        # templates looked up here first (relative to this file)
```

Options on the command line override the file.  Unknown keys, sections or languages are
errors that name the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from egonet.analysis import KEY_MEASURES
from reports.errors import ReportError
from reports.words import LANGUAGES

__all__ = ["AUDIENCES", "CHARTS", "PATIENT_SECTIONS", "SERVICE_SECTIONS", "ReportSpec", "load_spec"]

PATIENT_SECTIONS = ("maps", "figures", "change", "satisfaction", "plan")
SERVICE_SECTIONS = ("counts", "distributions", "paired", "types", "service_network", "plans")
AUDIENCES = ("patient", "clinician")
CHARTS = ("maps", "distributions", "paired", "service_network")
"""Pictures a report can draw: the patient's network maps; the service report's charts."""
KEYS = {"language", "audience", "sections", "measures", "charts", "template_dir"}


@dataclass(frozen=True)
class ReportSpec:
    language: str = "en"
    audience: str = "clinician"
    sections: tuple[str, ...] | None = None
    """``None``: every section of the report, in the default order."""
    measures: tuple[str, ...] = KEY_MEASURES
    charts: tuple[str, ...] = CHARTS
    template_dir: Path | None = None

    def draws(self, chart: str) -> bool:
        return chart in self.charts

    def with_options(self, **options: Any) -> ReportSpec:
        """This specification with the command line's options (those given) on top."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})

    def chosen(self, available: tuple[str, ...]) -> tuple[str, ...]:
        if self.sections is None:
            return available
        unknown = [s for s in self.sections if s not in available]
        if unknown:
            raise ReportError(f"no section {unknown[0]!r} in this report (sections: {', '.join(available)})")
        return self.sections


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReportError(f"{key} must be a list of names", where)
    return tuple(value)


def load_spec(path: Path) -> ReportSpec:
    """Read a specification file; every problem is a :class:`ReportError` naming the file."""
    where = str(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read the report specification: {exc.strerror}", where) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReportError(f"not valid TOML: {exc}", where) from None
    unknown = sorted(set(doc) - KEYS)
    if unknown:
        raise ReportError(f"unknown key {unknown[0]!r} (keys: {', '.join(sorted(KEYS))})", where)
    spec: dict[str, Any] = {}
    if "language" in doc:
        if doc["language"] not in LANGUAGES:
            raise ReportError(f"language must be one of {', '.join(LANGUAGES)}", where)
        spec["language"] = doc["language"]
    if "audience" in doc:
        if doc["audience"] not in AUDIENCES:
            raise ReportError(f"audience must be one of {', '.join(AUDIENCES)}", where)
        spec["audience"] = doc["audience"]
    if "sections" in doc:
        spec["sections"] = _strings(doc["sections"], "sections", where)
    if "measures" in doc:
        spec["measures"] = _strings(doc["measures"], "measures", where)
    if "charts" in doc:
        spec["charts"] = _strings(doc["charts"], "charts", where)
        unknown_charts = [c for c in spec["charts"] if c not in CHARTS]
        if unknown_charts:
            raise ReportError(f"no chart {unknown_charts[0]!r} (charts: {', '.join(CHARTS)})", where)
    if "template_dir" in doc:
        if not isinstance(doc["template_dir"], str):
            raise ReportError("template_dir must be a folder name", where)
        spec["template_dir"] = (path.parent / doc["template_dir"]).resolve()
    return ReportSpec(**spec)
