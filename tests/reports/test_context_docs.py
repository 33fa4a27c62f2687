"""The README's table of the template context lists exactly the fields of the context dataclasses."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from reports.context import ChangeView, Figure, PatientContext, ServiceContext, WaveView

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_documents_every_field_and_no_other() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The template context") :]
    section = section[: section.index("\n## ")]
    documented = set(re.findall(r"^\| `(\w+\.\w+)` \|", section, flags=re.M))
    actual = {
        f"{cls.__name__}.{f.name}"
        for cls in (PatientContext, WaveView, Figure, ChangeView, ServiceContext)
        for f in dataclasses.fields(cls)
    }
    assert documented == actual
