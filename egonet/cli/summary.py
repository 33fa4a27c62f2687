"""``egonet summary``: aggregate figures across patients, for service leads and researchers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import IO, Any

import click

from egonet.cli.context import Env, output_option, pass_env
from egonet.cli.progress import progress

__all__ = ["summary"]

SMALL = 5
"""Groups of fewer patients are shown as "<5" in text (their figures could identify someone)."""

EPILOG = """\b
Examples:
  egonet summary                         per service and wave, before/after, network types
  egonet summary --service "CGG Leuven"  one service
  egonet summary --format json -o s.json every figure, for a script or the reporter
"""


@click.command(epilog=EPILOG)
@click.option("--service", help="Only this service's patients.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@pass_env
def summary(env: Env, *, service: str | None, fmt: str, output: IO[str]) -> None:
    """Summarise the store's interviews across patients: no name, no label, no free text.

    Per service and wave: patients, the share with no informal supporter, and the median and
    quartiles of the key measures.  Before/after: for patients seen at both waves, the mean
    change of each key measure (later minus earlier) with its 95% confidence interval and effect
    size.  Network types (Vacca 2020) and the network of care settings and professions.
    """
    from egonet.analysis import measure, paired_changes, service_network, summarise, typology  # noqa: PLC0415
    from egonet.analysis.aggregate import share_hidden  # noqa: PLC0415

    store = env.store()
    rows = env.interview_rows(service)
    protocol_of = env.protocol_of  # built in, or kept in the store; cached per run
    interviews = [store.load(r.id) for r in progress(rows, "reading", total=len(rows))]
    measured = [measure(iv, protocol_of(iv)).row() for iv in progress(interviews, "measuring", total=len(interviews))]
    baselines = [r for r in measured if r["wave_index"] == 0 and r["n_alters"]]
    result: dict[str, Any] = {
        "groups": [_protected(asdict(g), share_hidden) for g in summarise(measured)],
        "paired_changes": [asdict(c) for c in paired_changes(measured)],
        "typology": asdict(typology(baselines)) if len(baselines) >= 2 else None,
        "service_network": asdict(service_network(interviews, protocol_of)),
    }
    if result["typology"] is not None:
        result["typology"].pop("assignment")  # one entry per interview: not an aggregate
        for kind in result["typology"]["types"]:
            kind.pop("medoid")
    result["service_network"]["ties"] = [
        {"a": a, "b": b, "weight": w} for (a, b), w in result["service_network"]["ties"].items()
    ]
    if fmt == "json":
        output.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        output.write(_text(result))


def _protected(group: dict[str, Any], hidden: Callable[[int, int], bool]) -> dict[str, Any]:
    """A group's figures, none that describes fewer than 5 patients: a group that small keeps only
    its count; a share that would count fewer than 5 patients in it or outside it is null."""
    if group["n_patients"] < SMALL:
        return {**group, "share_no_informal": None, "n_no_informal": None, "distributions": {}}
    if hidden(group["n_no_informal"], group["n_asked"]):
        return {**group, "share_no_informal": None, "n_no_informal": None}
    return group


def _count(n: int) -> str:
    return f"<{SMALL}" if n < SMALL else str(n)


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def _text(result: dict[str, Any]) -> str:
    lines = []
    for group in result["groups"]:
        lines.append(f"{group['service']}, {group['wave_label']}: {_count(group['n_patients'])} patients")
        if group["n_patients"] < SMALL:
            lines.append("  (too few patients to show figures)")
            continue
        share = group["share_no_informal"]
        lines.append(f"  no informal supporter: {'-' if share is None else f'{share:.0%}'}")
        for name, d in group["distributions"].items():
            if d["n"]:
                lines.append(
                    f"  {name:<22} median {_fmt(d['median'])}  ({_fmt(d['q1'])} to {_fmt(d['q3'])})  n={d['n']}"
                )
        lines.append("")
    for change in result["paired_changes"]:
        name = "all services" if change["service"] == "*" else change["service"]  # analysis.ALL_SERVICES
        lines.append(f"Before/after, {name}: {_count(change['n_patients'])} patients with both waves")
        if change["n_patients"] < SMALL:
            lines.append("  (too few patients to show figures)")
            continue
        for name, c in change["changes"].items():
            if c["n_pairs"] >= 2:
                lines.append(
                    f"  {name:<22} {_fmt(c['mean_diff'], True)}  95% CI {_fmt(c['ci_low'], True)} to "
                    f"{_fmt(c['ci_high'], True)}  d_z {_fmt(c['effect_size'])}"
                )
        lines.append("")
    if result["typology"] is not None:
        lines.append(f"Network types at baseline (silhouette {_fmt(result['typology']['silhouette'])}):")
        for kind in result["typology"]["types"]:
            lines.append(f"  type {kind['id']}: {_count(kind['size'])} networks, {kind['description']}")
        lines.append("")
    lines.append("Care settings and professions that appear together most (networks):")
    ties = sorted(result["service_network"]["ties"], key=lambda t: -t["weight"])[:8]
    lines += [f"  {t['a']} + {t['b']}: {_count(t['weight'])}" for t in ties]
    return "\n".join(lines) + "\n"
