"""`scan`, `check` and `report` over several inputs (`licscan check A B DIR -`), and the
pieces the one-input commands share with them: the check text, the gate document, the files
of one input's report set.

Each input is scanned in turn (`many.Run.each`); a bad input gets its error line and the
others go on; the summary table ends the output; the exit code is the worst over all inputs.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.cli import console as console_view
from licscan.cli.many import Outcome, Run, json_lines, show_summary
from licscan.cli.text import escape
from licscan.errors import OutputError, UsageError
from licscan.render import (
    FORMATS,
    GATE_FORMATS,
    Content,
    report_paths,
    write_files,
)

if TYPE_CHECKING:
    from rich.console import Console

    from licscan.model import Report
    from licscan.render import IndexEntry

GATE_CHOICES = ("text", *GATE_FORMATS)
GATE_SUFFIXES = {"text": ".check.txt", **{n: f.suffix for n, f in GATE_FORMATS.items()}}


def title(outcome: Outcome, report: Report) -> str:
    """The heading of one installation of one of several inputs."""
    if len(outcome.reports) == 1:
        return outcome.ref.label
    return f"{outcome.ref.label}: installation at {report.inventory.archive.root or '.'}"


def titles_of(outcomes: list[Outcome]) -> list[str]:
    return [title(o, r) for o in outcomes for r in o.reports]


def scan_many(run: Run, json_output: bool, output: Path | None, out: Console, err: Console) -> None:
    """scan with several inputs: tables per input, or JSON Lines; then the summary."""
    from licscan.render import json_line

    to_stdout = json_output and (output is None or str(output) == "-")
    lines: list[bytes] = []
    run.light = json_output and run.keeper is None  # workers render the JSON Lines
    for outcome in run.each(err):
        if json_output:
            if outcome.lines is not None:  # rendered by a worker
                data = outcome.lines
            elif outcome.stored and run.keeper is not None:  # --db: as it was stored
                data = json_lines(run.keeper.documents(outcome.stored))
            else:
                data = b"".join(json_line(r) for r in outcome.reports)
            if to_stdout:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            lines.append(data)
            continue
        for report in outcome.reports:
            out.rule(escape(title(outcome, report)))
            console_view.show_inventory(out, report)
            console_view.show_findings(out, report.verdict)
    if json_output and not to_stdout:
        assert output is not None
        write_files({output: b"".join(lines)})
    show_summary(err if to_stdout else out, run.outcomes)
    raise SystemExit(run.exit_code(gate=False))


def show_check(console: Console, reports: list[Report], titles: list[str] | None = None) -> None:
    for n, report in enumerate(reports):
        if titles is not None:
            console.rule(escape(titles[n]))
        elif len(reports) > 1:
            console.rule(f"installation at {escape(report.inventory.archive.root or '.')}")
        console_view.show_findings(console, report.verdict, grouped=True)
        console_view.show_outcome(console, report.verdict)


def gate_document(
    reports: list[Report],
    fmt: str,
    titles: list[str] | None = None,
    bad_inputs: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The gate result in `fmt`: "text" is what `licscan check` prints, without colour."""
    if fmt == "text":
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(file=buffer, width=100, color_system=None, soft_wrap=True)
        show_check(console, reports, titles)
        for label, error in bad_inputs:
            console.print(f"bad input {escape(label)}: {escape(error)}", highlight=False)
        return buffer.getvalue().encode("utf-8", "backslashreplace")
    from licscan import api

    return api.render_gate(reports, fmt, bad_inputs)


