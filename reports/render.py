"""Templates to documents: HTML (self-contained), Markdown, and PDF (WeasyPrint).

Templates are looked up first in the user's folder (``template_dir``), then among the built-in
ones (``reports/templates``).  A user template can extend a built-in one under the ``default:``
prefix and override it block by block::

    {% extends "default:patient.html" %}
    {% block figures %}<p>Our own figures section</p>{% endblock %}

Undefined names are errors (``StrictUndefined``); a broken template fails with its name and
line, never with a half-made report.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from reports.errors import ReportError

__all__ = ["FORMATS", "environment", "render", "render_pdf"]

FORMATS = ("html", "md", "pdf")
BUILT_IN = Path(__file__).with_name("templates")


def environment(template_dir: Path | None, fmt: str) -> jinja2.Environment:
    """The templates of ``template_dir`` over the built-in ones, autoescaped for HTML and PDF (not
    for Markdown).  Made once per folder and escaping mode, and kept: Jinja keeps the compiled
    templates and recompiles one whose file changed."""
    if template_dir is not None and not template_dir.is_dir():
        raise ReportError("the template folder does not exist", str(template_dir))
    return _environment(None if template_dir is None else template_dir.resolve(), fmt in ("html", "pdf"))


@lru_cache(maxsize=32)
def _environment(template_dir: Path | None, autoescape: bool) -> jinja2.Environment:
    built_in = jinja2.FileSystemLoader(BUILT_IN)
    loaders: list[jinja2.BaseLoader] = [] if template_dir is None else [jinja2.FileSystemLoader(template_dir)]
    loaders += [jinja2.PrefixLoader({"default": built_in}, delimiter=":"), built_in]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_QuietCache(BUILT_IN / "__pycache__"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _markdown_escape
    return env


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept beside the built-in ones, as Python keeps its ``__pycache__``
    (a template is compiled again when its text changes): a report starts without compiling its
    templates, about 20 ms.  A folder that cannot be written (a read-only install) only means
    compiling each time."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), "%s.jinja")
        self.folder = directory

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _markdown_escape(value: object) -> str:
    """Text that Markdown shows as it is (a name like ``*Jan*`` stays a name)."""
    out = str(value)
    for char in "\\`*_{}[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def _where(exc: BaseException, fallback: str) -> str:
    """``template name, line N`` from a Jinja error or the template frames of its traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.name or exc.filename or fallback}, line {exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".md"))]
    if frames:
        return f"{Path(frames[-1].filename).name}, line {frames[-1].lineno}"
    return fallback


def render(name: str, context: object, fmt: str, template_dir: Path | None = None) -> str:
    """Render template ``<name>.<html|md>`` (PDF uses the HTML one) with the context dataclass's fields."""
    if fmt not in FORMATS:
        raise ReportError(f"{fmt!r} is not a report format ({', '.join(FORMATS)})")
    template_name = f"{name}.{'md' if fmt == 'md' else 'html'}"
    env = environment(template_dir, fmt)
    values: dict[str, Any] = (
        {f.name: getattr(context, f.name) for f in fields(context)}
        if is_dataclass(context) and not isinstance(context, type)
        else {}
    )
    try:
        return env.get_template(template_name).render(**values)
    except jinja2.TemplateNotFound as exc:
        raise ReportError(f"template {exc.name!r} not found (in the template folder or built in)") from None
    except jinja2.TemplateError as exc:
        raise ReportError(f"template error: {exc.message}", _where(exc, template_name)) from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise ReportError(f"template error: {exc}", _where(exc, template_name)) from None


_FIRST_ROW = re.compile(r"(<table\b[^>]*>\s*)(<tr\b[^>]*>(?:(?!</tr>).)*</tr>)", re.DOTALL | re.IGNORECASE)


def _header_rows(html: str) -> str:
    """Each table's first row, when it has header cells only, made the table's ``<thead>``, so a
    table split over pages repeats it on each: for your own templates that write a plain first
    row (the built-in ones write their ``thead``, and a table that has one is left as it is)."""

    def head(match: re.Match[str]) -> str:
        row = match.group(2)
        if "<td" in row.lower() or "<th" not in row.lower():
            return match.group(0)
        return f"{match.group(1)}<thead>{row}</thead>"

    return _FIRST_ROW.sub(head, html)


def render_pdf(html: str) -> bytes:
    """The HTML report laid out as PDF pages by WeasyPrint (no network: pictures are inline SVG)."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415  (pango only when a PDF is asked for)
    except OSError as exc:  # the Python package is there, the system's Pango library is not
        raise ReportError(f"PDF needs the Pango library (Debian: apt install libpango-1.0-0): {exc}") from None

    def no_network(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ReportError(f"a report may not fetch {url}")

    document = weasyprint.HTML(string=_header_rows(html), url_fetcher=no_network)
    pdf = document.write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return bytes(pdf)
