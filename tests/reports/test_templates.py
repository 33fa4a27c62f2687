"""User templates: a block overridden on top of a built-in (``{% extends "default:..." %}``), a
whole template replaced, and broken templates failing loudly with their name and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from egonet.model import Interview
from reports import ReportError, ReportSpec, load_spec, patient_context, render, service_context
from tests.reports.conftest import TODAY, protocol_of


def test_a_user_template_overrides_one_block_and_keeps_the_rest(one_patient: list[Interview], tmp_path: Path) -> None:
    (tmp_path / "patient.html").write_text(
        '{% extends "default:patient.html" %}\n'
        '{% block satisfaction %}<section id="ours"><h2>Our clinic\'s question</h2>'
        "{{ satisfaction | join(' / ') }}</section>{% endblock %}\n",
        encoding="utf-8",
    )
    context = patient_context(one_patient, protocol_of, ReportSpec(), TODAY)
    html = render("patient", context, "html", tmp_path)
    built_in = render("patient", context, "html")
    assert "Our clinic's question" in html and "Our clinic's question" not in built_in
    assert 'id="satisfaction"' in built_in and 'id="satisfaction"' not in html
    assert html.count("<svg") == built_in.count("<svg") > 0  # maps and legend untouched


def test_a_user_template_can_replace_a_whole_report(one_patient: list[Interview], tmp_path: Path) -> None:
    (tmp_path / "patient.md").write_text("{{ patient }}: {{ waves | length }} waves\n", encoding="utf-8")
    context = patient_context(one_patient, protocol_of, ReportSpec(), TODAY)
    assert render("patient", context, "md", tmp_path) == f"{context.patient}: 2 waves\n"


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("line one\n{% if %}\n", 2, "template error"),
        ("fine\nfine\n{{ no_such_field }}\n", 3, "no_such_field"),
        ('{% extends "default:patient.html" %}\n{% block maps %}{{ waves[0].nope }}{% endblock %}\n', 2, "nope"),
    ],
)
def test_a_broken_template_fails_with_its_name_and_line(
    one_patient: list[Interview], tmp_path: Path, source: str, line: int, what: str
) -> None:
    (tmp_path / "patient.md").write_text(source, encoding="utf-8")
    context = patient_context(one_patient, protocol_of, ReportSpec(), TODAY)
    with pytest.raises(ReportError) as caught:
        render("patient", context, "md", tmp_path)
    assert caught.value.where == f"patient.md, line {line}" and what in caught.value.message


def test_a_specification_file_chooses_sections_measures_language_and_templates(
    one_patient: list[Interview], tmp_path: Path
) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / "patient.md").write_text(
        '{% extends "default:patient.md" %}{% block maps %}(no maps here){% endblock %}', encoding="utf-8"
    )
    spec_file = tmp_path / "report.toml"
    spec_file.write_text(
        'language = "nl"\naudience = "clinician"\nsections = ["maps", "figures"]\n'
        'measures = ["n_alters", "density"]\ntemplate_dir = "ours"\n',
        encoding="utf-8",
    )
    spec = load_spec(spec_file)
    text = render("patient", patient_context(one_patient, protocol_of, spec, TODAY), "md", spec.template_dir)
    assert "(no maps here)" in text and "## Maten" in text and "Wat er veranderde" not in text
    assert "Densiteit" in text and "Componenten" not in text


def test_a_specification_can_leave_the_pictures_out(cohort: list[Interview]) -> None:
    drawn = service_context(cohort, protocol_of, ReportSpec(), TODAY)
    bare = service_context(cohort, protocol_of, ReportSpec(charts=("paired",)), TODAY)
    assert drawn.distribution_charts and drawn.service_graph and drawn.paired_chart
    assert not bare.distribution_charts and not bare.service_graph and bare.paired_chart
    html = render("service", bare, "html")
    assert html.count("<svg") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('language = "de"\n', "language must be one of"),
        ('colour = "red"\n', "unknown key 'colour'"),
        ("sections = 3\n", "sections must be a list"),
        ('charts = ["pie"]\n', "no chart 'pie'"),
        ("language = \n", "not valid TOML"),
    ],
)
def test_a_bad_specification_file_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    spec_file = tmp_path / "report.toml"
    spec_file.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=message) as caught:
        load_spec(spec_file)
    assert caught.value.where == str(spec_file)


def test_an_unknown_section_is_named(one_patient: list[Interview]) -> None:
    with pytest.raises(ReportError, match="no section 'charts'"):
        patient_context(one_patient, protocol_of, ReportSpec(sections=("maps", "charts")), TODAY)


def test_the_environment_is_made_once_per_folder_and_sees_edited_templates(
    one_patient: list[Interview], tmp_path: Path
) -> None:
    import os

    from reports.render import environment

    assert environment(tmp_path, "html") is environment(tmp_path, "pdf") is environment(tmp_path / ".", "html")
    assert environment(tmp_path, "md") is not environment(tmp_path, "html")  # Markdown is not autoescaped
    context = patient_context(one_patient, protocol_of, ReportSpec(), TODAY)
    template = tmp_path / "patient.md"
    template.write_text("first {{ patient }}\n", encoding="utf-8")
    assert render("patient", context, "md", tmp_path) == f"first {context.patient}\n"
    template.write_text("second {{ patient }}\n", encoding="utf-8")
    os.utime(template, (template.stat().st_atime, template.stat().st_mtime + 2))
    assert render("patient", context, "md", tmp_path) == f"second {context.patient}\n"


def test_compiled_templates_are_kept_and_never_stale(one_patient: list[Interview], tmp_path: Path) -> None:
    """A new process (a new environment) loads the compiled templates kept beside the built-in
    ones, and compiles again a template whose text changed, or whose kept copy is broken."""
    from reports.render import BUILT_IN, _environment

    context = patient_context(one_patient, protocol_of, ReportSpec(), TODAY)
    template = tmp_path / "patient.md"
    template.write_text("first {{ patient }}\n", encoding="utf-8")
    assert render("patient", context, "md", tmp_path) == f"first {context.patient}\n"
    kept = set((BUILT_IN / "__pycache__").glob("*.jinja"))
    assert kept  # the compiled templates, kept
    _environment.cache_clear()  # as a new process
    template.write_text("second {{ patient }}\n", encoding="utf-8")
    assert render("patient", context, "md", tmp_path) == f"second {context.patient}\n"
    for path in (BUILT_IN / "__pycache__").glob("*.jinja"):
        path.write_bytes(b"not a compiled template")
    _environment.cache_clear()
    assert render("patient", context, "md").startswith("# Support network")


def test_a_cache_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path) -> None:
    import jinja2

    from reports.render import _QuietCache

    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=_QuietCache(blocker / "cache")
    )
    assert env.get_template("t").render() == "2"
    assert not (blocker / "cache").exists()
