"""The service report's context: a service's (or every service's) patients, in aggregate only.

Nothing that names a person reaches it: measure rows (codes and ids are used only to pair waves),
counts, distributions, paired changes, network types and the service network.  A group of
fewer than ``SMALL`` patients shows its count as "<5" and no figure.

One builder per section, each returning its rows (dataclasses of :mod:`reports.context`) and its
picture; :func:`service_context` puts them together, over what :mod:`reports.service_data`
gathered of the interviews.  Every number is written by
:class:`~reports.words.Words`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import NamedTuple, cast

from egonet.analysis import ALL_SERVICES, GroupSummary, paired_changes, service_network, summarise, typology
from egonet.analysis.services import GENERIC, MENTAL_HEALTH
from egonet.model import Interview, Protocol
from egonet.model.language import localise
from reports.context import (
    CountRow,
    DistributionRow,
    NodeRow,
    PairedRow,
    ServiceContext,
    ServiceGroupRow,
    TieRow,
    TypeRow,
)
from reports.errors import ReportError
from reports.service_data import ServiceData, gather_service, protocol_of_latest
from reports.service_plan import ResourceKind, plan_section
from reports.spec import SERVICE_SECTIONS, ReportSpec
from reports.svg import Interval, Spread, interval_chart, range_chart, service_graph
from reports.svg.charts import MeasureSpreads
from reports.svg.scales import COUNT, SCORE, SHARE, axis_ticks, scale_of, symmetric_ticks
from reports.words import Words, words

__all__ = [
    "SMALL",
    "NetworkSection",
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
                no_informal=_share(w, group) if group.n_patients >= SMALL and share is not None else "-",
            )
        )
    return out


def _share(w: Words, group: GroupSummary) -> str:
    """The share of patients with no informal supporter, or "<5 of 33" ("all but <5 of 33") when
    it would count fewer than 5 patients, in it or not (:func:`~egonet.analysis.aggregate.share_hidden`)."""
    from egonet.analysis.aggregate import share_hidden  # noqa: PLC0415

    if not share_hidden(group.n_no_informal, group.n_asked, SMALL):
        return w.percent(group.share_no_informal)
    key = "share_small" if group.n_no_informal < SMALL else "share_small_rest"
    return w.text(key, n=group.n_asked)


def distributions_section(
    w: Words, groups: Sequence[GroupSummary], measures: Sequence[str], *, draw: bool
) -> tuple[list[DistributionRow], dict[str, str]]:
    """Median and quartiles of each measure at each wave, and their charts: a panel of the counts
    and one of the shares, each measure's waves on the panel's one axis from 0, then a small chart
    of each other score on its own axis (from where its scale starts, :mod:`reports.svg.scales`).
    A wave that fewer than 5 patients have a figure for shows "<5" and no figure."""
    rows: list[DistributionRow] = []
    panels: dict[str, list[tuple[str, MeasureSpreads]]] = defaultdict(list)
    for name in measures:
        spreads = []
        shown = [group.distributions[name] for group in groups if group.distributions[name].n >= SMALL]
        digits = w.digits(name, [v for d in shown for v in (d.q1, d.median, d.q3)])  # one for the whole measure
        for group in groups:
            d = group.distributions[name]
            wave = w.wave(group.wave_index)
            if d.n < SMALL or d.median is None or d.q1 is None or d.q3 is None:  # fewer than 5 have this figure
                spreads.append(Spread(wave, None, None, None, _count(w, d.n)))
                continue
            quartiles = f"{w.value(name, d.q1, digits)} – {w.value(name, d.q3, digits)}"
            median = w.value(name, d.median, digits)
            rows.append(DistributionRow(name, w.label(name), wave, str(d.n), median, quartiles))
            spreads.append(Spread(wave, d.q1, d.median, d.q3, str(d.n)))
        if any(s.median is not None for s in spreads):
            panels[scale_of(name).kind].append((name, MeasureSpreads(w.label(name), tuple(spreads))))
    if not draw:
        return rows, {}

    def axis(names: Iterable[str], drawn: Sequence[MeasureSpreads]) -> list[float]:
        scales = [scale_of(n) for n in names]
        figures = [v for m in drawn for s in m.waves for v in (s.q1, s.q3) if v is not None]
        return axis_ticks(min([s.low for s in scales] + figures), max([s.high or 0.0 for s in scales] + figures))

    def tick(value: float) -> str:
        return w.number(value, 0 if float(value).is_integer() else 1 if float(value * 10).is_integer() else 2)

    charts: dict[str, str] = {}
    for kind, title, number in ((COUNT, "chart_counts", tick), (SHARE, "chart_shares", w.percent)):
        if panels[kind]:
            drawn = [m for _, m in panels[kind]]
            charts[w.text(title)] = range_chart(drawn, w.text(title), axis([n for n, _ in panels[kind]], drawn), number)
    scores = [  # units differ: a small chart each, side by side
        range_chart([MeasureSpreads("", m.waves)], m.label, axis([n], [m]), tick, width=272, heading=True)
        for n, m in panels[SCORE]
    ]
    if scores:
        charts[w.text("chart_scores")] = "".join(scores)
    return rows, charts


def paired_section(
    w: Words, rows: Sequence[Row], waves: Sequence[int], measures: Sequence[str], service: str, *, draw: bool
) -> tuple[list[PairedRow], str]:
    """Each measure's mean change from the first wave to the last (patients seen at both), and a
    forest plot of the standardised changes: every measure on one axis, Cohen's d_z (the mean
    change over the standard deviation of the changes) with its 95% interval (the mean change's
    t-interval divided by that standard deviation), so that measures in different units compare."""
    out, intervals, pairs = [], [], []
    for change in paired_changes(rows, waves[0], waves[-1], measures) if len(waves) >= 2 else []:
        if change.service != service:
            continue
        for name, diff in change.changes.items():
            if diff.n_pairs < SMALL or diff.mean_diff is None:
                continue
            low, high = diff.ci_low, diff.ci_high
            digits = w.digits(name, [diff.mean_before, diff.mean_after, diff.mean_diff, low, high])
            digits = w.agreeing_digits(name, diff.mean_before, diff.mean_after, digits)
            ci = "-" if low is None else f"{w.mean_change(name, low, digits)} … {w.mean_change(name, high, digits)}"
            out.append(
                PairedRow(
                    label=w.label(name),
                    pairs=str(diff.n_pairs),
                    before=w.value(name, diff.mean_before, digits),
                    after=w.value(name, diff.mean_after, digits),
                    mean_change=w.difference(name, diff.mean_before, diff.mean_after, digits),
                    ci=ci,
                    effect=w.number(diff.effect_size),
                )
            )
            d, d_low, d_high = diff.effect_size, diff.effect_low, diff.effect_high
            if d is not None and d_low is not None and d_high is not None:  # none when the changes never vary
                intervals.append(Interval(w.label(name), d, d_low, d_high))
                pairs.append(diff.n_pairs)
    if not draw or not intervals:
        return out, ""
    first, last = w.wave(waves[0]), w.wave(waves[-1])
    n = str(pairs[0]) if min(pairs) == max(pairs) else f"{min(pairs)}–{max(pairs)}"
    chart = interval_chart(
        intervals,
        w.text("paired"),
        axis_label=w.text("chart_d_axis"),
        caption=w.text("chart_paired_caption", n=n, first=first, last=last),
        ticks=symmetric_ticks(max(max(abs(i.low), abs(i.high)) for i in intervals)),
        references=(-0.8, -0.5, -0.2, 0.2, 0.5, 0.8),
        number=lambda v: w.number(v, 0 if float(v).is_integer() else 1 if float(v * 10).is_integer() else 2),
        ends=(w.text("chart_lower", wave=last), w.text("chart_higher", wave=last)),
    )
    return out, chart


def types_section(w: Words, baselines: Sequence[Row]) -> list[TypeRow]:
    """The network types of the baseline networks (none with fewer than 5 networks)."""
    if len(baselines) < SMALL:
        return []
    types = typology(baselines).types
    hidden = _hidden_sizes([t.size for t in types])
    return [  # a small type's description would describe one patient's network (its medoid)
        TypeRow(
            str(t.id),
            _count(w, t.size) if t.size < SMALL or i not in hidden else "-",
            t.describe(w.language) if t.size >= SMALL else "-",
        )
        for i, t in enumerate(types)
    ]


def _hidden_sizes(sizes: Sequence[int]) -> set[int]:
    """The rows whose count is not shown: those under ``SMALL`` ("<5") and, since the counts add up
    to the networks at baseline, as many of the next smallest ("-") as it takes for no hidden
    count to be worked out from the total, the counts shown and what "<5" (1 to 4) and "-" (5 or
    more) say: never exactly one hidden, nor "<5" and "-" adding up to 6 (1 and 5)."""
    hidden = {i for i, n in enumerate(sizes) if n < SMALL}
    rest = sorted((n, i) for i, n in enumerate(sizes) if i not in hidden)
    while hidden and rest and _worked_out(sizes, hidden):
        hidden.add(rest.pop(0)[1])
    return hidden


def _worked_out(sizes: Sequence[int], hidden: set[int]) -> bool:
    """Whether one hidden count has a single possible value (each lies between its bounds and
    together they make the total less the counts shown)."""
    left = sum(sizes[i] for i in hidden)
    bounds = {i: (1, SMALL - 1) if sizes[i] < SMALL else (SMALL, left) for i in hidden}
    low, high = sum(b[0] for b in bounds.values()), sum(b[1] for b in bounds.values())
    return any(max(lo, left - (high - hi)) == min(hi, left - (low - lo)) for lo, hi in bounds.values())


def _node_label(node: str, protocol: Protocol, language: str) -> str | None:
    """The option's label; ``None`` for a value that is not one of the protocol's options."""
    role, _, value = node.partition(":")
    question = protocol.alter_question_with_role(role)
    option = None if question is None else next((o for o in question.options if str(o.value) == value), None)
    return None if option is None else localise(option.label, language, protocol.default_language) or value


class NetworkSection(NamedTuple):
    """The service network section: its tables, its chart and the caption that says what they show."""

    nodes: list[NodeRow]
    ties: list[TieRow]
    groups: list[ServiceGroupRow]
    graph: str
    caption: str


def network_section(
    w: Words, kept: Sequence[Interview], protocol_of: Callable[[Interview], Protocol], *, draw: bool
) -> NetworkSection:
    """The care settings and professions in 5 networks or more (each patient once, at their
    latest wave), the ties between them in 5 networks or more, and the service network they form.
    The chart draws exactly the ties of the table; a node's degree and strength are those of the
    ties listed; what is left out (fewer than ``SMALL`` patients) the caption says."""
    protocol = protocol_of(kept[0])
    latest: dict[str, Interview] = {}  # each patient once (their latest wave): counts are patients
    for iv in sorted(kept, key=lambda iv: iv.wave.index):
        latest[iv.patient.code] = iv
    network = service_network(latest.values(), protocol_of, at_least=SMALL)  # centralities of what is shown
    labels = {n.node: _node_label(n.node, protocol, w.language) for n in network.nodes}
    nodes = [n for n in network.nodes if labels[n.node]]
    shown = {n.node for n in nodes}
    ties = {pair: k for pair, k in network.ties.items() if shown.issuperset(pair)}
    ordered = sorted(ties.items(), key=lambda t: (-t[1], str(labels[t[0][0]]), str(labels[t[0][1]])))
    strength = {n.node: sum(k for pair, k in ties.items() if n.node in pair) for n in nodes}
    degree = {n.node: sum(1 for pair in ties if n.node in pair) for n in nodes}
    group = {GENERIC: w.text("group_generic"), MENTAL_HEALTH: w.text("group_mental_health"), None: "-"}
    patients = len(latest)
    node_rows = [
        NodeRow(
            node=str(labels[n.node]),
            group=group.get(n.group, "-"),
            networks=str(n.n_networks),
            reach=w.percent(n.n_networks / patients),
            degree=str(degree[n.node]),
            strength=str(strength[n.node]),
        )
        for n in sorted(nodes, key=lambda n: (-strength[n.node], -n.n_networks, str(labels[n.node])))
    ]
    tie_rows = [TieRow(str(labels[a]), str(labels[b]), str(k)) for (a, b), k in ordered]
    group_rows = [
        ServiceGroupRow(
            group=group[g.group],
            nodes=str(g.n_nodes),
            networks=str(g.n_networks) if g.n_networks >= SMALL else w.text("small"),
            reach=w.percent(g.reach) if g.n_networks >= SMALL else "-",
            mean_strength=w.number(g.mean_strength, 1),
            strength_share=w.percent(g.strength_share),
        )
        for g in network.groups or []
        if g.n_nodes
    ]
    caption = ""
    if nodes:
        members = {
            key: ", ".join(str(labels[n.node]) for n in nodes if n.group == key) or "-"
            for key in (GENERIC, MENTAL_HEALTH, None)
        }
        caption = " ".join(
            (
                w.text("network_caption", patients=patients, small=SMALL),
                w.text(
                    "network_groups_note",
                    generic=members[GENERIC],
                    mental=members[MENTAL_HEALTH],
                    either=members[None],
                ),
            )
        )
    graph = ""
    if draw:
        present = {n.group for n in nodes}
        legend = {key: words for key, words in group.items() if key in present}
        legend = {**legend, **({None: w.text("group_either")} if None in present else {})}
        order = {GENERIC: 0, MENTAL_HEALTH: 1, None: 2}  # each group together round the circle
        graph = service_graph(
            [(n.node, str(labels[n.node]), n.n_networks, n.group) for n in sorted(nodes, key=lambda n: order[n.group])],
            dict(ordered),
            w.text("service_network"),
            legend=legend,
            patients_word=w.text("network_patients"),
        )
    return NetworkSection(node_rows, tie_rows, group_rows, graph, caption)


class _EveryService(Mapping[str, object]):
    """A row read as one of every service's (``service`` is :data:`ALL_SERVICES`), not copied."""

    __slots__ = ("_row",)

    def __init__(self, row: Mapping[str, object]) -> None:
        self._row = row

    def __getitem__(self, key: str) -> object:
        return ALL_SERVICES if key == "service" else self._row[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


class _Counted(Sequence[Interview]):
    """A wave's interviews as the counts section reads them: how many (none is kept)."""

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: object) -> Interview:  # type: ignore[override]
        raise IndexError("the service report counts a wave's interviews, it does not keep them")


