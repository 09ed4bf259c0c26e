"""A rich Console made on first use: `licscan scan --json` and `check -f json` never import rich.

rich costs about 0.04 s of CPU to import, a tenth of a small archive's whole scan; a command
whose output is JSON and whose stderr is not a terminal prints nothing through it. The proxy
builds the real `Console` (with the arguments it was given) the first time anything of it is
used; until then `is_terminal` answers False without rich when rich itself would: no
`TTY_COMPATIBLE` or `FORCE_COLOR` in the environment and a stream that is not a terminal.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from rich.console import Console


class _LazyConsole:
    """Stands for `Console(**options)`; every attribute but `is_terminal` is the real one's."""

    def __init__(self, **options: Any) -> None:
        self.__dict__["_options"] = options
        self.__dict__["_real"] = None

    def _console(self) -> Console:
        real: Console | None = self.__dict__["_real"]
        if real is None:
            from rich.console import Console

            real = Console(**self.__dict__["_options"])
            self.__dict__["_real"] = real
        return real

    @property
    def is_terminal(self) -> bool:
        if self.__dict__["_real"] is None and not _may_be_terminal(self.__dict__["_options"]):
            return False
        return self._console().is_terminal

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._console(), name, value)


def _may_be_terminal(options: dict[str, Any]) -> bool:
    """False only where rich's `Console.is_terminal` is False too: no forcing option or
    environment variable, and a stream that says it is not a terminal."""
    if set(options) - {"stderr", "soft_wrap"}:
        return True
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return True
    stream = sys.stderr if options.get("stderr") else sys.stdout
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is None or bool(isatty())
    except ValueError:  # a closed stream: let rich answer
        return True


def lazy_console(**options: Any) -> Console:
    """A Console of these options (rich's keyword arguments), built when first used."""
    return cast("Console", _LazyConsole(**options))
