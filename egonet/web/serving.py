"""Starting and stopping ``egonet interview --web``: a fresh secret, a socket bound before the
addresses are printed, the browser opened on the interview, and everything stopped with the
command (Ctrl+C or SIGTERM: the app in the browser is told to quit, its link removed; the
links a killed run left are removed at the next start)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import tempfile
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from egonet.errors import UsageError
from egonet.web.server import WebInterview

__all__ = ["serve_interview"]


def _address(given: str) -> str:
    """The IP address to listen on, in its canonical form (the one a browser shows and sends)."""
    try:
        address = ipaddress.ip_address(given.strip("[]"))
    except ValueError:
        raise UsageError(
            f"--address takes an IP address (127.0.0.1, or this machine's on the network), not {given!r}"
        ) from None
    if address.is_unspecified:
        raise UsageError("give the address to listen on (for instance this machine's address on the clinic's network)")
    return str(address)


def _bound(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    sock.listen(16)
    sock.setblocking(False)
    return sock


def _clear_stale_links() -> None:
    """Link folders left by this user's earlier runs that were killed (nothing listens on their
    socket any more; a folder under a minute old may be a run that is starting)."""
    for folder in Path(tempfile.gettempdir()).glob("egonet-web-*"):
        try:
            if folder.stat().st_uid != os.getuid() or time.time() - folder.stat().st_mtime < 60:
                continue
            link = folder / "link.sock"
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                if link.exists() and probe.connect_ex(str(link)) == 0:
                    continue  # a command still running
            shutil.rmtree(folder)
        except OSError:
            continue


def serve_interview(
    store_path: Path,
    language: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
) -> None:
    """Serve until interrupted; ``say`` gets the two addresses (the interview's, the map's)."""
    host = _address(host)
    sock = _bound(host, port)
    _clear_stale_links()
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    server = WebInterview(store_path, language, host=shown_host, port=bound_port, secret=secrets.token_urlsafe(24))
    if not open_browser:
        server.start = None  # no browser to open: no address that bypasses the printed ones
    asyncio.run(_serve(server, sock, open_browser, say))


async def _serve(server: WebInterview, sock: socket.socket, open_browser: bool, say: Callable[[str], None]) -> None:
    runner = web.AppRunner(await server._make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    say(f"The interview:        {server.address()}")
    say(f"The patient's map:    {server.address('map')}  (open it on the screen turned to the patient)")
    say("Stop with Ctrl+C: every answer is already saved.")
    if open_browser:
        with contextlib.suppress(webbrowser.Error):
            webbrowser.open(server.start_address())
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
