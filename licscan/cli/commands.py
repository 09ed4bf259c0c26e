"""The bodies of `scan` and `check`, and what every command shares (its consoles, its error
handling), apart from the typer declarations in `app.py`, which call them with typer's values.
An exit code leaves as `SystemExit`, which typer passes on as it does its own `Exit`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.cli import console as console_view
from licscan.cli import many, multi
from licscan.cli.lazy_console import lazy_console
from licscan.cli.multi import GATE_CHOICES, gate_document, show_check
from licscan.cli.text import escape, one_line
from licscan.errors import LicscanError, UsageError
from licscan.render import write_files

if TYPE_CHECKING:
    from licscan.model import Report

stdout = lazy_console(soft_wrap=True)  # rich only when something is printed
stderr = lazy_console(stderr=True, soft_wrap=True)


@contextmanager
def errors() -> Iterator[None]:
    """A licscan error as one line on stderr and its exit code; Ctrl-C as 130."""
    try:
        yield
    except LicscanError as error:
        stderr.print(f"[bold red]licscan:[/] {one_line(error)}", highlight=False, soft_wrap=True)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        stderr.print("licscan: interrupted")
        raise SystemExit(130) from None


def heading(report: Report, reports: list[Report]) -> None:
    if len(reports) > 1:
        stdout.rule(f"installation at {escape(report.inventory.archive.root or '.')}")


def gate_format(fmt: str) -> str:
    if fmt not in GATE_CHOICES:
        raise UsageError(f"unknown check format {fmt!r}: choose one of {', '.join(GATE_CHOICES)}")
    return fmt


def scan(
    inputs: list[str],
    json_output: bool = False,
    output: Path | None = None,
    policy: Path | None = None,
    allow_unknown_format: bool = False,
    name: str | None = None,
    db: Path | None = None,
    jobs: int | None = None,
    dask_scheduler: str | None = None,
    limit: list[str] | None = None,
) -> None:
    """`licscan scan`."""
    from licscan import api

    with errors():
        run = many.Run(
            inputs, policy, allow_unknown_format, name, db, jobs, dask_scheduler, limits=limit
        )
        run.refuse_output(output)
        if not run.single:
            multi.scan_many(run, json_output, output, stdout, stderr)
        reports = list(run.build(run.refs[0], stderr))
        if json_output:
            docs = [api.render_report(r, "json") for r in reports]
            data = docs[0] if len(docs) == 1 else b"[\n" + b",\n".join(docs) + b"\n]\n"
            if output is None or str(output) == "-":
                sys.stdout.buffer.write(data)
            else:
                write_files({output: data})
            return
        for report in reports:
            heading(report, reports)
            console_view.show_inventory(stdout, report)
            console_view.show_findings(stdout, report.verdict)


def check(
    inputs: list[str],
    policy: Path | None = None,
    allow_unknown_format: bool = False,
    fmt: str = "text",
    output: Path | None = None,
    name: str | None = None,
    db: Path | None = None,
    jobs: int | None = None,
    dask_scheduler: str | None = None,
    limit: list[str] | None = None,
) -> None:
    """`licscan check`."""
    with errors():
        gate_format(fmt)
        run = many.Run(
            inputs, policy, allow_unknown_format, name, db, jobs, dask_scheduler, limits=limit
        )
        run.refuse_output(output)
        if not run.single:
            multi.check_many(run, fmt, output, stdout, stderr)
        reports = list(run.build(run.refs[0], stderr))
        if output is not None and str(output) != "-":
            write_files({output: gate_document(reports, fmt)})
            show_check(stdout, reports)  # the CI log still shows the outcome
            stdout.print(f"wrote {escape(output)}", highlight=False)
        elif fmt == "text":
            show_check(stdout, reports)
        else:
            sys.stdout.buffer.write(gate_document(reports, fmt))
            sys.stdout.buffer.flush()
        if not all(r.verdict.passed for r in reports):
            raise SystemExit(1)
