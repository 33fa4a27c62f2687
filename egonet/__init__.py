"""Egonet: map the social-support network of a person with a severe mental illness, with them.

Packages: :mod:`egonet.model` (the domain, pure Python), :mod:`egonet.protocol` (what is
asked), :mod:`egonet.wire` (the interview document), :mod:`egonet.store` (the local store),
:mod:`egonet.session` (use-cases), :mod:`egonet.cli` (the ``egonet`` command).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
