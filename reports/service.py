"""The service report's context: a service's (or every service's) patients, in aggregate only.

Nothing that names a person reaches it: measure rows (codes and ids are used only to pair waves),
counts, distributions, paired changes, network types and the service network.  A group of
fewer than ``SMALL`` patients shows its count as "<5" and no figure.

One builder per section, each returning its rows (dataclasses of :mod:`reports.context`) and its
picture; :func:`service_context` puts them together.  Every number is written by
:class:`~reports.words.Words`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import partial

from egonet.analysis import ALL_SERVICES, GroupSummary, measure, paired_changes, service_network, summarise, typology
from egonet.model import Interview, InterviewStatus, Protocol
from egonet.model.language import localise
from reports.context import CountRow, DistributionRow, NodeRow, PairedRow, ServiceContext, TypeRow
from reports.errors import ReportError
from reports.spec import SERVICE_SECTIONS, ReportSpec
from reports.svg import Interval, Spread, interval_chart, range_chart, service_graph
from reports.words import Words, words

__all__ = [
    "SMALL",
    "counts_section",
    "distributions_section",
    "network_section",
    "paired_section",
    "service_context",
    "types_section",
]

SMALL = 5
Row = dict[str, float | int | str | None]


def _count(w: Words, n: int) -> str:
    return w.text("small") if n < SMALL else str(n)


def counts_section(
    w: Words, groups: Sequence[GroupSummary], by_wave: Mapping[int, Sequence[Interview]]
) -> list[CountRow]:
    """Patients and interviews per wave, and the share of patients with no informal supporter."""
    out = []
    for group in groups:
        share = group.share_no_informal
        out.append(
            CountRow(
                wave=w.wave(group.wave_index),
                patients=_count(w, group.n_patients),
                interviews=_count(w, len(by_wave[group.wave_index])),
                no_informal=w.percent(share) if group.n_patients >= SMALL and share is not None else "-",
            )
        )
    return out


def distributions_section(
    w: Words, groups: Sequence[GroupSummary], measures: Sequence[str], *, draw: bool
) -> tuple[list[DistributionRow], dict[str, str]]:
    """Median and quartiles of each measure at each wave, and a range chart per measure."""
    rows, charts = [], {}
    for name in measures:
        spreads = []
        for group in groups:
            d = group.distributions[name]
            if d.n < SMALL or d.median is None or d.q1 is None or d.q3 is None:  # fewer than 5 have this figure
                continue
            wave = w.wave(group.wave_index)
            quartiles = f"{w.value(name, d.q1)} – {w.value(name, d.q3)}"
            rows.append(DistributionRow(name, w.label(name), wave, str(d.n), w.value(name, d.median), quartiles))
            spreads.append(Spread(wave, d.q1, d.median, d.q3))
        if spreads and draw:
            charts[w.label(name)] = range_chart(spreads, w.label(name), partial(w.value, name))
    return rows, charts


def paired_section(
    w: Words, rows: Sequence[Row], waves: Sequence[int], measures: Sequence[str], service: str, *, draw: bool
) -> tuple[list[PairedRow], str]:
    """Each measure's mean change from the first wave to the last (patients seen at both), and a
    chart of the changes with their 95% confidence intervals."""
    out, intervals = [], []
    for change in paired_changes(rows, waves[0], waves[-1], measures) if len(waves) >= 2 else []:
        if change.service != service:
            continue
        for name, diff in change.changes.items():
            if diff.n_pairs < SMALL or diff.mean_diff is None:
                continue
            low, high = diff.ci_low, diff.ci_high
            ci = "-" if low is None else f"{w.mean_change(name, low)} … {w.mean_change(name, high)}"
            out.append(
                PairedRow(
                    label=w.label(name),
                    pairs=str(diff.n_pairs),
                    before=w.value(name, diff.mean_before),
                    after=w.value(name, diff.mean_after),
                    mean_change=w.mean_change(name, diff.mean_diff),
                    ci=ci,
                    effect=w.number(diff.effect_size),
                )
            )
            if low is not None and high is not None:
                intervals.append(Interval(w.label(name), diff.mean_diff, low, high))
    return out, interval_chart(intervals, w.text("paired")) if draw else ""


def types_section(w: Words, baselines: Sequence[Row]) -> list[TypeRow]:
    """The network types of the baseline networks (none with fewer than 5 networks)."""
    if len(baselines) < SMALL:
        return []
    return [  # a small type's description would describe one patient's network (its medoid)
        TypeRow(str(t.id), _count(w, t.size), t.describe(w.language) if t.size >= SMALL else "-")
        for t in typology(baselines).types
    ]


def _node_label(node: str, protocol: Protocol, language: str) -> str | None:
    """The option's label; ``None`` for a value that is not one of the protocol's options."""
    role, _, value = node.partition(":")
    question = protocol.alter_question_with_role(role)
    option = None if question is None else next((o for o in question.options if str(o.value) == value), None)
    return None if option is None else localise(option.label, language, protocol.default_language) or value


def network_section(
    w: Words, kept: Sequence[Interview], protocol_of: Callable[[Interview], Protocol], *, draw: bool
) -> tuple[list[NodeRow], str]:
    """The care settings and professions in 5 networks or more (each patient once, at their
    latest wave), and the service network they form."""
    protocol = protocol_of(kept[0])
    latest: dict[str, Interview] = {}  # each patient once (their latest wave): counts are patients
    for iv in sorted(kept, key=lambda iv: iv.wave.index):
        latest[iv.patient.code] = iv
    network = service_network(latest.values(), protocol_of, at_least=SMALL)  # centralities of what is shown
    labelled = [(n, _node_label(n.node, protocol, w.language)) for n in network.nodes]
    nodes = [(n, label) for n, label in labelled if label]
    rows = [NodeRow(label, str(n.n_networks), str(n.degree), w.number(n.betweenness)) for n, label in nodes]
    if not draw:
        return rows, ""
    ties = network.ties
    return rows, service_graph([(n.node, label, n.n_networks) for n, label in nodes], ties, w.text("service_network"))


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
    w = words(spec.language)
    kept: list[Interview] = [iv for iv in interviews if iv.status is InterviewStatus.COMPLETED]
    if not kept:
        raise ReportError("no completed interview to report on" + (f" for service {service!r}" if service else ""))
    known = measured or {}
    rows: list[Row] = [known.get(str(iv.id)) or measure(iv, protocol_of(iv)).row() for iv in kept]
    groups = summarise([{**r, "service": ALL_SERVICES} for r in rows], spec.measures)  # one group per wave
    by_wave: dict[int, list[Interview]] = defaultdict(list)
    for iv in kept:
        by_wave[iv.wave.index].append(iv)
    waves = sorted(by_wave)
    distributions, charts = distributions_section(w, groups, spec.measures, draw=spec.draws("distributions"))
    paired, paired_chart = paired_section(
        w, rows, waves, spec.measures, service or ALL_SERVICES, draw=spec.draws("paired")
    )
    nodes, graph = network_section(w, kept, protocol_of, draw=spec.draws("service_network"))
    start, end = period
    return ServiceContext(
        language=spec.language,
        title=w.text("service_title"),
        service=service or w.text("all_services"),
        period=w.text("period", start=w.date(start), end=w.date(end)) if start or end else w.text("period_all"),
        generated=w.date(today),
        sections=list(spec.chosen(SERVICE_SECTIONS)),
        counts=counts_section(w, groups, by_wave),
        distributions=distributions,
        distribution_charts=charts,
        paired=paired,
        paired_chart=paired_chart,
        types=types_section(w, [r for r in rows if r["wave_index"] == waves[0] and r["n_alters"]]),
        service_nodes=nodes,
        service_graph=graph,
        small_note=w.text("small_note"),
        words=w,
    )
