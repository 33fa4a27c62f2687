"""Small statistics without SciPy: quantiles, Student's t quantiles, paired mean differences.

The t distribution's CDF is the regularized incomplete beta function (Abramowitz and Stegun
26.7.1), computed with Lentz's continued fraction (Press et al., *Numerical Recipes*, 3rd ed.,
§6.4); its quantile is found by bisection to 1e-12.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Distribution", "PairedDifference", "distribution", "paired_difference", "quantile", "t_cdf", "t_quantile"]


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (Hyndman and Fan 1996 type 7, R's default)."""
    position = (len(sorted_values) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


@dataclass(frozen=True, slots=True)
class Distribution:
    """Summary of one measure over patients; null when no patient has a value."""

    n: int
    n_missing: int
    median: float | None
    q1: float | None
    q3: float | None
    mean: float | None
    sd: float | None
    """Sample standard deviation (n - 1); null for fewer than 2 values."""
    min: float | None
    max: float | None


def distribution(values: Sequence[float | None]) -> Distribution:
    present = sorted(float(v) for v in values if v is not None)
    n, missing = len(present), len(values) - len(present)
    if n == 0:
        return Distribution(0, missing, None, None, None, None, None, None, None)
    mean = sum(present) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in present) / (n - 1)) if n >= 2 else None
    return Distribution(
        n,
        missing,
        quantile(present, 0.5),
        quantile(present, 0.25),
        quantile(present, 0.75),
        mean,
        sd,
        present[0],
        present[-1],
    )


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < eps:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (e.g. ``t_quantile(0.975, 9) = 2.2622``)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("p must be in (0, 1) and df positive")
    low, high = -1e6, 1e6
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True, slots=True)
class PairedDifference:
    """Paired before/after change of one measure over patients with both waves.

    ``mean_diff`` is later minus earlier; ``ci_low``/``ci_high`` the 95% Student-t interval of the
    mean difference; ``effect_size`` Cohen's d_z (mean difference over the standard deviation of the
    differences; Lakens 2013, *Calculating and reporting effect sizes*, Front. Psychol. 4:863).
    Intervals and effect sizes are null for fewer than 2 pairs or differences that never vary.
    """

    n_pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_diff: float | None
    sd_diff: float | None
    ci_low: float | None
    ci_high: float | None
    effect_size: float | None

    @property
    def effect_low(self) -> float | None:
        """Lower bound of the interval of ``effect_size``: ``ci_low / sd_diff``, i.e. d_z - t/sqrt(n).

        The mean difference's t-interval divided by the standard deviation of the differences: it
        takes that standard deviation as known, so it is narrower than the exact noncentral-t
        interval of d_z, the more so the larger d_z (roughly by a factor sqrt(1 + d_z**2 / 2): about
        15% at d_z = 0.8, nothing at d_z = 0).  Its test of zero is the paired t-test's.
        """
        if self.effect_size is None or self.ci_low is None or not self.sd_diff:
            return None
        return self.ci_low / self.sd_diff

    @property
    def effect_high(self) -> float | None:
        """Upper bound of the interval of ``effect_size``: ``ci_high / sd_diff`` (see :attr:`effect_low`)."""
        if self.effect_size is None or self.ci_high is None or not self.sd_diff:
            return None
        return self.ci_high / self.sd_diff


def paired_difference(pairs: Sequence[tuple[float | None, float | None]], confidence: float = 0.95) -> PairedDifference:
    """Over the pairs where both values exist."""
    both = [(float(a), float(b)) for a, b in pairs if a is not None and b is not None]
    n = len(both)
    if n == 0:
        return PairedDifference(0, None, None, None, None, None, None, None)
    diffs = [b - a for a, b in both]
    mean = sum(diffs) / n
    before, after = sum(a for a, _ in both) / n, sum(b for _, b in both) / n
    if n < 2:
        return PairedDifference(n, before, after, mean, None, None, None, None)
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    if sd == 0:
        return PairedDifference(n, before, after, mean, 0.0, mean, mean, None)
    half = t_quantile(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)
    return PairedDifference(n, before, after, mean, sd, mean - half, mean + half, mean / sd)
