"""The `licscan` command, a thin layer over the library API (`licscan.api`).

Takes command-line arguments; gives tables, report files and exit codes (0 clean, 1 policy
violations, 2 bad input or usage). `console` draws the tables, `example` writes the bundled
example archive.
"""

from licscan.cli.app import app, main

__all__ = ["app", "main"]
