"""`licscan strip INPUT -o OUTPUT`: a copy of the distribution without the removable code that
brings a denied license, a source offer or a disputed license; the copy re-scanned."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from licscan.cli import console as console_view
from licscan.cli.text import escape, one_line
from licscan.errors import LicscanError

_LOSSES = {
    "_dbm": "dbm.ndbm is gone; dbm.open() falls back to dbm.dumb (or dbm.sqlite3 on 3.13+) for "
    "new files and cannot open existing ndbm/Berkeley DB files",
}


def strip(
    source: Annotated[
        Path, typer.Argument(help="A PBS .tar.zst / .tar.gz / .tar archive or a folder.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write the stripped copy (same container as INPUT)."
        ),
    ],
    remove: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(
            "--remove",
            help="A component key (bdb) or extension (_dbm) to remove (repeatable). Default: "
            "what the policy denies, plus source offers and disputed licenses.",
        ),
    ] = None,
    policy: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--policy", "-p", help="Policy TOML file (default: the built-in policy)."),
    ] = None,
) -> None:
    """Copy a distribution without its removable extension modules; exit 0 when the copy passes."""
    from rich.console import Console

    from licscan import api
    from licscan.judge import default_policy, load_policy

    stdout, stderr = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    try:
        chosen = load_policy(policy) if policy is not None else default_policy()
        result = api.strip(source, output, remove=remove or (), policy=chosen, today=date.today())
    except LicscanError as error:
        stderr.print(f"[bold red]licscan:[/] {one_line(error)}", highlight=False, soft_wrap=True)
        raise typer.Exit(error.exit_code) from None
    for removal in result.plan.removals:
        stdout.print(f"removed {escape(removal.why)}:", highlight=False)
        for member in removal.members:
            stdout.print(f"  {escape(member)}", highlight=False)
        if removal.extension in _LOSSES:
            stdout.print(f"  what users lose: {_LOSSES[removal.extension]}", highlight=False)
    stdout.print(f"wrote {escape(result.output)}; re-scanned:", highlight=False)
    console_view.show_outcome(stdout, result.after.verdict)
    if not result.after.verdict.passed:
        raise typer.Exit(1)
