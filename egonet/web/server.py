"""``egonet interview --web``: the interview app in a browser, and the patient's map beside it.

The browser shows the terminal app itself (textual-serve: each browser session runs ``egonet
interview`` in a process of its own, its screen drawn by xterm.js), so there is one interview
and it saves every answer as it does in a terminal.  Beside it, ``/map`` shows the open
interview's network large, for a second screen turned to the patient, and follows it as it is
saved (server-sent events, a read of the interview's revision every 0.05 s).

Safe by default:

- every address starts with a secret made at each start (``/<secret>/``): a request without it,
  the map's live updates and the app's socket included, is answered 404; the browser is opened on
  an address that works once and redirects to it (a command line is readable by other users);
- only the address it listens on may be named in ``Host`` (a web page elsewhere cannot rebind a
  name to it), and the app's socket takes only this page's ``Origin``;
- one browser session at a time: a second is refused (409) while the first is open (a
  reloaded page waits for its old session to end);
- answers are not kept by the browser, never framed, and name no other site (``no-referrer``,
  a content security policy of ``'self'``);
- nothing is written but the store: the link from the app to the map is a Unix socket in a
  folder only this user can open, removed when the command stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import os
import secrets
import shlex
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path
from typing import Any
from uuid import UUID

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from textual_serve.server import Server

from egonet.errors import EgonetError
from egonet.store import Store
from egonet.web.link import LINK_VARIABLE, Showing
from egonet.web.patient_map import map_view
from reports.words import LANGUAGES, words

__all__ = ["HANDOVER", "POLL", "REOPEN", "WebInterview"]

POLL = 0.05
"""Seconds between two reads of the open interview's revision by a patient's map (one small
read of the store)."""
HANDOVER = 10.0
"""Seconds a new browser session waits for the one open to end (a reloaded page's ends as it
goes; the app it ran quits first), before it is refused."""
REOPEN = 120.0
"""Seconds during which a page opened again goes back to the interview its browser left open."""
HERE = Path(__file__).parent
TEXTUAL_SERVE = Path(str(files("textual_serve"))) / "static"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebInterview(Server):
    """The interview app and the patient's map, served on ``host:port`` under ``/<secret>/``."""

    def __init__(
        self, store_path: Path, language: str, *, host: str, port: int, secret: str, title: str = "Egonet"
    ) -> None:
        super().__init__("", host=host, port=port, title=title, statics_path=TEXTUAL_SERVE)
        self.store_path, self.secret = store_path, secret
        self.start: str | None = f"/start/{secrets.token_urlsafe(24)}"  # the browser's first address, once
        self.language = language if language in LANGUAGES else "en"
        self.showing = Showing()
        self.session_open = False
        self.reopen: tuple[str, float] | None = None  # the patient open when a browser went away, and when
        self.left_open: UUID | None = None
        self.session_ended = asyncio.Event()
        self.sockets: set[web.WebSocketResponse] = set()
        self.followers: set[asyncio.Task[Any]] = set()
        self.pages = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
        self.folder = Path(tempfile.mkdtemp(prefix="egonet-web-"))  # made 0700
        self.link = self.folder / "link.sock"
        self._store: Store | None = None

    # -- addresses -------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"{self.public_url}/{self.secret}"

    def address(self, page: str = "") -> str:
        return f"{self.base}/{page}"

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        at = f"/{self.secret}"
        app.add_routes(
            [
                web.get(f"{at}/", self.handle_index),
                web.get(f"{at}/ws", self.handle_websocket),
                web.get(f"{at}/map", self.handle_map),
                web.get(f"{at}/map/events", self.handle_events),
                web.static(f"{at}/static", self.statics_path),
                web.static(f"{at}/egonet", HERE / "static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        app.on_response_prepare.append(self._headers)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 for another ``Host``; the start address once; 404 without the secret."""
        if request.host != self.public_url.removeprefix("http://"):
            return web.Response(status=403, text="this address is served under another name")
        if self.start is not None and hmac.compare_digest(request.path.encode(), self.start.encode()):
            self.start = None  # used: the browser's command line, which others can read, holds a spent address
            raise web.HTTPFound(self.address())
        prefix = f"/{self.secret}/"
        if not hmac.compare_digest(request.path[: len(prefix)].encode(), prefix.encode()):
            return web.Response(status=404, text="not found")
        return await handler(request)

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        """The headers of every answer, refusals and errors included."""
        response.headers.update(
            {
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "DENY",
                "Content-Security-Policy": (
                    f"default-src 'self'; connect-src 'self' ws://{request.host}; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
                ),
            }
        )

    def start_address(self) -> str:
        """An address that opens the interview once (for the browser's command line)."""
        return f"{self.public_url}{self.start}"

    # -- the interview ---------------------------------------------------------------------

    def _page(self, name: str, **values: Any) -> web.Response:
        html = self.pages.get_template(name).render(base=self.base, **values)
        return web.Response(text=html, content_type="text/html")

    async def handle_index(self, request: web.Request) -> web.Response:
        size = request.query.get("fontsize", "16")
        w = words(self.language)
        return self._page(
            "interview.html",
            websocket=f"ws://{request.host}/{self.secret}/ws",
            font_size=int(size) if size.isascii() and size.isdigit() and 8 <= int(size) <= 40 else 16,
            map_address=self.address("map"),
            title=self.title,
            language=w.language,
            map_link=w.text("live_map_link"),
            ended=w.text("live_ended"),
            reopen=w.text("live_reopen"),
        )

    def _command(self) -> str:
        """``egonet interview`` on this store, reopening the interview a browser left open up to
        :data:`REOPEN` seconds before (later, whoever opens the page may be with another patient:
        the patient list)."""
        words = [sys.executable, "-m", "egonet", "--store", str(self.store_path), "interview"]
        words += ["--language", self.language]
        if self.reopen is not None and time.monotonic() - self.reopen[1] <= REOPEN:
            words += ["--patient", self.reopen[0]]
        return shlex.join(words)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not web.WebSocketResponse().can_prepare(request).ok:
            raise web.HTTPBadRequest(text="this address takes the interview page's websocket only")
        if request.headers.get("Origin") != self.public_url:
            raise web.HTTPForbidden(text="the interview is driven from its own page only")
        if self.session_open:  # a reloaded page's old session ends at once; another window's does not
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.session_ended.wait(), HANDOVER)
        if self.session_open:
            raise web.HTTPConflict(text="the interview is open in another browser window: close it first")
        self.session_open, self.command, self.left_open = True, self._command(), None
        self.session_ended = asyncio.Event()
        try:
            return await super().handle_websocket(request)
        finally:
            self.session_open = False
            patient = self._patient(self.left_open)
            self.reopen = None if patient is None else (patient, time.monotonic())
            self.session_ended.set()

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
        self.sockets.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:  # the browser went away, or the command stops (before the app is told to quit)
            self.sockets.discard(websocket)
            self.left_open = self.showing.current

    def _patient(self, interview: UUID | None) -> str | None:
        if interview is None:
            return None
        try:
            return self.store().load(interview).patient.code
        except EgonetError:
            return None

    # -- the patient's map -----------------------------------------------------------------

    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.store_path)
        return self._store

    async def handle_map(self, request: web.Request) -> web.Response:
        view = map_view(self.store(), None, self.language)
        return self._page("map.html", view=view, events=self.address("map/events"))

    async def handle_events(self, request: web.Request) -> web.StreamResponse:
        """The map as server-sent events: one when the open interview, or its revision, changes."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        task = asyncio.current_task()
        assert task is not None
        self.followers.add(task)
        try:
            with contextlib.suppress(ConnectionResetError):  # the page was closed
                await self._follow(response)
        finally:
            self.followers.discard(task)
        return response

    async def _follow(self, response: web.StreamResponse) -> None:
        shown: tuple[object, ...] | None = None
        while True:
            interview = self.showing.current
            revision = self.store().revision(interview) if interview is not None else None
            key = (interview, revision)
            if key != shown:
                view = map_view(self.store(), interview if revision is not None else None, self.language)
                await response.write(f"data: {json.dumps(view)}\n\n".encode())
                shown = key
            moved = self.showing.moved
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(moved.wait(), POLL)

    # -- starting and stopping -------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        os.environ[LINK_VARIABLE] = str(self.link)  # for the app's processes, started from here
        self._link_server = await self.showing.serve(self.link)

    async def on_shutdown(self, app: web.Application) -> None:
        """The command stops: each browser session ends (its app told to quit), each map page's
        updates stop, the link goes."""
        for websocket in list(self.sockets):
            await websocket.close(message=b"the interview was stopped")
        for task in list(self.followers):
            task.cancel()
        self._link_server.close()
        self.link.unlink(missing_ok=True)
        self.folder.rmdir()
        if self._store is not None:
            self._store.close()