def check_many(run: Run, fmt: str, output: Path | None, out: Console, err: Console) -> None:
    """check with several inputs: one gate document for all; then the summary."""
    to_file = output is not None and str(output) != "-"
    text = fmt == "text" or to_file  # the outcome on out, as for one input
    for outcome in run.each(err):
        if text:
            show_check(out, list(outcome.reports), [title(outcome, r) for r in outcome.reports])
    reports, titles = run.reports, titles_of(run.outcomes)
    bad = [(o.ref.label, o.error) for o in run.outcomes if o.error is not None]
    if reports and to_file:
        assert output is not None
        write_files({output: gate_document(reports, fmt, titles, bad)})
        out.print(f"wrote {escape(output)}", highlight=False)
    elif reports and not text:
        sys.stdout.buffer.write(gate_document(reports, fmt, titles, bad))
        sys.stdout.buffer.flush()
    show_summary(out if text else err, run.outcomes)
    raise SystemExit(run.exit_code(gate=True))


def report_files(
    reports: list[Report], folder: Path, stem: str, chosen: list[str], gates: list[str]
) -> tuple[dict[Path, Content], list[Path | None]]:
    """The report files of one input in `folder` (a subfolder per installation when it holds
    several), the gate results for all of them, and each installation's review page."""
    from licscan import api

    files: dict[Path, Content] = {}
    pages: list[Path | None] = []
    for built in reports:
        place, name = folder, stem
        if len(reports) > 1:  # one subfolder per installation, named after its path
            name = slug(built.inventory.archive.root)
            place = folder / name
        paths = report_paths(place, name, [(n, FORMATS[n][1]) for n in chosen])
        # rendered as each file is written: one format in memory at a time
        files.update({paths[n]: partial(api.render_report, built, n) for n in chosen})
        pages.append(paths.get("html"))
    # the gate result: one file for all installations
    files.update({folder / f"{stem}{GATE_SUFFIXES[g]}": gate_document(reports, g) for g in gates})
    return files, pages


def installations_index(
    label: str, reports: list[Report], pages: list[Path | None], folder: Path
) -> bytes:
    """The index page of one container's installations (one row each), in `folder`."""
    from licscan.render import IndexEntry, render_index  # the store's too: only when needed

    entries = [
        IndexEntry(label, built, page.relative_to(folder).as_posix() if page else None)
        for built, page in zip(reports, pages, strict=True)
    ]
    return render_index(entries)


def report_many(
    run: Run,
    output: str | None,
    chosen: list[str],
    gates: list[str],
    out: Console,
    err: Console,
) -> None:
    """report with several inputs: a subfolder of DIR per input, then DIR/index.html."""
    if not output or output == "-":
        many = f"{len(run.refs)} inputs" if len(run.refs) > 1 else "with --db"
        raise UsageError(
            f"{many}: give the report folder with -o DIR (a subfolder per "
            "input, and DIR/index.html listing them)"
        )
    from licscan.render import IndexEntry, render_index

    folder = Path(output)
    entries: list[IndexEntry] = []
    for outcome in run.each(err):
        if outcome.error is not None:
            entries.append(IndexEntry(outcome.ref.label, error=outcome.error))
            continue
        if outcome.stored:  # --db: reported by an earlier run; its row from the store
            entries.extend(IndexEntry(outcome.ref.label, stored=s) for s in outcome.stored)
            continue
        place = folder / outcome.stem
        files, pages = report_files(list(outcome.reports), place, outcome.file_stem, chosen, gates)
        try:
            written = write_files(files)
        except OutputError as error:
            run.failed(outcome, error, err)
            entries.append(IndexEntry(outcome.ref.label, error=str(error)))
            continue
        out.print(f"wrote {len(written)} files into {escape(place)}", highlight=False)
        for built, page in zip(outcome.reports, pages, strict=True):
            review = page.relative_to(folder).as_posix() if page is not None else None
            entries.append(IndexEntry(outcome.ref.label, built, review))
    index = folder / "index.html"
    write_files({index: render_index(entries)})
    out.print(f"wrote {escape(index)}", highlight=False)
    show_summary(out, run.outcomes)
    raise SystemExit(run.exit_code(gate=False))


def slug(root: str) -> str:
    """A file-name-safe name for an installation's path inside its container."""
    return re.sub(r"[^A-Za-z0-9.+_-]+", "_", root).strip("_") or "installation"
