"""Brokerage and structural holes, ego included.

Ego is tied to each of its ``n`` alters; ``t`` is the number of ties among alters.  Ties are
binary (unweighted): the protocol records no strength for ego's own ties.  Effective size,
efficiency, constraint and hierarchy are Burt's (1992), effective size in Borgatti's (1997)
form for binary ties; ego betweenness is Everett and Borgatti's (2005).  Gould and Fernandez's
(1989) brokerage roles are not computed: they need groups of alters and directed ties.

References
----------
- Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
  *Connections*, 20(1), 35-38.
- Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Cambridge, MA:
  Harvard University Press.
- Everett, M., & Borgatti, S. P. (2005). Ego network betweenness. *Social Networks*, 27(1),
  31-38.
"""

from __future__ import annotations

from dataclasses import dataclass

from egonet.analysis.kernels import BrokerageSums, brokerage_sums
from egonet.analysis.network import EgoNetwork

__all__ = ["Brokerage", "brokerage", "brokerage_from_sums"]


@dataclass(frozen=True, slots=True)
class Brokerage:
    effective_size: float | None
    """Burt's (1992) effective size, non-redundant alters: ``n - 2t/n`` for binary ties (Borgatti
    1997, *Structural holes: unpacking Burt's redundancy measures*, Connections 20(1)); null with
    no alter."""
    efficiency: float | None
    """Effective size over ``n`` (Burt 1992); null with no alter."""
    constraint: float | None
    """Burt's (1992) aggregate constraint on ego: ``sum_j (p_ej + sum_q p_eq p_qj)^2`` over alters
    ``j``, ``q != j``, with ``p_xy = 1 / degree(x)`` when ``x`` and ``y`` are tied (ego included in
    every degree); from ``1/n`` (no ties among alters) up to 1.125; null with no alter."""
    hierarchy: float | None
    """Burt's (1992) hierarchy, how concentrated constraint is on one alter: ``sum_j r_j ln r_j /
    (n ln n)`` with ``r_j = c_j / (C / n)``; 0 when every alter constrains ego equally; null for
    n < 2."""
    ego_betweenness: float | None
    """Everett and Borgatti (2005), *Ego network betweenness*, Social Networks 27: over pairs of
    alters not tied to each other, ``sum 1 / (1 + common alters)``, the share of 2-step paths
    through ego; null with no alter."""
    ego_betweenness_norm: float | None
    """Ego betweenness over its maximum ``n(n-1)/2`` (a star); null for n < 2."""
    broker_pairs: int | None
    """Pairs of alters not tied to each other, which only ego connects directly: ``n(n-1)/2 - t``
    (Burt's structural holes, counted); null with no alter."""


def brokerage(net: EgoNetwork) -> Brokerage:
    """Every measure of :class:`Brokerage` for one network (the sums in one compiled call)."""
    if net.n == 0:
        return Brokerage(None, None, None, None, None, None, None)
    return brokerage_from_sums(net.n, net.n_ties, brokerage_sums(net.n, *net.tie_arrays()))


def brokerage_from_sums(n: int, t: int, sums: BrokerageSums) -> Brokerage:
    """The measures of ``n >= 1`` alters and ``t`` ties from :func:`~egonet.analysis.kernels.brokerage_sums`."""
    between = sums.ego_betweenness
    effective = n - 2 * t / n
    max_pairs = n * (n - 1) / 2
    return Brokerage(
        effective_size=effective,
        efficiency=effective / n,
        constraint=sums.constraint,
        hierarchy=sums.hierarchy if n >= 2 else None,
        ego_betweenness=between,
        ego_betweenness_norm=between / max_pairs if n >= 2 else None,
        broker_pairs=int(max_pairs) - t,
    )
