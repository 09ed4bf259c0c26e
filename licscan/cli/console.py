"""Terminal views for the CLI (rich): inventory table, findings, outcome, progress bar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.cli.text import escape
from licscan.model import Component, FileStatus, Report, Severity, Shipping, Verdict

if TYPE_CHECKING:  # rich is imported where a table or a bar is drawn: JSON output needs none
    from rich.console import Console

    from licscan.read import Progress as ProgressCallback

_PROGRESS_THRESHOLD = 16 * 2**20  # bytes: smaller archives read in a moment
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@contextmanager
def progress(console: Console, archive: Path | None) -> Iterator[ProgressCallback | None]:
    """A progress bar on stderr for large archives, only when stderr is a terminal (none for
    stdin: None)."""
    size = archive.stat().st_size if archive is not None and archive.is_file() else 0
    if not console.is_terminal or size < _PROGRESS_THRESHOLD:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("reading {task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with bar:
        assert archive is not None
        task = bar.add_task(escape(archive.name), total=size)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _license_files(component: Component) -> str:
    if not component.license_files:
        return "[dim]none[/]"
    states = [f.status for f in component.license_files]
    if all(s is FileStatus.PRESENT for s in states):
        return f"[green]{len(states)} present[/]"
    bad = [
        f"{f.path.rsplit('/', 1)[-1]} {f.status}"
        for f in component.license_files
        if f.status is not FileStatus.PRESENT
    ]
    return "[red]" + escape(", ".join(bad)) + "[/]"


def show_inventory(console: Console, report: Report) -> None:
    inventory = report.inventory
    release = inventory.release
    when = release.tag or (
        f"{release.earliest}..{release.latest}" if release.earliest else "unknown"
    )
    console.print(
        f"[bold]CPython {escape(inventory.python_version or '?')}[/] "
        f"{escape(inventory.target_triple or '?')} {escape(inventory.build_options or '')} - "
        f"{escape(inventory.flavor)} archive, PBS release {escape(when)} "
        f"({escape(release.source)})",
        highlight=False,
    )
    if inventory.archive.origin is not None:
        console.print(f"found in {escape(inventory.archive.origin.describe())}", highlight=False)
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in (
        "component",
        "version",
        "SPDX expression",
        "linked by",
        "shipped",
        "license files",
    ):
        table.add_column(column)
    for c in inventory.components:
        expression = escape(c.concluded.expression)
        if c.concluded.expression != c.declared.expression:
            expression += f"\n[dim](declared {escape(c.declared.expression)})[/]"
        shipped = {
            Shipping.BUNDLED: "bundled",
            Shipping.SYSTEM: "[dim]system[/]",
            Shipping.BUILD_ONLY: "build/ only",
        }[c.shipping]
        table.add_row(
            escape(c.name),
            escape(c.version or "-"),
            expression,
            escape(", ".join(c.used_by)) or "-",
            shipped,
            _license_files(c),
        )
    console.print(table)
    unreferenced = [e.file.path.rsplit("/", 1)[-1] for e in inventory.unreferenced_license_files]
    bundled = sum(c.shipping is Shipping.BUNDLED for c in inventory.components)
    console.print(
        f"{len(inventory.components)} components ({bundled} bundled), "
        f"{len(inventory.system_libraries)} system libraries, "
        f"{len(inventory.license_dir)} files in python/licenses/ "
        f"({len(unreferenced)} not referenced by linked code"
        + (f": {escape(', '.join(unreferenced))}" if unreferenced else "")
        + ")",
        highlight=False,
    )
    for note in inventory.notes:
        console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)


def show_findings(console: Console, verdict: Verdict, *, grouped: bool = False) -> None:
    if not verdict.findings:
        console.print("[green]no findings[/]")
        return
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        items = [f for f in verdict.findings if f.severity is severity]
        if not items:
            continue
        if grouped:
            console.print(
                f"\n[{_SEVERITY_STYLE[severity]}]{severity.value.upper()}S ({len(items)})[/]"
            )
        for f in items:
            tag = (
                " [dim](waived)[/]"
                if f.waiver
                else (" [red]VIOLATION[/]" if f.violates_policy else "")
            )
            console.print(
                f"[{_SEVERITY_STYLE[severity]}]{severity.value}[/] [bold]{escape(f.id)}[/]"
                f" {escape(f.component or '')}{tag}: {escape(f.message)}",
                highlight=False,
            )
            if f.remedy and severity is not Severity.INFO:
                console.print(f"    remedy: {escape(f.remedy)}", highlight=False)
            if f.waiver:
                console.print(f"    waived: {escape(f.waiver.reason)}", highlight=False)


def show_outcome(console: Console, verdict: Verdict) -> None:
    for waiver in verdict.expired_waivers:
        console.print(
            f"[yellow]expired waiver[/] {escape(waiver.component)}/{escape(waiver.finding)} "
            f"(expired {waiver.expires}): it no longer waives anything",
            highlight=False,
        )
    if verdict.passed:
        detail = "" if verdict.status == "pass" else f" ({verdict.status})"
        console.print(f"[green]policy {escape(verdict.policy_name)}: pass[/]{detail}")
    else:
        console.print(
            f"[bold red]policy {escape(verdict.policy_name)}: {len(verdict.violations)} "
            "violation(s)[/]"
        )