def service_context(
    interviews: Iterable[Interview] | ServiceData,
    protocol_of: Callable[[Interview], Protocol],
    spec: ReportSpec,
    today: date,
    *,
    service: str | None = None,
    period: tuple[date | None, date | None] = (None, None),
    measured: Mapping[str, Row] | None = None,
    resource_kind: ResourceKind | None = None,
) -> ServiceContext:
    """The context of the service report over the completed ``interviews`` (already filtered):
    any iterable, read once and one interview at a time (a generator keeps memory flat), or what
    :func:`gather_service` gathered; ``measured`` may give their measure rows by interview id;
    ``resource_kind`` the kind of a service's local resource (the directories), for the plans."""
    w = words(spec.language)
    data = interviews if isinstance(interviews, ServiceData) else None
    if data is None or not set(spec.measures) <= set(data.measures):
        if data is not None:
            raise ReportError("the gathered interviews do not have every measure of the specification")
        data = gather_service(interviews, protocol_of, spec.measures, measured)  # type: ignore[arg-type]
    if not data.rows:
        raise ReportError("no completed interview to report on" + (f" for service {service!r}" if service else ""))
    rows = data.rows
    groups = summarise((cast("Row", _EveryService(r)) for r in rows), spec.measures)  # one group per wave
    by_wave = {index: _Counted(n) for index, n in data.interviews_by_wave.items()}
    waves = sorted(by_wave)
    distributions, charts = distributions_section(w, groups, spec.measures, draw=spec.draws("distributions"))
    paired, paired_chart = paired_section(
        w, rows, waves, spec.measures, service or ALL_SERVICES, draw=spec.draws("paired")
    )
    latest = cast("list[Interview]", data.latest)  # what the network reads of an interview, no more
    network = network_section(w, latest, protocol_of_latest, draw=spec.draws("service_network"))
    protocols = list({(p.protocol.id, p.protocol.version): p.protocol for p in data.latest}.values())
    plans = plan_section(w, data.plans, rows, protocols, resource_kind)
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
        service_nodes=network.nodes,
        service_ties=network.ties,
        service_groups=network.groups,
        service_graph=network.graph,
        service_caption=network.caption,
        plan_kinds=plans.kinds,
        plan_resources=plans.resources,
        plan_changes=plans.changes,
        small_note=w.text("small_note"),
        words=w,
    )
