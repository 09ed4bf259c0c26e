"""`licscan db FILE [--component X] [--license Y] [--finding Z] [--json]`: which stored
archives contain a component, a license or a finding (the store `--db` fills).

One row per stored installation that matches every option given (all of them without one):
a table, or JSON Lines with `--json`. The SQL behind it is in `data/store-schema.md`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from licscan.cli.text import escape
from licscan.errors import InputError
from licscan.render import StoredInstallation, open_store

STYLES = {"pass": "green", "needs review": "yellow", "fails policy": "bold red"}


def query(
    path: Path,
    component: str | None,
    license_id: str | None,
    finding: str | None,
) -> list[StoredInstallation]:
    """The stored installations matching every criterion given, by input path and root."""
    if not path.is_file() or path.stat().st_size == 0:
        raise InputError(f"{path}: no licscan store there (scan with --db {path} to fill one)")
    with open_store(path) as store:
        found = list(store.installations())
        for wanted, lookup in (
            (component, store.with_component),
            (license_id, store.with_license),
            (finding, store.with_finding),
        ):
            if wanted is not None:
                ids = {s.id for s in lookup(wanted)}
                found = [s for s in found if s.id in ids]
    return found


def _object(row: StoredInstallation) -> dict[str, object]:
    return {
        "path": row.path,
        "sha256": row.sha256,
        "file_name": row.file_name,
        "root": row.root,
        "python_version": row.python_version,
        "target_triple": row.target_triple,
        "release": row.release,
        "verdict": row.verdict,
        "passed": row.passed,
        "policy": row.policy,
    }


def show(console: Console, rows: list[StoredInstallation], json_output: bool) -> None:
    if json_output:
        for row in rows:
            line = json.dumps(_object(row), ensure_ascii=False, separators=(",", ":"))
            sys.stdout.buffer.write(line.encode("utf-8", "backslashreplace") + b"\n")
        sys.stdout.buffer.flush()
        return
    table = Table(header_style="bold", title_justify="left", title=f"{len(rows)} installations")
    for column in ("input", "installation", "python", "triple", "release", "verdict"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            escape(row.path),
            escape(row.root or "."),
            escape(row.python_version or "?"),
            escape(row.target_triple or "?"),
            escape(row.release_text),
            f"[{STYLES.get(row.verdict, 'yellow')}]{escape(row.verdict)}[/]",
        )
    if not console.is_terminal:
        console = Console(file=console.file, width=max(console.width, 240), color_system=None)
    console.print(table)
