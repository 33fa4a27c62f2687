"""Structure among alters, ego removed.

With ego included every alter is tied to ego, so density, components and centralization are
computed on the alters and the ties between them only (the usual convention in ego-network
analysis: Crossley et al. 2015, ch. 5; Perry, Pescosolido and Borgatti 2018, ch. 6).  ``n``
below is the number of alters, ``t`` the number of ties among them.  Density, components and
isolates are as in Wasserman and Faust (1994); fragmentation is Borgatti's (2006); degree and
betweenness centralization are Freeman's (1979) graph centralization, over Freeman's (1977)
betweenness, computed with Brandes' (2001) algorithm (:mod:`egonet.analysis.kernels.paths`).

References
----------
- Borgatti, S. P. (2006). Identifying sets of key players in a social network. *Computational
  and Mathematical Organization Theory*, 12(1), 21-34.
- Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of Mathematical
  Sociology*, 25(2), 163-177.
- Crossley, N., Bellotti, E., Edwards, G., Everett, M. G., Koskinen, J., & Tranmer, M. (2015).
  *Social Network Analysis for Ego-Nets*. London: SAGE.
- Freeman, L. C. (1977). A set of measures of centrality based on betweenness. *Sociometry*,
  40(1), 35-41.
- Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. *Social
  Networks*, 1(3), 215-239.
- Perry, B. L., Pescosolido, B. A., & Borgatti, S. P. (2018). *Egocentric Network Analysis:
  Foundations, Methods, and Models*. Cambridge: Cambridge University Press.
- Wasserman, S., & Faust, K. (1994). *Social Network Analysis: Methods and Applications*.
  Cambridge: Cambridge University Press.
"""

from __future__ import annotations

from dataclasses import dataclass

from egonet.analysis.kernels import StructureSums, structure_sums
from egonet.analysis.network import EgoNetwork

__all__ = ["Structure", "components", "structure", "structure_from_sums"]


@dataclass(frozen=True, slots=True)
class Structure:
    n_ties: int | None
    """``t``: ties among alters (each pair once); null when the tie census was left open."""
    density: float | None
    """``t / (n(n-1)/2)``; null for fewer than 2 alters."""
    mean_degree: float | None
    """``2t / n``: mean number of other alters an alter is tied to; null with no alter."""
    n_components: int | None
    """Connected components among alters (an isolate is a component); null with no alter."""
    largest_component_share: float | None
    """Alters in the largest component over ``n``; null with no alter."""
    n_isolates: int | None
    """Alters tied to no other alter; null with no alter."""
    fragmentation: float | None
    """Share of alter pairs that cannot reach each other: ``1 - sum_k s_k(s_k-1) / (n(n-1))`` over
    component sizes ``s_k`` (Borgatti 2006, *Identifying sets of key players*); null for n < 2."""
    degree_centralization: float | None
    """Freeman (1979): ``sum_i (d_max - d_i) / ((n-1)(n-2))``, 1 for a star, 0 for a regular graph;
    null for n < 3."""
    betweenness_centralization: float | None
    """Freeman (1979): ``sum_i (b_max - b_i) / ((n-1)^2 (n-2) / 2)`` with raw (pair-counted once)
    betweenness ``b``; 1 for a star; null for n < 3."""


def components(net: EgoNetwork) -> list[list[int]]:
    """Connected components among alters, each sorted, largest first (ties: lowest index first)."""
    neighbours = net.neighbours()
    seen: set[int] = set()
    found = []
    for start in range(net.n):
        if start in seen:
            continue
        stack, part = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            part.append(node)
            for other in neighbours[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        found.append(sorted(part))
    return sorted(found, key=lambda c: (-len(c), c[0]))


def structure(net: EgoNetwork) -> Structure:
    """Every measure of :class:`Structure` for one network (the sums in one compiled call)."""
    if net.n == 0:
        return Structure(0, None, None, None, None, None, None, None, None)
    return structure_from_sums(net.n, net.n_ties, structure_sums(net.n, *net.tie_arrays()))


def structure_from_sums(n: int, t: int, sums: StructureSums) -> Structure:
    """The measures of ``n >= 1`` alters and ``t`` ties from :func:`~egonet.analysis.kernels.structure_sums`."""
    pairs = n * (n - 1)
    return Structure(
        n_ties=t,
        density=t / (pairs / 2) if n >= 2 else None,
        mean_degree=2 * t / n,
        n_components=int(sums.components),
        largest_component_share=sums.largest_component / n,
        n_isolates=int(sums.isolates),
        fragmentation=1 - sums.within_pairs / pairs if n >= 2 else None,
        degree_centralization=sums.degree_gap / ((n - 1) * (n - 2)) if n >= 3 else None,
        betweenness_centralization=sums.betweenness_gap / ((n - 1) ** 2 * (n - 2) / 2) if n >= 3 else None,
    )
