"""A plain `scan` or `check` command line, read without typer (0.02-0.03 s of CPU to import
and to build its commands): `licscan scan --json A.tar.zst`, `licscan check -f sarif -o X A`.

`parse` accepts only what it reads exactly as typer does: the command, its inputs, and the
options below, each at most once, its value the next argument. Anything else (`--help`,
`--opt=value`, `--jobs`, `--limit`, `--`, an unreadable path, ...) gives None, and typer
reads the line, its errors and help its own.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import Any

_FLAGS = {"--allow-unknown-format": "allow_unknown_format"}
_VALUES = {
    "-p": "policy",
    "--policy": "policy",
    "-o": "output",
    "--output": "output",
    "--name": "name",
    "--db": "db",
}
_COMMANDS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "scan": ({**_FLAGS, "--json": "json_output"}, _VALUES),
    "check": (_FLAGS, {**_VALUES, "-f": "fmt", "--format": "fmt"}),
}
_PATHS = ("policy", "output", "db")


def parse(argv: list[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, its keyword arguments) for a plain command line; None for typer."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    flags, values = _COMMANDS[argv[0]]
    found: dict[str, Any] = {}
    inputs: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if token == "-" or not token.startswith("-"):
            inputs.append(token)
            continue
        key = flags.get(token) or values.get(token)
        if key is None or key in found:
            return None  # unknown to this reader, or given twice (typer takes the last)
        if token in flags:
            found[key] = True
            continue
        value = next(rest, None)
        if value is None or not value or (value.startswith("-") and value != "-"):
            return None
        found[key] = value
    if not inputs:
        return None
    for key in _PATHS:
        if key in found:
            if not _plain_path(found[key]):
                return None
            found[key] = Path(found[key])
    return argv[0], {"inputs": inputs, **found}


def _plain_path(value: str) -> bool:
    """A path typer passes on as `Path(value)`: one that is missing or readable (it refuses
    an unreadable one with its own message)."""
    try:
        os.stat(value)
    except OSError:
        return True
    except ValueError:
        return False
    return os.access(value, os.R_OK)


def run(command: str, arguments: dict[str, Any]) -> None:
    """Run a parsed command as typer would: its exit code, a closed pipe as click ends it."""
    from licscan.cli import commands

    try:
        try:
            getattr(commands, command)(**arguments)
            sys.stdout.flush()
        except KeyboardInterrupt:  # outside the command's own handling: as click says it
            sys.stderr.write("\nAborted!\n")
            raise SystemExit(1) from None
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        _quiet_pipes()  # stdout's reader has gone: click exits 1 and says nothing
        raise SystemExit(1) from None


def _quiet_pipes() -> None:
    """What click does on a broken pipe: later flushes of stdout and stderr say nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())
