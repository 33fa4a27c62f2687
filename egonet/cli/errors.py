"""How the command line reports errors: one line each on stderr, a non-zero exit, no traceback.

Exit codes: 1 bad data (an :class:`EgonetError`), 2 bad usage, 70 an internal error (a bug:
the traceback goes to a crash file in the data directory, never to the screen), 130 interrupted.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click

from egonet.errors import DocumentError, EgonetError, ProtocolError, UsageError
from egonet.wire import private_file, private_folder

__all__ = ["report_errors"]

EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 1, 2, 70, 130


def _say(line: str) -> None:
    click.echo(f"error: {line}", err=True)


def _crash_file(home: Path | None) -> str:
    if home is None:
        return ""
    try:  # a traceback may show patients' data: 0600 in 0700 folders, like the store
        folder = private_folder(private_folder(home) / "crashes")
        path = private_file(folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.txt")
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        return ""
    return f"; details in {path}"


def report_errors(run: Callable[[], object], home: Callable[[], Path | None]) -> int:
    """Run the command line; turn every failure into one-line messages and an exit code."""
    try:
        result = run()
    except (ProtocolError, DocumentError) as exc:
        for problem in exc.problems:
            _say(str(problem))
        return EXIT_DATA
    except UsageError as exc:
        _say(str(exc))
        return EXIT_USAGE
    except EgonetError as exc:
        _say(str(exc))
        return EXIT_DATA
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        command = exc.ctx.command_path if isinstance(exc, click.UsageError) and exc.ctx else "egonet"
        _say(f"{exc.format_message()} (see '{command} --help')")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (egonet ... | head): not an error
        return 0
    except Exception as exc:
        _say(f"internal error, please report it: {type(exc).__name__}{_crash_file(home())}")
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0
