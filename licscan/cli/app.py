"""The `licscan` command: a thin layer over the library API.

Exit codes: 0 clean, 1 policy violations found, 2 bad input or usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from licscan.cli import commands, fast_params, many, multi
from licscan.cli import console as console_view
from licscan.cli.commands import errors as _errors
from licscan.cli.commands import heading as _heading
from licscan.cli.commands import stderr, stdout
from licscan.cli.fleet_options import JobsOpt, SchedulerOpt
from licscan.cli.limits import LimitOpt, build_reports
from licscan.cli.multi import GATE_CHOICES
from licscan.cli.multi import report_files as _report_files
from licscan.cli.strip import strip as _strip
from licscan.cli.text import escape
from licscan.cli.validate import validate as _validate
from licscan.errors import UsageError
from licscan.render import (
    FORMATS,
    archive_stem,
    default_report_dir,
    write_files,
)
from licscan.version import __version__

fast_params.install()

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="License compliance scanner for python-build-standalone CPython distributions.",
)

ArchiveArg = Annotated[
    Path, typer.Argument(help="A PBS .tar.zst / .tar.gz archive or an unpacked directory.")
]
InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="PBS archives (.tar.zst / .tar.gz / .tar), unpacked distributions or installations, "
        "folders holding them (searched recursively), - for an archive on stdin, or URLs "
        "(https://, s3://, any fsspec protocol; pip install 'licscan\\[urls]').",
        show_default=False,
    ),
]
NameOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--name",
        help="The asset name of the archive on stdin (-), read for its release and platform.",
    ),
]
PolicyOpt = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option("--policy", "-p", help="Policy TOML file (default: the built-in policy)."),
]
DbOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--db",
        help="SQLite results store: record every input's inventory, findings and verdict; "
        "inputs already stored (same sha256) are skipped, their stored verdict counts.",
    ),
]
UnknownFormatOpt = Annotated[
    bool,
    typer.Option(
        "--allow-unknown-format",
        help="Read a PYTHON.json format version newer than licscan knows, best effort.",
    ),
]


@app.command()
def scan(
    inputs: InputsArg,
    json_output: Annotated[
        bool, typer.Option("--json", help="Write the inventory as JSON instead of a table.")
    ] = False,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="With --json: write to this file, not stdout."),
    ] = None,
    policy: PolicyOpt = None,
    allow_unknown_format: UnknownFormatOpt = False,
    name: NameOpt = None,
    db: DbOpt = None,
    jobs: JobsOpt = None,
    dask_scheduler: SchedulerOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Inventory archives: components, licenses, license files, findings."""
    commands.scan(
        inputs,
        json_output,
        output,
        policy,
        allow_unknown_format,
        name,
        db,
        jobs,
        dask_scheduler,
        limit,
    )


@app.command()
def check(
    inputs: InputsArg,
    policy: PolicyOpt = None,
    allow_unknown_format: UnknownFormatOpt = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text (default), json, sarif or junit: the gate result for CI."
        ),
    ] = "text",
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", help="Write the result to this file (atomically), not stdout."
        ),
    ] = None,
    name: NameOpt = None,
    db: DbOpt = None,
    jobs: JobsOpt = None,
    dask_scheduler: SchedulerOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Judge archives against a policy: exit 0 clean, 1 violations, 2 bad input."""
    commands.check(
        inputs, policy, allow_unknown_format, fmt, output, name, db, jobs, dask_scheduler, limit
    )


@app.command()
def report(
    inputs: InputsArg,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Report folder (default: next to the archive); '-' with one format: stdout.",
        ),
    ] = None,
    formats: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--format", "-f", help="json, notice, cyclonedx, spdx, spdx3, html (repeatable)."
        ),
    ] = None,
    policy: PolicyOpt = None,
    allow_unknown_format: UnknownFormatOpt = False,
    gate_formats: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--gate-format",
            "-g",
            help="Also write the gate result (text, json, sarif, junit; repeatable) into the "
            "folder: <archive>.check.txt/.json/.sarif/.junit.xml, all installations in one.",
        ),
    ] = None,
    name: NameOpt = None,
    db: DbOpt = None,
    jobs: JobsOpt = None,
    dask_scheduler: SchedulerOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Write NOTICE, CycloneDX and SPDX SBOMs, the legal-review HTML page and JSON."""
    chosen = formats or list(FORMATS)
    gates = gate_formats or []
    bad_gate = [g for g in gates if g not in GATE_CHOICES]
    if bad_gate:
        stderr.print(
            f"licscan: unknown gate format {escape(repr(bad_gate[0]))}; choose from "
            f"{', '.join(GATE_CHOICES)}"
        )
        raise typer.Exit(2)
    if output == "-" and gates:
        stderr.print("licscan: -o - writes one report to stdout; --gate-format needs -o DIR")
        raise typer.Exit(2)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        stderr.print(
            f"licscan: unknown format {escape(repr(unknown[0]))}; choose from {', '.join(FORMATS)}"
        )
        raise typer.Exit(2)
    if output == "-" and len(chosen) != 1:
        stderr.print("licscan: -o - writes one format to stdout; pick it with -f FORMAT")
        raise typer.Exit(2)
    from licscan import api

    with _errors():
        run = many.Run(
            inputs, policy, allow_unknown_format, name, db, jobs, dask_scheduler, limits=limit
        )
        if not run.single:
            multi.report_many(run, output, chosen, gates, stdout, stderr)
        ref = run.refs[0]
        reports = list(run.build(ref, stderr))
        if output == "-":
            if len(reports) != 1:
                raise UsageError(
                    f"{ref.label} holds {len(reports)} Python installations: -o - writes one "
                    "report to stdout; give a folder with -o DIR"
                )
            sys.stdout.buffer.write(api.render_report(reports[0], chosen[0]))
            return
        here = ref.stdin or ref.url  # no folder to write next to: the current one
        stem = run.stems[0] if here else archive_stem(Path(ref.path).name)
        if output:
            folder = Path(output)
        else:
            folder = Path(f"{stem}.licscan") if here else default_report_dir(ref.path)
        files, pages = _report_files(reports, folder, stem, chosen, gates)
        if len(reports) > 1 and "html" in chosen:  # an index page of the review pages
            files[folder / "index.html"] = multi.installations_index(
                ref.label, reports, pages, folder
            )
        for path in write_files(files):
            stdout.print(f"wrote {escape(path)}", highlight=False)
        for built in reports:
            _heading(built, reports)
            console_view.show_outcome(stdout, built.verdict)


