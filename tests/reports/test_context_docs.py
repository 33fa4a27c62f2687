"""The README's table of the template context lists exactly the fields of the context dataclasses,
and, for the lists of rows, exactly the keys of their rows."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from egonet.model import Interview
from reports import ReportSpec, render, service_context
from reports.context import ChangeView, Figure, PatientContext, ServiceContext, WaveView
from tests.reports.conftest import TODAY, protocol_of

README = Path(__file__).parents[2] / "README.md"
CONTEXTS = (PatientContext, WaveView, Figure, ChangeView, ServiceContext)


def documented() -> dict[str, str]:
    """``Class.field`` -> what the README says it holds."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The template context") :]
    section = section[: section.index("\n## ")]
    return dict(re.findall(r"^\| `(\w+\.\w+)` \| (.*) \|$", section, flags=re.M))


def test_the_readme_documents_every_field_and_no_other() -> None:
    actual = {f"{cls.__name__}.{f.name}" for cls in CONTEXTS for f in dataclasses.fields(cls)}
    assert set(documented()) == actual


def row_classes() -> dict[str, type]:
    """``Class.field`` -> the dataclass of its items, for the fields that are lists of rows."""
    out = {}
    for cls in CONTEXTS:
        for name, hint in typing.get_type_hints(cls).items():
            if typing.get_origin(hint) is list:
                (item,) = typing.get_args(hint)
                if dataclasses.is_dataclass(item) and item not in CONTEXTS:
                    out[f"{cls.__name__}.{name}"] = item
    return out


def test_the_readme_lists_the_keys_of_every_row_and_no_other() -> None:
    rows = row_classes()
    assert {"ServiceContext.counts", "ServiceContext.paired", "PatientContext.legend"} <= set(rows)
    described = documented()
    for field, row in rows.items():
        keys = re.findall(r"`(\w+)`", described[field].split(":", 1)[-1].split("(")[0])
        assert keys == [f.name for f in dataclasses.fields(row)], field


def test_rows_read_like_the_dictionaries_they_were(cohort: list[Interview], tmp_path: Path) -> None:
    """User templates written for the dictionary rows keep working: ``row.key``, ``row["key"]``, ``row.items()``."""
    context = service_context(cohort, protocol_of, ReportSpec(), TODAY)
    row = context.counts[0]
    assert row["wave"] == row.wave == "baseline" and dict(row) == dataclasses.asdict(row)
    (tmp_path / "service.md").write_text(
        "{% for row in counts %}{{ row['wave'] }}={{ row.patients }};"
        "{% for key, value in row.items() %}{{ key }} {% endfor %}|{% endfor %}",
        encoding="utf-8",
    )
    first = render("service", context, "md", tmp_path).split("|")[0]
    assert first == f"baseline={row.patients};wave patients interviews no_informal "
