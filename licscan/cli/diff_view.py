"""What `licscan diff` prints: per pair a table of component changes and the findings
new and gone, then the outcome. The words come from the render stage (`render.diff`)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from licscan.cli.text import escape
from licscan.errors import UsageError
from licscan.judge import Comparison, Diff
from licscan.model import Finding
from licscan.read import same_file
from licscan.render import diff as pieces
from licscan.render import render_diff, render_diff_page, write_files

_CHANGE_STYLE = {"removed": "green", "added": "yellow"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _finding_line(console: Console, label: str, finding: Finding, violation: bool) -> None:
    severity = finding.severity.value
    console.print(
        f"{label}: [{_SEVERITY_STYLE[severity]}]{severity}[/] [bold]{escape(finding.id)}[/] "
        f"{escape(finding.component or '(distribution)')}"
        f"{' [red]VIOLATION[/]' if violation else ''}: "
        f"{escape(finding.message)}",
        highlight=False,
    )


def _show_pair(console: Console, diff: Diff) -> None:
    console.print(f"[bold]{escape(pieces.heading(diff))}[/]", highlight=False)
    if diff.old is None or diff.new is None:  # compared with nothing: the count, violations
        console.print(f"{len(diff.added or diff.removed)} components", highlight=False)
        for f in diff.new_violations:
            _finding_line(console, "finding", f, True)
        return
    if diff.empty:
        console.print("[green]no differences[/]")
        return
    rows = pieces.component_rows(diff)
    if rows:
        table = Table(header_style="bold")
        for column in ("change", "component", "OLD", "NEW"):
            table.add_column(column, overflow="fold")
        for change, name, old, new in rows:
            style = _CHANGE_STYLE.get(change, "cyan")
            table.add_row(f"[{style}]{change}[/]", escape(name), escape(old), escape(new))
        console.print(table)
    else:
        console.print("components: no differences")
    for change, f in pieces.finding_rows(diff):
        _finding_line(console, f"{change} finding", f, f in diff.new_violations)


def show_diff(
    console: Console, comparison: Comparison, *, fail_on_new_license: bool = False
) -> None:
    for index, diff in enumerate(comparison.diffs):
        if len(comparison.diffs) > 1:
            console.rule(f"installation {index + 1} of {len(comparison.diffs)}")
        _show_pair(console, diff)
    console.print()
    failing = comparison.fails(fail_on_new_license=fail_on_new_license)
    for line in pieces.outcome(comparison, fail_on_new_license=fail_on_new_license):
        style = "bold red" if failing and line.startswith("diff:") else ""
        console.print(f"[{style}]{escape(line)}[/]" if style else escape(line), highlight=False)


def refuse_inputs(html: Path | None, inputs: tuple[str, str]) -> None:
    """`--html FILE` naming OLD or NEW would overwrite that distribution with the page."""
    if html is None or not html.exists():
        return
    for given in inputs:
        if given != "-" and same_file(given, html):
            raise UsageError(f"--html {html} is an input: give another file for the page")


def write_diff(
    comparison: Comparison,
    html: Path | None,
    folder: Path | None,
    *,
    fail_on_new_license: bool = False,
) -> list[Path]:
    """`--html FILE` and `-o DIR` (DIR/diff.json, DIR/diff.html), written atomically."""
    files: dict[Path, bytes] = {}
    if html is not None or folder is not None:
        page = render_diff_page(comparison, fail_on_new_license=fail_on_new_license)
        if html is not None:
            files[html] = page
        if folder is not None:
            files[folder / "diff.json"] = render_diff(
                comparison, fail_on_new_license=fail_on_new_license
            )
            files[folder / "diff.html"] = page
    return write_files(files) if files else []
