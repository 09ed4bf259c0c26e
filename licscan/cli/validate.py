"""`licscan validate FILE...`: the official SBOM libraries' verdict on SBOM files.

Exit 0 when every file is valid, 1 when one is not, 2 when one cannot be read or is not an
SBOM of a format licscan knows (CycloneDX JSON, SPDX 2 JSON, SPDX 3 JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.commands import errors, stdout
from licscan.cli.text import escape
from licscan.errors import InputError

MAX_SBOM_BYTES = 1 << 30  # a larger file is refused: the libraries hold it whole, several times


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="SBOM files: CycloneDX JSON, SPDX 2 JSON or SPDX 3 JSON-LD.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON line per file instead of text.")
    ] = False,
) -> None:
    """Ask the official SBOM libraries whether SBOM files are valid: exit 1 when one is not.

    CycloneDX JSON: cyclonedx-python-lib's strict schema; SPDX 2 JSON: spdx-tools' parser and
    full validation; SPDX 3 JSON-LD: spdx-python-model's deserializer."""
    from licscan import api

    invalid = False
    with errors():
        for path in files:
            verdict = api.check_sbom(_read(path), str(path))
            invalid = invalid or not verdict.valid
            if json_output:
                line = {
                    "file": str(path),
                    "format": verdict.format,
                    "library": verdict.library,
                    "valid": verdict.valid,
                    "problems": list(verdict.problems),
                }
                typer.echo(json.dumps(line, ensure_ascii=False, sort_keys=True))
                continue
            state = "valid" if verdict.valid else "[bold red]INVALID[/]"
            stdout.print(
                f"{escape(path)}: {state} {escape(verdict.format)} ({escape(verdict.library)})",
                highlight=False,
            )
            for problem in verdict.problems:
                stdout.print(f"  - {escape(problem)}", highlight=False, soft_wrap=True)
    if invalid:
        raise SystemExit(1)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SBOM_BYTES:
            raise InputError(f"{path} holds {size:,} bytes: licscan validates SBOMs up to 1 GiB")
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
