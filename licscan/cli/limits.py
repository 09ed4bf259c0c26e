"""The `--limit NAME=VALUE` option of scan, check, report and diff (README "Limits and
hostile input"); the values are read by `licscan.read.Limits.with_options`. And the reports
of one input of `licscan diff`, read within them."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from licscan.cli import console as console_view

if TYPE_CHECKING:
    from rich.console import Console

    from licscan.model import Report

LimitOpt = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        help="Raise or lower a safety limit (repeatable), e.g. member_bytes=16G, seconds=60; "
        'over the policy\'s [limits]. README "Limits and hostile input" lists them.',
    ),
]


def build_reports(
    archive: str,
    policy: Path | None,
    allow_unknown_format: bool,
    limits: list[str] | None,
    stderr: Console,
) -> list[Report]:
    """One report per Python installation in the archive, folder or URL (usually one), or
    in the archive on stdin (`-`, read once)."""
    from licscan import api
    from licscan.judge import default_policy, load_policy
    from licscan.model import Report
    from licscan.read import is_url

    chosen = load_policy(policy) if policy is not None else default_policy()
    bounds = chosen.limits.with_options(limits or ())
    stdin = archive == "-"
    where = None if is_url(archive) or stdin else Path(archive)
    with console_view.progress(stderr, where) as progress:
        found = api.scan_all(
            sys.stdin.buffer if stdin else archive,
            progress=progress,
            allow_unknown_format=allow_unknown_format,
            limits=bounds,
        )
    return [Report(inv, api.judge(inv, chosen, today=date.today())) for inv in found]
