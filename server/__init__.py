"""The Egonet data server: laptops sync interviews to it, leads and researchers read figures.

An ASGI application (:func:`server.api.create_app`) over SQLite or PostgreSQL, run by
``egonet-server serve`` (:mod:`server.serving`) and administered by ``egonet-server admin``
(:mod:`server.cli`).  Services (:mod:`server.uploads`, stored in batches by
:mod:`server.group_commit`; :mod:`server.interviews`, :mod:`server.protocols`,
:mod:`server.releases`, :mod:`server.research`, :mod:`server.people`, :mod:`server.moving`)
speak the domain, return typed results (:mod:`server.stored`) and raise :mod:`server.errors`;
HTTP lives at the edge: :mod:`server.routes` (statuses mapped once, in :mod:`server.routes.errors`),
:mod:`server.context`, :mod:`server.bodies`, :mod:`server.headers` and :mod:`server.serving`.
What it promises against a hostile client is in the README ("What the server promises").
"""

__all__: list[str] = []  # a namespace: import from its modules