@app.command()
def example(
    output: Annotated[Path, typer.Argument(help="Where to write the example .tar.zst.")],
) -> None:
    """Write the bundled example: a small PBS-style macOS CPython 3.11 full archive."""
    from licscan.cli.example import write_example

    with _errors():
        written = write_example(output)
        stdout.print(f"wrote {escape(written)}", highlight=False)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The OLD archive, folder, URL or - (stdin).")],
    new: Annotated[str, typer.Argument(help="The NEW archive, folder, URL or - (stdin).")],
    json_output: Annotated[
        bool, typer.Option("--json", help="Write the diff as JSON (licscan/diff/1).")
    ] = False,
    fail_on_new_license: Annotated[
        bool,
        typer.Option(
            "--fail-on-new-license",
            help="Also exit 1 when shipped code in NEW has a license id OLD had not.",
        ),
    ] = False,
    policy: PolicyOpt = None,
    allow_unknown_format: UnknownFormatOpt = False,
    html: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--html", help="Also write the diff as a page in the review page's style."),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Also write DIR/diff.json and DIR/diff.html."),
    ] = None,
    limit: LimitOpt = None,
) -> None:
    """Compare two archives: exit 1 when NEW brings a policy violation OLD had not."""
    from licscan import api
    from licscan.cli.diff_view import refuse_inputs, show_diff, write_diff

    with _errors():
        if old == new == "-":
            raise UsageError("stdin (-) can be read only once: give - as OLD or NEW, not both")
        refuse_inputs(html, (old, new))
        comparison = api.diff_all(
            build_reports(old, policy, allow_unknown_format, limit, stderr),
            build_reports(new, policy, allow_unknown_format, limit, stderr),
        )
        if json_output:
            document = api.render_diff(comparison, fail_on_new_license=fail_on_new_license)
            sys.stdout.buffer.write(document)
            sys.stdout.buffer.flush()
        else:
            show_diff(stdout, comparison, fail_on_new_license=fail_on_new_license)
        for path in write_diff(comparison, html, output, fail_on_new_license=fail_on_new_license):
            (stderr if json_output else stdout).print(f"wrote {escape(path)}", highlight=False)
        if comparison.fails(fail_on_new_license=fail_on_new_license):
            raise typer.Exit(1)


@app.command("db")
def db_query(
    store: Annotated[Path, typer.Argument(help="A results store written with --db FILE.")],
    component: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--component", "-c", help="Only installations with this component key/name."),
    ] = None,
    license_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--license", "-l", help="Only those with this SPDX id (declared/concluded)."),
    ] = None,
    finding: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--finding", help="Only those with this open finding id."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Write JSON Lines.")] = False,
) -> None:
    """Which stored archives contain a component, a license or a finding."""
    from licscan.cli import db_view

    with _errors():
        rows = db_view.query(store, component, license_id, finding)
        db_view.show(stdout, rows, json_output)


app.command(name="strip")(_strip)
app.command(name="validate")(_validate)


def _version(value: bool) -> None:
    if value:
        stdout.print(f"licscan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """License compliance scanner for python-build-standalone CPython distributions."""


def run() -> None:
    """The typer application, on sys.argv."""
    app()
