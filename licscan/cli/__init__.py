"""The `licscan` command, a thin layer over the library API (`licscan.api`).

Takes command-line arguments; gives tables, report files and exit codes (0 clean, 1 policy
violations, 2 bad input or usage). `app` is the typer application, `console` draws the
tables, `example` writes the bundled example archive.
"""

from __future__ import annotations

import gc
import sys

from licscan.version import __version__


def main() -> None:
    """Console entry point. `--version` answers before typer and rich are even imported."""
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"licscan {__version__}\n")
        return
    for stream in (sys.stdout, sys.stderr):  # a lone surrogate in a name must not crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    gc.disable()  # start-up allocates ~10^5 long-lived objects (modules, classes, regexes):
    try:  # collecting them as they come costs 0.01-0.02 s of CPU and frees nothing
        from licscan.cli.app import run
    finally:
        gc.freeze()  # and later collections need not walk them again
        gc.enable()
    run()
