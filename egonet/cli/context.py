"""What every command shares: the settings and the local store, opened only when needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from egonet.errors import StoreError, UsageError
from egonet.model import Interview, Protocol
from egonet.protocol import builtin_protocol
from egonet.store import InterviewRow, Store
from egonet.wire import private_folder

if TYPE_CHECKING:
    from egonet.settings import Settings

__all__ = ["FILE", "FOLDER", "Env", "file_option", "output_option", "pass_env"]

FILE = click.Path(dir_okay=False, path_type=Path)
"""A file argument or option (a path, not opened: the command reads it, with its own errors)."""
FOLDER = click.Path(file_okay=False, path_type=Path)
"""A folder argument or option."""


@dataclass
class Env:
    store_path: Path | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)
    _protocols: dict[tuple[str, str], Protocol] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from egonet.settings import Settings  # noqa: PLC0415

            self._settings = Settings.from_env()
        return self._settings

    def home(self) -> Path:
        """The data directory (``EGONET_HOME``): created 0700, or tightened to 0700 if it is ours."""
        home = self.settings.home
        try:
            private_folder(home)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory: {exc.strerror}", str(home)) from None
        return home

    def store(self) -> Store:
        if self._store is None:
            if self.store_path is None:
                self.home()  # the store goes in the data directory: make it private first
            self._store = Store(self.store_path or self.settings.store_path)
        return self._store

    def interview_rows(self, service: str | None = None) -> list[InterviewRow]:
        """The store's interviews (of ``service``'s patients only, if given); none is a usage error."""
        store = self.store()
        rows = [r for r in store.interviews() if service is None or store.patient_service(r.patient_code) == service]
        if not rows:
            raise UsageError(f"no interview{' for service ' + repr(service) if service else ''} in the store")
        return rows

    def protocol_of(self, interview: Interview) -> Protocol:
        """The protocol of an interview: built in, else kept in the store (opened only then); cached."""
        key = (interview.protocol_id, interview.protocol_version)
        if key not in self._protocols:
            self._protocols[key] = builtin_protocol(*key) or self.store().protocol(*key)
        return self._protocols[key]

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_env = click.make_pass_decorator(Env, ensure=True)

output_option = click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="File to write (default: standard output).",
)
"""``-o/--output FILE``: where a command writes, standard output by default (opened only when written)."""


def file_option(*names: str, help: str, **more: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@click.option(*names, type=FILE, help=help, ...)``: an option naming a file."""
    return click.option(*names, type=FILE, help=help, **more)
