"""The service report's context: a service's (or every service's) patients, in aggregate only.

Nothing that names a person reaches it: measure rows (codes and ids are used only to pair waves),
counts, distributions, paired changes, network types and the service network.  A group of
fewer than ``SMALL`` patients shows its count as "<5" and no figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial

from egonet.analysis import ALL_SERVICES, measure, paired_changes, service_network, summarise, typology
from egonet.model import Interview, InterviewStatus, Protocol
from reports.context import ServiceContext
from reports.errors import ReportError
from reports.patient import PERCENT
from reports.spec import SERVICE_SECTIONS, ReportSpec
from reports.svg import Interval, Spread, interval_chart, range_chart, service_graph
from reports.words import Words, words

__all__ = ["SMALL", "service_context"]

SMALL = 5
Row = dict[str, float | int | str | None]


def _count(w: Words, n: int) -> str:
    return w.text("small") if n < SMALL else str(n)


def _value(w: Words, name: str, value: float | None) -> str:
    if value is None:
        return "-"
    if name in PERCENT:
        return w.percent(value)
    return w.number(value, 0 if float(value).is_integer() else 2)


def _diff(w: Words, name: str, value: float | None) -> str:
    """A difference: in percentage points for shares."""
    if value is None:
        return "-"
    return w.signed(value * 100, 0) + " pp" if name in PERCENT else w.signed(value)


def _wave(w: Words, index: int) -> str:
    """A wave's name made from its index (the interviews' own labels are typed text)."""
    return w.text("wave_baseline") if index == 0 else w.text("wave_follow_up", n=index)


def _node_label(node: str, protocol: Protocol, language: str) -> str | None:
    """The option's label; ``None`` for a value that is not one of the protocol's options."""
    role, _, value = node.partition(":")
    question = protocol.alter_question_with_role(role)
    option = None if question is None else next((o for o in question.options if str(o.value) == value), None)
    return None if option is None else option.label.get(language) or value


def service_context(
    interviews: Iterable[Interview],
    protocol_of: Callable[[Interview], Protocol],
    spec: ReportSpec,
    today: date,
    *,
    service: str | None = None,
    period: tuple[date | None, date | None] = (None, None),
    measured: Mapping[str, Row] | None = None,
) -> ServiceContext:
    """The context of the service report over the completed ``interviews`` (already filtered);
    ``measured`` may give their measure rows by interview id (e.g. from a cache)."""
    w, language = words(spec.language), spec.language
    kept: list[Interview] = [iv for iv in interviews if iv.status is InterviewStatus.COMPLETED]
    if not kept:
        raise ReportError("no completed interview to report on" + (f" for service {service!r}" if service else ""))
    known = measured or {}
    rows: list[Row] = [known.get(str(iv.id)) or measure(iv, protocol_of(iv)).row() for iv in kept]
    measures = spec.measures
    groups = summarise([{**r, "service": ALL_SERVICES} for r in rows], measures)  # one group per wave
    by_wave: dict[int, list[Interview]] = defaultdict(list)
    for iv in kept:
        by_wave[iv.wave.index].append(iv)
    counts = []
    for group in groups:
        shown = group.n_patients >= SMALL
        counts.append(
            {
                "wave": _wave(w, group.wave_index),
                "patients": _count(w, group.n_patients),
                "interviews": _count(w, len(by_wave[group.wave_index])),
                "no_informal": w.percent(group.share_no_informal)
                if shown and group.share_no_informal is not None
                else "-",
            }
        )
    distributions, charts = [], {}
    for name in measures:
        spreads = []
        for group in groups:
            d = group.distributions[name]
            if d.n < SMALL or d.median is None:  # fewer than 5 patients have this figure
                continue
            distributions.append(
                {
                    "measure": name,
                    "label": w.label(name),
                    "wave": _wave(w, group.wave_index),
                    "n": str(d.n),
                    "median": _value(w, name, d.median),
                    "quartiles": f"{_value(w, name, d.q1)} – {_value(w, name, d.q3)}",
                }
            )
            assert d.q1 is not None and d.q3 is not None
            spreads.append(Spread(_wave(w, group.wave_index), d.q1, d.median, d.q3))
        if spreads and spec.draws("distributions"):
            charts[w.label(name)] = range_chart(spreads, w.label(name), partial(_value, w, name))
    paired, intervals = [], []
    waves = sorted(by_wave)
    for change in paired_changes(rows, waves[0], waves[-1], measures) if len(waves) >= 2 else []:
        if change.service != (service or ALL_SERVICES):
            continue
        for name, diff in change.changes.items():
            if diff.n_pairs < SMALL or diff.mean_diff is None:
                continue
            ci = "-" if diff.ci_low is None else f"{_diff(w, name, diff.ci_low)} … {_diff(w, name, diff.ci_high)}"
            paired.append(
                {
                    "label": w.label(name),
                    "pairs": str(diff.n_pairs),
                    "before": _value(w, name, diff.mean_before),
                    "after": _value(w, name, diff.mean_after),
                    "mean_change": _diff(w, name, diff.mean_diff),
                    "ci": ci,
                    "effect": w.number(diff.effect_size),
                }
            )
            if diff.ci_low is not None and diff.ci_high is not None:
                intervals.append(Interval(w.label(name), diff.mean_diff, diff.ci_low, diff.ci_high))
    baselines = [r for r in rows if r["wave_index"] == waves[0] and r["n_alters"]]
    types = []
    if len(baselines) >= SMALL:
        found = typology(baselines)
        types = [  # a small type's description would describe one patient's network (its medoid)
            {
                "type": str(t.id),
                "networks": _count(w, t.size),
                "description": t.describe(language) if t.size >= SMALL else "-",
            }
            for t in found.types
        ]
    protocol = protocol_of(kept[0])
    latest: dict[str, Interview] = {}  # each patient once (their latest wave): counts are patients
    for iv in sorted(kept, key=lambda iv: iv.wave.index):
        latest[iv.patient.code] = iv
    network = service_network(latest.values(), protocol_of)
    nodes = [n for n in network.nodes if n.n_networks >= SMALL and _node_label(n.node, protocol, language)]
    labelled = [(n.node, _node_label(n.node, protocol, language) or "", n.n_networks) for n in nodes]
    shown_ties = {k: v for k, v in network.ties.items() if v >= SMALL}
    start, end = period
    return ServiceContext(
        language=language,
        title=w.text("service_title"),
        service=service or w.text("all_services"),
        period=w.text("period", start=w.date(start), end=w.date(end)) if start or end else w.text("period_all"),
        generated=w.date(today),
        sections=list(spec.chosen(SERVICE_SECTIONS)),
        counts=counts,
        distributions=distributions,
        distribution_charts=charts,
        paired=paired,
        paired_chart=interval_chart(intervals, w.text("paired")) if spec.draws("paired") else "",
        types=types,
        service_nodes=[
            {
                "node": label,
                "networks": str(n.n_networks),
                "degree": str(n.degree),
                "betweenness": w.number(n.betweenness),
            }
            for n, (_, label, _) in zip(nodes, labelled, strict=True)
        ],
        service_graph=service_graph(labelled, shown_ties, w.text("service_network"))
        if spec.draws("service_network")
        else "",
        small_note=w.text("small_note"),
        words=w,
    )
