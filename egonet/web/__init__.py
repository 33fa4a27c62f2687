"""The interview in a browser, and the patient's map on a second screen (``egonet interview
--web``): :mod:`egonet.web.serving` starts and stops it, :mod:`egonet.web.server` serves the
pages, :mod:`egonet.web.link` tells the map which interview the app has open (and is all the app
itself loads of this package), :mod:`egonet.web.patient_map` draws it."""

from __future__ import annotations

__all__: list[str] = []  # the modules are the interface: serving (the command), link (the app)
