"""Keys applied in the order typed, each one finished before the next: the app's input queue.

Textual hands a key to the focused widget by posting it to that widget's queue and returns at
once; the key then bubbles up to the screen and the app (each hop another posted message)
before a binding runs.  Keys that arrive together (a fast typist, a paste, a burst written to
the terminal) therefore overtake each other: in a name box, ``Bob⏎Carl⏎`` reached the Enter
binding after ``Carl`` was already in the box, and keys typed while a screen opened reached
the old screen, or none.

:class:`OrderedKeys` holds every key until the one before it is finished: a marker follows the
key from the focused widget up to the app, posted to each widget only once the one before has
handled (and passed on) the key; then nothing the key caused may still wait in any widget of the
screen, and the screen the key leads to must be mounted (else the marker goes round again).
Then the next key goes to whatever has focus *now*, so a key typed during a screen change
reaches the screen it was typed for.  A key typed while nothing is pending goes straight on.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump
from textual.timer import Timer

__all__ = ["OrderedKeys"]

WATCHDOG = 2.0
"""Seconds after which a key is let through even if a widget never answered (a widget being
torn down may drop a message): typing must never freeze."""

MAX_ROUNDS = 50
"""Rounds of the marker after one key, at most (a screen that never settles still gets keys)."""


def _pending(pump: MessagePump) -> bool:
    """Whether a pump has messages or callbacks waiting (Textual is pinned exactly, so where it
    keeps them is known: its queue, and the callbacks to run after the current message)."""
    queue = getattr(pump, "_message_queue", None)
    return (queue is not None and not queue.empty()) or bool(getattr(pump, "_next_callbacks", None))


class OrderedKeys(App[Any]):
    """An app whose keys (and pastes) are applied one after another, in the order they came."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key | events.Paste] = deque()
        self._busy = False
        self._round = 0
        self._rounds = 0
        self._watchdog: Timer | None = None
        self._open = True

    def hold_keys(self) -> None:
        """Hold every key from now until :meth:`open_keys` (an app whose first screen is not up
        yet: a key typed then would reach the empty default screen, and be lost)."""
        self._open = False

    async def open_keys(self) -> None:
        """Hand on the keys held since :meth:`hold_keys`, in order, and the next ones as they come."""
        self._open = True
        if not self._busy:
            await self._take()

    @property
    def keys_pending(self) -> int:
        """Keys received and not yet finished (the one being handled included)."""
        return len(self._held) + int(self._busy)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._held.append(event)
            if self._open and not self._busy:
                await self._take()
            return
        await super().on_event(event)

    async def _take(self) -> None:
        """Hand the oldest held key on, then wait for it to be finished."""
        if not self._held:
            self._busy = False
            return
        self._busy = True
        event = self._held.popleft()
        await super().on_event(event)
        self._rounds = 0
        self._start_round()

    def _pumps(self) -> list[MessagePump]:
        """The app, its screens, and every widget of the screen shown."""
        return [self, *self.screen_stack, *self.screen.walk_children(with_self=False)]

    def _path(self) -> list[MessagePump]:
        """Where a key goes and bubbles: the focused widget (or the screen) up to the screen, then the app."""
        node: MessagePump | None
        try:
            node = self.focused or self.screen
        except ScreenStackError:  # the app is closing
            node = None
        path: list[MessagePump] = []
        while node is not None:  # the screen's parent is the app, whose parent is none
            path.append(node)
            node = node._parent
        return path if path and path[-1] is self else [*path, self]

    def _start_round(self) -> None:
        """Follow the key's path with a marker, one widget after the other: each marker is posted
        once the widget before it has finished (and passed on) everything it held."""
        self._round += 1
        token = self._round
        if self._watchdog is not None:
            self._watchdog.stop()
        self._watchdog = self.set_timer(WATCHDOG, lambda: self._round_done(token))
        self._marker(token, self._path(), 0)

    def _marker(self, token: int, path: list[MessagePump], index: int) -> None:
        if token != self._round:
            return
        while index < len(path):
            if path[index].call_later(self._marker, token, path, index + 1):
                return
            index += 1  # a widget gone meanwhile: skip it
        self.call_later(self._round_done, token)  # decide in the app's own task

    def _round_done(self, token: int) -> None:
        if token != self._round:
            return
        self._round += 1  # late markers and the watchdog of this round are ignored from now
        if self._watchdog is not None:
            self._watchdog.stop()
            self._watchdog = None
        self._rounds += 1
        try:
            settled = self.screen.is_mounted and not any(_pending(p) for p in self._pumps())
        except ScreenStackError:  # the app is closing
            settled = True
        if not settled and self._rounds < MAX_ROUNDS:
            self._start_round()
            return
        self.call_later(self._take)
