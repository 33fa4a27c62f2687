"""The patient report's context: the patient's waves measured, drawn, compared and put into words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from egonet.analysis import measure
from egonet.model import Directory, Interview, Protocol, Wave
from egonet.model.language import localise
from reports.context import ChangeView, Figure, PatientContext, WaveView
from reports.errors import ReportError
from reports.patient_plan import plan_review, plan_views
from reports.spec import PATIENT_SECTIONS, ReportSpec
from reports.svg import legend_keys, network_map
from reports.words import Words, words

__all__ = ["patient_context"]

Row = dict[str, float | int | str | None]


def _number(value: object) -> float | int | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _figure(w: Words, name: str, rows: Sequence[Row]) -> Figure:
    """A measure's values at each wave, all with the same decimals, and its last change: the
    difference of the last two values as shown (so ``51%`` → ``48%`` is ``-3 pp``)."""
    raw = [_number(r.get(name)) for r in rows]
    digits = w.digits(name, raw)
    last, before = (raw[-1], raw[-2]) if len(raw) >= 2 else (None, None)
    change = w.difference(name, before, last, digits) if last is not None and before is not None else None
    return Figure(name, w.label(name), w.definition(name), [w.value(name, v, digits) for v in raw], raw, change)


def _plain(w: Words, row: Row, protocol: Protocol, language: str) -> list[str]:
    n = int(_number(row.get("n_alters")) or 0)
    if n == 0:
        return [w.plain("n_alters_zero")]
    out = [w.plain("n_alters_one") if n == 1 else w.plain("n_alters", n=n)]
    n_formal, prop = _number(row.get("n_formal")), _number(row.get("prop_formal"))
    if n_formal is not None and prop is not None:
        key = "formal_one" if n_formal == 1 else "formal"
        out.append(w.plain(key, n_formal=int(n_formal), pct=w.percent(prop)))
    density = _number(row.get("density"))
    if density is not None:
        out.append(w.plain("density", pct=w.percent(density)))
        components = int(_number(row.get("n_components")) or 1)
        out.append(w.plain("components_one") if components == 1 else w.plain("components_many", n=components))
    for generator in protocol.name_generators:
        count = _number(row.get(f"n_support_{generator.id}"))
        if count:
            support = localise(generator.short, language, protocol.default_language)
            out.append(w.plain("support_one" if count == 1 else "support", n=int(count), support=support))
    share = _number(row.get("multiplex_share"))
    multiplex = round((share or 0) * n)
    if multiplex:
        out.append(w.plain("multiplex_one") if multiplex == 1 else w.plain("multiplex", n=multiplex))
    return out


def _plain_change(w: Words, before: Row, after: Row) -> list[str]:
    out = []
    n0, n1 = int(_number(before.get("n_alters")) or 0), int(_number(after.get("n_alters")) or 0)
    if n1 > n0:
        out.append(w.plain("more_people", before=n0, after=n1))
    elif n1 < n0:
        out.append(w.plain("fewer_people", before=n0, after=n1))
    else:
        out.append(w.plain("same_people", n=n1))
    for name, up, down in (
        ("density", "more_connected", "less_connected"),
        ("prop_formal", "more_formal", "less_formal"),
    ):
        b, a = _number(before.get(name)), _number(after.get(name))
        if a is not None and b is not None and w.percent(a) != w.percent(b):  # a change the figures show
            out.append(w.plain(up if a > b else down))
    return out


def _wave_label(w: Words, wave: Wave) -> str:
    """The wave's name in the report's language, made from its index as the interview and the
    service report name it (:func:`egonet.model.language.wave_name`), never the label stored with
    the interview (typed in one language: ``baseline``, ``follow-up 1``)."""
    return w.wave(wave.index)


def _day(interview: Interview) -> date:
    return (interview.completed_at or interview.started_at).date()


def _satisfaction(w: Words, interview: Interview, protocol: Protocol, language: str) -> str:
    question = next((q for q in protocol.ego_questions if q.id == "satisfaction"), None)
    value = interview.ego_answers.get("satisfaction")
    if question is None or value is None:
        return w.text("satisfaction_unknown")
    option = question.option(value)
    label = "" if option is None else localise(option.label, language, protocol.default_language)
    return label or str(value)


def patient_context(
    waves: Sequence[Interview],
    protocol_of: Callable[[Interview], Protocol],
    spec: ReportSpec,
    today: date,
    directory: Directory | None = None,
) -> PatientContext:
    """The context of one patient's report (``waves``: their interviews, any order;
    ``directory``: the service's local resources, to name those the plan points to)."""
    if not waves:
        raise ReportError("this patient has no interview yet")
    ordered = sorted(waves, key=lambda iv: iv.wave.index)
    language, w = spec.language, words(spec.language)
    protocol = protocol_of(ordered[-1])
    rows: list[Row] = [measure(iv, protocol_of(iv)).row() for iv in ordered]
    centre = w.text("you") if spec.audience == "patient" else ""
    views = [
        WaveView(
            label=_wave_label(w, iv.wave),
            date=w.date(_day(iv)),
            n_people=len(iv.active_alters()),
            map_svg=network_map(iv, protocol_of(iv), language, centre_label=centre) if spec.draws("maps") else "",
        )
        for iv in ordered
    ]
    figures = [_figure(w, name, rows) for name in spec.measures]
    change = None
    if len(ordered) >= 2:
        earlier, later = ordered[-2], ordered[-1]
        before, after = {a.id for a in earlier.active_alters()}, {a.id for a in later.active_alters()}
        change = ChangeView(
            gained=[later.alters[i].label for i in sorted(after - before, key=lambda i: list(later.alters).index(i))],
            lost=[earlier.alters[i].label for i in sorted(before - after, key=lambda i: list(earlier.alters).index(i))],
            n_kept=len(before & after),
            moved=[f for f in figures if f.change is not None and f.values[-1] != f.values[-2]],  # as shown
            plain=_plain_change(w, rows[-2], rows[-1]),
        )
    title_key = "patient_title" if spec.audience == "patient" else "patient_title_clinician"
    return PatientContext(
        language=language,
        audience=spec.audience,
        title=w.text(title_key),
        patient=ordered[-1].patient.code,
        service=ordered[-1].patient.service,
        generated=w.date(today),
        sections=list(spec.chosen(PATIENT_SECTIONS)),
        waves=views,
        legend=legend_keys(ordered, protocol, language, w.text("unknown_relationship")),
        plain=_plain(w, rows[-1], protocol, language),
        figures=figures,
        change=change,
        satisfaction=[_satisfaction(w, iv, protocol_of(iv), language) for iv in ordered],
        plan=plan_views(w, ordered[-1], protocol_of(ordered[-1]), directory),
        plan_review=plan_review(
            w,
            (ordered[-2], ordered[-1]),
            protocol_of,
            rows[-2:],
            lambda name: _figure(w, name, rows[-2:]),
            directory=directory,
        )
        if len(ordered) >= 2
        else [],
        words=w,
    )
