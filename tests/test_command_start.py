"""A short command loads only what it uses and does not stop to collect garbage it has not
made: each check in a fresh interpreter, as ``egonet report patient`` starts."""

from __future__ import annotations

import subprocess
import sys

PATIENT_REPORT = """
import gc, sys
import egonet.cli.report, egonet.cli.collection
from reports import patient_context, render, render_pdf
print(gc.get_threshold() == egonet.cli.collection.COMMAND)
print("\\n".join(sorted(sys.modules)))
"""


def test_a_patient_report_loads_none_of_the_service_reports_modules() -> None:
    out = subprocess.run([sys.executable, "-c", PATIENT_REPORT], capture_output=True, text=True, check=True).stdout
    paced, *modules = out.split()
    assert paced == "True"  # egonet.cli.collection: a command's pace of collection
    assert "reports.patient" in modules and "egonet.analysis.measures" in modules
    unused = {"reports.service", "reports.service_data", "egonet.analysis.services"}
    assert not unused & set(modules)
    assert "multiprocessing" not in modules  # loaded by --jobs only when there are several jobs


def test_the_lazy_names_are_the_modules_names() -> None:
    import egonet.analysis
    import reports
    from egonet.analysis import services
    from reports import service

    assert egonet.analysis.service_network is services.service_network
    assert reports.service_context is service.service_context and reports.SMALL == service.SMALL
    for package in (egonet.analysis, reports):
        assert all(hasattr(package, name) for name in package.__all__)
    try:
        egonet.analysis.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must be an AttributeError")
