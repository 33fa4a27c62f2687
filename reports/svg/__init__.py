"""Pictures as SVG text (no plotting library): network maps and charts, embedded in reports."""

from __future__ import annotations

from reports.svg.charts import Interval, Spread, interval_chart, range_chart
from reports.svg.network_map import Key, legend_keys, network_map
from reports.svg.service_graph import service_graph

__all__ = ["Interval", "Key", "Spread", "interval_chart", "legend_keys", "network_map", "range_chart", "service_graph"]
