"""Egonet: map the social-support network of a person with a severe mental illness, with them.

Packages, from the domain outwards: :mod:`egonet.model` (the domain, pure Python),
:mod:`egonet.wire` (the interview document, protocol files, strict JSON, private files),
:mod:`egonet.protocol` (the built-in protocol), :mod:`egonet.store` (the local store),
:mod:`egonet.analysis` (network measures, change, aggregates), :mod:`egonet.session`
(use-cases), :mod:`egonet.demo` (synthetic patients), :mod:`egonet.exports` (anonymised research
exports), :mod:`egonet.imports` (other tools' files), :mod:`egonet.sync` (the server's client),
:mod:`egonet.tui` (the interview) and :mod:`egonet.cli` (the ``egonet`` command); beside them
:mod:`egonet.errors`, :mod:`egonet.settings` and :mod:`egonet.layout` (the map's layout).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
